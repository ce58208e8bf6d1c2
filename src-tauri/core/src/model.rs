//! The facts Takt records about a machine, as plain data.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{ProductId, ReasonCode};
use crate::time::{MINUTE_MS, Ts};

/// What a machine was doing (SPEC section 3). `not scheduled` is not a machine state:
/// it comes from the shift calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MachineState {
    /// Producing (or able to: the run signal is on).
    Running,
    /// An unplanned stop.
    Down,
    /// A planned stop: planned maintenance, a changeover marked planned.
    Planned,
    /// The machine did not answer; neither running nor down.
    NoData,
}

impl MachineState {
    /// The stored and printed name: `running`, `down`, `planned`, `no_data`.
    pub fn as_str(self) -> &'static str {
        match self {
            MachineState::Running => "running",
            MachineState::Down => "down",
            MachineState::Planned => "planned",
            MachineState::NoData => "no_data",
        }
    }

    /// The inverse of [`MachineState::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "running" => MachineState::Running,
            "down" => MachineState::Down,
            "planned" => MachineState::Planned,
            "no_data" | "no data" => MachineState::NoData,
            _ => return None,
        })
    }
}

impl fmt::Display for MachineState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A time interval `[start, end)` of one state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateInterval {
    /// Start, inclusive; also the interval's key for a machine.
    pub start: Ts,
    /// End, exclusive. While an interval is open this is the last time it was seen.
    pub end: Ts,
    /// What the machine was doing.
    pub state: MachineState,
    /// The stop's reason, when known.
    pub reason: Option<ReasonCode>,
    /// The raw fault code the machine reported for this stop, if any.
    pub fault_code: Option<u64>,
}

impl StateInterval {
    /// Length in milliseconds.
    pub fn len_ms(&self) -> i64 {
        self.end.since(self.start)
    }
}

/// What operators entered about a machine's stops: reasons and splits. Recorded
/// intervals are never rewritten; these entries are laid over them when they are read
/// ([`apply_stop_entries`]), by the reports and the live tile alike.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopEntries {
    /// The latest reason given to each stop (or part of a split stop), keyed by its start.
    pub reasons: std::collections::BTreeMap<Ts, ReasonCode>,
    /// Where stops were split, sorted: from there on the interval is another stop, keyed by
    /// that time.
    pub splits: Vec<Ts>,
}

/// Recorded intervals (sorted) with the operators' entries laid over them: each split
/// cuts the interval containing it, and each part takes the reason given to it (keyed by
/// its start), else the recorded one.
pub fn apply_stop_entries(recorded: Vec<StateInterval>, entries: &StopEntries) -> Vec<StateInterval> {
    if entries.reasons.is_empty() && entries.splits.is_empty() {
        return recorded;
    }
    let mut out = Vec::with_capacity(recorded.len() + entries.splits.len());
    let mut next = entries.splits.iter().copied().peekable();
    let given = |part: &mut StateInterval, recorded: &Option<ReasonCode>| {
        part.reason = entries.reasons.get(&part.start).cloned().or_else(|| recorded.clone());
    };
    for interval in recorded {
        while next.next_if(|&at| at <= interval.start).is_some() {}
        let recorded_reason = interval.reason.clone();
        let mut part = interval;
        given(&mut part, &recorded_reason);
        while let Some(at) = next.next_if(|&at| at < part.end) {
            let mut tail = part.clone();
            tail.start = at;
            given(&mut tail, &recorded_reason);
            part.end = at;
            out.push(part);
            part = tail;
        }
        out.push(part);
    }
    out
}

/// Parts counted over `[start, end)`; `start == end` for parts seen at one reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountIncrement {
    /// Start of the span the parts were made in.
    pub start: Ts,
    /// End of that span (equal to `start` for a single reading).
    pub end: Ts,
    /// The product being made, when the machine reports it.
    pub product: Option<ProductId>,
    /// Parts made.
    pub total: u64,
    /// Of which rejected by the machine.
    pub reject: u64,
    /// Recorded over a `no data` gap (Takt or the link was down).
    pub over_gap: bool,
}

/// Energy used over `[start, end)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnergyIncrement {
    /// Start of the span.
    pub start: Ts,
    /// End of the span (equal to `start` for a single reading).
    pub end: Ts,
    /// Kilowatt-hours.
    pub kwh: f64,
    /// The machine was running over the span (as the tracker saw it then).
    #[serde(default)]
    pub running: bool,
    /// Recorded over a `no data` gap (Takt or the link was down): neither run nor idle.
    #[serde(default)]
    pub over_gap: bool,
}

/// Energy summed over some time: all of it, and the parts used while running and over
/// `no data` gaps; the rest was used while the machine stood (down, planned, not
/// scheduled). `kwh` is the meter's movement, so `run + idle + no_data = kwh` always.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct EnergySums {
    /// The meter's movement, kWh.
    pub kwh: f64,
    /// Of which while running.
    pub run_kwh: f64,
    /// Of which over gaps in which Takt was away.
    pub no_data_kwh: f64,
}

impl EnergySums {
    /// Energy used while the machine stood, kWh: what is neither run nor over a gap.
    pub fn idle_kwh(&self) -> f64 {
        self.kwh - self.run_kwh - self.no_data_kwh
    }

    /// The sums of one increment (or a share of one).
    pub fn of(kwh: f64, running: bool, over_gap: bool) -> EnergySums {
        EnergySums {
            kwh,
            run_kwh: if running && !over_gap { kwh } else { 0.0 },
            no_data_kwh: if over_gap { kwh } else { 0.0 },
        }
    }
}

impl std::ops::AddAssign for EnergySums {
    fn add_assign(&mut self, o: EnergySums) {
        self.kwh += o.kwh;
        self.run_kwh += o.run_kwh;
        self.no_data_kwh += o.no_data_kwh;
    }
}

/// Which limit a process value passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    /// Above its `high` limit.
    High,
    /// Below its `low` limit.
    Low,
}

impl LimitKind {
    /// Its name in reports (`high`, `low`).
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::High => "high",
            LimitKind::Low => "low",
        }
    }

    /// From its name.
    pub fn parse(s: &str) -> Option<LimitKind> {
        match s {
            "high" => Some(LimitKind::High),
            "low" => Some(LimitKind::Low),
            _ => None,
        }
    }

    /// Whether `value` is beyond `limit` on this side.
    pub fn beyond(self, value: f64, limit: f64) -> bool {
        match self {
            LimitKind::High => value > limit,
            LimitKind::Low => value < limit,
        }
    }

    /// The worse of two values on this side.
    pub fn worse(self, a: f64, b: f64) -> f64 {
        match self {
            LimitKind::High => a.max(b),
            LimitKind::Low => a.min(b),
        }
    }
}

/// A process value outside one of its limits: from the first reading beyond it to the
/// first reading back inside (or, when readings stop, the last one beyond it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmEpisode {
    /// The process value's name.
    pub signal: String,
    /// Which limit.
    pub kind: LimitKind,
    /// The limit's value.
    pub limit: f64,
    /// The furthest reading beyond it.
    pub worst: f64,
    /// The first reading beyond it.
    pub start: Ts,
    /// The reading back inside, or the last reading beyond it while it is open.
    pub end: Ts,
    /// Still going on.
    pub open: bool,
}

impl AlarmEpisode {
    /// The value's limits and what a reading says: the limit it is beyond, if any (a
    /// value cannot be beyond both; a NaN is beyond neither).
    pub fn beyond(value: f64, low: Option<f64>, high: Option<f64>) -> Option<(LimitKind, f64)> {
        if let Some(h) = high.filter(|h| value > *h) {
            return Some((LimitKind::High, h));
        }
        low.filter(|l| value < *l).map(|l| (LimitKind::Low, l))
    }

    /// The milliseconds of it within `[from, to)`.
    pub fn overlap_ms(&self, from: Ts, to: Ts) -> i64 {
        (self.end.min(to).0 - self.start.max(from).0).max(0)
    }
}

/// Splits `n` items made over `[start, end)` into per-minute shares proportional to how
/// much of each minute the span covers (largest remainder, so the shares add up to `n`
/// exactly). A zero-length span puts everything in its minute.
pub fn spread_over_minutes(start: Ts, end: Ts, n: u64) -> Vec<(Ts, u64)> {
    let weights = minute_weights(start, end);
    if weights.len() == 1 || n == 0 {
        return vec![(weights[0].0, n)];
    }
    let total_ms: i64 = weights.iter().map(|w| w.1).sum();
    let mut shares: Vec<(Ts, u64, i64)> = weights
        .iter()
        .map(|&(m, w)| {
            let exact = n as u128 * w as u128;
            let q = (exact / total_ms as u128) as u64;
            let rem = (exact % total_ms as u128) as i64;
            (m, q, rem)
        })
        .collect();
    let given: u64 = shares.iter().map(|s| s.1).sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    // Largest remainder first; ties go to the earlier minute, so the result is deterministic.
    order.sort_by(|&a, &b| shares[b].2.cmp(&shares[a].2).then(a.cmp(&b)));
    for &i in order.iter().take((n - given) as usize) {
        shares[i].1 += 1;
    }
    shares.into_iter().filter(|s| s.1 > 0).map(|s| (s.0, s.1)).collect()
}

/// Splits an amount (energy) over the minutes of `[start, end)` proportionally.
pub fn spread_f64_over_minutes(start: Ts, end: Ts, amount: f64) -> Vec<(Ts, f64)> {
    let weights = minute_weights(start, end);
    let total_ms: i64 = weights.iter().map(|w| w.1).sum();
    if total_ms == 0 {
        return vec![(weights[0].0, amount)];
    }
    weights
        .into_iter()
        .map(|(m, w)| (m, amount * w as f64 / total_ms as f64))
        .collect()
}

/// Each minute touched by `[start, end)` with the milliseconds of it covered.
fn minute_weights(start: Ts, end: Ts) -> Vec<(Ts, i64)> {
    if end <= start {
        return vec![(start.minute_floor(), 0)];
    }
    let mut out = Vec::new();
    let mut m = start.minute_floor();
    while m < end {
        let next = Ts(m.0 + MINUTE_MS);
        let covered = next.0.min(end.0) - m.0.max(start.0);
        out.push((m, covered));
        m = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spread_is_proportional() {
        // 90 s from 00:00:30: half a minute, a whole minute, nothing more.
        let s = spread_over_minutes(Ts(30_000), Ts(120_000), 30);
        assert_eq!(s, vec![(Ts(0), 10), (Ts(60_000), 20)]);
    }

    #[test]
    fn spread_of_a_point_is_one_bucket() {
        assert_eq!(spread_over_minutes(Ts(61_000), Ts(61_000), 7), vec![(Ts(60_000), 7)]);
    }

    proptest! {
        #[test]
        fn spread_adds_up(start in 0i64..10_000_000, len in 0i64..50_000_000, n in 0u64..1_000_000) {
            let s = spread_over_minutes(Ts(start), Ts(start + len), n);
            prop_assert_eq!(s.iter().map(|x| x.1).sum::<u64>(), n);
            for (m, _) in &s {
                prop_assert!(m.0 % MINUTE_MS == 0);
                prop_assert!(*m >= Ts(start).minute_floor() && (len == 0 || m.0 < start + len));
            }
        }
    }
}

/// Parts counted in one bucket of time (a minute, or a longer span summed by the store).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountRow {
    /// Start of the bucket.
    pub t: Ts,
    /// Product.
    pub product: Option<ProductId>,
    /// Counted over a `no data` gap.
    pub over_gap: bool,
    /// Parts made.
    pub total: u64,
    /// Of which rejected by the machine.
    pub reject: u64,
}

/// Scrap entered by an operator (or imported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScrapEntry {
    /// When the parts were scrapped.
    pub t: Ts,
    /// How many.
    pub quantity: u64,
    /// Why.
    pub reason: Option<ReasonCode>,
    /// Which product.
    pub product: Option<ProductId>,
}

/// A stretch of time a machine made one product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRun {
    /// Start.
    pub start: Ts,
    /// End.
    pub end: Ts,
    /// The product (`None`: none known).
    pub product: Option<ProductId>,
}

/// What happened to a component (SPEC section 4, `maintenance` import).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceKind {
    /// The component failed and was replaced or repaired.
    Failure,
    /// Replaced before failure (preventive): a suspension for life models.
    Replacement,
    /// Serviced per plan.
    Service,
    /// Inspected.
    Inspection,
}

impl MaintenanceKind {
    /// As written in CSV and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            MaintenanceKind::Failure => "failure",
            MaintenanceKind::Replacement => "replacement",
            MaintenanceKind::Service => "service",
            MaintenanceKind::Inspection => "inspection",
        }
    }

    /// Whether the event puts a new (or repaired) part in place, ending one life and
    /// starting the next: a failure (repaired or replaced) or a replacement.
    pub fn installs(self) -> bool {
        matches!(self, MaintenanceKind::Failure | MaintenanceKind::Replacement)
    }

    /// Whether the event puts the part back to as good as new, as a plan and a condition
    /// trend count from: an install, or the plan's service (an inspection changes nothing).
    pub fn resets(self) -> bool {
        self.installs() || self == MaintenanceKind::Service
    }

    /// With its article, for sentences: "a failure", "an inspection".
    pub fn with_article(self) -> &'static str {
        match self {
            MaintenanceKind::Failure => "a failure",
            MaintenanceKind::Replacement => "a replacement",
            MaintenanceKind::Service => "a service",
            MaintenanceKind::Inspection => "an inspection",
        }
    }

    /// The inverse of [`MaintenanceKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "failure" => MaintenanceKind::Failure,
            "replacement" => MaintenanceKind::Replacement,
            "service" => MaintenanceKind::Service,
            "inspection" => MaintenanceKind::Inspection,
            _ => return None,
        })
    }
}

/// A maintenance log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaintenanceEvent {
    /// The component.
    pub component: String,
    /// When.
    pub t: Ts,
    /// What happened.
    pub kind: MaintenanceKind,
    /// How long the work took, minutes.
    pub duration_min: f64,
    /// Free text.
    pub note: String,
}

/// A process value's readings within one minute.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProcessMinute {
    /// The minute.
    pub minute: Ts,
    /// Readings.
    pub n: u64,
    /// Lowest.
    pub min: f64,
    /// Mean.
    pub avg: f64,
    /// Highest.
    pub max: f64,
}
