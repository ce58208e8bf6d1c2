//! The real window under Xvfb, driven over WebDriver: for tests/window.rs and the window
//! benchmark.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use super::{python, repo, wait_for};

/// `tauri-driver` (and the `WebKitWebDriver` it starts) on a display of its own, with a
/// home, data and config folders of its own: the app it launches inherits them.
pub struct Driver {
    child: Child,
    url: String,
    /// Its home: data, config and saved files are under it.
    pub home: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Driver {
    /// Starts it with `env` added to its environment (and so the app's).
    pub fn start(env: &[(&str, &OsStr)]) -> Driver {
        let home = tempfile::tempdir().unwrap();
        let (port, native) = (free_port(), free_port());
        let log = std::fs::File::create(home.path().join("driver.log")).unwrap();
        let child = Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1280x800x24", "tauri-driver"])
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("TAKT_SAVE_DIR", home.path())
            .env("TAKT_LOG", "info")
            .env_remove("TAKT_CONFIG")
            .env_remove("TAKT_DB")
            .envs(env.iter().copied())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            // Its own process group, so the display, the driver and the app all stop.
            .process_group(0)
            .spawn()
            .expect("xvfb-run and tauri-driver run (cargo xtask setup installs them)");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            home,
        };
        wait_for(60, "tauri-driver and WebKitWebDriver to listen", || {
            [port, native]
                .iter()
                .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok())
                .then_some(())
        });
        driver
    }

    /// Takt's data folder.
    pub fn data(&self) -> PathBuf {
        self.home.path().join("data/takt")
    }

    /// Runs a scenario of drive.py and returns its result.
    pub fn drive(&self, scenario: &str, extra: &[&str]) -> Value {
        let shots =
            std::env::var_os("TAKT_SCREENSHOTS").map_or_else(|| repo().join("target/screenshots"), PathBuf::from);
        std::fs::create_dir_all(&shots).unwrap();
        let out = Command::new(python())
            .arg(repo().join("tests/window/drive.py"))
            .arg(scenario)
            .args(["--driver", &self.url, "--app", env!("CARGO_BIN_EXE_takt")])
            .arg("--shots")
            .arg(&shots)
            .args(extra)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let log = std::fs::read_to_string(self.home.path().join("driver.log")).unwrap_or_default();
        assert!(
            out.status.success(),
            "drive.py {scenario} failed:\n{}\n{stdout}\n--- driver and app log ---\n{log}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = stdout
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("RESULT "))
            .expect("a RESULT line");
        serde_json::from_str(line).unwrap()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
    }
}
