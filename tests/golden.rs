//! Golden files (insta snapshots in tests/snapshots/): the example week's reports and
//! `takt check` on a bad config. A change that moves a figure or a message shows up here
//! as a diff to review; accept it on purpose with `INSTA_UPDATE=always cargo test --test
//! golden` (or `cargo insta review`), never by accident.

mod common;

use common::{Plant, repo};

fn example() -> Plant {
    let p = Plant::with_example();
    for kind in ["states", "counts", "scrap", "maintenance"] {
        p.import(kind, &repo().join(format!("examples/history/{kind}.csv")));
    }
    p
}

fn report(p: &Plant, args: &[&str]) -> String {
    let out = p.takt().arg("report").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

const WEEK: [&str; 4] = ["--from", "2026-11-16", "--to", "2026-11-21"];

#[test]
fn the_example_weeks_reports() {
    let p = example();
    let golden = [
        ("oee_by_shift", vec!["oee"]),
        ("oee_by_machine", vec!["oee", "--by", "machine"]),
        ("oee_by_product", vec!["oee", "--by", "product"]),
        ("downtime", vec!["downtime"]),
        ("downtime_by_reason", vec!["downtime", "--by", "reason"]),
        ("scrap_by_reason", vec!["scrap", "--by", "reason"]),
        ("scrap_by_machine", vec!["scrap"]),
    ];
    for (name, args) in golden {
        let args: Vec<&str> = args.into_iter().chain(WEEK).collect();
        insta::assert_snapshot!(name, report(&p, &args));
    }
}

#[test]
fn check_on_a_bad_config() {
    let text = std::fs::read_to_string(repo().join("examples/takt.toml"))
        .unwrap()
        .replace("timezone = \"Europe/Istanbul\"", "timezone = \"Europe/Istanbull\"")
        .replace("poll_ms = 500", "pol_ms = 500")
        .replacen("ideal_cycle_s = 1.0", "ideal_cycle_s = -1.0", 1)
        .replace("1 = \"mech/bearing\"", "1 = \"mech/bearings\"");
    let p = Plant::new(&text);
    let out = p.takt().args(["check", "--offline"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&p.config.display().to_string(), "takt.toml");
    insta::assert_snapshot!("check_bad_config", stderr);
}
