//! `takt report KIND --from T --to T [--machine ID]... [--by G] [--format csv|pdf] [--excel] [--paper a4|letter] [--out F]`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;
use takt_app::central;
use takt_app::reports::{self, Query, ReportError};
use takt_core::config::{Config, Paper};
use takt_core::report::By;
use takt_store::{Reader, StoreError};

use super::{Reported, Usage};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Which report
    kind: Kind,
    #[command(flatten)]
    select: Select,
    /// Output format (pdf needs --out)
    #[arg(long, default_value = "csv")]
    format: Format,
    /// CSV for Excel: starts with a UTF-8 byte-order mark, so Excel on Windows reads names
    /// with ç, ş, ö, ü right (without it the CSV has none, as SPEC section 4 wants)
    #[arg(long)]
    excel: bool,
    /// Paper for pdf [default: [report] paper of the config, else a4]
    #[arg(long)]
    paper: Option<PaperArg>,
    /// Write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// oee of every plant in the company's PostgreSQL (postgresql://user@host/db) instead
    /// of this database: shifts starting in the range, --by plant, line, machine or shift;
    /// the password from [central] when it names this URL, else PGPASSWORD
    #[arg(long, value_name = "URL")]
    central: Option<String>,
}

/// What a report or a chart is of: the period, the machines, the grouping.
#[derive(Debug, clap::Args)]
pub(super) struct Select {
    /// Start: RFC 3339 (2026-11-24T06:00:00+03:00), plant-local "2026-11-24 06:00", or a date
    #[arg(long, value_name = "T")]
    from: String,
    /// End (exclusive), in the same forms
    #[arg(long, value_name = "T")]
    to: String,
    /// Only these machines (repeat for several) [default: every configured machine]
    #[arg(long = "machine", value_name = "ID")]
    machines: Vec<String>,
    /// Grouping [default: shift for oee, one row per stop for downtime, machine for scrap
    /// and energy, component for maintenance]
    #[arg(long, value_name = "GROUP")]
    by: Option<ByArg>,
}

impl Select {
    /// The checked query for a report of `kind` (or a chart of it).
    pub(super) fn query(&self, config: &Config, kind: reports::Kind) -> anyhow::Result<Query> {
        let tz = config.plant.timezone;
        let time = |flag: &str, s: &str| super::time_flag(flag, s, tz);
        let range = (time("from", &self.from)?, time("to", &self.to)?);
        let by = self
            .by
            .map(|b| match b {
                ByArg::Shift => Ok(By::Shift),
                ByArg::Day => Ok(By::Day),
                ByArg::Week => Ok(By::Week),
                ByArg::Machine => Ok(By::Machine),
                ByArg::Product => Ok(By::Product),
                ByArg::Reason => Ok(By::Reason),
                ByArg::Plant | ByArg::Line => Err(Usage(format!(
                    "--by {}: a grouping of the company report: expected --central URL too",
                    if b == ByArg::Plant { "plant" } else { "line" }
                ))),
            })
            .transpose()?;
        Query::new(config, kind, range, &self.machines, by, takt_app::clock::now()).map_err(request_error)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    /// OEE with availability, performance, quality and the six big losses
    Oee,
    /// Stops with their reasons
    Downtime,
    /// Scrap and its cost
    Scrap,
    /// Weibull life models per component; with --by machine, Crow-AMSAA per machine
    Maintenance,
    /// Trends of process values with limits, and when each will cross a limit
    Condition,
    /// Energy while running, standing and away; kWh per good part and per run hour
    Energy,
    /// Process values outside their limits, episode by episode
    Alarms,
    /// Process capability (Cp, Cpk) of each process value over its per-minute means
    Process,
    /// What drives scrap: reject rates in five bands of each process value
    QualityDrivers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ByArg {
    Shift,
    Day,
    Week,
    Machine,
    Product,
    /// downtime and scrap only
    Reason,
    /// with --central only
    Plant,
    /// with --central only
    Line,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Pdf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

pub(super) fn run(config: &Config, db: &Path, args: Args) -> anyhow::Result<()> {
    let kind = match args.kind {
        Kind::Oee => reports::Kind::Oee,
        Kind::Downtime => reports::Kind::Downtime,
        Kind::Scrap => reports::Kind::Scrap,
        Kind::Maintenance => reports::Kind::Maintenance,
        Kind::Condition => reports::Kind::Condition,
        Kind::Energy => reports::Kind::Energy,
        Kind::Alarms => reports::Kind::Alarms,
        Kind::Process => reports::Kind::Process,
        Kind::QualityDrivers => reports::Kind::QualityDrivers,
    };
    if args.format == Format::Pdf && args.excel {
        return Err(Usage("--excel: a byte-order mark is for CSV: expected --format csv".into()).into());
    }
    if args.format == Format::Pdf && args.out.is_none() {
        return Err(Usage("--format pdf: a PDF goes to a file: expected --out FILE.pdf".into()).into());
    }
    if let Some(url) = &args.central {
        return central(config, url, &args);
    }
    let q = args.select.query(config, kind)?;
    let reader = open_reader(db)?;

    let pb = super::progress_bar(q.machines.len() as u64, &format!("computing {}", kind.as_str()));
    let buf = match args.format {
        Format::Csv => {
            let mut buf: Vec<u8> = Vec::new();
            if args.excel {
                buf.extend_from_slice("\u{feff}".as_bytes());
            }
            reports::write_csv(config, &reader, kind, &q, &mut buf, &mut || pb.inc(1))?;
            buf
        }
        Format::Pdf => {
            let paper = match args.paper {
                Some(PaperArg::A4) => Paper::A4,
                Some(PaperArg::Letter) => Paper::Letter,
                None => config.report.paper,
            };
            // The bar's first part is the machines computed, its second the pages written.
            let machines = q.machines.len() as u64;
            let mut pages = |done: usize, of: usize| {
                if done == 1 {
                    pb.set_message("writing the PDF");
                    pb.set_length(machines + of as u64);
                }
                pb.set_position(machines + done as u64);
            };
            reports::write_pdf(config, &reader, kind, &q, paper, &mut || pb.inc(1), &mut pages)?
        }
    };
    pb.finish_and_clear();
    match args.out {
        Some(path) => std::fs::write(&path, &buf).with_context(|| format!("writing {}", path.display()))?,
        None => super::out::write(&buf)?,
    }
    Ok(())
}

/// `takt report oee --central URL`: every plant's OEE from the company's database.
fn central(config: &Config, url: &str, args: &Args) -> anyhow::Result<()> {
    if !matches!(args.kind, Kind::Oee) {
        return Err(
            Usage("--central: the company database holds the OEE terms: expected takt report oee".into()).into(),
        );
    }
    if args.format != Format::Csv {
        return Err(Usage("--central: expected --format csv".into()).into());
    }
    if !args.select.machines.is_empty() {
        return Err(Usage("--central: --machine is of one plant: expected --by machine to see each".into()).into());
    }
    let group = match args.select.by {
        None | Some(ByArg::Shift) => central::Group::Shift,
        Some(ByArg::Plant) => central::Group::Plant,
        Some(ByArg::Line) => central::Group::Line,
        Some(ByArg::Machine) => central::Group::Machine,
        Some(b) => {
            return Err(Usage(format!(
                "--by {}: the company report is by plant, line, machine or shift",
                b.to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default()
            ))
            .into());
        }
    };
    let tz = config.plant.timezone;
    let from = super::time_flag("from", &args.select.from, tz)?;
    let to = super::time_flag("to", &args.select.to, tz)?;
    if to <= from {
        return Err(Usage("--to: expected an end after the start".into()).into());
    }
    // The password of [central] when it is for this database, else libpq's variable.
    let password = match &config.central {
        Some(c) if c.postgres == url => central::password(c).map_err(Reported)?,
        _ => std::env::var("PGPASSWORD").ok(),
    };
    let fail = |e: String| Reported(format!("takt: --central {url}: {e}"));
    let mut client = central::connect(url, password.as_deref()).map_err(fail)?;
    let cal = takt_core::calendar::Calendar::new(config);
    let rows = central::report(&mut client, &cal, (from, to), group).map_err(fail)?;
    let mut buf = Vec::new();
    if args.excel {
        buf.extend_from_slice("\u{feff}".as_bytes());
    }
    takt_report::csv(&takt_core::table::Report::Oee(rows), tz, &mut buf)?;
    match &args.out {
        Some(path) => std::fs::write(path, &buf).with_context(|| format!("writing {}", path.display()))?,
        None => super::out::write(&buf)?,
    }
    Ok(())
}

/// A report request the app refused: a wrong machine is a fixable failure (exit 1), the
/// rest usage errors (exit 2), each naming its option.
fn request_error(e: ReportError) -> anyhow::Error {
    match e {
        ReportError::Request {
            field: "machine",
            message,
        } => Reported(format!("takt: --machine: {message}")).into(),
        ReportError::Request { field, message } => Usage(format!("--{field}: {message}")).into(),
        e => e.into(),
    }
}

/// Opens the database read-only: a report never creates, migrates or writes one.
pub(super) fn open_reader(db: &Path) -> anyhow::Result<Reader> {
    Ok(Reader::open(db)?)
}

/// Opens the database read-only for a command that then writes (`takt stops`): an old
/// schema is brought up to date first, as the writer would.
pub(super) fn open_reader_updating(db: &Path) -> anyhow::Result<Reader> {
    match Reader::open(db) {
        Err(StoreError::Outdated(_)) => {
            drop(takt_store::open_write(db)?);
            Ok(Reader::open(db)?)
        }
        r => Ok(r?),
    }
}
