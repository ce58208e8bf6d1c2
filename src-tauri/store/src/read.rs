//! Queries, on read-only connections.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use takt_core::ids::{MachineId, ProductId, ReasonCode};
use takt_core::model::{
    AlarmEpisode, CountRow, EnergySums, LimitKind, MachineState, MaintenanceEvent, MaintenanceKind, ProcessMinute,
    ProductRun, ScrapEntry, StateInterval, StopEntries, apply_stop_entries,
};
use takt_core::time::{HOUR_MS, MINUTE_MS, Ts};
use takt_core::tracker::{Baseline, Counter, Resume};

use crate::minute_hour;
use crate::{Context, Result};

/// The minute of a slot of an hour's row.
fn minute_of(hour_ms: i64, slot: usize) -> Ts {
    Ts(hour_ms + slot as i64 * MINUTE_MS)
}

/// A read-only view of the store.
pub struct Reader {
    conn: Connection,
    path: PathBuf,
}

/// Parts recorded for a machine over a range, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MachineTotals {
    /// Parts counted while observed.
    pub total: u64,
    /// Of which rejected by the machine.
    pub reject: u64,
    /// Parts counted over `no data` gaps.
    pub over_gap: u64,
}

fn product(s: Option<String>) -> Option<ProductId> {
    s.filter(|s| !s.is_empty()).and_then(|s| ProductId::new(s).ok())
}

fn reason(s: Option<String>) -> Option<ReasonCode> {
    s.and_then(|s| ReasonCode::new(s).ok())
}

/// A state interval from the columns `start_ms, end_ms, state, reason, fault_code`
/// (read in place: a year of a hundred machines is a million rows).
fn interval_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StateInterval> {
    let state = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
    let reason = match r.get_ref(3)? {
        rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(|s| ReasonCode::new(s).ok()),
        _ => None,
    };
    Ok(StateInterval {
        start: Ts(r.get(0)?),
        end: Ts(r.get(1)?),
        state: MachineState::parse(state).unwrap_or(MachineState::NoData),
        reason,
        fault_code: r.get::<_, Option<i64>>(4)?.map(|c| c as u64),
    })
}

/// An alarm episode from the columns `name, kind, limit_value, worst, start_ms, end_ms, open`.
fn alarm_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AlarmEpisode> {
    Ok(AlarmEpisode {
        signal: r.get(0)?,
        kind: LimitKind::parse(&r.get::<_, String>(1)?).unwrap_or(LimitKind::High),
        limit: r.get(2)?,
        worst: r.get(3)?,
        start: Ts(r.get(4)?),
        end: Ts(r.get(5)?),
        open: r.get(6)?,
    })
}

fn hour_floor(t: i64) -> i64 {
    t.div_euclid(HOUR_MS) * HOUR_MS
}

fn hour_ceil(t: i64) -> i64 {
    hour_floor(t) + if t.rem_euclid(HOUR_MS) == 0 { 0 } else { HOUR_MS }
}

/// The whole hours an hourly cache is read over for `spans` (sorted): `None` without spans.
/// `spans` with the first one starting at its minute: the minute a span starts inside
/// counts in it (the first minute a machine was seen in holds parts counted from its
/// first reading on; the spans after it start where the one before ends).
fn from_minute(spans: &[(Ts, Ts)]) -> Vec<(Ts, Ts)> {
    let mut out = spans.to_vec();
    if let Some(first) = out.first_mut() {
        first.0 = first.0.minute_floor();
    }
    out
}

fn whole_hours(spans: &[(Ts, Ts)]) -> Option<(i64, i64)> {
    let (first, last) = (spans.first()?, spans.last()?);
    Some((hour_ceil(first.0.0), hour_floor(last.1.0)))
}

/// For one span of a walk over sorted spans: hands `add` each row of an hourly cache
/// (`hours`, sorted by their hour, the first field; `h` the walk's position) whose hour
/// lies wholly inside `[from, to)`, and returns the ragged ends left to read from the
/// minutes.
fn hour_rows<K, V>(
    hours: &[(i64, K, V)],
    h: &mut usize,
    from: Ts,
    to: Ts,
    mut add: impl FnMut(&(i64, K, V)),
) -> Vec<(i64, i64)> {
    let (first_hour, last_hour) = (hour_ceil(from.0), hour_floor(to.0));
    if first_hour >= last_hour {
        return vec![(from.0, to.0)].into_iter().filter(|(a, b)| a < b).collect();
    }
    while *h < hours.len() && hours[*h].0 < first_hour {
        *h += 1;
    }
    while *h < hours.len() && hours[*h].0 < last_hour {
        add(&hours[*h]);
        *h += 1;
    }
    [(from.0, first_hour), (last_hour, to.0)]
        .into_iter()
        .filter(|(a, b)| a < b)
        .collect()
}

impl Reader {
    /// Opens an existing database read-only.
    pub fn open(path: &Path) -> Result<Reader> {
        Ok(Reader {
            conn: crate::open_read(path)?,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs a query and collects its rows.
    fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        let rows = stmt.query_map(params, map).at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// Runs a query expected to give at most one row.
    fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        stmt.query_row(params, map).optional().at(&self.path)
    }

    /// Machines with recorded history.
    pub fn machines(&self) -> Result<Vec<MachineId>> {
        let ids = self.rows("SELECT id FROM machine ORDER BY id", [], |r| r.get::<_, String>(0))?;
        Ok(ids.into_iter().filter_map(|s| MachineId::new(s).ok()).collect())
    }

    /// State intervals overlapping `[from, to)`, whole (not clipped), sorted, with the
    /// operators' entries laid over them ([`apply_stop_entries`]): the reason an operator
    /// gave a stop in place of the recorded one, and a stop an operator split as one
    /// interval per part, each keyed by its own start and with its own reason.
    pub fn intervals(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<StateInterval>> {
        let recorded = self.recorded_intervals(m, from, to)?;
        let Some(first) = recorded.first() else {
            return Ok(recorded);
        };
        let entries = self.stop_entries(m, first.start, to)?;
        let mut out = apply_stop_entries(recorded, &entries);
        out.retain(|i| i.end > from && i.start < to);
        Ok(out)
    }

    /// What operators entered about the stops of `m` that start (or are split) in
    /// `[from, to)`: the latest reason given to each, and the splits.
    pub fn stop_entries(&self, m: &MachineId, from: Ts, to: Ts) -> Result<StopEntries> {
        let reasons = self.rows(
            "SELECT stop_start_ms, reason FROM reason_assignment
             WHERE machine = ?1 AND stop_start_ms >= ?2 AND stop_start_ms < ?3 ORDER BY id",
            params![m.as_str(), from.0, to.0],
            |r| Ok((Ts(r.get(0)?), r.get::<_, String>(1)?)),
        )?;
        let splits = self.rows(
            "SELECT at_ms FROM stop_split WHERE machine = ?1 AND at_ms >= ?2 AND at_ms < ?3 ORDER BY at_ms",
            params![m.as_str(), from.0, to.0],
            |r| Ok(Ts(r.get(0)?)),
        )?;
        Ok(StopEntries {
            // Later entries correct earlier ones.
            reasons: reasons
                .into_iter()
                .filter_map(|(t, code)| ReasonCode::new(code).ok().map(|c| (t, c)))
                .collect(),
            splits,
        })
    }

    /// Who gave each stop of `m` starting in `[from, to)` its reason as it stands (the
    /// latest entry): the operator's name for an entry made at a tablet, else `None`.
    pub fn reasons_entered_by(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<(Ts, Option<String>)>> {
        let all = self.rows(
            "SELECT stop_start_ms, operator FROM reason_assignment
             WHERE machine = ?1 AND stop_start_ms >= ?2 AND stop_start_ms < ?3 ORDER BY id",
            params![m.as_str(), from.0, to.0],
            |r| Ok((Ts(r.get(0)?), r.get::<_, Option<String>>(1)?)),
        )?;
        // Later entries correct earlier ones.
        let latest: std::collections::BTreeMap<Ts, Option<String>> = all.into_iter().collect();
        Ok(latest.into_iter().collect())
    }

    /// The machine's first record (of any kind), if it has one.
    pub fn first_seen(&self, m: &MachineId) -> Result<Option<Ts>> {
        Ok(self
            .row(
                "SELECT first_seen_ms FROM machine WHERE id = ?1",
                params![m.as_str()],
                |r| r.get::<_, i64>(0),
            )?
            .map(Ts))
    }

    /// The intervals as recorded (no operators' entries).
    fn recorded_intervals(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<StateInterval>> {
        // The interval containing `from` starts at the last start at or before it; from
        // there on the primary key walks the range.
        let lower = self
            .row(
                "SELECT max(start_ms) FROM state_interval WHERE machine = ?1 AND start_ms <= ?2",
                params![m.as_str(), from.0],
                |r| r.get::<_, Option<i64>>(0),
            )?
            .flatten()
            .unwrap_or(from.0);
        self.rows(
            "SELECT start_ms, end_ms, state, reason, fault_code FROM state_interval
             WHERE machine = ?1 AND start_ms >= ?2 AND start_ms < ?3 AND end_ms > ?4
             ORDER BY start_ms",
            params![m.as_str(), lower, to.0, from.0],
            interval_row,
        )
    }

    /// Count buckets with their minute in `[from, to)`, sorted by time.
    pub fn counts(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<CountRow>> {
        self.rows(
            "SELECT minute_ms, product, over_gap, total, reject FROM count_bucket
             WHERE machine = ?1 AND minute_ms >= ?2 AND minute_ms < ?3 ORDER BY minute_ms",
            params![m.as_str(), from.0, to.0],
            |r| {
                Ok(CountRow {
                    t: Ts(r.get(0)?),
                    product: product(r.get(1)?),
                    over_gap: r.get(2)?,
                    total: r.get::<_, i64>(3)? as u64,
                    reject: r.get::<_, i64>(4)? as u64,
                })
            },
        )
    }

    /// Count buckets summed per span (by product and gap), each sum timed at its span's
    /// start; spans must be sorted and not overlap. The minute the first span starts
    /// inside counts in it. Whole hours come from the hourly
    /// rollup, read once for all spans; the ragged ends of a span (parts of an hour) from
    /// the minute buckets.
    pub fn count_sums(&self, m: &MachineId, spans: &[(Ts, Ts)]) -> Result<Vec<CountRow>> {
        let read = from_minute(spans);
        let Some(whole) = whole_hours(&read) else {
            return Ok(Vec::new());
        };
        // Every hour row of the whole range, sorted by hour.
        let hours = self.rows(
            "SELECT hour_ms, product, over_gap, total, reject FROM count_hour
             WHERE machine = ?1 AND hour_ms >= ?2 AND hour_ms < ?3 ORDER BY hour_ms",
            params![m.as_str(), whole.0, whole.1],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (r.get::<_, String>(1)?, r.get::<_, bool>(2)?),
                    (r.get::<_, i64>(3)? as u64, r.get::<_, i64>(4)? as u64),
                ))
            },
        )?;
        let mut minutes = self
            .conn
            .prepare_cached(
                "SELECT product, over_gap, sum(total), sum(reject) FROM count_bucket
                 WHERE machine = ?1 AND minute_ms >= ?2 AND minute_ms < ?3 GROUP BY product, over_gap",
            )
            .at(&self.path)?;
        let mut out = Vec::new();
        let mut h = 0usize;
        for (&(from, _), &(lo, to)) in spans.iter().zip(&read) {
            let mut sums: BTreeMap<(String, bool), (u64, u64)> = BTreeMap::new();
            let mut add = |key: (String, bool), (total, reject): (u64, u64)| {
                let e = sums.entry(key).or_default();
                e.0 = e.0.saturating_add(total);
                e.1 = e.1.saturating_add(reject);
            };
            let ragged = hour_rows(&hours, &mut h, lo, to, |(_, key, n)| add(key.clone(), *n));
            for (a, b) in ragged {
                let rows = minutes
                    .query_map(params![m.as_str(), a, b], |r| {
                        Ok((
                            (r.get::<_, String>(0)?, r.get::<_, bool>(1)?),
                            (r.get::<_, i64>(2)? as u64, r.get::<_, i64>(3)? as u64),
                        ))
                    })
                    .at(&self.path)?;
                for row in rows {
                    let (key, n) = row.at(&self.path)?;
                    add(key, n);
                }
            }
            out.extend(sums.into_iter().map(|((p, over_gap), (total, reject))| CountRow {
                t: from,
                product: product(Some(p)),
                over_gap,
                total,
                reject,
            }));
        }
        Ok(out)
    }

    /// Energy used by a machine in each of `spans` (sorted, not overlapping; minutes
    /// starting in a span count in it, and the minute the first starts inside), summed from the hourly cache where a span covers
    /// whole hours and from the minutes at its ragged ends.
    pub fn energy_sums(&self, m: &MachineId, spans: &[(Ts, Ts)]) -> Result<Vec<EnergySums>> {
        let spans = &from_minute(spans);
        let Some(whole) = whole_hours(spans) else {
            return Ok(Vec::new());
        };
        let sums = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<EnergySums> {
            Ok(EnergySums {
                kwh: r.get::<_, Option<f64>>(i)?.unwrap_or(0.0),
                run_kwh: r.get::<_, Option<f64>>(i + 1)?.unwrap_or(0.0),
                no_data_kwh: r.get::<_, Option<f64>>(i + 2)?.unwrap_or(0.0),
            })
        };
        let hours = self.rows(
            "SELECT hour_ms, kwh, run_kwh, gap_kwh FROM energy_hour
             WHERE machine = ?1 AND hour_ms >= ?2 AND hour_ms < ?3 ORDER BY hour_ms",
            params![m.as_str(), whole.0, whole.1],
            |r| Ok((r.get::<_, i64>(0)?, (), sums(r, 1)?)),
        )?;
        let mut minutes = self
            .conn
            .prepare_cached(
                "SELECT sum(kwh), sum(run_kwh), sum(gap_kwh) FROM energy_bucket
                 WHERE machine = ?1 AND minute_ms >= ?2 AND minute_ms < ?3",
            )
            .at(&self.path)?;
        let mut out = Vec::with_capacity(spans.len());
        let mut h = 0usize;
        for &(from, to) in spans {
            let mut total = EnergySums::default();
            for (a, b) in hour_rows(&hours, &mut h, from, to, |(_, _, e)| total += *e) {
                total += minutes
                    .query_row(params![m.as_str(), a, b], |r| sums(r, 0))
                    .at(&self.path)?;
            }
            out.push(total);
        }
        Ok(out)
    }

    /// Runs `f` in one read transaction: every query it makes sees the same committed
    /// state (a report is consistent while the writer commits), and the database's shared
    /// lock is taken once rather than per query.
    pub fn snapshot<T>(&self, f: impl FnOnce(&Reader) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN DEFERRED").at(&self.path)?;
        let result = f(self);
        // A read transaction has nothing to commit; ending it cannot lose anything.
        let end = self.conn.execute_batch("COMMIT").at(&self.path);
        let value = result?;
        end?;
        Ok(value)
    }

    /// The parts recorded for a machine in `[from, to)`.
    pub fn totals(&self, m: &MachineId, from: Ts, to: Ts) -> Result<MachineTotals> {
        self.conn
            .prepare_cached(
                "SELECT coalesce(sum(total) FILTER (WHERE NOT over_gap), 0), coalesce(sum(reject) FILTER (WHERE NOT over_gap), 0),
                        coalesce(sum(total) FILTER (WHERE over_gap), 0)
                 FROM count_bucket WHERE machine = ?1 AND minute_ms >= ?2 AND minute_ms < ?3",
            )
            .at(&self.path)?
            .query_row(params![m.as_str(), from.0, to.0], |r| {
                Ok(MachineTotals {
                    total: r.get::<_, i64>(0)? as u64,
                    reject: r.get::<_, i64>(1)? as u64,
                    over_gap: r.get::<_, i64>(2)? as u64,
                })
            })
            .at(&self.path)
    }

    /// Operator and imported scrap in `[from, to)`.
    pub fn scrap(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<ScrapEntry>> {
        self.rows(
            "SELECT t_ms, quantity, reason, product FROM scrap_entry
             WHERE machine = ?1 AND t_ms >= ?2 AND t_ms < ?3 ORDER BY t_ms, id",
            params![m.as_str(), from.0, to.0],
            |r| {
                Ok(ScrapEntry {
                    t: Ts(r.get(0)?),
                    quantity: r.get::<_, i64>(1)? as u64,
                    reason: reason(r.get(2)?),
                    product: product(r.get(3)?),
                })
            },
        )
    }

    /// Product runs overlapping `[from, to)`; the run still going on ends at `to`.
    pub fn product_runs(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<ProductRun>> {
        self.rows(
            "SELECT start_ms, coalesce(end_ms, ?3), product FROM product_run
             WHERE machine = ?1 AND start_ms < ?3 AND coalesce(end_ms, ?3) > ?2 ORDER BY start_ms",
            params![m.as_str(), from.0, to.0],
            |r| {
                Ok(ProductRun {
                    start: Ts(r.get(0)?),
                    end: Ts(r.get(1)?),
                    product: product(r.get(2)?),
                })
            },
        )
    }

    /// Maintenance log entries in `[from, to)`.
    pub fn maintenance(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<MaintenanceEvent>> {
        self.rows(
            "SELECT component, t_ms, kind, duration_min, note FROM maintenance_event
             WHERE machine = ?1 AND t_ms >= ?2 AND t_ms < ?3 ORDER BY t_ms, id",
            params![m.as_str(), from.0, to.0],
            |r| {
                Ok(MaintenanceEvent {
                    component: r.get(0)?,
                    t: Ts(r.get(1)?),
                    kind: MaintenanceKind::parse(&r.get::<_, String>(2)?).unwrap_or(MaintenanceKind::Inspection),
                    duration_min: r.get(3)?,
                    note: r.get(4)?,
                })
            },
        )
    }

    /// The parts a machine made per minute in `[from, to)`, counts over `no data` gaps left
    /// out, minutes with parts only, oldest first: `(minute, total, reject)`.
    pub fn minute_parts(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<(Ts, u64, u64)>> {
        let mut out = Vec::new();
        self.each_minute_hour(
            "SELECT hour_ms, parts FROM count_minute_hour WHERE machine = ?1 AND hour_ms >= ?2 AND hour_ms < ?3 ORDER BY hour_ms",
            params![m.as_str(), hour_floor(from.0), to.0],
            |hour, blob| {
                for (slot, (total, reject)) in minute_hour::parts(blob)?.enumerate() {
                    let t = minute_of(hour, slot);
                    if total > 0 && t >= from && t < to {
                        out.push((t, total, reject));
                    }
                }
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// A process value's mean per minute in `[from, to)`, oldest first.
    pub fn process_means(&self, m: &MachineId, name: &str, from: Ts, to: Ts) -> Result<Vec<(Ts, f64)>> {
        let mut out = Vec::new();
        self.each_minute_hour(
            "SELECT hour_ms, means FROM process_minute_hour
             WHERE machine = ?1 AND name = ?2 AND hour_ms >= ?3 AND hour_ms < ?4 ORDER BY hour_ms",
            params![m.as_str(), name, hour_floor(from.0), to.0],
            |hour, blob| {
                for (slot, mean) in minute_hour::means(blob)?.enumerate() {
                    let t = minute_of(hour, slot);
                    if !mean.is_nan() && t >= from && t < to {
                        out.push((t, mean));
                    }
                }
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// Runs a query of `hour_ms` and a blob of the minute-hour caches (see
    /// [`minute_hour`]), handing each row's blob over in place.
    fn each_minute_hour(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut each: impl FnMut(i64, &[u8]) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        let mut rows = stmt.query(params).at(&self.path)?;
        while let Some(r) = rows.next().at(&self.path)? {
            let hour: i64 = r.get(0).at(&self.path)?;
            let blob = r.get_ref(1).and_then(|v| Ok(v.as_blob()?)).at(&self.path)?;
            each(hour, blob).at(&self.path)?;
        }
        Ok(())
    }

    /// The first and last minute a process value was read in `[from, to)` (`None`: never).
    pub fn process_span(&self, m: &MachineId, name: &str, from: Ts, to: Ts) -> Result<Option<(Ts, Ts)>> {
        // Two subqueries, so that each is one seek in the key rather than a scan.
        Ok(self
            .row(
                "SELECT (SELECT min(minute_ms) FROM process_minute
                          WHERE machine = ?1 AND name = ?2 AND minute_ms >= ?3 AND minute_ms < ?4),
                        (SELECT max(minute_ms) FROM process_minute
                          WHERE machine = ?1 AND name = ?2 AND minute_ms >= ?3 AND minute_ms < ?4)",
                params![m.as_str(), name, from.0, to.0],
                |r| Ok(r.get::<_, Option<i64>>(0)?.zip(r.get::<_, Option<i64>>(1)?)),
            )?
            .flatten()
            .map(|(a, b)| (Ts(a), Ts(b))))
    }

    /// A schedule's periods delivered that ended from `since` on, oldest first.
    pub fn deliveries(&self, schedule: &str, since: Ts) -> Result<Vec<crate::Delivery>> {
        self.rows(
            "SELECT period_start_ms, period_end_ms, label, written_ms, mailed_ms FROM report_delivery
             WHERE schedule = ?1 AND period_end_ms >= ?2 ORDER BY period_end_ms",
            params![schedule, since.0],
            |r| {
                Ok(crate::Delivery {
                    schedule: schedule.to_string(),
                    from: Ts(r.get(0)?),
                    to: Ts(r.get(1)?),
                    label: r.get(2)?,
                    written: Ts(r.get(3)?),
                    mailed: r.get::<_, Option<i64>>(4)?.map(Ts),
                })
            },
        )
    }

    /// Whether any maintenance event is recorded for the machine.
    pub fn has_maintenance(&self, m: &MachineId) -> Result<bool> {
        Ok(self
            .row(
                "SELECT EXISTS (SELECT 1 FROM maintenance_event WHERE machine = ?1)",
                params![m.as_str()],
                |r| r.get::<_, bool>(0),
            )?
            .unwrap_or(false))
    }

    /// Raw readings of a process value in `[from, to)` (kept for the last
    /// [`crate::RAW_PROCESS_DAYS`] days).
    pub fn process_raw(&self, m: &MachineId, name: &str, from: Ts, to: Ts) -> Result<Vec<(Ts, f64)>> {
        self.rows(
            "SELECT t_ms, value FROM process_raw WHERE machine = ?1 AND name = ?2 AND t_ms >= ?3 AND t_ms < ?4 ORDER BY t_ms",
            params![m.as_str(), name, from.0, to.0],
            |r| Ok((Ts(r.get(0)?), r.get(1)?)),
        )
    }

    /// A process value per minute (min, mean, max) in `[from, to)`, kept for good.
    pub fn process_minutes(&self, m: &MachineId, name: &str, from: Ts, to: Ts) -> Result<Vec<ProcessMinute>> {
        self.rows(
            "SELECT minute_ms, n, min, sum / n, max FROM process_minute
             WHERE machine = ?1 AND name = ?2 AND minute_ms >= ?3 AND minute_ms < ?4 ORDER BY minute_ms",
            params![m.as_str(), name, from.0, to.0],
            |r| {
                Ok(ProcessMinute {
                    minute: Ts(r.get(0)?),
                    n: r.get::<_, i64>(1)? as u64,
                    min: r.get(2)?,
                    avg: r.get(3)?,
                    max: r.get(4)?,
                })
            },
        )
    }

    /// A process value's mean per hour (hour start, mean of every reading in it) over the
    /// minutes in `[from, to)`, hours with readings only, oldest first.
    pub fn process_hours(&self, m: &MachineId, name: &str, from: Ts, to: Ts) -> Result<Vec<(Ts, f64)>> {
        self.rows(
            "SELECT minute_ms - minute_ms % 3600000 AS hour, sum(sum) / sum(n) FROM process_minute
             WHERE machine = ?1 AND name = ?2 AND minute_ms >= ?3 AND minute_ms < ?4 AND n > 0
             GROUP BY hour ORDER BY hour",
            params![m.as_str(), name, from.0, to.0],
            |r| Ok((Ts(r.get(0)?), r.get(1)?)),
        )
    }

    /// Alarm episodes of a machine that overlap `[from, to)` (an open one reaches to its
    /// last reading), by start.
    pub fn alarms(&self, m: &MachineId, from: Ts, to: Ts) -> Result<Vec<AlarmEpisode>> {
        self.rows(
            "SELECT name, kind, limit_value, worst, start_ms, end_ms, open FROM process_alarm
             WHERE machine = ?1 AND start_ms < ?3 AND end_ms >= ?2 ORDER BY start_ms, name",
            params![m.as_str(), from.0, to.0],
            alarm_row,
        )
    }

    /// What the tracker needs to resume a machine after a restart.
    pub fn resume(&self, m: &MachineId) -> Result<Resume> {
        let last_interval = self.row(
            "SELECT start_ms, end_ms, state, reason, fault_code FROM state_interval
             WHERE machine = ?1 AND source = 'live' ORDER BY start_ms DESC LIMIT 1",
            params![m.as_str()],
            interval_row,
        )?;
        let baselines = self
            .rows(
                "SELECT counter, raw, meter, t_ms FROM counter_baseline WHERE machine = ?1",
                params![m.as_str()],
                |r| {
                    let counter = match r.get::<_, String>(0)?.as_str() {
                        "total" => Counter::Total,
                        "reject" => Counter::Reject,
                        _ => Counter::Energy,
                    };
                    // u64 counters are stored as their i64 bit pattern.
                    let raw = r.get::<_, i64>(1)? as u64;
                    Ok((
                        counter,
                        Baseline {
                            raw,
                            meter: r.get(2)?,
                            t: Ts(r.get(3)?),
                        },
                    ))
                },
            )?
            .into_iter()
            .collect();
        let product = self
            .row(
                "SELECT product FROM product_run WHERE machine = ?1 ORDER BY start_ms DESC LIMIT 1",
                params![m.as_str()],
                |r| r.get::<_, Option<String>>(0),
            )?
            .flatten();
        let open_alarms = self.rows(
            "SELECT name, kind, limit_value, worst, start_ms, end_ms, open FROM process_alarm
             WHERE machine = ?1 AND open = 1 ORDER BY start_ms",
            params![m.as_str()],
            alarm_row,
        )?;
        Ok(Resume {
            last_interval,
            baselines,
            product: product.and_then(|p| ProductId::new(p).ok()),
            open_alarms,
        })
    }

    /// The config texts recorded, oldest first: `(loaded_ms, text)`.
    pub fn config_history(&self) -> Result<Vec<(Ts, String)>> {
        self.rows("SELECT loaded_ms, text FROM config_history ORDER BY id", [], |r| {
            Ok((Ts(r.get(0)?), r.get(1)?))
        })
    }
}
