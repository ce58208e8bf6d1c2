//! `takt run [--for DURATION]`: service mode.

use std::path::Path;
use std::time::Duration;

use takt_core::config::Config;
use takt_core::live::Snapshot;

use takt_app::recorder::Recorder;
use takt_app::service::{self, Options};

use super::Reported;
use super::table::{self, LogBuffer};

/// Runs the service on the config (as read, its text, its file); with `log` (a
/// terminal) the live table is drawn.
pub(super) fn run(
    (config, text, config_path): (&Config, &str, &Path),
    db: &Path,
    duration: Option<Duration>,
    log: Option<LogBuffer>,
) -> anyhow::Result<()> {
    let recorder = lock(db, "takt run")?;
    super::runtime()?.block_on(serve((config, text, config_path), &recorder, duration, log))
}

/// Takes the recorder lock of `db`: refused, with who holds it, when another process
/// records that database.
pub(super) fn lock(db: &Path, what: &str) -> anyhow::Result<Recorder> {
    Recorder::acquire(db, what).map_err(|e| Reported(format!("takt: {e}")).into())
}

/// The service with the live table when there is a terminal to draw on, until Ctrl-C or
/// SIGTERM.
pub(super) async fn serve(
    config: (&Config, &str, &Path),
    recorder: &Recorder,
    duration: Option<Duration>,
    log: Option<LogBuffer>,
) -> anyhow::Result<()> {
    serve_with(config, recorder, duration, log, service::shutdown_signal()).await
}

/// The service until `stop` completes (a Windows service's stop control).
#[cfg_attr(not(windows), allow(dead_code))]
pub(super) async fn serve_until(
    config: (&Config, &str, &Path),
    recorder: &Recorder,
    stop: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    serve_with(config, recorder, None, None, stop).await
}

async fn serve_with(
    (config, text, config_path): (&Config, &str, &Path),
    recorder: &Recorder,
    duration: Option<Duration>,
    log: Option<LogBuffer>,
    stop: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    let (tx, rx) = tokio::sync::watch::channel(Snapshot {
        t: takt_app::clock::now(),
        machines: Vec::new(),
    });
    let drawing = log.map(|log| {
        tokio::spawn(table::draw(
            config.plant.name.clone(),
            config.plant.timezone,
            takt_app::locale(Some(config)),
            rx,
            log,
        ))
    });
    let writer = takt_store::Writer::spawn(recorder.db())?;
    let summary = service::run(
        config,
        text,
        recorder,
        &Options {
            duration,
            config_path: config_path.to_path_buf(),
            display_ui: crate::UI,
        },
        tx,
        &writer,
        stop,
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
