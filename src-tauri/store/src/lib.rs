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
pub mod import;
mod read;
mod schema;
mod write;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use read::{MachineTotals, Reader};
pub use writer::{RAW_PROCESS_DAYS, Writer, WriterHandle, write_history};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
    /// The schema could not be brought up to date.
    #[error("database {path}: cannot update its schema: {source}")]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The migration error.
        #[source]
        source: rusqlite_migration::Error,
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
        "database {0} was written by an older Takt: open it once for writing (`takt run`, `takt import` or `takt report`) to update it"
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

/// Results of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

pub(crate) trait Context<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
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
