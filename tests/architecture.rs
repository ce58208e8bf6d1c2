//! The boundaries of ARCHITECTURE.md, checked from `cargo metadata`: a crate that starts
//! importing what it must not fails here, not in review.

use std::collections::BTreeMap;

/// Normal (non-dev) dependencies of each workspace package.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().unwrap().to_string())
                .collect();
            (p["name"].as_str().unwrap().to_string(), deps)
        })
        .collect()
}

fn ours(deps: &[String]) -> Vec<&str> {
    deps.iter()
        .map(String::as_str)
        .filter(|d| d.starts_with("takt"))
        .collect()
}

#[test]
fn core_imports_nothing_of_ours_and_no_io() {
    let deps = dependencies();
    let core = &deps["takt-core"];
    assert_eq!(ours(core), Vec::<&str>::new());
    for io in ["rusqlite", "tokio", "tokio-modbus", "tauri", "plotters"] {
        assert!(!core.iter().any(|d| d == io), "takt-core must not depend on {io}");
    }
}

#[test]
fn engine_crates_import_only_core() {
    let deps = dependencies();
    for krate in ["takt-store", "takt-report"] {
        assert_eq!(ours(&deps[krate]), vec!["takt-core"], "{krate}");
    }
}

#[test]
fn sql_lives_only_in_the_store() {
    for (name, deps) in dependencies() {
        if name != "takt-store" {
            assert!(
                !deps.iter().any(|d| d == "rusqlite" || d == "rusqlite_migration"),
                "{name} depends on rusqlite"
            );
        }
    }
}
