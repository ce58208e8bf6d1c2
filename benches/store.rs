//! Store benchmarks (`cargo bench --bench store`, or `cargo xtask bench`). Not tests:
//! they print numbers for the README, they assert nothing about time.
//!
//! 1. Ingest: the tracker's events for 100 machines polled every 500 ms, written by our
//!    single writer, against a bare rusqlite loop inserting the same number of rows in
//!    transactions of 1000 (same pragmas: WAL, synchronous = FULL).
//! 2. Report: `takt report oee --by shift`, `takt report maintenance` (by component and
//!    by machine), `takt report condition`, `takt report energy --by shift` and `takt
//!    report quality-drivers` over 100 machines x 1 year of generated history (three
//!    8-hour shifts a day, per-minute count buckets, per-minute energy split by state, a
//!    maintenance log of some 70 events a machine, two process values a machine with
//!    minute statistics over the last 30 days: a condition trend reads at most its last
//!    `trend_days`, and quality drivers have those 30 days of minutes to band).
//!
//! `TAKT_BENCH_MACHINES` and `TAKT_BENCH_DAYS` scale part 2 down for a quick look.

use std::path::{Path, PathBuf};
use std::time::Instant;

use takt_core::config::Config;
use takt_core::ids::MachineId;
use takt_core::import::{CountsRow, Kind, MaintenanceRow, Rows, StateRow};
use takt_core::model::{EnergyIncrement, MachineState, MaintenanceEvent, MaintenanceKind, StateInterval};
use takt_core::time::{DAY_MS, MINUTE_MS, Ts};
use takt_core::tracker::{Event, Reading, Resume, Setup, Tracker, Values};
use takt_store::import::ImportFile;

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo) as u64) as i64
    }
}

fn config(machines: usize) -> Config {
    Config::parse(&config_text(machines), "bench.toml")
        .expect("bench config")
        .config
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The events of `machines` machines polled every 500 ms for `seconds`.
fn event_stream(cfg: &Config, seconds: i64) -> Vec<(MachineId, Vec<Event>)> {
    let mut rng = Rng(0x5eed);
    let mut out = Vec::new();
    let mut trackers: Vec<(MachineId, Tracker, u64, bool)> = cfg
        .machines
        .iter()
        .map(|m| {
            (
                m.id.clone(),
                Tracker::new(Setup::new(m, cfg), Resume::default()),
                0u64,
                true,
            )
        })
        .collect();
    for step in 0..seconds * 2 {
        let t = Ts(1_700_000_000_000 + step * 500);
        for (id, tracker, count, running) in &mut trackers {
            // A stop starts about every 10 minutes and lasts about a minute.
            if *running && rng.next().is_multiple_of(1200) || !*running && rng.next().is_multiple_of(120) {
                *running = !*running;
            }
            if *running && rng.next().is_multiple_of(2) {
                *count += 1;
            }
            let values = Values {
                running: Some(*running),
                total: Some(*count),
                fault: Some(if *running { 0 } else { 1 }),
                ..Values::default()
            };
            out.push((
                id.clone(),
                tracker.observe(&Reading {
                    t,
                    values: Some(values),
                }),
            ));
        }
    }
    out
}

/// Removes a database and its WAL files left by an earlier run.
fn fresh(db: &Path) -> PathBuf {
    for ext in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(ext);
        let _ = std::fs::remove_file(p);
    }
    db.to_path_buf()
}

fn ingest(dir: &Path) {
    let cfg = config(100);
    let seconds = 600;
    let stream = event_stream(&cfg, seconds);
    let events: usize = stream.iter().map(|s| s.1.len()).sum();
    println!(
        "ingest: 100 machines x {seconds} s polled every 500 ms = {} readings, {events} events",
        stream.len()
    );

    let mut ours = Vec::new();
    let mut bare = Vec::new();
    for run in 0..3 {
        let db = fresh(&dir.join(format!("ingest-{run}.db")));
        let start = Instant::now();
        let writer = takt_store::Writer::spawn(&db).unwrap();
        for (id, ev) in &stream {
            writer.events(id, ev.clone()).unwrap();
        }
        writer.close().unwrap();
        ours.push(events as f64 / start.elapsed().as_secs_f64());

        let db = fresh(&dir.join(format!("bare-{run}.db")));
        let start = Instant::now();
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", "FULL").unwrap();
        conn.execute_batch("CREATE TABLE event (machine TEXT, kind TEXT, t INTEGER, a INTEGER, b REAL)")
            .unwrap();
        let mut n = 0usize;
        let mut tx = conn.transaction().unwrap();
        for (id, ev) in &stream {
            for e in ev {
                let (kind, t, a, b) = match e {
                    Event::Interval(i) => ("interval", i.start.0, i.end.0, 0.0),
                    Event::Counts(c) => ("counts", c.start.0, c.total as i64, c.reject as f64),
                    Event::Baseline { baseline, .. } => ("baseline", baseline.t.0, baseline.raw as i64, baseline.meter),
                    _ => ("other", 0, 0, 0.0),
                };
                tx.prepare_cached("INSERT INTO event VALUES (?1, ?2, ?3, ?4, ?5)")
                    .unwrap()
                    .execute(rusqlite::params![id.as_str(), kind, t, a, b])
                    .unwrap();
                n += 1;
                if n.is_multiple_of(1000) {
                    tx.commit().unwrap();
                    tx = conn.transaction().unwrap();
                }
            }
        }
        tx.commit().unwrap();
        bare.push(events as f64 / start.elapsed().as_secs_f64());
    }
    let (o, b) = (median(ours), median(bare));
    println!("ingest: takt writer  {o:>10.0} events/s (median of 3)");
    println!("ingest: bare rusqlite {b:>10.0} events/s (median of 3, 1000 rows per transaction)");
    println!("ingest: ratio takt/bare = {:.2}", o / b);
    println!(
        "ingest: 100 machines at 2 polls/s make {:.0} events/s, {:.0}x below the writer's rate",
        events as f64 / seconds as f64,
        o / (events as f64 / seconds as f64)
    );
}

/// Generates a year of history for `machines` machines into `db` through the import path.
fn history(cfg: &Config, db: &Path, days: i64, from: Ts) {
    let mut rng = Rng(0xb3c4);
    let start = Instant::now();
    let mut energy: Vec<(MachineId, Vec<Event>)> = Vec::new();
    for m in &cfg.machines {
        let mut states = Vec::new();
        let mut counts = Vec::new();
        let mut t = from;
        let end = Ts(from.0 + days * DAY_MS);
        let mut line = 0u64;
        while t < end {
            line += 1;
            let run = rng.range(20, 120) * MINUTE_MS;
            let run_end = Ts((t.0 + run).min(end.0));
            states.push(StateRow {
                line,
                machine: m.id.clone(),
                interval: StateInterval {
                    start: t,
                    end: run_end,
                    state: MachineState::Running,
                    reason: None,
                    fault_code: None,
                },
            });
            let total = ((run_end.0 - t.0) / 1000) as u64 * 9 / 10;
            counts.push(CountsRow {
                line,
                machine: m.id.clone(),
                start: t,
                end: run_end,
                total,
                reject: total / 100,
                product: None,
            });
            t = run_end;
            if t >= end {
                break;
            }
            let stop = rng.range(1, 25) * MINUTE_MS;
            let stop_end = Ts((t.0 + stop).min(end.0));
            states.push(StateRow {
                line,
                machine: m.id.clone(),
                interval: StateInterval {
                    start: t,
                    end: stop_end,
                    state: MachineState::Down,
                    reason: (rng.next().is_multiple_of(2))
                        .then(|| takt_core::ids::ReasonCode::new("mech/jam").unwrap()),
                    fault_code: None,
                },
            });
            t = stop_end;
        }
        // The bearing fails or is replaced every 4 to 12 days, and is greased every 10.
        let mut log = Vec::new();
        let mut at = from.0;
        loop {
            at += rng.range(4 * 24, 12 * 24) * 3_600_000;
            if at >= end.0 {
                break;
            }
            let kind = if rng.next().is_multiple_of(4) {
                MaintenanceKind::Replacement
            } else {
                MaintenanceKind::Failure
            };
            log.push((at, kind));
        }
        let mut at = from.0;
        while at + 10 * DAY_MS < end.0 {
            at += 10 * DAY_MS;
            log.push((at + 1000, MaintenanceKind::Service));
        }
        log.sort_by_key(|e| e.0);
        let log: Vec<MaintenanceRow> = log
            .into_iter()
            .enumerate()
            .map(|(i, (t, kind))| MaintenanceRow {
                line: i as u64 + 2,
                machine: m.id.clone(),
                event: MaintenanceEvent {
                    component: "bearing".into(),
                    t: Ts(t),
                    kind,
                    duration_min: 60.0,
                    note: String::new(),
                },
            })
            .collect();
        // The meter: 15 kW running, 4 kW standing, over each interval.
        energy.push((
            m.id.clone(),
            states
                .iter()
                .map(|s| {
                    let running = s.interval.state == MachineState::Running;
                    let kw = if running { 15.0 } else { 4.0 };
                    Event::Energy(EnergyIncrement {
                        start: s.interval.start,
                        end: s.interval.end,
                        kwh: kw * (s.interval.end.0 - s.interval.start.0) as f64 / 3.6e6,
                        running,
                        over_gap: false,
                    })
                })
                .collect(),
        ));
        let tz = cfg.plant.timezone;
        let tag = format!("bench {} {days}", m.id);
        for (kind, rows) in [
            (Kind::States, Rows::States(states)),
            (Kind::Counts, Rows::Counts(counts)),
            (Kind::Maintenance, Rows::Maintenance(log)),
        ] {
            let bytes = format!("{tag} {}", kind.as_str());
            let file = ImportFile {
                kind,
                name: "bench",
                bytes: bytes.as_bytes(),
                rows: &rows,
            };
            takt_store::import::import(db, &file, &config_text(cfg.machines.len()), tz, &mut |_| {}).unwrap();
        }
    }
    // Two process values a machine, a reading a minute over the last 30 days, climbing
    // slowly with a daily swing, through the writer (minute statistics).
    let writer = takt_store::Writer::spawn(db).unwrap();
    for (id, events) in energy {
        for chunk in events.chunks(2000) {
            writer.events(&id, chunk.to_vec()).unwrap();
        }
    }
    let end = from.0 + days * DAY_MS;
    for (k, m) in cfg.machines.iter().enumerate() {
        let mut t = (end - 30 * DAY_MS).max(from.0);
        let mut events = Vec::new();
        while t < end {
            let day = (t % DAY_MS) as f64 / DAY_MS as f64 * std::f64::consts::TAU;
            let days_in = (t - end + 30 * DAY_MS) as f64 / DAY_MS as f64;
            for (name, base, rise) in [("oil_temp", 40.0, 0.3 + 0.01 * k as f64), ("pressure", 120.0, -0.5)] {
                events.push(Event::Process {
                    name: name.into(),
                    t: Ts(t),
                    value: base + rise * days_in + 2.0 * day.sin(),
                    keep: false,
                });
            }
            t += MINUTE_MS;
            if events.len() >= 20_000 {
                writer.events(&m.id, std::mem::take(&mut events)).unwrap();
            }
        }
        writer.events(&m.id, events).unwrap();
    }
    writer.close().unwrap();
    println!(
        "report: generated {} machines x {days} days in {:.0} s",
        cfg.machines.len(),
        start.elapsed().as_secs_f64()
    );
}

fn report(dir: &Path) {
    let machines: usize = std::env::var("TAKT_BENCH_MACHINES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let days: i64 = std::env::var("TAKT_BENCH_DAYS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(365);
    let cfg = config(machines);
    let from = Ts(1_764_018_000_000); // 2025-11-25 00:00 +03:00
    // v3 of the generated history: with the maintenance log, process values, energy and
    // a reject counter. A database made by an older schema is migrated in place (timed).
    let db = dir.join(format!("report-v3-{machines}x{days}.db"));
    let config_path = dir.join(format!("report-{machines}.toml"));
    std::fs::write(&config_path, config_text(machines)).unwrap();
    if !db.exists() {
        history(&cfg, &db, days, from);
    }
    let t = Instant::now();
    drop(takt_store::open_write(&db).unwrap());
    println!(
        "report: opening for writing (migrating when older): {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("report: database {:.0} MB", size as f64 / 1e6);
    let to = Ts(from.0 + days * DAY_MS);
    let tz = cfg.plant.timezone;
    let (from, to) = (from.rfc3339(tz), to.rfc3339(tz));
    let range = ["--from", from.as_str(), "--to", to.as_str()];
    let run = |args: &[&str]| -> (f64, usize) {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_takt"))
                .arg("--config")
                .arg(&config_path)
                .arg("--db")
                .arg(&db)
                .arg("report")
                .args(args)
                .args(range)
                .output()
                .unwrap();
            times.push(start.elapsed().as_secs_f64());
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            rows = out.stdout.iter().filter(|b| **b == b'\n').count() - 1;
        }
        (median(times), rows)
    };
    let (oee, rows) = run(&["oee", "--by", "shift"]);
    println!(
        "report: takt report oee --by shift, {machines} machines x {days} days: {oee:.2} s (median of 3), {rows} rows"
    );
    for args in [
        &["maintenance"][..],
        &["maintenance", "--by", "machine"],
        &["condition"],
        &["energy", "--by", "shift"],
        &["energy"],
        &["quality-drivers"],
        &["process"],
        &["alarms"],
    ] {
        let (secs, rows) = run(args);
        println!(
            "report: takt report {}, {machines} machines x {days} days: {secs:.2} s (median of 3), {rows} rows, {:.2} of the OEE report's time",
            args.join(" "),
            secs / oee
        );
    }
}

/// The bench plant: three 8-hour shifts every day, `machines` machines with a run signal,
/// 32-bit part and reject counters, an energy meter, a fault code and two process values.
fn config_text(machines: usize) -> String {
    let mut text = String::from(
        r#"
[plant]
name = "Bench"
timezone = "Europe/Istanbul"

[[shift]]
name = "A"
start = "06:00"
end = "14:00"
breaks = [{ start = "10:00", minutes = 30 }]

[[shift]]
name = "B"
start = "14:00"
end = "22:00"
breaks = [{ start = "18:00", minutes = 30 }]

[[shift]]
name = "C"
start = "22:00"
end = "06:00"
breaks = [{ start = "02:00", minutes = 30 }]

[[reason]]
code = "mech/jam"
kind = "downtime"
"#,
    );
    for i in 0..machines {
        text.push_str(&format!(
            "\n[[machine]]\nid = \"m{i:03}\"\nideal_cycle_s = 1.0\nconnection = {{ modbus_tcp = \"127.0.0.1:{}\" }}\n[machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\nreject_count = {{ holding = 2, type = \"u32\" }}\nenergy_kwh = {{ input = 20, type = \"f32\" }}\nfault_code = {{ holding = 4, reasons = {{ 1 = \"mech/jam\" }} }}\nprocess = [\n  {{ name = \"oil_temp\", input = 10, type = \"i16\", scale = 0.1, unit = \"C\", low = 20.0, high = 65.0 }},\n  {{ name = \"pressure\", input = 11, unit = \"bar\", low = 50.0, high = 180.0 }},\n]\n[[machine.maintenance]]\ntask = \"Grease bearing\"\ncomponent = \"bearing\"\nevery_run_hours = 250\n",
            1000 + i
        ));
    }
    text
}

fn main() {
    let dir: PathBuf = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("takt-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if only.as_deref().is_none_or(|o| o == "ingest") {
        ingest(&dir);
    }
    if only.as_deref().is_none_or(|o| o == "report") {
        report(&dir);
    }
}
