//! Service mode: the poller feeds the trackers, the trackers feed the store's writer and
//! the live view. `takt run`, `takt demo` and the window all run this loop, and only
//! while they hold the database's [`Recorder`] lock.

use std::collections::BTreeMap;
use std::time::Duration;

use takt_core::calendar::Calendar;
use takt_core::config::Config;
use takt_core::ids::MachineId;
use takt_core::live::{Entered, ShiftBook, Snapshot};
use takt_core::time::Ts;
use takt_core::tracker::{Setup, Tracker};
use takt_modbus::poller::{MachineReading, Poller};

use crate::clock::now;
use takt_store::{Reader, WriterHandle};
use tokio::sync::{mpsc, watch};

use crate::recorder::Recorder;

/// How long the service runs and what it shows.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Stop by itself after this long.
    pub duration: Option<Duration>,
    /// The config file the service was started with (told to windows that attach).
    pub config_path: std::path::PathBuf,
    /// The window's UI, which `[display]` serves to browsers (none: the JSON only).
    pub display_ui: crate::display::Assets,
}

/// A period is taken as ended this long after its end, when the readings of its last
/// moments have come through the poller and the trackers to the writer (the scheduled
/// reports, the MQTT shift reports, the central database's finished shifts).
pub const SETTLE_MS: i64 = 3_000;

/// The moment up to which the service's readings are in the writer's hands at `now`:
/// every period that ended by then can be reported from the store (after a flush).
pub fn settled(now: Ts) -> Ts {
    Ts(now.0 - SETTLE_MS)
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

fn load_book(reader: &Reader, m: &takt_core::config::Machine, cal: &Calendar, t: Ts) -> takt_store::Result<ShiftBook> {
    let (intervals, counts) = match ShiftBook::span(cal, t) {
        Some((start, _)) => (reader.intervals(&m.id, start, t)?, reader.counts(&m.id, start, t)?),
        None => (Vec::new(), Vec::new()),
    };
    Ok(ShiftBook::new(m, cal, t, intervals, counts, reader.first_seen(&m.id)?))
}

/// What operators entered about a machine's current shift (reasons and splits of its
/// stops, scrap), for its tile. A store that cannot be read leaves the tile as the
/// tracker sees it.
pub fn entered(reader: &Reader, book: &ShiftBook, id: &MachineId, t: Ts) -> Entered {
    let Some(from) = book.entries_from() else {
        return Entered::default();
    };
    let to = Ts(t.0 + 1);
    let read = || -> takt_store::Result<Entered> {
        Ok(Entered {
            stops: reader.stop_entries(id, from, to)?,
            scrap: match book.shift_span() {
                Some((start, _)) => reader.scrap(id, start, to)?,
                None => Vec::new(),
            },
        })
    };
    read().unwrap_or_else(|e| {
        tracing::warn!(machine = %id, error = %e, "could not read the operators' entries");
        Entered::default()
    })
}

/// A file-size limit (`ulimit -f`) reached sends SIGXFSZ, which ends a process by
/// default; the writer would rather get the error, keep its batch and try again, as it
/// does on a full disk. Listening for the signal (tokio's handler) keeps it from killing.
fn survive_file_size_limit() {
    #[cfg(target_os = "linux")]
    {
        const SIGXFSZ: i32 = 25;
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::from_raw(SIGXFSZ)) {
            Ok(mut s) => {
                tokio::spawn(async move { while s.recv().await.is_some() {} });
            }
            Err(e) => tracing::debug!("cannot listen for SIGXFSZ: {e}"),
        }
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

/// Polls every machine of `config` into the database `recorder` holds, through `writer`
/// (a writer of that database), until `stop` completes or `options.duration` has passed;
/// everything polled has been handed to the writer and flushed when it returns. The live
/// view is published on `live` every second, and at once when a machine's state changes.
pub async fn run(
    config: &Config,
    config_text: &str,
    recorder: &Recorder,
    options: &Options,
    live: watch::Sender<Snapshot>,
    writer: &WriterHandle,
    stop: impl std::future::Future<Output = ()>,
) -> takt_store::Result<Summary> {
    let db = recorder.db();
    survive_file_size_limit();
    writer.config(config_text)?;
    writer.flush()?;
    let reader = Reader::open(db)?;
    // Windows opened on this database attach here instead of polling it a second time.
    let channel = crate::attach::Server::start(
        recorder,
        config,
        config_text,
        &options.config_path.display().to_string(),
        writer.clone(),
        live.subscribe(),
    )
    .inspect_err(|e| tracing::warn!("no channel for windows to attach to {}: {e}", db.display()))
    .ok();
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
    // Scheduled reports and backups run on their own thread, for times from now on.
    let scheduled = crate::scheduled::Scheduled::spawn(config, db, writer.clone(), start);
    // Live data to the company's broker, on a thread of its own.
    let mqtt = crate::mqtt::Publisher::spawn(config, db, live.subscribe(), writer.clone(), start);
    // The company roll-up, on a thread of its own.
    let central = crate::central::Rollup::spawn(config, db, writer.clone(), start);
    // The shop-floor display for browsers, on this runtime.
    let display = match &config.display {
        None => None,
        Some(d) => {
            match crate::display::Server::start(
                d,
                config,
                options.config_path.parent().unwrap_or(std::path::Path::new(".")),
                db,
                writer.clone(),
                live.subscribe(),
                options.display_ui,
            )
            .await
            {
                Ok(s) => {
                    tracing::info!("display: listening on {}", s.addr);
                    Some(s)
                }
                Err(e) => {
                    tracing::warn!("display: {e}");
                    None
                }
            }
        }
    };
    let mut summary = Summary::default();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tokio::pin!(stop);
    let deadline = tokio::time::sleep(options.duration.unwrap_or(Duration::from_secs(u64::MAX / 4)));
    tokio::pin!(deadline);

    // Returns whether the machine's state changed.
    let handle = |r: MachineReading, machines: &mut Machines, summary: &mut Summary| -> takt_store::Result<bool> {
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
                .filter_map(|m| {
                    let book = machines.books.get(&m.id)?;
                    Some(book.live(config, &cal, t, &entered(&reader, book, &m.id, t)))
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
    if let Some(m) = mqtt {
        m.stop().await;
    }
    if let Some(c) = central {
        c.stop().await;
    }
    if let Some(d) = display {
        d.stop().await;
    }
    writer.flush()?;
    if let Some(s) = scheduled {
        s.stop();
    }
    if channel.is_some() {
        drop(channel);
        recorder.announce(None);
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::model::{MachineState, ScrapEntry};
    use takt_core::report::By;
    use takt_core::tracker::{Reading, Resume, Values};
    use takt_store::Writer;

    use crate::reports::{self, Query};

    const CONFIG: &str = r#"
[plant]
name = "P"
timezone = "UTC"

[[shift]]
name = "A"
start = "06:00"
end = "14:00"
breaks = [{ start = "08:30", minutes = 15 }]

[[reason]]
code = "mech/jam"
kind = "downtime"

[[reason]]
code = "changeover"
kind = "planned"

[[reason]]
code = "scrap/burr"
kind = "scrap"

[[machine]]
id = "press-1"
ideal_cycle_s = 0.9
connection = { modbus_tcp = "127.0.0.1:502" }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u32" }
fault_code = { holding = 4, reasons = { 1 = "mech/jam" } }
"#;

    /// 2025-11-25 06:00 UTC, the start of shift A.
    const SIX: i64 = 1_764_050_400_000;

    fn reading(t: i64, running: bool, count: u64) -> Reading {
        Reading {
            t: Ts(t),
            values: Some(Values {
                running: Some(running),
                total: Some(count),
                fault: Some(u64::from(!running)),
                ..Values::default()
            }),
        }
    }

    /// The config of `text`, and a database in a temp dir with its writer.
    fn recording(text: &str) -> (tempfile::TempDir, std::path::PathBuf, Config, Writer) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("takt.db");
        let cfg = Config::parse(text, "takt.toml").unwrap().config;
        let writer = Writer::spawn(&db).unwrap();
        (dir, db, cfg, writer)
    }

    #[test]
    fn the_tile_shows_the_same_oee_as_the_report_after_operators_enter_scrap_and_reasons() {
        // Regression: the tile's OEE left out scrap and reasons entered during the shift.
        let (_dir, db, cfg, writer) = recording(CONFIG);
        let cal = Calendar::new(&cfg);
        let m = &cfg.machines[0];
        let mut tracker = Tracker::new(Setup::new(m, &cfg), Resume::default());
        let mut book = ShiftBook::new(m, &cal, Ts(SIX), Vec::new(), Vec::new(), None);
        let minute = 60_000;
        let mut count = 0u64;
        // Two hours and a half: stops from 0:30 to 0:50 and from 2:20 on (the break is
        // 2:30-2:45), a part a second while running.
        let mut feed = |book: &mut ShiftBook, from: i64, to: i64| {
            for t in (from..to).step_by(1000) {
                let running = !((30 * minute..50 * minute).contains(&t) || t >= 140 * minute);
                if running && t > 0 {
                    count += 1;
                }
                let events = tracker.observe(&reading(SIX + t, running, count));
                book.apply(&cal, &events);
                writer.events(&m.id, events).unwrap();
            }
        };
        feed(&mut book, 0, 120 * minute);
        writer
            .assign_reason(&m.id, Ts(SIX + 30 * minute), "changeover", "")
            .unwrap();
        writer
            .scrap(
                &m.id,
                ScrapEntry {
                    t: Ts(SIX + 100 * minute),
                    quantity: 250,
                    reason: Some(takt_core::ids::ReasonCode::new("scrap/burr").unwrap()),
                    product: None,
                },
            )
            .unwrap();
        feed(&mut book, 120 * minute, 150 * minute + 1000);
        writer.flush().unwrap();
        let reader = Reader::open(&db).unwrap();
        let now = Ts(SIX + 150 * minute);
        let tile = book.live(&cfg, &cal, now, &entered(&reader, &book, &m.id, now));
        let report = reports::oee(
            &cfg,
            &reader,
            &Query {
                from: Ts(SIX),
                to: now,
                machines: vec![m.id.clone()],
                by: Some(By::Shift),
                now,
            },
            &mut || {},
        )
        .unwrap();
        let r = &report[0].terms;
        let four = |x: Option<f64>| format!("{:.4}", x.unwrap());
        assert_eq!(r.reject, 250);
        assert_eq!((tile.parts, tile.good), (r.total, r.good()));
        assert_eq!(four(tile.availability), four(r.availability()));
        assert_eq!(four(tile.performance), four(r.performance()));
        assert_eq!(four(tile.quality), four(r.quality()));
        assert_eq!(four(tile.oee), four(r.oee()));
        // The changeover is a planned stop: 20 minutes out of planned time.
        assert_eq!(r.planned_stop_ms, 20 * minute);
        // At 2:30 the machine, down since 2:20, stands through its break: a planned stop.
        assert_eq!((tile.state, tile.on_break), (Some(MachineState::Planned), true));
        assert_eq!(tile.reason_text(|_| None), "break");
        let before_break = book.live(&cfg, &cal, Ts(SIX + 145 * minute), &Entered::default());
        assert_eq!(
            (before_break.state, before_break.on_break),
            (Some(MachineState::Down), false)
        );
        writer.close().unwrap();
    }

    #[test]
    fn parts_of_the_minute_a_machine_is_first_seen_in_count_in_the_report_as_on_the_tile() {
        // Regression: a machine first seen 40 s into a minute had that minute's parts left
        // out of the OEE report (the minute started before its observation), while the
        // tile counted them.
        let (_dir, db, cfg, writer) = recording(CONFIG);
        let cal = Calendar::new(&cfg);
        let m = &cfg.machines[0];
        let mut tracker = Tracker::new(Setup::new(m, &cfg), Resume::default());
        let first = SIX + 40_000;
        let mut book = ShiftBook::new(m, &cal, Ts(first), Vec::new(), Vec::new(), None);
        for (k, t) in (first..SIX + 180_000).step_by(1000).enumerate() {
            let events = tracker.observe(&reading(t, true, 1_000 + k as u64));
            book.apply(&cal, &events);
            writer.events(&m.id, events).unwrap();
        }
        writer.flush().unwrap();
        let reader = Reader::open(&db).unwrap();
        let now = Ts(SIX + 180_000);
        let tile = book.live(&cfg, &cal, now, &entered(&reader, &book, &m.id, now));
        let q = Query {
            from: Ts(SIX),
            to: now,
            machines: vec![m.id.clone()],
            by: Some(By::Shift),
            now,
        };
        let report = reports::oee(&cfg, &reader, &q, &mut || {}).unwrap();
        // 140 readings, a part each after the first (the first sets the baseline).
        assert_eq!(tile.parts, 139);
        assert_eq!(report[0].terms.total, tile.parts);
        writer.close().unwrap();
    }

    #[test]
    fn a_machine_first_seen_in_the_middle_of_a_shift_has_its_parts_in_that_shifts_report() {
        // Regression: its parts were summed over the shift's span, timed at the span's
        // start, before its observation began, and all of them were left out.
        let text = format!(
            "{CONFIG}\n[[machine]]\nid = \"press-2\"\nideal_cycle_s = 0.9\nconnection = {{ modbus_tcp = \"127.0.0.1:503\" }}\n[machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\n"
        );
        let (_dir, db, cfg, writer) = recording(&text);
        for (m, first) in [(&cfg.machines[0], SIX), (&cfg.machines[1], SIX + 90 * 60_000 + 20_000)] {
            let mut tracker = Tracker::new(Setup::new(m, &cfg), Resume::default());
            for (k, t) in (first..SIX + 100 * 60_000).step_by(1000).enumerate() {
                writer
                    .events(&m.id, tracker.observe(&reading(t, true, k as u64)))
                    .unwrap();
            }
        }
        writer.flush().unwrap();
        let reader = Reader::open(&db).unwrap();
        let now = Ts(SIX + 100 * 60_000);
        let q = Query {
            from: Ts(SIX),
            to: now,
            machines: cfg.machines.iter().map(|m| m.id.clone()).collect(),
            by: Some(By::Shift),
            now,
        };
        let report = reports::oee(&cfg, &reader, &q, &mut || {}).unwrap();
        let total = |id: &str| report.iter().find(|r| r.machine == id).unwrap().terms.total;
        // A part a second after each machine's first reading.
        assert_eq!(total("press-1"), 100 * 60 - 1);
        assert_eq!(total("press-2"), 10 * 60 - 20 - 1);
        writer.close().unwrap();
    }
}
