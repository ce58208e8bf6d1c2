//! Importing history: checked rows (from `takt_core::import`) written in one
//! transaction, all or none.
//!
//! Before anything is written, every row is checked against the history already stored:
//! a row overlapping stored state intervals or count buckets of its machine, a scrap or
//! maintenance row already stored, or a file already imported, is refused with its
//! line, and the transaction is rolled back untouched.

use std::collections::BTreeSet;
use std::path::Path;

use chrono_tz::Tz;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::Digest;
use takt_core::ids::MachineId;
use takt_core::import::{ImportErrors, Kind, MAX_ERRORS, RowError, Rows};
use takt_core::model::CountIncrement;
use takt_core::time::Ts;

use crate::write::{self, Source};
use crate::{Context, StoreError};

/// Why an import was refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows clash with stored history.
    #[error("{0}")]
    Rows(ImportErrors),
    /// This very file was imported before.
    #[error("{file}: already imported on {when} ({rows} rows): nothing was written")]
    AlreadyImported {
        /// The file.
        file: String,
        /// When, plant-local.
        when: String,
        /// How many rows it had.
        rows: i64,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Rows written.
    pub rows: usize,
    /// Machines they were for.
    pub machines: BTreeSet<MachineId>,
    /// Earliest time in the rows.
    pub first: Option<Ts>,
    /// Latest time in the rows.
    pub last: Option<Ts>,
}

/// A checked import file.
#[derive(Debug, Clone, Copy)]
pub struct ImportFile<'a> {
    /// What it holds.
    pub kind: Kind,
    /// Its name, for messages and the import log.
    pub name: &'a str,
    /// Its bytes, to recognise it if it comes again.
    pub bytes: &'a [u8],
    /// Its rows, parsed and checked by `takt_core::import::parse`.
    pub rows: &'a Rows,
}

/// Writes a file's rows into the database at `db`, with the text of the config they were
/// checked against (recorded in the config history when it is new). `progress` is called
/// with the number of rows written so far.
pub fn import(
    db: &Path,
    file: &ImportFile<'_>,
    config_text: &str,
    tz: Tz,
    progress: &mut dyn FnMut(usize),
) -> Result<Imported, ImportError> {
    // A refused import leaves no trace: not even the database file it would have made.
    let existed = db.exists();
    let result = import_into(db, file, config_text, tz, progress);
    if result.is_err() && !existed {
        for ext in ["", "-wal", "-shm"] {
            let mut f = db.as_os_str().to_owned();
            f.push(ext);
            let _ = std::fs::remove_file(f);
        }
    }
    result
}

fn import_into(
    db: &Path,
    file: &ImportFile<'_>,
    config_text: &str,
    tz: Tz,
    progress: &mut dyn FnMut(usize),
) -> Result<Imported, ImportError> {
    let ImportFile {
        kind,
        name: file,
        bytes: text,
        rows,
    } = *file;
    let sha = format!("{:x}", sha2::Sha256::digest(text));
    let mut conn = crate::open_write(db)?;
    // IMMEDIATE: no other writer can slip in between the checks and the inserts.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).at(db)?;

    let earlier: Option<(i64, i64)> = tx
        .query_row(
            "SELECT imported_ms, rows FROM import_log WHERE kind = ?1 AND sha256 = ?2",
            params![kind.as_str(), sha],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .at(db)?;
    if let Some((when, n)) = earlier {
        return Err(ImportError::AlreadyImported {
            file: file.to_string(),
            when: Ts(when).to_local(tz).format("%Y-%m-%d %H:%M").to_string(),
            rows: n,
        });
    }

    let mut errors: Vec<RowError> = Vec::new();
    let mut more = 0usize;
    let mut refuse = |line: u64, column: Option<&'static str>, message: String| {
        if errors.len() < MAX_ERRORS {
            errors.push(RowError { line, column, message });
        } else {
            more += 1;
        }
    };
    let fmt = |t: i64| Ts(t).rfc3339(tz);
    // History after the last reading Takt took of a machine would be counted twice: the
    // next start counts the counter's movement since that reading over the gap.
    if matches!(rows, Rows::States(_) | Rows::Counts(_)) {
        let mut last_read = tx
            .prepare("SELECT max(t_ms) FROM counter_baseline WHERE machine = ?1")
            .at(db)?;
        let spans: Vec<(u64, &MachineId, Ts)> = match rows {
            Rows::States(rs) => rs.iter().map(|r| (r.line, &r.machine, r.interval.end)).collect(),
            Rows::Counts(rs) => rs.iter().map(|r| (r.line, &r.machine, r.end)).collect(),
            _ => Vec::new(),
        };
        for (line, m, end) in spans {
            let last: Option<i64> = last_read.query_row(params![m.as_str()], |x| x.get(0)).at(db)?;
            if let Some(last) = last.filter(|l| end.0 > *l) {
                refuse(
                    line,
                    Some("end"),
                    format!(
                        "ends after Takt's last reading of machine \"{m}\" ({}): the next start counts that time from the machine's counter; expected history before it",
                        fmt(last)
                    ),
                );
            }
        }
    }
    match rows {
        Rows::States(rs) => {
            let mut stmt = tx
                .prepare(
                    "SELECT start_ms, end_ms, state FROM state_interval
                     WHERE machine = ?1 AND start_ms >= coalesce((SELECT max(start_ms) FROM state_interval WHERE machine = ?1 AND start_ms <= ?2), ?2)
                       AND start_ms < ?3 AND end_ms > ?2 AND end_ms > start_ms LIMIT 1",
                )
                .at(db)?;
            for r in rs {
                let hit: Option<(i64, i64, String)> = stmt
                    .query_row(params![r.machine.as_str(), r.interval.start.0, r.interval.end.0], |x| {
                        Ok((x.get(0)?, x.get(1)?, x.get(2)?))
                    })
                    .optional()
                    .at(db)?;
                if let Some((s, e, state)) = hit {
                    refuse(
                        r.line,
                        Some("start"),
                        format!(
                            "overlaps history already stored for machine \"{}\" ({state} from {} to {}): expected rows outside the stored history",
                            r.machine,
                            fmt(s),
                            fmt(e)
                        ),
                    );
                }
            }
        }
        Rows::Counts(rs) => {
            let mut stmt = tx
                .prepare("SELECT minute_ms FROM count_bucket WHERE machine = ?1 AND minute_ms >= ?2 AND minute_ms < ?3 LIMIT 1")
                .at(db)?;
            for r in rs {
                let hit: Option<i64> = stmt
                    .query_row(params![r.machine.as_str(), r.start.minute_floor().0, r.end.0], |x| {
                        x.get(0)
                    })
                    .optional()
                    .at(db)?;
                if let Some(minute) = hit {
                    refuse(
                        r.line,
                        Some("start"),
                        format!(
                            "overlaps counts already stored for machine \"{}\" (the minute from {}): expected rows outside the stored history",
                            r.machine,
                            fmt(minute)
                        ),
                    );
                }
            }
        }
        Rows::Scrap(rs) => {
            let mut stmt = tx
                .prepare("SELECT 1 FROM scrap_entry WHERE machine = ?1 AND t_ms = ?2 AND quantity = ?3 AND reason IS ?4 AND product IS ?5 LIMIT 1")
                .at(db)?;
            for r in rs {
                let e = &r.entry;
                let hit = stmt
                    .exists(params![
                        r.machine.as_str(),
                        e.t.0,
                        e.quantity as i64,
                        e.reason.as_ref().map(|x| x.as_str()),
                        e.product.as_ref().map(|x| x.as_str())
                    ])
                    .at(db)?;
                if hit {
                    refuse(
                        r.line,
                        None,
                        format!(
                            "the same scrap entry is already stored for machine \"{}\" at {}: expected each entry once",
                            r.machine,
                            fmt(e.t.0)
                        ),
                    );
                }
            }
        }
        Rows::Maintenance(rs) => {
            let mut stmt = tx
                .prepare("SELECT 1 FROM maintenance_event WHERE machine = ?1 AND component = ?2 AND t_ms = ?3 AND kind = ?4 LIMIT 1")
                .at(db)?;
            for r in rs {
                let e = &r.event;
                if stmt
                    .exists(params![r.machine.as_str(), e.component, e.t.0, e.kind.as_str()])
                    .at(db)?
                {
                    refuse(
                        r.line,
                        None,
                        format!(
                            "{} of \"{}\" at {} is already stored for machine \"{}\": expected each event once",
                            e.kind.with_article(),
                            e.component,
                            fmt(e.t.0),
                            r.machine
                        ),
                    );
                }
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(ImportError::Rows(ImportErrors {
            file: file.to_string(),
            errors,
            more,
        }));
    }

    let mut summary = Imported {
        rows: rows.len(),
        machines: BTreeSet::new(),
        first: None,
        last: None,
    };
    let seen = |m: &MachineId, a: Ts, b: Ts, summary: &mut Imported| {
        summary.machines.insert(m.clone());
        summary.first = Some(summary.first.map_or(a, |f| f.min(a)));
        summary.last = Some(summary.last.map_or(b, |l| l.max(b)));
    };
    let mut done = 0usize;
    let mut tick = |done: &mut usize| {
        *done += 1;
        if done.is_multiple_of(1024) {
            progress(*done);
        }
    };
    match rows {
        Rows::States(rs) => {
            for r in rs {
                write::machine(&tx, &r.machine, r.interval.start).at(db)?;
                write::interval(&tx, &r.machine, &r.interval, Source::Import).at(db)?;
                seen(&r.machine, r.interval.start, r.interval.end, &mut summary);
                tick(&mut done);
            }
        }
        Rows::Counts(rs) => {
            let mut run = tx
                .prepare(
                    "INSERT OR IGNORE INTO product_run (machine, start_ms, end_ms, product) VALUES (?1, ?2, ?3, ?4)",
                )
                .at(db)?;
            for r in rs {
                write::machine(&tx, &r.machine, r.start).at(db)?;
                let c = CountIncrement {
                    start: r.start,
                    end: r.end,
                    product: r.product.clone(),
                    total: r.total,
                    reject: r.reject,
                    over_gap: false,
                };
                write::counts(&tx, &r.machine, &c).at(db)?;
                if let Some(p) = &r.product {
                    run.execute(params![r.machine.as_str(), r.start.0, r.end.0, p.as_str()])
                        .at(db)?;
                }
                seen(&r.machine, r.start, r.end, &mut summary);
                tick(&mut done);
            }
        }
        Rows::Scrap(rs) => {
            for r in rs {
                write::machine(&tx, &r.machine, r.entry.t).at(db)?;
                write::scrap(&tx, &r.machine, &r.entry, Source::Import, None).at(db)?;
                seen(&r.machine, r.entry.t, r.entry.t, &mut summary);
                tick(&mut done);
            }
        }
        Rows::Maintenance(rs) => {
            for r in rs {
                write::machine(&tx, &r.machine, r.event.t).at(db)?;
                write::maintenance(&tx, &r.machine, &r.event, Source::Import).at(db)?;
                seen(&r.machine, r.event.t, r.event.t, &mut summary);
                tick(&mut done);
            }
        }
    }
    tx.execute(
        "INSERT INTO import_log (kind, file, sha256, rows, imported_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind.as_str(), file, sha, rows.len() as i64, crate::now_ms()],
    )
    .at(db)?;
    write::config_text(&tx, config_text).at(db)?;
    tx.commit().at(db)?;
    progress(done);
    Ok(summary)
}
