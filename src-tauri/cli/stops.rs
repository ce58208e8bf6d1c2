//! `takt stops`: what the Stops page does, from the command line. Find the stops with
//! `takt report downtime` (an uncoded stop has an empty reason), then give one a reason
//! or split it, naming it by any time inside it; or record scrap.

use std::path::Path;

use takt_core::config::Config;
use takt_core::time::Ts;
use takt_store::Writer;

use takt_app::entries::{self, EntryError};

use super::Reported;

#[derive(Debug, clap::Subcommand)]
pub(super) enum Args {
    /// Give a stop its reason (a planned reason marks it planned); a later one corrects it
    Reason {
        /// The machine
        #[arg(long)]
        machine: String,
        /// Any time inside the stop: RFC 3339 or plant-local "2026-11-24 07:12"
        #[arg(long, value_name = "T")]
        at: String,
        /// A downtime or planned reason code of the config
        reason: String,
        /// A note kept with the entry
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Split a stop in two at a time inside it; each part then takes its own reason
    Split {
        /// The machine
        #[arg(long)]
        machine: String,
        /// Where to split: RFC 3339 or plant-local "2026-11-24 07:30:00"
        #[arg(long, value_name = "T")]
        at: String,
    },
    /// Record scrapped parts, as the Stops page's scrap entry does
    Scrap {
        /// The machine
        #[arg(long)]
        machine: String,
        /// How many parts
        #[arg(long)]
        quantity: u64,
        /// A scrap reason code of the config
        #[arg(long)]
        reason: Option<String>,
        /// A product id of the config
        #[arg(long)]
        product: Option<String>,
        /// When they were scrapped [default: now]: RFC 3339 or plant-local "2026-11-24 13:40"
        #[arg(long, value_name = "T")]
        at: Option<String>,
    },
}

pub(super) fn run(config: &Config, db: &Path, args: Args) -> anyhow::Result<()> {
    let tz = config.plant.timezone;
    let time = |at: &str| super::time_flag("at", at, tz);
    let refused = |e: EntryError| -> anyhow::Error {
        match e {
            EntryError::Store(e) => e.into(),
            e => Reported(format!("takt: {e}; nothing was written")).into(),
        }
    };
    let (machine, at) = match &args {
        Args::Reason { machine, at, .. } | Args::Split { machine, at } => (machine, at),
        Args::Scrap {
            machine,
            quantity,
            reason,
            product,
            at,
        } => {
            let t = at
                .as_deref()
                .map(time)
                .transpose()?
                .unwrap_or_else(takt_app::clock::now);
            let m = entries::machine(config, machine).map_err(refused)?;
            let entry = entries::scrap(config, t, *quantity, reason.as_deref(), product.as_deref()).map_err(refused)?;
            let writer = Writer::spawn(db)?;
            writer.scrap(&m.id, entry)?;
            writer.close()?;
            super::out::outln!(
                "recorded {quantity} scrapped part{} of {} at {}",
                if *quantity == 1 { "" } else { "s" },
                m.id,
                t.to_local(tz).format("%Y-%m-%d %H:%M:%S")
            )?;
            return Ok(());
        }
    };
    let t = time(at)?;
    let m = entries::machine(config, machine).map_err(refused)?;
    let reader = super::report::open_reader_updating(db)?;
    let stop = entries::stop_at(config, &reader, m, t).map_err(refused)?;
    // With the fraction of a second where there is one: a split at 07:21:20.5 says so.
    let local = |t: Ts| {
        let format = if t.0.rem_euclid(1000) == 0 {
            "%Y-%m-%d %H:%M:%S"
        } else {
            "%Y-%m-%d %H:%M:%S%.3f"
        };
        t.to_local(tz).format(format).to_string()
    };
    let stop_text = format!("{} {} to {}", m.id, local(stop.start), local(stop.end));
    // Everything is checked before the writer opens the database.
    match &args {
        Args::Reason { reason, note, .. } => {
            entries::stop_reason(config, reason).map_err(refused)?;
            let writer = Writer::spawn(db)?;
            writer.assign_reason(&m.id, stop.start, reason, note)?;
            writer.close()?;
            super::out::outln!("the stop {stop_text} now has the reason {reason}")?;
        }
        Args::Split { .. } => {
            entries::check_split(config, &stop, t).map_err(refused)?;
            let writer = Writer::spawn(db)?;
            writer.split_stop(&m.id, t)?;
            writer.close()?;
            super::out::outln!(
                "the stop {stop_text} is now two stops, split at {}; give each its reason with `takt stops reason`",
                local(t)
            )?;
        }
        Args::Scrap { .. } => {}
    }
    Ok(())
}
