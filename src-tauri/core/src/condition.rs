//! Condition trends (`takt report condition`): where a process value with limits is
//! heading and when it will cross one. Pure: the app layer reads the hourly means from
//! the store and calls [`condition_row`]; every view shows its result.
//!
//! The trend is a Theil-Sen line (the median of the slopes between every pair of hours,
//! robust to a few odd hours) with Sen's confidence bounds on the slope (from the
//! variance of Kendall's S). It is forecast only when the bounds exclude a flat line.
//! The crossing's interval combines the slope's bounds with the scatter of the hourly
//! means around the line (their 5 % and 95 % quantiles), so it says when an hourly mean
//! may first cross the limit, not only when the mean line does.

use serde::{Deserialize, Serialize};

use crate::config::ProcessSignal;
use crate::ids::MachineId;
use crate::model::MaintenanceEvent;
use crate::reliability::z_two_sided;
use crate::time::{DAY_MS, HOUR_MS, Ts};

/// The days of hourly means a trend is fitted to, unless the config says otherwise.
pub const DEFAULT_TREND_DAYS: u32 = 7;

/// The most `trend_days` may be: Theil-Sen compares every pair of hours (720 hours are
/// 258,840 pairs).
pub const MAX_TREND_DAYS: u32 = 30;

/// The fewest hourly means a trend is fitted to.
pub const MIN_POINTS: usize = 6;

/// How far ahead a crossing is forecast; later is "not within a year".
pub const HORIZON_DAYS: i64 = 365;

/// The confidence of the slope's bounds and of the crossing's interval.
pub const CONFIDENCE: f64 = 0.9;

/// A robust straight line y = intercept + slope x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TheilSen {
    /// The median of the pairwise slopes.
    pub slope: f64,
    /// The median of y - slope x.
    pub intercept: f64,
    /// Sen's lower bound on the slope.
    pub slope_lo: f64,
    /// Sen's upper bound on the slope.
    pub slope_hi: f64,
}

/// The `k`-th smallest (0-based) of `v`, reordering it.
fn nth(v: &mut [f64], k: usize) -> f64 {
    *v.select_nth_unstable_by(k, f64::total_cmp).1
}

/// The median of `v`, reordering it (the mean of the middle two for an even count).
fn median(v: &mut [f64]) -> f64 {
    let n = v.len();
    let hi = nth(v, n / 2);
    if n % 2 == 1 {
        hi
    } else {
        // After the selection, the lower middle is the largest of the lower half.
        let lo = v[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        0.5 * (lo + hi)
    }
}

impl TheilSen {
    /// Fits points `(x, y)` with distinct `x` (at least 3). The slope's two-sided bounds
    /// at `confidence` are Sen's (1968): with N pairwise slopes sorted and
    /// C = z sqrt(n (n - 1) (2n + 5) / 18), the lower is the (N - C) / 2-th and the upper
    /// the (N + C) / 2 + 1-th (1-based, rounded), as `scipy.stats.theilslopes` computes
    /// them; `None` for fewer than 3 points or a non-finite value.
    pub fn fit(points: &[(f64, f64)], confidence: f64) -> Option<TheilSen> {
        let n = points.len();
        if n < 3 || points.iter().any(|(x, y)| !(x.is_finite() && y.is_finite())) {
            return None;
        }
        let mut slopes = Vec::with_capacity(n * (n - 1) / 2);
        for (i, a) in points.iter().enumerate() {
            for b in &points[i + 1..] {
                let dx = b.0 - a.0;
                if dx != 0.0 {
                    slopes.push((b.1 - a.1) / dx);
                }
            }
        }
        if slopes.is_empty() {
            return None;
        }
        let nf = n as f64;
        let sigma = (nf * (nf - 1.0) * (2.0 * nf + 5.0) / 18.0).sqrt();
        let c = z_two_sided(confidence) * sigma;
        let count = slopes.len();
        let rank = |r: f64| (r.round().max(0.0) as usize).min(count - 1);
        let lo_k = rank((count as f64 - c) / 2.0 - 1.0);
        let hi_k = rank((count as f64 + c) / 2.0);
        let slope_lo = nth(&mut slopes, lo_k);
        let slope_hi = nth(&mut slopes, hi_k);
        let slope = median(&mut slopes);
        let mut rest: Vec<f64> = points.iter().map(|(x, y)| y - slope * x).collect();
        Some(TheilSen {
            slope,
            intercept: median(&mut rest),
            slope_lo,
            slope_hi,
        })
    }

    /// The line's value at `x`.
    pub fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// Which limit a value is heading for (or beyond).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// The upper limit.
    High,
    /// The lower limit.
    Low,
}

impl Limit {
    /// As the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::High => "high",
            Limit::Low => "low",
        }
    }
}

/// When a value crosses (or crossed) a limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Crossing {
    /// The limit.
    pub limit: Limit,
    /// When the trend line reaches it (or, already beyond it, since when the hourly means
    /// are).
    pub at: Ts,
    /// The earliest an hourly mean may cross, at the interval's confidence.
    pub earliest: Ts,
    /// The latest (`None`: not within [`HORIZON_DAYS`]).
    pub latest: Option<Ts>,
    /// Whether the value is beyond the limit already.
    pub beyond: bool,
}

/// The condition row of one process value (`takt report condition`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionRow {
    /// The machine.
    pub machine: MachineId,
    /// The signal's name.
    pub signal: String,
    /// Its unit.
    pub unit: String,
    /// The last hour's mean.
    pub last: Option<f64>,
    /// The lower limit.
    pub low: Option<f64>,
    /// The upper limit.
    pub high: Option<f64>,
    /// The trend per day (a significant one or not).
    pub slope_per_day: Option<f64>,
    /// The crossing, when the value is heading for a limit or beyond one.
    pub crossing: Option<Crossing>,
    /// Hourly means fitted.
    pub points: usize,
    /// The fitted hours' first start.
    pub since: Option<Ts>,
    /// The fitted line for a chart: from the middle of the first hour fitted to the
    /// crossing (or to the end of the period), as (instant, value) at both ends.
    pub line: Option<[(Ts, f64); 2]>,
    /// Why a cell is empty, or what the reader should know, in words.
    pub note: String,
}

/// Where a machine's trends start for a report ending at `end`: `trend_days` before it,
/// or the period's start `from`, or the machine's last failure, replacement or service
/// before `end`, whichever is latest (work on the machine resets its condition: a trend
/// across a repair would mix the worn part with the new one). `events` is its log.
pub fn trend_start(events: &[MaintenanceEvent], from: Ts, end: Ts, trend_days: u32) -> Ts {
    let window = Ts(end.0.saturating_sub(i64::from(trend_days) * DAY_MS)).max(from);
    events
        .iter()
        .filter(|e| e.t < end && e.kind.resets())
        .map(|e| e.t)
        .fold(window, Ts::max)
}

/// Hours from `end` to the middle of the hour starting at `t`.
fn x_of(t: Ts, end: Ts) -> f64 {
    (t.0 + HOUR_MS / 2 - end.0) as f64 / HOUR_MS as f64
}

/// The instant `x` hours after `end`.
fn ts_of(x: f64, end: Ts) -> Ts {
    Ts(end.0 + (x * HOUR_MS as f64).round() as i64)
}

/// The `q` quantile (0 to 1) of `v` by the nearest rank, reordering it.
fn quantile(v: &mut [f64], q: f64) -> f64 {
    let k = ((v.len() - 1) as f64 * q).round() as usize;
    nth(v, k)
}

fn fmt_num(x: f64) -> String {
    crate::table::significant(x)
}

/// The condition row of `signal` from its hourly means `hours` (hour start, mean; sorted,
/// those since the window's start), at `end`.
pub fn condition_row(machine: &MachineId, signal: &ProcessSignal, hours: &[(Ts, f64)], end: Ts) -> ConditionRow {
    let unit = signal.unit.clone().unwrap_or_default();
    let mut row = ConditionRow {
        machine: machine.clone(),
        signal: signal.name.clone(),
        unit: unit.clone(),
        last: hours.last().map(|h| h.1),
        low: signal.low,
        high: signal.high,
        slope_per_day: None,
        crossing: None,
        points: hours.len(),
        since: hours.first().map(|h| h.0),
        line: None,
        note: String::new(),
    };
    let beyond = |v: f64| match (signal.low, signal.high) {
        (_, Some(h)) if v > h => Some(Limit::High),
        (Some(l), _) if v < l => Some(Limit::Low),
        _ => None,
    };
    // Beyond a limit now: since when the hourly means have been.
    if let Some(&(_, last)) = hours.last()
        && let Some(limit) = beyond(last)
    {
        let first = hours
            .iter()
            .rev()
            .take_while(|h| beyond(h.1) == Some(limit))
            .last()
            .map_or(end, |h| h.0);
        row.crossing = Some(Crossing {
            limit,
            at: first,
            earliest: first,
            latest: Some(first),
            beyond: true,
        });
        let value = if limit == Limit::High { signal.high } else { signal.low };
        row.note = format!(
            "beyond its {} limit of {} {unit} (the last hour's mean {}) since cross_at",
            limit.as_str(),
            value.map_or(String::new(), fmt_num),
            fmt_num(last)
        );
    }
    if hours.len() < MIN_POINTS {
        if row.crossing.is_none() {
            row.note = format!(
                "{} hour{} of readings in the window: a trend needs at least {MIN_POINTS}",
                hours.len(),
                if hours.len() == 1 { "" } else { "s" }
            );
        }
        return row;
    }
    let points: Vec<(f64, f64)> = hours.iter().map(|&(t, v)| (x_of(t, end), v)).collect();
    let Some(fit) = TheilSen::fit(&points, CONFIDENCE) else {
        row.note = "the readings are not numbers: no trend".into();
        return row;
    };
    row.slope_per_day = Some(fit.slope * 24.0);
    let line = |to: f64| {
        let from = points[0].0;
        Some([(ts_of(from, end), fit.at(from)), (ts_of(to, end), fit.at(to))])
    };
    row.line = line(0.0);
    if row.crossing.is_some() {
        return row;
    }
    let per_day = |s: f64| format!("{} {unit}/day", fmt_num(s * 24.0));
    if fit.slope_lo <= 0.0 && fit.slope_hi >= 0.0 {
        row.note = format!(
            "no significant trend: {} ({} to {} at {:.0} %)",
            per_day(fit.slope),
            fmt_num(fit.slope_lo * 24.0),
            fmt_num(fit.slope_hi * 24.0),
            CONFIDENCE * 100.0
        );
        return row;
    }
    let (limit, target) = match (fit.slope > 0.0, signal.high, signal.low) {
        (true, Some(h), _) => (Limit::High, h),
        (false, _, Some(l)) => (Limit::Low, l),
        (up, _, _) => {
            row.note = format!(
                "{} {}: no {} limit to reach",
                if up { "rising" } else { "falling" },
                per_day(fit.slope),
                if up { "high" } else { "low" }
            );
            return row;
        }
    };
    let horizon = (HORIZON_DAYS * DAY_MS / HOUR_MS) as f64;
    let x_at = (target - fit.intercept) / fit.slope;
    if x_at > horizon {
        row.note = format!(
            "heading for its {} limit at {}: not within {HORIZON_DAYS} days",
            limit.as_str(),
            per_day(fit.slope)
        );
        return row;
    }
    // The envelope: the slope's bounds through the line's middle, shifted by the
    // scatter's quantiles. Rising: the earliest is the steepest, highest line.
    let mut resid: Vec<f64> = points.iter().map(|&(x, y)| y - fit.at(x)).collect();
    let tail = (1.0 - CONFIDENCE) / 2.0;
    let (q_lo, q_hi) = (quantile(&mut resid, tail), quantile(&mut resid, 1.0 - tail));
    let mut xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let xm = median(&mut xs);
    let ym = fit.at(xm);
    let cross = |slope: f64, shift: f64| xm + (target - ym - shift) / slope;
    let (early, late) = match limit {
        Limit::High => (cross(fit.slope_hi, q_hi), cross(fit.slope_lo, q_lo)),
        Limit::Low => (cross(fit.slope_lo, q_lo), cross(fit.slope_hi, q_hi)),
    };
    let at = x_at.max(0.0);
    row.crossing = Some(Crossing {
        limit,
        at: ts_of(at, end),
        earliest: ts_of(early.clamp(0.0, at), end),
        latest: (late.is_finite() && late <= horizon).then(|| ts_of(late.max(at), end)),
        beyond: false,
    });
    row.line = line(at);
    row.note = if x_at <= 0.0 {
        format!("at its {} limit by the trend ({})", limit.as_str(), per_day(fit.slope))
    } else if row.crossing.is_some_and(|c| c.latest.is_none()) {
        format!("the latest crossing is beyond {HORIZON_DAYS} days")
    } else {
        String::new()
    };
    row
}

#[cfg(test)]
mod tests;
