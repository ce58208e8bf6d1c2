//! Service mode: the poller feeds the trackers, the trackers feed the store's writer and
//! the live view. `takt run` and `takt demo` both run this loop.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use takt_core::calendar::Calendar;
use takt_core::config::Config;
use takt_core::ids::MachineId;
use takt_core::live::{ShiftBook, Snapshot};
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
        let snapshot = Snapshot {
            t,
            machines: config
                .machines
                .iter()
                .filter_map(|m| machines.books.get(&m.id).map(|b| b.live(config, &cal, t)))
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
