//! The `takt` binary's library: the command line, and the wiring of the engine crates
//! (store reads fed to the core's KPI functions) shared by every front end.

pub mod cli;
pub mod demo;
#[cfg(feature = "gui")]
pub mod gui;
pub mod paths;
pub mod probe;
pub mod reports;
pub mod service;
pub mod stops;
