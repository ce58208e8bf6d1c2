//! `takt demo`: the demo plant. Simulated machines served over Modbus TCP on 127.0.0.1,
//! a fresh database with `--history` of their past, then polled live like real ones.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use takt_core::calendar::Calendar;
use takt_core::config::Config;
use takt_core::time::{DAY_MS, Ts};
use takt_modbus::poller::now;
use takt_modbus::sim::demo;
use takt_modbus::sim::history::history;
use takt_modbus::sim::model::MachineModel;
use takt_modbus::sim::server::{Endpoint, ModelDevice, SharedDevice};

use super::table::LogBuffer;
use super::{Reported, duration};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// How many simulated machines (the six kinds repeat beyond six)
    #[arg(long, default_value_t = 6)]
    machines: usize,
    /// No window: show the live table on the terminal
    #[arg(long)]
    headless: bool,
    /// Stop by itself after this long
    #[arg(long = "for", value_name = "DURATION", value_parser = duration)]
    duration: Option<Duration>,
    /// First port; machine i listens on P + i (0: any free ports)
    #[arg(long, default_value_t = 5020)]
    port: u16,
    /// How much past to write first, so reports have content at once
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "14d")]
    history: Duration,
    /// Seed of the simulated plant: the same seed gives the same plant
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub(super) fn run(
    config: Option<PathBuf>,
    db: Option<PathBuf>,
    args: Args,
    log: Option<LogBuffer>,
) -> anyhow::Result<()> {
    if args.machines == 0 || args.machines > 1000 {
        return Err(super::Usage(format!("--machines {}: expected 1 to 1000", args.machines)).into());
    }
    let dir = crate::paths::data_dir().join("demo");
    // The demo writes its own config and a fresh database. Given paths (--config, --db,
    // TAKT_CONFIG, TAKT_DB) may be a real plant's: those it refuses to overwrite.
    for (flag, given) in [("--config", &config), ("--db", &db)] {
        if let Some(p) = given.as_ref().filter(|p| p.exists()) {
            return Err(Reported(format!(
                "takt: {flag} {}: the demo writes its own and will not touch an existing file; remove it or name a new one (TAKT_CONFIG and TAKT_DB count as {flag})",
                p.display()
            ))
            .into());
        }
    }
    let own_db = db.is_none();
    let config_path = config.unwrap_or_else(|| dir.join("takt.toml"));
    let db_path = db.unwrap_or_else(|| dir.join("takt.db"));
    for p in [&config_path, &db_path] {
        if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
    }
    // One demo per database: a second one must not delete the first one's data.
    let mut lock_path = db_path.clone().into_os_string();
    lock_path.push(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)?;
    if lock.try_lock().is_err() {
        return Err(Reported(format!(
            "takt: another takt demo is running with {}; stop it first",
            db_path.display()
        ))
        .into());
    }
    let _ = args.headless; // There is no window in this build: the demo always runs headless.
    super::runtime()?.block_on(async move {
        let machines = demo::machines(args.machines);
        let mut listeners = Vec::new();
        for i in 0..machines.len() {
            let port = if args.port == 0 { 0 } else { args.port.checked_add(i as u16).unwrap_or(0) };
            let l = tokio::net::TcpListener::bind(("127.0.0.1", port))
                .await
                .map_err(|e| Reported(format!("takt: cannot listen on 127.0.0.1:{port}: {e}; pass another --port, or --port 0 for any free ports")))?;
            listeners.push(l);
        }
        if own_db {
            // The demo's own database starts afresh every time, once the ports are ours.
            for ext in ["", "-wal", "-shm"] {
                let mut f = db_path.clone().into_os_string();
                f.push(ext);
                let _ = std::fs::remove_file(f);
            }
        }
        let ports: Vec<u16> = listeners.iter().map(|l| l.local_addr().map(|a| a.port()).unwrap_or(0)).collect();
        let text = demo::config(&machines, &ports);
        std::fs::write(&config_path, &text)?;
        let config = Config::parse(&text, &config_path.display().to_string()).map_err(|e| anyhow::anyhow!("the demo config is invalid: {e}"))?.config;
        let cal = Calendar::new(&config);

        let end = now();
        let from = Ts(end.0 - args.history.as_millis() as i64).minute_floor();
        let started = std::time::Instant::now();
        let mut models: Vec<MachineModel> = machines
            .iter()
            .enumerate()
            .map(|(i, m)| MachineModel::new(m.profile.clone(), args.seed, i as u64, from, cal.clone()))
            .collect();
        let mut events = Vec::new();
        let mut maintenance = Vec::new();
        for (model, m) in models.iter_mut().zip(&config.machines) {
            let h = history(model, m, &config, from, end);
            events.push((m.id.clone(), h.events));
            maintenance.extend(h.maintenance.into_iter().map(|e| (m.id.clone(), e)));
        }
        takt_store::write_history(&db_path, events, maintenance)?;
        tracing::info!(
            "demo plant: {} machines on 127.0.0.1 ports {}; {:.0} days of history written in {:.1} s; config {}; database {}",
            machines.len(),
            port_range(&ports),
            args.history.as_millis() as f64 / DAY_MS as f64,
            started.elapsed().as_secs_f64(),
            config_path.display(),
            db_path.display()
        );

        let mut endpoints = Vec::new();
        for ((listener, model), m) in listeners.into_iter().zip(models).zip(&config.machines) {
            let device: SharedDevice = std::sync::Arc::new(std::sync::Mutex::new(ModelDevice { model, signals: m.signals.clone() }));
            endpoints.push(Endpoint::serve(listener, BTreeMap::from([(1u8, device)]))?);
        }
        let result = super::run::serve(&config, &text, &db_path, args.duration, log).await;
        drop(endpoints);
        drop(lock);
        result
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
