//! A plant the end-to-end tests drive: simulated machines on 127.0.0.1 whose signals the
//! test sets, and `takt` run against them (with its clock moved by libfaketime).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use takt_core::config::Config;
use takt_modbus::sim::server::{Endpoint, ImageDevice, SharedDevice};
use takt_sim::encode::{Logical, blank};

use super::KillOnDrop;

pub fn takt(config: &Path, db: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("takt"));
    c.env_remove("TAKT_CONFIG")
        .env_remove("TAKT_DB")
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db);
    c
}

pub fn machine_toml(id: &str, port: u16, signals: &str) -> String {
    format!(
        "\n[[machine]]\nid = \"{id}\"\nideal_cycle_s = 0.5\npoll_ms = 100\nconnection = {{ modbus_tcp = \"127.0.0.1:{port}\", unit = 1, timeout_ms = 300 }}\n[machine.signals]\n{signals}"
    )
}

/// A folder of its own for a plant: the folder, and in it `takt.toml`, `takt.db` and
/// `run.log` (none written yet).
pub fn files() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, log) = (
        dir.path().join("takt.toml"),
        dir.path().join("takt.db"),
        dir.path().join("run.log"),
    );
    (dir, cfg, db, log)
}

pub const PLANT: &str = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n";

/// A machine the test drives: a run coil and a 32-bit part counter.
pub struct Counter {
    pub device: Arc<Mutex<ImageDevice>>,
    pub config: Config,
    _endpoint: Endpoint,
}

impl Counter {
    pub fn start(rt: &tokio::runtime::Runtime, id: &str) -> (Counter, String) {
        Self::start_with(rt, id, "u32")
    }

    /// A machine whose part counter is of `counter_type` (`u16` wraps at 65536).
    pub fn start_with(rt: &tokio::runtime::Runtime, id: &str, counter_type: &str) -> (Counter, String) {
        Self::start_signals(rt, id, counter_type, "")
    }

    /// A machine with an oil temperature too (`oil_temp`, °C, limits 20 and 70), set with
    /// [`Counter::set_oil`].
    pub fn start_with_oil(rt: &tokio::runtime::Runtime, id: &str) -> (Counter, String) {
        let oil = "process = [{ name = \"oil_temp\", holding = 4, type = \"i16\", scale = 0.1, unit = \"°C\", low = 20.0, high = 70.0 }]\n";
        Self::start_signals(rt, id, "u32", oil)
    }

    fn start_signals(rt: &tokio::runtime::Runtime, id: &str, counter_type: &str, more: &str) -> (Counter, String) {
        let signals =
            format!("running = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"{counter_type}\" }}\n{more}");
        let signals = signals.as_str();
        let config = Config::parse(&format!("{PLANT}{}", machine_toml(id, 1, signals)), "t.toml")
            .unwrap()
            .config;
        let device = Arc::new(Mutex::new(ImageDevice {
            image: blank(&config.machines[0].signals),
            online: true,
        }));
        let shared: SharedDevice = device.clone();
        let endpoint = rt.block_on(async {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            Endpoint::serve(l, BTreeMap::from([(1u8, shared)])).unwrap()
        });
        let toml = machine_toml(id, endpoint.addr.port(), signals);
        let c = Counter {
            device,
            config,
            _endpoint: endpoint,
        };
        c.set(true, 0);
        (c, toml)
    }

    pub fn set(&self, running: bool, count: u64) {
        let s = &self.config.machines[0].signals;
        let mut d = self.device.lock().unwrap();
        d.image.set(s.running.as_ref().unwrap(), Logical::Bool(running));
        d.image.set(s.total_count.as_ref().unwrap(), Logical::Count(count));
    }

    /// The oil temperature of a machine of [`Counter::start_with_oil`], °C.
    pub fn set_oil(&self, celsius: f64) {
        let oil = &self.config.machines[0].signals.process[0].register;
        self.device.lock().unwrap().image.set(oil, Logical::Measure(celsius));
    }
}

/// The raw part counter recorded for `machine`; `None` until the database exists and
/// holds one (the tests poll this while `takt` creates and migrates the file).
pub fn baseline(db: &Path, machine: &str) -> Option<u64> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    c.query_row(
        "SELECT raw FROM counter_baseline WHERE machine = ?1 AND counter = 'total'",
        [machine],
        |r| r.get::<_, i64>(0),
    )
    .ok()
    .map(|raw| u64::try_from(raw).unwrap())
}

/// libfaketime's library, which Debian puts under its multiarch folder.
pub fn faketime() -> std::path::PathBuf {
    std::fs::read_dir("/usr/lib")
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("faketime/libfaketimeMT.so.1"))
        .find(|p| p.exists())
        .expect("libfaketime (cargo xtask setup installs it)")
}

/// `takt run` for 5 minutes with its wall clock starting at `at` (libfaketime's
/// `@YYYY-MM-DD HH:MM:SS`, UTC; the monotonic clock its timers use left alone), logging
/// to `log`.
pub fn run_at(config: &Path, db: &Path, at: &str, log: &Path) -> KillOnDrop {
    KillOnDrop(
        takt(config, db)
            .args(["run", "--for", "5m"])
            .env("LD_PRELOAD", faketime())
            .env("FAKETIME", at)
            .env("TZ", "UTC")
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap(),
    )
}

/// A port on 127.0.0.1 nobody listens on (a mail server that is down, until one starts on it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
