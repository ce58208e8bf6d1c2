//! Takt's pure engine: everything that decides, with no clock, no socket and no
//! database.
//!
//! - [`config`]: `takt.toml` parsed with spans and validated into a typed [`config::Config`],
//!   reporting every problem at once.
//! - [`counter`] and [`tracker`]: raw machine readings into state intervals and count
//!   increments (SPEC section 3).
//! - [`calendar`]: plant-local shifts, breaks and calendar exceptions into UTC blocks.
//! - [`kpi`]: OEE, the six big losses, MTBF/MTTR (SPEC section 5).
//! - [`maintenance`]: lives between installs, tasks due by plan, the maintenance rows.
//! - [`reliability`]: Weibull life models and Crow-AMSAA growth, with their bounds.
//! - [`condition`]: robust trends of process values and when they cross a limit.
//! - [`energy`]: energy by what the machine was doing, per good part and run hour.
//! - [`process`]: process alarm episodes and process capability (Cp, Cpk).
//! - [`quality`]: what drives scrap: reject rates by bands of a process value.
//! - [`import`]: the history CSV formats (SPEC section 4), parsed and checked row by row.
//!
//! The shell crates (store, report, the binary) only move data in and out.

pub mod api;
pub mod calendar;
pub mod condition;
pub mod config;
pub mod counter;
pub mod energy;
pub mod i18n;
pub mod ids;
pub mod import;
pub mod kpi;
pub mod live;
pub mod maintenance;
pub mod model;
pub mod palette;
pub mod process;
pub mod quality;
pub mod register_map;
pub mod reliability;
pub mod report;
pub mod schedule;
pub mod table;
pub mod time;
pub mod tracker;
