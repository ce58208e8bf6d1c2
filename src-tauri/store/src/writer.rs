//! The single writer: a thread that owns the write connection and commits what the
//! poller and the operators send, in short transactions.
//!
//! A batch is committed about once a second, at once when a machine changes state
//! (so a stop is on disk when it starts), and on [`Writer::flush`]. Counts and the
//! counter baselines they were computed from are always in the same transaction, so a
//! crash loses both or neither and the next start counts the gap exactly once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{Connection, Transaction, TransactionBehavior};
use takt_core::ids::MachineId;
use takt_core::model::{
    AlarmEpisode, EnergySums, MaintenanceEvent, ScrapEntry, StateInterval, spread_f64_over_minutes,
};
use takt_core::time::{DAY_MS, Ts};
use takt_core::tracker::{Baseline, Counter, Event};

use crate::write::{self, Source};
use crate::{Result, StoreError};

/// Days of raw process values kept; older ones live on as per-minute min/avg/max.
pub const RAW_PROCESS_DAYS: i64 = 7;

/// Longest time an event waits before it is committed.
const COMMIT_EVERY: Duration = Duration::from_secs(1);

enum Msg {
    Events(MachineId, Vec<Event>),
    AssignReason {
        machine: MachineId,
        stop_start: Ts,
        reason: String,
        note: String,
        operator: Option<String>,
    },
    Scrap(MachineId, ScrapEntry, Option<String>),
    Maintenance(MachineId, MaintenanceEvent),
    Split(MachineId, Ts),
    Config(String),
    Delivery(crate::Delivery),
    Flush(SyncSender<std::result::Result<(), String>>),
    Close,
}

/// The writer thread. Dropping it without [`Writer::close`] still commits what was sent.
/// It derefs to a [`WriterHandle`]; more handles (for the window's operator entries) come
/// from [`Writer::handle`].
pub struct Writer {
    handle: WriterHandle,
    thread: Option<JoinHandle<Result<()>>>,
}

/// Sends to the writer thread; cheap to clone. After the writer is closed, sending fails.
#[derive(Clone)]
pub struct WriterHandle {
    tx: SyncSender<Msg>,
    path: PathBuf,
}

impl std::ops::Deref for Writer {
    type Target = WriterHandle;
    fn deref(&self) -> &WriterHandle {
        &self.handle
    }
}

impl Writer {
    /// Opens the database (creating and migrating it as needed) and starts the writer.
    pub fn spawn(path: &Path) -> Result<Writer> {
        Self::spawn_waiting(path, Duration::from_secs(10))
    }

    /// [`Writer::spawn`], waiting at most `busy` for another process's lock before a
    /// batch is kept for a later try.
    pub fn spawn_waiting(path: &Path, busy: Duration) -> Result<Writer> {
        let conn = crate::open_write_waiting(path, busy)?;
        let (tx, rx) = mpsc::sync_channel(4096);
        let p = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("takt-store-writer".into())
            .spawn(move || run(conn, rx, &p))
            .map_err(|e| StoreError::WriterGone(e.to_string()))?;
        Ok(Writer {
            handle: WriterHandle {
                tx,
                path: path.to_path_buf(),
            },
            thread: Some(thread),
        })
    }

    /// Another handle to this writer.
    pub fn handle(&self) -> WriterHandle {
        self.handle.clone()
    }

    /// Commits everything and stops the thread (handles still around then fail to send).
    pub fn close(mut self) -> Result<()> {
        self.stop()
    }

    fn stop(&mut self) -> Result<()> {
        let Some(t) = self.thread.take() else { return Ok(()) };
        let _ = self.handle.tx.send(Msg::Close);
        t.join()
            .map_err(|_| StoreError::WriterGone("the writer thread panicked".into()))?
    }
}

impl WriterHandle {
    fn send(&self, msg: Msg) -> Result<()> {
        self.tx
            .send(msg)
            .map_err(|_| StoreError::WriterGone(format!("writing {}", self.path.display())))
    }

    /// Queues a machine's tracker events.
    pub fn events(&self, machine: &MachineId, events: Vec<Event>) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.send(Msg::Events(machine.clone(), events))
    }

    /// Gives a stop (keyed by its start) a reason; the recorded interval is not changed.
    pub fn assign_reason(&self, machine: &MachineId, stop_start: Ts, reason: &str, note: &str) -> Result<()> {
        self.assign_reason_by(machine, stop_start, reason, note, None)
    }

    /// [`WriterHandle::assign_reason`], stored with the name of the operator who entered it
    /// (at a tablet of `[display]`).
    pub fn assign_reason_by(
        &self,
        machine: &MachineId,
        stop_start: Ts,
        reason: &str,
        note: &str,
        operator: Option<&str>,
    ) -> Result<()> {
        self.send(Msg::AssignReason {
            machine: machine.clone(),
            stop_start,
            reason: reason.to_string(),
            note: note.to_string(),
            operator: operator.map(str::to_string),
        })
    }

    /// Splits the stop that contains `at` in two there: from `at` on it is another stop,
    /// keyed by `at`, with a reason of its own. The recorded interval is not changed.
    pub fn split_stop(&self, machine: &MachineId, at: Ts) -> Result<()> {
        self.send(Msg::Split(machine.clone(), at))
    }

    /// Records operator scrap.
    pub fn scrap(&self, machine: &MachineId, entry: ScrapEntry) -> Result<()> {
        self.scrap_by(machine, entry, None)
    }

    /// [`WriterHandle::scrap`], stored with the name of the operator who entered it.
    pub fn scrap_by(&self, machine: &MachineId, entry: ScrapEntry, operator: Option<&str>) -> Result<()> {
        self.send(Msg::Scrap(machine.clone(), entry, operator.map(str::to_string)))
    }

    /// Records a maintenance log entry (a technician's: source `operator`).
    pub fn maintenance(&self, machine: &MachineId, event: MaintenanceEvent) -> Result<()> {
        self.send(Msg::Maintenance(machine.clone(), event))
    }

    /// Records a scheduled report delivered (its PDFs written) or mailed; committed at once.
    pub fn delivered(&self, d: crate::Delivery) -> Result<()> {
        self.send(Msg::Delivery(d))
    }

    /// Records the config Takt runs with, if it changed since last time.
    pub fn config(&self, text: &str) -> Result<()> {
        self.send(Msg::Config(text.to_string()))
    }

    /// Commits everything sent so far and waits for it.
    pub fn flush(&self) -> Result<()> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.send(Msg::Flush(reply))?;
        answer
            .recv()
            .map_err(|_| StoreError::WriterGone(format!("writing {}", self.path.display())))?
            .map_err(StoreError::WriterGone)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            tracing::error!("closing the store: {e}");
        }
    }
}

/// How long a batch that could not be written waits before it is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(1);
/// How many times a batch is tried once the writer is closing.
const TRIES_WHEN_CLOSING: u32 = 5;

fn run(mut conn: Connection, rx: Receiver<Msg>, path: &Path) -> Result<()> {
    let mut known = HashSet::new();
    // A batch that could not be written stays here and takes in what arrives next.
    let mut pending: Option<Batch> = None;
    let mut closing = false;
    let mut tries_left = TRIES_WHEN_CLOSING;
    // A failure (a lock, a full disk) is said when it starts, then once a minute while it
    // lasts, and its end is said with the number of tries.
    let mut failing: Option<(Instant, u32)> = None;
    loop {
        let started = Instant::now();
        let mut batch = match pending.take() {
            Some(b) => b,
            None => match rx.recv() {
                Ok(Msg::Close) | Err(_) => return Ok(()),
                Ok(first) => {
                    let mut b = Batch::default();
                    b.add(first);
                    b
                }
            },
        };
        let wait = if batch.failed { RETRY_AFTER } else { COMMIT_EVERY };
        while !closing && (!batch.commit_now || batch.failed) {
            match rx.recv_timeout(wait.saturating_sub(started.elapsed())) {
                Ok(Msg::Close) | Err(RecvTimeoutError::Disconnected) => closing = true,
                Ok(msg) => batch.add(msg),
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        match write_batch(&mut conn, &batch, &mut known) {
            Ok(skipped) => {
                if let Some((_, tries)) = failing.take() {
                    tracing::warn!(db = %path.display(), "written again, after {tries} failed tries; nothing was lost");
                }
                let outcome = skipped.map_or(Ok(()), Err);
                for reply in batch.replies {
                    let _ = reply.send(outcome.clone());
                }
            }
            Err(e) => {
                // Nothing of the batch was committed: counts and the baselines they came
                // from stay together, in memory, for the next try.
                let now = Instant::now();
                match &mut failing {
                    None => {
                        tracing::error!(db = %path.display(), "cannot write, will try again every second (what is polled meanwhile is kept): {e}");
                        failing = Some((now, 1));
                    }
                    Some((said, tries)) => {
                        *tries += 1;
                        if now.duration_since(*said) >= Duration::from_secs(60) {
                            tracing::error!(db = %path.display(), "still cannot write after {tries} tries: {e}");
                            *said = now;
                        }
                    }
                }
                for reply in batch.replies.drain(..) {
                    let _ = reply.send(Err(format!("not written yet, will try again: {e}")));
                }
                if closing {
                    tries_left -= 1;
                    if tries_left == 0 {
                        tracing::error!(db = %path.display(), "giving up; what was not written is recounted over the gap at the next start");
                        return Ok(());
                    }
                }
                batch.failed = true;
                pending = Some(batch);
            }
        }
        if closing && pending.is_none() {
            // Drain what is still queued, then stop.
            match rx.try_recv() {
                Ok(Msg::Close) | Err(_) => return Ok(()),
                Ok(msg) => {
                    let mut b = Batch::default();
                    b.add(msg);
                    pending = Some(b);
                }
            }
        }
    }
}

/// Whether an error will likely pass (a lock, I/O, a full disk) rather than being a
/// problem of the data itself (a constraint the row breaks).
fn transient(e: &rusqlite::Error) -> bool {
    !matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

/// Writes a batch in one IMMEDIATE transaction, all or nothing. A statement the data
/// itself breaks is skipped (and returned, for whoever flushes); any other failure rolls
/// the whole batch back.
fn write_batch(
    conn: &mut Connection,
    batch: &Batch,
    known: &mut HashSet<MachineId>,
) -> rusqlite::Result<Option<String>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut newly_known = Vec::new();
    let skipped = batch.write(&tx, known, &mut newly_known)?;
    tx.commit()?;
    known.extend(newly_known);
    Ok(skipped)
}

/// What arrived since the last commit, coalesced: only the last version of an open
/// interval or a baseline is written, and count and energy increments are summed per
/// minute bucket first.
#[derive(Default)]
struct Batch {
    first_seen: HashMap<MachineId, Ts>,
    intervals: BTreeMap<(MachineId, i64), StateInterval>,
    counts: BTreeMap<(MachineId, i64, String, bool), (u64, u64)>,
    energy: BTreeMap<(MachineId, i64), EnergySums>,
    /// Alarm episodes, the last version of each.
    alarms: BTreeMap<(MachineId, String, i64), AlarmEpisode>,
    /// Process readings to store (those the tracker kept).
    process: Vec<(MachineId, String, Ts, f64)>,
    /// Every reading, summed per machine, value and minute.
    process_minutes: BTreeMap<(MachineId, String, i64), write::MinuteStats>,
    products: Vec<(MachineId, Ts, Option<String>, Option<u64>)>,
    baselines: BTreeMap<(MachineId, Counter), Baseline>,
    reasons: Vec<(MachineId, Ts, String, String, Option<String>)>,
    scrap: Vec<(MachineId, ScrapEntry, Option<String>)>,
    splits: Vec<(MachineId, Ts)>,
    maintenance: Vec<(MachineId, MaintenanceEvent)>,
    configs: Vec<String>,
    deliveries: Vec<crate::Delivery>,
    replies: Vec<SyncSender<std::result::Result<(), String>>>,
    /// A state changed, an operator entered something or someone waits: commit now.
    commit_now: bool,
    /// An earlier try to write it failed.
    failed: bool,
}

impl Batch {
    fn add(&mut self, msg: Msg) {
        match msg {
            Msg::Events(machine, events) => {
                for e in events {
                    self.event(&machine, e);
                }
            }
            Msg::AssignReason {
                machine,
                stop_start,
                reason,
                note,
                operator,
            } => {
                self.reasons.push((machine, stop_start, reason, note, operator));
                self.commit_now = true;
            }
            Msg::Scrap(machine, entry, operator) => {
                self.scrap.push((machine, entry, operator));
                self.commit_now = true;
            }
            Msg::Split(machine, at) => {
                self.splits.push((machine, at));
                self.commit_now = true;
            }
            Msg::Maintenance(machine, event) => {
                self.maintenance.push((machine, event));
                self.commit_now = true;
            }
            Msg::Config(text) => self.configs.push(text),
            Msg::Delivery(d) => {
                self.deliveries.push(d);
                self.commit_now = true;
            }
            Msg::Flush(reply) => {
                self.replies.push(reply);
                self.commit_now = true;
            }
            Msg::Close => {}
        }
    }

    fn event(&mut self, m: &MachineId, e: Event) {
        if let Some(t) = event_time(&e) {
            let seen = self.first_seen.entry(m.clone()).or_insert(t);
            *seen = (*seen).min(t);
        }
        match e {
            Event::Interval(i) => {
                // A new interval starts where it was first seen: that is a state change.
                self.commit_now |= i.end == i.start;
                self.intervals.insert((m.clone(), i.start.0), i);
            }
            Event::Counts(c) => {
                let product = c.product.as_ref().map_or(String::new(), |p| p.to_string());
                for (minute, total, reject) in write::count_buckets(&c) {
                    let b = self
                        .counts
                        .entry((m.clone(), minute, product.clone(), c.over_gap))
                        .or_default();
                    b.0 += total;
                    b.1 += reject;
                }
            }
            Event::Energy(x) => {
                for (minute, kwh) in spread_f64_over_minutes(x.start, x.end, x.kwh) {
                    *self.energy.entry((m.clone(), minute.0)).or_default() +=
                        EnergySums::of(kwh, x.running, x.over_gap);
                }
            }
            Event::Alarm(a) => {
                // An episode that opens or ends is recorded as it happens.
                self.commit_now |= !a.open || a.start == a.end;
                self.alarms.insert((m.clone(), a.signal.clone(), a.start.0), a);
            }
            Event::Process { name, t, value, keep } => {
                match self
                    .process_minutes
                    .entry((m.clone(), name.clone(), t.minute_floor().0))
                {
                    std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().add(value),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(write::MinuteStats::of(value));
                    }
                }
                if keep {
                    self.process.push((m.clone(), name, t, value));
                }
            }
            Event::Product { start, product, code } => {
                self.products
                    .push((m.clone(), start, product.map(|p| p.to_string()), code));
            }
            Event::Baseline { counter, baseline } => {
                self.baselines.insert((m.clone(), counter), baseline);
            }
        }
    }

    /// Writes the batch. A statement the data breaks is logged and skipped (SQLite undoes
    /// only that statement) and the first one is returned; any other error is returned as
    /// `Err`, and the caller rolls everything back.
    fn write(
        &self,
        tx: &Transaction<'_>,
        known: &HashSet<MachineId>,
        newly_known: &mut Vec<MachineId>,
    ) -> rusqlite::Result<Option<String>> {
        let mut first_error: Option<String> = None;
        let mut fatal: Option<rusqlite::Error> = None;
        let mut check = |what: &dyn std::fmt::Display, r: rusqlite::Result<()>| {
            if let Err(e) = r {
                if transient(&e) {
                    fatal.get_or_insert(e);
                } else {
                    tracing::error!("store: {what}: {e}");
                    first_error.get_or_insert_with(|| format!("{what}: {e}"));
                }
            }
        };
        for (m, t) in &self.first_seen {
            if !known.contains(m) {
                check(m, write::machine(tx, m, *t));
                newly_known.push(m.clone());
            }
        }
        for ((m, _), i) in &self.intervals {
            check(
                &format_args!("{m}: interval at {}", i.start),
                write::interval(tx, m, i, Source::Live),
            );
        }
        for ((m, minute, product, gap), (total, reject)) in &self.counts {
            check(
                &format_args!("{m}: counts"),
                write::add_counts(tx, m, *minute, product, *gap, *total, *reject),
            );
        }
        for ((m, minute), e) in &self.energy {
            check(&format_args!("{m}: energy"), write::add_energy(tx, m, *minute, *e));
        }
        for ((m, name, _), a) in &self.alarms {
            check(
                &format_args!("{m}: alarm of {name} at {}", a.start),
                write::alarm(tx, m, a),
            );
        }
        for (m, name, t, value) in &self.process {
            check(
                &format_args!("{m}: process {name}"),
                write::process_raw(tx, m, name, *t, *value),
            );
        }
        for ((m, name, minute), stats) in &self.process_minutes {
            check(
                &format_args!("{m}: process {name} per minute"),
                write::process_minute(tx, m, name, *minute, *stats),
            );
        }
        // Raw process values are kept for RAW_PROCESS_DAYS; the per-minute min/avg/max stay.
        let mut newest: BTreeMap<(&MachineId, &str), Ts> = BTreeMap::new();
        for (m, name, t, _) in &self.process {
            let e = newest.entry((m, name.as_str())).or_insert(*t);
            *e = (*e).max(*t);
        }
        for ((m, name), t) in newest {
            let before = Ts(t.0 - RAW_PROCESS_DAYS * DAY_MS);
            check(
                &format_args!("{m}: pruning raw {name}"),
                write::prune_process(tx, m, name, before),
            );
        }
        for (m, start, product, code) in &self.products {
            check(
                &format_args!("{m}: product"),
                write::product(tx, m, *start, product.as_deref(), *code),
            );
        }
        for ((m, counter), b) in &self.baselines {
            check(&format_args!("{m}: baseline"), write::baseline(tx, m, *counter, b));
        }
        for (m, stop_start, reason, note, operator) in &self.reasons {
            check(
                &format_args!("{m}: reason for the stop at {stop_start}"),
                write::assign_reason(tx, m, *stop_start, reason, note, operator.as_deref()),
            );
        }
        for (m, at) in &self.splits {
            check(
                &format_args!("{m}: split of the stop at {at}"),
                write::split_stop(tx, m, *at),
            );
        }
        for (m, entry, operator) in &self.scrap {
            check(
                &format_args!("{m}: scrap"),
                write::scrap(tx, m, entry, Source::Operator, operator.as_deref()),
            );
        }
        for (m, e) in &self.maintenance {
            check(
                &format_args!("{m}: maintenance"),
                write::maintenance(tx, m, e, Source::Operator),
            );
        }
        for text in &self.configs {
            check(&"config history", write::config_text(tx, text).map(|_| ()));
        }
        for d in &self.deliveries {
            check(&format_args!("delivery of {}", d.label), write::delivery(tx, d));
        }
        match fatal {
            Some(e) => Err(e),
            None => Ok(first_error),
        }
    }
}

fn event_time(e: &Event) -> Option<Ts> {
    match e {
        Event::Interval(i) => Some(i.start),
        Event::Counts(c) => Some(c.start),
        Event::Energy(x) => Some(x.start),
        Event::Alarm(a) => Some(a.start),
        Event::Process { t, .. } => Some(*t),
        Event::Product { start, .. } => Some(*start),
        Event::Baseline { baseline, .. } => Some(baseline.t),
    }
}

/// Writes a whole history (the demo plant's past, say) in one transaction, coalesced
/// like a live batch: one row per interval, counts summed per minute.
pub fn write_history(
    db: &Path,
    events: Vec<(MachineId, Vec<Event>)>,
    maintenance: Vec<(MachineId, MaintenanceEvent)>,
) -> Result<()> {
    let mut conn = crate::open_write(db)?;
    let mut batch = Batch::default();
    for (m, evs) in events {
        for e in evs {
            batch.event(&m, e);
        }
    }
    batch.maintenance = maintenance;
    match write_batch(&mut conn, &batch, &mut HashSet::new()) {
        Ok(None) => Ok(()),
        Ok(Some(skipped)) => Err(StoreError::WriterGone(skipped)),
        Err(error) => Err(StoreError::Sqlite {
            path: db.to_path_buf(),
            error,
        }),
    }
}
