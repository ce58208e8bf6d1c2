//! `takt chart NAME --from T --to T [--machine ID]... [--by G] [--format svg|png] --out F`:
//! one chart of the PDF reports alone, for a presentation.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::ValueEnum;
use takt_app::reports;
use takt_chart::ChartKind;
use takt_core::config::Config;

use super::report::{Select, open_reader};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Which chart
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(ChartKind::ALL.map(ChartKind::name)))]
    name: String,
    #[command(flatten)]
    select: Select,
    /// weibull and condition: the component or process value (of the --machine) to draw
    #[arg(long, value_name = "NAME")]
    item: Option<String>,
    /// SVG (vector, real text) or PNG (rasterised from the same SVG)
    #[arg(long, default_value = "svg")]
    format: Format,
    /// PNG pixels per SVG unit
    #[arg(long, default_value_t = 2.0, value_name = "X")]
    scale: f32,
    /// The file to write
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Svg,
    Png,
}

pub(super) fn run(config: &Config, db: &Path, args: Args) -> anyhow::Result<()> {
    // The parser accepts only the names of ChartKind::ALL.
    let chart = ChartKind::parse(&args.name).ok_or_else(|| super::Usage(format!("no chart {:?}", args.name)))?;
    if !(args.scale > 0.0 && args.scale <= 8.0) {
        return Err(super::Usage(format!("--scale {}: expected a number above 0, at most 8", args.scale)).into());
    }
    let q = args.select.query(config, chart.report())?;
    let reader = open_reader(db)?;
    let mut drawn = reports::chart(config, &reader, chart, &q, None, None)?;
    if let Some(item) = &args.item {
        drawn.retain(|d| d.item.as_ref().is_some_and(|(_, name)| name == item));
    }
    let what = match chart {
        ChartKind::Weibull => "component with a failure",
        _ => "process value with a limit",
    };
    let svg = match drawn.len() {
        1 => drawn.remove(0).svg,
        0 if chart.per_item() => {
            return Err(super::Reported(format!(
                "takt chart {}: no {what} in this selection{}",
                chart.name(),
                args.item.as_ref().map(|i| format!(" named {i:?}")).unwrap_or_default()
            ))
            .into());
        }
        _ => {
            let items: Vec<String> = drawn
                .iter()
                .filter_map(|d| d.item.as_ref().map(|(m, i)| format!("{m} {i}")))
                .collect();
            return Err(super::Usage(format!(
                "takt chart {}: {} charts in this selection ({}): pick one with --machine and --item",
                chart.name(),
                items.len(),
                items.join(", ")
            ))
            .into());
        }
    };
    let bytes = match args.format {
        Format::Svg => svg.into_bytes(),
        Format::Png => takt_report::png(&svg, args.scale)?,
    };
    std::fs::write(&args.out, bytes).with_context(|| format!("writing {}", args.out.display()))
}
