//! Windows only (`cargo xtask test-windows` runs it under wine, with the command line's
//! tests): the default paths under `%APPDATA%`, a serial port named `COM3`, and Takt as a
//! Windows service: installed, started, recording, stopped cleanly (everything committed,
//! said in its rotating log file), removed.
#![cfg(windows)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{query, wait_for};

fn takt() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("takt"));
    c.env_remove("TAKT_CONFIG").env_remove("TAKT_DB").env_remove("RUST_LOG");
    c
}

use common::stdout_of as ok;

#[test]
fn the_demo_keeps_its_files_under_appdata_and_the_log_rotates_there() {
    let appdata = std::env::var_os("APPDATA").expect("APPDATA is set on Windows");
    let demo = Path::new(&appdata).join("takt").join("demo");
    let _ = std::fs::remove_dir_all(&demo);
    ok(takt().args(["demo", "--headless", "--port", "0", "--history", "1h", "--for", "3s"]));
    assert!(demo.join("takt.toml").exists());
    assert_ne!(
        query(&demo.join("takt.db"), "SELECT count(*) FROM count_bucket")[0][0],
        "0"
    );
    // Its log, a file a day beside the database.
    let logs: Vec<_> = std::fs::read_dir(demo.join("logs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let log = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(log.contains("stopped; everything polled is committed"), "{log}");
}

#[test]
fn a_serial_port_is_named_com3() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("takt.toml");
    std::fs::write(
        &cfg,
        "[plant]\nname = \"P\"\ntimezone = \"Europe/Istanbul\"\n\n[[machine]]\nid = \"cnc-1\"\nideal_cycle_s = 30\nconnection = { modbus_rtu = \"COM3\", baud = 19200, parity = \"even\", unit = 3 }\n[machine.signals]\nrunning = { discrete = 0 }\n",
    )
    .unwrap();
    let summary = ok(takt().arg("--config").arg(&cfg).args(["check", "--offline"]));
    assert!(summary.contains("COM3 19200 Even unit 3"), "{summary}");
    // Read once: a port that is not there is named in the error.
    let out = takt().arg("--config").arg(&cfg).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("COM3"), "{said}");
}

fn sc(args: &[&str]) -> String {
    let o = Command::new("sc").args(args).output().unwrap();
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn state(s: &str) -> Option<&str> {
    s.lines()
        .find(|l| l.trim_start().starts_with("STATE"))?
        .split_whitespace()
        .last()
}

/// The service is one per computer: its tests take turns.
static SERVICE: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn takt_runs_as_a_windows_service_and_stops_with_everything_committed() {
    let _one = SERVICE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db) = (dir.path().join("takt.toml"), dir.path().join("takt.db"));
    std::fs::write(
        &cfg,
        "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[[machine]]\nid = \"press-1\"\nideal_cycle_s = 1\npoll_ms = 200\nconnection = { modbus_tcp = \"127.0.0.1:9\", unit = 1, timeout_ms = 100 }\n[machine.signals]\nrunning = { coil = 0 }\n",
    )
    .unwrap();
    let installed = ok(takt()
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .args(["service", "install"]));
    assert!(installed.contains("installed the service \"takt\""), "{installed}");
    let remove = Remove;
    sc(&["start", "takt"]);
    wait_for(30, "the service to run", || {
        (state(&sc(&["query", "takt"])) == Some("RUNNING")).then_some(())
    });
    // It records: the machine (nobody at that port) is recorded as giving no data.
    wait_for(30, "the service's first commit", || {
        let n = common::try_query(&db, "SELECT count(*) FROM state_interval")?;
        (n[0][0] != "0").then_some(())
    });
    // A second recorder is refused, naming the service.
    let second = takt()
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(&db)
        .args(["run", "--for", "5s"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("already being recorded by the Takt service"),
        "{stderr}"
    );
    sc(&["stop", "takt"]);
    wait_for(30, "the service to stop", || {
        (state(&sc(&["query", "takt"])) == Some("STOPPED")).then_some(())
    });
    let logs = dir.path().join("logs");
    let log: String = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(log.contains("stopped; everything polled is committed"), "{log}");
    let removed = ok(takt().args(["service", "uninstall"]));
    assert!(removed.contains("removed the service"), "{removed}");
    std::mem::forget(remove);
    assert!(db.exists(), "removing the service keeps the data");
}

#[test]
fn the_installer_puts_takt_in_program_files_the_start_menu_and_the_service_and_uninstalls_keeping_the_data() {
    let _one = SERVICE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let setup = common::repo()
        .join("target/package")
        .join(format!("takt-{}-setup.exe", env!("CARGO_PKG_VERSION")));
    assert!(
        setup.exists(),
        "{} is missing: run `cargo xtask package`",
        setup.display()
    );
    let var = |k: &str| std::path::PathBuf::from(std::env::var_os(k).unwrap_or_else(|| panic!("{k} is not set")));
    let installed = var("ProgramW6432").join("Takt");
    let config = var("APPDATA").join("takt").join("takt.toml");
    let had_config = config.exists();
    // Silent, with the service (`/SERVICE`), as an administrator would tick it.
    let status = Command::new(&setup).args(["/S", "/SERVICE"]).status().unwrap();
    assert!(status.success(), "{status:?}");
    let remove = Remove;
    assert!(installed.join("takt.exe").exists());
    let version = ok(Command::new(installed.join("takt.exe")).arg("--version"));
    assert_eq!(version.trim(), format!("takt {}", env!("CARGO_PKG_VERSION")));
    let menu = var("ProgramData").join("Microsoft/Windows/Start Menu/Programs/Takt");
    assert!(menu.join("Takt.lnk").exists(), "{}", menu.display());
    assert!(menu.join("Takt status.lnk").exists(), "{}", menu.display());
    // The window needs the WebView2 runtime (part of Windows 10 and 11, not of wine):
    // without it Takt says so and what works without it, instead of panicking.
    let window = Command::new(installed.join("takt.exe")).output().unwrap();
    let said = String::from_utf8_lossy(&window.stderr);
    assert_eq!(window.status.code(), Some(1), "{said}");
    assert!(
        said.contains("WebView2 Runtime") && !said.contains("panicked"),
        "{said}"
    );
    // The first config, which `takt check` accepts; the service registered with it.
    assert!(config.exists());
    ok(Command::new(installed.join("takt.exe"))
        .arg("--config")
        .arg(&config)
        .args(["check", "--offline"]));
    assert_eq!(state(&sc(&["query", "takt"])), Some("STOPPED"));
    // An edited config survives installing again (an upgrade) and uninstalling.
    let edited = format!("{}\n# edited by the plant\n", std::fs::read_to_string(&config).unwrap());
    std::fs::write(&config, &edited).unwrap();
    assert!(
        Command::new(&setup)
            .args(["/S", "/SERVICE"])
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    // `_?=DIR` (last, unquoted, spaces and all): the uninstaller runs in place and is
    // waited for, instead of copying itself away and returning at once.
    use std::os::windows::process::CommandExt as _;
    let status = Command::new(installed.join("uninstall.exe"))
        .arg("/S")
        .raw_arg(format!("_?={}", installed.display()))
        .status()
        .unwrap();
    assert!(status.success(), "{status:?}");
    std::mem::forget(remove);
    assert!(!installed.join("takt.exe").exists());
    assert!(!menu.exists());
    assert_eq!(state(&sc(&["query", "takt"])), None, "the service stayed");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    if !had_config {
        let _ = std::fs::remove_file(&config);
    }
}

/// Removes the service if the test stopped half-way.
struct Remove;

impl Drop for Remove {
    fn drop(&mut self) {
        let _ = takt().args(["service", "uninstall"]).output();
    }
}
