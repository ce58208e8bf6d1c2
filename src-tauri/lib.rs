//! The `takt` binary's library: the command line and the wiring of the engine crates.
