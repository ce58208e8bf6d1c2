//! `takt maintenance log|list|due` and `takt report maintenance` end to end: the real
//! binary on a real SQLite file, history imported relative to now (the binary's clock is
//! the computer's).

mod common;

use chrono::{DateTime, Duration, DurationRound, Utc};
use common::{Plant, Row, parse_csv};

const CONFIG: &str = r#"
[plant]
name = "P"
timezone = "UTC"

[[machine]]
id = "m"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:1", unit = 1 }
[machine.signals]
running = { coil = 0 }
total_count = { holding = 0, type = "u32" }

[[machine.maintenance]]
task = "Grease bearing"
component = "bearing"
every_run_hours = 100

[[machine.maintenance]]
task = "Change tool"
component = "tool"
every_cycles = 50000

[[machine.maintenance]]
task = "Inspect frame"
component = "frame"
every_days = 30

[[machine]]
id = "other"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:2", unit = 1 }
"#;

/// The start of the imported history: 30 days and an hour before now, on a minute.
fn base() -> DateTime<Utc> {
    Utc::now().duration_trunc(Duration::minutes(1)).unwrap() - Duration::days(30) - Duration::hours(1)
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

/// Machine `m` ran from `base` for 30 days, a part a minute (1440 a day).
fn plant_with_history(base: DateTime<Utc>) -> Plant {
    let plant = Plant::new(CONFIG);
    let end = base + Duration::days(30);
    let states = plant.write(
        "states.csv",
        &format!(
            "machine,start,end,state,reason\nm,{},{},running,\n",
            rfc(base),
            rfc(end)
        ),
    );
    plant.import("states", &states);
    let mut counts = String::from("machine,start,end,total,reject,product\n");
    for d in 0..30 {
        let a = base + Duration::days(d);
        counts += &format!("m,{},{},1440,0,\n", rfc(a), rfc(a + Duration::days(1)));
    }
    let counts = plant.write("counts.csv", &counts);
    plant.import("counts", &counts);
    plant
}

fn log(plant: &Plant, args: &[&str]) -> std::process::Output {
    plant.takt().args(["maintenance", "log"]).args(args).output().unwrap()
}

fn list(plant: &Plant) -> Vec<Row> {
    let out = plant.takt().args(["maintenance", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    parse_csv(&out.stdout)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_logged_event_is_listed_and_a_wrong_one_is_refused_with_nothing_written() {
    let base = base();
    let plant = plant_with_history(base);
    let at = rfc(base + Duration::days(10));
    let out = log(
        &plant,
        &[
            "--machine",
            "m",
            "--component",
            "bearing",
            "--kind",
            "service",
            "--at",
            &at,
            "--duration",
            "1h30m",
            "--note",
            "grease, \"EP2\"",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("logged a service of bearing on m at "));
    let rows = list(&plant);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (
            r["machine"].as_str(),
            r["component"].as_str(),
            r["kind"].as_str(),
            r["duration_min"].as_str()
        ),
        ("m", "bearing", "service", "90")
    );
    assert_eq!(r["note"], "grease, \"EP2\"");
    assert_eq!(
        DateTime::parse_from_rfc3339(&r["time"]).unwrap(),
        base + Duration::days(10)
    );

    // Each wrong field is refused with what is expected; nothing is written.
    let before = common::db_bytes(&plant.db);
    let future = rfc(Utc::now() + Duration::days(1));
    for (args, says) in [
        (
            vec!["--machine", "nope", "--component", "bearing", "--kind", "service"],
            "machine: expected the id of a [[machine]]",
        ),
        (
            vec!["--machine", "m", "--component", "bearing", "--kind", "fixed"],
            "kind: expected failure, replacement, service or inspection, got \"fixed\"",
        ),
        (
            vec!["--machine", "m", "--component", " ", "--kind", "service"],
            "component: expected the component's name",
        ),
        (
            vec![
                "--machine",
                "m",
                "--component",
                "bearing",
                "--kind",
                "failure",
                "--duration",
                "ages",
            ],
            "duration_min: expected minutes",
        ),
        (
            vec![
                "--machine",
                "m",
                "--component",
                "bearing",
                "--kind",
                "failure",
                "--at",
                &future,
            ],
            "is in the future",
        ),
        (
            vec![
                "--machine",
                "m",
                "--component",
                "bearing",
                "--kind",
                "service",
                "--at",
                &at,
            ],
            "is already logged for m",
        ),
    ] {
        let out = log(&plant, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(says) && err.contains("nothing was written"),
            "{args:?}: {err}"
        );
    }
    let out = log(
        &plant,
        &[
            "--machine",
            "m",
            "--component",
            "bearing",
            "--kind",
            "service",
            "--at",
            "yesterday",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--at \"yesterday\": expected RFC 3339"));
    assert_eq!(
        common::db_bytes(&plant.db),
        before,
        "a refused event changed the database"
    );
}

/// The due rows of `takt maintenance due --format csv`, by component.
fn due(plant: &Plant) -> std::collections::BTreeMap<String, Row> {
    let out = plant
        .takt()
        .args(["maintenance", "due", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    parse_csv(&out.stdout)
        .into_iter()
        .map(|r| (r["component"].clone(), r))
        .collect()
}

fn num(r: &Row, col: &str) -> f64 {
    r[col].parse().unwrap_or_else(|_| panic!("{col} = {:?}", r[col]))
}

fn time(r: &Row, col: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&r[col]).unwrap().with_timezone(&Utc)
}

#[test]
fn tasks_due_count_run_hours_cycles_and_days_from_the_last_reset() {
    let base = base();
    let plant = plant_with_history(base);
    let svc = |component: &str, days: i64| {
        let at = rfc(base + Duration::days(days));
        let out = log(
            &plant,
            &[
                "--machine",
                "m",
                "--component",
                component,
                "--kind",
                "service",
                "--at",
                &at,
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    };
    svc("bearing", 20);
    svc("tool", 10);
    let rows = due(&plant);
    assert_eq!(rows.len(), 3, "{rows:?}");

    // Bearing: 10 days of running since its service = 240 run hours of 100: overdue since
    // 100 h after the service.
    let b = &rows["bearing"];
    assert_eq!((num(b, "every"), b["unit"].as_str()), (100.0, "run_h"));
    assert_eq!(num(b, "since_last"), 240.0);
    assert_eq!(num(b, "remaining"), -140.0);
    assert_eq!(b["overdue"], "true");
    assert_eq!(time(b, "due_at"), base + Duration::days(20) + Duration::hours(100));
    assert_eq!(time(b, "counted_from"), base + Duration::days(20));

    // Tool: 20 days of 1440 parts since its service; over the last 14 days (the last hour
    // without parts) 14 x 1440 - 60 parts: the rest at that rate.
    let t = &rows["tool"];
    assert_eq!((num(t, "since_last"), t["unit"].as_str()), (28_800.0, "cycles"));
    assert_eq!(t["overdue"], "false");
    let per_day = (14.0 * 1440.0 - 60.0) / 14.0;
    let expected = Utc::now() + Duration::milliseconds((21_200.0 / per_day * 86_400_000.0) as i64);
    let off = (time(t, "due_at") - expected).num_seconds().abs();
    assert!(off < 120, "tool due at {} instead of {expected} ({off} s)", t["due_at"]);

    // Frame: never serviced: counted in days from the first record, due 30 days after it.
    let f = &rows["frame"];
    assert_eq!(time(f, "counted_from"), base);
    assert_eq!(f["overdue"], "true");
    assert_eq!(time(f, "due_at"), base + Duration::days(30));

    // Overdue first, the longest overdue first.
    let out = plant
        .takt()
        .args(["maintenance", "due", "--format", "csv"])
        .output()
        .unwrap();
    let order: Vec<String> = parse_csv(&out.stdout).iter().map(|r| r["component"].clone()).collect();
    assert_eq!(order, ["bearing", "frame", "tool"]);
    // The table for a terminal says the same.
    let out = plant.takt().args(["maintenance", "due"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Grease bearing") && text.contains("Change tool"),
        "{text}"
    );
}

#[test]
fn without_plans_due_says_so() {
    // The config without its [[machine.maintenance]] tables.
    let plans = CONFIG.find("\n[[machine.maintenance]]").unwrap();
    let other = CONFIG.find("\n[[machine]]\nid = \"other\"").unwrap();
    let plant = Plant::new(&format!("{}{}", &CONFIG[..plans], &CONFIG[other..]));
    let out = plant.takt().args(["maintenance", "due"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no maintenance plans in the config"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

/// `takt` on the demo plant's files in `dir`.
fn demo_takt(dir: &std::path::Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("takt").unwrap();
    c.env_remove("TAKT_CONFIG").env_remove("TAKT_DB");
    c.arg("--config")
        .arg(dir.join("takt.toml"))
        .arg("--db")
        .arg(dir.join("takt.db"));
    c
}

fn csv_of(c: &mut assert_cmd::Command) -> Vec<Row> {
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    parse_csv(&out.stdout)
}

#[test]
fn sixty_days_of_the_demo_plant_give_a_life_model_a_forecast_before_the_failure_and_tasks_due() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo_takt(dir.path())
        .args(["demo", "--headless", "--for", "1s", "--history", "60d", "--port", "0"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let from = rfc(Utc::now() - Duration::days(61));
    let to = rfc(Utc::now() + Duration::days(1));
    // Everything is recorded by now: a range ending here ends at the same instant for
    // every command (a range into the future ends at each command's own "now", and a
    // trend already at its limit crosses it "now": a PDF and a CSV made 150 ms apart
    // then differ in that time).
    let recorded = rfc(Utc::now());

    // The moulder's screw bearing wears out (the model draws its lives from a Weibull of
    // shape 3): the fit says wear-out too.
    let rows = csv_of(demo_takt(dir.path()).args(["report", "maintenance", "--from", &from, "--to", &to]));
    let bearing = rows
        .iter()
        .find(|r| r["machine"] == "moulder-1" && r["component"] == "screw-bearing")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert!(num(bearing, "failures") >= 3.0, "{bearing:?}");
    assert!(num(bearing, "weibull_beta") > 1.0, "{bearing:?}");

    // Its Weibull plot draws that fit and a point per failure (and one in the legend).
    let chart = dir.path().join("weibull.svg");
    let out = demo_takt(dir.path())
        .args([
            "chart",
            "weibull",
            "--machine",
            "moulder-1",
            "--item",
            "screw-bearing",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
        ])
        .arg(&chart)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(
        svg.contains(&format!(
            "fit: beta {:.2}, eta {:.0} h",
            num(bearing, "weibull_beta"),
            num(bearing, "weibull_eta_h")
        )),
        "{bearing:?}"
    );
    assert_eq!(svg.matches("<circle").count() as f64, num(bearing, "failures") + 1.0);
    // Without --item the machines' several components are listed, not guessed.
    let out = demo_takt(dir.path())
        .args(["chart", "weibull", "--from", &from, "--to", &to, "--out"])
        .arg(&chart)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("moulder-1 screw-bearing"), "{}", stderr(&out));

    // Three days before each failure (of a bearing that had run at least four days), the
    // oil temperature's trend crosses its limit before the bearing fails.
    let log = csv_of(demo_takt(dir.path()).args(["maintenance", "list", "--machine", "moulder-1"]));
    let failures: Vec<DateTime<Utc>> = log
        .iter()
        .filter(|r| r["component"] == "screw-bearing" && r["kind"] == "failure")
        .map(|r| time(r, "time"))
        .collect();
    let mut checked = 0;
    for w in failures.windows(2) {
        if w[1] - w[0] < Duration::days(4) {
            continue;
        }
        let at = w[1] - Duration::days(3);
        let rows = csv_of(demo_takt(dir.path()).args([
            "report",
            "condition",
            "--machine",
            "moulder-1",
            "--from",
            &from,
            "--to",
            &rfc(at),
        ]));
        let r = &rows[0];
        assert_eq!(
            (r["signal"].as_str(), r["limit"].as_str()),
            ("oil_temp", "high"),
            "{r:?}"
        );
        let cross = time(r, "cross_at");
        assert!(
            cross < w[1],
            "forecast at {at}: crossing {cross}, after the failure at {}: {r:?}",
            w[1]
        );
        assert!(time(r, "cross_earliest") <= cross, "{r:?}");
        checked += 1;
    }
    assert!(checked >= 1, "no failure to forecast in {failures:?}");

    // Tasks due on the demo's plans.
    let due = csv_of(demo_takt(dir.path()).args(["maintenance", "due", "--format", "csv"]));
    assert!(due.len() >= 3, "{due:?}");
    assert!(
        due.iter().any(|r| r["machine"] == "moulder-1" && r["unit"] == "days"),
        "{due:?}"
    );

    // The hot oil of a failing bearing makes bad parts: what drives scrap finds it. The
    // hottest fifth of the minutes rejects more than twice as often as the coolest, and
    // the test says it is no chance; the rate climbs band by band.
    let bands = csv_of(demo_takt(dir.path()).args(["report", "quality-drivers", "--from", &from, "--to", &to]));
    let oil: Vec<&Row> = bands
        .iter()
        .filter(|r| r["machine"] == "moulder-1" && r["signal"] == "oil_temp")
        .collect();
    assert_eq!(oil.len(), 5, "{bands:?}");
    let rates: Vec<f64> = oil.iter().map(|r| num(r, "reject_rate")).collect();
    assert!(rates.windows(2).all(|w| w[0] < w[1]), "{rates:?}");
    let hottest = oil[4];
    assert!(num(hottest, "ratio_to_best") > 2.0, "{hottest:?}");
    assert_eq!(hottest["significant"], "true", "{hottest:?}");
    assert!(num(hottest, "low") >= num(oil[0], "high"), "{oil:?}");
    // Only the moulder has rejects and a process value.
    assert!(bands.iter().all(|r| r["machine"] == "moulder-1"), "{bands:?}");

    // Its oil leaves the 65 C limit before each failure: the alarms report has the
    // episodes, each with its limit and a worst value beyond it, and the process report's
    // time beyond the limits is theirs.
    let alarms = csv_of(demo_takt(dir.path()).args(["report", "alarms", "--from", &from, "--to", &to]));
    assert!(!alarms.is_empty());
    for a in &alarms {
        assert_eq!(
            (
                a["machine"].as_str(),
                a["signal"].as_str(),
                a["kind"].as_str(),
                a["limit"].as_str()
            ),
            ("moulder-1", "oil_temp", "high", "65"),
            "{a:?}"
        );
        assert!(num(a, "worst") > 65.0, "{a:?}");
    }
    let beyond: f64 = alarms.iter().map(|a| num(a, "duration_s")).sum();
    let process = csv_of(demo_takt(dir.path()).args(["report", "process", "--from", &from, "--to", &to]));
    let p = process.iter().find(|r| r["signal"] == "oil_temp").unwrap();
    assert!((num(p, "out_of_limit_s") - beyond).abs() < 1.0, "{p:?} vs {beyond}");
    assert!(num(p, "cpk") < num(p, "cp"), "{p:?}");

    // The PDFs of the reports the example plant has no data for (energy, alarms,
    // process, what drives scrap, condition, maintenance by machine): each table line the
    // CSV's row, fonts embedded, no image.
    let pdfs = tempfile::tempdir().unwrap();
    for kind in ["energy", "alarms", "process", "quality-drivers", "condition"] {
        let args = ["report", kind, "--from", &from, "--to", &recorded];
        common::pdf::check_against_csv(
            &|| demo_takt(dir.path()),
            &args[1..],
            &pdfs.path().join(format!("{kind}.pdf")),
            "Demo Plant",
        );
    }
    common::pdf::check_against_csv(
        &|| demo_takt(dir.path()),
        &["maintenance", "--by", "machine", "--from", &from, "--to", &recorded],
        &pdfs.path().join("growth.pdf"),
        "Demo Plant",
    );

    // Energy per good part, two views of one figure: the OEE report's column for the
    // line by day is the energy report's by day, day for day.
    let oee = csv_of(demo_takt(dir.path()).args([
        "report",
        "oee",
        "--by",
        "day",
        "--machine",
        "line-1",
        "--from",
        &from,
        "--to",
        &to,
    ]));
    let energy = csv_of(demo_takt(dir.path()).args([
        "report",
        "energy",
        "--by",
        "day",
        "--machine",
        "line-1",
        "--from",
        &from,
        "--to",
        &to,
    ]));
    assert!(energy.len() >= 59, "{energy:?}");
    for e in &energy {
        let o = oee
            .iter()
            .find(|o| o["period"] == e["group"])
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(
            (&o["kwh"], &o["kwh_per_good"]),
            (&e["kwh"], &e["kwh_per_good"]),
            "{o:?}\n{e:?}"
        );
        let parts = num(e, "run_kwh") + num(e, "idle_kwh") + num(e, "no_data_kwh");
        assert!((parts - num(e, "kwh")).abs() < 1e-3 * num(e, "kwh").max(1.0), "{e:?}");
    }
    // The line draws 22 kW running: its mean power while running says so.
    assert!(
        energy.iter().all(|e| (num(e, "kwh_per_run_h") - 22.0).abs() < 0.01),
        "{energy:?}"
    );
}
