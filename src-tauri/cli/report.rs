//! `takt report KIND --from T --to T [--machine ID]... [--by G] --format csv [--out F]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;
use takt_core::config::{Config, did_you_mean};
use takt_core::ids::MachineId;
use takt_core::report::By;
use takt_core::time::parse_user_time;
use takt_store::{Reader, StoreError};

use super::Usage;
use crate::reports::{self, Query};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Which report
    kind: Kind,
    /// Start: RFC 3339 (2026-11-24T06:00:00+03:00), plant-local "2026-11-24 06:00", or a date
    #[arg(long, value_name = "T")]
    from: String,
    /// End (exclusive), in the same forms
    #[arg(long, value_name = "T")]
    to: String,
    /// Only these machines (repeat for several) [default: every configured machine]
    #[arg(long = "machine", value_name = "ID")]
    machines: Vec<String>,
    /// Grouping [default: shift for oee, one row per stop for downtime, machine for scrap]
    #[arg(long, value_name = "GROUP")]
    by: Option<ByArg>,
    /// Output format
    #[arg(long, default_value = "csv")]
    format: Format,
    /// Write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    /// OEE with availability, performance, quality and the six big losses
    Oee,
    /// Stops with their reasons
    Downtime,
    /// Scrap and its cost
    Scrap,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ByArg {
    Shift,
    Day,
    Week,
    Machine,
    Product,
    /// downtime and scrap only
    Reason,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Csv,
}

pub(super) fn run(config: &Config, db: &Path, args: Args) -> anyhow::Result<()> {
    let tz = config.plant.timezone;
    let time = |flag: &str, s: &str| {
        parse_user_time(s, tz).ok_or_else(|| {
            Usage(format!(
                "--{flag} {s:?}: expected RFC 3339 (2026-11-24T06:00:00+03:00), plant-local \"2026-11-24 06:00\" or a date \"2026-11-24\""
            ))
        })
    };
    let from = time("from", &args.from)?;
    let to = time("to", &args.to)?;
    if to <= from {
        return Err(Usage(format!(
            "--to {} is not after --from {}: expected a later end",
            args.to, args.from
        ))
        .into());
    }
    let by = args.by.map(|b| match b {
        ByArg::Shift => By::Shift,
        ByArg::Day => By::Day,
        ByArg::Week => By::Week,
        ByArg::Machine => By::Machine,
        ByArg::Product => By::Product,
        ByArg::Reason => By::Reason,
    });
    let kind = match args.kind {
        Kind::Oee => reports::Kind::Oee,
        Kind::Downtime => reports::Kind::Downtime,
        Kind::Scrap => reports::Kind::Scrap,
    };
    kind.check_by(by).map_err(Usage)?;
    let machines = select_machines(config, &args.machines)?;
    let reader = open_reader(db)?;
    let q = Query {
        from,
        to,
        machines,
        by,
        now: takt_modbus::poller::now(),
    };

    let mut buf: Vec<u8> = Vec::new();
    let Format::Csv = args.format;
    let pb = super::progress_bar(q.machines.len() as u64, &format!("computing {}", kind.as_str()));
    reports::write_csv(config, &reader, kind, &q, &mut buf, &mut || pb.inc(1))?;
    pb.finish_and_clear();
    match args.out {
        Some(path) => std::fs::write(&path, &buf).with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    Ok(())
}

fn select_machines(config: &Config, given: &[String]) -> anyhow::Result<Vec<MachineId>> {
    if given.is_empty() {
        return Ok(config.machines.iter().map(|m| m.id.clone()).collect());
    }
    let mut out = Vec::new();
    for g in given {
        match config.machine(g) {
            Some(m) if !out.contains(&m.id) => out.push(m.id.clone()),
            Some(_) => {}
            None => {
                let hint = did_you_mean(g, config.machines.iter().map(|m| m.id.as_str()))
                    .map(|m| format!(" (did you mean \"{m}\"?)"))
                    .unwrap_or_default();
                return Err(super::Reported(format!(
                    "takt: --machine {g:?} is not a [[machine]] of the config{hint}"
                ))
                .into());
            }
        }
    }
    Ok(out)
}

/// Opens the database read-only, updating an old schema first.
pub(super) fn open_reader(db: &Path) -> anyhow::Result<Reader> {
    match Reader::open(db) {
        Err(StoreError::Outdated(_)) => {
            drop(takt_store::open_write(db)?);
            Ok(Reader::open(db)?)
        }
        r => Ok(r?),
    }
}
