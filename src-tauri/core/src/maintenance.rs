//! Maintenance figures from what the store recorded: run time as a function of time, the
//! lives of a component between installs, tasks due by usage-based plans, the Weibull
//! row of a component and the Crow-AMSAA row of a machine. Pure: the app layer reads the
//! store and calls these; the CLI, the window and every report show their results.

use serde::{Deserialize, Serialize};

use crate::config::{MaintenanceInterval, MaintenancePlan};
use crate::ids::MachineId;
use crate::model::{MachineState, MaintenanceEvent, MaintenanceKind, StateInterval};
use crate::reliability::{CrowAmsaa, NoFit, Weibull};
use crate::time::{DAY_MS, HOUR_MS, Ts};

/// The days of usage a projection is made from.
pub const USAGE_DAYS: i64 = 14;

/// The conditional probability of failure at which a component is due (`next_due`),
/// unless the config says otherwise.
pub const DEFAULT_RISK: f64 = 0.10;

/// The confidence of every two-sided bound and of the trend test.
pub const CONFIDENCE: f64 = 0.9;

/// How far ahead `p_fail_30d` looks, days.
pub const RISK_DAYS: f64 = 30.0;

/// A machine's run time as a function of time: its `running` intervals, with the run
/// time before each summed, so the run time between two instants costs a binary search.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// Running spans, sorted, not overlapping (ms).
    spans: Vec<(i64, i64)>,
    /// Run time before each span (ms).
    before: Vec<i64>,
}

impl Usage {
    /// From a machine's intervals (sorted by start, as the store returns them).
    pub fn new(intervals: &[StateInterval]) -> Usage {
        let mut spans: Vec<(i64, i64)> = Vec::new();
        for i in intervals.iter().filter(|i| i.state == MachineState::Running) {
            let start = spans.last().map_or(i.start.0, |l| i.start.0.max(l.1));
            if i.end.0 > start {
                spans.push((start, i.end.0));
            }
        }
        let mut before = Vec::with_capacity(spans.len());
        let mut sum = 0;
        for (a, b) in &spans {
            before.push(sum);
            sum += b - a;
        }
        Usage { spans, before }
    }

    /// Whether the machine has a run state at all (else lives are calendar time).
    pub fn has_run_state(&self) -> bool {
        !self.spans.is_empty()
    }

    /// Run time from the first record to `t` (ms).
    fn cumulative(&self, t: i64) -> i64 {
        let i = self.spans.partition_point(|s| s.0 < t);
        if i == 0 {
            return 0;
        }
        let (a, b) = self.spans[i - 1];
        self.before[i - 1] + (t.min(b) - a)
    }

    /// Run time in `[a, b)`, ms.
    pub fn run_ms(&self, a: Ts, b: Ts) -> i64 {
        if b <= a {
            return 0;
        }
        self.cumulative(b.0) - self.cumulative(a.0)
    }

    /// The instant at which the run time since `a` reaches `ms`, if it has.
    pub fn reaches(&self, a: Ts, ms: i64) -> Option<Ts> {
        let target = self.cumulative(a.0) + ms.max(0);
        // The first span whose run time before it is at least the target: the target is
        // reached in the span before it (or at `a` itself, for no run time at all).
        let k = self.before.partition_point(|&b| b < target);
        if k == 0 {
            return (target == 0).then_some(a);
        }
        let (s, e) = self.spans[k - 1];
        let t = s + (target - self.before[k - 1]);
        (t <= e).then(|| Ts(t.max(a.0)))
    }
}

/// What lives are measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Hours the machine ran.
    RunHours,
    /// Hours on the clock.
    CalendarHours,
}

impl Basis {
    /// The basis a machine's lives are measured in: run hours where it has a run state.
    pub fn of(usage: &Usage) -> Basis {
        if usage.has_run_state() {
            Basis::RunHours
        } else {
            Basis::CalendarHours
        }
    }

    /// As the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::RunHours => "run_h",
            Basis::CalendarHours => "calendar_h",
        }
    }

    /// Hours in `[a, b)` on this basis.
    pub fn hours(self, usage: &Usage, a: Ts, b: Ts) -> f64 {
        let ms = match self {
            Basis::RunHours => usage.run_ms(a, b),
            Basis::CalendarHours => b.since(a).max(0),
        };
        ms as f64 / HOUR_MS as f64
    }

    /// Hours a day the machine used over the [`USAGE_DAYS`] before `end` (or since its
    /// first record, when that is later).
    pub fn rate_per_day(self, usage: &Usage, first: Ts, end: Ts) -> f64 {
        let start = Ts((end.0 - USAGE_DAYS * DAY_MS).max(first.0));
        let days = end.since(start) as f64 / DAY_MS as f64;
        if days <= 0.0 {
            return 0.0;
        }
        self.hours(usage, start, end) / days
    }
}

/// One life of a component: from an install to a failure or a replacement (or to the end
/// of the period, still running).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Life {
    /// Installed (or the machine's first record).
    pub start: Ts,
    /// Failed, replaced, or the end of the period.
    pub end: Ts,
    /// Whether it ended in a failure (else a suspension).
    pub failed: bool,
    /// Its length on the row's basis, hours.
    pub hours: f64,
}

/// The lives of `component` up to `end`: each `failure` or `replacement` ends one and
/// starts the next; the first starts at the machine's first record `first`, and the unit
/// in place at `end` is a suspension. Lives that end before `from` are left out (a report
/// counts the lives that end in its period, each measured whole), as are lives of no
/// length.
pub fn lives(
    component: &str,
    events: &[MaintenanceEvent],
    first: Ts,
    (from, end): (Ts, Ts),
    basis: Basis,
    usage: &Usage,
) -> Vec<Life> {
    let mut out = Vec::new();
    let mut start = first;
    let mut push = |start: Ts, stop: Ts, failed: bool| {
        if stop < from || stop <= start {
            return;
        }
        let hours = basis.hours(usage, start, stop);
        if hours > 0.0 {
            out.push(Life {
                start,
                end: stop,
                failed,
                hours,
            });
        }
    };
    for e in events.iter().filter(|e| e.component == component && e.t < end) {
        if e.kind.installs() {
            push(start, e.t, e.kind == MaintenanceKind::Failure);
            start = start.max(e.t);
        }
    }
    push(start, end, false);
    out
}

/// Mean repair time of the failures among `events` that say how long they took, hours.
fn mttr_h<'e>(failures: impl Iterator<Item = &'e MaintenanceEvent>) -> Option<f64> {
    let (mut n, mut sum) = (0u32, 0.0);
    for e in failures.filter(|e| e.duration_min > 0.0) {
        n += 1;
        sum += e.duration_min;
    }
    (n > 0).then(|| sum / 60.0 / f64::from(n))
}

/// What is known of a machine when its maintenance figures are made.
#[derive(Debug, Clone, Copy)]
pub struct MachineHistory<'a> {
    /// The machine.
    pub machine: &'a MachineId,
    /// Its maintenance log up to the end of the period, sorted by time.
    pub events: &'a [MaintenanceEvent],
    /// Its first record.
    pub first: Ts,
    /// Its run time.
    pub usage: &'a Usage,
}

/// The Weibull row of one machine and component (`takt report maintenance`).
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentRow {
    /// The machine.
    pub machine: MachineId,
    /// The component.
    pub component: String,
    /// Its lives in the period.
    pub lives: Vec<Life>,
    /// The fit, or why there is none.
    pub fit: Result<Weibull, NoFit>,
    /// Life hours per failure.
    pub mtbf_h: Option<f64>,
    /// Mean repair time, hours.
    pub mttr_h: Option<f64>,
    /// The probability that the unit in place fails in the next 30 days.
    pub p_fail_30d: Option<f64>,
    /// When it is due: the earlier of its plan's due date and the date its conditional
    /// risk of failure reaches the configured risk.
    pub next_due: Option<Ts>,
    /// What lives are measured in.
    pub basis: Basis,
    /// What a reader needs to know about empty cells, in words.
    pub notes: Vec<String>,
}

impl ComponentRow {
    /// Failures in the period.
    pub fn failures(&self) -> usize {
        self.lives.iter().filter(|l| l.failed).count()
    }

    /// Suspensions in the period (the unit in place among them).
    pub fn suspensions(&self) -> usize {
        self.lives.len() - self.failures()
    }
}

/// The Weibull row of `component` over the period `(from, end)`, `end` the end of the
/// period (not after now). `plan_due` is when the component's plans make it due, `risk`
/// the conditional failure probability at which it is due by its life model.
pub fn component_row(
    h: MachineHistory<'_>,
    component: &str,
    (from, end): (Ts, Ts),
    plan_due: Option<Ts>,
    risk: f64,
) -> ComponentRow {
    let basis = Basis::of(h.usage);
    let lives = lives(component, h.events, h.first, (from, end), basis, h.usage);
    let failed: Vec<f64> = lives.iter().filter(|l| l.failed).map(|l| l.hours).collect();
    let suspended: Vec<f64> = lives.iter().filter(|l| !l.failed).map(|l| l.hours).collect();
    let fit = Weibull::fit(&failed, &suspended);
    let mut notes = Vec::new();
    let total_h: f64 = lives.iter().map(|l| l.hours).sum();
    let mtbf_h = (!failed.is_empty()).then(|| total_h / failed.len() as f64);
    if failed.is_empty() {
        notes.push("no failure in the period: no MTBF".to_string());
    }
    let failures_in = h
        .events
        .iter()
        .filter(|e| e.component == component && e.kind == MaintenanceKind::Failure && e.t >= from && e.t < end);
    let mttr_h = mttr_h(failures_in);
    if mttr_h.is_none() && !failed.is_empty() {
        notes.push("no repair time logged with its failures: no MTTR".to_string());
    }
    // The unit in place: its age at the end (no age at all when it was installed at the
    // end, or has not run since), and how fast it ages.
    let installed = h
        .events
        .iter()
        .filter(|e| e.component == component && e.t < end && e.kind.installs())
        .map(|e| e.t)
        .fold(h.first, Ts::max);
    let age = basis.hours(h.usage, installed, end);
    let rate = basis.rate_per_day(h.usage, h.first, end);
    let (mut p_fail_30d, mut risk_due) = (None, None);
    match &fit {
        Err(e) => notes.push(format!("no life model: {e}")),
        Ok(w) if rate > 0.0 => {
            p_fail_30d = Some(w.conditional_failure(age, RISK_DAYS * rate));
            let more_h = w.age_at_conditional_risk(age, risk) - age;
            let ms = (more_h / rate * DAY_MS as f64).round();
            if ms.is_finite() && ms < 1e15 {
                risk_due = Some(Ts(end.0.saturating_add(ms as i64)));
            }
        }
        Ok(_) => notes.push(format!(
            "the machine did not run in the last {USAGE_DAYS} days: no projection"
        )),
    }
    let next_due = match (plan_due, risk_due) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    ComponentRow {
        machine: h.machine.clone(),
        component: component.to_string(),
        lives,
        fit,
        mtbf_h,
        mttr_h,
        p_fail_30d,
        next_due,
        basis,
        notes,
    }
}

/// The components a machine's figures are about: those of its plans, then those of its
/// log, each once, in that order.
pub fn components(plans: &[MaintenancePlan], events: &[MaintenanceEvent]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in plans
        .iter()
        .map(|p| p.component.as_str())
        .chain(events.iter().map(|e| e.component.as_str()))
    {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    }
    out
}

/// The Crow-AMSAA row of one machine (`takt report maintenance --by machine`).
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthRow {
    /// The machine.
    pub machine: MachineId,
    /// Failures of every component in the period.
    pub failures: usize,
    /// Hours observed (on the basis) per failure.
    pub mtbf_h: Option<f64>,
    /// Mean repair time, hours.
    pub mttr_h: Option<f64>,
    /// The fit (at least 2 failures).
    pub fit: Option<CrowAmsaa>,
    /// What lives are measured in.
    pub basis: Basis,
    /// Notes on empty cells.
    pub notes: Vec<String>,
}

/// The Crow-AMSAA row of a machine over `(from, end)`: time runs from the later of `from`
/// and the machine's first record, on its basis, and ends at `end`.
pub fn growth_row(h: MachineHistory<'_>, (from, end): (Ts, Ts)) -> GrowthRow {
    let basis = Basis::of(h.usage);
    let start = from.max(h.first);
    let failures: Vec<&MaintenanceEvent> = h
        .events
        .iter()
        .filter(|e| e.kind == MaintenanceKind::Failure && e.t >= start && e.t < end)
        .collect();
    let times: Vec<f64> = failures.iter().map(|e| basis.hours(h.usage, start, e.t)).collect();
    let observed = basis.hours(h.usage, start, end);
    let mut notes = Vec::new();
    // A failure at no time since the start (the first instant) cannot enter ln(T / t).
    let fit = CrowAmsaa::fit(&times, observed);
    if fit.is_none() {
        notes.push(if failures.len() < 2 {
            format!(
                "{} failure{} in the period: the growth model needs at least 2",
                failures.len(),
                if failures.len() == 1 { "" } else { "s" }
            )
        } else {
            "the failures came at the period's start or end: no time to fit a trend to".to_string()
        });
    }
    let mttr = mttr_h(failures.iter().copied());
    if mttr.is_none() && !failures.is_empty() {
        notes.push("no repair time logged with its failures: no MTTR".to_string());
    }
    if failures.is_empty() {
        notes.push("no failure in the period: no MTBF".to_string());
    }
    GrowthRow {
        machine: h.machine.clone(),
        failures: failures.len(),
        mtbf_h: (!failures.is_empty()).then(|| observed / failures.len() as f64),
        mttr_h: mttr,
        fit,
        basis,
        notes,
    }
}

/// The unit a plan counts in.
pub fn plan_unit(every: MaintenanceInterval) -> &'static str {
    match every {
        MaintenanceInterval::RunHours(_) => "run_h",
        MaintenanceInterval::Cycles(_) => "cycles",
        MaintenanceInterval::Days(_) => "days",
    }
}

/// A plan's interval in its unit.
pub fn plan_every(every: MaintenanceInterval) -> f64 {
    match every {
        MaintenanceInterval::RunHours(h) => h,
        MaintenanceInterval::Cycles(n) => n as f64,
        MaintenanceInterval::Days(d) => f64::from(d),
    }
}

/// When a component was last put back to new, as a plan counts from: its last `service`,
/// `replacement` or `failure` (a failed component was replaced or repaired) before
/// `end`, else the machine's first record.
pub fn last_reset(component: &str, events: &[MaintenanceEvent], first: Ts, end: Ts) -> Ts {
    events
        .iter()
        .filter(|e| e.component == component && e.t < end && e.kind.resets())
        .map(|e| e.t)
        .max()
        .map_or(first, |t| t.max(first))
}

/// A plan's state at an instant (`takt maintenance due`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueRow {
    /// The machine.
    pub machine: MachineId,
    /// What to do.
    pub task: String,
    /// The component.
    pub component: String,
    /// The interval, in `unit`.
    pub every: f64,
    /// `run_h`, `cycles` or `days`.
    pub unit: String,
    /// Usage since the last reset, in `unit`.
    pub since_last: f64,
    /// What is left until due (below 0 when overdue).
    pub remaining: f64,
    /// When it is (or was) due: projected from the recent usage, or when usage reached
    /// the interval for an overdue task.
    pub due_at: Option<Ts>,
    /// Whether it is due now.
    pub overdue: bool,
    /// Counted from (the last reset).
    pub last: Ts,
    /// Why `due_at` is empty, in words.
    pub note: String,
}

impl DueRow {
    /// How far along the interval it is, 0 to 1 and beyond when overdue.
    pub fn progress(&self) -> f64 {
        if self.every > 0.0 {
            self.since_last / self.every
        } else {
            0.0
        }
    }
}

/// How a plan's usage is measured at an instant: since the last reset, the recent rate
/// per day, and (for an overdue task) when the interval was reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanUsage {
    /// Since the last reset, in the plan's unit.
    pub since_last: f64,
    /// Per day over the last [`USAGE_DAYS`].
    pub per_day: f64,
    /// When usage since the last reset reached the interval, if it has.
    pub reached: Option<Ts>,
}

/// The due row of a plan at `now`, from its usage.
pub fn due_row(machine: &MachineId, plan: &MaintenancePlan, last: Ts, now: Ts, u: PlanUsage) -> DueRow {
    let every = plan_every(plan.every);
    let remaining = every - u.since_last;
    let overdue = remaining <= 0.0;
    let (due_at, note) = if overdue {
        (u.reached.or(Some(now)), String::new())
    } else if u.per_day > 0.0 {
        let ms = remaining / u.per_day * DAY_MS as f64;
        if ms.is_finite() && ms < 1e15 {
            (Some(Ts(now.0 + ms.round() as i64)), String::new())
        } else {
            (None, format!("too little use in the last {USAGE_DAYS} days to project"))
        }
    } else {
        (None, format!("no use in the last {USAGE_DAYS} days: not projected"))
    };
    DueRow {
        machine: machine.clone(),
        task: plan.task.clone(),
        component: plan.component.clone(),
        every,
        unit: plan_unit(plan.every).to_string(),
        since_last: u.since_last,
        remaining,
        due_at,
        overdue,
        last,
        note,
    }
}

/// Due rows in the order a technician works them: overdue first (longest overdue first),
/// then by due date (unprojected last).
pub fn sort_due(rows: &mut [DueRow]) {
    rows.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| match (a.due_at, b.due_at) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.machine.cmp(&b.machine))
            .then_with(|| a.task.cmp(&b.task))
    });
}

/// How far ahead a forecast limit crossing makes a tile's badge, days.
pub const ALERT_DAYS: i64 = 3;

/// The tile's maintenance badge of each machine that needs one: its tasks overdue and its
/// process values beyond a limit or forecast to cross one within [`ALERT_DAYS`] of `now`,
/// the most urgent first, in a few words.
pub fn alerts(
    due: &[DueRow],
    conditions: &[crate::condition::ConditionRow],
    now: Ts,
) -> std::collections::BTreeMap<MachineId, String> {
    let mut found: std::collections::BTreeMap<MachineId, Vec<String>> = Default::default();
    for c in conditions {
        let Some(x) = c.crossing else { continue };
        let text = if x.beyond {
            format!("{} beyond its {} limit", c.signal, x.limit.as_str())
        } else if x.at.since(now) <= ALERT_DAYS * DAY_MS {
            let hours = (x.at.since(now) as f64 / HOUR_MS as f64).max(0.0);
            let when = if hours < 48.0 {
                format!("{hours:.0} h")
            } else {
                format!("{:.1} days", hours / 24.0)
            };
            format!("{} to cross its {} limit in {when}", c.signal, x.limit.as_str())
        } else {
            continue;
        };
        found.entry(c.machine.clone()).or_default().push(text);
    }
    for d in due.iter().filter(|d| d.overdue) {
        found
            .entry(d.machine.clone())
            .or_default()
            .push(format!("{} overdue", d.task));
    }
    found
        .into_iter()
        .map(|(m, mut texts)| {
            let more = texts.len() - 1;
            texts.truncate(1);
            if more > 0 {
                texts.push(format!("and {more} more"));
            }
            (m, texts.join(", "))
        })
        .collect()
}

/// A component's Weibull probability plot: each failure at its plotting position,
/// each suspension, and the fitted line with its 90 % bounds (on life, at each F).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeibullPlot {
    /// The machine.
    pub machine: MachineId,
    /// The component.
    pub component: String,
    /// Failures: (life hours, unreliability F by median rank).
    pub failures: Vec<(f64, f64)>,
    /// Suspensions: life hours.
    pub suspensions: Vec<f64>,
    /// The fitted line and its bounds: (F, life, lower life, upper life), from F = 1 %
    /// to 99 %.
    pub line: Vec<(f64, f64, f64, f64)>,
    /// Shape and scale of the fit.
    pub fit: Option<(f64, f64)>,
}

impl ComponentRow {
    /// Its probability plot.
    pub fn plot(&self) -> WeibullPlot {
        let failed: Vec<f64> = self.lives.iter().filter(|l| l.failed).map(|l| l.hours).collect();
        let suspended: Vec<f64> = self.lives.iter().filter(|l| !l.failed).map(|l| l.hours).collect();
        let line = match &self.fit {
            Ok(w) => [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.632, 0.8, 0.9, 0.95, 0.99]
                .into_iter()
                .map(|p| {
                    let b = w.life_bounds(p, CONFIDENCE);
                    (p, w.life_at(p), b.lo, b.hi)
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        WeibullPlot {
            machine: self.machine.clone(),
            component: self.component.clone(),
            failures: crate::reliability::plotting_positions(&failed, &suspended),
            suspensions: suspended,
            line,
            fit: self.fit.as_ref().ok().map(|w| (w.beta, w.eta)),
        }
    }
}

#[cfg(test)]
mod tests;
