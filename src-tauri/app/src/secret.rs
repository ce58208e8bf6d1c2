//! Passwords for the servers Takt logs in to (mail, MQTT broker, central database): read
//! when needed from an environment variable or a file, never from `takt.toml`.

use std::path::Path;

use takt_core::config::Password;

/// The password `source` names; `section` (`[mqtt]`) names it in the error.
pub fn read(section: &str, source: &Password) -> Result<String, String> {
    match source {
        Password::Env(var) => {
            std::env::var(var).map_err(|_| format!("{section} password_env: the environment variable {var} is not set"))
        }
        Password::File(file) => from_file(section, file),
    }
}

/// The first line of `file`.
fn from_file(section: &str, file: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{section} password_file {}: {e}", file.display()))?;
    Ok(text.lines().next().unwrap_or("").to_string())
}

/// The SMTP password: `[smtp]` keeps its two keys apart.
pub fn smtp(env: Option<&str>, file: Option<&Path>) -> Result<Option<String>, String> {
    let source = match (env, file) {
        (Some(var), _) => Password::Env(var.to_string()),
        (None, Some(file)) => Password::File(file.to_path_buf()),
        (None, None) => return Ok(None),
    };
    read("[smtp]", &source).map(Some)
}
