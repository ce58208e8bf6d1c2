//! `takt run` and `takt demo` as processes, against simulated machines on 127.0.0.1:
//! exact counts across a kill -9, faults of every kind, and the demo plant.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use common::live::{Counter, PLANT, baseline, faketime, free_port, machine_toml, run_at, takt};
use common::{KillOnDrop, query, terminate, wait_for};

fn spawn_run(config: &Path, db: &Path, log: &Path) -> Child {
    takt(config, db)
        .args(["run", "--for", "5m"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

#[test]
fn a_kill_9_and_a_restart_lose_no_parts() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (_dir, cfg, db, log) = common::live::files();
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();

    press.set(true, 1000);
    let mut run = spawn_run(&cfg, &db, &log);
    // The first reading (1000) is the baseline; then the machine counts to 1500.
    wait_for(30, "the first reading to be committed", || {
        (baseline(&db, "press") == Some(1000)).then_some(())
    });
    press.set(true, 1500);
    wait_for(30, "1500 to be committed", || {
        (baseline(&db, "press") == Some(1500)).then_some(())
    });
    run.kill().unwrap(); // SIGKILL: nothing gets to clean up
    run.wait().unwrap();
    // The machine goes on counting while Takt is gone.
    press.set(true, 2500);
    let mut run = spawn_run(&cfg, &db, &log);
    wait_for(30, "the restart to read 2500", || {
        (baseline(&db, "press") == Some(2500)).then_some(())
    });
    press.set(true, 3000);
    wait_for(30, "3000 to be committed", || {
        (baseline(&db, "press") == Some(3000)).then_some(())
    });
    terminate(&run);
    let status = run.wait().unwrap();
    assert!(status.success(), "SIGTERM ends takt run with 0: {status:?}");

    // Exactly the counter's movement from the first reading: 3000 - 1000.
    let total = query(&db, "SELECT sum(total) FROM count_bucket WHERE machine = 'press'");
    assert_eq!(total[0][0], "2000");
    // Nothing counted twice, nothing rounded: the hourly rollup agrees.
    assert_eq!(
        query(&db, "SELECT sum(total) FROM count_hour WHERE machine = 'press'")[0][0],
        "2000"
    );
}

#[test]
fn twenty_kills_at_random_moments_lose_no_part_and_leave_the_database_whole() {
    // A 16-bit counter that wraps during the run, fast enough that each step is a
    // plausible wrap (ideal cycle 1 ms), killed with SIGKILL twenty times at random
    // moments: after each kill the database passes integrity_check, and once the restart
    // has read the counter the parts recorded equal its movement exactly, every time.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start_with(&rt, "press", "u16");
    let toml = toml.replace("ideal_cycle_s = 0.5", "ideal_cycle_s = 0.001");
    let (_dir, cfg, db, log) = common::live::files();
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();
    let start = 65_000u64;
    let mut value = start;
    press.set(true, value);
    let mut run = spawn_run(&cfg, &db, &log);
    wait_for(30, "the first reading", || {
        (baseline(&db, "press") == Some(value % 65_536)).then_some(())
    });
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    for kill in 0..20 {
        // The machine counts while polled; the kill falls at a random moment of it
        // (these pauses choose the moment, they wait for nothing).
        // Steps stay below what a 1 ms cycle makes in a 100 ms poll (a wrap must be
        // plausible to be one).
        for _ in 0..1 + next(4) {
            value += 1 + next(100);
            press.set(true, value);
            std::thread::sleep(std::time::Duration::from_millis(100 + next(400)));
        }
        run.kill().unwrap();
        run.wait().unwrap();
        let check = query(&db, "PRAGMA integrity_check");
        assert_eq!(check[0][0], "ok", "after kill {kill}");
        // It goes on counting while Takt is away.
        value += next(100);
        press.set(true, value);
        run = spawn_run(&cfg, &db, &log);
        wait_for(30, &format!("the restart after kill {kill} to read {value}"), || {
            (baseline(&db, "press") == Some(value % 65_536)).then_some(())
        });
        // The counts of a reading are committed with its baseline: all of them are in.
        let total = query(&db, "SELECT sum(total) FROM count_bucket WHERE machine = 'press'");
        assert_eq!(
            total[0][0],
            (value - start).to_string(),
            "every part once, after kill {kill}"
        );
    }
    terminate(&run);
    assert!(run.wait().unwrap().success());
    assert!(value > 65_536, "the counter wrapped ({value})");
    let total = query(&db, "SELECT sum(total) FROM count_bucket WHERE machine = 'press'");
    assert_eq!(total[0][0], (value - start).to_string(), "every part once");
}

/// Checkpoints the whole WAL into the database file and empties it.
fn checkpoint(db: &Path) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.busy_timeout(std::time::Duration::from_secs(30)).unwrap();
    let (busy, _, _): (i64, i64, i64) = c
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(busy, 0, "the checkpoint was not blocked");
}

/// Counts for `press` over 2025, 12 rows of 30 days: some 518,000
/// minute buckets, a WAL of tens of megabytes whose checkpoint takes a while.
fn year_of_counts(path: &Path) -> u64 {
    let mut csv = String::from("machine,start,end,total,reject,product\n");
    let mut day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut sum = 0;
    for i in 0..12u64 {
        let end = day + chrono::Days::new(30);
        let total = 43_200 + i;
        sum += total;
        csv.push_str(&format!("press,{day}T00:00:00Z,{end}T00:00:00Z,{total},0,\n"));
        day = end;
    }
    std::fs::write(path, csv).unwrap();
    sum
}

#[test]
fn a_power_cut_during_a_checkpoint_loses_nothing_committed() {
    // A big import commits into the WAL and then checkpoints it into the database file
    // (SQLite's automatic checkpoint) while `takt run` records a machine. Before the
    // commit nothing touches the database file (a WAL transaction spills to the WAL), so
    // the first change of its modification time is the checkpoint at work: both processes
    // are killed that moment. The database is whole, the import is all there, and the
    // recording goes on exactly.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, log, csv) = (
        dir.path().join("takt.toml"),
        dir.path().join("takt.db"),
        dir.path().join("run.log"),
        dir.path().join("counts.csv"),
    );
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();
    let imported = year_of_counts(&csv);
    let in_2025 = "SELECT count(*), coalesce(sum(total), 0) FROM count_bucket \
                   WHERE machine = 'press' AND minute_ms < 1767225600000";
    let stamp = |db: &Path| std::fs::metadata(db).and_then(|m| m.modified()).ok();

    let mut value = 1000u64;
    press.set(true, value);
    let mut run = spawn_run(&cfg, &db, &log);
    wait_for(30, "the first reading", || {
        (baseline(&db, "press") == Some(value)).then_some(())
    });
    checkpoint(&db);
    let mut cut_in_checkpoint = false;
    for attempt in 0..10 {
        let out = dir.path().join(format!("import-{attempt}.out"));
        let before = stamp(&db);
        let mut child = takt(&cfg, &db)
            .arg("import")
            .arg("counts")
            .arg(&csv)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Watches for the checkpoint's first write (or the import's end: a miss).
        let hit = loop {
            if stamp(&db) != before {
                break true;
            }
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        };
        let _ = child.kill();
        run.kill().unwrap();
        child.wait().unwrap();
        run.wait().unwrap();
        let check = query(&db, "PRAGMA integrity_check");
        assert_eq!(check[0][0], "ok", "after the cut of attempt {attempt}");
        let stored = query(&db, in_2025);
        let reported = std::fs::read_to_string(&out).unwrap().contains("imported");
        let all = stored[0][1] == imported.to_string();
        eprintln!("attempt {attempt}: checkpoint seen {hit}, stored {stored:?}, reported {reported}");
        // All or nothing, never part of it; and a checkpoint only follows a commit.
        assert!(
            all || stored[0][0] == "0",
            "a part of the import after the cut: {stored:?}"
        );
        if hit && !reported {
            assert!(all, "cut in the checkpoint, the committed import is lost: {stored:?}");
        }
        value += 100;
        press.set(true, value);
        run = spawn_run(&cfg, &db, &log);
        wait_for(30, "the restart", || {
            (baseline(&db, "press") == Some(value)).then_some(())
        });
        if hit && !reported {
            cut_in_checkpoint = true;
            break;
        }
        if all {
            // Not cut in its checkpoint: undone by removing what it wrote, to run again.
            let c = rusqlite::Connection::open(&db).unwrap();
            c.busy_timeout(std::time::Duration::from_secs(30)).unwrap();
            c.execute_batch(
                "DELETE FROM count_bucket WHERE minute_ms < 1767225600000; \
                 DELETE FROM count_hour WHERE hour_ms < 1767225600000; \
                 DELETE FROM import_log;",
            )
            .unwrap();
        }
        // Everything in the database file before the next try: the WAL holds nothing that
        // a checkpoint by `takt run` could write while the import has not committed.
        checkpoint(&db);
    }
    assert!(
        cut_in_checkpoint,
        "no cut fell between the import's commit and its report in 10 attempts"
    );
    // The recording after all the cuts: exactly the counter's movement since the first reading.
    press.set(true, value + 500);
    wait_for(30, "the last reading", || {
        (baseline(&db, "press") == Some(value + 500)).then_some(())
    });
    terminate(&run);
    assert!(run.wait().unwrap().success());
    let recorded = query(
        &db,
        "SELECT sum(total) FROM count_bucket WHERE machine = 'press' AND minute_ms >= 1767225600000",
    );
    assert_eq!(recorded[0][0], (value + 500 - 1000).to_string());
}

#[test]
fn a_database_locked_by_another_process_for_12_seconds_loses_nothing() {
    // Another program holds an exclusive lock for longer than the writer's busy timeout
    // (10 s): the writer keeps its batches, tries again, and writes them when it can.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (_dir, cfg, db, log) = common::live::files();
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();
    press.set(true, 100);
    let mut run = KillOnDrop(spawn_run(&cfg, &db, &log));
    wait_for(30, "the first reading", || {
        (baseline(&db, "press") == Some(100)).then_some(())
    });
    let locker = rusqlite::Connection::open(&db).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let locked = std::time::Instant::now();
    // The machine makes parts while the database is locked.
    for n in 1..=12u64 {
        press.set(true, 100 + n * 50);
        // Twelve seconds of lock, a step a second (the lock's length is the test).
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    assert!(locked.elapsed() >= std::time::Duration::from_secs(12));
    locker.execute_batch("COMMIT").unwrap();
    drop(locker);
    press.set(true, 800);
    wait_for(60, "800 to be committed after the lock", || {
        (baseline(&db, "press") == Some(800)).then_some(())
    });
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
    let total = query(&db, "SELECT sum(total) FROM count_bucket WHERE machine = 'press'");
    assert_eq!(total[0][0], "700");
    assert_eq!(query(&db, "PRAGMA integrity_check")[0][0], "ok");
    let text = std::fs::read_to_string(&log).unwrap();
    // Said when it starts and when it ends, not once a try.
    let said = text.lines().filter(|l| l.contains("cannot write")).count();
    assert_eq!(said, 1, "{text}");
    assert!(text.contains("written again, after"), "{text}");
}

#[test]
fn a_full_disk_keeps_the_batch_whole_and_it_is_written_when_space_returns() {
    // The file-size limit of the process (prlimit) stands in for a full disk: the WAL
    // cannot grow. The writer keeps what it polls, says so once, and writes it all once
    // the limit is lifted; nothing is half-written.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (_dir, cfg, db, log) = common::live::files();
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();
    press.set(true, 10);
    let mut run = KillOnDrop(spawn_run(&cfg, &db, &log));
    wait_for(30, "the first reading", || {
        (baseline(&db, "press") == Some(10)).then_some(())
    });
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let wal = std::path::PathBuf::from(wal);
    let limit = size(&db).max(size(&wal)) + 8192;
    let pid = run.0.id().to_string();
    let prlimit = |value: &str| {
        let ok = Command::new("prlimit")
            .args(["--pid", &pid, &format!("--fsize={value}:")])
            .status()
            .unwrap()
            .success();
        assert!(ok, "prlimit --fsize={value}");
    };
    prlimit(&limit.to_string());
    // The machine goes on making parts; what is polled now cannot all be written.
    let mut value = 10;
    wait_for(60, "the writer to meet the full disk", || {
        value += 5;
        press.set(true, value);
        std::fs::read_to_string(&log)
            .ok()
            .filter(|l| l.contains("cannot write"))
            .map(|_| ())
    });
    assert!(run.0.try_wait().unwrap().is_none(), "takt run survives the limit");
    prlimit("unlimited");
    value += 100;
    press.set(true, value);
    wait_for(60, "everything to be written once there is space", || {
        (baseline(&db, "press") == Some(value)).then_some(())
    });
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
    assert_eq!(query(&db, "PRAGMA integrity_check")[0][0], "ok");
    let total = query(&db, "SELECT sum(total) FROM count_bucket WHERE machine = 'press'");
    assert_eq!(total[0][0], (value - 10).to_string());
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().filter(|l| l.contains("cannot write")).count(), 1, "{text}");
}

#[test]
fn the_clock_stepping_back_an_hour_and_forward_a_day_while_polling() {
    // The process's wall clock is stepped with libfaketime (its monotonic clock, which
    // timers use, is left alone, as NTP leaves it): no negative interval, every part
    // counted once, and it goes on recording.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, log, clock) = (
        dir.path().join("takt.toml"),
        dir.path().join("takt.db"),
        dir.path().join("run.log"),
        dir.path().join("clock.txt"),
    );
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();
    std::fs::write(&clock, "+0\n").unwrap();
    press.set(true, 10);
    let mut run = KillOnDrop(
        takt(&cfg, &db)
            .args(["run", "--for", "5m"])
            .env("LD_PRELOAD", faketime())
            .env("FAKETIME_TIMESTAMP_FILE", &clock)
            .env("FAKETIME_NO_CACHE", "1")
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    wait_for(30, "the first reading", || {
        (baseline(&db, "press") == Some(10)).then_some(())
    });
    let mut value = 10;
    for step in ["+0", "-1h", "+1d", "+0"] {
        std::fs::write(&clock, format!("{step}\n")).unwrap();
        value += 100;
        press.set(true, value);
        wait_for(30, &format!("{value} after the clock went to {step}"), || {
            (baseline(&db, "press") == Some(value)).then_some(())
        });
    }
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
    assert_eq!(query(&db, "PRAGMA integrity_check")[0][0], "ok");
    assert_eq!(
        query(&db, "SELECT count(*) FROM state_interval WHERE end_ms < start_ms")[0][0],
        "0"
    );
    let total = query(&db, "SELECT sum(total) FROM count_bucket WHERE machine = 'press'");
    assert_eq!(total[0][0], "400");
    // The day ahead it spent running is in the report like any other time.
    let report = takt(&cfg, &db)
        .args([
            "report",
            "oee",
            "--from",
            "2000-01-01",
            "--to",
            "2100-01-01",
            "--by",
            "machine",
        ])
        .output()
        .unwrap();
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
}

#[test]
fn a_second_recorder_on_one_database_exits_1_naming_the_first_and_nothing_is_counted_twice() {
    // Regression: two `takt run` on one database both recorded; the counter moved 290,
    // the report said 501.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db) = (dir.path().join("takt.toml"), dir.path().join("takt.db"));
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();
    press.set(true, 10);
    let mut first = KillOnDrop(spawn_run(&cfg, &db, &dir.path().join("first.log")));
    wait_for(30, "the first reading to be committed", || {
        (baseline(&db, "press") == Some(10)).then_some(())
    });
    let second = takt(&cfg, &db).args(["run", "--for", "30s"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("is already being recorded by takt run (pid {})", first.0.id())),
        "{stderr}"
    );
    assert!(stderr.contains(" since 20"), "{stderr}");
    // The demo is a recorder too, and a report works beside the recorder.
    let demo = takt(&dir.path().join("demo.toml"), &db)
        .args(["demo", "--headless", "--port", "0", "--for", "1s"])
        .output()
        .unwrap();
    assert_eq!(demo.status.code(), Some(1));
    press.set(true, 300);
    wait_for(30, "300 to be committed", || {
        (baseline(&db, "press") == Some(300)).then_some(())
    });
    let report = takt(&cfg, &db)
        .args([
            "report",
            "oee",
            "--from",
            "2000-01-01",
            "--to",
            "2100-01-01",
            "--by",
            "machine",
        ])
        .output()
        .unwrap();
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    terminate(&first.0);
    assert!(first.0.wait().unwrap().success());
    let total = query(&db, "SELECT sum(total) FROM count_bucket WHERE machine = 'press'");
    assert_eq!(total[0][0], "290");
}

#[test]
fn a_device_sending_garbage_is_logged_in_words_a_few_times_not_echoed() {
    // Regression: 2 MB of random bytes from one device gave log lines of 188,000
    // characters (the garbage printed) and internal debug structures.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    rt.spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let mut noise = vec![0u8; 64 * 1024];
            for b in &mut noise {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            tokio::spawn(async move {
                let mut req = [0u8; 12];
                while sock.read_exact(&mut req).await.is_ok() {
                    // A plausible header (the request's transaction and unit), then noise.
                    let mut frame = vec![req[0], req[1], 0, 0, 0xff, 0xf0, req[6]];
                    frame.extend_from_slice(&noise);
                    if sock.write_all(&frame).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    let (_dir, cfg, db, log) = common::live::files();
    let signals = "running = { coil = 0 }\ntotal_count = { holding = 0, type = \"u32\" }\n";
    std::fs::write(&cfg, format!("{PLANT}{}", machine_toml("noisy", port, signals))).unwrap();
    let status = takt(&cfg, &db)
        .args(["run", "--for", "8s"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("noisy")).collect();
    assert!(!lines.is_empty(), "the problem is said: {text}");
    assert!(lines.len() <= 3, "{} lines in 8 s: {lines:#?}", lines.len());
    for l in &lines {
        assert!(l.len() < 400, "a line of {} characters: {}", l.len(), &l[..400]);
        assert!(!l.contains("Header {") && !l.contains("Custom("), "debug text: {l}");
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    Good,
    DropMidFrame,
    Late,
    Exception(u8),
    Garbage,
}

/// A Modbus TCP server that misbehaves on demand; it serves holding register 0 = 7 when
/// it behaves, and counts the requests it received in each mode.
fn faulty_server(
    rt: &tokio::runtime::Runtime,
    mode: Arc<Mutex<Fault>>,
    seen: Arc<Mutex<BTreeMap<String, u32>>>,
) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    rt.spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let (mode, seen) = (mode.clone(), seen.clone());
            tokio::spawn(async move {
                let mut head = [0u8; 7];
                while sock.read_exact(&mut head).await.is_ok() {
                    let len = u16::from_be_bytes([head[4], head[5]]) as usize;
                    let mut pdu = vec![0u8; len.saturating_sub(1)];
                    if sock.read_exact(&mut pdu).await.is_err() {
                        return;
                    }
                    let m = *mode.lock().unwrap();
                    *seen.lock().unwrap().entry(format!("{m:?}")).or_default() += 1;
                    let count = u16::from_be_bytes([pdu[3], pdu[4]]) as usize;
                    let mut body = vec![pdu[0], (count * 2) as u8];
                    for _ in 0..count {
                        body.extend_from_slice(&7u16.to_be_bytes());
                    }
                    let frame = |body: &[u8]| {
                        let mut f = vec![head[0], head[1], 0, 0];
                        f.extend_from_slice(&((body.len() + 1) as u16).to_be_bytes());
                        f.push(head[6]);
                        f.extend_from_slice(body);
                        f
                    };
                    match m {
                        Fault::Good => {
                            let _ = sock.write_all(&frame(&body)).await;
                        }
                        Fault::DropMidFrame => {
                            let _ = sock.write_all(&frame(&body)[..5]).await;
                            return;
                        }
                        Fault::Late => {
                            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
                            let _ = sock.write_all(&frame(&body)).await;
                        }
                        Fault::Exception(code) => {
                            let _ = sock.write_all(&frame(&[pdu[0] | 0x80, code])).await;
                        }
                        Fault::Garbage => {
                            let _ = sock.write_all(&[0xde, 0xad, 0xbe, 0xef, 0x00, 0x02, 0xff, 0x00]).await;
                        }
                    }
                }
            });
        }
    });
    port
}

#[test]
fn faults_of_every_kind_mark_one_machine_no_data_and_it_recovers_by_itself() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (good, good_toml) = Counter::start(&rt, "good");
    good.set(true, 100);
    let mode = Arc::new(Mutex::new(Fault::Good));
    let seen = Arc::new(Mutex::new(BTreeMap::new()));
    let port = faulty_server(&rt, mode.clone(), seen.clone());
    let (_dir, cfg, db, log) = common::live::files();
    let bad_toml = machine_toml("bad", port, "total_count = { holding = 0, type = \"u16\" }\n");
    std::fs::write(&cfg, format!("{PLANT}{good_toml}{bad_toml}")).unwrap();
    let run = KillOnDrop(spawn_run(&cfg, &db, &log));

    let states = |m: &str| {
        query(
            &db,
            &format!("SELECT state FROM state_interval WHERE machine = '{m}' ORDER BY start_ms"),
        )
    };
    let has = |m: &str, s: &str| db.exists() && states(m).iter().any(|r| r[0] == s);
    wait_for(30, "the bad machine's first answer", || {
        baseline(&db, "bad").map(|_| ())
    });
    for fault in [
        Fault::DropMidFrame,
        Fault::Late,
        Fault::Exception(2),
        Fault::Exception(4),
        Fault::Garbage,
    ] {
        *mode.lock().unwrap() = fault;
        let key = format!("{fault:?}");
        wait_for(60, &format!("a request answered with {key}"), || {
            (seen.lock().unwrap().get(&key).copied().unwrap_or(0) >= 1).then_some(())
        });
    }
    wait_for(30, "the bad machine to be no data", || {
        has("bad", "no_data").then_some(())
    });
    let faults_seen = states("bad").len();
    *mode.lock().unwrap() = Fault::Good;
    // It recovers by itself: a new interval after the no-data one, read from the machine.
    wait_for(60, "the bad machine to answer again", || {
        let s = states("bad");
        (s.len() > faults_seen && s.last().is_some_and(|r| r[0] != "no_data")).then_some(())
    });
    terminate(&run.0);
    wait_for(30, "takt run to exit", || {
        std::fs::read_to_string(&log)
            .ok()
            .filter(|l| l.contains("stopped"))
            .map(|_| ())
    });
    if std::env::var_os("TAKT_TEST_SHOW_LOG").is_some() {
        eprintln!("{}", std::fs::read_to_string(&log).unwrap());
    }

    // The good machine was read all along: running, never no data.
    assert_eq!(
        states("good").iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        vec!["running"]
    );
    // Each problem is logged once, not once per poll.
    let text = std::fs::read_to_string(&log).unwrap();
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("WARN") && l.contains("bad 127.0.0.1"))
        .collect();
    let polls: u32 = seen.lock().unwrap().values().sum();
    assert!(
        warnings.len() <= 6 && polls as usize > warnings.len(),
        "{} warnings for {polls} polls:\n{}",
        warnings.len(),
        warnings.join("\n")
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("holding register 0: Modbus exception 2 (illegal data address)")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("no answer within 300 ms")),
        "{warnings:?}"
    );
    assert!(text.contains("bad answers again"), "{text}");
}

#[test]
fn the_demo_plant_for_20_seconds_from_a_clean_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db) = (dir.path().join("demo.toml"), dir.path().join("demo.db"));
    let started = takt_modbus::poller::now();
    let out = takt(&cfg, &db)
        .args(["demo", "--headless", "--for", "20s", "--port", "0", "--history", "1d"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let machines = ["press-1", "cnc-1", "moulder-1", "packer-1", "line-1", "welder-1"];
    for m in machines {
        // Live state intervals and counts, not only history.
        let live = query(
            &db,
            &format!(
                "SELECT count(*) FROM state_interval WHERE machine = '{m}' AND end_ms > {}",
                started.0 + 5000
            ),
        );
        assert_ne!(live[0][0], "0", "{m} has no live interval");
        let counts = query(
            &db,
            &format!("SELECT count(*), sum(total) FROM count_bucket WHERE machine = '{m}'"),
        );
        assert_ne!(counts[0][0], "0", "{m} has no counts");
    }
    let report = takt(&cfg, &db)
        .args(["report", "oee", "--by", "machine", "--from"])
        .arg(takt_core::time::Ts(started.0 - 86_400_000).rfc3339(chrono_tz::UTC))
        .arg("--to")
        .arg(takt_core::time::Ts(started.0 + 86_400_000).rfc3339(chrono_tz::UTC))
        .output()
        .unwrap();
    let rows = common::parse_csv(&report.stdout);
    for m in machines {
        let r = rows
            .iter()
            .find(|r| r["machine"] == m)
            .unwrap_or_else(|| panic!("no OEE row for {m}"));
        assert!(r["total"].parse::<u64>().unwrap() > 0 && !r["oee"].is_empty(), "{r:?}");
    }
}

#[test]
fn takt_sim_serves_a_config_that_takt_check_then_reads() {
    // Two machines behind one simulated gateway (unit ids 1 and 2), a third on its own port.
    let ports: Vec<u16> = {
        let held: Vec<std::net::TcpListener> = (0..2)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
            .collect();
        held.iter().map(|l| l.local_addr().unwrap().port()).collect()
    };
    let config = format!(
        "{PLANT}[[reason]]\ncode = \"mech/jam\"\nkind = \"downtime\"\n{}{}{}",
        machine_toml(
            "a",
            ports[0],
            "running = { coil = 0 }\ntotal_count = { holding = 0, type = \"u32\" }\nfault_code = { holding = 2, reasons = { 3 = \"mech/jam\" } }\n"
        ),
        machine_toml("b", ports[0], "total_count = { holding = 0, type = \"u16\" }\n").replace("unit = 1", "unit = 2"),
        machine_toml(
            "c",
            ports[1],
            "running = { discrete = 3 }\nenergy_kwh = { input = 20, type = \"f32\", word_order = \"little\" }\nprocess = [{ name = \"t\", input = 10, type = \"i16\", scale = 0.1, low = 20.0, high = 65.0 }]\n"
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db) = (dir.path().join("takt.toml"), dir.path().join("takt.db"));
    std::fs::write(&cfg, config).unwrap();
    let sim = KillOnDrop(
        takt(&cfg, &db)
            .args(["sim", "--for", "2m"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for(30, "the simulator to listen", || {
        ports
            .iter()
            .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok())
            .then_some(())
    });
    let check = takt(&cfg, &db).arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    for line in [
        "  a              ok",
        "  b              ok",
        "  c              ok",
        "total_count = ",
        "energy_kwh = ",
        "t = ",
    ] {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    drop(sim);
}

#[test]
fn the_demo_never_overwrites_a_given_config_or_database() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db) = (dir.path().join("real.toml"), dir.path().join("real.db"));
    std::fs::write(&cfg, "# a real plant's config\n").unwrap();
    let out = takt(&cfg, &dir.path().join("new.db"))
        .args(["demo", "--port", "0", "--for", "1s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("will not touch an existing file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), "# a real plant's config\n");
    std::fs::write(&db, "x").unwrap();
    let out = takt(&dir.path().join("new.toml"), &db)
        .args(["demo", "--port", "0", "--for", "1s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&db).unwrap(), b"x");
}

#[test]
fn a_second_demo_is_refused_and_the_first_keeps_its_data() {
    // Both in the demo's own place in the data directory (XDG_DATA_HOME points at a temp dir).
    let home = tempfile::tempdir().unwrap();
    let demo = || {
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("takt"));
        c.env_remove("TAKT_CONFIG")
            .env_remove("TAKT_DB")
            .env("XDG_DATA_HOME", home.path());
        c
    };
    let db = home.path().join("takt/demo/takt.db");
    let first = KillOnDrop(
        demo()
            .args(["demo", "--port", "0", "--for", "2m", "--history", "1h"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for(60, "the first demo to record", || baseline(&db, "press-1").map(|_| ()));
    let out = demo().args(["demo", "--port", "0", "--for", "1s"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is already being recorded by takt demo (pid"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The first one's data is still there, and it goes on recording: the latest state
    // interval grows with every reading, whether the machine runs or not (a part counter
    // stands still while the simulated press is down, which made this test flaky).
    let latest = || query(&db, "SELECT max(end_ms) FROM state_interval")[0][0].clone();
    let before = latest();
    wait_for(30, "the first demo to go on", || (latest() != before).then_some(()));
    drop(first);
}

/// The test's mail server (aiosmtpd): started on `port` (0: any), it answers once it
/// listens; each message lands in `out/N/`.
fn smtp_sink(out: &Path, port: u16) -> (KillOnDrop, u16) {
    use std::io::BufRead;
    let mut child = Command::new(common::python())
        .arg(common::repo().join("tests/peers/smtp_sink.py"))
        .arg(out)
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python with aiosmtpd (cargo xtask setup installs it)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .strip_prefix("ready ")
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("the mail server did not start: {line:?}"));
    (KillOnDrop(child), port)
}

#[test]
fn a_shift_report_is_written_when_the_shift_ends_and_mailed_once_the_mail_server_is_back() {
    // takt run's clock (libfaketime) starts 10 s before shift A ends at 14:00. The mail
    // server is down then: the PDFs are written all the same, the failure is logged
    // once, polling goes on, and the mail goes out when the server comes up on its port.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, log, mail) = (
        dir.path().join("takt.toml"),
        dir.path().join("takt.db"),
        dir.path().join("run.log"),
        dir.path().join("mail"),
    );
    std::fs::create_dir(&mail).unwrap();
    let port = free_port();
    std::fs::write(
        &cfg,
        format!(
            "{PLANT}\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n\n[[report.schedule]]\nreports = [\"oee\", \"downtime\"]\nat = \"shift-end\"\nfolder = \"reports\"\nemail = [\"supervisor@plant.example\"]\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nfrom = \"Takt <takt@plant.example>\"\n{toml}"
        ),
    )
    .unwrap();
    press.set(true, 10);
    let mut run = run_at(&cfg, &db, "@2026-11-24 13:59:50", &log);
    let mut value = 10;
    let pdfs = ["2026-11-24_A-oee.pdf", "2026-11-24_A-downtime.pdf"].map(|f| dir.path().join("reports").join(f));
    wait_for(60, "the shift's PDFs in the folder", || {
        value += 3;
        press.set(true, value);
        pdfs.iter().all(|p| p.exists()).then_some(())
    });
    wait_for(30, "the failed send in the log", || {
        std::fs::read_to_string(&log)
            .ok()
            .filter(|l| l.contains("cannot send"))
            .map(|_| ())
    });
    assert!(std::fs::read_dir(&mail).unwrap().next().is_none());
    // The mail server comes back on its port: the mail goes out, once.
    let _sink = smtp_sink(&mail, port);
    let got = wait_for(60, "the mail", || {
        let m = mail.join("1");
        m.exists().then_some(m)
    });
    let headers = std::fs::read_to_string(got.join("headers.txt")).unwrap();
    assert!(headers.contains("Subject: P: OEE, Downtime 2026-11-24 A"), "{headers}");
    assert!(headers.contains("To: supervisor@plant.example"), "{headers}");
    for pdf in &pdfs {
        let name = pdf.file_name().unwrap();
        assert_eq!(
            std::fs::read(got.join(name)).unwrap(),
            std::fs::read(pdf).unwrap(),
            "{name:?}"
        );
    }
    // Its key figures are the OEE report's for the shift.
    let body = std::fs::read_to_string(got.join("body.txt")).unwrap();
    let csv = takt(&cfg, &db)
        .args([
            "report",
            "oee",
            "--by",
            "machine",
            "--from",
            "2026-11-24T06:00:00Z",
            "--to",
            "2026-11-24T14:00:00Z",
        ])
        .output()
        .unwrap();
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("press,"))
        .unwrap()
        .split(',')
        .collect();
    for (figure, column) in [("OEE", "oee"), ("availability", "availability"), ("parts", "total")] {
        let want = row[header.iter().position(|h| *h == column).unwrap()];
        let line = body
            .lines()
            .find(|l| l.split_whitespace().next() == Some(figure))
            .unwrap_or_else(|| panic!("no {figure} in\n{body}"));
        assert_eq!(
            line.split_whitespace().nth(1),
            Some(want),
            "{figure}: {line} vs the CSV's {want}\n{body}"
        );
    }
    // Polling went on through all of it.
    value += 50;
    press.set(true, value);
    wait_for(30, "polling after the mail", || {
        (baseline(&db, "press") == Some(value)).then_some(())
    });
    assert!(!mail.join("2").exists(), "the mail went out twice");
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches("cannot send").count(), 1, "{text}");
}

#[test]
fn the_daily_backup_is_a_whole_copy_named_by_its_day_and_only_the_newest_copies_stay() {
    // takt run's clock starts 8 s before the backup time; two older copies and a file of
    // someone else's are in the folder, and two copies are to be kept.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, log, backups) = (
        dir.path().join("takt.toml"),
        dir.path().join("takt.db"),
        dir.path().join("run.log"),
        dir.path().join("backups"),
    );
    std::fs::create_dir(&backups).unwrap();
    for old in ["takt-2026-11-20.db", "takt-2026-11-21.db", "notes.txt"] {
        std::fs::write(backups.join(old), "an older file").unwrap();
    }
    std::fs::write(
        &cfg,
        format!("{PLANT}\n[backup]\nfolder = \"backups\"\nat = \"02:30\"\nkeep = 2\n{toml}"),
    )
    .unwrap();
    press.set(true, 10);
    let mut run = run_at(&cfg, &db, "@2026-11-24 02:29:52", &log);
    wait_for(30, "the first reading", || {
        (baseline(&db, "press") == Some(10)).then_some(())
    });
    let copy = backups.join("takt-2026-11-24.db");
    wait_for(60, "the day's copy", || copy.exists().then_some(()));
    // A whole, consistent database with what was recorded before the backup time.
    assert_eq!(query(&copy, "PRAGMA integrity_check")[0][0], "ok");
    assert_eq!(baseline(&copy, "press"), Some(10));
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["notes.txt", "takt-2026-11-21.db", "takt-2026-11-24.db"]);
    // Polling went on.
    press.set(true, 60);
    wait_for(30, "polling after the backup", || {
        (baseline(&db, "press") == Some(60)).then_some(())
    });
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
}

#[test]
fn takt_status_names_the_recorder_the_machines_answering_and_the_last_commit() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db) = (dir.path().join("takt.toml"), dir.path().join("takt.db"));
    std::fs::write(&cfg, format!("{PLANT}{toml}")).unwrap();
    press.set(true, 10);
    let mut run = KillOnDrop(spawn_run(&cfg, &db, &dir.path().join("run.log")));
    wait_for(30, "the first reading", || {
        (baseline(&db, "press") == Some(10)).then_some(())
    });
    let status = |cfg: &Path, db: &Path| {
        let out = takt(cfg, db).arg("status").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = wait_for(30, "the press answering", || {
        Some(status(&cfg, &db)).filter(|t| t.contains("machines: 1 of 1 answering"))
    });
    assert!(
        text.contains(&format!("recorded by takt run (pid {})", run.0.id())),
        "{text}"
    );
    assert!(
        text.contains("press") && text.contains("answering: running since"),
        "{text}"
    );
    let ago: i64 = text
        .lines()
        .find_map(|l| l.strip_prefix("last reading committed: "))
        .and_then(|l| l.split('(').nth(1))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(ago <= 5, "{text}");
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
    let text = status(&cfg, &db);
    assert!(text.contains("not being recorded"), "{text}");
}

#[test]
fn after_a_restart_the_shift_that_ended_meanwhile_is_delivered_and_the_unsent_mail_goes_out() {
    // Run 1 ends shift A with the mail server down, and stops before the mail went out.
    // Run 2 starts after shift B ended (Takt was away): B is delivered, A's mail is sent,
    // A's PDF is not written again, and the store says both were mailed.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, mail) = (
        dir.path().join("takt.toml"),
        dir.path().join("takt.db"),
        dir.path().join("mail"),
    );
    std::fs::create_dir(&mail).unwrap();
    let port = free_port();
    std::fs::write(
        &cfg,
        format!(
            "{PLANT}\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n\n[[shift]]\nname = \"B\"\nstart = \"14:00\"\nend = \"22:00\"\n\n[[report.schedule]]\nreports = [\"oee\"]\nat = \"shift-end\"\nfolder = \"reports\"\nemail = [\"supervisor@plant.example\"]\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nfrom = \"Takt <takt@plant.example>\"\n{toml}"
        ),
    )
    .unwrap();
    press.set(true, 10);
    let start = |at: &str, log: &str| run_at(&cfg, &db, at, &dir.path().join(log));
    let a = dir.path().join("reports/2026-11-24_A-oee.pdf");
    let b = dir.path().join("reports/2026-11-24_B-oee.pdf");
    let mut first = start("@2026-11-24 13:59:52", "run1.log");
    wait_for(60, "shift A's PDF", || a.exists().then_some(()));
    wait_for(30, "the failed send", || {
        std::fs::read_to_string(dir.path().join("run1.log"))
            .ok()
            .filter(|l| l.contains("cannot send"))
    });
    terminate(&first.0);
    let status = first.0.wait().unwrap();
    assert!(
        status.success(),
        "{status}: {}",
        std::fs::read_to_string(dir.path().join("run1.log")).unwrap_or_default()
    );
    let a_written = std::fs::metadata(&a).unwrap().modified().unwrap();

    let _sink = smtp_sink(&mail, port);
    let mut second = start("@2026-11-24 22:00:20", "run2.log");
    wait_for(60, "shift B's PDF, delivered late", || b.exists().then_some(()));
    wait_for(60, "both mails", || {
        (mail.join("1").exists() && mail.join("2").exists()).then_some(())
    });
    let subjects: Vec<String> = ["1", "2"]
        .iter()
        .map(|n| std::fs::read_to_string(mail.join(n).join("headers.txt")).unwrap())
        .collect();
    assert!(
        subjects.iter().any(|h| h.contains("Subject: P: OEE 2026-11-24 A")),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|h| h.contains("Subject: P: OEE 2026-11-24 B")),
        "{subjects:?}"
    );
    assert_eq!(
        std::fs::metadata(&a).unwrap().modified().unwrap(),
        a_written,
        "A's PDF written again"
    );
    wait_for(30, "both recorded as mailed", || {
        let rows = query(
            &db,
            "SELECT label, mailed_ms IS NOT NULL FROM report_delivery ORDER BY period_end_ms",
        );
        (rows == [["2026-11-24 A", "1"], ["2026-11-24 B", "1"]]).then_some(())
    });
    terminate(&second.0);
    assert!(second.0.wait().unwrap().success());
    assert!(!mail.join("3").exists(), "a mail went out twice");
}

#[test]
fn a_scheduled_report_that_cannot_be_written_is_tried_again_until_it_is() {
    // Regression: a period whose report failed (here its folder's name was taken by a
    // file) was passed over for good. It is tried again each minute, logged once.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (dir, cfg, db, log) = common::live::files();
    let reports = dir.path().join("reports");
    std::fs::write(&reports, "a file where the folder should be").unwrap();
    std::fs::write(
        &cfg,
        format!(
            "{PLANT}\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n\n[[report.schedule]]\nreports = [\"oee\"]\nat = \"shift-end\"\nfolder = \"reports\"\n{toml}"
        ),
    )
    .unwrap();
    press.set(true, 10);
    let mut run = run_at(&cfg, &db, "@2026-11-24 13:59:55", &log);
    wait_for(60, "the failure in the log", || {
        std::fs::read_to_string(&log)
            .ok()
            .filter(|l| l.contains("trying again every minute"))
    });
    std::fs::remove_file(&reports).unwrap();
    let pdf = reports.join("2026-11-24_A-oee.pdf");
    wait_for(120, "the report written on a later try", || pdf.exists().then_some(()));
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.matches("trying again every minute").count(), 1, "{text}");
    assert!(text.contains("delivered after all"), "{text}");
}

#[test]
fn a_window_on_a_recorded_database_attaches_gets_snapshots_and_writes_a_reason_through_the_recorder() {
    use takt_app::attach::{self, Opened};
    use takt_app::entries::Entry;
    use takt_core::api::AssignReason;
    use takt_core::ids::MachineId;
    use takt_core::model::MachineState;

    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db) = (dir.path().join("takt.toml"), dir.path().join("takt.db"));
    let shift = "\n[[shift]]\nname = \"All day\"\nstart = \"00:00\"\nend = \"00:00\"\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n";
    let reason = "\n[[reason]]\ncode = \"mech/jam\"\nkind = \"downtime\"\n";
    std::fs::write(&cfg, format!("{PLANT}{shift}{reason}{toml}")).unwrap();
    press.set(true, 10);
    let mut service = KillOnDrop(spawn_run(&cfg, &db, &dir.path().join("run.log")));
    wait_for(30, "the first reading to be committed", || {
        (baseline(&db, "press") == Some(10)).then_some(())
    });

    // The window's backend opens the database: it attaches instead of polling it again.
    let asked = std::time::Instant::now();
    let opened = rt.block_on(attach::open(&db, "the Takt window")).unwrap();
    let Opened::Attached(client) = opened else {
        panic!("the window became a second recorder");
    };
    assert!(
        client
            .holder()
            .starts_with(&format!("takt run (pid {})", service.0.id())),
        "{}",
        client.holder()
    );
    // It records with the config it was started with, and says so.
    assert_eq!(client.config().0, cfg.display().to_string());
    assert_eq!(client.config().1, std::fs::read_to_string(&cfg).unwrap());
    // Only the local user and group may connect.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let sock = dir.path().join("takt.db.sock");
        assert_eq!(std::fs::metadata(&sock).unwrap().permissions().mode() & 0o777, 0o660);
    }

    // The first snapshot comes at once (the service publishes once a second anyway).
    let mut live = client.snapshots();
    let first = rt
        .block_on(async { tokio::time::timeout(std::time::Duration::from_secs(10), live.changed()).await })
        .expect("no snapshot within 10 s")
        .map(|()| live.borrow_and_update().clone())
        .unwrap();
    let first_after = asked.elapsed();
    assert_eq!(first.machines.len(), 1);
    assert_eq!(first.machines[0].id.as_str(), "press");
    eprintln!("first snapshot {} ms after opening", first_after.as_millis());

    // A stop at the machine reaches the attached window live, as the service sees it.
    press.set(false, 15);
    let down = rt.block_on(async {
        tokio::time::timeout(std::time::Duration::from_secs(30), async {
            loop {
                live.changed().await.unwrap();
                let s = live.borrow_and_update().clone();
                if s.machines[0].state == Some(MachineState::Down) {
                    return s;
                }
            }
        })
        .await
        .expect("the stop never reached the attached window")
    });
    assert_eq!(down.machines[0].parts, 5);
    std::thread::sleep(std::time::Duration::from_secs(2));
    press.set(true, 15);
    let id = MachineId::new("press").unwrap();
    let stop = wait_for(30, "the stop to end in the database", || {
        let r = takt_store::Reader::open(&db).ok()?;
        let now = takt_core::time::Ts(chrono::Utc::now().timestamp_millis());
        let all = r.intervals(&id, takt_core::time::Ts(0), now).ok()?;
        let i = all.iter().position(|i| i.state == MachineState::Down)?;
        (i + 1 < all.len()).then(|| all[i].clone())
    });

    // A wrong reason is refused at its field by the recorder's checks, and nothing written.
    let refused = rt
        .block_on(client.enter(Entry::Reason(AssignReason {
            machine: "press".into(),
            stop_start: stop.start,
            reason: "mech/jan".into(),
        })))
        .unwrap_err();
    assert_eq!(refused[0].field.as_deref(), Some("reason"), "{refused:?}");
    assert!(refused[0].message.contains("did you mean \"mech/jam\""), "{refused:?}");
    assert_eq!(query(&db, "SELECT count(*) FROM reason_assignment")[0][0], "0");
    // The right one is written by the service's writer, committed when the call returns.
    rt.block_on(client.enter(Entry::Reason(AssignReason {
        machine: "press".into(),
        stop_start: takt_core::time::Ts(stop.start.0 + 500),
        reason: "mech/jam".into(),
    })))
    .unwrap();
    let downtime = takt(&cfg, &db)
        .args(["report", "downtime", "--from", "2000-01-01", "--to", "2100-01-01"])
        .output()
        .unwrap();
    assert!(
        downtime.status.success(),
        "{}",
        String::from_utf8_lossy(&downtime.stderr)
    );
    let csv = String::from_utf8(downtime.stdout).unwrap();
    let jam: Vec<&str> = csv.lines().filter(|l| l.contains("mech/jam")).collect();
    assert_eq!(jam.len(), 1, "{csv}");
    assert!(jam[0].contains(&stop.start.rfc3339(chrono_tz::UTC)), "{csv}");

    // Never two pollers: a second `takt run` is told who records, and exits 1.
    let second = takt(&cfg, &db).args(["run", "--for", "30s"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("already being recorded by takt run (pid {})", service.0.id())),
        "{stderr}"
    );

    // The service stops: the attached window hears it, and the channel is gone.
    terminate(&service.0);
    assert!(service.0.wait().unwrap().success());
    let closed = rt.block_on(async {
        tokio::time::timeout(std::time::Duration::from_secs(10), async {
            while live.changed().await.is_ok() {}
        })
        .await
    });
    assert!(closed.is_ok(), "the window never heard that the recorder stopped");
    assert!(!dir.path().join("takt.db.sock").exists());
    let gone = rt
        .block_on(client.enter(Entry::Reason(AssignReason {
            machine: "press".into(),
            stop_start: stop.start,
            reason: "mech/jam".into(),
        })))
        .unwrap_err();
    assert!(gone[0].message.contains("went away"), "{gone:?}");
    // With nobody recording, the window records by itself.
    let Opened::Recorder(_own) = rt.block_on(attach::open(&db, "the Takt window")).unwrap() else {
        panic!("attached to a recorder that stopped");
    };
}
