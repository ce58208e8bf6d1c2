//! Where Takt keeps its config and database by default (SPEC section 1).

use std::path::PathBuf;

/// `$XDG_DATA_HOME/takt` on Linux, `%APPDATA%\takt` on Windows, the platform's data
/// directory elsewhere; the current directory when none is known.
pub fn data_dir() -> PathBuf {
    directories::BaseDirs::new().map_or_else(|| PathBuf::from("."), |d| d.data_dir().join("takt"))
}

/// `--config`, else `TAKT_CONFIG` (both handled by clap), else `takt.toml` in the data directory.
pub fn config(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| data_dir().join("takt.toml"))
}

/// `--db`, else `TAKT_DB`, else `takt.db` in the data directory.
pub fn db(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| data_dir().join("takt.db"))
}
