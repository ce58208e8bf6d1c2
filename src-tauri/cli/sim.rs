//! `takt sim --config F`: the machines of a config as simulated Modbus TCP servers.

use std::collections::BTreeMap;
use std::time::Duration;

use takt_core::calendar::Calendar;
use takt_core::config::{Config, Connection};
use takt_modbus::poller::now;
use takt_modbus::sim::demo::profile_for;
use takt_modbus::sim::model::MachineModel;
use takt_modbus::sim::server::{Endpoint, ModelDevice, SharedDevice};

pub(super) fn run(config: &Config, duration: Option<Duration>, seed: u64) -> anyhow::Result<()> {
    super::runtime()?.block_on(async {
        let endpoints = serve(config, seed).await?;
        for e in &endpoints {
            println!("serving {} on {}", e.0.join(", "), e.1.addr);
        }
        match duration {
            Some(d) => tokio::time::sleep(d).await,
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
        Ok(())
    })
}

/// Starts a simulated server for every TCP endpoint of the config; machines sharing an
/// endpoint answer on their unit ids. Serial machines are left out (with a warning).
pub(crate) async fn serve(config: &Config, seed: u64) -> anyhow::Result<Vec<(Vec<String>, Endpoint)>> {
    let cal = Calendar::new(config);
    let origin = now();
    let mut by_address: BTreeMap<String, Vec<(u8, String, SharedDevice)>> = BTreeMap::new();
    for (n, m) in config.machines.iter().enumerate() {
        match &m.connection {
            Connection::Tcp { address, unit, .. } => {
                let model = MachineModel::new(profile_for(m, config), seed, n as u64, origin, cal.clone());
                let device: SharedDevice = std::sync::Arc::new(std::sync::Mutex::new(ModelDevice {
                    model,
                    signals: m.signals.clone(),
                }));
                by_address
                    .entry(address.clone())
                    .or_default()
                    .push((*unit, m.id.to_string(), device));
            }
            Connection::Rtu { port, .. } => {
                tracing::warn!(
                    "{} is on serial port {port}: the simulator serves Modbus TCP only; left out",
                    m.id
                );
            }
        }
    }
    let mut out = Vec::new();
    for (address, units) in by_address {
        let listener = tokio::net::TcpListener::bind(&address).await.map_err(|e| {
            anyhow::anyhow!(
                "cannot serve {address}: {e} (the simulator listens on the machines' own addresses; use 127.0.0.1 ones)"
            )
        })?;
        let ids = units.iter().map(|u| u.1.clone()).collect();
        let map = units.into_iter().map(|(u, _, d)| (u, d)).collect();
        out.push((ids, Endpoint::serve(listener, map)?));
    }
    Ok(out)
}
