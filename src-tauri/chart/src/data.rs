//! What each chart draws, taken from the report model: every figure here is a report's
//! own (the same function as its CSV column), only picked and put in order.

use chrono_tz::Tz;
use takt_core::api::TrendChart;
use takt_core::condition::Limit;
use takt_core::energy::EnergyRow;
use takt_core::i18n::Locale;
use takt_core::kpi::Terms;
use takt_core::maintenance::{Basis, CONFIDENCE, ComponentRow};
use takt_core::palette;
use takt_core::report::{ALL, DowntimeGroup, OeeRow, ScrapGroup};
use takt_core::time::Ts;

/// A line of a [`Trend`].
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Its colour (a [`palette`] colour; `None`: the next of the chart's).
    pub colour: Option<&'static str>,
    /// One value per period (`None`: undefined there, a gap in the line).
    pub values: Vec<Option<f64>>,
}

/// Lines over periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The chart's title.
    pub title: String,
    /// The periods, plant-local, as the report labels them.
    pub labels: Vec<String>,
    /// The lines.
    pub series: Vec<Series>,
    /// The x axis: what a period is.
    pub x_desc: String,
    /// The y axis, with its unit.
    pub y_desc: String,
    /// The top of the y axis (`None`: from the values).
    pub y_max: Option<f64>,
    /// The plant's language: the chart's own words and its axes' numbers.
    pub locale: Locale,
}

/// Bars, largest first, with their cumulative share.
#[derive(Debug, Clone, PartialEq)]
pub struct Pareto {
    /// The chart's title.
    pub title: String,
    /// `(label, value)`, largest first.
    pub bars: Vec<(String, f64)>,
    /// The x axis: what a bar is.
    pub x_desc: String,
    /// The y axis, with its unit.
    pub y_desc: String,
    /// The bars' colour.
    pub colour: Option<&'static str>,
    /// The plant's language: the chart's own words and its axes' numbers.
    pub locale: Locale,
}

/// A start figure, the steps taken off it, and what is left.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    /// The chart's title.
    pub title: String,
    /// The first bar's label.
    pub start_label: String,
    /// The first bar.
    pub start: f64,
    /// `(label, amount taken off)`.
    pub steps: Vec<(String, f64)>,
    /// The last bar's label.
    pub end_label: String,
    /// The y axis, with its unit.
    pub y_desc: String,
    /// The plant's language: the chart's own words and its axes' numbers.
    pub locale: Locale,
}

/// Each period's rows: the plant's combined rows when the report has them (several
/// machines), else the one machine's; in period order.
fn combined(rows: &[OeeRow]) -> Vec<&OeeRow> {
    let all = rows.iter().any(|r| r.machine == ALL);
    let mut out: Vec<&OeeRow> = rows.iter().filter(|r| !all || r.machine == ALL).collect();
    out.sort_by_key(|r| r.period.start);
    out
}

fn pct(v: Option<f64>) -> Option<f64> {
    v.map(|v| 100.0 * v)
}

/// What a report's periods are, from the first one's label (`2026-11-24 Early`,
/// `2026-11-24`, `week of 2026-11-23`), for the x axis.
fn period_axis(first: Option<&str>, l: Locale) -> String {
    l.t(match first {
        Some(label) if label.starts_with("week of") => "chart-axis-week",
        Some(label) if label.contains(' ') => "chart-axis-shift",
        _ => "chart-axis-day",
    })
}

/// The OEE trend: OEE with availability, performance and quality, per period of an OEE
/// report by shift, day or week.
pub fn oee_trend(rows: &[OeeRow], l: Locale) -> Trend {
    let rows = combined(rows);
    let line = |key: &str, colour: &'static str, f: fn(&Terms) -> Option<f64>| Series {
        name: l.t(key),
        colour: Some(colour),
        values: rows.iter().map(|r| pct(f(&r.terms))).collect(),
    };
    let y_max = rows
        .iter()
        .flat_map(|r| [r.terms.availability(), r.terms.performance(), r.terms.quality()])
        .flatten()
        .fold(1.0f64, f64::max)
        * 105.0;
    Trend {
        title: l.t("chart-oee-trend"),
        x_desc: period_axis(rows.first().map(|r| r.period.label.as_str()), l),
        labels: rows.iter().map(|r| r.period.label.clone()).collect(),
        series: vec![
            line("kf-oee", palette::ACCENT, Terms::oee),
            line("kf-availability", palette::RUNNING, Terms::availability),
            line("kf-performance", palette::ORANGE, Terms::performance),
            line("kf-quality", palette::DOWN, Terms::quality),
        ],
        y_desc: "%".into(),
        y_max: Some(y_max),
        locale: l,
    }
}

/// The six big losses of an OEE report's rows (summed over its periods), from planned
/// production time to fully productive time, in hours.
pub fn losses(rows: &[OeeRow], l: Locale) -> Waterfall {
    let mut terms = Terms::default();
    for r in combined(rows) {
        terms += r.terms;
    }
    let loss = terms.losses();
    let h = |s: f64| s / 3600.0;
    Waterfall {
        title: l.t("chart-losses"),
        start_label: l.t("chart-planned-time"),
        start: terms.planned_ms() as f64 / 3_600_000.0,
        steps: vec![
            (l.t("kf-breakdowns"), h(loss.breakdowns_s)),
            (l.t("kf-setups"), h(loss.setups_s)),
            (l.t("kf-small-stops"), h(loss.small_stops_s)),
            (l.t("kf-reduced-speed"), h(loss.reduced_speed_s)),
            (l.t("chart-rejects"), h(loss.production_rejects_s)),
            (l.t("chart-startup-rejects"), h(loss.startup_rejects_s)),
        ],
        end_label: l.t("chart-productive-time"),
        y_desc: l.t("chart-hours"),
        locale: l,
    }
}

/// At most this many bars in a Pareto: the largest, then the rest as one.
pub const PARETO_BARS: usize = 10;

/// Bars sorted largest first (ties by name), the smallest beyond [`PARETO_BARS`] summed
/// into one `other (n)` bar.
fn largest_first(mut bars: Vec<(String, f64)>, l: Locale) -> Vec<(String, f64)> {
    bars.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if bars.len() > PARETO_BARS {
        let rest = bars.split_off(PARETO_BARS - 1);
        let other = l.t_with("chart-other", &[("n", (rest.len() as u64).into())]);
        bars.push((other, rest.iter().map(|b| b.1).sum()));
    }
    bars
}

/// The downtime Pareto: unplanned stop time by reason (a downtime report by reason), in
/// hours, largest first; planned stops and breaks left out.
pub fn downtime_pareto(groups: &[DowntimeGroup], l: Locale) -> Pareto {
    let bars = largest_first(
        groups
            .iter()
            .filter(|g| g.duration_ms > 0)
            .map(|g| (g.group.clone(), g.duration_ms as f64 / 3_600_000.0))
            .collect(),
        l,
    );
    Pareto {
        title: l.t("chart-downtime-pareto"),
        bars,
        x_desc: l.t("chart-reason"),
        y_desc: l.t("chart-hours"),
        colour: Some(palette::DOWN),
        locale: l,
    }
}

/// What a scrap Pareto's bars are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrapOf {
    /// Scrap reasons (a scrap report by reason).
    Reason,
    /// Products (a scrap report by product).
    Product,
}

/// The scrap Pareto of a scrap report by reason or by product: rejected parts, largest
/// first.
pub fn scrap_pareto(groups: &[ScrapGroup], of: ScrapOf, l: Locale) -> Pareto {
    let bars = largest_first(
        groups
            .iter()
            .filter(|g| g.reject > 0)
            .map(|g| (g.group.clone(), g.reject as f64))
            .collect(),
        l,
    );
    let (title, x_desc) = match of {
        ScrapOf::Reason => ("chart-scrap-by-reason", "chart-reason"),
        ScrapOf::Product => ("chart-scrap-by-product", "chart-product"),
    };
    Pareto {
        title: l.t(title),
        bars,
        x_desc: l.t(x_desc),
        y_desc: l.t("chart-parts"),
        colour: Some(palette::ORANGE),
        locale: l,
    }
}

/// kWh per good part per period of an energy report by shift, day or week.
pub fn energy_trend(rows: &[EnergyRow], l: Locale) -> Trend {
    Trend {
        title: l.t("chart-energy-trend"),
        x_desc: period_axis(rows.first().map(|r| r.group.as_str()), l),
        labels: rows.iter().map(|r| r.group.clone()).collect(),
        series: vec![Series {
            name: l.t("chart-kwh-per-good"),
            colour: Some(palette::ACCENT),
            values: rows.iter().map(EnergyRow::kwh_per_good).collect(),
        }],
        y_desc: l.t("chart-kwh-per-good"),
        y_max: None,
        locale: l,
    }
}

/// A Weibull probability plot's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct WeibullPlot {
    /// The chart's title.
    pub title: String,
    /// Each failure: (life, hours; unreliability F by its median rank).
    pub points: Vec<(f64, f64)>,
    /// The fit: (beta, eta hours).
    pub fit: Option<(f64, f64)>,
    /// The fit's two-sided bounds on life: (F, low, high hours).
    pub bounds: Vec<(f64, f64, f64)>,
    /// The x axis, with its unit (run hours or calendar hours).
    pub x_desc: String,
    /// The plant's language: the chart's own words and its axes' numbers.
    pub locale: Locale,
}

/// A component's Weibull probability plot: its failures at their median ranks (the same
/// plotting positions as the maintenance report's test against `reliability`), the fitted
/// line and its bounds at [`CONFIDENCE`].
pub fn weibull_plot(row: &ComponentRow, l: Locale) -> WeibullPlot {
    let failed: Vec<f64> = row.lives.iter().filter(|l| l.failed).map(|l| l.hours).collect();
    let suspended: Vec<f64> = row.lives.iter().filter(|l| !l.failed).map(|l| l.hours).collect();
    let fit = row.fit.as_ref().ok();
    WeibullPlot {
        title: l.t_with(
            "chart-weibull",
            &[
                ("machine", row.machine.to_string().into()),
                ("component", row.component.as_str().into()),
            ],
        ),
        points: takt_core::reliability::plotting_positions(&failed, &suspended),
        fit: fit.map(|w| (w.beta, w.eta)),
        bounds: fit
            .map(|w| {
                [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.632, 0.8, 0.9, 0.95, 0.99]
                    .into_iter()
                    .map(|p| {
                        let b = w.life_bounds(p, CONFIDENCE);
                        (p, b.lo, b.hi)
                    })
                    .collect()
            })
            .unwrap_or_default(),
        x_desc: l.t(match row.basis {
            Basis::RunHours => "chart-life-run-hours",
            Basis::CalendarHours => "chart-life-calendar-hours",
        }),
        locale: l,
    }
}

/// A value over time with its limits, its fitted line and a limit crossing.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeChart {
    /// The chart's title.
    pub title: String,
    /// The y axis, with its unit.
    pub y_desc: String,
    /// The plant's time zone (the x axis is plant-local).
    pub tz: Tz,
    /// The values.
    pub points: Vec<(Ts, f64)>,
    /// The limits: (`low` or `high`, value).
    pub limits: Vec<(String, f64)>,
    /// The fitted line, from its first to its last point.
    pub fit: Option<[(Ts, f64); 2]>,
    /// When the line crosses a limit, and that in words.
    pub crossing: Option<(Ts, String)>,
    /// The plant's language: the chart's own words and its axes' numbers.
    pub locale: Locale,
}

/// The word for a limit (`high`, `üst`, `oben`).
fn limit_key(limit: Limit) -> &'static str {
    match limit {
        Limit::High => "chart-limit-high",
        Limit::Low => "chart-limit-low",
    }
}

/// A condition trend as the condition report has it: its hourly means, its limits, its
/// line drawn on to where it crosses a limit.
pub fn condition(t: &TrendChart, tz: Tz, l: Locale) -> TimeChart {
    let r = &t.row;
    let mut limits = Vec::new();
    limits.extend(r.low.map(|v| (l.t(limit_key(Limit::Low)), v)));
    limits.extend(r.high.map(|v| (l.t(limit_key(Limit::High)), v)));
    let crossing = r.crossing.as_ref().map(|c| {
        let args = [
            ("limit", l.t(limit_key(c.limit)).into()),
            ("time", l.day_time_short(c.at.to_local(tz).naive_local()).into()),
        ];
        let key = if c.beyond {
            "chart-beyond-limit"
        } else {
            "chart-crosses-limit"
        };
        (c.at, l.t_with(key, &args))
    });
    // The line, drawn on to the crossing.
    let fit = r.line.map(|[a, b]| match &r.crossing {
        Some(c) if c.at > b.0 && b.0 > a.0 => {
            let slope = (b.1 - a.1) / (b.0.0 - a.0.0) as f64;
            [a, (c.at, a.1 + slope * (c.at.0 - a.0.0) as f64)]
        }
        _ => [a, b],
    });
    TimeChart {
        title: l.t_with(
            "chart-condition",
            &[
                ("machine", r.machine.to_string().into()),
                ("signal", r.signal.as_str().into()),
            ],
        ),
        y_desc: if r.unit.is_empty() {
            r.signal.clone()
        } else {
            format!("{}, {}", r.signal, r.unit)
        },
        tz,
        points: t.hours.clone(),
        limits,
        fit,
        crossing,
        locale: l,
    }
}
