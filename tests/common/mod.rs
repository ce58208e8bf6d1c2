//! Helpers for the end-to-end tests: run the real `takt` binary against a real SQLite
//! file in a temp dir.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A temp dir with a config and a database path.
pub struct Plant {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub db: PathBuf,
}

impl Plant {
    pub fn new(config: &str) -> Plant {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takt.toml");
        std::fs::write(&path, config).unwrap();
        let db = dir.path().join("takt.db");
        Plant { dir, config: path, db }
    }

    pub fn with_example() -> Plant {
        Plant::new(&std::fs::read_to_string(repo().join("examples/takt.toml")).unwrap())
    }

    /// `takt` with this plant's config and database.
    pub fn takt(&self) -> Command {
        let mut c = Command::cargo_bin("takt").unwrap();
        c.env_remove("TAKT_CONFIG").env_remove("TAKT_DB");
        c.arg("--config").arg(&self.config).arg("--db").arg(&self.db);
        c
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Imports a file and asserts it worked.
    pub fn import(&self, kind: &str, file: &Path) {
        self.takt().arg("import").arg(kind).arg(file).assert().success();
    }

    /// Runs a report and returns its CSV rows as maps from column to value.
    pub fn report(&self, args: &[&str]) -> Vec<Row> {
        let out = self.takt().arg("report").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "report failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        parse_csv(&out.stdout)
    }
}

/// A CSV row by column name.
pub type Row = std::collections::BTreeMap<String, String>;

pub fn parse_csv(bytes: &[u8]) -> Vec<Row> {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The database file's bytes after a checkpoint, so everything committed is in it.
pub fn db_bytes(db: &Path) -> Vec<u8> {
    let c = rusqlite::Connection::open(db).unwrap();
    c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    drop(c);
    std::fs::read(db).unwrap()
}
