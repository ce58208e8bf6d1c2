//! `takt demo`: the demo plant. Simulated machines served over Modbus TCP on 127.0.0.1,
//! a fresh database with `--history` of their past, then polled live like real ones.

use std::path::PathBuf;
use std::time::Duration;

use super::table::LogBuffer;
use super::{Reported, duration};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// How many simulated machines (the six kinds repeat beyond six)
    #[arg(long, default_value_t = 6)]
    machines: usize,
    /// No window: show the live table on the terminal (also without a display, or in a
    /// build without the window)
    #[arg(long)]
    headless: bool,
    /// Stop by itself after this long
    #[arg(long = "for", value_name = "DURATION", value_parser = duration)]
    duration: Option<Duration>,
    /// First port; machine i listens on P + i (0: any free ports)
    #[arg(long, default_value_t = 5020)]
    port: u16,
    /// How much past to write first, so reports have content at once
    #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "14d")]
    history: Duration,
    /// Seed of the simulated plant: the same seed gives the same plant
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub(super) fn run(
    config: Option<PathBuf>,
    db: Option<PathBuf>,
    args: Args,
    log: Option<LogBuffer>,
) -> anyhow::Result<()> {
    if args.machines == 0 || args.machines > 1000 {
        return Err(super::Usage(format!("--machines {}: expected 1 to 1000", args.machines)).into());
    }
    let dir = takt_app::demo::dir();
    // The demo writes its own config and a fresh database. Given paths (--config, --db,
    // TAKT_CONFIG, TAKT_DB) may be a real plant's: those it refuses to overwrite.
    for (flag, given) in [("--config", &config), ("--db", &db)] {
        if let Some(p) = given.as_ref().filter(|p| p.exists()) {
            return Err(Reported(format!(
                "takt: {flag} {}: the demo writes its own and will not touch an existing file; remove it or name a new one (TAKT_CONFIG and TAKT_DB count as {flag})",
                p.display()
            ))
            .into());
        }
    }
    let own_db = db.is_none();
    let config_path = config.unwrap_or_else(|| dir.join("takt.toml"));
    let db_path = db.unwrap_or_else(|| dir.join("takt.db"));
    for p in [&config_path, &db_path] {
        if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
    }
    // One recorder per database: a second demo must not delete the first one's data.
    let recorder = super::run::lock(&db_path, "takt demo")?;
    let options = takt_app::demo::Options {
        machines: args.machines,
        port: args.port,
        history: args.history,
        seed: args.seed,
    };
    #[cfg(feature = "gui")]
    if !args.headless && super::has_display() {
        let demo = crate::gui::Demo {
            options,
            config: config_path,
            recorder,
            fresh: own_db,
        };
        return crate::gui::run(
            crate::gui::Paths {
                config: takt_app::paths::config(None),
                db: takt_app::paths::db(None),
            },
            Some(demo),
            args.duration,
        );
    }
    super::runtime()?.block_on(async move {
        let plant = takt_app::demo::start(&options, &config_path, &recorder, own_db)
            .await
            .map_err(|e| Reported(format!("takt: {e}")))?;
        let result = super::run::serve(
            (&plant.config, &plant.text, &config_path),
            &recorder,
            args.duration,
            log,
        )
        .await;
        drop(plant);
        result
    })
}
