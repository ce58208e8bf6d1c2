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
    /// One window at a time: two displays and two WebKit processes at once compete for
    /// a 2-core machine.
    _one: std::sync::MutexGuard<'static, ()>,
    url: String,
    /// Its home: data, config and saved files are under it.
    pub home: tempfile::TempDir,
}

/// How long one scenario of drive.py may run (each of its steps waits at most 60 s).
const DRIVE_DEADLINE_S: u64 = 900;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Driver {
    /// Starts it with `env` added to its environment (and so the app's).
    pub fn start(env: &[(&str, &OsStr)]) -> Driver {
        static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let one = ONE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
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
            _one: one,
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
        // Its output goes to files and its run has a deadline: a window that never
        // answers fails the test with the logs instead of hanging CI.
        let (out_path, err_path) = (
            self.home.path().join(format!("drive-{scenario}.out")),
            self.home.path().join(format!("drive-{scenario}.err")),
        );
        let mut child = Command::new(python())
            .arg(repo().join("tests/window/drive.py"))
            .arg(scenario)
            .args(["--driver", &self.url, "--app", env!("CARGO_BIN_EXE_takt")])
            .arg("--shots")
            .arg(&shots)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path).unwrap())
            .stderr(std::fs::File::create(&err_path).unwrap())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(DRIVE_DEADLINE_S);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        };
        let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
        let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
        let log = std::fs::read_to_string(self.home.path().join("driver.log")).unwrap_or_default();
        assert!(
            status.is_some_and(|s| s.success()),
            "drive.py {scenario} {}:\n{stderr}\n{stdout}\n--- driver and app log ---\n{log}",
            if status.is_some() {
                "failed".to_string()
            } else {
                format!("did not finish within {DRIVE_DEADLINE_S} s")
            }
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
        // Whatever does not stop within 10 s is killed: a test never waits on it forever.
        for _ in 0..100 {
            if self.child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}
