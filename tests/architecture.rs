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
    for krate in ["takt-store", "takt-report", "takt-sim", "takt-chart"] {
        assert_eq!(ours(&deps[krate]), vec!["takt-core"], "{krate}");
    }
    // The Modbus side serves the simulated plant: the pure model is all it adds.
    let mut modbus = ours(&deps["takt-modbus"]);
    modbus.sort();
    assert_eq!(modbus, vec!["takt-core", "takt-sim"]);
}

/// Charts are drawn for the PDF, `takt chart` and the window alike: no I/O, and the
/// report writers place their SVG without knowing how they were drawn.
#[test]
fn charts_are_pure_and_the_writers_know_them_only_as_svg() {
    let deps = dependencies();
    for io in ["tokio", "rusqlite", "krilla", "resvg"] {
        assert!(
            !deps["takt-chart"].iter().any(|d| d == io),
            "takt-chart must not depend on {io}"
        );
    }
    assert!(!deps["takt-report"].iter().any(|d| d == "plotters"));
}

#[test]
fn the_simulated_plant_is_pure() {
    let deps = dependencies();
    for io in ["tokio", "tokio-modbus", "rusqlite"] {
        assert!(
            !deps["takt-sim"].iter().any(|d| d == io),
            "takt-sim must not depend on {io}"
        );
    }
}

#[test]
fn the_app_layer_wires_the_engine_and_knows_no_front_end() {
    let deps = dependencies();
    let app = &deps["takt-app"];
    let mut mine = ours(app);
    mine.sort();
    assert_eq!(
        mine,
        vec![
            "takt-chart",
            "takt-core",
            "takt-modbus",
            "takt-report",
            "takt-sim",
            "takt-store"
        ],
        "takt-app"
    );
    for front in ["clap", "tauri", "anyhow", "indicatif"] {
        assert!(!app.iter().any(|d| d == front), "takt-app must not depend on {front}");
    }
}

#[test]
fn sql_lives_only_in_the_store() {
    for (name, deps) in dependencies() {
        if name != "takt-store" {
            assert!(
                !deps
                    .iter()
                    .any(|d| ["rusqlite", "rusqlite_migration", "postgres", "tokio-postgres"].contains(&d.as_str())),
                "{name} depends on a database client (SQLite's or PostgreSQL's)"
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

#[test]
fn tauri_lives_only_in_the_window() {
    let deps = dependencies();
    for (name, deps) in &deps {
        let tauri: Vec<&String> = deps.iter().filter(|d| d.starts_with("tauri")).collect();
        if name != "takt" {
            assert!(tauri.is_empty(), "{name} depends on {tauri:?}");
        }
    }
    // The one plugin is the save dialog: no shell, file system, HTTP or updater plugin.
    let plugins: Vec<&String> = deps["takt"].iter().filter(|d| d.starts_with("tauri-plugin")).collect();
    assert_eq!(plugins, vec!["tauri-plugin-dialog"]);
    // In the takt package, only src-tauri/gui/ (behind the `gui` feature) names Tauri.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path != root.join("gui") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") && path != root.join("build.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains("tauri::"),
                    "{} uses Tauri outside src-tauri/gui/",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_ui_talks_to_the_backend_only_through_core_types() {
    let deps = dependencies();
    assert_eq!(ours(&deps["takt-ui"]), vec!["takt-core"]);
}

/// The window may call exactly Takt's own commands (named once, in `takt_core::api::cmd`)
/// and listen to events: no shell, file system, HTTP or other plugin permission.
#[test]
fn the_window_has_the_minimum_capabilities() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/main.json");
    let cap: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("permissions are plain identifiers").to_string())
        .collect();
    granted.sort();
    let mut expected: Vec<String> = takt_core::api::cmd::ALL
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain([
            "core:event:allow-listen".to_string(),
            "core:event:allow-unlisten".to_string(),
        ])
        .collect();
    expected.sort();
    assert_eq!(granted, expected);

    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'", "no remote content");
    for (directive, value) in csp.as_object().unwrap() {
        let value = value.as_str().unwrap();
        assert!(
            !value.contains("http:") || value == "'self' ipc: http://ipc.localhost",
            "{directive} allows remote content: {value}"
        );
        assert!(
            !value.contains("https:") && !value.contains('*'),
            "{directive} allows remote content: {value}"
        );
        assert!(
            !value.contains("unsafe-eval") || value.contains("wasm-unsafe-eval"),
            "{directive}: {value}"
        );
    }
}

/// Every `.rs` file under `dir`.
fn sources(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn core_depends_only_on_an_allowlist_of_pure_crates() {
    let mut core = dependencies()["takt-core"].clone();
    core.sort();
    // A new dependency of the engine is a decision: add it here with the reason.
    // statrs: the gamma function and the normal and chi-squared quantiles of the life
    // models (pure arithmetic, without its rand and nalgebra parts). serde_json: a report
    // row as a JSON object (`table::json_row`, what MQTT carries). url: the URL syntax of
    // `[mqtt] url` and `[central] postgres` (WHATWG's parser, no I/O). fluent-bundle and
    // unic-langid: the plant's language (Project Fluent's messages, read from the .ftl
    // files compiled in; no I/O), shared by the window, the PDF and the terminal.
    assert_eq!(
        core,
        [
            "chrono",
            "chrono-tz",
            "csv",
            "fluent-bundle",
            "serde",
            "serde_json",
            "statrs",
            "strsim",
            "thiserror",
            "toml",
            "unic-langid",
            "url"
        ],
        "takt-core's dependencies changed"
    );
}

#[test]
fn core_reads_no_clock_and_opens_no_file_or_socket() {
    let forbidden = [
        "SystemTime",
        "Instant::now",
        "Utc::now",
        "Local::now",
        "std::fs",
        "File::",
        "std::net",
        "TcpStream",
        "UdpSocket",
        "std::env",
        "std::process",
        "std::thread",
    ];
    let mut found = Vec::new();
    for p in sources(&repo().join("src-tauri/core/src")) {
        let text = std::fs::read_to_string(&p).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for f in forbidden {
                if code.contains(f) {
                    found.push(format!("{}:{}: {f}", p.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the core must be given times and data, never fetch them: {found:?}"
    );
}

#[test]
fn nothing_in_the_modbus_crate_builds_a_write_request() {
    // The simulator's server names every function code it may receive, to log them; no
    // other file may even name a write request.
    let server = repo().join("src-tauri/modbus/src/sim/server.rs");
    let mut found = Vec::new();
    for p in sources(&repo().join("src-tauri/modbus/src")) {
        if p == server {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for w in ["Request::Write", "Request::MaskWrite", "Request::ReadWrite"] {
            if text.contains(w) {
                found.push(format!("{}: {w}", p.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
}

/// The migrations that have shipped, by SHA-256 of their text (LF line ends). A shipped
/// migration never changes: databases out there have run it. Append new ones here.
const MIGRATIONS: [(&str, &str); 2] = [
    (
        "0001_initial.sql",
        "27c18c9e15cf7613c02442fc40408e466092100be94c25d4d7f47640ad12f290",
    ),
    (
        "0002_stop_split.sql",
        "f3256e66676ed577057d7cb223219d9899b89649bfb3ced019a20486beda954a",
    ),
];

#[test]
fn shipped_migrations_never_change() {
    use sha2::Digest as _;
    let dir = repo().join("src-tauri/store/migrations");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    assert!(
        names.len() >= MIGRATIONS.len(),
        "a shipped migration was removed: {names:?}"
    );
    for (i, (name, hash)) in MIGRATIONS.iter().enumerate() {
        assert_eq!(&names[i], name, "migrations are appended, never renamed or reordered");
        let text = std::fs::read_to_string(dir.join(name)).unwrap().replace("\r\n", "\n");
        let got = format!("{:x}", sha2::Sha256::digest(text.as_bytes()));
        assert_eq!(
            &got, hash,
            "{name} changed after it shipped: add a new migration instead"
        );
    }
}

/// The `.rs` files under `dir`, with their text.
fn rust_files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    out.sort();
    out
}

/// The string literals of `text`, each with the text just before it.
fn literals(text: &str) -> Vec<(String, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Line comments and char literals ('"') are skipped.
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
            continue;
        }
        if b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let before: String = text[..i]
                .trim_end()
                .chars()
                .rev()
                .take(24)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            out.push((before, text[start..j.min(b.len())].to_string()));
            i = j + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// Words for people in the window come from the Fluent files: no text node and no
/// title, aria-label or label in the UI's code is written in English in place.
#[test]
fn no_text_in_the_window_is_left_untranslated() {
    // What is the same in every language: symbols, units, names of things.
    let same = [
        "OEE",
        "kWh",
        "CSV",
        "PDF",
        "Takt",
        "takt.toml",
        "Modbus TCP",
        "MTBF",
        "MTTR",
    ];
    let mut left = Vec::new();
    for (path, text) in rust_files(&repo().join("ui/src")) {
        for (before, lit) in literals(&text) {
            let words = lit
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() > 1);
            let wordy = words.filter(|w| !same.iter().any(|s| s.contains(w))).count() > 0;
            // A sample value (`press-2`, `06:00`) is data, not words.
            let sample = !lit.contains(' ') && lit.contains(|c: char| c == '-' || c.is_ascii_digit());
            let node = before.ends_with('>') && !before.ends_with("=>") && !before.ends_with("->");
            let shown = node
                || ["title=", "aria-label=", "alt="].iter().any(|a| before.ends_with(a))
                || (before.ends_with("placeholder=") && !sample);
            if wordy && shown {
                left.push(format!("{}: \"{lit}\"", path.strip_prefix(repo()).unwrap().display()));
            }
        }
    }
    assert!(
        left.is_empty(),
        "text to translate (t(\"key\") with the key in every .ftl):\n{}",
        left.join("\n")
    );
}

/// Every message the code asks for by name exists (a missing one would show its key).
#[test]
fn every_message_the_code_names_is_in_the_fluent_files() {
    let en = std::fs::read_to_string(repo().join("src-tauri/core/locales/en.ftl")).unwrap();
    let keys: Vec<&str> = en
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .collect();
    let mut missing = Vec::new();
    let mut named = 0;
    // The window's t("key") and tw("key", ..); the engine's locale.t("key") and
    // locale.t_with("key", ..). Tests (after #[cfg(test)]) ask for missing keys on purpose.
    for (dir, calls) in [("ui/src", ["t(\"", "tw(\""]), ("src-tauri", [".t(\"", ".t_with(\""])] {
        for (path, text) in rust_files(&repo().join(dir)) {
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for call in calls {
                for (at, _) in text.match_indices(call) {
                    let ident_before = text[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_');
                    if ident_before && !call.starts_with('.') {
                        continue;
                    }
                    let rest = &text[at + call.len()..];
                    let key = &rest[..rest.find('"').unwrap_or(0)];
                    let line = text[..at].rsplit('\n').next().unwrap_or_default();
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    named += 1;
                    if !keys.contains(&key) {
                        missing.push(format!("{}: {key}", path.strip_prefix(repo()).unwrap().display()));
                    }
                }
            }
        }
    }
    // The engine's messages named where they are built or chosen: the config's findings
    // (`Message::key("cfg-...")`, a `cfg-int-days` handed to the reader), the charts' words.
    let mut literals = 0;
    for (path, text) in rust_files(&repo().join("src-tauri")) {
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for prefix in ["\"cfg-", "\"chart-"] {
            for (at, _) in text.match_indices(prefix) {
                let rest = &text[at + 1..];
                let key = &rest[..rest.find('"').unwrap_or(0)];
                literals += 1;
                if !keys.contains(&key) {
                    missing.push(format!("{}: {key}", path.strip_prefix(repo()).unwrap().display()));
                }
            }
        }
    }
    assert!(
        named > 300 && literals > 150,
        "only {named} messages and {literals} literal keys named: is the scan still finding them?"
    );
    assert!(missing.is_empty(), "not in en.ftl:\n{}", missing.join("\n"));
}

/// Every finding of the config's checks is a Fluent message (a form shows it in the
/// plant's language): `Reader::error` and `warning` take a `Message`, and none is English
/// text (`format!`, a string, `Message::Plain`); values in a message are its variables.
#[test]
fn the_configs_findings_are_messages_not_english_text() {
    let mut found = Vec::new();
    for (path, text) in rust_files(&repo().join("src-tauri/core/src/config")) {
        if path.ends_with("tests.rs") {
            continue;
        }
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (at, _) in text.match_indices(".error(").chain(text.match_indices(".warning(")) {
            // The call's arguments, to its closing parenthesis.
            let mut depth = 0;
            let args: String = text[at..]
                .chars()
                .take_while(|c| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth > 0 || *c != ')'
                })
                .collect();
            let message = args.split_once(',').map_or("", |(_, m)| m.trim_start());
            if message.starts_with("format!(") || message.starts_with("Message::Plain") || message.starts_with('"') {
                found.push(format!(
                    "{}: {}",
                    path.display(),
                    args.lines().next().unwrap_or_default()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "findings not built as messages:\n{}",
        found.join("\n")
    );
}
