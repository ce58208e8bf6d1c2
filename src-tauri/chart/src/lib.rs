//! Takt's charts, each drawn once with `plotters` as SVG: the PDF reports place that SVG
//! as vector graphics, `takt chart` writes it (or a PNG rasterised from it), and the
//! window shows it. A chart computes nothing: it draws figures of the report model
//! ([`takt_core::report`], [`takt_core::kpi`]), each with its own function there.
//!
//! Colours are [`takt_core::palette`]'s (Okabe-Ito, colour-blind-safe, the window's);
//! every axis is labelled with its unit; times are plant-local.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use takt_core::i18n::Locale;
use takt_core::palette;

mod data;
pub use data::*;

/// A chart, by its name in `takt chart NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// OEE with availability, performance and quality per shift, day or week.
    OeeTrend,
    /// The six big losses, from planned production time to fully productive time.
    Losses,
    /// Unplanned stop time by reason, with the cumulative share.
    DowntimePareto,
    /// Rejected parts by scrap reason, with the cumulative share.
    ScrapReasons,
    /// Rejected parts by product, with the cumulative share.
    ScrapProducts,
    /// kWh per good part per shift, day or week.
    EnergyTrend,
    /// A component's Weibull probability plot: its failures, the fitted line and its
    /// 90 % bounds.
    Weibull,
    /// A process value's hourly means with its limits, its trend line and where that
    /// crosses a limit.
    Condition,
}

impl ChartKind {
    /// Every chart, in the order `takt chart --help` lists them.
    pub const ALL: [ChartKind; 8] = [
        ChartKind::OeeTrend,
        ChartKind::Losses,
        ChartKind::DowntimePareto,
        ChartKind::ScrapReasons,
        ChartKind::ScrapProducts,
        ChartKind::EnergyTrend,
        ChartKind::Weibull,
        ChartKind::Condition,
    ];

    /// Its name (`oee-trend`).
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::OeeTrend => "oee-trend",
            ChartKind::Losses => "losses",
            ChartKind::DowntimePareto => "downtime-pareto",
            ChartKind::ScrapReasons => "scrap-reasons",
            ChartKind::ScrapProducts => "scrap-products",
            ChartKind::EnergyTrend => "energy-trend",
            ChartKind::Weibull => "weibull",
            ChartKind::Condition => "condition",
        }
    }

    /// From its name.
    pub fn parse(s: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|c| c.name() == s)
    }

    /// The report whose figures it draws (its options are that report's).
    pub fn report(self) -> takt_core::table::ReportKind {
        use takt_core::table::ReportKind as K;
        match self {
            ChartKind::OeeTrend | ChartKind::Losses => K::Oee,
            ChartKind::DowntimePareto => K::Downtime,
            ChartKind::ScrapReasons | ChartKind::ScrapProducts => K::Scrap,
            ChartKind::EnergyTrend => K::Energy,
            ChartKind::Weibull => K::Maintenance,
            ChartKind::Condition => K::Condition,
        }
    }

    /// Whether it draws one chart per component or process value (else one per query).
    pub fn per_item(self) -> bool {
        matches!(self, ChartKind::Weibull | ChartKind::Condition)
    }

    /// The charts a PDF report of `kind` shows after its key figures.
    pub fn of_report(kind: takt_core::table::ReportKind) -> &'static [ChartKind] {
        use takt_core::table::ReportKind as K;
        match kind {
            K::Oee => &[ChartKind::OeeTrend, ChartKind::Losses, ChartKind::DowntimePareto],
            K::Downtime => &[ChartKind::DowntimePareto],
            K::Scrap => &[ChartKind::ScrapReasons, ChartKind::ScrapProducts],
            K::Energy => &[ChartKind::EnergyTrend],
            K::Maintenance => &[ChartKind::Weibull],
            K::Condition => &[ChartKind::Condition],
            _ => &[],
        }
    }
}

/// A chart's size in SVG user units (points in the PDF, pixels at 1x in a PNG).
pub const SIZE: (u32, u32) = (760, 340);

/// The font family charts ask for: the PDF and PNG renderers map it to the DejaVu Sans
/// Condensed that Takt ships, the window to its own sans-serif.
pub const FAMILY: &str = "sans-serif";

/// Why a chart could not be drawn (plotters' error in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "drawing the chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

fn err(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// A palette colour (`#RRGGBB`) as plotters'.
pub fn colour(hex: &str) -> RGBColor {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// The colours of lines and bars, in order.
const LINES: [&str; 4] = [palette::ACCENT, palette::RUNNING, palette::DOWN, palette::PLANNED];

const GRID: RGBColor = RGBColor(225, 225, 225);
const INK: RGBColor = RGBColor(40, 40, 40);

/// Draws on an SVG of [`SIZE`] and returns it.
fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), ChartError>) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

fn style(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&INK)
}

/// A chart with nothing to draw says so in its frame rather than drawing empty axes.
fn empty(root: &DrawingArea<SVGBackend<'_>, Shift>, title: &str, l: Locale) -> Result<(), ChartError> {
    root.titled(title, style(15)).map_err(err)?;
    root.draw(&Text::new(
        l.t("chart-no-data"),
        (SIZE.0 as i32 / 2, SIZE.1 as i32 / 2),
        style(12).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(err)?;
    Ok(())
}

/// Line chart of one or more series over labelled periods (plant-local period labels on
/// the x axis): the OEE trend with A/P/Q, kWh per good part.
pub fn trend(t: &Trend) -> Result<String, ChartError> {
    svg(|root| {
        let n = t.labels.len();
        let values = || t.series.iter().flat_map(|s| s.values.iter().flatten().copied());
        if n == 0 || values().next().is_none() {
            return empty(root, &t.title, t.locale);
        }
        let hi = t
            .y_max
            .unwrap_or_else(|| values().fold(0.0f64, f64::max) * 1.1)
            .max(1e-9);
        let mut chart = ChartBuilder::on(root)
            .caption(&t.title, style(15))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5).max(0.5), 0f64..hi)
            .map_err(err)?;
        let labels = &t.labels;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_desc(&t.x_desc)
            .y_desc(&t.y_desc)
            .y_labels(6)
            .y_label_formatter(&|v| axis_number(*v, hi, t.locale))
            .x_labels(n.min(8))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .label_style(style(10))
            .axis_desc_style(style(11))
            .draw()
            .map_err(err)?;
        for (k, s) in t.series.iter().enumerate() {
            let c = colour(s.colour.unwrap_or(LINES[k % LINES.len()]));
            let width = if k == 0 { 3 } else { 2 };
            // A gap where a period has no value: one line per run of values.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => runs.last_mut().map_or((), |r| r.push((i as f64, *v))),
                    None => runs.push(Vec::new()),
                }
            }
            let mut first = true;
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                let single = run.len() == 1;
                let a = chart
                    .draw_series(LineSeries::new(run.clone(), c.stroke_width(width)))
                    .map_err(err)?;
                if first {
                    a.label(&s.name)
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(width)));
                    first = false;
                }
                if single {
                    chart
                        .draw_series(run.into_iter().map(|p| Circle::new(p, 2, c.filled())))
                        .map_err(err)?;
                }
            }
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    })
}

/// Bars of the largest first with the cumulative share as a line on the right axis: the
/// downtime and scrap Paretos.
pub fn pareto(p: &Pareto) -> Result<String, ChartError> {
    svg(|root| {
        let bars = &p.bars;
        let total: f64 = bars.iter().map(|b| b.1).sum();
        if bars.is_empty() || total <= 0.0 {
            return empty(root, &p.title, p.locale);
        }
        let n = bars.len();
        let hi = bars.iter().map(|b| b.1).fold(0.0f64, f64::max) * 1.1;
        let mut chart = ChartBuilder::on(root)
            .caption(&p.title, style(15))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .right_y_label_area_size(48)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..hi)
            .map_err(err)?
            .set_secondary_coord((0..n - 1).into_segmented(), 0f64..105.0);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .y_desc(&p.y_desc)
            .y_labels(6)
            .y_label_formatter(&|v| axis_number(*v, hi, p.locale))
            .x_desc(&p.x_desc)
            .x_labels(n)
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => bars.get(*i).map(|b| short_label(&b.0, n)).unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_style(style(10))
            .y_label_style(style(10))
            .axis_desc_style(style(11))
            .draw()
            .map_err(err)?;
        chart
            .configure_secondary_axes()
            .y_desc(p.locale.t("chart-cumulative"))
            .y_labels(6)
            .y_label_formatter(&|v| p.locale.number(*v, 0))
            .label_style(style(10))
            .axis_desc_style(style(11))
            .draw()
            .map_err(err)?;
        let bar = colour(p.colour.unwrap_or(palette::DOWN));
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .filter(|(_, b)| b.1 > 0.0)
                    .map(|(i, b)| bar_of(i, 0.0, b.1, bar)),
            )
            .map_err(err)?;
        let mut cum = 0.0;
        let line: Vec<(SegmentValue<usize>, f64)> = bars
            .iter()
            .enumerate()
            .map(|(i, b)| {
                cum += b.1;
                (SegmentValue::CenterOf(i), 100.0 * cum / total)
            })
            .collect();
        let ink = colour(palette::ACCENT);
        chart
            .draw_secondary_series(LineSeries::new(line.clone(), ink.stroke_width(2)))
            .map_err(err)?;
        chart
            .draw_secondary_series(line.into_iter().map(|p| Circle::new(p, 3, ink.filled())))
            .map_err(err)?;
        Ok(())
    })
}

/// Floating bars from planned production time down through each of the six big losses
/// to fully productive time.
pub fn waterfall(w: &Waterfall) -> Result<String, ChartError> {
    svg(|root| {
        let steps = &w.steps;
        if steps.is_empty() || w.start <= 0.0 {
            return empty(root, &w.title, w.locale);
        }
        let n = steps.len() + 2;
        let top = w.start * 1.08;
        let mut chart = ChartBuilder::on(root)
            .caption(&w.title, style(15))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..top)
            .map_err(err)?;
        let names: Vec<String> = std::iter::once(w.start_label.clone())
            .chain(steps.iter().map(|s| s.0.clone()))
            .chain([w.end_label.clone()])
            .collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .y_desc(&w.y_desc)
            .y_labels(6)
            .y_label_formatter(&|v| axis_number(*v, top, w.locale))
            .x_labels(n)
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => names.get(*i).map(|s| short_label(s, n)).unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_style(style(10))
            .y_label_style(style(10))
            .axis_desc_style(style(11))
            .draw()
            .map_err(err)?;
        let mut level = w.start;
        let mut bars = vec![(0usize, 0.0, w.start, palette::ACCENT)];
        for (i, s) in steps.iter().enumerate() {
            let lower = (level - s.1).max(0.0);
            bars.push((i + 1, lower, level, palette::DOWN));
            level = lower;
        }
        bars.push((n - 1, 0.0, level, palette::RUNNING));
        chart
            .draw_series(
                bars.into_iter()
                    .filter(|(_, lo, hi, _)| hi > lo)
                    .map(|(i, lo, hi, c)| bar_of(i, lo, hi, colour(c))),
            )
            .map_err(err)?;
        Ok(())
    })
}

/// A Weibull probability plot: life on a log axis, unreliability on the Weibull scale
/// (`ln(-ln(1 - F))`), so that a Weibull distribution is a straight line.
pub fn weibull(w: &WeibullPlot) -> Result<String, ChartError> {
    let l = w.locale;
    svg(|root| {
        if w.points.is_empty() {
            return empty(root, &w.title, w.locale);
        }
        let scale = |f: f64| (-(1.0 - f).ln()).ln();
        let lives = w
            .points
            .iter()
            .map(|p| p.0)
            .chain(w.bounds.iter().flat_map(|b| [b.1, b.2]))
            .chain(w.fit.iter().map(|f| f.1))
            .filter(|v| v.is_finite() && *v > 0.0);
        let (lo, hi) = lives.fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let (x0, x1) = (lo / 2.0, hi * 2.0);
        let ys = w.points.iter().map(|p| scale(p.1)).chain([scale(0.01), scale(0.99)]);
        let (y0, y1) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        let mut chart = ChartBuilder::on(root)
            .caption(&w.title, style(15))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(56)
            .build_cartesian_2d((x0..x1).log_scale(), y0 - 0.2..y1 + 0.2)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_desc(&w.x_desc)
            .y_desc(l.t("chart-unreliability"))
            .y_labels(8)
            .y_label_formatter(&|y| {
                let f = 100.0 * (1.0 - (-y.exp()).exp());
                l.number(f, if f < 10.0 { 1 } else { 0 })
            })
            .x_label_formatter(&|x| axis_number(*x, *x, l))
            .label_style(style(10))
            .axis_desc_style(style(11))
            .draw()
            .map_err(err)?;
        let ink = colour(palette::ACCENT);
        if let Some((beta, eta)) = w.fit {
            // F = 1 - exp(-(t / eta)^beta): a straight line in these coordinates.
            let line = [x0, x1].map(|t| (t, beta * (t / eta).ln()));
            chart
                .draw_series(LineSeries::new(line, ink.stroke_width(2)))
                .map_err(err)?
                .label(l.t_with(
                    "chart-fit",
                    &[("beta", l.number(beta, 2).into()), ("eta", l.number(eta, 0).into())],
                ))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], ink.stroke_width(2)));
        }
        let bound = colour(palette::NO_DATA);
        for (k, side) in [1usize, 2].into_iter().enumerate() {
            let line: Vec<(f64, f64)> = w
                .bounds
                .iter()
                .filter(|b| b.1.is_finite() && b.2.is_finite() && b.1 > 0.0)
                .map(|b| (if side == 1 { b.1 } else { b.2 }, scale(b.0)))
                .collect();
            let s = chart
                .draw_series(DashedLineSeries::new(line, 5, 4, bound.stroke_width(1)))
                .map_err(err)?;
            if k == 0 && !w.bounds.is_empty() {
                s.label(l.t_with(
                    "chart-bounds",
                    &[("confidence", l.percent(takt_core::maintenance::CONFIDENCE, 0).into())],
                ))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], bound.stroke_width(1)));
            }
        }
        let dot = colour(palette::DOWN);
        chart
            .draw_series(w.points.iter().map(|p| Circle::new((p.0, scale(p.1)), 4, dot.filled())))
            .map_err(err)?
            .label(l.t("chart-failures"))
            .legend(move |(x, y)| Circle::new((x + 9, y), 4, dot.filled()));
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        Ok(())
    })
}

/// A value over time (plant-local on the x axis) with its limits, a fitted line and the
/// time it crosses a limit: the condition trend.
pub fn time_chart(c: &TimeChart) -> Result<String, ChartError> {
    let l = c.locale;
    svg(|root| {
        if c.points.is_empty() {
            return empty(root, &c.title, c.locale);
        }
        let t0 = c.points[0].0.0;
        let hours = |t: takt_core::time::Ts| (t.0 - t0) as f64 / 3_600_000.0;
        let x_end = c
            .points
            .iter()
            .map(|p| p.0)
            .chain(c.fit.iter().map(|f| f[1].0))
            .chain(c.crossing.iter().map(|x| x.0))
            .map(hours)
            .fold(1.0f64, f64::max);
        let values = c
            .points
            .iter()
            .map(|p| p.1)
            .chain(c.limits.iter().map(|l| l.1))
            .chain(c.fit.iter().flat_map(|f| [f[0].1, f[1].1]))
            .filter(|v| v.is_finite());
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        let pad = ((hi - lo) * 0.08).max(0.5);
        let tz = c.tz;
        let mut chart = ChartBuilder::on(root)
            .caption(&c.title, style(15))
            .margin(12)
            .x_label_area_size(42)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..x_end * 1.02, lo - pad..hi + pad)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_desc(l.t("chart-plant-time"))
            .y_desc(&c.y_desc)
            .x_labels(7)
            .y_labels(6)
            .x_label_formatter(&|h| {
                let t = takt_core::time::Ts(t0 + (h * 3_600_000.0) as i64);
                l.day_time_short(t.to_local(tz).naive_local())
            })
            .y_label_formatter(&|v| axis_number(*v, hi - lo, l))
            .label_style(style(10))
            .axis_desc_style(style(11))
            .draw()
            .map_err(err)?;
        let ink = colour(palette::ACCENT);
        chart
            .draw_series(LineSeries::new(
                c.points.iter().map(|p| (hours(p.0), p.1)),
                ink.stroke_width(1),
            ))
            .map_err(err)?
            .label(l.t("chart-hourly-mean"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], ink.stroke_width(1)));
        let limit = colour(palette::DOWN);
        for (name, v) in &c.limits {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, *v), (x_end * 1.02, *v)],
                    6,
                    4,
                    limit.stroke_width(1),
                ))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{name} {}", axis_number(*v, hi - lo, l)),
                    (0.5, *v),
                    style(10).color(&limit).pos(Pos::new(HPos::Left, VPos::Bottom)),
                )))
                .map_err(err)?;
        }
        if let Some(f) = c.fit {
            let trend = colour(palette::ORANGE);
            chart
                .draw_series(LineSeries::new(f.map(|(t, v)| (hours(t), v)), trend.stroke_width(2)))
                .map_err(err)?
                .label(l.t("chart-trend"))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], trend.stroke_width(2)));
        }
        if let Some((at, text)) = &c.crossing {
            let x = hours(*at);
            chart
                .draw_series(DashedLineSeries::new(
                    [(x, lo - pad), (x, hi + pad)],
                    3,
                    3,
                    INK.stroke_width(1),
                ))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    text.clone(),
                    (x, hi + pad),
                    style(10).pos(Pos::new(HPos::Right, VPos::Top)),
                )))
                .map_err(err)?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperMiddle)?;
        Ok(())
    })
}

/// A chart's legend, in its corner `at`, as every chart draws it.
fn legend<'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    at: SeriesLabelPosition,
) -> Result<(), ChartError> {
    chart
        .configure_series_labels()
        .position(at)
        .label_font(style(10))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .draw()
        .map_err(err)
}

/// The bar of segment `i` from `lo` to `hi`.
fn bar_of(i: usize, lo: f64, hi: f64, c: RGBColor) -> Rectangle<(SegmentValue<usize>, f64)> {
    let mut r = Rectangle::new(
        [(SegmentValue::Exact(i), lo), (SegmentValue::Exact(i + 1), hi)],
        c.filled(),
    );
    r.set_margin(0, 0, 6, 6);
    r
}

/// A label cut to fit under one of `n` bars.
fn short_label(s: &str, n: usize) -> String {
    let max = ((SIZE.0 as usize - 130) / n.max(1) / 5).max(4);
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// An axis label: as many decimals as the axis's top needs, the plant's way.
fn axis_number(v: f64, top: f64, l: Locale) -> String {
    let decimals = if top >= 20.0 {
        0
    } else if top >= 2.0 {
        1
    } else {
        2
    };
    l.number(v, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of an SVG's `<text>` elements.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>').and_then(|(_, rest)| rest.split_once("</text>")))
            .map(|(text, _)| text.trim().to_string())
            .collect()
    }

    fn pareto_in(tag: &str) -> Vec<String> {
        let l = Locale::parse(tag).unwrap_or_default();
        let groups: Vec<takt_core::report::DowntimeGroup> = Vec::new();
        let mut p = downtime_pareto(&groups, l);
        p.bars = vec![("jam".into(), 1.5), ("tool change".into(), 0.25)];
        texts(&pareto(&p).unwrap_or_default())
    }

    #[test]
    fn a_chart_is_drawn_in_the_plants_language_with_its_decimal_sign() {
        let en = pareto_in("en");
        for w in ["Unplanned stop time by reason", "cumulative %", "hours", "reason"] {
            assert!(en.iter().any(|t| t == w), "no {w:?} in {en:?}");
        }
        assert!(en.iter().any(|t| t == "0.50"), "{en:?}");
        let tr = pareto_in("tr");
        for w in ["Nedene göre plansız duruş süresi", "kümülatif %", "saat", "neden"] {
            assert!(tr.iter().any(|t| t == w), "no {w:?} in {tr:?}");
        }
        // The axis's numbers with the decimal comma; the bars keep the plant's reason names.
        assert!(tr.iter().any(|t| t == "0,50"), "{tr:?}");
        assert!(!tr.iter().any(|t| t.contains('.')), "{tr:?}");
        for w in ["Unplanned stop time by reason", "cumulative %", "hours", "reason"] {
            assert!(!tr.iter().any(|t| t == w), "{w:?} left in English in {tr:?}");
        }
        assert!(tr.iter().any(|t| t == "jam"), "{tr:?}");
        let de = pareto_in("de");
        assert!(
            de.iter().any(|t| t == "Ungeplante Stillstandszeit nach Grund"),
            "{de:?}"
        );

        let empty = Trend {
            labels: Vec::new(),
            ..energy_trend(&[], Locale::parse("de").unwrap_or_default())
        };
        assert!(texts(&trend(&empty).unwrap_or_default()).contains(&"Keine Daten in diesem Zeitraum.".to_string()));
    }
}
