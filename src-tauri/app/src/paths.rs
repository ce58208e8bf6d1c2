//! Where Takt keeps its config and database by default (SPEC section 1).
//!
//! On Linux, a computer where the package installed the service has a plant's config in
//! `/etc/takt/takt.toml` and its database in `/var/lib/takt/takt.db`: a user with no
//! config of their own opens those (the window then attaches to the service, reports read
//! that database), so the menu's Takt shows the plant with no arguments.

use std::path::{Path, PathBuf};

/// The service's config, when the Linux package installed it.
pub const SYSTEM_CONFIG: &str = "/etc/takt/takt.toml";
/// The service's database, when the Linux package installed it.
pub const SYSTEM_DB: &str = "/var/lib/takt/takt.db";

/// `$XDG_DATA_HOME/takt` on Linux, `%APPDATA%\takt` on Windows, the platform's data
/// directory elsewhere; the current directory when none is known.
pub fn data_dir() -> PathBuf {
    directories::BaseDirs::new().map_or_else(|| PathBuf::from("."), |d| d.data_dir().join("takt"))
}

/// Whether the defaults are the system service's: on Linux, when this user has no
/// `takt.toml` in the data directory and the package's config exists.
fn system() -> bool {
    cfg!(target_os = "linux") && !data_dir().join("takt.toml").exists() && Path::new(SYSTEM_CONFIG).exists()
}

/// `--config`, else `TAKT_CONFIG` (both handled by clap), else `takt.toml` in the data
/// directory, else (none there) the service's.
pub fn config(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        if system() {
            PathBuf::from(SYSTEM_CONFIG)
        } else {
            data_dir().join("takt.toml")
        }
    })
}

/// `--db`, else `TAKT_DB`, else `takt.db` in the data directory, else (no config there)
/// the service's.
pub fn db(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        if system() {
            PathBuf::from(SYSTEM_DB)
        } else {
            data_dir().join("takt.db")
        }
    })
}
