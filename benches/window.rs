//! The window's benchmark (numbers in the README): the real app under Xvfb, driven over
//! WebDriver like the end-to-end tests.
//!
//! - time from launching `takt demo` (window mode) to the first tile showing a state read
//!   live from its machine, and the app's memory then and after a minute;
//! - the delay from a state change at a machine (its `running` coil, written by the bench
//!   to the pymodbus server Takt polls every 100 ms) to the tile's colour change on screen.
//!
//! `cargo bench --bench window` (or `cargo xtask bench window`).

#[path = "../tests/common/mod.rs"]
#[allow(missing_docs)]
mod common;

use std::ffi::OsStr;

use common::PyServer;
use common::window::Driver;
use serde_json::json;

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.strip_prefix("--rounds=").and_then(|n| n.parse().ok()))
        .unwrap_or(30);

    let driver = Driver::start(&[]);
    let r = driver.drive("first-tile", &["--app-args", "demo --port 0"]);
    println!(
        "takt demo to the first live tile: {:.2} s",
        r["first_tile_s"].as_f64().unwrap()
    );
    for (label, key) in [
        ("at the first tile", "memory_at_first_tile"),
        ("after 60 s", "memory_after_60s"),
    ] {
        let m = &r[key];
        println!(
            "memory {label}: takt process RSS {:.1} MiB; with its {} WebKit processes {:.1} MiB (PSS)",
            m["app_rss_mib"].as_f64().unwrap(),
            m["processes"].as_u64().unwrap() - 1,
            m["with_webkit_pss_mib"].as_f64().unwrap()
        );
    }
    drop(driver);

    let dir = tempfile::tempdir().unwrap();
    let server = PyServer::start(
        dir.path(),
        &json!({"1": {"coils": {"0": 1}, "holding": {"0": 0, "1": 0}}}),
        None,
    );
    let config = dir.path().join("takt.toml");
    std::fs::write(
        &config,
        format!(
            r#"[plant]
name = "Bench"
timezone = "UTC"

[[machine]]
id = "m1"
name = "Machine 1"
ideal_cycle_s = 1.0
poll_ms = 100
connection = {{ modbus_tcp = "127.0.0.1:{}", unit = 1 }}

[machine.signals]
running = {{ coil = 0 }}
total_count = {{ holding = 0, type = "u32" }}
"#,
            server.port.unwrap()
        ),
    )
    .unwrap();
    let db = dir.path().join("takt.db");
    let driver = Driver::start(&[("TAKT_CONFIG", config.as_os_str()), ("TAKT_DB", OsStr::new(&db))]);
    let address = format!("127.0.0.1:{}", server.port.unwrap());
    let r = driver.drive("colour", &["--address", &address, "--rounds", &rounds.to_string()]);
    let mut delays: Vec<f64> = r["delays_ms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_f64().unwrap())
        .collect();
    delays.sort_by(f64::total_cmp);
    let at = |q: f64| delays[((delays.len() - 1) as f64 * q).round() as usize];
    println!(
        "state change at the machine to the tile's colour (poll every 100 ms, {} changes): median {:.0} ms, p90 {:.0} ms, min {:.0} ms, max {:.0} ms",
        delays.len(),
        at(0.5),
        at(0.9),
        delays[0],
        delays[delays.len() - 1]
    );
}
