//! The company roll-up in PostgreSQL (`[central]`): each plant's recorder keeps, in the
//! company's database, per machine and shift the KPI terms of the report model (the
//! times, counts and ideal times every ratio is computed from, never the ratios), and its
//! stops, scrap, energy, process alarms and maintenance, keyed by plant, machine and time.
//! Writes are idempotent (a period is written whole, in one transaction, as often as
//! needed); the running shift is at most [`SYNC`] behind; after the database was away,
//! the recorder catches up from its own store, from the last shift it recorded as
//! written. Takt creates and migrates the schema (versioned like its SQLite one).
//!
//! `takt report oee --central` reads the terms of several plants and combines them with
//! [`takt_core::report::combine`] (sum the terms, divide last), so each plant's figures
//! there are those of its own `takt report`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use takt_core::calendar::Calendar;
use takt_core::config::{Central, Config, ScheduleAt};
use takt_core::kpi::{Grouping, Period};
use takt_core::report::{ALL, By, OeeRow, combine};
use takt_core::schedule::ended;
use takt_core::time::{DAY_MS, Ts};
use takt_store::central::{self as store, Client, PlantRow, Range, ShiftRow};
use takt_store::{Reader, WriterHandle};

use crate::reports::{self, Query};

/// Connects to a central database by URL (`takt report oee --central`).
pub use takt_store::central::connect;

/// How often the running shift is written.
pub const SYNC: Duration = Duration::from_secs(5);

/// The wait between two tries to reach a database that does not answer.
const RETRY: Duration = Duration::from_secs(5);

/// Finished shifts are written in transactions of at most this span (catching up).
const CHUNK_MS: i64 = 7 * DAY_MS;

/// `[central]`'s password, when it names one.
pub fn password(central: &Central) -> Result<Option<String>, String> {
    central
        .password
        .as_ref()
        .map(|p| crate::secret::read("[central]", p))
        .transpose()
}

/// Connects to `[central]`'s database.
pub fn open(central: &Central) -> Result<Client, String> {
    store::connect(&central.postgres, password(central)?.as_deref())
}

/// `takt check`'s test: connects, and says whether this user may create Takt's tables
/// (or, once they exist, write them).
pub fn check(central: &Central) -> Result<String, String> {
    store::check(&mut open(central)?)
}

/// The plant as the central database keeps it.
fn plant(config: &Config) -> PlantRow {
    PlantRow {
        id: config.plant_id().to_string(),
        name: config.plant.name.clone(),
        timezone: config.plant.timezone.name().to_string(),
        machines: config
            .machines
            .iter()
            .map(|m| (m.id.clone(), m.name.clone(), m.line.clone()))
            .collect(),
    }
}

/// Everything of `[from, to)` from the store, computed by the report model: each
/// machine's shifts (`complete` for those ended by `complete_by`), its stops, scrap,
/// maintenance, and the alarms that touch it.
fn range(
    config: &Config,
    reader: &Reader,
    (from, to): (Ts, Ts),
    complete_by: Ts,
    now: Ts,
) -> takt_store::Result<Range> {
    let machines: Vec<_> = config.machines.iter().map(|m| m.id.clone()).collect();
    let q = Query {
        from,
        to,
        machines: machines.clone(),
        by: Some(By::Shift),
        now,
    };
    let shifts = reports::oee(config, reader, &q, &mut || {})?
        .into_iter()
        .filter(|r| r.machine != ALL)
        .map(|r| ShiftRow {
            complete: r.period.end <= complete_by,
            machine: r.machine,
            period: r.period,
            terms: r.terms,
            extra: r.extra,
        })
        .collect();
    let mut out = Range {
        from,
        to,
        shifts,
        stops: reports::downtime(config, reader, &Query { by: None, ..q })?,
        scrap: Vec::new(),
        alarms: Vec::new(),
        maintenance: Vec::new(),
    };
    for m in &machines {
        out.scrap
            .extend(reader.scrap(m, from, to)?.into_iter().map(|e| (m.clone(), e)));
        out.alarms
            .extend(reader.alarms(m, from, to)?.into_iter().map(|a| (m.clone(), a)));
        out.maintenance
            .extend(reader.maintenance(m, from, to)?.into_iter().map(|e| (m.clone(), e)));
    }
    Ok(out)
}

/// A group's name and the terms recorded for it.
type Part = (String, takt_core::kpi::Terms, takt_core::kpi::Extra);

/// How `takt report oee --central` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A row per plant, and `ALL`.
    Plant,
    /// A row per plant and line (`plant/line`), and `ALL`.
    Line,
    /// A row per plant and machine (`plant/machine`), and `ALL`.
    Machine,
    /// A row per plant, machine and shift, and per plant and shift (`plant/ALL`).
    Shift,
}

/// The OEE of every plant in the central database over the shifts that start in
/// `[from, to)`, grouped: the terms each plant wrote, combined by the core's rule.
pub fn report(client: &mut Client, cal: &Calendar, (from, to): (Ts, Ts), group: Group) -> Result<Vec<OeeRow>, String> {
    let stored = store::shifts(client, from, to)?;
    let whole = takt_core::kpi::periods(cal, from, to, Grouping::Whole)
        .pop()
        .unwrap_or(Period {
            label: String::new(),
            start: from,
            end: to,
        });
    let name = |s: &store::Stored| match group {
        Group::Plant => s.plant.clone(),
        Group::Line => format!("{}/{}", s.plant, s.line.as_deref().unwrap_or("-")),
        Group::Machine | Group::Shift => format!("{}/{}", s.plant, s.machine),
    };
    if group != Group::Shift {
        return Ok(combine(
            &whole,
            stored.iter().map(|s| (name(s), s.terms, s.extra)),
            Some(ALL),
        ));
    }
    // By shift: each plant's shifts, its machines and its `ALL` row, as its own report.
    let mut shifts: BTreeMap<(String, Ts), (Period, Vec<Part>)> = BTreeMap::new();
    for s in &stored {
        shifts
            .entry((s.plant.clone(), s.period.start))
            .or_insert_with(|| (s.period.clone(), Vec::new()))
            .1
            .push((name(s), s.terms, s.extra));
    }
    let mut out = Vec::new();
    for ((plant, _), (period, machines)) in shifts {
        out.extend(combine(&period, machines, Some(&format!("{plant}/{ALL}"))));
    }
    Ok(out)
}

/// Why a range could not be written.
#[derive(Debug)]
enum SyncError {
    Store(takt_store::StoreError),
    Db(store::Error),
}

impl From<takt_store::StoreError> for SyncError {
    fn from(e: takt_store::StoreError) -> Self {
        SyncError::Store(e)
    }
}

impl From<store::Error> for SyncError {
    fn from(e: store::Error) -> Self {
        SyncError::Db(e)
    }
}

/// The roll-up's thread.
pub struct Rollup {
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl Rollup {
    /// Starts writing `config`'s plant into `[central]`'s database from the store `db`
    /// (flushed through `writer` before each look): from the last shift written, else
    /// from the store's first record. `None` without `[central]`.
    pub fn spawn(config: &Config, db: &Path, writer: WriterHandle, start: Ts) -> Option<Rollup> {
        let central = config.central.clone()?;
        let (stop, stopped) = mpsc::channel();
        let (config, db) = (config.clone(), db.to_path_buf());
        let thread = std::thread::Builder::new()
            .name("takt-central".into())
            .spawn(move || run(&config, &central, &db, &writer, start, &stopped))
            .map_err(|e| tracing::error!("[central]: cannot start its thread: {e}"))
            .ok()?;
        Some(Rollup {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops it (after the write under way).
    pub async fn stop(mut self) {
        let _ = self.stop.send(());
        if let Some(t) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || t.join()).await;
        }
    }
}

/// The store's record of the shifts written to this database.
fn key(central: &Central) -> String {
    format!("central|{}", central.postgres)
}

fn run(config: &Config, central: &Central, db: &Path, writer: &WriterHandle, start: Ts, stopped: &mpsc::Receiver<()>) {
    let cal = Calendar::new(config);
    let url = &central.postgres;
    let Ok(reader) = Reader::open(db).map_err(|e| tracing::error!("[central] {url}: the store: {e}")) else {
        return;
    };
    // From the last shift written; a database new to this plant gets all its history.
    let mut after = match reader.deliveries(&key(central), Ts(i64::MIN)) {
        Ok(done) if !done.is_empty() => done[done.len() - 1].to,
        _ => config
            .machines
            .iter()
            .filter_map(|m| reader.first_seen(&m.id).ok().flatten())
            .min()
            .unwrap_or(start),
    };
    let mut client: Option<Client> = None;
    let mut down_since: Option<Instant> = None;
    let mut wait = Duration::ZERO;
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
        wait = SYNC;
        if client.is_none() {
            match open(central).and_then(|mut c| store::migrate(&mut c).map(|()| c)) {
                Ok(c) => {
                    match down_since.take() {
                        Some(t) => tracing::info!(
                            "[central] {url}: the database answers again after {:.0} s; catching up",
                            t.elapsed().as_secs_f64()
                        ),
                        None => tracing::info!("[central] {url}: connected"),
                    }
                    client = Some(c);
                }
                Err(e) => {
                    if down_since.is_none() {
                        tracing::warn!(
                            "[central] {url}: {e}; polling and recording go on, and the roll-up catches up when the database answers"
                        );
                        down_since = Some(Instant::now());
                    }
                    wait = RETRY;
                    continue;
                }
            }
        }
        let Some(c) = client.as_mut() else { continue };
        if let Err(e) = writer.flush() {
            tracing::error!("[central]: the writer: {e}");
        }
        match sync(c, config, &cal, &reader, writer, central, &mut after) {
            Ok(()) => {}
            Err(SyncError::Store(e)) => tracing::error!("[central]: the store: {e}"),
            Err(SyncError::Db(e)) => {
                if down_since.is_none() {
                    tracing::warn!(
                        "[central] {url}: {}; polling and recording go on, and the roll-up catches up when the database answers",
                        store::describe(&e)
                    );
                    down_since = Some(Instant::now());
                }
                client = None;
                wait = RETRY;
            }
        }
    }
}

/// Writes the shifts that ended since `after` (a transaction per week at most, each
/// recorded in the store once committed), then the running one so far.
fn sync(
    client: &mut Client,
    config: &Config,
    cal: &Calendar,
    reader: &Reader,
    writer: &WriterHandle,
    central: &Central,
    after: &mut Ts,
) -> Result<(), SyncError> {
    let now = crate::clock::now();
    let done_by = crate::service::settled(now);
    let finished = ended(cal, ScheduleAt::ShiftEnd, *after, done_by);
    let mut i = 0;
    while i < finished.len() {
        let mut j = i;
        while j + 1 < finished.len() && finished[j + 1].to.0 - after.0 <= CHUNK_MS {
            j += 1;
        }
        let last = &finished[j];
        let r = range(config, reader, (*after, last.to), last.to, now)?;
        store::write_range(client, &plant(config), &r, now)?;
        let record = takt_store::Delivery {
            schedule: key(central),
            from: finished[i].from,
            to: last.to,
            label: last.label.clone(),
            written: now,
            mailed: None,
        };
        if let Err(e) = writer.delivered(record) {
            tracing::error!("[central]: recording {} as written: {e}", last.label);
        }
        *after = last.to;
        i = j + 1;
    }
    if now > *after {
        let r = range(config, reader, (*after, now), done_by.min(*after), now)?;
        store::write_range(client, &plant(config), &r, now)?;
    }
    Ok(())
}
