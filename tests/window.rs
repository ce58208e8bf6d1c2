//! End-to-end tests of the real window: the `takt` binary with its embedded UI, under
//! Xvfb, driven over WebDriver (`tauri-driver` from crates.io with Debian's
//! `WebKitWebDriver`) by `tests/window/drive.py` (selenium from PyPI). What the window
//! shows is checked against the database and the command line's reports.
//!
//! Screenshots of the pages go to `target/screenshots` (or `TAKT_SCREENSHOTS`); the ones
//! in `docs/` were taken by these tests.

#![cfg(feature = "gui")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::window::Driver;
use common::{PyServer, query};
use serde_json::json;

/// `takt` on the given config and database.
fn takt(config: &Path, db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_takt"));
    c.env_remove("TAKT_CONFIG").env_remove("TAKT_DB");
    c.arg("--config").arg(config).arg("--db").arg(db);
    c
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339()
}

fn report(config: &Path, db: &Path, args: &[&str]) -> Vec<common::Row> {
    let out = takt(config, db).arg("report").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    common::parse_csv(&out.stdout)
}

/// First run, the demo plant, and the supervisor's day: tiles, a machine's OEE (the same
/// figure as the CLI's report), a stop given a reason (found in the downtime report), and
/// a CSV saved from the Reports page.
#[test]
fn demo_plant_in_the_window() {
    let driver = Driver::start(&[]);
    let r = driver.drive("demo", &[]);
    let demo = driver.data().join("demo");
    let (config, db) = (demo.join("takt.toml"), demo.join("takt.db"));

    // One tile per demo machine, each with a state, and a colour from the palette.
    let tiles = r["tiles"].as_array().unwrap();
    let ids: Vec<&str> = tiles.iter().map(|t| t[0].as_str().unwrap()).collect();
    let text = std::fs::read_to_string(&config).unwrap();
    let plant = takt_core::config::Config::parse(&text, "takt.toml").unwrap().config;
    assert_eq!(ids.len(), 6, "{tiles:?}");
    assert_eq!(
        ids,
        plant.machines.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        "in config order"
    );
    let recorded = query(&db, "SELECT count(DISTINCT machine) FROM state_interval");
    assert_eq!(recorded[0][0], "6", "every machine has state intervals");
    // The words of the palette (a machine standing through its break is a planned stop).
    use takt_core::model::MachineState as S;
    let words: Vec<String> = [S::Running, S::Down, S::Planned, S::NoData]
        .into_iter()
        .map(|s| takt_core::palette::state_word(Some(s), takt_core::i18n::Locale::EN))
        .collect();
    for t in tiles {
        let word = t[1].as_str().unwrap().to_string();
        assert!(words.contains(&word), "{t:?}");
        assert!(t[2].as_str().unwrap().starts_with('#'), "a state colour: {t:?}");
        // The shift so far as a strip of states (at most its slots).
        let spans = t[3].as_u64().unwrap();
        assert!(
            spans >= 1 && spans <= takt_core::live::STRIP_SLOTS as u64,
            "the shift strip: {t:?}"
        );
    }

    assert_eq!(r["floor_tiles"], 6, "the shop-floor display shows every machine");

    // The Machine page's OEE for yesterday is the CLI report's for the same machine and span.
    let m = &r["machine"];
    let (from, to) = (m["from"].as_i64().unwrap(), m["to"].as_i64().unwrap());
    let rows = report(
        &config,
        &db,
        &[
            "oee",
            "--machine",
            m["id"].as_str().unwrap(),
            "--from",
            &rfc3339(from),
            "--to",
            &rfc3339(to),
            "--by",
            "machine",
        ],
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let cli: f64 = rows[0]["oee"].parse().unwrap();
    let shown: f64 = m["oee"]
        .as_str()
        .unwrap()
        .trim_end_matches(" %")
        .trim()
        .parse()
        .unwrap();
    assert!(
        (cli * 100.0 - shown).abs() <= 0.051,
        "window shows {shown} %, the CSV report {cli}"
    );

    // The line's kWh and kWh per good part yesterday are the energy report's.
    let e = &r["energy"];
    let rows = report(
        &config,
        &db,
        &[
            "energy",
            "--machine",
            "line-1",
            "--from",
            &rfc3339(e["from"].as_i64().unwrap()),
            "--to",
            &rfc3339(e["to"].as_i64().unwrap()),
        ],
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let kwh: f64 = rows[0]["kwh"].parse().unwrap();
    let per_good: f64 = rows[0]["kwh_per_good"].parse().unwrap();
    assert_eq!(e["kwh"].as_str().unwrap(), format!("{kwh:.1}"), "{e:?} {rows:?}");
    assert_eq!(
        e["kwh_per_good"].as_str().unwrap(),
        format!("{per_good:.4}"),
        "{e:?} {rows:?}"
    );
    // The moulder's oil chart draws both its limits, and its table lists the day's episodes
    // as the alarms report does.
    let m = &r["moulder"];
    assert_eq!(m["limits"], 2, "{m:?}");
    let alarms = report(
        &config,
        &db,
        &[
            "alarms",
            "--machine",
            "moulder-1",
            "--from",
            &rfc3339(e["from"].as_i64().unwrap()),
            "--to",
            &rfc3339(e["to"].as_i64().unwrap()),
        ],
    );
    assert_eq!(m["alarms"].as_u64().unwrap() as usize, alarms.len(), "{m:?} {alarms:?}");

    // The stop's reason is stored as an operator entry and shows in the downtime report,
    // in the window's saved CSV and from the command line alike.
    let stop = &r["stop"];
    let (machine, start, reason) = (
        stop["machine"].as_str().unwrap(),
        stop["start"].as_i64().unwrap(),
        stop["reason"].as_str().unwrap(),
    );
    let saved = PathBuf::from(r["saved"].as_str().unwrap());
    assert!(
        saved.starts_with(driver.home.path()),
        "saved in the configured folder: {saved:?}"
    );
    let text = std::fs::read(&saved).unwrap();
    let in_window = common::parse_csv(&text);
    // The same report saved as PDF: a PDF whose table starts with the CSV's first stop.
    let pdf = PathBuf::from(r["saved_pdf"].as_str().unwrap());
    assert!(pdf.starts_with(driver.home.path()), "{pdf:?}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{pdf:?} is no PDF");
    let out = std::process::Command::new("pdftotext")
        // Page 1 has the header and the downtime Pareto; the table starts on page 2.
        .args(["-layout", "-l", "2"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let page = String::from_utf8_lossy(&out.stdout);
    let first = &in_window[0];
    assert!(
        page.contains("Demo Plant") && page.contains(first["start"].as_str()),
        "the PDF's first table page has the CSV's first stop {first:?}:\n{page}"
    );
    let find = |rows: &[common::Row]| {
        rows.iter()
            .find(|row| row["machine"] == machine && row["stop_start"] == rfc3339_local(&config, start))
            .map(|row| row["reason"].clone())
    };
    let near = |rows: &[common::Row]| {
        rows.iter()
            .filter(|row| row["machine"] == machine && row["stop_start"] >= rfc3339_local(&config, start - 3_600_000))
            .take(6)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find(&in_window).as_deref(),
        Some(reason),
        "the saved CSV has the stop at {} with its reason: {:?} (window: {})",
        rfc3339_local(&config, start),
        near(&in_window),
        stop["status"]
    );
    let day = 86_400_000;
    let cli = report(
        &config,
        &db,
        &[
            "downtime",
            "--from",
            &rfc3339(start - day),
            "--to",
            &rfc3339(start + day),
        ],
    );
    assert_eq!(find(&cli).as_deref(), Some(reason), "the CLI report has it too");

    // The stop was split in the middle: two stops in the report, the first ending where
    // the second starts, the second without the first one's reason.
    let split_at = stop["split_at"].as_i64().unwrap();
    let part = |key: i64| {
        cli.iter()
            .find(|row| row["machine"] == machine && row["stop_start"] == rfc3339_local(&config, key))
            .unwrap_or_else(|| panic!("no stop starting at {key} in {cli:?}"))
    };
    assert_eq!(part(start)["end"], rfc3339_local(&config, split_at));
    assert_eq!(part(split_at)["start"], rfc3339_local(&config, split_at));
    assert_ne!(part(split_at)["reason"], reason);
    assert!(r["preview_rows"].as_u64().unwrap() > 0);

    // The Machine page's charts are the PDF's: the Pareto's bars are yesterday's stops by
    // reason of the CLI's downtime report, largest first.
    let names: Vec<&str> = r["machine_charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(names, ["oee-trend", "losses", "downtime-pareto"]);
    let page = &r["machine"];
    let by_reason = report(
        &config,
        &db,
        &[
            "downtime",
            "--by",
            "reason",
            "--machine",
            page["id"].as_str().unwrap(),
            "--from",
            &rfc3339(page["from"].as_i64().unwrap()),
            "--to",
            &rfc3339(page["to"].as_i64().unwrap()),
        ],
    );
    let mut reasons: Vec<(String, f64)> = by_reason
        .iter()
        .map(|row| (row["group"].clone(), row["duration_s"].parse::<f64>().unwrap()))
        .filter(|g| g.1 > 0.0)
        .collect();
    reasons.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let texts: Vec<&str> = r["pareto_texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let shown: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| {
            reasons
                .iter()
                .any(|(g, _)| g == t || t.strip_suffix('…').is_some_and(|p| g.starts_with(p)))
        })
        .collect();
    // Past PARETO_BARS reasons the last bar sums the rest as `other (n)`.
    let named = if reasons.len() > takt_chart::PARETO_BARS {
        takt_chart::PARETO_BARS - 1
    } else {
        reasons.len()
    };
    assert_eq!(shown.len(), named, "{texts:?} vs {reasons:?}");
    for (t, (g, _)) in shown.iter().zip(&reasons) {
        assert!(
            *t == g || t.strip_suffix('…').is_some_and(|p| g.starts_with(p)),
            "{shown:?} vs {reasons:?}"
        );
    }
    // The Reports page previews the PDF's first page (the downtime report's Pareto) and a
    // table for people whose every cell carries the CSV's text: the saved CSV's first row.
    let charts: Vec<&str> = r["first_page_charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(charts, ["downtime-pareto"]);
    let p = &r["preview"];
    let columns: Vec<&str> = p["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let csv: Vec<&str> = p["csv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for (c, v) in columns.iter().zip(&csv) {
        assert_eq!(in_window[0][*c], *v, "column {c}");
    }
    let headings: Vec<&str> = p["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let shown: Vec<&str> = p["shown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let col = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    assert_eq!(headings[col("duration_s")], "Duration");
    // `Thu 19 Nov 00:07`, not RFC 3339; a duration in minutes and seconds, not seconds.
    let start = shown[col("start")];
    let words: Vec<&str> = start.split_whitespace().collect();
    assert!(
        words.len() == 4
            && words[0].len() == 3
            && words[3].len() == 5
            && words[3].contains(':')
            && !start.contains('+'),
        "{start}"
    );
    assert!(
        shown[col("duration_s")].ends_with(" s") || shown[col("duration_s")].ends_with(" min"),
        "{shown:?}"
    );

    maintenance_page(&config, &db, &r["maintenance"]);
}

/// The Maintenance page shows the command line's figures: the same tasks due, each
/// component's Weibull shape as `takt report maintenance` computes it over the whole
/// history; an event is refused at its field, then logged and listed; a tile's badge names
/// a task the command line says is overdue.
fn maintenance_page(config: &Path, db: &Path, m: &serde_json::Value) {
    let out = takt(config, db)
        .args(["maintenance", "due", "--format", "csv"])
        .output()
        .unwrap();
    let due = common::parse_csv(&out.stdout);
    let shown: Vec<(String, String)> = m["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d[0].as_str().unwrap().to_string(), d[1].as_str().unwrap().to_string()))
        .collect();
    let mut cli: Vec<(String, String)> = due.iter().map(|r| (r["machine"].clone(), r["task"].clone())).collect();
    let mut page = shown.clone();
    cli.sort();
    page.sort();
    assert_eq!(page, cli, "the page's tasks are the CLI's");

    // Life models: the page's shape is the report's over the whole history (the unit in
    // place ages by the seconds between the two, so to 4 digits).
    let to = rfc3339(chrono::Utc::now().timestamp_millis() + 86_400_000);
    let rows = report(config, db, &["maintenance", "--from", "2000-01-01", "--to", &to]);
    let figures = m["figures"].as_array().unwrap();
    assert!(!figures.is_empty());
    let mut compared = 0;
    for f in figures {
        let (machine, component, beta) = (f[0].as_str().unwrap(), f[1].as_str().unwrap(), f[2].as_str().unwrap());
        let row = rows
            .iter()
            .find(|r| r["machine"] == machine && r["component"] == component)
            .unwrap_or_else(|| panic!("{machine}/{component} not in {rows:?}"));
        if row["weibull_beta"].is_empty() {
            assert_eq!(beta, "–", "{machine}/{component}: no fit, no figure");
            continue;
        }
        let (page, cli): (f64, f64) = (beta.parse().unwrap(), row["weibull_beta"].parse().unwrap());
        assert!(
            (page - cli).abs() <= 1e-4 * cli,
            "{machine}/{component}: page {page}, CLI {cli}"
        );
        // Every failure of the row is a dot on its probability plot.
        assert_eq!(
            f[3].as_u64().unwrap().to_string(),
            row["failures"],
            "{machine}/{component}"
        );
        compared += 1;
    }
    assert!(compared >= 1, "a component with a fit: {figures:?}");
    // Condition trends: the page forecasts a crossing where `takt report condition` does.
    let conditions = m["conditions"].as_array().unwrap();
    let cli = report(config, db, &["condition", "--from", "2000-01-01", "--to", &to]);
    assert_eq!(conditions.len(), cli.len(), "{conditions:?} {cli:?}");
    for c in conditions {
        let (machine, signal, cross) = (c[0].as_str().unwrap(), c[1].as_str().unwrap(), c[2].as_str().unwrap());
        let row = cli
            .iter()
            .find(|r| r["machine"] == machine && r["signal"] == signal)
            .unwrap_or_else(|| panic!("{machine}/{signal} not in {cli:?}"));
        assert_eq!(
            cross.is_empty(),
            row["cross_at"].is_empty(),
            "{machine}/{signal}: page {c:?}, CLI {row:?}"
        );
    }
    assert!(
        conditions.iter().any(|c| c[0] == "moulder-1" && c[1] == "oil_temp"),
        "{conditions:?}"
    );

    assert!(
        m["field_error"]
            .as_str()
            .unwrap()
            .contains("component: expected the component's name"),
        "{}",
        m["field_error"]
    );
    assert_eq!(m["logged"], "Logged an inspection of screw-bearing on moulder-1.");
    assert_eq!(m["in_log"], true);
    let out = takt(config, db)
        .args(["maintenance", "list", "--machine", "moulder-1"])
        .output()
        .unwrap();
    let log = common::parse_csv(&out.stdout);
    assert!(
        log.iter().any(|r| r["kind"] == "inspection"
            && r["component"] == "screw-bearing"
            && r["note"] == "window test"
            && r["duration_min"] == "12"),
        "the logged event is in the database: {log:?}"
    );

    // A badge that names an overdue task names one the command line says is overdue.
    for (machine, badge) in m["badges"].as_object().unwrap() {
        let badge = badge.as_str().unwrap();
        if let Some(task) = badge
            .strip_prefix("Maintenance: ")
            .and_then(|b| b.split(" overdue").next())
            && badge.contains(" overdue")
        {
            assert!(
                due.iter()
                    .any(|r| &r["machine"] == machine && r["task"] == task && r["overdue"] == "true"),
                "{machine}: {badge} but the CLI says {due:?}"
            );
        }
    }
}

/// The stop_start column as the CSV writes it: plant-local RFC 3339.
fn rfc3339_local(config: &Path, ms: i64) -> String {
    let text = std::fs::read_to_string(config).unwrap();
    let checked = takt_core::config::Config::parse(&text, "takt.toml").unwrap();
    takt_core::time::Ts(ms).rfc3339(checked.config.plant.timezone)
}

/// First run, "Add your first machine" against the independent pymodbus server: each
/// signal's Test reads it once, a bad unit id is shown at its field with nothing written,
/// and the saved machine is polled.
#[test]
fn add_first_machine_in_the_window() {
    let driver = Driver::start(&[]);
    let map = json!({"1": {"coils": {"0": 1}, "holding": {"0": 1, "1": 2, "2": 7}}});
    let server = PyServer::start(driver.home.path(), &map, None);
    let address = format!("127.0.0.1:{}", server.port.unwrap());
    let config = driver.data().join("takt.toml");
    let r = driver.drive("add", &["--address", &address, "--config", config.to_str().unwrap()]);

    let readings = &r["readings"];
    assert!(readings["running"].as_str().unwrap().contains("true"), "{readings}");
    assert!(
        readings["total_count"].as_str().unwrap().contains("65538"),
        "{readings}"
    );
    assert!(
        readings["reject_count"]
            .as_str()
            .unwrap()
            .contains("exception 2 (illegal data address)"),
        "the exact Modbus error: {readings}"
    );
    assert!(
        r["unit_error"].as_str().unwrap().contains("0 to 255"),
        "the unit's error says what is expected: {}",
        r["unit_error"]
    );

    let check = takt(&config, &driver.data().join("takt.db"))
        .args(["check", "--offline"])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("id = \"press-9\"") && text.contains(&address), "{text}");
    // The Settings page refused the broken edit with its line, like `takt check`.
    let errors = r["config_errors"].as_str().unwrap();
    let lines = text.lines().count();
    assert!(
        errors.contains(&format!("line {}", lines + 3)) && errors.contains("Press 10"),
        "{errors}"
    );
    assert!(
        !text.contains("Press 10"),
        "nothing written while the config has a problem"
    );
    let test = r["machine_test"].as_str().unwrap();
    assert!(
        test.contains("running = true") && test.contains("total_count = 65538") && test.contains("reject_count = 7"),
        "Settings' Test reads each signal: {test}"
    );
    assert!(
        server.functions().iter().all(|f| ![5, 6, 15, 16, 22, 23].contains(f)),
        "no write ever reached the server: {:?}",
        server.functions()
    );
}

/// A plant's config changed through the Settings forms alone: every change checked like
/// `takt check` and written keeping the file's comments; each problem at its field (a
/// wrong time, a register map's bad row by its line, a copy's bad id) and nothing written
/// then; the next report uses the new shift plan.
#[test]
fn settings_forms_change_the_plan_import_a_register_map_and_copy_a_machine() {
    let driver = Driver::start(&[]);
    let map = json!({"1": {"coils": {"0": 1}, "holding": {"0": 0, "1": 7}, "input": {"10": 215}}});
    let server = PyServer::start(driver.home.path(), &map, None);
    let address = format!("127.0.0.1:{}", server.port.unwrap());
    std::fs::create_dir_all(driver.data()).unwrap();
    let config = driver.data().join("takt.toml");
    let db = driver.data().join("takt.db");
    std::fs::write(
        &config,
        format!(
            "# Our plant: edited by hand and by the window.\n[plant]\nname = \"Forms Works\"\ntimezone = \"UTC\"\n\n# The only shift.\n[[shift]]\nname = \"Early\"\nstart = \"06:00\"\nend = \"14:00\"   # till two\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n\n[[machine]]\nid = \"press-1\"\nname = \"Press 1\"\nideal_cycle_s = 1.0\nconnection = {{ modbus_tcp = \"{address}\" }}  # the press's PLC\n[machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\n"
        ),
    )
    .unwrap();
    let r = driver.drive(
        "settings",
        &["--address", &address, "--config", config.to_str().unwrap()],
    );
    let text = |k: &str| r[k].as_str().unwrap_or_else(|| panic!("{k} in {r}")).to_string();

    // The Plant form with the keyboard alone: every control Tab reached has a name (its
    // label, or its own words), the focus shows, and the new name was saved.
    let keyboard = r["keyboard"].as_array().unwrap();
    assert!(keyboard.len() >= 3, "{keyboard:?}");
    for f in keyboard {
        assert!(
            !f[3].as_str().unwrap().trim().is_empty(),
            "a control without a name: {f}"
        );
        assert_ne!(f[4].as_str(), Some("none"), "the focus does not show: {f}");
    }
    // The shift form wrote the new end and the break, keeping the comments.
    let after = text("after_shifts");
    assert!(after.contains("end = \"15:00\"   # till two"), "{after}");
    assert!(
        after.contains("breaks = [{ start = \"12:00\", minutes = 30 }]"),
        "{after}"
    );
    assert!(
        after.starts_with("# Our plant: edited by hand and by the window.\n"),
        "{after}"
    );
    // The wrong time: at its field, nothing written.
    assert!(text("time_error").contains("25:00"), "{}", text("time_error"));
    assert_eq!(text("time_invalid"), "true");
    assert_eq!(
        text("after_wrong_time"),
        after,
        "nothing written while a field is wrong"
    );
    // The register map's bad row named at its line, nothing written; then saved.
    assert!(
        text("map_errors").contains("line 3") && text("map_errors").contains("i17"),
        "{}",
        text("map_errors")
    );
    assert!(!text("after_bad_map").contains("oil_temp"));
    assert!(
        text("map_preview").contains("oil_temp") && text("map_preview").contains("input 10"),
        "{}",
        text("map_preview")
    );
    // The copy's bad id at its field.
    assert!(text("copy_error").contains("Press 2"), "{}", text("copy_error"));

    // takt check accepts the file the forms wrote, as the forms meant it.
    let out = takt(&config, &db).args(["check", "--offline"]).output().unwrap();
    let summary = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{summary}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        summary.contains("06:00-15:00") && summary.contains("(1 break, 30 min)"),
        "{summary}"
    );
    let final_text = std::fs::read_to_string(&config).unwrap();
    assert_eq!(final_text, text("final"));
    let holiday = text("holiday");
    assert!(final_text.contains(&format!("date = \"{holiday}\"")), "{final_text}");
    assert!(
        final_text.contains("oil_temp") && final_text.contains("id = \"press-2\""),
        "{final_text}"
    );
    assert!(final_text.contains("# the press's PLC"), "{final_text}");
    assert!(final_text.contains("name = \"Keyboard Works\""), "{final_text}");
    // The plant's language, switched through the Plant form: the pages in Turkish, then in
    // German; a PDF saved meanwhile has Turkish headings.
    assert!(final_text.contains("language = \"de\""), "{final_text}");
    assert_eq!(text("lang_tr"), "tr");
    let plant_tr = text("plant_tr");
    assert!(
        plant_tr.contains("çalışıyor") || plant_tr.contains("duruşta") || plant_tr.contains("veri yok"),
        "a tile's state in Turkish: {plant_tr}"
    );
    let nav_de = r["nav_de"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert_eq!(
        nav_de,
        [
            "Werk",
            "Maschine",
            "Stillstände",
            "Wartung",
            "Berichte",
            "Einstellungen"
        ]
    );
    assert!(text("settings_de").contains("Schichten"), "{}", text("settings_de"));
    // The config's findings at their fields speak the plant's language too.
    let de = text("time_error_de");
    assert!(
        de.contains("\"25:00\"") && de.contains("erwartet") && !de.contains("expected"),
        "{de}"
    );
    let pdf = std::fs::read_dir(driver.home.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap_or_else(|| panic!("no PDF saved: {}", text("pdf_tr")));
    let words = common::pdf::poppler("pdftotext", &["-layout", "-f", "1", "-l", "1"], &pdf);
    assert!(words.contains("raporu") && words.contains("Takt tarafından"), "{words}");

    // The next report uses the plan: a Monday's Early shift runs 06:00-15:00 and the
    // press standing 12:00-12:30 is its break (a planned stop, not a breakdown); the
    // holiday has no shift.
    let day_ms = 86_400_000;
    let holiday_start = chrono::NaiveDate::parse_from_str(&holiday, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let states = driver.home.path().join("states.csv");
    std::fs::write(
        &states,
        format!(
            "machine,start,end,state,reason\npress-1,{},{},running,\npress-1,{},{},down,\npress-1,{},{},running,\npress-1,{},{},running,\n",
            rfc3339(monday),
            rfc3339(monday + 12 * 3_600_000),
            rfc3339(monday + 12 * 3_600_000),
            rfc3339(monday + 12 * 3_600_000 + 1_800_000),
            rfc3339(monday + 12 * 3_600_000 + 1_800_000),
            rfc3339(monday + day_ms),
            rfc3339(holiday_start),
            rfc3339(holiday_start + day_ms)
        ),
    )
    .unwrap();
    let out = takt(&config, &db)
        .arg("import")
        .arg("states")
        .arg(&states)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shifts_of_day = |start: i64| {
        let (from, to) = (rfc3339(start), rfc3339(start + day_ms));
        report(
            &config,
            &db,
            &[
                "oee",
                "--machine",
                "press-1",
                "--by",
                "shift",
                "--from",
                &from,
                "--to",
                &to,
            ],
        )
    };
    let rows = shifts_of_day(monday);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let figure = |k: &str| rows[0].get(k).map(String::as_str);
    assert_eq!(figure("period"), Some("2026-11-23 Early"), "{rows:?}");
    assert_eq!(figure("scheduled_s"), Some("32400"), "{rows:?}");
    assert_eq!(figure("planned_stop_s"), Some("1800"), "{rows:?}");
    assert_eq!(figure("planned_s"), Some("30600"), "{rows:?}");
    assert_eq!(figure("breakdowns_s"), Some("0"), "{rows:?}");
    let rows = shifts_of_day(holiday_start);
    assert!(
        rows.iter().all(|r| r.get("planned_s").map(String::as_str) == Some("0")),
        "the holiday: {rows:?}"
    );
    assert!(
        server.functions().iter().all(|f| ![5, 6, 15, 16, 22, 23].contains(f)),
        "no write ever reached the server: {:?}",
        server.functions()
    );
}
