//! The `takt` binary's library: the command line and the window, two thin adapters over
//! `takt-app` (arguments or payloads in, exit codes or `ApiError` out).

pub mod cli;
#[cfg(feature = "gui")]
pub mod gui;
