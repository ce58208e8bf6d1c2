//! The company's PostgreSQL (`[central]`): Takt's tables there, created and migrated by
//! Takt (`takt_schema` holds the version, as `user_version` does in SQLite), written one
//! range at a time in one transaction, and read back for the company report. What goes in
//! is computed by `takt-app` (`takt_app::central`) with the report model; here it is only
//! stored and read, so SQL stays in this crate.

use std::time::Duration;

use postgres::types::ToSql;
pub use postgres::{Client, Error};
use postgres::{NoTls, Transaction};
use serde_json::Value;
use takt_core::ids::MachineId;
use takt_core::kpi::{Extra, Period, Terms};
use takt_core::model::{AlarmEpisode, MaintenanceEvent, ScrapEntry};
use takt_core::report::DowntimeRow;
use takt_core::time::Ts;

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
        cfg.connect(tokio_postgres_rustls::MakeRustlsConnect::new(crate::tls_config()?))
    } else {
        cfg.ssl_mode(postgres::config::SslMode::Disable);
        cfg.connect(NoTls)
    };
    client.map_err(|e| describe(&e))
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
pub fn check(client: &mut Client) -> Result<String, String> {
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

/// A plant as the central database knows it.
#[derive(Debug, Clone)]
pub struct PlantRow {
    /// Its id (`[plant] id`, or its name as one).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its time zone.
    pub timezone: String,
    /// Its machines: id, name, line.
    pub machines: Vec<(MachineId, String, Option<String>)>,
}

/// A machine's shift (whole, or the running one so far).
#[derive(Debug, Clone)]
pub struct ShiftRow {
    /// The machine.
    pub machine: String,
    /// The shift, as the OEE report's period.
    pub period: Period,
    /// Whether it has ended.
    pub complete: bool,
    /// Its terms.
    pub terms: Terms,
    /// Its maintenance log's and energy meter's terms.
    pub extra: Extra,
}

/// Everything of a plant in `[from, to)`: what [`write_range`] writes.
#[derive(Debug, Clone)]
pub struct Range {
    /// Start.
    pub from: Ts,
    /// End (exclusive).
    pub to: Ts,
    /// Each machine's shifts in it.
    pub shifts: Vec<ShiftRow>,
    /// The stops, as the downtime report has them.
    pub stops: Vec<DowntimeRow>,
    /// Scrap entered.
    pub scrap: Vec<(MachineId, ScrapEntry)>,
    /// Process alarms that touch the range.
    pub alarms: Vec<(MachineId, AlarmEpisode)>,
    /// Maintenance logged.
    pub maintenance: Vec<(MachineId, MaintenanceEvent)>,
}

/// Writes the plant and its machines.
fn write_plant(tx: &mut Transaction<'_>, plant: &PlantRow, now: Ts) -> Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO takt_plant (plant, name, timezone, synced_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (plant) DO UPDATE SET name = $2, timezone = $3, synced_at = $4",
        &[&plant.id, &plant.name, &plant.timezone, &now.to_utc()],
    )?;
    for (id, name, line) in &plant.machines {
        tx.execute(
            "INSERT INTO takt_machine (plant, machine, name, line) VALUES ($1, $2, $3, $4)
             ON CONFLICT (plant, machine) DO UPDATE SET name = $3, line = $4",
            &[&plant.id, &id.as_str(), name, line],
        )?;
    }
    Ok(())
}

/// Writes `range` of `plant` in one transaction: the plant and its machines, each
/// machine's shifts (upserted), the stops, scrap and maintenance of the range (replacing
/// what was there, so writing a range again changes nothing), each shift's energy, and the
/// alarms that touch it (upserted).
pub fn write_range(client: &mut Client, plant: &PlantRow, range: &Range, now: Ts) -> Result<(), postgres::Error> {
    let id = &plant.id;
    let mut tx = client.transaction()?;
    write_plant(&mut tx, plant, now)?;
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
    let updated = now.to_utc();
    for r in &range.shifts {
        let terms = terms_values(&r.terms);
        let extra = serde_json::to_value(r.extra).unwrap_or(Value::Null);
        let (start, end) = (r.period.start.to_utc(), r.period.end.to_utc());
        let mut params: Vec<&(dyn ToSql + Sync)> =
            vec![id, &r.machine, &start, &end, &r.period.label, &r.complete, &extra];
        params.extend(terms.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)));
        params.push(&updated);
        tx.execute(&upsert, &params)?;
        if let Some(p) = r.extra.energy {
            let good = i64::try_from(p.good).unwrap_or(i64::MAX);
            let e = &p.energy;
            tx.execute(
                &energy,
                &[
                    id,
                    &r.machine,
                    &start,
                    &e.kwh,
                    &e.run_kwh,
                    &e.no_data_kwh,
                    &good,
                    &p.run_ms,
                ],
            )?;
        }
    }
    let (f, t) = (range.from.to_utc(), range.to.to_utc());
    for (table, at) in [
        ("takt_stop", "start_at"),
        ("takt_scrap", "t"),
        ("takt_maintenance", "t"),
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE plant = $1 AND {at} >= $2 AND {at} < $3"),
            &[id, &f, &t],
        )?;
    }
    let stop = tx.prepare(
        "INSERT INTO takt_stop (plant, machine, start_at, end_at, duration_s, reason, kind, stop_start, on_break)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (plant, machine, start_at) DO UPDATE SET end_at = $4, duration_s = $5, reason = $6,
           kind = $7, stop_start = $8, on_break = $9",
    )?;
    for s in &range.stops {
        let st = &s.stop;
        let duration = (st.end.0 - st.start.0) as f64 / 1000.0;
        let reason = st.reason.as_ref().map(ToString::to_string);
        let row: [&(dyn ToSql + Sync); 9] = [
            id,
            &s.machine.as_str(),
            &st.start.to_utc(),
            &st.end.to_utc(),
            &duration,
            &reason,
            &st.kind.as_str(),
            &st.stop_start.to_utc(),
            &st.on_break,
        ];
        tx.execute(&stop, &row)?;
    }
    // Entries of one instant, reason and product are one row: their sum.
    let mut scrap: std::collections::BTreeMap<(&str, Ts, String, String), u64> = std::collections::BTreeMap::new();
    for (m, e) in &range.scrap {
        let key = (
            m.as_str(),
            e.t,
            e.reason.as_ref().map(ToString::to_string).unwrap_or_default(),
            e.product.as_ref().map(ToString::to_string).unwrap_or_default(),
        );
        *scrap.entry(key).or_default() += e.quantity;
    }
    let insert = tx.prepare(
        "INSERT INTO takt_scrap (plant, machine, t, reason, product, quantity) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (plant, machine, t, reason, product) DO UPDATE SET quantity = $6",
    )?;
    for ((m, t, reason, product), quantity) in scrap {
        let quantity = i64::try_from(quantity).unwrap_or(i64::MAX);
        tx.execute(&insert, &[id, &m, &t.to_utc(), &reason, &product, &quantity])?;
    }
    let alarm = tx.prepare(
        "INSERT INTO takt_alarm (plant, machine, signal, start_at, end_at, kind, limit_value, worst, open)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (plant, machine, signal, start_at) DO UPDATE SET end_at = $5, kind = $6,
           limit_value = $7, worst = $8, open = $9",
    )?;
    for (m, a) in &range.alarms {
        let row: [&(dyn ToSql + Sync); 9] = [
            id,
            &m.as_str(),
            &a.signal,
            &a.start.to_utc(),
            &a.end.to_utc(),
            &a.kind.as_str(),
            &a.limit,
            &a.worst,
            &a.open,
        ];
        tx.execute(&alarm, &row)?;
    }
    let maintenance = tx.prepare(
        "INSERT INTO takt_maintenance (plant, machine, component, t, kind, duration_min, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (plant, machine, component, t, kind) DO UPDATE SET duration_min = $6, note = $7",
    )?;
    for (m, e) in &range.maintenance {
        let row: [&(dyn ToSql + Sync); 7] = [
            id,
            &m.as_str(),
            &e.component,
            &e.t.to_utc(),
            &e.kind.as_str(),
            &e.duration_min,
            &e.note,
        ];
        tx.execute(&maintenance, &row)?;
    }
    tx.commit()
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

/// A machine's shift as the central database holds it.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The plant.
    pub plant: String,
    /// The machine.
    pub machine: String,
    /// Its line.
    pub line: Option<String>,
    /// The shift.
    pub period: Period,
    /// Its terms.
    pub terms: Terms,
    /// Its maintenance log's and energy meter's terms.
    pub extra: Extra,
}

/// Every plant's machine shifts that start in `[from, to)`, by plant, shift and machine.
pub fn shifts(client: &mut Client, from: Ts, to: Ts) -> Result<Vec<Stored>, String> {
    let columns: Vec<String> = TERMS.iter().map(|c| format!("s.{}", c.0)).collect();
    let rows = client
        .query(
            &format!(
                "SELECT s.plant, s.machine, m.line, s.period_start, s.period_end, s.shift, s.extra, {}
                 FROM takt_shift s JOIN takt_machine m USING (plant, machine)
                 WHERE s.period_start >= $1 AND s.period_start < $2
                 ORDER BY s.plant, s.period_start, s.machine",
                columns.join(", ")
            ),
            &[&from.to_utc(), &to.to_utc()],
        )
        .map_err(|e| describe(&e))?;
    rows.iter()
        .map(|r| {
            Ok(Stored {
                plant: r.get(0),
                machine: r.get(1),
                line: r.get(2),
                period: Period {
                    label: r.get(5),
                    start: Ts::from_utc(r.get(3)),
                    end: Ts::from_utc(r.get(4)),
                },
                extra: serde_json::from_value(r.get::<_, Value>(6)).unwrap_or_default(),
                terms: terms_of(r, 7)?,
            })
        })
        .collect()
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
