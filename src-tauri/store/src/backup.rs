//! A consistent copy of the live database with SQLite's online backup, safe while the
//! writer is committing.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::{Backup, Progress, StepResult};

use crate::{Context, Result, StoreError};

/// Copies the database at `db` to `out`. An existing `out` is replaced only when
/// `replace` says so, and never when it is the database itself.
pub fn backup(db: &Path, out: &Path, replace: bool, progress: Option<fn(Progress)>) -> Result<()> {
    let same = |a: &Path, b: &Path| a == b || a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
    if same(db, out) {
        return Err(StoreError::BackupOverDatabase(out.to_path_buf()));
    }
    if out.exists() && !replace {
        return Err(StoreError::BackupExists(out.to_path_buf()));
    }
    let src = crate::open_read(db)?;
    if out.exists() {
        // The backup API overwrites pages but an old WAL beside `out` would be replayed.
        std::fs::remove_file(out).ok();
        for ext in ["-wal", "-shm"] {
            let mut side = out.as_os_str().to_owned();
            side.push(ext);
            std::fs::remove_file(side).ok();
        }
    }
    let mut dst = Connection::open(out).at(out)?;
    {
        let b = Backup::new(&src, &mut dst).at(out)?;
        // Every page in one step, in one read transaction of the source: the writer's
        // commits (about one a second) go on beside it in WAL mode, and none of them makes
        // the copy start over, as each did to a copy made a few pages a step (a database of
        // a few hundred MB never finished). A busy or locked step is tried again.
        loop {
            let r = b.step(-1).at(out)?;
            if let Some(p) = progress {
                p(b.progress());
            }
            match r {
                StepResult::Done => break,
                // Busy or locked (the writer committing): again after a pause.
                _ => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    }
    // A backup is a single self-contained file.
    dst.pragma_update(None, "journal_mode", "DELETE").at(out)?;
    Ok(())
}
