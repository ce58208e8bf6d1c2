//! `takt run [--for DURATION]`: service mode.

use std::path::Path;
use std::time::Duration;

use takt_core::config::Config;
use takt_core::live::Snapshot;

use super::table::{self, LogBuffer};
use crate::service::{self, Options};

/// Runs the service; with `log` (a terminal) the live table is drawn.
pub(super) fn run(
    config: &Config,
    text: &str,
    db: &Path,
    duration: Option<Duration>,
    log: Option<LogBuffer>,
) -> anyhow::Result<()> {
    super::runtime()?.block_on(serve(config, text, db, duration, log))
}

/// The service with the live table when there is a terminal to draw on.
pub(super) async fn serve(
    config: &Config,
    text: &str,
    db: &Path,
    duration: Option<Duration>,
    log: Option<LogBuffer>,
) -> anyhow::Result<()> {
    let (tx, rx) = tokio::sync::watch::channel(Snapshot {
        t: takt_modbus::poller::now(),
        machines: Vec::new(),
    });
    let drawing = log.map(|log| tokio::spawn(table::draw(config.plant.name.clone(), config.plant.timezone, rx, log)));
    let writer = takt_store::Writer::spawn(db)?;
    let summary = service::run(
        config,
        text,
        db,
        &Options { duration },
        tx,
        &writer,
        service::shutdown_signal(),
    )
    .await;
    writer.close()?;
    if let Some(d) = drawing {
        d.abort();
    }
    let summary = summary?;
    tracing::info!(
        readings = summary.readings,
        no_answer = summary.no_answer,
        "stopped; everything polled is committed"
    );
    Ok(())
}
