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
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Transaction};
use serde_json::Value;
use takt_core::calendar::Calendar;
use takt_core::config::{Central, Config, ScheduleAt};
use takt_core::kpi::{Extra, Grouping, Period, Terms};
use takt_core::report::{ALL, By, OeeRow, combine};
use takt_core::schedule::ended;
use takt_core::time::{DAY_MS, Ts};
use takt_store::{Reader, WriterHandle};

use crate::reports::{self, Query};

/// How often the running shift is written.
pub const SYNC: Duration = Duration::from_secs(5);

/// The wait between two tries to reach a database that does not answer.
const RETRY: Duration = Duration::from_secs(5);

/// A shift is written as finished this long after its end, when the readings of its
/// last moments are recorded.
const GRACE_MS: i64 = 3_000;

/// Finished shifts are written in transactions of at most this span (catching up).
const CHUNK_MS: i64 = 7 * DAY_MS;

/// Takt's lock on the schema while it migrates it (two plants starting at once).
const SCHEMA_LOCK: i64 = 0x7461_6b74; // "takt"

/// The columns of the terms, in the order of [`Terms`]' fields, each a whole number
/// (`true`) or a real one. A test checks this against the struct.
const TERMS: [(&str, bool); 17] = [
    ("all_ms", true),
    ("scheduled_ms", true),
    ("planned_stop_ms", true),
    ("no_data_ms", true),
    ("down_ms", true),
    ("setup_ms", true),
    ("small_stop_ms", true),
    ("failures", true),
    ("total", true),
    ("reject", true),
    ("rework", true),
    ("ideal_total_s", false),
    ("ideal_reject_s", false),
    ("ideal_startup_reject_s", false),
    ("reject_cost", false),
    ("no_data_total", true),
    ("unscheduled_total", true),
];

/// The schema, as migrations applied in order; `takt_schema` holds how many ran.
fn migrations() -> Vec<String> {
    let terms: Vec<String> = TERMS
        .iter()
        .map(|(c, whole)| format!("{c} {} NOT NULL", if *whole { "BIGINT" } else { "DOUBLE PRECISION" }))
        .collect();
    vec![format!(
        "CREATE TABLE takt_plant (
            plant TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            timezone TEXT NOT NULL,
            synced_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE takt_machine (
            plant TEXT NOT NULL REFERENCES takt_plant,
            machine TEXT NOT NULL,
            name TEXT NOT NULL,
            line TEXT,
            PRIMARY KEY (plant, machine)
        );
        CREATE TABLE takt_shift (
            plant TEXT NOT NULL,
            machine TEXT NOT NULL,
            period_start TIMESTAMPTZ NOT NULL,
            period_end TIMESTAMPTZ NOT NULL,
            shift TEXT NOT NULL,
            complete BOOLEAN NOT NULL,
            {},
            extra JSONB NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (plant, machine, period_start),
            FOREIGN KEY (plant, machine) REFERENCES takt_machine
        );
        CREATE TABLE takt_stop (
            plant TEXT NOT NULL,
            machine TEXT NOT NULL,
            start_at TIMESTAMPTZ NOT NULL,
            end_at TIMESTAMPTZ NOT NULL,
            duration_s DOUBLE PRECISION NOT NULL,
            reason TEXT,
            kind TEXT NOT NULL,
            stop_start TIMESTAMPTZ NOT NULL,
            on_break BOOLEAN NOT NULL,
            PRIMARY KEY (plant, machine, start_at)
        );
        CREATE TABLE takt_scrap (
            plant TEXT NOT NULL,
            machine TEXT NOT NULL,
            t TIMESTAMPTZ NOT NULL,
            reason TEXT NOT NULL,
            product TEXT NOT NULL,
            quantity BIGINT NOT NULL,
            PRIMARY KEY (plant, machine, t, reason, product)
        );
        CREATE TABLE takt_energy (
            plant TEXT NOT NULL,
            machine TEXT NOT NULL,
            period_start TIMESTAMPTZ NOT NULL,
            kwh DOUBLE PRECISION NOT NULL,
            run_kwh DOUBLE PRECISION NOT NULL,
            no_data_kwh DOUBLE PRECISION NOT NULL,
            good BIGINT NOT NULL,
            run_ms BIGINT NOT NULL,
            PRIMARY KEY (plant, machine, period_start)
        );
        CREATE TABLE takt_alarm (
            plant TEXT NOT NULL,
            machine TEXT NOT NULL,
            signal TEXT NOT NULL,
            start_at TIMESTAMPTZ NOT NULL,
            end_at TIMESTAMPTZ NOT NULL,
            kind TEXT NOT NULL,
            limit_value DOUBLE PRECISION NOT NULL,
            worst DOUBLE PRECISION NOT NULL,
            open BOOLEAN NOT NULL,
            PRIMARY KEY (plant, machine, signal, start_at)
        );
        CREATE TABLE takt_maintenance (
            plant TEXT NOT NULL,
            machine TEXT NOT NULL,
            component TEXT NOT NULL,
            t TIMESTAMPTZ NOT NULL,
            kind TEXT NOT NULL,
            duration_min DOUBLE PRECISION NOT NULL,
            note TEXT NOT NULL,
            PRIMARY KEY (plant, machine, component, t, kind)
        );",
        terms.join(",\n            ")
    )]
}

fn time(t: Ts) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.0).unwrap_or_default()
}

fn ts(t: DateTime<Utc>) -> Ts {
    Ts(t.timestamp_millis())
}

/// What went wrong with the database, in the words a plant's IT would use: name lookup,
/// refused, TLS, authentication, permission, no such database.
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let what = match db.code().code() {
            "28P01" | "28000" => "authentication failed",
            "42501" => "permission denied",
            "3D000" => "no such database",
            _ => "the database refused",
        };
        return format!("{what}: {}", db.message());
    }
    let mut chain = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let all = chain.join(": ");
    let io = std::error::Error::source(e).and_then(|s| s.downcast_ref::<std::io::Error>());
    if let Some(io) = io {
        match io.kind() {
            std::io::ErrorKind::ConnectionRefused => return "connection refused: nothing listens at that port".into(),
            std::io::ErrorKind::TimedOut => return "timed out: the host did not answer".into(),
            _ => {}
        }
    }
    if all.contains("lookup") || all.contains("resolve") {
        format!("name lookup (DNS) failed: {all}")
    } else if all.contains("certificate") || all.contains("tls") || all.contains("TLS") || all.contains("handshake") {
        format!("TLS: {all}")
    } else if all.contains("password") {
        format!("authentication failed: {all}")
    } else {
        all
    }
}

/// Connects to `url` (the password, when there is one, apart: never in takt.toml). TLS
/// when the URL asks for it (`sslmode=require` or `prefer`), by rustls with ring against
/// the computer's trusted certificates; without `sslmode`, none.
pub fn connect(url: &str, password: Option<&str>) -> Result<Client, String> {
    let mut cfg: postgres::Config = url.parse().map_err(|e| format!("the URL: {e}"))?;
    if let Some(p) = password {
        cfg.password(p);
    }
    if cfg.get_connect_timeout().is_none() {
        cfg.connect_timeout(Duration::from_secs(10));
    }
    cfg.application_name("takt");
    let asks_tls = url.contains("sslmode=require") || url.contains("sslmode=prefer");
    let client = if asks_tls {
        cfg.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls_config()?))
    } else {
        cfg.ssl_mode(postgres::config::SslMode::Disable);
        cfg.connect(NoTls)
    };
    client.map_err(|e| describe(&e))
}

/// As the MQTT client's: rustls with ring, the computer's trusted certificates.
#[allow(deprecated)]
fn tls_config() -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if added == 0 {
        return Err("TLS: no trusted certificates found on this computer".into());
    }
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
        .map_err(|e| format!("TLS: {e}"))
}

/// `[central]`'s password, when it names one.
fn password(central: &Central) -> Result<Option<String>, String> {
    central
        .password
        .as_ref()
        .map(|p| crate::secret::read("[central]", p))
        .transpose()
}

/// Connects to `[central]`'s database.
pub fn open(central: &Central) -> Result<Client, String> {
    connect(&central.postgres, password(central)?.as_deref())
}

/// Creates or brings up to date Takt's tables (under a lock: plants starting together
/// migrate once); refuses a schema newer than this Takt's.
pub fn migrate(client: &mut Client) -> Result<(), String> {
    let all = migrations();
    let mut tx = client.transaction().map_err(|e| describe(&e))?;
    let run = |tx: &mut Transaction<'_>| -> Result<(), postgres::Error> {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS takt_schema (version INTEGER NOT NULL)")?;
        Ok(())
    };
    run(&mut tx).map_err(|e| describe(&e))?;
    let found: i32 = tx
        .query_opt("SELECT version FROM takt_schema", &[])
        .map_err(|e| describe(&e))?
        .map_or(0, |r| r.get(0));
    let found = usize::try_from(found).unwrap_or(0);
    if found > all.len() {
        return Err(format!(
            "the central database's schema is version {found}, newer than this Takt's ({}): update Takt",
            all.len()
        ));
    }
    for m in &all[found..] {
        tx.batch_execute(m).map_err(|e| describe(&e))?;
    }
    if found < all.len() {
        let v = i32::try_from(all.len()).unwrap_or(i32::MAX);
        tx.execute("DELETE FROM takt_schema", &[]).map_err(|e| describe(&e))?;
        tx.execute("INSERT INTO takt_schema (version) VALUES ($1)", &[&v])
            .map_err(|e| describe(&e))?;
    }
    tx.commit().map_err(|e| describe(&e))
}

/// `takt check`'s test: connects, and says whether this user may create Takt's tables
/// (or, once they exist, write them).
pub fn check(central: &Central) -> Result<String, String> {
    let mut client = open(central)?;
    let row = client
        .query_one(
            "SELECT current_user::text, current_database()::text, to_regclass('takt_shift') IS NOT NULL",
            &[],
        )
        .map_err(|e| describe(&e))?;
    let (user, db, exists): (String, String, bool) = (row.get(0), row.get(1), row.get(2));
    let (may, what) = if exists {
        let may: bool = client
            .query_one(
                "SELECT has_table_privilege('takt_shift', 'INSERT, UPDATE, DELETE')",
                &[],
            )
            .map_err(|e| describe(&e))?
            .get(0);
        (may, "write Takt's tables")
    } else {
        let may: bool = client
            .query_one("SELECT has_schema_privilege(current_schema(), 'CREATE')", &[])
            .map_err(|e| describe(&e))?
            .get(0);
        (may, "create Takt's tables")
    };
    if may {
        Ok(format!("connected to {db} as {user}"))
    } else {
        Err(format!("permission denied: {user} may not {what} in {db}"))
    }
}

/// Writes `config`'s plant and machines.
fn write_plant(tx: &mut Transaction<'_>, config: &Config, now: Ts) -> Result<(), postgres::Error> {
    let plant = config.plant_id().to_string();
    tx.execute(
        "INSERT INTO takt_plant (plant, name, timezone, synced_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (plant) DO UPDATE SET name = $2, timezone = $3, synced_at = $4",
        &[&plant, &config.plant.name, &config.plant.timezone.name(), &time(now)],
    )?;
    for m in &config.machines {
        tx.execute(
            "INSERT INTO takt_machine (plant, machine, name, line) VALUES ($1, $2, $3, $4)
             ON CONFLICT (plant, machine) DO UPDATE SET name = $3, line = $4",
            &[&plant, &m.id.as_str(), &m.name, &m.line],
        )?;
    }
    Ok(())
}

/// Why a range could not be written.
#[derive(Debug)]
enum SyncError {
    Store(takt_store::StoreError),
    Db(postgres::Error),
}

impl From<takt_store::StoreError> for SyncError {
    fn from(e: takt_store::StoreError) -> Self {
        SyncError::Store(e)
    }
}

impl From<postgres::Error> for SyncError {
    fn from(e: postgres::Error) -> Self {
        SyncError::Db(e)
    }
}

/// Writes everything of `[from, to)` in one transaction: the terms of each machine's
/// shifts in it (`complete` for those ended by `complete_by`), its stops, scrap,
/// maintenance, energy, and the alarms that touch it.
fn write_range(
    client: &mut Client,
    config: &Config,
    reader: &Reader,
    (from, to): (Ts, Ts),
    complete_by: Ts,
    now: Ts,
) -> Result<(), SyncError> {
    let plant = config.plant_id().to_string();
    let machines: Vec<_> = config.machines.iter().map(|m| m.id.clone()).collect();
    let q = Query {
        from,
        to,
        machines: machines.clone(),
        by: Some(By::Shift),
        now,
    };
    let rows = reports::oee(config, reader, &q, &mut || {})?;
    let stops = reports::downtime(config, reader, &Query { by: None, ..q.clone() })?;
    let mut tx = client.transaction()?;
    write_plant(&mut tx, config, now)?;
    let columns: Vec<&str> = TERMS.iter().map(|c| c.0).collect();
    let n = columns.len();
    let values: Vec<String> = (0..n).map(|i| format!("${}", i + 8)).collect();
    let updates: Vec<String> = columns.iter().map(|c| format!("{c} = EXCLUDED.{c}")).collect();
    let upsert = tx.prepare(&format!(
        "INSERT INTO takt_shift (plant, machine, period_start, period_end, shift, complete, extra, updated_at, {})
         VALUES ($1, $2, $3, $4, $5, $6, $7, ${}, {})
         ON CONFLICT (plant, machine, period_start) DO UPDATE SET period_end = EXCLUDED.period_end,
           shift = EXCLUDED.shift, complete = EXCLUDED.complete, extra = EXCLUDED.extra,
           updated_at = EXCLUDED.updated_at, {}",
        columns.join(", "),
        n + 8,
        values.join(", "),
        updates.join(", ")
    ))?;
    let energy = tx.prepare(
        "INSERT INTO takt_energy (plant, machine, period_start, kwh, run_kwh, no_data_kwh, good, run_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (plant, machine, period_start) DO UPDATE SET kwh = $4, run_kwh = $5,
           no_data_kwh = $6, good = $7, run_ms = $8",
    )?;
    for r in rows.iter().filter(|r| r.machine != ALL) {
        let terms = terms_values(&r.terms);
        let extra = serde_json::to_value(r.extra).unwrap_or(Value::Null);
        let complete = r.period.end <= complete_by;
        let (start, end, updated) = (time(r.period.start), time(r.period.end), time(now));
        let mut params: Vec<&(dyn ToSql + Sync)> =
            vec![&plant, &r.machine, &start, &end, &r.period.label, &complete, &extra];
        params.extend(terms.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)));
        params.push(&updated);
        tx.execute(&upsert, &params)?;
        if let Some(p) = r.extra.energy {
            let (good, run_ms) = (i64::try_from(p.good).unwrap_or(i64::MAX), p.run_ms);
            tx.execute(
                &energy,
                &[
                    &plant,
                    &r.machine,
                    &start,
                    &p.energy.kwh,
                    &p.energy.run_kwh,
                    &p.energy.no_data_kwh,
                    &good,
                    &run_ms,
                ],
            )?;
        }
    }
    let (f, t) = (time(from), time(to));
    for table in ["takt_stop", "takt_scrap", "takt_maintenance"] {
        let at = if table == "takt_stop" { "start_at" } else { "t" };
        tx.execute(
            &format!("DELETE FROM {table} WHERE plant = $1 AND {at} >= $2 AND {at} < $3"),
            &[&plant, &f, &t],
        )?;
    }
    let stop = tx.prepare(
        "INSERT INTO takt_stop (plant, machine, start_at, end_at, duration_s, reason, kind, stop_start, on_break)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (plant, machine, start_at) DO UPDATE SET end_at = $4, duration_s = $5, reason = $6,
           kind = $7, stop_start = $8, on_break = $9",
    )?;
    for s in &stops {
        let st = &s.stop;
        let duration = (st.end.0 - st.start.0) as f64 / 1000.0;
        let reason = st.reason.as_ref().map(ToString::to_string);
        tx.execute(
            &stop,
            &[
                &plant,
                &s.machine.as_str(),
                &time(st.start),
                &time(st.end),
                &duration,
                &reason,
                &st.kind.as_str(),
                &time(st.stop_start),
                &st.on_break,
            ],
        )?;
    }
    let scrap = tx.prepare(
        "INSERT INTO takt_scrap (plant, machine, t, reason, product, quantity) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (plant, machine, t, reason, product) DO UPDATE SET quantity = $6",
    )?;
    let alarm = tx.prepare(
        "INSERT INTO takt_alarm (plant, machine, signal, start_at, end_at, kind, limit_value, worst, open)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (plant, machine, signal, start_at) DO UPDATE SET end_at = $5, kind = $6,
           limit_value = $7, worst = $8, open = $9",
    )?;
    let maintenance = tx.prepare(
        "INSERT INTO takt_maintenance (plant, machine, component, t, kind, duration_min, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (plant, machine, component, t, kind) DO UPDATE SET duration_min = $6, note = $7",
    )?;
    for m in &machines {
        // Entries of one instant, reason and product are one row: their sum.
        let mut entries: BTreeMap<(Ts, String, String), u64> = BTreeMap::new();
        for e in reader.scrap(m, from, to)? {
            let key = (
                e.t,
                e.reason.map(|r| r.to_string()).unwrap_or_default(),
                e.product.map(|p| p.to_string()).unwrap_or_default(),
            );
            *entries.entry(key).or_default() += e.quantity;
        }
        for ((t, reason, product), quantity) in entries {
            let quantity = i64::try_from(quantity).unwrap_or(i64::MAX);
            tx.execute(&scrap, &[&plant, &m.as_str(), &time(t), &reason, &product, &quantity])?;
        }
        for a in reader.alarms(m, from, to)? {
            tx.execute(
                &alarm,
                &[
                    &plant,
                    &m.as_str(),
                    &a.signal,
                    &time(a.start),
                    &time(a.end),
                    &a.kind.as_str(),
                    &a.limit,
                    &a.worst,
                    &a.open,
                ],
            )?;
        }
        for e in reader.maintenance(m, from, to)? {
            tx.execute(
                &maintenance,
                &[
                    &plant,
                    &m.as_str(),
                    &e.component,
                    &time(e.t),
                    &e.kind.as_str(),
                    &e.duration_min,
                    &e.note,
                ],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The terms as SQL values, in [`TERMS`]' order.
fn terms_values(t: &Terms) -> Vec<Box<dyn ToSql + Sync>> {
    let v = serde_json::to_value(t).unwrap_or(Value::Null);
    TERMS
        .iter()
        .map(|(c, whole)| -> Box<dyn ToSql + Sync> {
            let x = &v[*c];
            if *whole {
                Box::new(
                    x.as_i64()
                        .unwrap_or_else(|| x.as_u64().map_or(0, |u| i64::try_from(u).unwrap_or(i64::MAX))),
                )
            } else {
                Box::new(x.as_f64().unwrap_or(0.0))
            }
        })
        .collect()
}

/// Terms from a row whose columns `offset..` are [`TERMS`]'.
fn terms_of(row: &postgres::Row, offset: usize) -> Result<Terms, String> {
    let mut map = serde_json::Map::new();
    for (i, (c, whole)) in TERMS.iter().enumerate() {
        let v = if *whole {
            Value::from(row.try_get::<_, i64>(offset + i).map_err(|e| e.to_string())?)
        } else {
            Value::from(row.try_get::<_, f64>(offset + i).map_err(|e| e.to_string())?)
        };
        map.insert((*c).to_string(), v);
    }
    serde_json::from_value(Value::Object(map)).map_err(|e| format!("the terms: {e}"))
}

/// A group's name and the terms recorded for it.
type Part = (String, Terms, Extra);

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

/// The OEE of every plant in the central database at `url` over the shifts that start in
/// `[from, to)`, grouped: the terms each plant wrote, combined by the core's rule.
pub fn report(client: &mut Client, cal: &Calendar, (from, to): (Ts, Ts), group: Group) -> Result<Vec<OeeRow>, String> {
    let columns: Vec<&str> = TERMS.iter().map(|c| c.0).collect();
    let rows = client
        .query(
            &format!(
                "SELECT s.plant, s.machine, m.line, s.period_start, s.period_end, s.shift, s.extra, {}
                 FROM takt_shift s JOIN takt_machine m USING (plant, machine)
                 WHERE s.period_start >= $1 AND s.period_start < $2
                 ORDER BY s.plant, s.period_start, s.machine",
                columns.iter().map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ")
            ),
            &[&time(from), &time(to)],
        )
        .map_err(|e| describe(&e))?;
    let whole = takt_core::kpi::periods(cal, from, to, Grouping::Whole)
        .pop()
        .unwrap_or(Period {
            label: String::new(),
            start: from,
            end: to,
        });
    let mut parts = Vec::with_capacity(rows.len());
    for r in &rows {
        let (plant, machine, line): (String, String, Option<String>) = (r.get(0), r.get(1), r.get(2));
        let period = Period {
            label: r.get(5),
            start: ts(r.get(3)),
            end: ts(r.get(4)),
        };
        let extra: Extra = serde_json::from_value(r.get::<_, Value>(6)).unwrap_or_default();
        let terms = terms_of(r, 7)?;
        let name = match group {
            Group::Plant => plant.clone(),
            Group::Line => format!("{plant}/{}", line.unwrap_or_else(|| "-".into())),
            Group::Machine | Group::Shift => format!("{plant}/{machine}"),
        };
        parts.push((plant, period, name, terms, extra));
    }
    if group != Group::Shift {
        return Ok(combine(&whole, parts.into_iter().map(|p| (p.2, p.3, p.4)), Some(ALL)));
    }
    // By shift: each plant's shifts, its machines and its `ALL` row, as its own report.
    let mut out = Vec::new();
    let mut shifts: BTreeMap<(String, Ts), (Period, Vec<Part>)> = BTreeMap::new();
    for (plant, period, name, terms, extra) in parts {
        shifts
            .entry((plant, period.start))
            .or_insert_with(|| (period.clone(), Vec::new()))
            .1
            .push((name, terms, extra));
    }
    for ((plant, _), (period, machines)) in shifts {
        out.extend(combine(&period, machines, Some(&format!("{plant}/{ALL}"))));
    }
    Ok(out)
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
            match open(central).and_then(|mut c| migrate(&mut c).map(|()| c)) {
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
                        describe(&e)
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
    let done_by = Ts(now.0 - GRACE_MS);
    let finished = ended(cal, ScheduleAt::ShiftEnd, *after, done_by);
    let mut i = 0;
    while i < finished.len() {
        let mut j = i;
        while j + 1 < finished.len() && finished[j + 1].to.0 - after.0 <= CHUNK_MS {
            j += 1;
        }
        let last = &finished[j];
        write_range(client, config, reader, (*after, last.to), last.to, now)?;
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
        write_range(client, config, reader, (*after, now), done_by.min(*after), now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_term_columns_are_the_fields_of_the_terms() {
        let v = serde_json::to_value(Terms::default()).unwrap();
        let fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut columns: Vec<&str> = TERMS.iter().map(|c| c.0).collect();
        columns.sort_unstable();
        assert_eq!(fields, columns);
        for (c, whole) in TERMS {
            assert_eq!(v[c].is_u64() || v[c].is_i64(), whole, "{c}");
        }
    }
}
