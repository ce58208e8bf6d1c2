//! `takt backup --out F [--force]`.

use std::path::Path;

use takt_store::StoreError;

pub(super) fn run(db: &Path, out: &Path, force: bool) -> anyhow::Result<()> {
    match takt_store::backup::backup(db, out, force, None) {
        Ok(()) => {}
        Err(StoreError::BackupExists(p)) => {
            return Err(super::Reported(format!(
                "takt: --out {}: the file exists and was left as it is; name a new file, or pass --force to replace it",
                p.display()
            ))
            .into());
        }
        Err(e @ StoreError::BackupOverDatabase(_)) => return Err(super::Usage(format!("--out {e}")).into()),
        Err(e) => return Err(e.into()),
    }
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    super::out::outln!(
        "backed up {} to {} ({:.1} MB)",
        db.display(),
        out.display(),
        size as f64 / 1e6
    )?;
    Ok(())
}
