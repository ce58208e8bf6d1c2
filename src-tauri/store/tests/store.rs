//! The store against a real SQLite file in a temp dir.

use std::path::Path;

use takt_core::config::Config;
use takt_core::ids::{MachineId, ProductId};
use takt_core::import::{Kind, Rows, parse};
use takt_core::model::{MachineState, ScrapEntry};
use takt_core::time::{MINUTE_MS, Ts};
use takt_core::tracker::{Reading, Resume, Setup, StateSource, Tracker, Values};
use takt_store::import::{ImportFile, import};
use takt_store::{Reader, Writer};

const CONFIG: &str = r#"
[plant]
name = "P"
timezone = "Europe/Istanbul"

[[reason]]
code = "mech/jam"
kind = "downtime"

[[reason]]
code = "changeover"
kind = "planned"

[[reason]]
code = "scrap/burr"
kind = "scrap"

[[product]]
id = "a"
ideal_cycle_s = 1.0

[[machine]]
id = "press-1"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:502" }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u16" }
fault_code = { holding = 4, reasons = { 1 = "mech/jam" } }
product_code = { holding = 5, products = { 1 = "a" } }
"#;

fn config() -> Config {
    Config::parse(CONFIG, "takt.toml").unwrap().config
}

fn id() -> MachineId {
    MachineId::new("press-1").unwrap()
}

fn setup(cfg: &Config) -> Setup {
    Setup::new(&cfg.machines[0], cfg)
}

fn reading(t: i64, running: bool, total: u64, fault: u64) -> Reading {
    Reading {
        t: Ts(t),
        values: Some(Values {
            running: Some(running),
            total: Some(total),
            fault: Some(fault),
            product: Some(1),
            ..Values::default()
        }),
    }
}

#[test]
fn setup_reads_the_config() {
    let cfg = config();
    let s = setup(&cfg);
    assert_eq!(s.state_source, StateSource::RunSignal);
    assert_eq!(s.total_bits, Some(16));
}

#[test]
fn tracker_events_round_trip_and_restart_loses_no_parts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let cfg = config();
    let base = 1_700_000_000_000i64;

    // First run: 10 readings a second apart, a stop with fault 1 in the middle.
    let writer = Writer::spawn(&db).unwrap();
    let mut tracker = Tracker::new(setup(&cfg), Resume::default());
    let mut counter = 65_530u64;
    for i in 0..10 {
        let running = !(4..7).contains(&i);
        if running && i > 0 {
            counter = (counter + 1) % 65_536;
        }
        let ev = tracker.observe(&reading(base + i * 1000, running, counter, if running { 0 } else { 1 }));
        writer.events(&id(), ev).unwrap();
    }
    writer.close().unwrap();

    let r = Reader::open(&db).unwrap();
    let iv = r.intervals(&id(), Ts(base), Ts(base + 60_000)).unwrap();
    let shape: Vec<(i64, i64, MachineState, Option<String>)> = iv
        .iter()
        .map(|i| {
            (
                i.start.0 - base,
                i.end.0 - base,
                i.state,
                i.reason.as_ref().map(|x| x.to_string()),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (0, 4000, MachineState::Running, None),
            (4000, 7000, MachineState::Down, Some("mech/jam".into())),
            (7000, 9000, MachineState::Running, None),
        ]
    );
    // 6 increments, across the u16 wrap (65530 -> 0 -> 1).
    assert_eq!(
        r.totals(&id(), Ts(base - MINUTE_MS), Ts(base + MINUTE_MS))
            .unwrap()
            .total,
        6
    );
    let runs = r.product_runs(&id(), Ts(base), Ts(base + 60_000)).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].product, Some(ProductId::new("a").unwrap()));

    // Takt is away 10 minutes; the machine makes 300 parts. A new process resumes.
    let resume = r.resume(&id()).unwrap();
    assert_eq!(resume.last_interval.as_ref().unwrap().end, Ts(base + 9000));
    drop(r);
    let writer = Writer::spawn(&db).unwrap();
    let mut tracker = Tracker::new(setup(&cfg), resume);
    counter = (counter + 300) % 65_536;
    let back = base + 9000 + 10 * MINUTE_MS;
    writer
        .events(&id(), tracker.observe(&reading(back, true, counter, 0)))
        .unwrap();
    writer.flush().unwrap();
    let r = Reader::open(&db).unwrap();
    let totals = r.totals(&id(), Ts(base - MINUTE_MS), Ts(back + MINUTE_MS)).unwrap();
    assert_eq!((totals.total, totals.over_gap), (6, 300));
    let iv = r.intervals(&id(), Ts(base + 8000), Ts(back + 1)).unwrap();
    assert_eq!(
        iv.iter().map(|i| i.state).collect::<Vec<_>>(),
        vec![MachineState::Running, MachineState::NoData, MachineState::Running]
    );
    assert_eq!((iv[1].start, iv[1].end), (Ts(base + 9000), Ts(back)));
    writer.close().unwrap();
}

#[test]
fn operator_reason_overrides_without_rewriting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let cfg = config();
    let writer = Writer::spawn(&db).unwrap();
    let mut tracker = Tracker::new(setup(&cfg), Resume::default());
    for (t, run) in [(0, true), (1000, false), (200_000, true)] {
        writer.events(&id(), tracker.observe(&reading(t, run, 0, 0))).unwrap();
    }
    writer
        .assign_reason(&id(), Ts(1000), "changeover", "tool change")
        .unwrap();
    writer.flush().unwrap();
    let r = Reader::open(&db).unwrap();
    let iv = r.intervals(&id(), Ts(0), Ts(300_000)).unwrap();
    assert_eq!(iv[1].reason.as_ref().unwrap().as_str(), "changeover");
    // The recorded row still has no reason.
    let conn = rusqlite_raw(&db);
    let raw: Option<String> = conn
        .query_row("SELECT reason FROM state_interval WHERE start_ms = 1000", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(raw, None);
    writer.close().unwrap();
}

#[test]
fn a_split_stop_reads_as_two_stops_with_their_own_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let cfg = config();
    let writer = Writer::spawn(&db).unwrap();
    let mut tracker = Tracker::new(setup(&cfg), Resume::default());
    // Running, then down with fault 1 (mech/jam) from 1 s to 600 s, then running.
    let mut t = 0;
    while t <= 700_000 {
        let down = (1000..600_000).contains(&t);
        writer
            .events(&id(), tracker.observe(&reading(t, !down, 0, u64::from(down))))
            .unwrap();
        t += 1000;
    }
    writer.split_stop(&id(), Ts(200_000)).unwrap();
    writer.split_stop(&id(), Ts(200_000)).unwrap(); // the same split twice is one split
    writer.split_stop(&id(), Ts(400_000)).unwrap();
    writer.assign_reason(&id(), Ts(400_000), "changeover", "").unwrap();
    writer.flush().unwrap();
    let r = Reader::open(&db).unwrap();
    let iv = r.intervals(&id(), Ts(0), Ts(800_000)).unwrap();
    let parts: Vec<(i64, i64, Option<&str>)> = iv
        .iter()
        .map(|i| (i.start.0, i.end.0, i.reason.as_ref().map(|r| r.as_str())))
        .collect();
    assert_eq!(
        parts,
        vec![
            (0, 1000, None),
            (1000, 200_000, Some("mech/jam")),
            (200_000, 400_000, Some("mech/jam")),
            (400_000, 600_000, Some("changeover")),
            (600_000, 700_000, None),
        ]
    );
    // A range starting inside the split stop sees only the parts it overlaps.
    let from_inside = r.intervals(&id(), Ts(250_000), Ts(450_000)).unwrap();
    assert_eq!(
        from_inside.iter().map(|i| i.start.0).collect::<Vec<_>>(),
        vec![200_000, 400_000]
    );
    // What operators entered, as the live tile reads it.
    let entries = r.stop_entries(&id(), Ts(0), Ts(800_000)).unwrap();
    assert_eq!(entries.splits, vec![Ts(200_000), Ts(400_000)]);
    let changeover = takt_core::ids::ReasonCode::new("changeover").unwrap();
    assert_eq!(entries.reasons.get(&Ts(400_000)), Some(&changeover));
    // A later reason corrects an earlier one.
    writer.assign_reason(&id(), Ts(1000), "changeover", "").unwrap();
    writer.assign_reason(&id(), Ts(1000), "mech/jam", "").unwrap();
    writer.flush().unwrap();
    let entries = r.stop_entries(&id(), Ts(0), Ts(800_000)).unwrap();
    assert_eq!(entries.reasons.get(&Ts(1000)).map(|c| c.as_str()), Some("mech/jam"));
    // Recorded history is unchanged: one interval from 1 s to 600 s.
    let conn = rusqlite_raw(&db);
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM state_interval WHERE start_ms = 1000 AND end_ms = 600000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    writer.close().unwrap();
}

#[test]
fn scrap_and_config_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let writer = Writer::spawn(&db).unwrap();
    writer.config(CONFIG).unwrap();
    writer.config(CONFIG).unwrap();
    writer.config("changed").unwrap();
    writer
        .scrap(
            &id(),
            ScrapEntry {
                t: Ts(5000),
                quantity: 3,
                reason: None,
                product: None,
            },
        )
        .unwrap();
    writer.close().unwrap();
    let r = Reader::open(&db).unwrap();
    assert_eq!(r.config_history().unwrap().len(), 2);
    assert_eq!(r.scrap(&id(), Ts(0), Ts(10_000)).unwrap()[0].quantity, 3);
}

fn rusqlite_raw(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn import_text(db: &Path, kind: Kind, text: &str) -> Result<usize, String> {
    let cfg = config();
    let rows: Rows = parse(kind, "h.csv", text, &cfg, &mut |_| {}).map_err(|e| e.to_string())?;
    let file = ImportFile {
        kind,
        name: "h.csv",
        bytes: text.as_bytes(),
        rows: &rows,
    };
    import(db, &file, CONFIG, cfg.plant.timezone, &mut |_| {})
        .map(|s| s.rows)
        .map_err(|e| e.to_string())
}

fn file_bytes(p: &Path) -> Vec<u8> {
    // Checkpoint through a fresh connection so the comparison sees everything committed.
    let c = rusqlite::Connection::open(p).unwrap();
    c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    drop(c);
    std::fs::read(p).unwrap()
}

#[test]
fn import_refuses_overlaps_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let first = "machine,start,end,state,reason\n\
                 press-1,2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,running,\n\
                 press-1,2026-11-24T07:00:00+03:00,2026-11-24T07:30:00+03:00,down,mech/jam\n";
    assert_eq!(import_text(&db, Kind::States, first), Ok(2));
    let before = file_bytes(&db);

    // The same file again.
    let again = import_text(&db, Kind::States, first).unwrap_err();
    assert!(again.starts_with("h.csv: already imported on "), "{again}");

    // A good row, then one overlapping stored history: nothing of the file is written.
    let second = "machine,start,end,state,reason\n\
                  press-1,2026-11-24T08:00:00+03:00,2026-11-24T09:00:00+03:00,running,\n\
                  press-1,2026-11-24T07:15:00+03:00,2026-11-24T07:45:00+03:00,running,\n";
    let err = import_text(&db, Kind::States, second).unwrap_err();
    assert_eq!(
        err,
        "h.csv:3: column \"start\": overlaps history already stored for machine \"press-1\" (down from 2026-11-24T07:00:00+03:00 to 2026-11-24T07:30:00+03:00): expected rows outside the stored history"
    );
    assert_eq!(file_bytes(&db), before, "a refused import changed the database file");

    // Counts: overlapping stored buckets are refused the same way.
    let counts = "machine,start,end,total,reject,product\npress-1,2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,3600,10,a\n";
    assert_eq!(import_text(&db, Kind::Counts, counts), Ok(1));
    let overlapping =
        "machine,start,end,total,reject,product\npress-1,2026-11-24T06:59:30+03:00,2026-11-24T07:10:00+03:00,10,0,a\n";
    let err = import_text(&db, Kind::Counts, overlapping).unwrap_err();
    assert!(err.starts_with("h.csv:2: column \"start\": overlaps counts already stored for machine \"press-1\" (the minute from 2026-11-24T06:59:00+03:00)"), "{err}");
    let r = Reader::open(&db).unwrap();
    let t = r.totals(&id(), Ts(0), Ts(i64::MAX)).unwrap();
    assert_eq!((t.total, t.reject), (3600, 10));
}

#[test]
fn backup_is_a_consistent_copy_while_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let out = dir.path().join("copy.db");
    let cfg = config();
    let writer = Writer::spawn(&db).unwrap();
    let mut tracker = Tracker::new(setup(&cfg), Resume::default());
    for i in 0..200 {
        writer
            .events(&id(), tracker.observe(&reading(i * 1000, true, i as u64, 0)))
            .unwrap();
    }
    writer.flush().unwrap();
    // Keep writing while the backup runs.
    let writing = std::thread::spawn(move || {
        for i in 200..2000 {
            writer
                .events(&id(), tracker.observe(&reading(i * 1000, true, i as u64, 0)))
                .unwrap();
        }
        writer.close().unwrap();
    });
    takt_store::backup::backup(&db, &out, false, None).unwrap();
    writing.join().unwrap();
    let copy = Reader::open(&out).unwrap();
    let n = copy.totals(&id(), Ts(0), Ts(i64::MAX)).unwrap().total;
    assert!((199..=1999).contains(&n), "{n}");
    let conn = rusqlite_raw(&out);
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

/// Regression: the copy went a few pages a step and each commit of another connection
/// made it start over, so a database of a few hundred MB being recorded (a commit a
/// second) never finished. Here 20 MB and a commit every half millisecond.
#[test]
fn a_backup_finishes_while_the_writer_commits_all_the_time() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let out = dir.path().join("copy.db");
    Writer::spawn(&db).unwrap().close().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE filler (x BLOB)").unwrap();
    for _ in 0..20 {
        conn.execute("INSERT INTO filler VALUES (zeroblob(1000000))", [])
            .unwrap();
    }
    let stop = Arc::new(AtomicBool::new(false));
    let committing = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                conn.execute("INSERT INTO filler VALUES (zeroblob(100))", []).unwrap();
                std::thread::sleep(std::time::Duration::from_micros(500));
            }
        })
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let (from, to) = (db.clone(), out.clone());
    std::thread::spawn(move || {
        let _ = tx.send(takt_store::backup::backup(&from, &to, false, None).map_err(|e| e.to_string()));
    });
    let done = rx.recv_timeout(std::time::Duration::from_secs(60));
    stop.store(true, Ordering::Relaxed);
    committing.join().unwrap();
    assert!(
        matches!(done, Ok(Ok(()))),
        "the backup did not finish while the writer committed: {done:?}"
    );
    let ok: String = rusqlite_raw(&out)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn reading_a_missing_database_says_what_to_do() {
    let err = Reader::open(Path::new("/nonexistent/takt.db"))
        .err()
        .unwrap()
        .to_string();
    assert_eq!(
        err,
        "no database at /nonexistent/takt.db: run `takt run`, `takt demo` or `takt import` first, or pass --db"
    );
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    Writer::spawn(&db).unwrap().close().unwrap();
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = Reader::open(&db).err().unwrap().to_string();
    assert!(
        err.contains("is schema version 99, newer than this Takt knows ("),
        "{err}"
    );
}

mod count_sums {
    use super::*;
    use proptest::prelude::*;
    use takt_core::model::CountIncrement;
    use takt_core::time::HOUR_MS;
    use takt_core::tracker::{Baseline, Counter, Event};

    /// Writes count increments through the writer (so the hourly rollup is filled the way
    /// it is live) and returns the database.
    fn store(increments: &[(i64, i64, u64, bool)]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("takt.db");
        let writer = Writer::spawn(&db).unwrap();
        for &(start, len, total, gap) in increments {
            let c = CountIncrement {
                start: Ts(start),
                end: Ts(start + len),
                product: (total % 3 == 0).then(|| ProductId::new("a").unwrap()),
                total,
                reject: total / 10,
                over_gap: gap,
            };
            let b = Event::Baseline {
                counter: Counter::Total,
                baseline: Baseline {
                    raw: 0,
                    meter: 0.0,
                    t: Ts(start),
                },
            };
            writer.events(&id(), vec![Event::Counts(c), b]).unwrap();
        }
        writer.close().unwrap();
        (dir, db)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Sums per span from the rollup equal the minute buckets summed one by one, for
        /// spans that start and end anywhere (half hours, odd minutes, mid-minute); the
        /// first span also takes the minute it starts inside.
        #[test]
        fn rollup_sums_equal_minute_sums(
            increments in prop::collection::vec((0i64..(3 * 24 * HOUR_MS), 0i64..(5 * HOUR_MS), 0u64..5000, any::<bool>()), 1..30),
            cuts in prop::collection::vec(0i64..(4 * 24 * HOUR_MS), 2..12),
        ) {
            let (_dir, db) = store(&increments);
            let r = Reader::open(&db).unwrap();
            let mut cuts = cuts;
            cuts.sort();
            cuts.dedup();
            let spans: Vec<(Ts, Ts)> = cuts.windows(2).map(|w| (Ts(w[0]), Ts(w[1]))).collect();
            let sums = r.count_sums(&id(), &spans).unwrap();
            for (i, &(a, b)) in spans.iter().enumerate() {
                let lo = if i == 0 { a.minute_floor() } else { a };
                let mut want: BTreeMap<(Option<ProductId>, bool), (u64, u64)> = BTreeMap::new();
                for c in r.counts(&id(), lo, b).unwrap() {
                    let e = want.entry((c.product, c.over_gap)).or_default();
                    e.0 += c.total;
                    e.1 += c.reject;
                }
                let got: BTreeMap<(Option<ProductId>, bool), (u64, u64)> = sums
                    .iter()
                    .filter(|s| s.t == a)
                    .map(|s| ((s.product.clone(), s.over_gap), (s.total, s.reject)))
                    .collect();
                prop_assert_eq!(got, want, "span {:?}", (a, b));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Energy per span from the hourly cache equals the minutes summed, and each
        /// span's kWh is its run + idle + no-data kWh.
        #[test]
        fn energy_rollup_equals_the_minutes(
            increments in prop::collection::vec((0i64..(3 * 24 * HOUR_MS), 0i64..(5 * HOUR_MS), 0f64..50.0, any::<bool>(), any::<bool>()), 1..30),
            cuts in prop::collection::vec(0i64..(4 * 24 * HOUR_MS), 2..12),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("takt.db");
            let writer = Writer::spawn(&db).unwrap();
            for &(start, len, kwh, running, over_gap) in &increments {
                let e = EnergyIncrement { start: Ts(start), end: Ts(start + len), kwh, running, over_gap };
                writer.events(&id(), vec![Event::Energy(e)]).unwrap();
            }
            writer.close().unwrap();
            let r = Reader::open(&db).unwrap();
            let mut cuts = cuts;
            cuts.sort();
            cuts.dedup();
            let spans: Vec<(Ts, Ts)> = cuts.windows(2).map(|w| (Ts(w[0]), Ts(w[1]))).collect();
            let sums = r.energy_sums(&id(), &spans).unwrap();
            prop_assert_eq!(sums.len(), spans.len());
            let conn = rusqlite::Connection::open(&db).unwrap();
            for (i, (&(a, b), got)) in spans.iter().zip(&sums).enumerate() {
                // The first span also takes the minute it starts inside.
                let a = if i == 0 { a.minute_floor() } else { a };
                let want: (f64, f64, f64) = conn
                    .query_row(
                        "SELECT coalesce(sum(kwh), 0), coalesce(sum(run_kwh), 0), coalesce(sum(gap_kwh), 0) FROM energy_bucket WHERE minute_ms >= ?1 AND minute_ms < ?2",
                        [a.0, b.0],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .unwrap();
                prop_assert!((got.kwh - want.0).abs() < 1e-6 && (got.run_kwh - want.1).abs() < 1e-6 && (got.no_data_kwh - want.2).abs() < 1e-6, "span {:?}: {:?} vs {:?}", (a, b), got, want);
                prop_assert!((got.run_kwh + got.idle_kwh() + got.no_data_kwh - got.kwh).abs() < 1e-9);
                prop_assert!(got.idle_kwh() > -1e-6);
            }
            // Over all time: every kWh written.
            let all: f64 = increments.iter().map(|i| i.2).sum();
            let whole = r.energy_sums(&id(), &[(Ts(-HOUR_MS), Ts(9 * 24 * HOUR_MS))]).unwrap()[0];
            prop_assert!((whole.kwh - all).abs() < 1e-6);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// The minute-hour caches the writer keeps give every minute's mean and parts as
        /// their source tables do, over any range, and are byte for byte what migration
        /// 0004 rebuilds from those tables.
        #[test]
        fn minute_hour_caches_equal_their_sources(
            batches in prop::collection::vec(prop::collection::vec((0i64..(5 * HOUR_MS), -50f64..150.0), 1..20), 1..8),
            increments in prop::collection::vec((0i64..(5 * HOUR_MS), 0i64..(2 * HOUR_MS), 0u64..5000, any::<bool>()), 1..20),
            range in (-HOUR_MS..(6 * HOUR_MS), 0i64..(7 * HOUR_MS)),
        ) {
            let (_dir, db) = store(&increments);
            let writer = Writer::spawn(&db).unwrap();
            for batch in &batches {
                let events = batch
                    .iter()
                    .map(|&(t, value)| Event::Process { name: "oil_temp".into(), t: Ts(t), value, keep: false })
                    .collect();
                writer.events(&id(), events).unwrap();
                writer.flush().unwrap();
            }
            writer.close().unwrap();
            let (from, to) = (Ts(range.0), Ts(range.0 + range.1));
            let r = Reader::open(&db).unwrap();
            let conn = rusqlite::Connection::open(&db).unwrap();
            let want_means: Vec<(Ts, f64)> = conn
                .prepare("SELECT minute_ms, sum / n FROM process_minute WHERE minute_ms >= ?1 AND minute_ms < ?2 ORDER BY minute_ms")
                .unwrap()
                .query_map([from.0, to.0], |r| Ok((Ts(r.get(0)?), r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            prop_assert_eq!(r.process_means(&id(), "oil_temp", from, to).unwrap(), want_means);
            let want_parts: Vec<(Ts, u64, u64)> = conn
                .prepare(
                    "SELECT minute_ms, sum(total), sum(reject) FROM count_bucket WHERE minute_ms >= ?1 AND minute_ms < ?2
                     AND over_gap = 0 GROUP BY minute_ms HAVING sum(total) > 0 ORDER BY minute_ms",
                )
                .unwrap()
                .query_map([from.0, to.0], |r| Ok((Ts(r.get(0)?), r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            prop_assert_eq!(r.minute_parts(&id(), from, to).unwrap(), want_parts);
            drop(r);

            // The migration's rebuild from the source tables gives the same rows.
            let blobs = |conn: &rusqlite::Connection| -> Vec<(i64, Vec<u8>)> {
                conn.prepare(
                    "SELECT hour_ms, means FROM process_minute_hour UNION ALL SELECT hour_ms, parts FROM count_minute_hour ORDER BY 1, 2",
                )
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
            };
            let kept = blobs(&conn);
            conn.execute_batch("DROP TABLE process_minute_hour; DROP TABLE count_minute_hour; DROP TABLE report_delivery; ALTER TABLE reason_assignment DROP COLUMN operator; ALTER TABLE scrap_entry DROP COLUMN operator; PRAGMA user_version = 3;").unwrap();
            drop(conn);
            Writer::spawn(&db).unwrap().close().unwrap();
            let conn = rusqlite::Connection::open(&db).unwrap();
            prop_assert_eq!(blobs(&conn), kept);
        }
    }

    use std::collections::BTreeMap;
    use takt_core::model::EnergyIncrement;
}

/// A database written before energy was split and alarms recorded (schema 2) keeps its
/// kWh: each minute goes to the state recorded at its start, and the hourly cache is
/// filled from the minutes.
#[test]
fn energy_recorded_before_the_split_is_split_by_the_recorded_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(include_str!("../migrations/0002_stop_split.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO machine VALUES ('press-1', 0);
             INSERT INTO state_interval VALUES ('press-1', 0, 120000, 'running', NULL, NULL, 'live');
             INSERT INTO state_interval VALUES ('press-1', 120000, 180000, 'down', NULL, NULL, 'live');
             INSERT INTO state_interval VALUES ('press-1', 180000, 240000, 'no_data', NULL, NULL, 'live');
             INSERT INTO energy_bucket VALUES ('press-1', 0, 1.0), ('press-1', 60000, 2.0),
                 ('press-1', 120000, 0.5), ('press-1', 180000, 4.0), ('press-1', 3600000, 8.0);",
        )
        .unwrap();
    }
    Writer::spawn(&db).unwrap().close().unwrap();
    let r = Reader::open(&db).unwrap();
    let e = r.energy_sums(&id(), &[(Ts(0), Ts(2 * 3_600_000))]).unwrap()[0];
    assert_eq!((e.kwh, e.run_kwh, e.no_data_kwh, e.idle_kwh()), (15.5, 3.0, 4.0, 8.5));
    // Whole hours come from the cache: the same.
    let h = r.energy_sums(&id(), &[(Ts(3_600_000), Ts(2 * 3_600_000))]).unwrap()[0];
    assert_eq!(h.kwh, 8.0);
}

#[test]
fn raw_process_values_are_kept_a_week_and_minutes_for_good() {
    use takt_core::time::{DAY_MS, MINUTE_MS};
    use takt_core::tracker::Event;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let writer = Writer::spawn(&db).unwrap();
    let temp = |t: i64, value: f64| Event::Process {
        name: "oil_temp".into(),
        t: Ts(t),
        value,
        keep: true,
    };
    writer
        .events(&id(), vec![temp(0, 40.0), temp(1000, 44.0), temp(2000, 42.0)])
        .unwrap();
    writer.flush().unwrap();
    let r = Reader::open(&db).unwrap();
    assert_eq!(r.process_raw(&id(), "oil_temp", Ts(0), Ts(MINUTE_MS)).unwrap().len(), 3);
    // Eight days later the first minute's raw values go; its min/avg/max stay.
    writer.events(&id(), vec![temp(8 * DAY_MS, 50.0)]).unwrap();
    writer.close().unwrap();
    assert_eq!(r.process_raw(&id(), "oil_temp", Ts(0), Ts(MINUTE_MS)).unwrap(), vec![]);
    let m = r.process_minutes(&id(), "oil_temp", Ts(0), Ts(MINUTE_MS)).unwrap();
    assert_eq!((m[0].n, m[0].min, m[0].avg, m[0].max), (3, 40.0, 42.0, 44.0));
    assert_eq!(
        r.process_raw(&id(), "oil_temp", Ts(0), Ts(9 * DAY_MS)).unwrap(),
        vec![(Ts(8 * DAY_MS), 50.0)]
    );
}

#[test]
fn a_locked_database_keeps_the_batch_whole_and_writes_it_later() {
    use takt_core::model::CountIncrement;
    use takt_core::tracker::{Baseline, Counter, Event};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let writer = Writer::spawn_waiting(&db, std::time::Duration::from_millis(100)).unwrap();
    let batch = |n: u64, t: i64| {
        vec![
            Event::Counts(CountIncrement {
                start: Ts(t),
                end: Ts(t),
                product: None,
                total: n,
                reject: 0,
                over_gap: false,
            }),
            Event::Baseline {
                counter: Counter::Total,
                baseline: Baseline {
                    raw: n,
                    meter: 0.0,
                    t: Ts(t),
                },
            },
        ]
    };
    writer.events(&id(), batch(5, 60_000)).unwrap();
    writer.flush().unwrap();
    // Another process takes the write lock (an import, say) and holds it.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    writer.events(&id(), batch(7, 120_000)).unwrap();
    let err = writer.flush().unwrap_err().to_string();
    assert!(err.contains("not written yet"), "{err}");
    // Nothing of the second batch is visible: no baseline without its counts. (WAL lets
    // this read go on under the other process's write lock.)
    let r = Reader::open(&db).unwrap();
    assert_eq!(r.totals(&id(), Ts(0), Ts(i64::MAX)).unwrap().total, 5);
    assert_eq!(r.resume(&id()).unwrap().baselines[&Counter::Total].raw, 5);
    other.execute_batch("ROLLBACK").unwrap();
    // Once the lock is gone the kept batch is written whole, with what came meanwhile.
    writer.events(&id(), batch(9, 180_000)).unwrap();
    writer.close().unwrap();
    assert_eq!(r.totals(&id(), Ts(0), Ts(i64::MAX)).unwrap().total, 5 + 7 + 9);
    assert_eq!(r.resume(&id()).unwrap().baselines[&Counter::Total].raw, 9);
}

#[test]
fn history_after_takts_last_reading_is_refused() {
    // Regression (review): it would be counted again over the gap at the next start.
    use takt_core::tracker::{Baseline, Counter, Event};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let last_read = takt_core::time::parse_rfc3339("2026-11-24T18:00:00+03:00").unwrap();
    let writer = Writer::spawn(&db).unwrap();
    writer
        .events(
            &id(),
            vec![Event::Baseline {
                counter: Counter::Total,
                baseline: Baseline {
                    raw: 10_000,
                    meter: 0.0,
                    t: last_read,
                },
            }],
        )
        .unwrap();
    writer.close().unwrap();
    let before =
        "machine,start,end,total,reject,product\npress-1,2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,100,0,\n";
    assert_eq!(import_text(&db, Kind::Counts, before), Ok(1));
    let after =
        "machine,start,end,total,reject,product\npress-1,2026-11-25T06:00:00+03:00,2026-11-25T07:00:00+03:00,100,0,\n";
    let err = import_text(&db, Kind::Counts, after).unwrap_err();
    assert_eq!(
        err,
        "h.csv:2: column \"end\": ends after Takt's last reading of machine \"press-1\" (2026-11-24T18:00:00+03:00): the next start counts that time from the machine's counter; expected history before it"
    );
}

#[test]
fn readings_inside_the_deadband_are_not_stored_but_count_in_their_minute() {
    // Regression: every poll stored every process value raw (17 GB a day for a big plant).
    use takt_core::time::MINUTE_MS;
    use takt_core::tracker::Event;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let writer = Writer::spawn(&db).unwrap();
    // 600 readings in a minute, 3 of them kept by the tracker.
    let events: Vec<Event> = (0..600)
        .map(|k| Event::Process {
            name: "oil_temp".into(),
            t: Ts(k * 100),
            value: 40.0 + f64::from((k % 7) as i32) / 100.0,
            keep: k % 200 == 0,
        })
        .collect();
    for chunk in events.chunks(50) {
        writer.events(&id(), chunk.to_vec()).unwrap();
    }
    writer.flush().unwrap();
    let r = Reader::open(&db).unwrap();
    assert_eq!(r.process_raw(&id(), "oil_temp", Ts(0), Ts(MINUTE_MS)).unwrap().len(), 3);
    let m = r.process_minutes(&id(), "oil_temp", Ts(0), Ts(MINUTE_MS)).unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!((m[0].n, m[0].min, m[0].max), (600, 40.0, 40.06));
    let mean: f64 = (0..600).map(|k| 40.0 + f64::from(k % 7) / 100.0).sum::<f64>() / 600.0;
    assert!((m[0].avg - mean).abs() < 1e-9);
    writer.close().unwrap();
}

/// An alarm episode is written as it opens, grows in place, and is handed back to a
/// restarted tracker while open; once ended, it is no longer resumed.
#[test]
fn alarm_episodes_grow_in_place_and_resume_while_open() {
    use takt_core::model::{AlarmEpisode, LimitKind};
    use takt_core::tracker::Event;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("takt.db");
    let a = |end: i64, worst: f64, open: bool| AlarmEpisode {
        signal: "oil_temp".into(),
        kind: LimitKind::High,
        limit: 65.0,
        worst,
        start: Ts(1000),
        end: Ts(end),
        open,
    };
    let writer = Writer::spawn(&db).unwrap();
    writer.events(&id(), vec![Event::Alarm(a(1000, 66.0, true))]).unwrap();
    writer.events(&id(), vec![Event::Alarm(a(5000, 70.0, true))]).unwrap();
    writer.close().unwrap();
    let r = Reader::open(&db).unwrap();
    assert_eq!(r.resume(&id()).unwrap().open_alarms, vec![a(5000, 70.0, true)]);
    assert_eq!(r.alarms(&id(), Ts(0), Ts(2000)).unwrap(), vec![a(5000, 70.0, true)]);
    let writer = Writer::spawn(&db).unwrap();
    writer.events(&id(), vec![Event::Alarm(a(6000, 70.0, false))]).unwrap();
    writer.close().unwrap();
    let r = Reader::open(&db).unwrap();
    assert!(r.resume(&id()).unwrap().open_alarms.is_empty());
    assert_eq!(r.alarms(&id(), Ts(5500), Ts(9000)).unwrap(), vec![a(6000, 70.0, false)]);
    assert!(r.alarms(&id(), Ts(6001), Ts(9000)).unwrap().is_empty());
}
