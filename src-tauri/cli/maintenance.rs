//! `takt maintenance log|list|due`: what the Maintenance page does, from the command line.

use std::path::Path;

use takt_app::maintenance::{self, LogError, LogForm};
use takt_core::config::Config;
use takt_core::table::Report;
use takt_core::time::{Ts, parse_duration_ms};
use takt_store::{StoreError, Writer};

use super::Reported;

#[derive(Debug, clap::Subcommand)]
pub(super) enum Args {
    /// Log a maintenance event, checked as `takt import maintenance` checks a row
    Log {
        /// The machine
        #[arg(long)]
        machine: String,
        /// The component, like main-bearing
        #[arg(long)]
        component: String,
        /// failure (failed, replaced or repaired), replacement (before failure), service or inspection
        #[arg(long)]
        kind: String,
        /// When the work was done [default: now]: RFC 3339 or plant-local "2026-11-24 13:40"
        #[arg(long, value_name = "T")]
        at: Option<String>,
        /// How long it took: 45m, 1h30m, or minutes
        #[arg(long, value_name = "DURATION")]
        duration: Option<String>,
        /// A note kept with the event
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The log as CSV, in the import format (machine,component,time,kind,duration_min,note)
    List {
        /// Only these machines (repeat for several)
        #[arg(long = "machine", value_name = "ID")]
        machines: Vec<String>,
        /// From (inclusive) [default: the beginning]
        #[arg(long, value_name = "T")]
        from: Option<String>,
        /// To (exclusive) [default: now]
        #[arg(long, value_name = "T")]
        to: Option<String>,
    },
    /// Tasks due by the plans of takt.toml, overdue first
    Due {
        /// Only these machines (repeat for several)
        #[arg(long = "machine", value_name = "ID")]
        machines: Vec<String>,
        /// Output format
        #[arg(long, default_value = "table")]
        format: DueFormat,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum DueFormat {
    /// Aligned columns for a terminal
    Table,
    /// CSV (SPEC section 4 rules)
    Csv,
}

/// Minutes from `45m`, `1h30m` or a bare number of minutes.
fn minutes(s: &str) -> Option<f64> {
    s.trim()
        .parse::<f64>()
        .ok()
        .or_else(|| parse_duration_ms(s).map(|ms| ms as f64 / 60_000.0))
}

pub(super) fn run(config: &Config, db: &Path, args: Args) -> anyhow::Result<()> {
    let tz = config.plant.timezone;
    let time = |flag: &str, s: &str| super::time_flag(flag, s, tz);
    let now = takt_app::clock::now();
    let machines = |given: &[String]| {
        takt_app::entries::machines(config, given).map_err(|e| Reported(format!("takt: --machine: {e}")))
    };
    match args {
        Args::Log {
            machine,
            component,
            kind,
            at,
            duration,
            note,
        } => {
            let at = at.as_deref().map(|s| time("at", s)).transpose()?.unwrap_or(now);
            let given = duration.as_deref().unwrap_or("0");
            let form = LogForm {
                machine: &machine,
                component: &component,
                kind: &kind,
                at,
                duration_min: (minutes(given), given),
                note: &note,
            };
            let reader = super::report::open_reader_updating(db)?;
            let (id, event) = maintenance::check_log(config, &reader, now, form).map_err(|e| match e {
                LogError::Store(e) => anyhow::Error::from(e),
                e => Reported(format!("takt: {e}; nothing was written")).into(),
            })?;
            drop(reader);
            let text = format!(
                "logged {} of {} on {} at {}",
                event.kind.with_article(),
                event.component,
                id,
                event.t.to_local(tz).format("%Y-%m-%d %H:%M")
            );
            let writer = Writer::spawn(db)?;
            writer.maintenance(&id, event)?;
            writer.close()?;
            super::out::outln!("{text}")?;
        }
        Args::List { machines: m, from, to } => {
            let from = from
                .as_deref()
                .map(|s| time("from", s))
                .transpose()?
                .unwrap_or(Ts(i64::MIN / 4));
            let to = to
                .as_deref()
                .map(|s| time("to", s))
                .transpose()?
                .unwrap_or(Ts(now.0 + 1));
            let reader = open_reader_or_empty(db)?;
            let rows = match &reader {
                Some(r) => maintenance::log(r, &machines(&m)?, (from, to))?,
                None => Vec::new(),
            };
            let mut buf = Vec::new();
            takt_report::csv(&Report::Log(rows), tz, &mut buf)?;
            super::out::write(&buf)?;
        }
        Args::Due { machines: m, format } => {
            if !maintenance::has_plans(config) {
                return Err(Reported(
                    "takt: no maintenance plans in the config: add [[machine.maintenance]] tables (task, component, and every_run_hours, every_cycles or every_days) to a machine".into(),
                )
                .into());
            }
            let ids = machines(&m)?;
            let rows = match open_reader_or_empty(db)? {
                Some(r) => maintenance::due(config, &r, &ids, now)?,
                None => Vec::new(),
            };
            let report = Report::Due(rows);
            let mut buf = Vec::new();
            match format {
                DueFormat::Csv => takt_report::csv(&report, tz, &mut buf)?,
                DueFormat::Table => buf = takt_report::text(&report, tz).into_bytes(),
            }
            super::out::write(&buf)?;
        }
    }
    Ok(())
}

/// The database read-only, or `None` when there is none yet (nothing logged, nothing due
/// counted).
fn open_reader_or_empty(db: &Path) -> anyhow::Result<Option<takt_store::Reader>> {
    match takt_store::Reader::open(db) {
        Ok(r) => Ok(Some(r)),
        Err(StoreError::Missing(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
