//! KPIs (SPEC section 5): time and count terms per machine and period, and the ratios
//! derived from them.
//!
//! Everything is summed as terms first ([`Terms`]) and divided last, so several
//! machines, products or periods combine by adding terms, and
//! availability x performance x quality = OEE holds on every row.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{Block, Calendar};
use crate::config::{Config, Loss, Machine, ReasonKind};
use crate::ids::{ProductId, ReasonCode};
use crate::model::{CountRow, MachineState, ProductRun, ScrapEntry, StateInterval};
use crate::time::Ts;

/// How report rows are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// One row per shift (scheduled block).
    Shift,
    /// One row per plant-local day.
    Day,
    /// One row per plant-local week (Monday to Monday).
    Week,
    /// One row for the whole range.
    Whole,
}

/// A report period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2026-11-24 Early`, `2026-11-24`, `week of 2026-11-23`, or the range.
    pub label: String,
    /// Start, inside the report range.
    pub start: Ts,
    /// End, inside the report range.
    pub end: Ts,
}

/// The periods of `[from, to)` for a grouping, clipped to the range.
pub fn periods(cal: &Calendar, from: Ts, to: Ts, grouping: Grouping) -> Vec<Period> {
    let clip = |label: String, s: Ts, e: Ts| {
        let (s, e) = (s.max(from), e.min(to));
        (s < e).then_some(Period {
            label,
            start: s,
            end: e,
        })
    };
    match grouping {
        Grouping::Shift => cal
            .blocks(from, to)
            .into_iter()
            .filter_map(|b| clip(b.label(), b.start, b.end))
            .collect(),
        Grouping::Day => cal
            .days(from, to)
            .into_iter()
            .filter_map(|(d, s, e)| clip(d.to_string(), s, e))
            .collect(),
        Grouping::Week => cal
            .weeks(from, to)
            .into_iter()
            .filter_map(|(d, s, e)| clip(format!("week of {d}"), s, e))
            .collect(),
        Grouping::Whole => clip(
            format!("{} to {}", from.rfc3339(cal.tz()), to.rfc3339(cal.tz())),
            from,
            to,
        )
        .into_iter()
        .collect(),
    }
}

/// The summable terms of OEE for a machine (or several) over a period. Times in
/// milliseconds, ideal times in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Terms {
    /// Calendar time of the period.
    pub all_ms: i64,
    /// Scheduled time (shifts, breaks included).
    pub scheduled_ms: i64,
    /// Planned stops: breaks while the machine stands, and stops with a planned reason.
    pub planned_stop_ms: i64,
    /// Scheduled working time in which the machine did not answer (excluded from availability).
    pub no_data_ms: i64,
    /// Unplanned stops of at least `microstop_s`.
    pub down_ms: i64,
    /// Of `down_ms`, stops whose reason is a setup.
    pub setup_ms: i64,
    /// Stops shorter than `microstop_s` (part of run time).
    pub small_stop_ms: i64,
    /// Unplanned stops (of at least `microstop_s`) seen in the period.
    pub failures: u64,
    /// Parts made in observed, scheduled time.
    pub total: u64,
    /// Of which rejected (machine counter and operator scrap).
    pub reject: u64,
    /// Sum of ideal cycle time x parts, seconds.
    pub ideal_total_s: f64,
    /// Sum of ideal cycle time x production rejects, seconds.
    pub ideal_reject_s: f64,
    /// Sum of ideal cycle time x start-up rejects, seconds.
    pub ideal_startup_reject_s: f64,
    /// Cost of rejects (unit cost x rejects).
    pub reject_cost: f64,
    /// Parts counted over `no data` gaps (not in the ratios).
    pub no_data_total: u64,
    /// Parts counted outside scheduled time (not in the ratios).
    pub unscheduled_total: u64,
}

impl std::ops::AddAssign for Terms {
    fn add_assign(&mut self, o: Terms) {
        self.all_ms += o.all_ms;
        self.scheduled_ms += o.scheduled_ms;
        self.planned_stop_ms += o.planned_stop_ms;
        self.no_data_ms += o.no_data_ms;
        self.down_ms += o.down_ms;
        self.setup_ms += o.setup_ms;
        self.small_stop_ms += o.small_stop_ms;
        self.failures += o.failures;
        self.total += o.total;
        self.reject += o.reject;
        self.ideal_total_s += o.ideal_total_s;
        self.ideal_reject_s += o.ideal_reject_s;
        self.ideal_startup_reject_s += o.ideal_startup_reject_s;
        self.reject_cost += o.reject_cost;
        self.no_data_total += o.no_data_total;
        self.unscheduled_total += o.unscheduled_total;
    }
}

/// The six big losses, in lost seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct SixLosses {
    /// Equipment failures (availability).
    pub breakdowns_s: f64,
    /// Setups and adjustments (availability).
    pub setups_s: f64,
    /// Small stops (performance).
    pub small_stops_s: f64,
    /// Reduced speed (performance); negative when performance is above 1.
    pub reduced_speed_s: f64,
    /// Production rejects (quality).
    pub production_rejects_s: f64,
    /// Start-up rejects (quality).
    pub startup_rejects_s: f64,
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

impl Terms {
    /// Planned production time: scheduled time less planned stops and `no data`.
    pub fn planned_ms(&self) -> i64 {
        self.scheduled_ms - self.planned_stop_ms - self.no_data_ms
    }

    /// Run time: planned production time less unplanned stops (small stops stay in).
    pub fn run_ms(&self) -> i64 {
        self.planned_ms() - self.down_ms
    }

    /// Good parts.
    pub fn good(&self) -> u64 {
        self.total.saturating_sub(self.reject)
    }

    /// Ideal time of the good parts, seconds.
    pub fn ideal_good_s(&self) -> f64 {
        (self.ideal_total_s - self.ideal_reject_s - self.ideal_startup_reject_s).max(0.0)
    }

    /// Run time / planned production time.
    pub fn availability(&self) -> Option<f64> {
        ratio(self.run_ms() as f64, self.planned_ms() as f64)
    }

    /// Ideal cycle time x total / run time. Above 1.0 means the ideal cycle time is wrong:
    /// it is reported as it is, never clipped (see [`Terms::flags`]).
    pub fn performance(&self) -> Option<f64> {
        ratio(self.ideal_total_s, self.run_ms() as f64 / 1000.0)
    }

    /// Good / total, weighted by ideal time so that mixed products combine.
    pub fn quality(&self) -> Option<f64> {
        ratio(self.ideal_good_s(), self.ideal_total_s)
    }

    /// Ideal time of good parts / planned production time.
    pub fn oee(&self) -> Option<f64> {
        ratio(self.ideal_good_s(), self.planned_ms() as f64 / 1000.0)
    }

    /// OEE x planned production time / all time.
    pub fn teep(&self) -> Option<f64> {
        ratio(self.ideal_good_s(), self.all_ms as f64 / 1000.0)
    }

    /// Run time / failures, seconds.
    pub fn mtbf_s(&self) -> Option<f64> {
        ratio(self.run_ms() as f64 / 1000.0, self.failures as f64)
    }

    /// Repair (down) time / failures, seconds.
    pub fn mttr_s(&self) -> Option<f64> {
        ratio(self.down_ms as f64 / 1000.0, self.failures as f64)
    }

    /// The six big losses. They add up with the ideal time of good parts to the planned
    /// production time.
    pub fn losses(&self) -> SixLosses {
        let small = self.small_stop_ms as f64 / 1000.0;
        SixLosses {
            breakdowns_s: (self.down_ms - self.setup_ms) as f64 / 1000.0,
            setups_s: self.setup_ms as f64 / 1000.0,
            small_stops_s: small,
            reduced_speed_s: self.run_ms() as f64 / 1000.0 - small - self.ideal_total_s,
            production_rejects_s: self.ideal_reject_s,
            startup_rejects_s: self.ideal_startup_reject_s,
        }
    }

    /// What in these figures a supervisor should look at.
    pub fn flags(&self) -> Vec<&'static str> {
        let mut f = Vec::new();
        if self.performance().is_some_and(|p| p > 1.0) {
            f.push("performance above 1: the ideal cycle time is too long");
        }
        if self.reject > self.total {
            f.push("more rejects than parts");
        }
        if self.run_ms() <= 0 && self.total > 0 {
            f.push("parts counted without run time");
        }
        f
    }
}

/// A machine's recorded history over (at least) a report range, as the store returns it.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// State intervals, sorted by start, not overlapping. Stops that began before the
    /// range should be included whole, so their length is known.
    pub intervals: &'a [StateInterval],
    /// Counts, sorted by time: per-minute buckets, or their sums per [`count_spans`].
    pub counts: &'a [CountRow],
    /// Operator scrap, sorted by time.
    pub scrap: &'a [ScrapEntry],
    /// Product runs, sorted by start.
    pub products: &'a [ProductRun],
}

/// One row of a machine's terms: a period (index into the periods) and, when grouping by
/// product, a product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Index into the periods.
    pub period: usize,
    /// The product, when grouping by product (`None`: no product known).
    pub product: Option<ProductId>,
    /// The terms.
    pub terms: Terms,
}

/// Whether time is scheduled work, a break, or outside every shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sched {
    Work,
    Break,
    Off,
}

/// The scheduled segments of `[from, to)`: work, break and off, covering it without gaps.
fn schedule(blocks: &[Block], from: Ts, to: Ts) -> Vec<(Ts, Ts, Sched)> {
    let mut out = Vec::new();
    let mut t = from;
    let push = |out: &mut Vec<(Ts, Ts, Sched)>, a: Ts, b: Ts, s: Sched| {
        let (a, b) = (a.max(from), b.min(to));
        if a < b {
            out.push((a, b, s));
        }
    };
    for b in blocks {
        push(&mut out, t, b.start, Sched::Off);
        let mut w = b.start;
        for &(bs, be) in &b.breaks {
            // Segments never overlap, even if breaks did.
            let bs = bs.max(w);
            if be <= bs {
                continue;
            }
            push(&mut out, w, bs, Sched::Work);
            push(&mut out, bs, be, Sched::Break);
            w = be;
        }
        push(&mut out, w, b.end, Sched::Work);
        t = t.max(b.end);
    }
    push(&mut out, t, to, Sched::Off);
    out
}

/// What the KPI computation needs to know about a machine.
#[derive(Debug, Clone, Copy)]
pub struct MachineContext<'a> {
    /// The whole config (products, reasons, microstop).
    pub config: &'a Config,
    /// The machine.
    pub machine: &'a Machine,
}

impl MachineContext<'_> {
    fn ideal(&self, product: Option<&ProductId>) -> f64 {
        self.machine
            .ideal_cycle(product, &self.config.products)
            .or_else(|| self.mean_product_ideal())
            .unwrap_or(0.0)
    }

    /// For parts of no known product on a machine with only per-product ideal cycle
    /// times: the mean of its products' ideals, rather than zero.
    fn mean_product_ideal(&self) -> Option<f64> {
        let ideals: Vec<f64> = self
            .machine
            .signals
            .product_code
            .as_ref()?
            .codes
            .values()
            .filter_map(|p| self.machine.ideal_cycle(Some(p), &self.config.products))
            .collect();
        (!ideals.is_empty()).then(|| ideals.iter().sum::<f64>() / ideals.len() as f64)
    }

    fn unit_cost(&self, product: Option<&ProductId>) -> f64 {
        product
            .and_then(|p| self.config.product(p.as_str()))
            .and_then(|p| p.unit_cost)
            .unwrap_or(0.0)
    }

    /// The effective state of an interval: a down interval whose reason is a planned
    /// reason is a planned stop.
    fn effective(&self, i: &StateInterval) -> MachineState {
        match (i.state, i.reason.as_ref().and_then(|r| self.config.reason(r.as_str()))) {
            (MachineState::Down, Some(r)) if r.kind == ReasonKind::Planned => MachineState::Planned,
            (s, _) => s,
        }
    }

    fn loss(&self, reason: Option<&ReasonCode>) -> Loss {
        reason
            .and_then(|r| self.config.reason(r.as_str()))
            .map_or(Loss::Breakdown, |r| r.loss)
    }
}

/// Spans of time within which every count is classified alike (same period, in or out
/// of scheduled time): summing a machine's count buckets per span before
/// [`machine_terms`] gives the same result as passing every bucket, much faster.
pub fn count_spans(cal: &Calendar, periods: &[Period]) -> Vec<(Ts, Ts)> {
    let (Some(from), Some(to)) = (
        periods.iter().map(|p| p.start).min(),
        periods.iter().map(|p| p.end).max(),
    ) else {
        return Vec::new();
    };
    let mut cuts: Vec<Ts> = vec![from, to];
    for p in periods {
        cuts.extend([p.start, p.end]);
    }
    for b in cal.blocks(from, to) {
        cuts.extend([b.start, b.end]);
    }
    cuts.retain(|t| *t >= from && *t <= to);
    cuts.sort();
    cuts.dedup();
    cuts.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Computes one machine's terms for each period (and product, when `by_product`).
pub fn machine_terms(
    ctx: MachineContext<'_>,
    cal: &Calendar,
    periods: &[Period],
    history: History<'_>,
    by_product: bool,
) -> Vec<Row> {
    let (Some(from), Some(to)) = (
        periods.iter().map(|p| p.start).min(),
        periods.iter().map(|p| p.end).max(),
    ) else {
        return Vec::new();
    };
    let microstop_ms = (ctx.config.plant.microstop_s * 1000.0).round() as i64;
    let sched = schedule(&cal.blocks(from, to), from, to);

    // Every boundary of every timeline splits time into pieces of one kind each.
    let mut cuts: Vec<Ts> = vec![from, to];
    for p in periods {
        cuts.extend([p.start, p.end]);
    }
    for s in &sched {
        cuts.extend([s.0, s.1]);
    }
    for i in history.intervals {
        cuts.extend([i.start, i.end]);
    }
    if by_product {
        for r in history.products {
            cuts.extend([r.start, r.end]);
        }
    }
    cuts.retain(|t| *t >= from && *t <= to);
    cuts.sort();
    cuts.dedup();

    let mut rows: BTreeMap<(usize, Option<ProductId>), Terms> = BTreeMap::new();
    let mut counted_stop: BTreeMap<(usize, Option<ProductId>), Ts> = BTreeMap::new();
    let (mut pi, mut si, mut ii, mut ri) = (0usize, 0usize, 0usize, 0usize);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = b.0 - a.0;
        while pi < periods.len() && periods[pi].end <= a {
            pi += 1;
        }
        if pi >= periods.len() || periods[pi].start > a {
            continue; // between periods (off shift when grouping by shift)
        }
        while si < sched.len() && sched[si].1 <= a {
            si += 1;
        }
        let kind = sched.get(si).filter(|s| s.0 <= a).map_or(Sched::Off, |s| s.2);
        while ii < history.intervals.len() && history.intervals[ii].end <= a {
            ii += 1;
        }
        let interval = history.intervals.get(ii).filter(|i| i.start <= a && i.end > a);
        let product = if by_product {
            while ri < history.products.len() && history.products[ri].end <= a {
                ri += 1;
            }
            history
                .products
                .get(ri)
                .filter(|r| r.start <= a)
                .and_then(|r| r.product.clone())
        } else {
            None
        };
        let key = (pi, product);
        let t = rows.entry(key.clone()).or_default();
        t.all_ms += len;
        if kind == Sched::Off {
            continue;
        }
        t.scheduled_ms += len;
        let state = interval.map(|i| (i, ctx.effective(i)));
        if kind == Sched::Break && !matches!(state, Some((_, MachineState::Running))) {
            // A break is a planned stop while the machine stands; a machine that runs
            // through a break is producing, and that time is production time.
            t.planned_stop_ms += len;
            continue;
        }
        let Some((i, state)) = state else {
            t.no_data_ms += len;
            continue;
        };
        match state {
            MachineState::Running => {}
            MachineState::NoData => t.no_data_ms += len,
            MachineState::Planned => t.planned_stop_ms += len,
            MachineState::Down => {
                if i.len_ms() < microstop_ms {
                    t.small_stop_ms += len;
                } else {
                    t.down_ms += len;
                    if ctx.loss(i.reason.as_ref()) == Loss::Setup {
                        t.setup_ms += len;
                    }
                    if counted_stop.get(&key) != Some(&i.start) {
                        counted_stop.insert(key, i.start);
                        t.failures += 1;
                    }
                }
            }
        }
    }

    // Counts go to the period their time falls in; outside scheduled time and over
    // `no data` gaps they are kept apart from the ratios.
    let find_period = |t: Ts| {
        periods
            .partition_point(|p| p.start <= t)
            .checked_sub(1)
            .filter(|&i| periods[i].end > t)
    };
    let sched_at = |t: Ts| {
        let i = sched.partition_point(|s| s.0 <= t);
        i.checked_sub(1)
            .map(|i| sched[i])
            .filter(|s| s.1 > t)
            .map_or(Sched::Off, |s| s.2)
    };
    for c in history.counts {
        let Some(p) = find_period(c.t) else { continue };
        let key = (p, if by_product { c.product.clone() } else { None });
        let t = rows.entry(key).or_default();
        if c.over_gap {
            t.no_data_total += c.total;
        } else if sched_at(c.t) == Sched::Off {
            t.unscheduled_total += c.total;
        } else {
            let ideal = ctx.ideal(c.product.as_ref());
            t.total += c.total;
            t.reject += c.reject;
            t.ideal_total_s += ideal * c.total as f64;
            t.ideal_reject_s += ideal * c.reject as f64;
            t.reject_cost += ctx.unit_cost(c.product.as_ref()) * c.reject as f64;
        }
    }
    // Scrap is often entered after the shift: it belongs to the last period started.
    for s in history.scrap {
        let Some(p) = periods.partition_point(|p| p.start <= s.t).checked_sub(1) else {
            continue;
        };
        let key = (p, if by_product { s.product.clone() } else { None });
        let t = rows.entry(key).or_default();
        let ideal = ctx.ideal(s.product.as_ref());
        t.reject += s.quantity;
        if ctx.loss(s.reason.as_ref()) == Loss::Startup {
            t.ideal_startup_reject_s += ideal * s.quantity as f64;
        } else {
            t.ideal_reject_s += ideal * s.quantity as f64;
        }
        t.reject_cost += ctx.unit_cost(s.product.as_ref()) * s.quantity as f64;
    }
    rows.into_iter()
        .map(|((period, product), terms)| Row { period, product, terms })
        .collect()
}

/// A stop (or a run of one kind of stop) in the downtime report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stop {
    /// Start, clipped to the report range.
    pub start: Ts,
    /// End, clipped to the report range.
    pub end: Ts,
    /// The whole stop's start (its key in the store).
    pub stop_start: Ts,
    /// Reason, if coded.
    pub reason: Option<ReasonCode>,
    /// `down`, `small_stop` or `planned`.
    pub kind: StopKind,
}

/// What kind of stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopKind {
    /// Unplanned, at least `microstop_s`.
    Down,
    /// Unplanned, shorter than `microstop_s`.
    SmallStop,
    /// Planned.
    Planned,
}

impl StopKind {
    /// As printed.
    pub fn as_str(self) -> &'static str {
        match self {
            StopKind::Down => "down",
            StopKind::SmallStop => "small_stop",
            StopKind::Planned => "planned",
        }
    }
}

/// Every stop of a machine overlapping `[from, to)`.
pub fn stops(ctx: MachineContext<'_>, intervals: &[StateInterval], from: Ts, to: Ts) -> Vec<Stop> {
    let microstop_ms = (ctx.config.plant.microstop_s * 1000.0).round() as i64;
    intervals
        .iter()
        .filter(|i| i.end > from && i.start < to)
        .filter_map(|i| {
            let kind = match ctx.effective(i) {
                MachineState::Planned => StopKind::Planned,
                MachineState::Down if i.len_ms() < microstop_ms => StopKind::SmallStop,
                MachineState::Down => StopKind::Down,
                _ => return None,
            };
            Some(Stop {
                start: i.start.max(from),
                end: i.end.min(to),
                stop_start: i.start,
                reason: i.reason.clone(),
                kind,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
