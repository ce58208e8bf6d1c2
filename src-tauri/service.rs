//! Service mode: the poller feeds the trackers, the trackers feed the store's writer and
//! the live view. `takt run` and `takt demo` both run this loop.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use takt_core::calendar::Calendar;
use takt_core::config::Config;
use takt_core::ids::MachineId;
use takt_core::live::{MachineLive, ShiftBook, Snapshot};
use takt_core::model::MachineState;
use takt_core::time::Ts;
use takt_core::tracker::{Setup, Tracker};
use takt_modbus::poller::{MachineReading, Poller, now};
use takt_store::{Reader, WriterHandle};
use tokio::sync::{mpsc, watch};

/// How long the service runs and what it shows.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Stop by itself after this long.
    pub duration: Option<Duration>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Readings taken.
    pub readings: u64,
    /// Of which the machine did not answer.
    pub no_answer: u64,
}

struct Machines {
    trackers: BTreeMap<MachineId, Tracker>,
    books: BTreeMap<MachineId, ShiftBook>,
}

fn load_book(reader: &Reader, m: &takt_core::config::Machine, cal: &Calendar, t: Ts) -> anyhow::Result<ShiftBook> {
    let (intervals, counts) = match ShiftBook::span(cal, t) {
        Some((start, _)) => (reader.intervals(&m.id, start, t)?, reader.counts(&m.id, start, t)?),
        None => (Vec::new(), Vec::new()),
    };
    Ok(ShiftBook::new(m, cal, t, intervals, counts))
}

/// What operators entered about a machine's current stop shows on its tile: the reason
/// given on the Stops page (it stands over the one the fault code named), and a split
/// (the tile then times the part the machine is in). A store that cannot be read leaves
/// the tile as the tracker sees it.
pub fn with_operator_entries(reader: &Reader, live: &mut MachineLive, t: Ts) {
    let (Some(MachineState::Down | MachineState::Planned), Some(since)) = (live.state, live.since) else {
        return;
    };
    match reader.stop_part(&live.id, since, t) {
        Ok((start, reason)) => {
            live.since = Some(start);
            if reason.is_some() {
                live.reason = reason;
            }
        }
        Err(e) => tracing::warn!(machine = %live.id, error = %e, "could not read the operators' entries"),
    }
}

/// Waits for Ctrl-C, or SIGTERM on Unix.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Polls every machine of `config` into the database at `db` through `writer`, until
/// `stop` completes or `options.duration` has passed; everything polled has been handed to
/// the writer and flushed when it returns. The live view is published on `live` every
/// second, and at once when a machine's state changes.
pub async fn run(
    config: &Config,
    config_text: &str,
    db: &Path,
    options: &Options,
    live: watch::Sender<Snapshot>,
    writer: &WriterHandle,
    stop: impl std::future::Future<Output = ()>,
) -> anyhow::Result<Summary> {
    writer.config(config_text)?;
    writer.flush()?;
    let reader = Reader::open(db)?;
    let cal = Calendar::new(config);
    let start = now();
    let mut machines = Machines {
        trackers: BTreeMap::new(),
        books: BTreeMap::new(),
    };
    for m in &config.machines {
        machines
            .trackers
            .insert(m.id.clone(), Tracker::new(Setup::new(m, config), reader.resume(&m.id)?));
        machines.books.insert(m.id.clone(), load_book(&reader, m, &cal, start)?);
    }
    // The publisher reads operators' entries once a second; the mutex makes the reader
    // (a SQLite connection, not `Sync`) shareable by the loop's future.
    let reader = std::sync::Mutex::new(reader);
    tracing::info!(machines = config.machines.len(), db = %db.display(), "polling");
    let (tx, mut rx) = mpsc::channel::<MachineReading>(4096);
    let poller = Poller::spawn(&config.machines, tx);
    let mut summary = Summary::default();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tokio::pin!(stop);
    let deadline = tokio::time::sleep(options.duration.unwrap_or(Duration::from_secs(u64::MAX / 4)));
    tokio::pin!(deadline);

    // Returns whether the machine's state changed.
    let handle = |r: MachineReading, machines: &mut Machines, summary: &mut Summary| -> anyhow::Result<bool> {
        summary.readings += 1;
        summary.no_answer += u64::from(r.reading.values.is_none());
        let Some(tracker) = machines.trackers.get_mut(&r.machine) else {
            return Ok(false);
        };
        let events = tracker.observe(&r.reading);
        let mut changed = false;
        if let Some(book) = machines.books.get_mut(&r.machine) {
            let before = book.current().map(|(s, t, r)| (s, t, r.cloned()));
            book.apply(&cal, &events);
            changed = before != book.current().map(|(s, t, r)| (s, t, r.cloned()));
        }
        writer.events(&r.machine, events)?;
        Ok(changed)
    };
    let publish = |machines: &mut Machines| {
        let t = now();
        // Machines that sent nothing lately move to the next shift here; the book holds
        // everything since the start, so nothing is reloaded.
        for book in machines.books.values_mut() {
            book.roll(&cal, t);
        }
        let reader = reader.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let snapshot = Snapshot {
            t,
            machines: config
                .machines
                .iter()
                .filter_map(|m| machines.books.get(&m.id).map(|b| b.live(config, &cal, t)))
                .map(|mut l| {
                    with_operator_entries(&reader, &mut l, t);
                    l
                })
                .collect(),
        };
        live.send_replace(snapshot);
    };

    loop {
        tokio::select! {
            Some(r) = rx.recv() => {
                // A state change is shown at once, not at the next tick.
                if handle(r, &mut machines, &mut summary)? {
                    publish(&mut machines);
                }
            }
            _ = tick.tick() => publish(&mut machines),
            () = &mut stop => break,
            () = &mut deadline => break,
        }
    }
    poller.stop().await;
    while let Ok(r) = rx.try_recv() {
        handle(r, &mut machines, &mut summary)?;
    }
    writer.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::ids::ReasonCode;
    use takt_core::tracker::{Reading, Resume, Values};
    use takt_store::Writer;

    const CONFIG: &str = r#"
[plant]
name = "P"
timezone = "UTC"

[[reason]]
code = "mech/jam"
kind = "downtime"

[[reason]]
code = "elec/drive"
kind = "downtime"

[[machine]]
id = "press-1"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:502" }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u16" }
fault_code = { holding = 4, reasons = { 1 = "mech/jam" } }
"#;

    fn reading(t: i64, running: bool, fault: u64) -> Reading {
        Reading {
            t: Ts(t),
            values: Some(Values {
                running: Some(running),
                total: Some(0),
                fault: Some(fault),
                ..Values::default()
            }),
        }
    }

    /// A machine down since 60 s with fault 1 (mech/jam), still down at 600 s, in a real
    /// store; returns the tile the tracker alone makes of it.
    fn ongoing_stop(db: &Path) -> (Config, Writer, MachineLive) {
        let cfg = Config::parse(CONFIG, "takt.toml").unwrap().config;
        let m = &cfg.machines[0];
        let writer = Writer::spawn(db).unwrap();
        let mut tracker = Tracker::new(Setup::new(m, &cfg), Resume::default());
        let cal = Calendar::new(&cfg);
        let mut book = ShiftBook::new(m, &cal, Ts(0), Vec::new(), Vec::new());
        for t in (0..=600_000).step_by(1000) {
            let down = t >= 60_000;
            let events = tracker.observe(&reading(t, !down, u64::from(down)));
            book.apply(&cal, &events);
            writer.events(&m.id, events).unwrap();
        }
        writer.flush().unwrap();
        let live = book.live(&cfg, &cal, Ts(600_000));
        (cfg, writer, live)
    }

    fn code(s: &str) -> Option<ReasonCode> {
        Some(ReasonCode::new(s).unwrap())
    }

    #[test]
    fn the_tile_shows_the_reason_and_split_an_operator_gave_the_current_stop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("takt.db");
        let (cfg, writer, tracked) = ongoing_stop(&db);
        let id = &cfg.machines[0].id;
        assert_eq!(tracked.state, Some(MachineState::Down));
        assert_eq!(
            (tracked.since, tracked.reason.clone()),
            (Some(Ts(60_000)), code("mech/jam"))
        );
        let reader = Reader::open(&db).unwrap();

        // Nothing entered: the tile is the tracker's.
        let mut live = tracked.clone();
        with_operator_entries(&reader, &mut live, Ts(600_000));
        assert_eq!(live, tracked);

        // The supervisor corrects the reason: the tile shows it.
        writer.assign_reason(id, Ts(60_000), "elec/drive", "").unwrap();
        writer.flush().unwrap();
        let mut live = tracked.clone();
        with_operator_entries(&reader, &mut live, Ts(600_000));
        assert_eq!((live.since, live.reason), (Some(Ts(60_000)), code("elec/drive")));

        // Split at 300 s: the tile times the part the machine is in, with the recorded
        // reason until that part is given one.
        writer.split_stop(id, Ts(300_000)).unwrap();
        writer.flush().unwrap();
        let mut live = tracked.clone();
        with_operator_entries(&reader, &mut live, Ts(600_000));
        assert_eq!((live.since, live.reason), (Some(Ts(300_000)), code("mech/jam")));

        // A running machine is left alone.
        let mut running = tracked.clone();
        running.state = Some(MachineState::Running);
        with_operator_entries(&reader, &mut running, Ts(600_000));
        assert_eq!(running.since, tracked.since);
        writer.close().unwrap();
    }
}
