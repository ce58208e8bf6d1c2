//! Reading machines once, for `takt check` and the window's "Test" buttons: each signal's
//! decoded value, or the precise error.

use takt_core::config::{Config, Machine};
use takt_modbus::link::Link;
use takt_modbus::plan::ReadPlan;
use takt_modbus::poller::{describe_values, read_machine};

/// Reads one machine once over `link`: its signals as `name = value` lines, or the error.
async fn read(link: &mut Link, m: &Machine) -> Result<Vec<String>, String> {
    let plan = ReadPlan::new(&m.signals);
    match read_machine(link, m, &plan).await {
        Ok((values, bad)) => {
            let mut lines: Vec<String> = describe_values(&m.signals, &values)
                .into_iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
            lines.extend(bad.into_iter().map(|(k, e)| format!("{k}: bad reading: {e}")));
            Ok(lines)
        }
        Err(f) => Err(f.message(m)),
    }
}

/// Reads one machine once, on a connection of its own.
pub async fn machine(m: &Machine) -> Result<Vec<String>, String> {
    read(&mut Link::new(&m.connection), m).await
}

/// Reads every machine once, machines on one bus in turn and buses at once; each result is
/// the decoded signals (`name = value`) or the precise error.
pub async fn all(config: &Config) -> Vec<Result<Vec<String>, String>> {
    let mut buses: std::collections::BTreeMap<String, Vec<(usize, Machine)>> = std::collections::BTreeMap::new();
    for (i, m) in config.machines.iter().enumerate() {
        buses
            .entry(m.connection.bus().to_string())
            .or_default()
            .push((i, m.clone()));
    }
    let tasks: Vec<_> = buses
        .into_values()
        .map(|ms| {
            tokio::spawn(async move {
                let mut link = Link::new(&ms[0].1.connection);
                let mut out = Vec::new();
                for (i, m) in ms {
                    out.push((i, read(&mut link, &m).await));
                }
                out
            })
        })
        .collect();
    let mut results: Vec<Option<Result<Vec<String>, String>>> = vec![None; config.machines.len()];
    for t in tasks {
        if let Ok(out) = t.await {
            for (i, r) in out {
                results[i] = Some(r);
            }
        }
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not read".into())))
        .collect()
}
