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

use rusqlite::Connection;
use takt_core::ids::MachineId;
use takt_core::model::ScrapEntry;
use takt_core::time::Ts;
use takt_core::tracker::Event;

use crate::write::{self, Source};
use crate::{Context, Result, StoreError};

/// Longest time an event waits before it is committed.
const COMMIT_EVERY: Duration = Duration::from_secs(1);

enum Msg {
    Events(MachineId, Vec<Event>),
    AssignReason {
        machine: MachineId,
        stop_start: Ts,
        reason: String,
        note: String,
    },
    Scrap(MachineId, ScrapEntry),
    Config(String),
    Flush(SyncSender<std::result::Result<(), String>>),
}

/// Handle to the writer thread. Dropping it without [`Writer::close`] still commits what
/// was sent.
pub struct Writer {
    tx: Option<SyncSender<Msg>>,
    thread: Option<JoinHandle<Result<()>>>,
    path: PathBuf,
}

impl Writer {
    /// Opens the database (creating and migrating it as needed) and starts the writer.
    pub fn spawn(path: &Path) -> Result<Writer> {
        let conn = crate::open_write(path)?;
        let (tx, rx) = mpsc::sync_channel(4096);
        let p = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("takt-store-writer".into())
            .spawn(move || run(conn, rx, &p))
            .map_err(|e| StoreError::WriterGone(e.to_string()))?;
        Ok(Writer {
            tx: Some(tx),
            thread: Some(thread),
            path: path.to_path_buf(),
        })
    }

    fn send(&self, msg: Msg) -> Result<()> {
        self.tx
            .as_ref()
            .ok_or_else(|| StoreError::WriterGone("closed".into()))?
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
        self.send(Msg::AssignReason {
            machine: machine.clone(),
            stop_start,
            reason: reason.to_string(),
            note: note.to_string(),
        })
    }

    /// Records operator scrap.
    pub fn scrap(&self, machine: &MachineId, entry: ScrapEntry) -> Result<()> {
        self.send(Msg::Scrap(machine.clone(), entry))
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

    /// Commits everything and stops the thread.
    pub fn close(mut self) -> Result<()> {
        self.stop()
    }

    fn stop(&mut self) -> Result<()> {
        drop(self.tx.take());
        match self.thread.take() {
            Some(t) => t
                .join()
                .map_err(|_| StoreError::WriterGone("the writer thread panicked".into()))?,
            None => Ok(()),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            tracing::error!("closing the store: {e}");
        }
    }
}

fn run(mut conn: Connection, rx: Receiver<Msg>, path: &Path) -> Result<()> {
    let mut known = std::collections::HashSet::new();
    let mut last_error: Option<String> = None;
    while let Ok(first) = rx.recv() {
        let started = Instant::now();
        let mut replies = Vec::new();
        let tx = conn.transaction().at(path)?;
        let mut commit_now = apply(&tx, first, &mut known, &mut replies, &mut last_error);
        while !commit_now {
            let left = COMMIT_EVERY.saturating_sub(started.elapsed());
            match rx.recv_timeout(left) {
                Ok(msg) => commit_now = apply(&tx, msg, &mut known, &mut replies, &mut last_error),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        if let Err(e) = tx.commit() {
            tracing::error!(db = %path.display(), "commit failed, this batch is lost and will be recounted over the gap: {e}");
            last_error = Some(e.to_string());
        }
        for reply in replies {
            let _ = reply.send(last_error.take().map_or(Ok(()), Err));
        }
    }
    Ok(())
}

/// Applies one message; returns whether the batch should be committed now.
fn apply(
    tx: &rusqlite::Transaction<'_>,
    msg: Msg,
    known: &mut std::collections::HashSet<MachineId>,
    replies: &mut Vec<SyncSender<std::result::Result<(), String>>>,
    last_error: &mut Option<String>,
) -> bool {
    let mut fail = |what: &str, e: rusqlite::Error| {
        tracing::error!("store: {what}: {e}");
        *last_error = Some(format!("{what}: {e}"));
    };
    match msg {
        Msg::Events(machine, events) => {
            if !known.contains(&machine) {
                let first = events.iter().find_map(event_time).unwrap_or(Ts(crate::now_ms()));
                match write::machine(tx, &machine, first) {
                    Ok(()) => {
                        known.insert(machine.clone());
                    }
                    Err(e) => fail(machine.as_str(), e),
                }
            }
            let mut state_change = false;
            for e in &events {
                if let Event::Interval(i) = e {
                    // A new interval starts where it was first seen: that is a state change.
                    state_change |= i.end == i.start;
                }
                if let Err(err) = write::event(tx, &machine, e) {
                    fail(&format!("{machine}: {e:?}"), err);
                }
            }
            state_change
        }
        Msg::AssignReason {
            machine,
            stop_start,
            reason,
            note,
        } => {
            if let Err(e) = write::assign_reason(tx, &machine, stop_start, &reason, &note) {
                fail(&format!("{machine}: reason for the stop at {stop_start}"), e);
            }
            true
        }
        Msg::Scrap(machine, entry) => {
            if let Err(e) = write::scrap(tx, &machine, &entry, Source::Operator) {
                fail(&format!("{machine}: scrap"), e);
            }
            true
        }
        Msg::Config(text) => {
            if let Err(e) = write::config_text(tx, &text) {
                fail("config history", e);
            }
            false
        }
        Msg::Flush(reply) => {
            replies.push(reply);
            true
        }
    }
}

fn event_time(e: &Event) -> Option<Ts> {
    match e {
        Event::Interval(i) => Some(i.start),
        Event::Counts(c) => Some(c.start),
        Event::Energy(x) => Some(x.start),
        Event::Process { t, .. } => Some(*t),
        Event::Product { start, .. } => Some(*start),
        Event::Baseline { baseline, .. } => Some(baseline.t),
    }
}
