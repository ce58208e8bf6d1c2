//! Takt's life models against the Python `reliability` package (PyPI), the independent
//! peer the issue names: `Fit_Weibull_2P(method='MLE', CI=0.9)` and
//! `reliability_growth(model='Crow-AMSAA')`, on data sets made here, with and without
//! suspensions; once through the core's functions and once through `takt report
//! maintenance` on an imported log. Figures agree to 4 significant digits. The condition
//! trends' Theil-Sen line and Sen's bounds against `scipy.stats.theilslopes`.

mod common;

use common::{Plant, python, repo};
use serde_json::{Value, json};
use takt_core::condition::TheilSen;
use takt_core::reliability::{CrowAmsaa, Weibull};

/// 4 significant digits: the relative difference is below half a unit in the 4th digit.
const REL: f64 = 5e-5;

/// The package's figures for `input` (see `tests/peers/reliability_fit.py`).
fn peer(input: &Value) -> Value {
    use std::io::Write;
    let mut child = std::process::Command::new(python())
        .arg(repo().join("tests/peers/reliability_fit.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the reliability package failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[track_caller]
fn agree(what: &str, ours: f64, theirs: &Value) {
    let theirs = theirs
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: the peer gave {theirs}"));
    let rel = (ours - theirs).abs() / theirs.abs();
    assert!(
        rel < REL,
        "{what}: takt {ours}, reliability {theirs} (relative {rel:.2e})"
    );
}

/// Lives in hours: (failures, suspensions).
fn weibull_cases() -> Vec<(Vec<f64>, Vec<f64>)> {
    vec![
        // Wear-out, complete data.
        (vec![212.0, 387.0, 455.0, 512.0, 596.0, 640.0, 733.0, 810.0], vec![]),
        // Mixed, suspensions spread among the failures.
        (
            vec![150.0, 340.0, 560.0, 800.0, 1130.0, 1720.0, 2470.0, 4210.0],
            vec![230.0, 500.0, 1000.0, 2500.0, 4000.0],
        ),
        // Heavily censored: 3 failures among 13 lives.
        (
            vec![1200.0, 2900.0, 3600.0],
            vec![
                400.0, 800.0, 1500.0, 2000.0, 2200.0, 3000.0, 3100.0, 3500.0, 3800.0, 4100.0,
            ],
        ),
        // Early failures (shape below 1).
        (vec![2.0, 7.0, 15.0, 40.0, 130.0, 600.0, 1800.0], vec![900.0]),
        // The fewest a fit takes: 2 failures and a suspension.
        (vec![95.5, 310.2], vec![150.0]),
    ]
}

fn growth_cases() -> Vec<Vec<f64>> {
    vec![
        vec![50.0, 120.0, 210.0, 330.0, 400.0, 480.0],
        // Failures crowding in: worsening.
        vec![300.0, 520.0, 690.0, 800.0, 880.0, 940.0, 985.0, 1020.0],
        // Failures thinning out: improving.
        vec![5.0, 12.0, 30.0, 70.0, 160.0, 380.0, 800.0, 1700.0],
    ]
}

#[test]
fn weibull_and_crow_amsaa_agree_with_the_reliability_package() {
    let cases = weibull_cases();
    let growth = growth_cases();
    let input = json!({
        "weibull": cases.iter().map(|(f, s)| json!({"failures": f, "suspensions": s})).collect::<Vec<_>>(),
        "growth": growth,
    });
    let out = peer(&input);
    for (i, (f, s)) in cases.iter().enumerate() {
        let p = &out["weibull"][i];
        let w = Weibull::fit(f, s).unwrap_or_else(|e| panic!("case {i}: {e}"));
        let (b, e, b10) = (w.beta_bounds(0.9), w.eta_bounds(0.9), w.life_bounds(0.1, 0.9));
        agree(&format!("case {i} beta"), w.beta, &p["beta"]);
        agree(&format!("case {i} eta"), w.eta, &p["eta"]);
        agree(&format!("case {i} beta_lo"), b.lo, &p["beta_lo"]);
        agree(&format!("case {i} beta_hi"), b.hi, &p["beta_hi"]);
        agree(&format!("case {i} eta_lo"), e.lo, &p["eta_lo"]);
        agree(&format!("case {i} eta_hi"), e.hi, &p["eta_hi"]);
        agree(&format!("case {i} b10"), w.life_at(0.1), &p["b10"]);
        agree(&format!("case {i} b10_lo"), b10.lo, &p["b10_lo"]);
        agree(&format!("case {i} b10_hi"), b10.hi, &p["b10_hi"]);
        // Our maximum is at least as high as the package's optimizer found.
        let theirs = p["log_likelihood"].as_f64().unwrap();
        assert!(
            w.log_likelihood >= theirs - 1e-6 * theirs.abs(),
            "case {i}: {} < {theirs}",
            w.log_likelihood
        );
    }
    for (i, times) in growth.iter().enumerate() {
        let p = &out["growth"][i];
        // The package ends observation at the last failure (failure terminated).
        let end = times.iter().copied().fold(0.0, f64::max);
        let c = CrowAmsaa::fit(times, end).unwrap();
        agree(&format!("growth {i} beta"), c.beta, &p["beta"]);
        agree(&format!("growth {i} lambda"), c.lambda, &p["lambda"]);
        agree(&format!("growth {i} mtbf"), c.mtbf(), &p["mtbf"]);
    }
    // The trend cases are what they were made to be.
    let trends: Vec<&str> = growth
        .iter()
        .map(|t| CrowAmsaa::fit(t, t[t.len() - 1]).unwrap().trend(0.9).as_str())
        .collect();
    assert_eq!(trends, ["no clear trend", "worsening", "improving"]);
}

#[test]
fn theil_sen_agrees_with_scipy() {
    // Hourly means: a slow rise with a daily swing and a few odd hours; a flat, noisy one;
    // a short falling one.
    let swing = |i: f64| 40.0 + 0.05 * i + 1.5 * (i / 24.0 * std::f64::consts::TAU).sin() + ((i * 7.3).sin() * 0.4);
    let mut rising: Vec<(f64, f64)> = (0..168).map(|i| (i as f64 - 167.5, swing(i as f64))).collect();
    rising[20].1 = 90.0;
    rising[100].1 = 0.0;
    let flat: Vec<(f64, f64)> = (0..72)
        .map(|i| (i as f64, 50.0 + ((i * 13 % 7) as f64 - 3.0) * 0.2))
        .collect();
    let falling: Vec<(f64, f64)> = (0..9)
        .map(|i| (i as f64 * 1.5, 30.0 - 0.8 * i as f64 + [0.3, -0.2, 0.1][i % 3]))
        .collect();
    let cases = [rising, flat, falling];
    let input = json!({
        "weibull": [],
        "growth": [],
        "theil": cases.iter().map(|c| json!({
            "x": c.iter().map(|p| p.0).collect::<Vec<_>>(),
            "y": c.iter().map(|p| p.1).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let out = peer(&input);
    for (i, c) in cases.iter().enumerate() {
        let p = &out["theil"][i];
        let fit = TheilSen::fit(c, 0.9).unwrap();
        // Equal but for the last bits of the arithmetic.
        for (what, ours, theirs) in [
            ("slope", fit.slope, &p["slope"]),
            ("intercept", fit.intercept, &p["intercept"]),
            ("lower slope", fit.slope_lo, &p["lo"]),
            ("upper slope", fit.slope_hi, &p["hi"]),
        ] {
            let theirs = theirs.as_f64().unwrap();
            assert!(
                (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0),
                "case {i} {what}: takt {ours}, scipy {theirs}"
            );
        }
    }
}

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
"#;

/// An instant `h` hours after 2026-01-01 00:00 UTC, as RFC 3339.
fn at(h: f64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap()
        + chrono::Duration::milliseconds((h * 3_600_000.0).round() as i64);
    t.to_rfc3339()
}

fn num(row: &common::Row, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?} in {row:?}", row[col]))
}

#[test]
fn the_maintenance_report_gives_the_reliability_packages_figures() {
    // A machine running around the clock from 2026-01-01 (so run hours are calendar
    // hours), with a bearing that failed after 400, 600, 500, 250 and 820 h and was
    // replaced before failing after 300 h; the one in place at the end (2880 h, 2026-05-01)
    // is 10 h old.
    let plant = Plant::new(CONFIG);
    let states = plant.write(
        "states.csv",
        &format!(
            "machine,start,end,state,reason\nm,{},{},running,\n",
            at(0.0),
            at(2880.0)
        ),
    );
    plant.import("states", &states);
    let mut log = String::from("machine,component,time,kind,duration_min,note\n");
    let mut t = 0.0;
    let mut failures_at = Vec::new();
    for (life, kind) in [
        (400.0, "failure"),
        (600.0, "failure"),
        (300.0, "replacement"),
        (500.0, "failure"),
        (250.0, "failure"),
        (820.0, "failure"),
    ] {
        t += life;
        if kind == "failure" {
            failures_at.push(t);
        }
        log += &format!("m,bearing,{},{kind},60,\n", at(t));
    }
    let file = plant.write("maintenance.csv", &log);
    plant.import("maintenance", &file);

    let input = json!({
        "weibull": [{"failures": [400.0, 600.0, 500.0, 250.0, 820.0], "suspensions": [300.0, 10.0]}],
        "growth": [failures_at],
    });
    let out = peer(&input);
    let p = &out["weibull"][0];
    let rows = plant.report(&["maintenance", "--from", "2026-01-01", "--to", "2026-05-01"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!((r["machine"].as_str(), r["component"].as_str()), ("m", "bearing"));
    assert_eq!((r["failures"].as_str(), r["suspensions"].as_str()), ("5", "2"));
    assert_eq!(r["life_basis"], "run_h");
    for (ours, theirs) in [
        ("weibull_beta", "beta"),
        ("weibull_eta_h", "eta"),
        ("beta_lo", "beta_lo"),
        ("beta_hi", "beta_hi"),
        ("eta_lo", "eta_lo"),
        ("eta_hi", "eta_hi"),
        ("b10_h", "b10"),
        ("b10_lo", "b10_lo"),
        ("b10_hi", "b10_hi"),
    ] {
        agree(ours, num(r, ours), &p[theirs]);
    }
    // MTBF: 2880 life hours / 5 failures; MTTR 1 h; the bearing in place is a suspension.
    assert_eq!(num(r, "mtbf_h"), 576.0);
    assert_eq!(num(r, "mttr_h"), 1.0);

    // By machine, ending the period one second after the last failure: the package's
    // failure-terminated Crow-AMSAA, to 4 digits (a second in 2870 h moves the 8th).
    let end = at(2870.0 + 1.0 / 3600.0);
    let rows = plant.report(&["maintenance", "--by", "machine", "--from", "2026-01-01", "--to", &end]);
    let (r, g) = (&rows[0], &out["growth"][0]);
    assert_eq!(r["failures"], "5");
    agree("amsaa_beta", num(r, "amsaa_beta"), &g["beta"]);
    agree("amsaa_lambda", num(r, "amsaa_lambda"), &g["lambda"]);
    agree("amsaa_mtbf_h", num(r, "amsaa_mtbf_h"), &g["mtbf"]);
}
