//! `takt backup --out F`.

use std::path::Path;

pub(super) fn run(db: &Path, out: &Path) -> anyhow::Result<()> {
    if out == db {
        return Err(super::Usage(format!(
            "--out {} is the database itself: expected another file",
            out.display()
        ))
        .into());
    }
    takt_store::backup::backup(db, out, None)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "backed up {} to {} ({:.1} MB)",
        db.display(),
        out.display(),
        size as f64 / 1e6
    );
    Ok(())
}
