//! What the command line and the window share, so that each rule lives in one place and
//! both front ends are thin adapters over it (arguments or payloads in, exit codes or
//! `ApiError` out):
//!
//! - [`service`]: the polling loop behind `takt run`, `takt demo` and the window;
//! - [`recorder`]: the lock that makes one process the recorder of a database;
//! - [`attach`]: the recorder's local channel, and windows attached to it as clients;
//! - [`reports`]: report queries (store reads fed to the core's KPI functions);
//! - [`entries`]: operator entries (reasons, splits, scrap) and their checks;
//! - [`maintenance`]: the maintenance log, tasks due, life and growth models;
//! - [`mqtt`]: live data published to the company's MQTT broker;
//! - [`central`]: the company roll-up of every plant's figures in PostgreSQL;
//! - [`secret`]: passwords of the servers Takt logs in to, from the environment or a file;
//! - [`demo`]: the demo plant; [`probe`]: reading machines once;
//! - [`settings`]: changes written into `takt.toml` (comments and order kept), checked as
//!   `takt check` checks before anything is written;
//! - [`config`]: loading `takt.toml`; [`paths`]: where files live; [`clock`]: now.
//!
//! It knows nothing of clap or Tauri, and builds and tests without webkit.

pub mod attach;
pub mod central;
pub mod clock;
pub mod config;
pub mod demo;
pub mod display;
pub mod entries;
pub mod maintenance;
pub mod mqtt;
pub mod operators;
pub mod paths;
pub mod probe;
pub mod recorder;
pub mod reports;
pub mod scheduled;
pub mod secret;
pub mod service;
pub mod settings;
pub mod views;

/// What the UI knows of the plant, from its config (`None`: none yet): the window's
/// `plant` command and the display's, one construction.
pub fn plant_info(
    config: Option<&takt_core::config::Config>,
    mode: takt_core::api::Mode,
    config_path: String,
    problems: Vec<String>,
    recorder: Option<String>,
) -> takt_core::api::PlantInfo {
    use takt_core::api::{MachineInfo, PlantInfo, ProductInfo, ReasonInfo};
    let c = config;
    PlantInfo {
        mode,
        name: c.map_or_else(|| "Takt".into(), |c| c.plant.name.clone()),
        timezone: c.map_or_else(|| "UTC".into(), |c| c.plant.timezone.name().to_string()),
        microstop_s: c.map_or(120.0, |c| c.plant.microstop_s),
        machines: c
            .map(|c| {
                c.machines
                    .iter()
                    .map(|m| MachineInfo {
                        id: m.id.to_string(),
                        name: m.name.clone(),
                        line: m.line.clone(),
                        connection: m.connection.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        reasons: c
            .map(|c| {
                c.reasons
                    .iter()
                    .map(|r| ReasonInfo {
                        code: r.code.to_string(),
                        name: r.name.clone(),
                        kind: r.kind,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        products: c
            .map(|c| {
                c.products
                    .iter()
                    .map(|p| ProductInfo {
                        id: p.id.to_string(),
                        name: p.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        config_path,
        problems,
        recorder,
        language: locale(c).tag(),
        operators: c
            .map(|c| c.operators.iter().map(|o| o.name.clone()).collect())
            .unwrap_or_default(),
    }
}

/// The plant's locale: `[plant] language`, else the computer's (`LANG`, or Windows' user
/// language) when Takt speaks it, else English. The window, the terminal table and the
/// PDF reports all take it from here.
pub fn locale(config: Option<&takt_core::config::Config>) -> takt_core::i18n::Locale {
    config
        .and_then(|c| c.plant.language)
        .unwrap_or_else(|| takt_core::i18n::Locale::or_english(sys_locale::get_locale().as_deref()))
}
