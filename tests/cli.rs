//! The `takt` binary end to end: exit codes, messages, and reports read back by the
//! `csv` crate and by Python's `csv` module.

mod common;

use common::{Plant, db_bytes, parse_csv, repo};
use predicates::prelude::*;

fn example(p: &Plant) {
    for kind in ["states", "counts", "scrap", "maintenance"] {
        p.import(kind, &repo().join(format!("examples/history/{kind}.csv")));
    }
}

#[test]
fn check_prints_a_summary_for_a_valid_config() {
    let p = Plant::with_example();
    p.takt()
        .args(["check", "--offline"])
        .assert()
        .success()
        .stdout(predicate::str::contains("takt.toml: ok"))
        .stdout(predicate::str::contains(
            "plant      Example Works (Europe/Istanbul), small stops under 120 s",
        ))
        .stdout(predicate::str::contains(
            "press-1        192.168.1.50:502 unit 1 every 500 ms",
        ));
}

#[test]
fn check_lists_every_error_with_file_and_line_and_exits_1() {
    let text = std::fs::read_to_string(repo().join("examples/takt.toml"))
        .unwrap()
        .replace("poll_ms = 500", "pol_ms = 500")
        .replace("timezone = \"Europe/Istanbul\"", "timezone = \"Europe/Istambul\"");
    let p = Plant::new(&text);
    let file = p.config.display().to_string();
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    p.takt()
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{file}:{}: [plant]: `timezone` = \"Europe/Istambul\" is not an IANA time zone name",
            line("Istambul")
        )))
        .stderr(predicate::str::contains(format!(
            "{file}:{}: [[machine]] \"press-1\": unknown key `pol_ms`; did you mean `poll_ms`?",
            line("pol_ms")
        )))
        .stderr(predicate::str::contains(format!("{file}: 2 errors")));
}

#[test]
fn check_reads_each_machine_and_names_what_failed() {
    // Nothing listens on a port that was just free; no serial port by that name exists.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(repo().join("examples/takt.toml"))
        .unwrap()
        .replace("192.168.1.50:502", &format!("127.0.0.1:{port}"))
        .replace("/dev/ttyUSB0", "/dev/takt-no-such-port");
    let p = Plant::new(&text);
    p.takt()
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "\n  press-1 127.0.0.1:{port} unit 1: cannot connect:"
        )))
        .stdout(predicate::str::contains(
            "\n  cnc-1 /dev/takt-no-such-port 19200 Even unit 3: cannot connect:",
        ))
        .stderr(predicate::str::contains("2 of 2 machines could not be read"));
}

#[test]
fn check_without_shifts_says_every_hour_counts() {
    let p = Plant::new("[plant]\nname = \"P\"\ntimezone = \"UTC\"\n");
    p.takt()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "shifts     none: every hour counts as scheduled",
        ))
        .stdout(predicate::str::contains(
            "warning: no [[shift]]: every hour of every day counts as scheduled (24/7)",
        ));
}

#[test]
fn missing_config_is_a_fixable_failure() {
    let p = Plant::new("");
    std::fs::remove_file(&p.config).unwrap();
    p.takt()
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no config at"))
        .stderr(predicate::str::contains("examples/takt.toml is a commented start"));
}

#[test]
fn usage_errors_exit_2() {
    let p = Plant::with_example();
    p.takt().arg("frobnicate").assert().code(2);
    p.takt()
        .args(["report", "oee", "--from", "24/11/2026", "--to", "2026-11-25"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from \"24/11/2026\": expected RFC 3339"));
    p.takt()
        .args(["report", "oee", "--from", "2026-11-25", "--to", "2026-11-24"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--to: the end 2026-11-24T00:00:00+03:00 is not after the start",
        ));
    p.takt()
        .args([
            "report",
            "downtime",
            "--from",
            "2026-11-24",
            "--to",
            "2026-11-25",
            "--by",
            "product",
        ])
        .assert()
        .code(2);
    // Only commands that work are offered.
    p.takt().arg("--help").assert().success().stdout(
        predicate::str::contains("check")
            .and(predicate::str::contains("demo"))
            .and(predicate::str::contains("run"))
            .and(predicate::str::contains("sim")),
    );
}

#[test]
fn report_before_any_data_says_what_to_do() {
    let p = Plant::with_example();
    p.takt()
        .args(["report", "oee", "--from", "2026-11-16", "--to", "2026-11-17"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no database at"));
}

#[test]
fn example_history_imports_and_reports() {
    let p = Plant::with_example();
    example(&p);
    let out = p
        .takt()
        .args(["report", "oee", "--from", "2026-11-16", "--to", "2026-11-21"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.starts_with("machine,period_start,period_end,planned_s,run_s,down_s,total,good,reject,availability,performance,quality,oee,"),
        "{}",
        &text[..200]
    );
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let rows = parse_csv(&out.stdout);
    // 5 days x 2 shifts x (2 machines + ALL).
    assert_eq!(rows.len(), 30);
    for r in &rows {
        let f = |c: &str| r[c].parse::<f64>().unwrap();
        // A x P x Q = OEE on every row, combined or not (to the 4 digits printed).
        let apq = f("availability") * f("performance") * f("quality");
        assert!((apq - f("oee")).abs() < 2e-4, "{r:?}");
        assert_eq!(r["period_start"].len(), "2026-11-16T06:00:00+03:00".len());
        assert!(r["period_start"].ends_with("+03:00"));
    }
    // The ALL row sums times and counts of its machines.
    let shift: Vec<_> = rows.iter().filter(|r| r["period"] == "2026-11-18 Late").collect();
    let sum = |c: &str| shift[..2].iter().map(|r| r[c].parse::<i64>().unwrap()).sum::<i64>();
    assert_eq!(shift[2]["machine"], "ALL");
    for c in ["planned_s", "run_s", "down_s", "total", "good", "reject"] {
        assert_eq!(shift[2][c].parse::<i64>().unwrap(), sum(c), "{c}");
    }
}

// python3 and bash are on the Linux side: not part of the wine run (`cargo xtask test-windows`).
#[cfg(unix)]
#[test]
fn python_csv_reads_the_report() {
    let p = Plant::with_example();
    example(&p);
    let out = p.dir.path().join("oee.csv");
    p.takt()
        .args([
            "report",
            "oee",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-21",
            "--by",
            "machine",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let script = r#"
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
print(len(rows), rows[0]["machine"], rows[-1]["machine"], rows[-1]["oee"], sep=",")
"#;
    let py = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&out)
        .output()
        .expect("python3 runs");
    assert!(py.status.success(), "{}", String::from_utf8_lossy(&py.stderr));
    let ours = parse_csv(&std::fs::read(&out).unwrap());
    let expected = format!("3,press-1,ALL,{}\n", ours[2]["oee"]);
    assert_eq!(String::from_utf8(py.stdout).unwrap(), expected);
}

#[test]
fn a_bad_row_aborts_the_import_and_the_database_is_untouched() {
    let p = Plant::with_example();
    example(&p);
    let before = db_bytes(&p.db);
    let bad = p.write(
        "bad.csv",
        "machine,start,end,state,reason\r\n\
         press-1,2026-11-23T06:00:00+03:00,2026-11-23T07:00:00+03:00,running,\r\n\
         press-1,2026-11-23T07:00:00+03:00,24/11/2026,down,mech/jam\r\n",
    );
    p.takt()
        .arg("import")
        .arg("states")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:3: column \"end\": expected RFC 3339 time like \"2026-11-24T06:00:00+03:00\", got \"24/11/2026\"",
            bad.display()
        )))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(db_bytes(&p.db), before);

    // A row overlapping stored history: refused the same way.
    let overlap = p.write(
        "overlap.csv",
        "machine,start,end,state,reason\n\
         press-1,2026-11-23T06:00:00+03:00,2026-11-23T07:00:00+03:00,running,\n\
         press-1,2026-11-16T06:30:00+03:00,2026-11-16T06:40:00+03:00,running,\n",
    );
    p.takt()
        .arg("import")
        .arg("states")
        .arg(&overlap)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:3: column \"start\": overlaps history already stored for machine \"press-1\"",
            overlap.display()
        )));
    assert_eq!(db_bytes(&p.db), before);

    // The same file twice.
    p.takt()
        .arg("import")
        .arg("scrap")
        .arg(repo().join("examples/history/scrap.csv"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already imported on"));
    assert_eq!(db_bytes(&p.db), before);
}

#[test]
fn import_errors_for_every_kind_name_line_and_column() {
    let p = Plant::with_example();
    let cases = [
        (
            "counts",
            "machine,start,end,total,reject,product\npress-1,2026-11-23T06:00:00+03:00,2026-11-23T07:00:00+03:00,10,11,bracket-a\n",
            "2: column \"reject\": expected no more rejects than the total (10), got 11",
        ),
        (
            "scrap",
            "machine,time,quantity,reason,product\npress-1,2026-11-23T06:00:00+03:00,3,mech/jam,\n",
            "2: column \"reason\": expected a scrap reason, got \"mech/jam\" (a downtime reason)",
        ),
        (
            "maintenance",
            "machine,component,time,kind,duration_min,note\npress-1,main-bearing,2026-11-23T06:00:00+03:00,broke,10,\n",
            "2: column \"kind\": expected failure, replacement, service or inspection, got \"broke\"",
        ),
        (
            "states",
            "machine,start,end,state,reason\npress-9,2026-11-23T06:00:00+03:00,2026-11-23T07:00:00+03:00,running,\n",
            "2: column \"machine\": expected the id of a [[machine]] in the config, got \"press-9\" (did you mean \"press-1\"?)",
        ),
        (
            "states",
            "machine;start;end;state;reason\n",
            "1: header: expected machine,start,end,state,reason, got \"machine;start;end;state;reason\"",
        ),
    ];
    for (kind, text, message) in cases {
        let f = p.write(&format!("{kind}.csv"), text);
        p.takt()
            .arg("import")
            .arg(kind)
            .arg(&f)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("{}:{message}", f.display())));
    }
    assert!(!p.db.exists(), "a refused import created the database");
}

#[test]
fn downtime_and_scrap_reports() {
    let p = Plant::with_example();
    example(&p);
    let stops = p.report(&[
        "downtime",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-21",
        "--machine",
        "press-1",
    ]);
    assert!(!stops.is_empty());
    for s in &stops {
        assert_eq!(s["machine"], "press-1");
        assert!(["down", "small_stop", "planned"].contains(&s["kind"].as_str()));
    }
    let by_reason = p.report(&[
        "downtime",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-21",
        "--machine",
        "press-1",
        "--by",
        "reason",
    ]);
    let down: f64 = stops
        .iter()
        .filter(|s| s["kind"] == "down")
        .map(|s| s["duration_s"].parse::<f64>().unwrap())
        .sum();
    let grouped: f64 = by_reason.iter().map(|g| g["duration_s"].parse::<f64>().unwrap()).sum();
    assert_eq!(down, grouped);
    // Pareto: the biggest loss first.
    let d: Vec<f64> = by_reason.iter().map(|g| g["duration_s"].parse().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] >= w[1]), "{d:?}");

    let scrap = p.report(&["scrap", "--from", "2026-11-16", "--to", "2026-11-21", "--by", "reason"]);
    assert_eq!(
        scrap[0].keys().cloned().collect::<Vec<_>>(),
        vec!["cost", "group", "reject", "scrap_rate", "total"]
    );
    let totals: std::collections::BTreeSet<&str> = scrap.iter().map(|r| r["total"].as_str()).collect();
    assert_eq!(totals.len(), 1, "every reason row has the same total");
    let by_machine = p.report(&["scrap", "--from", "2026-11-16", "--to", "2026-11-21"]);
    let rejects = |rows: &[common::Row]| rows.iter().map(|r| r["reject"].parse::<u64>().unwrap()).sum::<u64>();
    assert_eq!(rejects(&scrap), rejects(&by_machine));
}

#[test]
fn backup_gives_the_same_report() {
    let p = Plant::with_example();
    example(&p);
    let copy = p.dir.path().join("copy.db");
    p.takt()
        .arg("backup")
        .arg("--out")
        .arg(&copy)
        .assert()
        .success()
        .stdout(predicate::str::contains("backed up"));
    let args = ["report", "oee", "--from", "2026-11-16", "--to", "2026-11-21"];
    let a = p.takt().args(args).output().unwrap().stdout;
    let b = assert_cmd::Command::cargo_bin("takt")
        .unwrap()
        .arg("--config")
        .arg(&p.config)
        .arg("--db")
        .arg(&copy)
        .args(args)
        .output()
        .unwrap()
        .stdout;
    assert!(!a.is_empty());
    assert!(a == b, "the copy's report differs");

    // Regression: an existing file was overwritten silently.
    let other = p.write("precious.db", "not a backup");
    p.takt()
        .arg("backup")
        .arg("--out")
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "not a backup");
    p.takt()
        .arg("backup")
        .arg("--out")
        .arg(&other)
        .arg("--force")
        .assert()
        .success();
    assert_ne!(std::fs::read(&other).unwrap(), b"not a backup");
    p.takt().arg("backup").arg("--out").arg(&p.db).assert().code(2);
}

#[test]
fn environment_variables_name_config_and_database() {
    let p = Plant::with_example();
    let mut c = assert_cmd::Command::cargo_bin("takt").unwrap();
    c.env("TAKT_CONFIG", &p.config).env("TAKT_DB", &p.db);
    c.arg("import")
        .arg("states")
        .arg(repo().join("examples/history/states.csv"))
        .assert()
        .success();
    assert!(p.db.exists());
}

#[test]
fn a_corrected_ideal_cycle_time_recomputes_reports_and_rewrites_nothing() {
    let p = Plant::with_example();
    example(&p);
    let args = [
        "oee",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-21",
        "--by",
        "machine",
        "--machine",
        "press-1",
    ];
    let before = p.report(&args);
    let stored = db_bytes(&p.db);
    // The press's ideal cycle time was set to 1 s; it is really 0.8 s per part.
    let text = std::fs::read_to_string(&p.config).unwrap().replacen(
        "ideal_cycle_s = 1.0\npoll_ms = 500",
        "ideal_cycle_s = 1.0\nideal_cycle_by_product = { bracket-a = 0.8 }\npoll_ms = 500",
        1,
    );
    std::fs::write(&p.config, text).unwrap();
    let after = p.report(&args);
    let perf = |rows: &[common::Row]| rows[0]["performance"].parse::<f64>().unwrap();
    // Performance is ideal time x parts / run time: it scales with the ideal cycle time.
    assert!(
        (perf(&after) / perf(&before) - 0.8).abs() < 1e-3,
        "{} -> {}",
        perf(&before),
        perf(&after)
    );
    assert_eq!(before[0]["run_s"], after[0]["run_s"]);
    assert_eq!(db_bytes(&p.db), stored, "a report wrote to the database");
}

#[test]
fn imports_record_the_config_they_were_checked_against() {
    let p = Plant::with_example();
    example(&p);
    let conn = rusqlite::Connection::open(&p.db).unwrap();
    let (n, text): (i64, String) = conn
        .query_row("SELECT count(*), max(text) FROM config_history", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    // Four imports with one config: recorded once.
    assert_eq!(n, 1);
    assert_eq!(text, std::fs::read_to_string(&p.config).unwrap());
}

#[test]
fn stops_get_their_reasons_and_splits_from_the_command_line() {
    let p = Plant::with_example();
    example(&p);
    let window = [
        "downtime",
        "--from",
        "2026-11-16 07:00",
        "--to",
        "2026-11-16 08:00",
        "--machine",
        "press-1",
    ];
    let stops = |p: &Plant| -> Vec<(String, String, String)> {
        p.report(&window)
            .into_iter()
            .map(|r| (r["start"].clone(), r["end"].clone(), r["reason"].clone()))
            .collect()
    };
    let (s, e) = ("2026-11-16T07:21:00+03:00", "2026-11-16T07:22:00+03:00");
    assert_eq!(stops(&p), vec![(s.into(), e.into(), "mech/jam".into())]);

    // Bad entries are refused with what was expected, and nothing is written.
    let before = db_bytes(&p.db);
    let refused = |args: &[&str], code: i32, says: &[&str]| {
        let out = p.takt().arg("stops").args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        for s in says {
            assert!(err.contains(s), "{args:?}: expected {s:?} in {err}");
        }
    };
    let at = ["--machine", "press-1", "--at", "2026-11-16 07:21:30"];
    refused(
        &[&["reason"], &at[..], &["mech/jamm"]].concat(),
        1,
        &[
            "\"mech/jamm\" is not a downtime or planned reason",
            "did you mean \"mech/jam\"",
            "nothing was written",
        ],
    );
    refused(
        &[&["reason"], &at[..], &["scrap/burr"]].concat(),
        1,
        &["\"scrap/burr\" is not a downtime"],
    );
    refused(
        &["reason", "--machine", "press-1", "--at", "2026-11-16 06:30", "mech/jam"],
        1,
        &[
            "press-1 was not stopped at 2026-11-16T06:30:00+03:00",
            "takt report downtime",
        ],
    );
    refused(
        &[
            "reason",
            "--machine",
            "press-one",
            "--at",
            "2026-11-16 07:21:30",
            "mech/jam",
        ],
        1,
        &["no machine \"press-one\"", "did you mean \"press-1\""],
    );
    refused(
        &["split", "--machine", "press-1", "--at", "2026-11-16 07:21:00"],
        1,
        &["expected a time inside the stop, between 2026-11-16 07:21:01 and 2026-11-16 07:21:59"],
    );
    refused(
        &["reason", "--machine", "press-1", "--at", "at noon", "mech/jam"],
        2,
        &["--at \"at noon\": expected RFC 3339"],
    );
    refused(
        &["scrap", "--machine", "press-1", "--quantity", "0"],
        1,
        &["expected from 1 to 1000000000000 parts, got 0", "nothing was written"],
    );
    // Regression: 2^64 - 1 parts were accepted and stored as -1.
    refused(
        &["scrap", "--machine", "press-1", "--quantity", "18446744073709551615"],
        1,
        &[
            "expected from 1 to 1000000000000 parts, got 18446744073709551615",
            "nothing was written",
        ],
    );
    refused(
        &[
            "scrap",
            "--machine",
            "press-1",
            "--quantity",
            "3",
            "--reason",
            "mech/jam",
        ],
        1,
        &["\"mech/jam\" is not a scrap reason"],
    );
    refused(
        &[
            "scrap",
            "--machine",
            "press-1",
            "--quantity",
            "3",
            "--product",
            "bracket-z",
        ],
        1,
        &["\"bracket-z\" is not a product of the config"],
    );
    assert!(db_bytes(&p.db) == before, "a refused entry changed the database");

    // Scrap as the Stops page enters it: the shift's rejects grow by it.
    let rejects = |p: &Plant| {
        p.report(&["scrap", "--from", "2026-11-16 06:00", "--to", "2026-11-16 14:00"])
            .iter()
            .find(|r| r["group"] == "press-1")
            .map(|r| r["reject"].parse::<u64>().unwrap())
            .unwrap()
    };
    let rejects_before = rejects(&p);
    p.takt()
        .args([
            "stops",
            "scrap",
            "--machine",
            "press-1",
            "--quantity",
            "7",
            "--at",
            "2026-11-16 10:00",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("recorded 7 scrapped parts of press-1"));
    assert_eq!(rejects(&p), rejects_before + 7);

    // A reason for the stop named by any time inside it; a later one corrects it.
    p.takt()
        .arg("stops")
        .args([&["reason"], &at[..], &["setup/die"]].concat())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "the stop press-1 2026-11-16 07:21:00 to 2026-11-16 07:22:00 now has the reason setup/die",
        ));
    assert_eq!(stops(&p), vec![(s.into(), e.into(), "setup/die".into())]);

    // Split: each part keeps its own reason (the second the recorded one until given another).
    p.takt()
        .args(["stops", "split", "--machine", "press-1", "--at", "2026-11-16 07:21:20"])
        .assert()
        .success()
        .stdout(predicate::str::contains("split at 2026-11-16 07:21:20"));
    let mid = "2026-11-16T07:21:20+03:00";
    assert_eq!(
        stops(&p),
        vec![
            (s.into(), mid.into(), "setup/die".into()),
            (mid.into(), e.into(), "mech/jam".into())
        ]
    );
    p.takt()
        .args([
            "stops",
            "reason",
            "--machine",
            "press-1",
            "--at",
            "2026-11-16T07:21:40+03:00",
        ])
        .arg("material/empty")
        .assert()
        .success();
    assert_eq!(
        stops(&p),
        vec![
            (s.into(), mid.into(), "setup/die".into()),
            (mid.into(), e.into(), "material/empty".into())
        ]
    );
    // Regression: a split's time was printed without its fraction of a second.
    p.takt()
        .args([
            "stops",
            "split",
            "--machine",
            "press-1",
            "--at",
            "2026-11-16 07:21:40.5",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("split at 2026-11-16 07:21:40.500"));
}

/// Sums a column over the rows of one machine (or group).
fn col(rows: &[common::Row], key: &str, value: &str, column: &str) -> f64 {
    rows.iter()
        .filter(|r| r[key] == value)
        .map(|r| r[column].parse::<f64>().unwrap_or(0.0))
        .sum()
}

#[test]
fn breaks_recorded_as_down_are_planned_stops_in_the_downtime_report() {
    // Regression: SPEC 5's worked example with its breaks recorded as `down` (what a run
    // signal records) gave 6000 s of stops in `downtime --by machine` where OEE gives
    // `down_s` 2820, and the Stops page asked for a reason for each break.
    let p = Plant::new(
        "[plant]\nname = \"P\"\ntimezone = \"Europe/Istanbul\"\n[[shift]]\nname = \"Day\"\nstart = \"06:00\"\nend = \"14:00\"\nbreaks = [{ start = \"09:00\", minutes = 15 }, { start = \"11:00\", minutes = 30 }, { start = \"13:00\", minutes = 15 }]\n[[reason]]\ncode = \"mech/jam\"\nkind = \"downtime\"\n[[machine]]\nid = \"m1\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"127.0.0.1:502\" }\n",
    );
    let day = "2026-11-24T";
    let states = [
        ("06:00", "07:00", "running", ""),
        ("07:00", "07:47", "down", "mech/jam"),
        ("07:47", "09:00", "running", ""),
        ("09:00", "09:15", "down", ""),
        ("09:15", "11:00", "running", ""),
        ("11:00", "11:30", "down", ""),
        ("11:30", "13:00", "running", ""),
        ("13:00", "13:15", "down", ""),
        ("13:15", "14:00", "running", ""),
    ];
    let mut csv = String::from("machine,start,end,state,reason\n");
    for (a, b, s, r) in states {
        csv.push_str(&format!("m1,{day}{a}:00+03:00,{day}{b}:00+03:00,{s},{r}\n"));
    }
    p.import("states", &p.write("states.csv", &csv));
    p.import(
        "counts",
        &p.write(
            "counts.csv",
            "machine,start,end,total,reject,product\nm1,2026-11-24T06:00:00+03:00,2026-11-24T14:00:00+03:00,19271,423,\n",
        ),
    );
    let range = ["--from", "2026-11-24 06:00", "--to", "2026-11-24 14:00"];
    let oee = p.report(&[&["oee"][..], &range, &["--by", "machine"]].concat());
    assert_eq!(
        (
            oee[0]["down_s"].as_str(),
            oee[0]["planned_stop_s"].as_str(),
            oee[0]["oee"].as_str()
        ),
        ("2820", "3600", "0.7479")
    );
    let by_machine = p.report(&[&["downtime"][..], &range, &["--by", "machine"]].concat());
    assert_eq!(
        (
            by_machine[0]["duration_s"].as_str(),
            by_machine[0]["planned_s"].as_str()
        ),
        ("2820", "3600")
    );
    assert_eq!(by_machine[0]["stops"], "1");
    let stops = p.report(&[&["downtime"][..], &range].concat());
    let kinds: Vec<(&str, &str, &str)> = stops
        .iter()
        .map(|s| (s["kind"].as_str(), s["reason"].as_str(), s["on_break"].as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("down", "mech/jam", "false"),
            ("planned", "", "true"),
            ("planned", "", "true"),
            ("planned", "", "true"),
        ]
    );
    let by_reason = p.report(&[&["downtime"][..], &range, &["--by", "reason"]].concat());
    assert_eq!(col(&by_reason, "group", "break", "planned_s"), 3600.0);
    assert_eq!(col(&by_reason, "group", "uncoded", "duration_s"), 0.0);
}

#[test]
fn downtime_and_oee_classify_time_alike_on_every_range() {
    let p = Plant::with_example();
    example(&p);
    let ranges = [
        ("2026-11-16", "2026-11-21"),
        ("2026-11-16 08:00", "2026-11-17 12:00"),
        ("2026-11-18 09:05", "2026-11-18 11:50"),
        ("2026-11-19 13:59", "2026-11-20 17:10"),
        ("2026-11-01", "2026-12-31"),
    ];
    for (from, to) in ranges {
        let oee = p.report(&["oee", "--from", from, "--to", to, "--by", "machine"]);
        let dt = p.report(&["downtime", "--from", from, "--to", to, "--by", "machine"]);
        for m in ["press-1", "cnc-1"] {
            let at = format!("{m} {from} to {to}");
            assert_eq!(
                col(&dt, "group", m, "duration_s"),
                col(&oee, "machine", m, "down_s"),
                "{at}"
            );
            assert_eq!(
                col(&dt, "group", m, "planned_s"),
                col(&oee, "machine", m, "planned_stop_s"),
                "{at}"
            );
            assert_eq!(
                col(&dt, "group", m, "small_stop_s"),
                col(&oee, "machine", m, "small_stops_s"),
                "{at}"
            );
        }
    }
}

#[test]
fn a_range_beyond_the_history_reports_only_what_was_observed() {
    // Regression: the time before the first record was `no data` (TEEP understated) and
    // shifts after the last one, in the future, got rows.
    let p = Plant::with_example();
    example(&p);
    let week = p.report(&["oee", "--from", "2026-11-16", "--to", "2026-11-21", "--by", "machine"]);
    let wide = p.report(&["oee", "--from", "2026-10-01", "--to", "2027-06-01", "--by", "machine"]);
    let first = |rows: &[common::Row], c: &str| rows.iter().find(|r| r["machine"] == "press-1").unwrap()[c].clone();
    for c in ["planned_s", "run_s", "down_s", "total", "oee", "planned_stop_s"] {
        assert_eq!(first(&week, c), first(&wide, c), "{c}");
    }
    assert!(
        first(&wide, "period_start").starts_with("2026-11-16"),
        "the range starts at the first record: {}",
        first(&wide, "period_start")
    );
    let future = p.report(&["oee", "--from", "2030-01-01", "--to", "2030-02-01"]);
    assert!(future.is_empty(), "{future:?}");
}

#[test]
fn the_largest_numbers_an_import_allows_report_without_overflow() {
    // Regression: a count of 9223372036854775807 imported, and every report over that day
    // then failed with "integer overflow"; now such a count is refused at its line, and the
    // largest allowed ones, many of them, sum without overflow.
    let p = Plant::with_example();
    let mut counts = String::from("machine,start,end,total,reject,product\n");
    let mut scrap = String::from("machine,time,quantity,reason,product\n");
    for h in 6..16 {
        counts.push_str(&format!(
            "press-1,2026-11-16T{h:02}:00:00+03:00,2026-11-16T{h:02}:30:00+03:00,1000000000000,1000000000000,\n"
        ));
        scrap.push_str(&format!("press-1,2026-11-16T{h:02}:10:00+03:00,1000000000000,,\n"));
    }
    p.import("counts", &p.write("counts.csv", &counts));
    p.import("scrap", &p.write("scrap.csv", &scrap));
    let range = ["--from", "2026-11-16", "--to", "2026-11-17", "--by", "machine"];
    let oee = p.report(&[&["oee"][..], &range].concat());
    let press = oee.iter().find(|r| r["machine"] == "press-1").unwrap();
    assert_eq!(
        press["total"].parse::<u64>().unwrap() + press["unscheduled_total"].parse::<u64>().unwrap(),
        10_000_000_000_000
    );
    p.report(&[&["scrap"][..], &range].concat());
    let too_big = p.write(
        "big.csv",
        "machine,start,end,total,reject,product\npress-1,2026-11-17T06:00:00+03:00,2026-11-17T07:00:00+03:00,9223372036854775807,0,\n",
    );
    p.takt()
        .arg("import")
        .arg("counts")
        .arg(&too_big)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "big.csv:2: column \"total\": expected a whole number from 0 to 1000000000000",
        ));
}

#[test]
fn a_report_over_ten_thousand_years_costs_what_the_data_costs() {
    // Regression: --from 0001-01-01 --to 9999-12-31 on a week of data ran a minute and
    // aborted at 4 GB. The range is clipped to what was observed.
    let p = Plant::with_example();
    example(&p);
    // What does not grow with the clock (the observation ends now) is the same.
    let steady = |rows: Vec<common::Row>| -> Vec<common::Row> {
        rows.into_iter()
            .map(|r| {
                r.into_iter()
                    .filter(|(k, _)| {
                        !["all_s", "scheduled_s", "no_data_s", "teep", "period", "period_end"].contains(&k.as_str())
                    })
                    .collect()
            })
            .collect()
    };
    for kind in ["oee", "downtime", "scrap"] {
        let wide = p.report(&[kind, "--from", "0001-01-01", "--to", "9999-12-31", "--by", "machine"]);
        let now = p.report(&[kind, "--from", "2026-11-16", "--to", "2030-01-01", "--by", "machine"]);
        assert!(!wide.is_empty());
        assert_eq!(steady(wide), steady(now), "{kind}");
    }
}

#[cfg(unix)]
#[test]
fn every_command_into_a_closed_pipe_ends_quietly() {
    // Regression: `takt check ... | head`, `takt import ... | true` and `takt backup ... |
    // true` panicked (exit 101), the import after committing.
    let p = Plant::with_example();
    example(&p);
    let takt = assert_cmd::cargo::cargo_bin("takt");
    let closed = |args: &[&str]| {
        let err = p.dir.path().join("stderr.txt");
        let script = format!(
            "'{}' --config '{}' --db '{}' {} 2>'{}' | true; exit ${{PIPESTATUS[0]}}",
            takt.display(),
            p.config.display(),
            p.db.display(),
            args.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" "),
            err.display()
        );
        let status = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .status()
            .unwrap();
        let stderr = std::fs::read_to_string(&err).unwrap_or_default();
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        (status.code(), stderr)
    };
    let scrap = p.write(
        "more-scrap.csv",
        "machine,time,quantity,reason,product\npress-1,2026-11-20T10:00:00+03:00,2,,\n",
    );
    let backup = p.dir.path().join("copy.db");
    for args in [
        vec!["check", "--offline"],
        vec!["report", "oee", "--from", "2026-11-16", "--to", "2026-11-21"],
        vec!["report", "downtime", "--from", "2026-11-16", "--to", "2026-11-21"],
        vec!["import", "scrap", scrap.to_str().unwrap()],
        vec!["backup", "--out", backup.to_str().unwrap()],
        vec![
            "stops",
            "scrap",
            "--machine",
            "press-1",
            "--quantity",
            "1",
            "--at",
            "2026-11-20 11:00",
        ],
        vec!["report", "scrap", "--from", "2026-11-16", "--to", "2026-11-21"],
        vec!["report", "maintenance", "--from", "2026-11-16", "--to", "2026-11-21"],
        vec![
            "report",
            "maintenance",
            "--by",
            "machine",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-21",
        ],
        vec!["report", "condition", "--from", "2026-11-16", "--to", "2026-11-21"],
        vec![
            "maintenance",
            "log",
            "--machine",
            "press-1",
            "--component",
            "main-bearing",
            "--kind",
            "inspection",
            "--at",
            "2026-11-20 12:00",
        ],
        vec!["maintenance", "list"],
        vec!["maintenance", "due"],
        vec!["maintenance", "due", "--format", "csv"],
        vec!["--help"],
        vec!["--version"],
    ] {
        let (code, stderr) = closed(&args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
    // What was done is done: the import committed, and a second one is told so.
    let (code, stderr) = closed(&["import", "scrap", scrap.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("already imported"), "{stderr}");
    assert!(backup.exists());
}

#[test]
fn takt_never_writes_into_someone_elses_database_and_a_report_never_writes_at_all() {
    // Regression: TAKT_DB=other.db takt report ... exited 0 and added 15 tables to it.
    let p = Plant::with_example();
    let other = p.dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch(
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);",
        )
        .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let states = repo().join("examples/history/states.csv");
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("takt")
            .unwrap()
            .arg("--config")
            .arg(&p.config)
            .arg("--db")
            .arg(&other)
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    for args in [
        vec!["report", "oee", "--from", "2026-11-16", "--to", "2026-11-21"],
        vec!["import", "states", states.to_str().unwrap()],
        vec!["backup", "--out", "/dev/null/x"],
    ] {
        let (code, stderr) = run(&args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is not a Takt database (it has 1 tables of its own)"),
            "{args:?}: {stderr}"
        );
    }
    assert!(std::fs::read(&other).unwrap() == before, "the other database changed");

    // A database an older Takt wrote is read as it is; the next import brings it up to date.
    let old = p.dir.path().join("old.db");
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch(include_str!("../src-tauri/store/migrations/0001_initial.sql"))
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let before = std::fs::read(&old).unwrap();
    let out = assert_cmd::Command::cargo_bin("takt")
        .unwrap()
        .args(["--config", p.config.to_str().unwrap(), "--db", old.to_str().unwrap()])
        .args(["report", "oee", "--from", "2026-11-16", "--to", "2026-11-21"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("written by an older Takt"));
    assert!(std::fs::read(&old).unwrap() == before, "a report migrated the database");
    assert_cmd::Command::cargo_bin("takt")
        .unwrap()
        .args(["--config", p.config.to_str().unwrap(), "--db", old.to_str().unwrap()])
        .args(["import", "states", states.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn errors_say_things_once_and_name_the_line() {
    // Regression: "unable to open database file: X: unable to open database file: X".
    let p = Plant::with_example();
    let dir_as_db = p.dir.path().join("a-directory");
    std::fs::create_dir(&dir_as_db).unwrap();
    let counts = repo().join("examples/history/counts.csv");
    let out = assert_cmd::Command::cargo_bin("takt")
        .unwrap()
        .arg("--config")
        .arg(&p.config)
        .arg("--db")
        .arg(&dir_as_db)
        .args(["import", "counts", counts.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.matches("unable to open database file").count(), 1, "{stderr}");
    // Regression: a config that is not UTF-8 had no line in its error.
    let bad = p.write("latin1.toml", "[plant]\nname = \"P\"\n# Gr\u{fc}\u{df}e\n");
    std::fs::write(&bad, b"[plant]\nname = \"P\"\n# Gr\xfc\xdfe\n").unwrap();
    assert_cmd::Command::cargo_bin("takt")
        .unwrap()
        .arg("--config")
        .arg(&bad)
        .args(["check", "--offline"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("latin1.toml:3: not UTF-8 text"));
}

#[test]
fn performance_above_one_is_flagged_on_the_machines_row_and_on_all() {
    // Machine a made 8000 parts in 2 hours at an ideal cycle of 1 s (performance 1.11); b
    // 6000. The reduced-speed loss is 0, not negative, and the flag, with the cycle a
    // really sustained (its best hour: 4020 parts, the counts spread minute by minute), is on a's row and on the ALL row that includes it.
    let p = Plant::new(
        r#"
[plant]
name = "P"
timezone = "UTC"

[[machine]]
id = "a"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:1" }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u32" }

[[machine]]
id = "b"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:2" }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u32" }
"#,
    );
    let (from, to) = ("2026-11-16T00:00:00Z", "2026-11-16T02:00:00Z");
    p.import(
        "states",
        &p.write(
            "s.csv",
            &format!("machine,start,end,state,reason\na,{from},{to},running,\nb,{from},{to},running,\n"),
        ),
    );
    p.import(
        "counts",
        &p.write(
            "c.csv",
            &format!("machine,start,end,total,reject,product\na,{from},{to},8000,0,\nb,{from},{to},6000,0,\n"),
        ),
    );
    let rows = p.report(&["oee", "--by", "machine", "--from", from, "--to", to]);
    let row = |m: &str| {
        rows.iter()
            .find(|r| r["machine"] == m)
            .unwrap_or_else(|| panic!("{rows:?}"))
    };
    assert_eq!(row("a")["performance"], "1.1111");
    assert_eq!(row("a")["reduced_speed_s"], "0");
    assert!(
        row("a")["flags"].contains("performance above 1")
            && row("a")["flags"].contains("sustained over an hour of running was 0.896 s"),
        "{}",
        row("a")["flags"]
    );
    assert_eq!(
        row("b")["flags"],
        "no reject signal and no scrap entered: quality assumes every part good"
    );
    assert!(
        row("ALL")["flags"].contains("a: performance above 1"),
        "{}",
        row("ALL")["flags"]
    );
    // ALL combines the terms first (SPEC 5): 14,400 s run for 14,000 s of ideal time, so
    // its losses still add up to what it lost; a's too-long ideal time shows in the flag.
    assert_eq!(row("ALL")["reduced_speed_s"], "400");
}

#[test]
fn check_names_a_machine_or_product_faster_than_its_ideal_with_the_reports_figure() {
    // Yesterday machine a made 8000 parts in 2 hours at an ideal cycle of 1 s; machine c
    // made product p1 (ideal 2 s) at 1.8 s a part, then p2 (ideal 1 s) at 1.2 s.
    let p = Plant::new(
        r#"
[plant]
name = "P"
timezone = "UTC"

[[product]]
id = "p1"
ideal_cycle_s = 2.0

[[product]]
id = "p2"
ideal_cycle_s = 1.0

[[machine]]
id = "a"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:1" }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u32" }

[[machine]]
id = "c"
connection = { modbus_tcp = "127.0.0.1:2" }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u32" }
product_code = { holding = 2, products = { 1 = "p1", 2 = "p2" } }
"#,
    );
    let day = chrono::Utc::now().date_naive() - chrono::Days::new(1);
    let at = |h: u32| format!("{day}T{h:02}:00:00Z");
    p.import(
        "states",
        &p.write(
            "s.csv",
            &format!(
                "machine,start,end,state,reason\na,{},{},running,\nc,{},{},running,\n",
                at(6),
                at(8),
                at(6),
                at(10)
            ),
        ),
    );
    p.import(
        "counts",
        &p.write(
            "c.csv",
            &format!(
                "machine,start,end,total,reject,product\na,{},{},8000,0,\nc,{},{},4000,0,p1\nc,{},{},6000,0,p2\n",
                at(6),
                at(8),
                at(6),
                at(8),
                at(8),
                at(10)
            ),
        ),
    );
    let out = p.takt().args(["check", "--offline"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let warning = |what: &str| {
        text.lines()
            .find(|l| l.contains(&format!("warning: {what}:")))
            .map(str::to_string)
    };
    let a = warning("a").unwrap_or_else(|| panic!("{text}"));
    assert!(
        a.contains("was 0.896 s, shorter than the ideal cycle time of 1 s")
            && a.ends_with("set ideal_cycle_s = 0.896 on the machine"),
        "{a}"
    );
    let c = warning("c, product p1").unwrap_or_else(|| panic!("{text}"));
    assert!(
        c.contains("shorter than the ideal cycle time of 2 s") && c.contains("set p1 = 1.7"),
        "{c}"
    );
    assert!(
        warning("c, product p2").is_none(),
        "p2 is slower than its ideal: {text}"
    );
    // The OEE report's flag over the same hours suggests the same figure.
    let rows = p.report(&[
        "oee",
        "--by",
        "machine",
        "--machine",
        "a",
        "--from",
        &at(6),
        "--to",
        &at(8),
    ]);
    assert!(
        rows[0]["flags"].contains("running was 0.896 s"),
        "{:?}",
        rows[0]["flags"]
    );
}

/// A CSV report has no byte-order mark, so its header is exactly SPEC section 4's; with
/// `--excel` it starts with one (Excel on Windows then reads UTF-8 names right) and is
/// otherwise the same bytes. A PDF has no use for one.
#[test]
fn excel_csv_starts_with_a_byte_order_mark_and_plain_csv_does_not() {
    let p = Plant::with_example();
    example(&p);
    let run = |extra: &[&str]| {
        let out = p
            .takt()
            .args(["report", "scrap", "--from", "2026-11-16", "--to", "2026-11-21"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let plain = run(&[]);
    assert!(plain.starts_with(b"group,total,"), "{:?}", &plain[..12]);
    let excel = run(&["--excel"]);
    assert_eq!(&excel[..3], [0xef, 0xbb, 0xbf]);
    assert_eq!(&excel[3..], &plain[..]);
    p.takt()
        .args([
            "report",
            "scrap",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-21",
            "--excel",
            "--format",
            "pdf",
            "--out",
            "x.pdf",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--excel: a byte-order mark is for CSV"));
}

/// `[log] level` says how much is logged, unless `TAKT_LOG` or `RUST_LOG` says otherwise:
/// a config's warnings (here: no shift plan) are debug lines.
#[test]
fn the_log_level_comes_from_the_environment_then_the_config() {
    let p = Plant::new("[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[log]\nlevel = \"debug\"\n");
    let report = |env: Option<(&str, &str)>| {
        let mut c = p.takt();
        c.env_remove("TAKT_LOG").env_remove("RUST_LOG");
        if let Some((k, v)) = env {
            c.env(k, v);
        }
        let out = c
            .args(["report", "oee", "--from", "2026-11-24", "--to", "2026-11-25"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    p.takt()
        .args(["import", "states"])
        .arg(p.write("s.csv", "machine,start,end,state,reason\n"))
        .output()
        .unwrap();
    let debug = report(None);
    assert!(debug.contains("DEBUG") && debug.contains("no [[shift]]"), "{debug}");
    assert!(!report(Some(("RUST_LOG", "error"))).contains("DEBUG"));
    assert!(!report(Some(("TAKT_LOG", "warn"))).contains("DEBUG"));
    let bad = Plant::new("[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[log]\nlevel = \"loud\"\n");
    let out = bad.takt().args(["check", "--offline"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("[log]: `level` = \"loud\": expected \"error\", \"warn\", \"info\", \"debug\" or \"trace\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `takt check` names what runs on the clock: each report schedule, the mail server and
/// the daily backup.
#[test]
fn check_summarises_the_schedules_the_mail_server_and_the_backup() {
    let p = Plant::new(
        "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[[report.schedule]]\nreports = [\"oee\", \"downtime\"]\nat = \"shift-end\"\nfolder = \"reports\"\nemail = [\"a@b.example\"]\n\n[[report.schedule]]\nreports = [\"energy\"]\nat = \"06:00\"\nfolder = \"energy\"\n\n[smtp]\nhost = \"mail.example\"\nfrom = \"Takt <t@p.example>\"\n\n[backup]\nfolder = \"backups\"\nat = \"02:30\"\nkeep = 14\n",
    );
    let out = p.takt().args(["check", "--offline"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "schedule   oee, downtime at each shift's end, into reports and to a@b.example",
        "schedule   energy daily at 06:00, into energy",
        "mail via   mail.example:587 (STARTTLS) from Takt <t@p.example>",
        "backup     daily at 02:30 into backups, the last 14 kept",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
}

#[test]
fn a_register_map_from_a_vendors_csv_is_previewed_then_written_keeping_the_files_comments() {
    let p = Plant::new(
        "# Our plant.\n[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[[machine]]\nid = \"press-1\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"127.0.0.1:502\" }  # the press's PLC\n",
    );
    let before = std::fs::read_to_string(&p.config).unwrap();
    // One bad row among good ones: named at its line, nothing written.
    let bad = p.write(
        "bad.csv",
        "signal,table,address,type,word_order,scale,unit,low,high\r\nrunning,coil,0,,,,,,\r\ntotal_count,holding,0,u32,little,,,,\r\noil_temp,input,10,i16,,0.1,°C,70,20\r\n",
    );
    let out = p
        .takt()
        .args(["import", "register-map", "--machine", "press-1"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:4: ", bad.display())), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read_to_string(&p.config).unwrap(), before);
    // The good map: a preview first, then written.
    let good = p.write(
        "map.csv",
        "signal,table,address,type,word_order,scale,unit,low,high\nrunning,coil,0,,,,,,\ntotal_count,holding,0,u32,little,,,,\noil_temp,input,10,i16,,0.1,°C,20,70\n",
    );
    let preview = p
        .takt()
        .args(["import", "register-map", "--machine", "press-1"])
        .arg(&good)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&preview.get_output().stdout).to_string();
    assert!(text.contains("3 signals for press-1"), "{text}");
    assert!(text.contains("oil_temp"), "{text}");
    assert!(text.contains("nothing written"), "{text}");
    assert_eq!(std::fs::read_to_string(&p.config).unwrap(), before);
    p.takt()
        .args(["import", "register-map", "--machine", "press-1", "--write"])
        .arg(&good)
        .assert()
        .success();
    let after = std::fs::read_to_string(&p.config).unwrap();
    assert!(
        after.starts_with("# Our plant.\n") && after.contains("# the press's PLC"),
        "{after}"
    );
    let check = p.takt().args(["check", "--offline"]).assert().success();
    let summary = String::from_utf8_lossy(&check.get_output().stdout).to_string();
    assert!(summary.contains("oil_temp"), "{summary}");
    assert!(summary.contains("total_count"), "{summary}");
    // A register map needs its machine; history files never take one.
    p.takt().args(["import", "register-map"]).arg(&good).assert().code(2);
    p.takt()
        .args(["import", "counts", "--machine", "press-1"])
        .arg(&good)
        .assert()
        .code(2);
}
