//! Writing facts: the statements shared by the live writer and by import.

use rusqlite::{OptionalExtension, Transaction, params};
use takt_core::ids::MachineId;
use takt_core::model::{
    AlarmEpisode, CountIncrement, EnergySums, MaintenanceEvent, ScrapEntry, StateInterval, spread_over_minutes,
};
use takt_core::time::{HOUR_MS, Ts};
use takt_core::tracker::{Baseline, Counter};

/// Where a fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The poller.
    Live,
    /// A CSV import.
    Import,
    /// Typed in by an operator.
    Operator,
}

impl Source {
    fn interval(self) -> &'static str {
        match self {
            Source::Live | Source::Operator => "live",
            Source::Import => "import",
        }
    }

    fn entry(self) -> &'static str {
        match self {
            Source::Live | Source::Operator => "operator",
            Source::Import => "import",
        }
    }
}

/// Makes sure the machine has a row.
pub(crate) fn machine(tx: &Transaction<'_>, id: &MachineId, seen: Ts) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO machine (id, first_seen_ms) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET first_seen_ms = min(first_seen_ms, excluded.first_seen_ms)")?
        .execute(params![id.as_str(), seen.0])?;
    Ok(())
}

/// Writes a state interval; one with the same start replaces it (the open interval grows).
pub(crate) fn interval(tx: &Transaction<'_>, m: &MachineId, i: &StateInterval, source: Source) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO state_interval (machine, start_ms, end_ms, state, reason, fault_code, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (machine, start_ms) DO UPDATE SET
           end_ms = excluded.end_ms, state = excluded.state, reason = excluded.reason,
           fault_code = excluded.fault_code",
    )?
    .execute(params![
        m.as_str(),
        i.start.0,
        i.end.0.max(i.start.0),
        i.state.as_str(),
        i.reason.as_ref().map(|r| r.as_str()),
        i.fault_code.map(|c| c as i64),
        source.interval(),
    ])?;
    Ok(())
}

/// The per-minute buckets of a count increment: `(minute, total, reject)`.
pub(crate) fn count_buckets(c: &CountIncrement) -> Vec<(i64, u64, u64)> {
    // Both spreads walk the same minutes; merge them by minute.
    let mut merged: std::collections::BTreeMap<i64, (u64, u64)> = std::collections::BTreeMap::new();
    for (minute, n) in spread_over_minutes(c.start, c.end, c.total) {
        merged.entry(minute.0).or_default().0 += n;
    }
    for (minute, n) in spread_over_minutes(c.start, c.end, c.reject) {
        merged.entry(minute.0).or_default().1 += n;
    }
    merged
        .into_iter()
        .filter(|(_, (t, r))| *t > 0 || *r > 0)
        .map(|(m, (t, r))| (m, t, r))
        .collect()
}

/// Adds parts to a minute bucket and to its hour in the hourly rollup.
pub(crate) fn add_counts(
    tx: &Transaction<'_>,
    m: &MachineId,
    minute: i64,
    product: &str,
    over_gap: bool,
    total: u64,
    reject: u64,
) -> rusqlite::Result<()> {
    let (total, reject) = (total as i64, reject as i64);
    tx.prepare_cached(
        "INSERT INTO count_bucket (machine, minute_ms, product, over_gap, total, reject)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (machine, minute_ms, product, over_gap) DO UPDATE SET
           total = total + excluded.total, reject = reject + excluded.reject",
    )?
    .execute(params![m.as_str(), minute, product, over_gap, total, reject])?;
    let hour = minute.div_euclid(HOUR_MS) * HOUR_MS;
    tx.prepare_cached(
        "INSERT INTO count_hour (machine, hour_ms, product, over_gap, total, reject)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (machine, hour_ms, product, over_gap) DO UPDATE SET
           total = total + excluded.total, reject = reject + excluded.reject",
    )?
    .execute(params![m.as_str(), hour, product, over_gap, total, reject])?;
    if !over_gap {
        crate::minute_hour::set_parts(tx, m.as_str(), minute)?;
    }
    Ok(())
}

/// Adds parts to their minute buckets.
pub(crate) fn counts(tx: &Transaction<'_>, m: &MachineId, c: &CountIncrement) -> rusqlite::Result<()> {
    let product = c.product.as_ref().map_or("", |p| p.as_str());
    for (minute, total, reject) in count_buckets(c) {
        add_counts(tx, m, minute, product, c.over_gap, total, reject)?;
    }
    Ok(())
}

/// Adds energy to a minute bucket and its hour (the `energy_hour` cache).
pub(crate) fn add_energy(tx: &Transaction<'_>, m: &MachineId, minute: i64, e: EnergySums) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO energy_bucket (machine, minute_ms, kwh, run_kwh, gap_kwh) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (machine, minute_ms) DO UPDATE SET kwh = kwh + excluded.kwh,
           run_kwh = run_kwh + excluded.run_kwh, gap_kwh = gap_kwh + excluded.gap_kwh",
    )?
    .execute(params![m.as_str(), minute, e.kwh, e.run_kwh, e.no_data_kwh])?;
    tx.prepare_cached(
        "INSERT INTO energy_hour (machine, hour_ms, kwh, run_kwh, gap_kwh) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (machine, hour_ms) DO UPDATE SET kwh = kwh + excluded.kwh,
           run_kwh = run_kwh + excluded.run_kwh, gap_kwh = gap_kwh + excluded.gap_kwh",
    )?
    .execute(params![
        m.as_str(),
        minute.div_euclid(HOUR_MS) * HOUR_MS,
        e.kwh,
        e.run_kwh,
        e.no_data_kwh
    ])?;
    Ok(())
}

/// Writes an alarm episode, new or grown (keyed by machine, signal and start).
pub(crate) fn alarm(tx: &Transaction<'_>, m: &MachineId, a: &AlarmEpisode) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO process_alarm (machine, name, start_ms, end_ms, kind, limit_value, worst, open)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (machine, name, start_ms) DO UPDATE SET
           end_ms = max(end_ms, excluded.end_ms), worst = excluded.worst, open = excluded.open",
    )?
    .execute(params![
        m.as_str(),
        a.signal,
        a.start.0,
        a.end.0,
        a.kind.as_str(),
        a.limit,
        a.worst,
        a.open
    ])?;
    Ok(())
}

/// Stores a process reading itself (one the tracker kept: see its deadband).
pub(crate) fn process_raw(tx: &Transaction<'_>, m: &MachineId, name: &str, t: Ts, value: f64) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO process_raw (machine, name, t_ms, value) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![m.as_str(), name, t.0, value])?;
    Ok(())
}

/// The readings of a process value in one minute, summed: every reading, stored or not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MinuteStats {
    pub n: u64,
    pub min: f64,
    pub max: f64,
    pub sum: f64,
}

impl MinuteStats {
    pub(crate) fn of(value: f64) -> MinuteStats {
        MinuteStats {
            n: 1,
            min: value,
            max: value,
            sum: value,
        }
    }

    pub(crate) fn add(&mut self, value: f64) {
        self.n += 1;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.sum += value;
    }
}

/// Adds readings to a process value's minute (min, mean, max), and sets the minute's
/// mean in its hour's row.
pub(crate) fn process_minute(
    tx: &Transaction<'_>,
    m: &MachineId,
    name: &str,
    minute: i64,
    s: MinuteStats,
) -> rusqlite::Result<()> {
    let mean = tx.prepare_cached(
        "INSERT INTO process_minute (machine, name, minute_ms, n, min, max, sum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (machine, name, minute_ms) DO UPDATE SET
           n = n + excluded.n, min = min(min, excluded.min), max = max(max, excluded.max), sum = sum + excluded.sum
         RETURNING sum / n",
    )?
    .query_row(params![m.as_str(), name, minute, s.n as i64, s.min, s.max, s.sum], |r| {
        r.get::<_, Option<f64>>(0)
    })?;
    crate::minute_hour::set_mean(tx, m.as_str(), name, minute, mean.unwrap_or(f64::NAN))
}

/// Deletes a process signal's raw values from before `before`.
pub(crate) fn prune_process(tx: &Transaction<'_>, m: &MachineId, name: &str, before: Ts) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM process_raw WHERE machine = ?1 AND name = ?2 AND t_ms < ?3")?
        .execute(params![m.as_str(), name, before.0])?;
    Ok(())
}

/// Ends the product run going on and starts a new one.
pub(crate) fn product(
    tx: &Transaction<'_>,
    m: &MachineId,
    start: Ts,
    product: Option<&str>,
    code: Option<u64>,
) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE product_run SET end_ms = max(start_ms, ?2) WHERE machine = ?1 AND end_ms IS NULL")?
        .execute(params![m.as_str(), start.0])?;
    tx.prepare_cached(
        "INSERT INTO product_run (machine, start_ms, end_ms, product, code) VALUES (?1, ?2, NULL, ?3, ?4)
         ON CONFLICT (machine, start_ms) DO UPDATE SET end_ms = NULL, product = excluded.product, code = excluded.code",
    )?
    .execute(params![m.as_str(), start.0, product, code.map(|c| c as i64)])?;
    Ok(())
}

/// Remembers a counter's last raw value.
pub(crate) fn baseline(tx: &Transaction<'_>, m: &MachineId, counter: Counter, b: &Baseline) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO counter_baseline (machine, counter, raw, meter, t_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (machine, counter) DO UPDATE SET raw = excluded.raw, meter = excluded.meter, t_ms = excluded.t_ms",
    )?
    // u64 counters are stored as their i64 bit pattern and read back the same way.
    .execute(params![m.as_str(), counter.as_str(), b.raw as i64, b.meter, b.t.0])?;
    Ok(())
}

/// Records scrap (with the name of the operator who entered it at a tablet, if one did).
pub(crate) fn scrap(
    tx: &Transaction<'_>,
    m: &MachineId,
    s: &ScrapEntry,
    source: Source,
    operator: Option<&str>,
) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO scrap_entry (machine, t_ms, quantity, reason, product, entered_ms, source, operator) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
        .execute(params![
            m.as_str(),
            s.t.0,
            s.quantity as i64,
            s.reason.as_ref().map(|r| r.as_str()),
            s.product.as_ref().map(|p| p.as_str()),
            crate::now_ms(),
            source.entry(),
            operator,
        ])?;
    Ok(())
}

/// Records a maintenance log entry.
pub(crate) fn maintenance(
    tx: &Transaction<'_>,
    m: &MachineId,
    e: &MaintenanceEvent,
    source: Source,
) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO maintenance_event (machine, component, t_ms, kind, duration_min, note, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![m.as_str(), e.component, e.t.0, e.kind.as_str(), e.duration_min, e.note, source.entry()])?;
    Ok(())
}

/// Gives a stop its reason (or corrects it) without touching the recorded interval; with
/// the name of the operator who entered it at a tablet, if one did.
pub(crate) fn assign_reason(
    tx: &Transaction<'_>,
    m: &MachineId,
    stop_start: Ts,
    reason: &str,
    note: &str,
    operator: Option<&str>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO reason_assignment (machine, stop_start_ms, reason, entered_ms, note, operator) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![m.as_str(), stop_start.0, reason, crate::now_ms(), note, operator])?;
    Ok(())
}

/// Splits the stop that contains `at` in two there (a second split at the same time is
/// ignored).
pub(crate) fn split_stop(tx: &Transaction<'_>, m: &MachineId, at: Ts) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO stop_split (machine, at_ms, entered_ms) VALUES (?1, ?2, ?3)")?
        .execute(params![m.as_str(), at.0, crate::now_ms()])?;
    Ok(())
}

/// Records the config text if it differs from the last one recorded.
pub(crate) fn config_text(tx: &Transaction<'_>, text: &str) -> rusqlite::Result<bool> {
    use sha2::Digest;
    let sha = format!("{:x}", sha2::Sha256::digest(text.as_bytes()));
    let last: Option<String> = tx
        .query_row("SELECT sha256 FROM config_history ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    if last.as_deref() == Some(sha.as_str()) {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO config_history (loaded_ms, sha256, text) VALUES (?1, ?2, ?3)",
        params![crate::now_ms(), sha, text],
    )?;
    Ok(true)
}

/// Records a scheduled report's period as delivered: written (its time replaced) and,
/// once, mailed (a later record without it keeps it).
pub(crate) fn delivery(tx: &Transaction<'_>, d: &crate::Delivery) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO report_delivery (schedule, period_end_ms, period_start_ms, label, written_ms, mailed_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (schedule, period_end_ms) DO UPDATE SET
           written_ms = excluded.written_ms, mailed_ms = coalesce(excluded.mailed_ms, mailed_ms)",
    )?
    .execute(params![
        d.schedule,
        d.to.0,
        d.from.0,
        d.label,
        d.written.0,
        d.mailed.map(|t| t.0)
    ])?;
    Ok(())
}
