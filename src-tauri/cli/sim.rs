//! `takt sim --config F`: the machines of a config as simulated Modbus TCP servers.

use std::time::Duration;

use takt_core::config::Config;

pub(super) fn run(config: &Config, duration: Option<Duration>, seed: u64, outages: Option<f64>) -> anyhow::Result<()> {
    super::runtime()?.block_on(async {
        let endpoints = takt_app::demo::serve_config(config, seed, outages)
            .await
            .map_err(|e| super::Reported(format!("takt: {e}")))?;
        for e in &endpoints {
            super::out::outln!("serving {} on {}", e.0.join(", "), e.1.addr)?;
        }
        match duration {
            Some(d) => tokio::time::sleep(d).await,
            None => takt_app::service::shutdown_signal().await,
        }
        Ok(())
    })
}
