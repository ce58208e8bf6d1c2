//! Upgrades: a database written by the last release that landed opens in this Takt,
//! migrates, and reports the same figures. The old Takt is built in the test from that
//! commit (`tests/upgrade/from`) of this repository's history, without the window, in
//! `target/upgrade` (kept between runs, so only the first build is slow).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::query;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The commit of the last landed release, as `tests/upgrade/from` names it (the first
/// word of its first line that is not a comment).
fn from_commit() -> String {
    let text = std::fs::read_to_string(root().join("tests/upgrade/from")).unwrap();
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split_whitespace().next())
        .expect("tests/upgrade/from names no commit")
        .to_string()
}

/// Builds the `takt` of `commit` (engine and CLI, no window) and returns its path.
fn build_release(commit: &str) -> PathBuf {
    let target = root().join("target/upgrade");
    let src = target.join(format!("src-{commit}"));
    if !src.join("Cargo.toml").exists() {
        std::fs::create_dir_all(&src).unwrap();
        let archive = Command::new("git")
            .current_dir(root())
            .args(["archive", "--format=tar", commit])
            .output()
            .unwrap();
        assert!(
            archive.status.success(),
            "git archive {commit}: {} (a shallow clone lacks the last release: fetch its history)",
            String::from_utf8_lossy(&archive.stderr)
        );
        let mut tar = Command::new("tar")
            .args(["-x", "-C"])
            .arg(&src)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        tar.stdin.take().unwrap().write_all(&archive.stdout).unwrap();
        assert!(tar.wait().unwrap().success());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo)
        .current_dir(&src)
        .args(["build", "--locked", "--no-default-features", "--bin", "takt"])
        .env("CARGO_TARGET_DIR", target.join("build"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "building the release {commit}: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    target.join("build/debug/takt")
}

fn takt(bin: &Path, dir: &Path) -> Command {
    let mut c = Command::new(bin);
    c.env_remove("TAKT_CONFIG")
        .env_remove("TAKT_DB")
        .env_remove("RUST_LOG")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .arg("--config")
        .arg(dir.join("takt.toml"))
        .arg("--db")
        .arg(dir.join("takt.db"));
    c
}

use common::stdout_of as ok;

/// A CSV's rows as column name to value, so that columns a newer Takt adds are left out of
/// the comparison and none of the old ones is.
fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn version(db: &Path) -> i64 {
    query(db, "PRAGMA user_version")[0][0].parse().unwrap()
}

#[test]
fn a_database_of_the_last_release_opens_migrates_and_reports_the_same_figures() {
    let commit = from_commit();
    let old = build_release(&commit);
    let new = assert_cmd::cargo::cargo_bin("takt");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The old Takt records: the demo plant's two days of history, then a few seconds live.
    ok(takt(&old, d).args(["demo", "--headless", "--port", "0", "--history", "2d", "--for", "5s"]));
    let db = d.join("takt.db");
    let before = version(&db);
    let text = std::fs::read_to_string(d.join("takt.toml")).unwrap();
    let tz = takt_core::config::Config::parse(&text, "takt.toml")
        .unwrap()
        .config
        .plant
        .timezone;
    // Whole plant-local days that are over: the figures cannot move any more.
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let (from, to) = ((today - chrono::Days::new(2)).to_string(), today.to_string());
    let reports: [&[&str]; 6] = [
        &["oee", "--by", "shift"],
        &["oee", "--by", "machine"],
        &["downtime", "--by", "reason"],
        &["scrap"],
        &["energy", "--by", "machine"],
        &["alarms"],
    ];
    let report = |bin: &Path, args: &[&str]| {
        ok(takt(bin, d)
            .arg("report")
            .args(args)
            .args(["--from", &from, "--to", &to]))
    };
    let old_csv: Vec<String> = reports.iter().map(|a| report(&old, a)).collect();

    let migrations = std::fs::read_dir(root().join("src-tauri/store/migrations"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "sql"))
        .count() as i64;
    // This Takt opens it as an upgrade does. A report never writes: on an older schema it
    // says what brings it up to date and leaves the file as it is. The service's first start
    // (`takt run`) migrates it; then the reports read it.
    if before < migrations {
        let o = takt(&new, d)
            .arg("report")
            .args(reports[0])
            .args(["--from", &from, "--to", &to])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(!o.status.success(), "{err}");
        assert!(
            err.contains("written by an older Takt") && err.contains("`takt run`"),
            "{err}"
        );
        assert_eq!(version(&db), before, "a report changed the schema");
    }
    ok(takt(&new, d).args(["run", "--for", "2s"]));
    let new_csv: Vec<String> = reports.iter().map(|a| report(&new, a)).collect();
    assert!(
        before <= migrations,
        "the old release wrote schema {before}, this one knows {migrations}"
    );
    assert_eq!(version(&db), migrations, "not migrated from {before}");
    for ((args, old), new) in reports.iter().zip(&old_csv).zip(&new_csv) {
        let (old, new) = (rows(old), rows(new));
        assert!(!old.is_empty(), "{args:?}: the old release reported nothing");
        assert_eq!(old.len(), new.len(), "{args:?}: rows");
        for (o, n) in old.iter().zip(&new) {
            for (k, v) in o {
                assert_eq!(Some(v), n.get(k), "{args:?}: column {k} in {o:?}");
            }
        }
    }
    // And it records into it again, and the old days still report the same.
    ok(takt(&new, d).args(["run", "--for", "2s"]));
    ok(takt(&new, d).args(["check", "--offline"]));
    assert_eq!(report(&new, reports[0]), new_csv[0]);
    eprintln!(
        "release {commit} (schema {before}) -> this one (schema {migrations}): same figures in {} reports",
        reports.len()
    );
}
