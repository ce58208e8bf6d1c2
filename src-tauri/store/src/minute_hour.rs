//! Per-minute figures packed an hour to a row: `process_minute_hour` (each minute's mean
//! of a process value) and `count_minute_hour` (each minute's parts, not counted over a
//! gap, of all products). They are caches of `process_minute` and `count_bucket`, written
//! in the same transaction as their source and rebuilt from it by [`rebuild`], for the
//! reports that need every minute of months (quality drivers, process capability): they
//! read sixty times fewer rows.
//!
//! A row's blob holds [`MINUTES`] slots of little-endian numbers, one per minute of the
//! hour: an `f64` mean (NaN where the value was not read) or a `u64` pair (total,
//! reject).

use rusqlite::{OptionalExtension, Transaction, params};
use takt_core::time::{HOUR_MS, MINUTE_MS};

/// Minutes in an hour: slots in a row.
pub(crate) const MINUTES: usize = 60;

/// Bytes of a minute's mean.
const MEAN_BYTES: usize = 8;

/// Bytes of a minute's parts (total and reject).
const PARTS_BYTES: usize = 16;

/// The hour a minute is in and its slot in the hour's row.
pub(crate) fn hour_and_slot(minute_ms: i64) -> (i64, usize) {
    let hour = minute_ms.div_euclid(HOUR_MS) * HOUR_MS;
    (hour, ((minute_ms - hour) / MINUTE_MS) as usize)
}

/// The error of a blob that is not the length its table holds.
fn damaged(table: &str, len: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Blob,
        format!("a {table} row of {len} bytes (rebuild it from its source table)").into(),
    )
}

/// The means of a `process_minute_hour` blob, minute by minute (NaN: not read).
pub(crate) fn means(blob: &[u8]) -> rusqlite::Result<impl Iterator<Item = f64> + '_> {
    if blob.len() != MINUTES * MEAN_BYTES {
        return Err(damaged("process_minute_hour", blob.len()));
    }
    Ok(blob
        .chunks_exact(MEAN_BYTES)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; MEAN_BYTES]))))
}

/// The parts of a `count_minute_hour` blob, minute by minute: `(total, reject)`.
pub(crate) fn parts(blob: &[u8]) -> rusqlite::Result<impl Iterator<Item = (u64, u64)> + '_> {
    if blob.len() != MINUTES * PARTS_BYTES {
        return Err(damaged("count_minute_hour", blob.len()));
    }
    Ok(blob.chunks_exact(PARTS_BYTES).map(|c| {
        let (t, r) = c.split_at(8);
        (
            u64::from_le_bytes(t.try_into().unwrap_or([0; 8])),
            u64::from_le_bytes(r.try_into().unwrap_or([0; 8])),
        )
    }))
}

fn empty_means() -> Vec<u8> {
    f64::NAN.to_le_bytes().repeat(MINUTES)
}

fn empty_parts() -> Vec<u8> {
    vec![0; MINUTES * PARTS_BYTES]
}

fn put_mean(blob: &mut [u8], slot: usize, mean: f64) {
    blob[slot * MEAN_BYTES..(slot + 1) * MEAN_BYTES].copy_from_slice(&mean.to_le_bytes());
}

fn put_parts(blob: &mut [u8], slot: usize, total: i64, reject: i64) {
    let at = slot * PARTS_BYTES;
    blob[at..at + 8].copy_from_slice(&(total.max(0) as u64).to_le_bytes());
    blob[at + 8..at + PARTS_BYTES].copy_from_slice(&(reject.max(0) as u64).to_le_bytes());
}

/// Sets a minute's mean in its hour's row.
pub(crate) fn set_mean(
    tx: &Transaction<'_>,
    machine: &str,
    name: &str,
    minute_ms: i64,
    mean: f64,
) -> rusqlite::Result<()> {
    let (hour, slot) = hour_and_slot(minute_ms);
    let mut blob: Vec<u8> = tx
        .prepare_cached("SELECT means FROM process_minute_hour WHERE machine = ?1 AND name = ?2 AND hour_ms = ?3")?
        .query_row(params![machine, name, hour], |r| r.get(0))
        .optional()?
        .filter(|b: &Vec<u8>| b.len() == MINUTES * MEAN_BYTES)
        .unwrap_or_else(empty_means);
    put_mean(&mut blob, slot, mean);
    tx.prepare_cached(
        "INSERT OR REPLACE INTO process_minute_hour (machine, name, hour_ms, means) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![machine, name, hour, blob])?;
    Ok(())
}

/// Sets a minute's parts in its hour's row from `count_bucket` (all products, not over a
/// gap): call it after the minute's buckets changed.
pub(crate) fn set_parts(tx: &Transaction<'_>, machine: &str, minute_ms: i64) -> rusqlite::Result<()> {
    let (total, reject): (i64, i64) = tx
        .prepare_cached(
            "SELECT coalesce(sum(total), 0), coalesce(sum(reject), 0) FROM count_bucket
             WHERE machine = ?1 AND minute_ms = ?2 AND over_gap = 0",
        )?
        .query_row(params![machine, minute_ms], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (hour, slot) = hour_and_slot(minute_ms);
    let mut blob: Vec<u8> = tx
        .prepare_cached("SELECT parts FROM count_minute_hour WHERE machine = ?1 AND hour_ms = ?2")?
        .query_row(params![machine, hour], |r| r.get(0))
        .optional()?
        .filter(|b: &Vec<u8>| b.len() == MINUTES * PARTS_BYTES)
        .unwrap_or_else(empty_parts);
    put_parts(&mut blob, slot, total, reject);
    tx.prepare_cached("INSERT OR REPLACE INTO count_minute_hour (machine, hour_ms, parts) VALUES (?1, ?2, ?3)")?
        .execute(params![machine, hour, blob])?;
    Ok(())
}

/// Rebuilds both caches from their source tables (migration 0004): one pass over each,
/// in key order.
pub(crate) fn rebuild(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM process_minute_hour", [])?;
    tx.execute("DELETE FROM count_minute_hour", [])?;
    {
        let mut insert =
            tx.prepare("INSERT INTO process_minute_hour (machine, name, hour_ms, means) VALUES (?1, ?2, ?3, ?4)")?;
        let mut select = tx.prepare(
            "SELECT machine, name, minute_ms, sum / n FROM process_minute WHERE n > 0 ORDER BY machine, name, minute_ms",
        )?;
        let mut rows = select.query([])?;
        let mut current: Option<(String, String, i64)> = None;
        let mut blob = empty_means();
        while let Some(r) = rows.next()? {
            let (machine, name, minute): (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let mean: f64 = r.get::<_, Option<f64>>(3)?.unwrap_or(f64::NAN);
            let (hour, slot) = hour_and_slot(minute);
            let key = (machine, name, hour);
            if current.as_ref() != Some(&key) {
                if let Some((m, n, h)) = current.take() {
                    insert.execute(params![m, n, h, blob])?;
                }
                blob = empty_means();
                current = Some(key);
            }
            put_mean(&mut blob, slot, mean);
        }
        if let Some((m, n, h)) = current {
            insert.execute(params![m, n, h, blob])?;
        }
    }
    let mut insert = tx.prepare("INSERT INTO count_minute_hour (machine, hour_ms, parts) VALUES (?1, ?2, ?3)")?;
    let mut select = tx.prepare(
        "SELECT machine, minute_ms, sum(total), sum(reject) FROM count_bucket WHERE over_gap = 0
         GROUP BY machine, minute_ms ORDER BY machine, minute_ms",
    )?;
    let mut rows = select.query([])?;
    let mut current: Option<(String, i64)> = None;
    let mut blob = empty_parts();
    while let Some(r) = rows.next()? {
        let (machine, minute, total, reject): (String, i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let (hour, slot) = hour_and_slot(minute);
        let key = (machine, hour);
        if current.as_ref() != Some(&key) {
            if let Some((m, h)) = current.take() {
                insert.execute(params![m, h, blob])?;
            }
            blob = empty_parts();
            current = Some(key);
        }
        put_parts(&mut blob, slot, total, reject);
    }
    if let Some((m, h)) = current {
        insert.execute(params![m, h, blob])?;
    }
    Ok(())
}
