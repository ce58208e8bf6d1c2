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
    for krate in ["takt-store", "takt-report", "takt-modbus"] {
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

#[test]
fn modbus_lives_only_in_the_modbus_crate() {
    for (name, deps) in dependencies() {
        if name != "takt-modbus" {
            assert!(
                !deps.iter().any(|d| d == "tokio-modbus" || d == "tokio-serial"),
                "{name} depends on Modbus"
            );
        }
    }
}

#[test]
fn the_modbus_crate_has_no_write_call() {
    // Source-level: no tokio-modbus write method is called anywhere in the crate.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/modbus/src");
    let mut files = vec![dir];
    let mut found = Vec::new();
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            for call in [
                "write_single_coil",
                "write_single_register",
                "write_multiple_coils",
                "write_multiple_registers",
                "masked_write_register",
                "read_write_multiple_registers",
            ] {
                if text.contains(&format!(".{call}(")) {
                    found.push(format!("{}: {call}", p.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
}
