//! Standard output, the one way commands print. A reader that went away (`takt check |
//! head`, `takt import ... | true`) ends the command quietly: what it did is done (an
//! import is committed before it says so), only the telling is cut short. Nothing prints
//! with `println!`, which panics on a closed pipe.

use std::io::Write;

/// Standard output was closed by its reader.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed")]
pub struct Closed;

/// Writes `text` (or bytes) to standard output.
pub fn write(text: impl AsRef<[u8]>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_ref()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Closed.into()),
        // Windows' ERROR_PIPE_NOT_CONNECTED: the reader closed its end before this wrote.
        Err(e) if cfg!(windows) && e.raw_os_error() == Some(233) => Err(Closed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("writing to standard output")),
    }
}

/// `println!` that returns what happened instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::out::write(format!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use outln;
