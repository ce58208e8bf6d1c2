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
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
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
    /// Of the rejects, parts entered with a rework reason (`kind = "rework"`).
    pub rework: u64,
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
    /// Sums term by term; counts saturate rather than wrap (they are bounded far below at
    /// import and by the counter rule, so this never happens in practice).
    fn add_assign(&mut self, o: Terms) {
        self.all_ms = self.all_ms.saturating_add(o.all_ms);
        self.scheduled_ms = self.scheduled_ms.saturating_add(o.scheduled_ms);
        self.planned_stop_ms = self.planned_stop_ms.saturating_add(o.planned_stop_ms);
        self.no_data_ms = self.no_data_ms.saturating_add(o.no_data_ms);
        self.down_ms = self.down_ms.saturating_add(o.down_ms);
        self.setup_ms = self.setup_ms.saturating_add(o.setup_ms);
        self.small_stop_ms = self.small_stop_ms.saturating_add(o.small_stop_ms);
        self.failures = self.failures.saturating_add(o.failures);
        self.total = self.total.saturating_add(o.total);
        self.reject = self.reject.saturating_add(o.reject);
        self.rework = self.rework.saturating_add(o.rework);
        self.ideal_total_s += o.ideal_total_s;
        self.ideal_reject_s += o.ideal_reject_s;
        self.ideal_startup_reject_s += o.ideal_startup_reject_s;
        self.reject_cost += o.reject_cost;
        self.no_data_total = self.no_data_total.saturating_add(o.no_data_total);
        self.unscheduled_total = self.unscheduled_total.saturating_add(o.unscheduled_total);
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
    /// Reduced speed (performance); 0 when performance is above 1 (flagged).
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
    /// it is reported as it is, never clipped (see [`Flag::PerformanceAboveOne`]).
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

    /// Down time / failures (stops of at least `microstop_s`), seconds: the mean time to
    /// repair as the stops show it (`mttr_stop_s`; [`Extra::mttr_s`] prefers the log).
    pub fn mttr_stop_s(&self) -> Option<f64> {
        ratio(self.down_ms as f64 / 1000.0, self.failures as f64)
    }

    /// ISO 22400-2 actual production time (APT): run time less small stops, ms.
    pub fn apt_ms(&self) -> i64 {
        self.run_ms() - self.small_stop_ms
    }

    /// ISO 22400-2 actual unit busy time (AUBT): producing, in small stops (delays,
    /// ADET) and in setups (AUST), ms.
    pub fn aubt_ms(&self) -> i64 {
        self.run_ms() + self.setup_ms
    }

    /// Allocation efficiency, AUBT / PBT (planned busy time: planned production time).
    pub fn allocation_efficiency(&self) -> Option<f64> {
        ratio(self.aubt_ms() as f64, self.planned_ms() as f64)
    }

    /// Utilisation efficiency, APT / AUBT.
    pub fn utilisation_efficiency(&self) -> Option<f64> {
        ratio(self.apt_ms() as f64, self.aubt_ms() as f64)
    }

    /// Technical efficiency, APT / (APT + ADET): producing over producing and small stops.
    pub fn technical_efficiency(&self) -> Option<f64> {
        ratio(self.apt_ms() as f64, (self.apt_ms() + self.small_stop_ms) as f64)
    }

    /// Setup rate, AUST / (APT + AUST).
    pub fn setup_rate(&self) -> Option<f64> {
        ratio(self.setup_ms as f64, (self.apt_ms() + self.setup_ms) as f64)
    }

    /// Net equipment effectiveness, utilisation efficiency x effectiveness x quality ratio,
    /// where effectiveness is ideal time / APT: ideal time of the parts over AUBT, times
    /// quality (so several machines combine as OEE does).
    pub fn nee(&self) -> Option<f64> {
        Some(ratio(self.ideal_total_s * 1000.0, self.aubt_ms() as f64)? * self.quality()?)
    }

    /// Throughput rate, parts per hour of planned production time.
    pub fn throughput_per_h(&self) -> Option<f64> {
        ratio(self.total as f64 * 3_600_000.0, self.planned_ms() as f64)
    }

    /// First pass yield: parts good the first time (neither rejected nor reworked) over
    /// all parts.
    pub fn first_pass_yield(&self) -> Option<f64> {
        ratio(self.good() as f64, self.total as f64)
    }

    /// Scrap ratio: rejects that were not reworked over all parts.
    pub fn scrap_ratio(&self) -> Option<f64> {
        ratio(self.reject.saturating_sub(self.rework) as f64, self.total as f64)
    }

    /// Rework ratio: reworked parts over all parts.
    pub fn rework_ratio(&self) -> Option<f64> {
        ratio(self.rework as f64, self.total as f64)
    }

    /// The six big losses. They add up with the ideal time of good parts to the planned
    /// production time, except when performance is above 1: reduced speed is then clamped
    /// at 0 (the row is flagged, see [`Flag::PerformanceAboveOne`]).
    pub fn losses(&self) -> SixLosses {
        let small = self.small_stop_ms as f64 / 1000.0;
        SixLosses {
            breakdowns_s: (self.down_ms - self.setup_ms) as f64 / 1000.0,
            setups_s: self.setup_ms as f64 / 1000.0,
            small_stops_s: small,
            reduced_speed_s: (self.run_ms() as f64 / 1000.0 - small - self.ideal_total_s).max(0.0),
            production_rejects_s: self.ideal_reject_s,
            startup_rejects_s: self.ideal_startup_reject_s,
        }
    }

    /// Whether nothing but calendar time is in these terms (no scheduled time, no parts).
    fn is_only_calendar_time(&self) -> bool {
        Terms { all_ms: 0, ..*self } == Terms::default()
    }
}

/// Something in a row's figures a supervisor should look at. Each is kept on every row
/// that includes the machine it is about (the `ALL` rows too).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "flag")]
pub enum Flag {
    /// Performance above 1: the ideal cycle time is too long. With the best cycle the
    /// machine sustained over an hour of running, when it ran that long.
    PerformanceAboveOne {
        /// The best sustained cycle, seconds.
        best_cycle_s: Option<f64>,
    },
    /// No reject signal and no scrap entered: quality assumes every part good.
    QualityUnmeasured,
    /// More rejects than parts.
    MoreRejectsThanParts,
    /// Parts counted without run time.
    PartsWithoutRunTime,
}

impl Flag {
    /// In words, as reports print it.
    pub fn message(&self) -> String {
        match self {
            Flag::PerformanceAboveOne { best_cycle_s: None } => {
                "performance above 1: the ideal cycle time is too long".into()
            }
            Flag::PerformanceAboveOne { best_cycle_s: Some(c) } => format!(
                "performance above 1: the ideal cycle time is too long; the best cycle sustained over an hour of running was {} s",
                cycle_text(*c)
            ),
            Flag::QualityUnmeasured => "no reject signal and no scrap entered: quality assumes every part good".into(),
            Flag::MoreRejectsThanParts => "more rejects than parts".into(),
            Flag::PartsWithoutRunTime => "parts counted without run time".into(),
        }
    }
}

/// A value to 3 significant digits, for a suggestion.
/// A cycle time as the flag and `takt check` suggest it: 3 significant digits (0.896).
pub fn cycle_text(x: f64) -> String {
    if !x.is_finite() || x <= 0.0 {
        return x.to_string();
    }
    let digits = (2 - x.log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

/// The flags of one machine's row. `rejects_measured`: the machine has a reject counter
/// (or its history has rejects from another source, such as an import).
pub fn flags(t: &Terms, rejects_measured: bool, best_cycle_s: Option<f64>) -> Vec<Flag> {
    let mut f = Vec::new();
    if t.performance().is_some_and(|p| p > 1.0) {
        f.push(Flag::PerformanceAboveOne { best_cycle_s });
    }
    if t.quality().is_some() && t.reject == 0 && !rejects_measured {
        f.push(Flag::QualityUnmeasured);
    }
    if t.reject > t.total {
        f.push(Flag::MoreRejectsThanParts);
    }
    if t.run_ms() <= 0 && t.total > 0 {
        f.push(Flag::PartsWithoutRunTime);
    }
    f
}

/// The time a machine was observed: from its first record to now (the caller's clock).
/// Time outside it is in no column of any report, and a period wholly outside it has no
/// row: a machine installed last week has no `no data` for the month before, and tonight's
/// shift has no row yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Observed {
    /// The machine's first record.
    pub start: Ts,
    /// Now.
    pub end: Ts,
}

impl Observed {
    /// All of time: for tests and for history that is known to be complete.
    pub const ALWAYS: Observed = Observed {
        start: Ts(i64::MIN / 4),
        end: Ts(i64::MAX / 4),
    };

    /// `[from, to)` clipped to the observation, if anything is left.
    pub fn clip(&self, from: Ts, to: Ts) -> Option<(Ts, Ts)> {
        let (a, b) = (from.max(self.start), to.min(self.end));
        (a < b).then_some((a, b))
    }
}

/// A machine's recorded history over (at least) a report range, as the store returns it.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// State intervals, sorted by start, not overlapping, with the operators' reasons and
    /// splits applied. Stops that began before the range should be included whole, so
    /// their length is known.
    pub intervals: &'a [StateInterval],
    /// Counts, sorted by time: per-minute buckets, or their sums per [`count_spans`].
    pub counts: &'a [CountRow],
    /// Operator scrap, sorted by time.
    pub scrap: &'a [ScrapEntry],
    /// Product runs, sorted by start.
    pub products: &'a [ProductRun],
    /// When the machine was observed.
    pub observed: Observed,
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
    /// What in them deserves a look.
    pub flags: Vec<Flag>,
    /// The machine's maintenance log and energy over the period (by product: MTTF and
    /// MTTR from the stops, no energy).
    pub extra: Extra,
}

/// What the OEE report takes from beyond a machine's time and counts, per period: its
/// maintenance log and its energy meter. Each machine's row resolves where its failures
/// and repairs come from ([`Extra::new`]), so `ALL` rows sum them as they sum time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Extra {
    /// Failures MTTF and MTTR count: the maintenance log's where the machine has a log,
    /// else its stops of at least `microstop_s`.
    pub failures: u64,
    /// Their repair time, s: the log's failure durations, else the down time.
    pub repair_s: f64,
    /// Corrective maintenance in the log (failures), s.
    pub corrective_s: f64,
    /// Preventive maintenance in the log (replacements, services, inspections), s.
    pub preventive_s: f64,
    /// The energy report's piece for the machine and period (`None` without a meter).
    pub energy: Option<crate::energy::Piece>,
}

/// A machine's maintenance log over a period: failures and their repair minutes, and
/// the minutes of preventive work.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LogPart {
    /// Failures.
    pub failures: u64,
    /// Their repair time, minutes.
    pub repair_min: f64,
    /// Replacements, services and inspections, minutes.
    pub preventive_min: f64,
}

impl Extra {
    /// A machine row's extra: `log` is its maintenance log over the period when the
    /// machine has a log at all (`None`: MTTF and MTTR come from its stops).
    pub fn new(t: &Terms, log: Option<LogPart>, energy: Option<crate::energy::Piece>) -> Extra {
        match log {
            Some(l) => Extra {
                failures: l.failures,
                repair_s: l.repair_min * 60.0,
                corrective_s: l.repair_min * 60.0,
                preventive_s: l.preventive_min * 60.0,
                energy,
            },
            None => Extra {
                failures: t.failures,
                repair_s: t.down_ms as f64 / 1000.0,
                energy,
                ..Extra::default()
            },
        }
    }

    /// Mean time to failure: run time / failures (the log's where there is one), s.
    pub fn mttf_s(&self, t: &Terms) -> Option<f64> {
        ratio(t.run_ms() as f64 / 1000.0, self.failures as f64)
    }

    /// Mean time to repair: repair time / repairs, from the maintenance log where there
    /// is one (SPEC 5), else down time / failures ([`Terms::mttr_stop_s`]), s.
    pub fn mttr_s(&self) -> Option<f64> {
        ratio(self.repair_s, self.failures as f64)
    }

    /// Corrective maintenance ratio: corrective time / all maintenance time, from the log.
    pub fn corrective_ratio(&self) -> Option<f64> {
        ratio(self.corrective_s, self.corrective_s + self.preventive_s)
    }

    /// Energy per good part, kWh ([`crate::energy::kwh_per_good`]).
    pub fn kwh_per_good(&self) -> Option<f64> {
        self.energy.as_ref().and_then(crate::energy::kwh_per_good)
    }
}

impl std::ops::AddAssign for Extra {
    fn add_assign(&mut self, o: Extra) {
        self.failures = self.failures.saturating_add(o.failures);
        self.repair_s += o.repair_s;
        self.corrective_s += o.corrective_s;
        self.preventive_s += o.preventive_s;
        self.energy = match (self.energy, o.energy) {
            (Some(mut a), Some(b)) => {
                a += b;
                Some(a)
            }
            (a, b) => a.or(b),
        };
    }
}

/// Puts the best cycle a machine sustained over an hour of running (see
/// [`best_sustained_cycle_s`]) into the performance flags of its rows.
pub fn suggest_cycle(rows: &mut [Row], best: Option<f64>) {
    for f in rows.iter_mut().flat_map(|r| r.flags.iter_mut()) {
        if let Flag::PerformanceAboveOne { best_cycle_s } = f {
            *best_cycle_s = best;
        }
    }
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
    pub fn effective(&self, i: &StateInterval) -> MachineState {
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

    fn microstop_ms(&self) -> i64 {
        (self.config.plant.microstop_s * 1000.0).round() as i64
    }
}

/// What a stretch of a machine's observed time was, by the rules of SPEC section 5. This
/// one classification feeds the OEE terms, the downtime report, MTBF/MTTR, the Stops page
/// and the live tile, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// Outside every shift: in `all_s` only.
    NotScheduled,
    /// Producing (small stops are separate, see [`TimeKind::SmallStop`]).
    Running,
    /// Scheduled, and the machine did not answer (or nothing was recorded).
    NoData,
    /// A break while the machine stood: a planned stop.
    Break,
    /// A planned stop: the planned state, or a stop with a planned reason.
    Planned,
    /// An unplanned stop of at least `microstop_s`.
    Down,
    /// An unplanned stop shorter than `microstop_s` (run time; a performance loss).
    SmallStop,
}

/// A stretch of time of one kind, and the interval it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    start: Ts,
    end: Ts,
    kind: TimeKind,
    /// Index into the intervals.
    interval: Option<usize>,
}

/// The unplanned stretches of a stop: its time in scheduled work (not in a break, not
/// outside shifts), as contiguous runs. `sched` must cover the whole interval.
fn unplanned_runs(sched: &[(Ts, Ts, Sched)], i: &StateInterval) -> Vec<(Ts, Ts)> {
    let mut runs: Vec<(Ts, Ts)> = Vec::new();
    let k = sched.partition_point(|s| s.1 <= i.start);
    for s in sched[k..].iter().take_while(|s| s.0 < i.end) {
        if s.2 != Sched::Work {
            continue;
        }
        let (a, b) = (s.0.max(i.start), s.1.min(i.end));
        match runs.last_mut() {
            Some(last) if last.1 == a => last.1 = b,
            _ if a < b => runs.push((a, b)),
            _ => {}
        }
    }
    runs
}

/// The span the schedule must cover to classify `intervals` over `[from, to)`: the range,
/// and every stop overlapping it whole (a stop's length decides whether it is small).
fn schedule_span(ctx: MachineContext<'_>, intervals: &[StateInterval], from: Ts, to: Ts) -> (Ts, Ts) {
    intervals
        .iter()
        .filter(|i| i.end > from && i.start < to && ctx.effective(i) == MachineState::Down)
        .fold((from, to), |(a, b), i| (a.min(i.start), b.max(i.end)))
}

/// Classifies the observed time between consecutive `cuts` (sorted, without duplicates,
/// and including every boundary of `sched` and of the intervals inside the range).
/// `sched` covers at least [`schedule_span`].
///
/// A stop is judged small or not by each unplanned stretch of it: the machine that stood
/// through its break and started a minute after it had a small stop of a minute, not a
/// breakdown of 31 minutes; a stop that went on beyond the report's range keeps its whole
/// length.
fn classify(
    ctx: MachineContext<'_>,
    sched: &[(Ts, Ts, Sched)],
    intervals: &[StateInterval],
    cuts: &[Ts],
) -> Vec<Piece> {
    let microstop_ms = ctx.microstop_ms();
    let mut out = Vec::with_capacity(cuts.len());
    let (mut si, mut ii) = (0usize, 0usize);
    let mut runs: Option<(usize, Vec<(Ts, Ts)>)> = None;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        while si < sched.len() && sched[si].1 <= a {
            si += 1;
        }
        let when = sched.get(si).filter(|s| s.0 <= a).map_or(Sched::Off, |s| s.2);
        while ii < intervals.len() && intervals[ii].end <= a {
            ii += 1;
        }
        let interval = (ii < intervals.len() && intervals[ii].start <= a).then_some(ii);
        let kind = match (when, interval.map(|i| (&intervals[i], ctx.effective(&intervals[i])))) {
            (Sched::Off, _) => TimeKind::NotScheduled,
            (_, None | Some((_, MachineState::NoData))) => TimeKind::NoData,
            (_, Some((_, MachineState::Running))) => TimeKind::Running,
            (_, Some((_, MachineState::Planned))) => TimeKind::Planned,
            // A break is a planned stop while the machine stands; a machine that runs
            // through a break is producing, and that time is production time.
            (Sched::Break, Some((_, MachineState::Down))) => TimeKind::Break,
            (Sched::Work, Some((i, MachineState::Down))) => {
                if runs.as_ref().is_none_or(|(k, _)| *k != ii) {
                    runs = Some((ii, unplanned_runs(sched, i)));
                }
                let len = runs
                    .as_ref()
                    .and_then(|(_, r)| r.iter().find(|r| r.0 <= a && a < r.1))
                    .map_or(i.len_ms(), |r| r.1.since(r.0));
                if len < microstop_ms {
                    TimeKind::SmallStop
                } else {
                    TimeKind::Down
                }
            }
        };
        out.push(Piece {
            start: a,
            end: b,
            kind,
            interval,
        });
    }
    out
}

/// The sorted, distinct cut points of `[from, to)`: its ends, `extra`, the schedule's and
/// the intervals' boundaries inside it.
fn cuts(from: Ts, to: Ts, sched: &[(Ts, Ts, Sched)], intervals: &[StateInterval], extra: &[Ts]) -> Vec<Ts> {
    let mut cuts: Vec<Ts> = Vec::with_capacity(2 + extra.len() + 2 * (sched.len() + intervals.len()));
    cuts.extend([from, to]);
    cuts.extend_from_slice(extra);
    for s in sched {
        cuts.extend([s.0, s.1]);
    }
    for i in intervals {
        cuts.extend([i.start, i.end]);
    }
    cuts.retain(|t| *t >= from && *t <= to);
    cuts.sort_unstable();
    cuts.dedup();
    cuts
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

/// Computes one machine's terms for each period (and product, when `by_product`) that
/// its observation touches.
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
    let range_from = from;
    let Some((from, to)) = history.observed.clip(from, to) else {
        return Vec::new();
    };
    let (sa, sb) = schedule_span(ctx, history.intervals, from, to);
    let sched = schedule(&cal.blocks(sa, sb), sa, sb);
    let mut extra: Vec<Ts> = periods.iter().flat_map(|p| [p.start, p.end]).collect();
    if by_product {
        extra.extend(history.products.iter().flat_map(|r| [r.start, r.end]));
    }
    let cuts = cuts(from, to, &sched, history.intervals, &extra);
    let pieces = classify(ctx, &sched, history.intervals, &cuts);

    let mut rows: BTreeMap<(usize, Option<ProductId>), Terms> = BTreeMap::new();
    let mut counted_stop: BTreeMap<(usize, Option<ProductId>), Ts> = BTreeMap::new();
    let (mut pi, mut ri) = (0usize, 0usize);
    for piece in &pieces {
        let (a, len) = (piece.start, piece.end.0 - piece.start.0);
        while pi < periods.len() && periods[pi].end <= a {
            pi += 1;
        }
        if pi >= periods.len() || periods[pi].start > a {
            continue; // between periods (off shift when grouping by shift)
        }
        let product = if by_product {
            while ri < history.products.len() && history.products[ri].end <= a {
                ri += 1;
            }
            // Time the machine did not answer was spent on no known product.
            history
                .products
                .get(ri)
                .filter(|r| r.start <= a && piece.kind != TimeKind::NoData)
                .and_then(|r| r.product.clone())
        } else {
            None
        };
        let key = (pi, product);
        let t = rows.entry(key.clone()).or_default();
        t.all_ms += len;
        if piece.kind != TimeKind::NotScheduled {
            t.scheduled_ms += len;
        }
        match piece.kind {
            TimeKind::NotScheduled | TimeKind::Running => {}
            TimeKind::NoData => t.no_data_ms += len,
            TimeKind::Break | TimeKind::Planned => t.planned_stop_ms += len,
            TimeKind::SmallStop => t.small_stop_ms += len,
            TimeKind::Down => {
                let Some(i) = piece.interval.map(|i| &history.intervals[i]) else {
                    continue;
                };
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
        if c.t < range_from || c.t >= to {
            continue;
        }
        // A row timed before the observation began (a span the machine was first seen
        // inside, or the minute of its first reading) holds parts counted from then on.
        let at = c.t.max(from);
        let Some(p) = find_period(at) else { continue };
        let key = (p, if by_product { c.product.clone() } else { None });
        let t = rows.entry(key).or_default();
        if c.over_gap {
            t.no_data_total = t.no_data_total.saturating_add(c.total);
        } else if sched_at(at) == Sched::Off {
            t.unscheduled_total = t.unscheduled_total.saturating_add(c.total);
        } else {
            let ideal = ctx.ideal(c.product.as_ref());
            t.total = t.total.saturating_add(c.total);
            t.reject = t.reject.saturating_add(c.reject);
            t.ideal_total_s += ideal * c.total as f64;
            t.ideal_reject_s += ideal * c.reject as f64;
            t.reject_cost += ctx.unit_cost(c.product.as_ref()) * c.reject as f64;
        }
    }
    // Scrap is often entered after the shift: it belongs to the last period started (and
    // never to one before the machine was observed).
    let first_observed = periods.partition_point(|p| p.end <= from);
    let rejects_measured = ctx.machine.signals.reject_count.is_some();
    for s in history.scrap {
        let Some(p) = periods.partition_point(|p| p.start <= s.t).checked_sub(1) else {
            continue;
        };
        let key = (p.max(first_observed), if by_product { s.product.clone() } else { None });
        let t = rows.entry(key).or_default();
        let ideal = ctx.ideal(s.product.as_ref());
        t.reject = t.reject.saturating_add(s.quantity);
        if ctx.loss(s.reason.as_ref()) == Loss::Rework {
            t.rework = t.rework.saturating_add(s.quantity);
        }
        if ctx.loss(s.reason.as_ref()) == Loss::Startup {
            t.ideal_startup_reject_s += ideal * s.quantity as f64;
        } else {
            t.ideal_reject_s += ideal * s.quantity as f64;
        }
        t.reject_cost += ctx.unit_cost(s.product.as_ref()) * s.quantity as f64;
    }
    rows.into_iter()
        // By product, time outside shifts before the first product run is all a row of no
        // product would hold: nothing to report.
        .filter(|((_, product), t)| !(by_product && product.is_none() && t.is_only_calendar_time()))
        .map(|((period, product), terms)| Row {
            period,
            product,
            flags: flags(&terms, rejects_measured, None),
            extra: Extra::new(&terms, None, None),
            terms,
        })
        .collect()
}

/// A stop (or the part of one that is of one kind) in the downtime report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stop {
    /// Start, clipped to the report range.
    pub start: Ts,
    /// End, clipped to the report range.
    pub end: Ts,
    /// The whole stop's start (its key in the store).
    pub stop_start: Ts,
    /// Reason, if coded (none for the part of a stop in a break: the break is its reason).
    pub reason: Option<ReasonCode>,
    /// `down`, `small_stop` or `planned`.
    pub kind: StopKind,
    /// The machine stood through a break (a planned stop).
    pub on_break: bool,
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

/// Every stop of a machine in `[from, to)`, classified exactly as [`machine_terms`]
/// classifies time: a stop is cut where a break or the schedule cuts it, time outside
/// shifts and outside the observation is no stop, and the part of a stop in a break is a
/// planned stop. So, per machine, the stops' `down` time is the OEE report's `down_s`, and
/// their planned time its `planned_stop_s`, on every range.
pub fn stops(
    ctx: MachineContext<'_>,
    cal: &Calendar,
    observed: Observed,
    intervals: &[StateInterval],
    from: Ts,
    to: Ts,
) -> Vec<Stop> {
    let Some((from, to)) = observed.clip(from, to) else {
        return Vec::new();
    };
    let (sa, sb) = schedule_span(ctx, intervals, from, to);
    let sched = schedule(&cal.blocks(sa, sb), sa, sb);
    let cuts = cuts(from, to, &sched, intervals, &[]);
    let mut out: Vec<(Stop, usize)> = Vec::new();
    for piece in classify(ctx, &sched, intervals, &cuts) {
        let Some(ii) = piece.interval else { continue };
        let i = &intervals[ii];
        let (kind, on_break) = match piece.kind {
            TimeKind::Down => (StopKind::Down, false),
            TimeKind::SmallStop => (StopKind::SmallStop, false),
            TimeKind::Planned => (StopKind::Planned, false),
            TimeKind::Break => (StopKind::Planned, true),
            TimeKind::NotScheduled | TimeKind::Running | TimeKind::NoData => continue,
        };
        if let Some((last, last_ii)) = out.last_mut()
            && *last_ii == ii
            && last.end == piece.start
            && last.kind == kind
            && last.on_break == on_break
        {
            last.end = piece.end;
            continue;
        }
        out.push((
            Stop {
                start: piece.start,
                end: piece.end,
                stop_start: i.start,
                reason: if on_break { None } else { i.reason.clone() },
                kind,
                on_break,
            },
            ii,
        ));
    }
    out.into_iter().map(|(s, _)| s).collect()
}

/// What the live tile shows of a machine's current interval at `now`: the kind of time it
/// is in by the same rules as the reports (a stop in a break is a planned stop, a stop
/// with a planned reason too).
pub fn time_kind_at(ctx: MachineContext<'_>, cal: &Calendar, interval: &StateInterval, now: Ts) -> TimeKind {
    // The machine is in its current state until a reading says otherwise.
    let at = now.max(interval.start);
    let next = Ts(at.0 + 1);
    let current = StateInterval {
        end: interval.end.max(next),
        ..interval.clone()
    };
    let (sa, sb) = schedule_span(ctx, std::slice::from_ref(&current), at, next);
    let sched = schedule(&cal.blocks(sa, sb), sa, sb);
    classify(ctx, &sched, std::slice::from_ref(&current), &[at, next])
        .first()
        .map_or(TimeKind::NoData, |p| p.kind)
}

/// The best cycle a machine sustained over an hour of running: the shortest mean cycle
/// time, in seconds, over any 60 consecutive minutes in which it ran the whole time.
/// `counts` are per-minute buckets. When performance is above 1, this is what the ideal
/// cycle time should probably be.
pub fn best_sustained_cycle_s(intervals: &[StateInterval], counts: &[CountRow]) -> Option<f64> {
    const WINDOW: usize = 60;
    // Minutes wholly inside a running interval, with their parts.
    let mut minutes: BTreeMap<i64, u64> = BTreeMap::new();
    for c in counts.iter().filter(|c| !c.over_gap) {
        *minutes.entry(c.t.minute_floor().0).or_default() += c.total;
    }
    let mut best: Option<u64> = None;
    for i in intervals.iter().filter(|i| i.state == MachineState::Running) {
        let first = Ts(i.start.0 + crate::time::MINUTE_MS - 1).minute_floor().0;
        let last = i.end.minute_floor().0; // exclusive
        let n = ((last - first) / crate::time::MINUTE_MS).max(0) as usize;
        if n < WINDOW {
            continue;
        }
        let parts: Vec<u64> = (0..n)
            .map(|k| {
                minutes
                    .get(&(first + k as i64 * crate::time::MINUTE_MS))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        let mut sum: u64 = parts[..WINDOW].iter().sum();
        let mut top = sum;
        for k in WINDOW..n {
            sum = sum + parts[k] - parts[k - WINDOW];
            top = top.max(sum);
        }
        best = Some(best.map_or(top, |b: u64| b.max(top)));
    }
    best.filter(|&p| p > 0).map(|p| 3600.0 / p as f64)
}

/// A machine (and product) that sustained a shorter cycle over an hour of running than its
/// ideal cycle time: the ideal is too long, and performance comes out above 1.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleFinding {
    /// The product, for a machine that made several (`None`: the machine as a whole).
    pub product: Option<ProductId>,
    /// The best cycle sustained over an hour of running ([`best_sustained_cycle_s`]).
    pub best_s: f64,
    /// The ideal cycle time the config gives.
    pub ideal_s: f64,
}

/// Where `machine`'s history (`intervals`, per-minute `counts`) beats its ideal cycle
/// time: for the machine as a whole when its parts carry no product, else for each
/// product it made, against that product's ideal cycle time.
pub fn cycle_findings(
    machine: &Machine,
    products: &[crate::config::Product],
    intervals: &[StateInterval],
    counts: &[CountRow],
) -> Vec<CycleFinding> {
    let mut made: Vec<Option<&ProductId>> = counts
        .iter()
        .filter(|c| c.total > 0 && !c.over_gap)
        .map(|c| c.product.as_ref())
        .collect();
    made.sort();
    made.dedup();
    let several = made.iter().any(Option::is_some);
    let mut out = Vec::new();
    for product in made.into_iter().filter(|p| p.is_some() == several) {
        let of_product: Vec<CountRow> = counts
            .iter()
            .filter(|c| c.product.as_ref() == product)
            .cloned()
            .collect();
        let (Some(best), Some(ideal)) = (
            best_sustained_cycle_s(intervals, &of_product),
            machine.ideal_cycle(product, products),
        ) else {
            continue;
        };
        if best < ideal {
            out.push(CycleFinding {
                product: product.cloned(),
                best_s: best,
                ideal_s: ideal,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
