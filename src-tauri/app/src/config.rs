//! Loading `takt.toml`: the file read, parsed and validated exactly like `takt check`.

use std::path::{Path, PathBuf};

use takt_core::config::{Checked, ConfigErrors, Diagnostic};

/// A config that passed the checks, with its text (recorded with the data it applies to).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The config and its warnings.
    pub checked: Checked,
    /// The file's text.
    pub text: String,
}

/// Why there is no config to work with.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No file.
    #[error(
        "no config at {0}: write one (examples/takt.toml is a commented start), or pass --config or set TAKT_CONFIG"
    )]
    Missing(PathBuf),
    /// The file cannot be read.
    #[error("reading {path}: {source}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{}:{line}: not UTF-8 text: expected takt.toml saved as UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The line of the first byte that is not.
        line: usize,
    },
    /// The file has errors (every one, with its line).
    #[error("{0}")]
    Invalid(ConfigErrors),
}

impl ConfigError {
    /// The diagnostics, for a front end that shows each at its place.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ConfigError::Invalid(e) => &e.diagnostics,
            _ => &[],
        }
    }
}

/// Reads and validates the config at `path`.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let bytes = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ConfigError::Missing(path.to_path_buf())),
        Err(source) => {
            return Err(ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        ConfigError::NotUtf8 {
            path: path.to_path_buf(),
            line: valid.iter().filter(|b| **b == b'\n').count() + 1,
        }
    })?;
    parse(path, text)
}

/// Validates a config text as the file at `path`.
pub fn parse(path: &Path, text: String) -> Result<Loaded, ConfigError> {
    match takt_core::config::Config::parse(&text, &path.display().to_string()) {
        Ok(checked) => Ok(Loaded { checked, text }),
        Err(e) => Err(ConfigError::Invalid(e)),
    }
}
