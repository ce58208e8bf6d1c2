//! Takt's store: one SQLite file in WAL mode, its schema evolved by append-only
//! migrations.
//!
//! - [`Writer`]: the single writer, a thread owning the write connection and committing
//!   tracker events in short transactions.
//! - [`Reader`]: read-only connections for reports and the window; WAL lets them run
//!   while polling goes on.
//! - [`import`]: history CSV rows in one transaction, all or none.
//! - [`backup`]: a consistent copy with SQLite's online backup.
//!
//! No SQL lives outside this crate.

pub mod backup;
pub mod central;
pub mod import;
mod minute_hour;
mod read;
mod schema;
mod write;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use read::{MachineTotals, Reader};

/// The TLS of every connection Takt makes to a server of the company's (the central
/// database here, the MQTT broker in `takt-app`): rustls with ring, trusting the
/// computer's certificates (a company CA installed there; `SSL_CERT_FILE` names a file
/// instead). ring, as lettre's TLS: the alternative, aws-lc, builds C with cmake, also for
/// the Windows cross-build; rustls 0.23.48 marks ring's provider deprecated for lacking
/// post-quantum key exchange, which a server on the company's network does without.
#[allow(deprecated)]
pub fn tls_config() -> std::result::Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if added == 0 {
        return Err("TLS: no trusted certificates found on this computer".into());
    }
    rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
        .map_err(|e| format!("TLS: {e}"))
}
pub use writer::{RAW_PROCESS_DAYS, Writer, WriterHandle, write_history};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no. (The message is SQLite's, once: it is not also a `source`, which
    /// error chains would print a second and third time.)
    #[error("database {path}: {}", sqlite_message(error, path))]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        error: rusqlite::Error,
    },
    /// The schema could not be brought up to date.
    #[error("database {path}: cannot update its schema: {error}")]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The migration error.
        error: rusqlite_migration::Error,
    },
    /// The file is a SQLite database of something else.
    #[error(
        "{path} is not a Takt database ({why}): it was left as it is; pass the --db of a Takt database, or a new file"
    )]
    NotTakt {
        /// The file.
        path: PathBuf,
        /// What shows it.
        why: String,
    },
    /// The database was written by a newer Takt.
    #[error(
        "database {path} is schema version {found}, newer than this Takt knows ({known}): use a newer Takt or another --db"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its version.
        found: usize,
        /// Ours.
        known: usize,
    },
    /// The database needs its schema updated before it can be read.
    #[error(
        "database {0} was written by an older Takt: the next `takt run`, `takt import` or `takt stops` brings it up to date (a report reads it as it is and changes nothing)"
    )]
    Outdated(PathBuf),
    /// There is no database file where one was expected.
    #[error("no database at {0}: run `takt run`, `takt demo` or `takt import` first, or pass --db")]
    Missing(PathBuf),
    /// A backup would replace a file that exists.
    #[error("{0} exists: expected a new file, or say that it is to be replaced")]
    BackupExists(PathBuf),
    /// A backup would overwrite the database it copies.
    #[error("{0} is the database itself: expected another file")]
    BackupOverDatabase(PathBuf),
    /// The writer thread is gone.
    #[error("the store writer has stopped: {0}")]
    WriterGone(String),
}

/// SQLite's message without the file name it sometimes ends with (ours comes first).
fn sqlite_message(e: &rusqlite::Error, path: &Path) -> String {
    let s = e.to_string();
    s.strip_suffix(&format!(": {}", path.display()))
        .map_or(s.clone(), str::to_string)
}

/// Takt's mark in a database's header (`PRAGMA application_id`): "TAKT".
pub const APPLICATION_ID: i32 = 0x5441_4b54;

/// Refuses a SQLite file that is not Takt's: one with another application id, or with
/// tables and neither the mark nor Takt's schema. When `write`, marks a new database (or
/// one an older Takt made, before the mark) as Takt's.
fn check_application(conn: &Connection, path: &Path, write: bool) -> Result<()> {
    let id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).at(path)?;
    if id == APPLICATION_ID {
        return Ok(());
    }
    if id != 0 {
        return Err(StoreError::NotTakt {
            path: path.to_path_buf(),
            why: format!("its application id is {id:#010x}"),
        });
    }
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            [],
            |r| r.get(0),
        )
        .at(path)?;
    let ours: bool = conn
        .query_row(
            "SELECT count(*) = 2 FROM sqlite_master WHERE type = 'table' AND name IN ('state_interval', 'count_bucket')",
            [],
            |r| r.get(0),
        )
        .at(path)?;
    if tables > 0 && !(ours && schema::version(conn, path)? > 0) {
        return Err(StoreError::NotTakt {
            path: path.to_path_buf(),
            why: format!("it has {tables} tables of its own"),
        });
    }
    if write {
        conn.pragma_update(None, "application_id", APPLICATION_ID).at(path)?;
    }
    Ok(())
}

/// A scheduled report's period as delivered (`report_delivery`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The schedule, by what it delivers (see `takt_app::scheduled`).
    pub schedule: String,
    /// The period's start.
    pub from: takt_core::time::Ts,
    /// The period's end.
    pub to: takt_core::time::Ts,
    /// The period's label (`2026-11-24 Early`).
    pub label: String,
    /// When its PDFs were written.
    pub written: takt_core::time::Ts,
    /// When its mail went out (`None`: not yet, or it has no mail).
    pub mailed: Option<takt_core::time::Ts>,
}

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

pub(crate) trait Context<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|error| StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        })
    }
}

/// Opens (creating if needed) the database for writing, brings its schema up to date
/// and sets the pragmas: WAL, `synchronous = FULL` (a commit survives a power cut),
/// foreign keys, a busy timeout for other processes.
pub fn open_write(path: &Path) -> Result<Connection> {
    open_write_waiting(path, Duration::from_secs(10))
}

/// [`open_write`], waiting at most `busy` for another process's lock.
pub fn open_write_waiting(path: &Path, busy: Duration) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The directory is created on first use; failing here shows up as SQLite's error.
        let _ = std::fs::create_dir_all(dir);
    }
    let mut conn = Connection::open(path).at(path)?;
    conn.busy_timeout(busy).at(path)?;
    // Before anything is written: someone else's database stays as it is.
    check_application(&conn, path, true)?;
    conn.pragma_update(None, "journal_mode", "WAL").at(path)?;
    conn.pragma_update(None, "synchronous", "FULL").at(path)?;
    conn.pragma_update(None, "foreign_keys", true).at(path)?;
    schema::migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens an existing database read-only.
pub fn open_read(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(StoreError::Missing(path.to_path_buf()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .at(path)?;
    conn.busy_timeout(Duration::from_secs(10)).at(path)?;
    check_application(&conn, path, false)?;
    schema::check_version(&conn, path)?;
    if schema::version(&conn, path)? < schema::latest() {
        return Err(StoreError::Outdated(path.to_path_buf()));
    }
    Ok(conn)
}

/// Milliseconds since the epoch, now. The store stamps operator entries and imports
/// with it; nothing that decides uses it.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
