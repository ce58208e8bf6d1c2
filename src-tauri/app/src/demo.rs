//! The demo plant, started by `takt demo` and by the window's "Open the demo plant":
//! simulated machines served over Modbus TCP on 127.0.0.1, their config written, and a
//! fresh database with `history` of their past.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use takt_core::calendar::Calendar;
use takt_core::config::{Config, Connection};
use takt_core::time::{DAY_MS, Ts};
use takt_modbus::sim::history::history;
use takt_modbus::sim::server::{Endpoint, ModelDevice, SharedDevice};
use takt_sim::demo;
use takt_sim::model::MachineModel;

use crate::clock::now;
use crate::recorder::Recorder;

/// How the demo plant is made.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many machines.
    pub machines: usize,
    /// First port (0: any free ports).
    pub port: u16,
    /// How much past to write.
    pub history: Duration,
    /// Seed of the plant model.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            machines: 6,
            port: 5020,
            history: Duration::from_secs(14 * 86_400),
            seed: 1,
        }
    }
}

/// A running demo plant: keep it alive as long as its machines should answer.
pub struct Plant {
    /// Its config.
    pub config: Config,
    /// The config's text (written to the config path).
    pub text: String,
    /// The simulated machines' servers.
    pub endpoints: Vec<Endpoint>,
}

/// The demo's own folder in the data directory.
pub fn dir() -> PathBuf {
    crate::paths::data_dir().join("demo")
}

fn remove_db(db: &Path) {
    for ext in ["", "-wal", "-shm"] {
        let mut f = db.as_os_str().to_owned();
        f.push(ext);
        let _ = std::fs::remove_file(f);
    }
}

/// Why the demo plant did not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A port is taken.
    #[error("cannot listen on 127.0.0.1:{port}: {source}; pass another --port, or --port 0 for any free ports")]
    Bind {
        /// The port.
        port: u16,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A machine's own address cannot be served.
    #[error(
        "cannot serve {address}: {source} (the simulator listens on the machines' own addresses; use 127.0.0.1 ones)"
    )]
    Address {
        /// The address.
        address: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A simulated machine could not be served.
    #[error("cannot serve a simulated machine: {0}")]
    Serve(#[source] std::io::Error),
    /// A file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The generated config did not pass the checks (a bug).
    #[error("the demo config is invalid: {0}")]
    Config(String),
    /// The history could not be written.
    #[error(transparent)]
    Store(#[from] takt_store::StoreError),
}

/// Binds the machines' ports, then (when `fresh`) removes an old database, writes the
/// config to `config_path` and the history into the database `recorder` holds (never
/// one another process records), and serves the machines.
pub async fn start(
    options: &Options,
    config_path: &Path,
    recorder: &Recorder,
    fresh: bool,
) -> Result<Plant, DemoError> {
    let db = recorder.db();
    let machines = demo::machines(options.machines);
    let mut listeners = Vec::new();
    for i in 0..machines.len() {
        let port = if options.port == 0 {
            0
        } else {
            options.port.checked_add(i as u16).unwrap_or(0)
        };
        let l = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|source| DemoError::Bind { port, source })?;
        listeners.push(l);
    }
    if fresh {
        // Only once the ports are ours: a demo already running keeps its data.
        remove_db(db);
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DemoError::Io { path, source }
    };
    for p in [config_path, db] {
        if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
    }
    let ports: Vec<u16> = listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()).unwrap_or(0))
        .collect();
    let text = demo::config(&machines, &ports);
    std::fs::write(config_path, &text).map_err(io(config_path))?;
    let config = Config::parse(&text, &config_path.display().to_string())
        .map_err(|e| DemoError::Config(e.to_string()))?
        .config;
    let cal = Calendar::new(&config);

    let end = now();
    let from = Ts(end.0 - options.history.as_millis() as i64).minute_floor();
    let started = std::time::Instant::now();
    let mut models: Vec<MachineModel> = machines
        .iter()
        .enumerate()
        .map(|(i, m)| MachineModel::new(m.profile.clone(), options.seed, i as u64, from, cal.clone()))
        .collect();
    let mut events = Vec::new();
    let mut maintenance = Vec::new();
    for (model, m) in models.iter_mut().zip(&config.machines) {
        let h = history(model, m, &config, from, end);
        events.push((m.id.clone(), h.events));
        maintenance.extend(h.maintenance.into_iter().map(|e| (m.id.clone(), e)));
    }
    takt_store::write_history(db, events, maintenance)?;
    tracing::info!(
        "demo plant: {} machines on 127.0.0.1 ports {}; {:.0} days of history written in {:.1} s; config {}; database {}",
        machines.len(),
        port_range(&ports),
        options.history.as_millis() as f64 / DAY_MS as f64,
        started.elapsed().as_secs_f64(),
        config_path.display(),
        db.display()
    );
    let mut endpoints = Vec::new();
    for ((listener, model), m) in listeners.into_iter().zip(models).zip(&config.machines) {
        let device: SharedDevice = std::sync::Arc::new(std::sync::Mutex::new(ModelDevice {
            model,
            signals: m.signals.clone(),
        }));
        endpoints.push(Endpoint::serve(listener, BTreeMap::from([(1u8, device)])).map_err(DemoError::Serve)?);
    }
    Ok(Plant {
        config,
        text,
        endpoints,
    })
}

fn port_range(ports: &[u16]) -> String {
    match (ports.first(), ports.last()) {
        (Some(a), Some(b))
            if ports.len() > 1 && b.checked_sub(*a).is_some_and(|d| usize::from(d) + 1 == ports.len()) =>
        {
            format!("{a}-{b}")
        }
        _ => ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", "),
    }
}

/// For `takt sim`: starts a simulated server for every TCP endpoint of the config; machines sharing an
/// endpoint answer on their unit ids. Serial machines are left out (with a warning).
/// With `outages`, each machine drops off the network now and then, that many hours
/// apart on average.
pub async fn serve_config(
    config: &Config,
    seed: u64,
    outages: Option<f64>,
) -> Result<Vec<(Vec<String>, Endpoint)>, DemoError> {
    let cal = Calendar::new(config);
    let origin = now();
    let mut by_address: BTreeMap<String, Vec<(u8, String, SharedDevice)>> = BTreeMap::new();
    for (n, m) in config.machines.iter().enumerate() {
        match &m.connection {
            Connection::Tcp { address, unit, .. } => {
                let mut profile = demo::profile_for(m, config);
                if let Some(h) = outages {
                    profile.offline = Some((h, (3.0, 20.0)));
                }
                let model = MachineModel::new(profile, seed, n as u64, origin, cal.clone());
                let device: SharedDevice = std::sync::Arc::new(std::sync::Mutex::new(ModelDevice {
                    model,
                    signals: m.signals.clone(),
                }));
                by_address
                    .entry(address.clone())
                    .or_default()
                    .push((*unit, m.id.to_string(), device));
            }
            Connection::Rtu { port, .. } => {
                tracing::warn!(
                    "{} is on serial port {port}: the simulator serves Modbus TCP only; left out",
                    m.id
                );
            }
        }
    }
    let mut out = Vec::new();
    for (address, units) in by_address {
        let listener = tokio::net::TcpListener::bind(&address)
            .await
            .map_err(|source| DemoError::Address {
                address: address.clone(),
                source,
            })?;
        let ids = units.iter().map(|u| u.1.clone()).collect();
        let map = units.into_iter().map(|(u, _, d)| (u, d)).collect();
        out.push((ids, Endpoint::serve(listener, map).map_err(DemoError::Serve)?));
    }
    Ok(out)
}
