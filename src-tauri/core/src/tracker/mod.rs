//! The tracker: one machine's timestamped raw readings in, events out (SPEC section 3).
//!
//! It holds no clock and no socket. The poller feeds it [`Reading`]s; the store writes
//! the [`Event`]s. A restarted Takt builds a tracker from what the store remembers
//! ([`Resume`]), so the first reading after the restart records the parts made while
//! Takt was away, over that gap, exactly once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::{Config, Machine, ReasonKind};
use crate::counter::{self, max_plausible_parts};
use crate::ids::{ProductId, ReasonCode};
use crate::model::{AlarmEpisode, CountIncrement, EnergyIncrement, MachineState, StateInterval};
use crate::time::Ts;

/// What the tracker needs to know of a machine's config.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// Where state comes from.
    pub state_source: StateSource,
    /// Width of the part counter, if there is one.
    pub total_bits: Option<u32>,
    /// Width of the reject counter, if there is one.
    pub reject_bits: Option<u32>,
    /// Fault code to reason (and whether that reason is a planned stop).
    pub fault_reasons: BTreeMap<u64, (ReasonCode, ReasonKind)>,
    /// Product code to product.
    pub products: BTreeMap<u64, ProductId>,
    /// For telling counter wraps from resets.
    pub ideal_cycle_s: Option<f64>,
    /// Counter-only machines: stopped after this long without a part.
    pub stop_after_ms: i64,
    /// After a restart, a first reading within this long of the last one recorded goes
    /// on from it; a longer silence is a `no data` gap.
    pub max_silence_ms: i64,
    /// Each process value's deadband ([`crate::config::ProcessSignal::deadband`]).
    pub process_deadband: BTreeMap<String, f64>,
    /// Each process value's `low` and `high` limits, where it has one.
    pub process_limits: BTreeMap<String, (Option<f64>, Option<f64>)>,
    /// Where an energy meter read from an integer register wraps, kWh (2^bits x scale);
    /// `None` for a float meter, which never wraps.
    pub energy_range_kwh: Option<f64>,
}

/// The longest a process value goes unstored while it reads the same.
pub const PROCESS_KEEP_EVERY_MS: i64 = 60_000;

/// Where a machine's running/down state comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateSource {
    /// A run signal.
    RunSignal,
    /// Parts arriving (legacy machines with only a counter, SPEC section 2).
    Counter,
    /// Only a fault code: running while it is 0.
    FaultCode,
    /// Nothing tells the state (an energy meter): no state intervals are recorded.
    None,
}

impl Setup {
    /// Derives the setup from a machine's config.
    pub fn new(machine: &Machine, config: &Config) -> Self {
        let s = &machine.signals;
        let state_source = if s.running.is_some() {
            StateSource::RunSignal
        } else if s.total_count.is_some() {
            StateSource::Counter
        } else if s.fault_code.is_some() {
            StateSource::FaultCode
        } else {
            StateSource::None
        };
        let fault_reasons = s
            .fault_code
            .as_ref()
            .map(|f| {
                f.codes
                    .iter()
                    .map(|(&code, reason)| {
                        let kind = config.reason(reason.as_str()).map_or(ReasonKind::Downtime, |r| r.kind);
                        (code, (reason.clone(), kind))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Setup {
            state_source,
            total_bits: s.total_count.as_ref().and_then(|r| r.value_type.counter_bits()),
            reject_bits: s.reject_count.as_ref().and_then(|r| r.value_type.counter_bits()),
            fault_reasons,
            products: s.product_code.as_ref().map(|p| p.codes.clone()).unwrap_or_default(),
            ideal_cycle_s: machine.ideal_cycle_s.or_else(|| {
                // With only per-product ideals, the fastest one bounds the plausible rate.
                s.product_code.as_ref().and_then(|p| {
                    p.codes
                        .values()
                        .filter_map(|id| machine.ideal_cycle(Some(id), &config.products))
                        .min_by(f64::total_cmp)
                })
            }),
            stop_after_ms: machine.stop_after_ms(),
            max_silence_ms: (3 * i64::from(machine.poll_ms)).max(5000),
            process_deadband: s.process.iter().map(|p| (p.name.clone(), p.deadband())).collect(),
            process_limits: s
                .process
                .iter()
                .filter(|p| p.low.is_some() || p.high.is_some())
                .map(|p| (p.name.clone(), (p.low, p.high)))
                .collect(),
            energy_range_kwh: s.energy_kwh.as_ref().and_then(|r| {
                let bits = r.value_type.counter_bits().filter(|b| *b < 64)?;
                Some(2f64.powi(bits as i32) * r.scale.abs())
            }),
        }
    }
}

/// The decoded values of one successful poll; `None` where a signal is not configured
/// or its value was rejected (NaN, out of range).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Values {
    /// Run signal.
    pub running: Option<bool>,
    /// Part counter, raw.
    pub total: Option<u64>,
    /// Reject counter, raw.
    pub reject: Option<u64>,
    /// Fault code (0 = none).
    pub fault: Option<u64>,
    /// Product code.
    pub product: Option<u64>,
    /// Energy meter in kWh.
    pub energy_kwh: Option<f64>,
    /// Process values by name.
    pub process: Vec<(String, f64)>,
}

/// One poll of a machine.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// When it was taken.
    pub t: Ts,
    /// The values, or `None` when the machine did not answer.
    pub values: Option<Values>,
}

/// A cumulative counter the store remembers across restarts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counter {
    /// The part counter.
    Total,
    /// The reject counter.
    Reject,
    /// The energy meter.
    Energy,
}

impl Counter {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Counter::Total => "total",
            Counter::Reject => "reject",
            Counter::Energy => "energy",
        }
    }
}

/// The last raw value of a counter and when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Raw value (an energy meter's kWh as `f64` bits is not needed: meters use `meter`).
    pub raw: u64,
    /// Meter reading for [`Counter::Energy`].
    pub meter: f64,
    /// When it was read.
    pub t: Ts,
}

/// What the store remembers of a machine, to resume tracking after a restart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resume {
    /// The last state interval written (its end is the last time it was seen).
    pub last_interval: Option<StateInterval>,
    /// Last raw values of the counters.
    pub baselines: BTreeMap<Counter, Baseline>,
    /// The product last seen.
    pub product: Option<ProductId>,
    /// Alarm episodes still open when Takt stopped.
    pub open_alarms: Vec<AlarmEpisode>,
}

/// What happened, for the store to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    /// A state interval, new or grown; keyed by its start (write it with upsert semantics).
    Interval(StateInterval),
    /// Parts counted.
    Counts(CountIncrement),
    /// Energy used.
    Energy(EnergyIncrement),
    /// A process value.
    Process {
        /// Signal name.
        name: String,
        /// When read.
        t: Ts,
        /// Value after scale and offset.
        value: f64,
        /// Whether to store the reading itself: it moved at least its deadband from the
        /// last one stored, or a minute has passed since. (Every reading counts in its
        /// minute's min/mean/max either way.)
        keep: bool,
    },
    /// The product changed (`None`: no product or an unknown code).
    Product {
        /// From when.
        start: Ts,
        /// The product.
        product: Option<ProductId>,
        /// The raw code, when it maps to no product.
        code: Option<u64>,
    },
    /// A process alarm episode, new, grown, or ended (keyed by machine, signal and start:
    /// write it with upsert semantics).
    Alarm(AlarmEpisode),
    /// A counter's last raw value, to resume from.
    Baseline {
        /// Which counter.
        counter: Counter,
        /// The value.
        baseline: Baseline,
    },
}

/// Tracks one machine.
#[derive(Debug, Clone)]
pub struct Tracker {
    setup: Setup,
    open: Option<StateInterval>,
    last_t: Option<Ts>,
    baselines: BTreeMap<Counter, Baseline>,
    product: Option<ProductId>,
    product_seen: bool,
    /// Start of the current `no data` gap, while the machine is not answering.
    gap_start: Option<Ts>,
    /// Counter-only machines: when the last part came.
    last_part: Option<Ts>,
    /// After a restart: where the recorded history ends, until the first reading decides
    /// whether Takt was away long enough to call it a gap.
    resumed_at: Option<Ts>,
    /// A new counter-only machine: its first reading, until the first part (it was
    /// running since) or `stop_after` without one (it was stopped since) tells its state.
    pending_since: Option<Ts>,
    /// Each process value's last stored reading.
    kept: BTreeMap<String, (f64, Ts)>,
    /// Each process value's open alarm episode.
    alarms: BTreeMap<String, AlarmEpisode>,
}

impl Tracker {
    /// A tracker resuming from what the store remembers (`Resume::default()` for a new machine).
    pub fn new(setup: Setup, resume: Resume) -> Self {
        let mut t = Tracker {
            setup,
            open: None,
            last_t: None,
            baselines: resume.baselines,
            product: resume.product,
            product_seen: false,
            gap_start: None,
            last_part: None,
            resumed_at: None,
            pending_since: None,
            kept: BTreeMap::new(),
            alarms: resume.open_alarms.into_iter().map(|a| (a.signal.clone(), a)).collect(),
        };
        let newest_reading = t.baselines.values().map(|b| b.t).max();
        match resume.last_interval {
            // The interval that was open when Takt stopped: it grows with every reading, so
            // it ends at or after the last counter reading. (A machine whose signals tell no
            // state has only closed `no data` intervals of past outages; none is reopened.)
            Some(last) if newest_reading.is_none_or(|b| last.end >= b) => {
                let end = last.end;
                t.last_t = Some(end);
                if last.state == MachineState::NoData {
                    t.gap_start = Some(last.start);
                } else {
                    t.resumed_at = Some(end);
                    if last.state == MachineState::Running && t.setup.state_source == StateSource::Counter {
                        // A counter-only machine stops `stop_after` after its last part; the
                        // last reading is the latest that part can have come.
                        t.last_part = Some(t.baselines.get(&Counter::Total).map_or(end, |b| b.t.min(end)));
                    }
                }
                t.open = Some(last);
            }
            _ => {
                if let Some(b) = newest_reading {
                    t.last_t = Some(b);
                    t.resumed_at = Some(b);
                }
            }
        }
        t
    }

    /// The interval the machine is in now.
    pub fn current(&self) -> Option<&StateInterval> {
        self.open.as_ref()
    }

    /// The product being made now.
    pub fn product(&self) -> Option<&ProductId> {
        self.product.as_ref()
    }

    /// Takes one reading and returns what it means.
    pub fn observe(&mut self, reading: &Reading) -> Vec<Event> {
        // A clock that jumps back never makes a negative interval: time stands still instead.
        let t = match self.last_t {
            Some(last) if reading.t < last => last,
            _ => reading.t,
        };
        let mut events = Vec::new();
        if let Some(end) = self.resumed_at.take()
            && (t.since(end) > self.setup.max_silence_ms || reading.values.is_none())
        {
            // Takt was away from the end of what it last wrote: that is a gap.
            self.set_state(end, end, MachineState::NoData, None, None, &mut events);
            self.gap_start = Some(end);
            self.close_alarms(&mut events);
        }
        match &reading.values {
            None => self.no_answer(t, &mut events),
            Some(v) => self.answer(t, v, &mut events),
        }
        self.last_t = Some(t);
        events
    }

    fn no_answer(&mut self, t: Ts, events: &mut Vec<Event>) {
        if self.gap_start.is_none() {
            self.gap_start = Some(t);
        }
        self.last_part = None;
        self.set_state(t, t, MachineState::NoData, None, None, events);
        self.close_alarms(events);
    }

    /// Ends every open alarm episode at its last reading beyond the limit: readings
    /// stopped (the machine does not answer, or Takt was away), so nothing says more.
    fn close_alarms(&mut self, events: &mut Vec<Event>) {
        for (_, mut a) in std::mem::take(&mut self.alarms) {
            a.open = false;
            events.push(Event::Alarm(a));
        }
    }

    /// Checks a process reading against its limits: opens, grows or ends its episode.
    fn check_limits(&mut self, name: &str, value: f64, t: Ts, events: &mut Vec<Event>) {
        let Some(&(low, high)) = self.setup.process_limits.get(name) else {
            return;
        };
        let beyond = AlarmEpisode::beyond(value, low, high);
        if let Some(mut a) = self.alarms.remove(name) {
            if beyond.is_some_and(|(kind, _)| kind == a.kind) {
                a.worst = a.kind.worse(a.worst, value);
                a.end = a.end.max(t);
                events.push(Event::Alarm(a.clone()));
                self.alarms.insert(name.to_string(), a);
                return;
            }
            // Back inside (or straight across to the other limit): it ends here.
            a.end = a.end.max(t);
            a.open = false;
            events.push(Event::Alarm(a));
        }
        if let Some((kind, limit)) = beyond {
            let a = AlarmEpisode {
                signal: name.to_string(),
                kind,
                limit,
                worst: value,
                start: t,
                end: t,
                open: true,
            };
            events.push(Event::Alarm(a.clone()));
            self.alarms.insert(name.to_string(), a);
        }
    }

    fn answer(&mut self, t: Ts, v: &Values, events: &mut Vec<Event>) {
        let gap = self.gap_start.take();
        let mut parts = None;
        if let Some(now) = v.total {
            parts = self.count(Counter::Total, now, t, events);
        }
        let rejects = match v.reject {
            Some(now) => self.count(Counter::Reject, now, t, events),
            None => None,
        };
        if parts.is_some() || rejects.is_some() {
            let (total, reject) = (parts.unwrap_or(0), rejects.unwrap_or(0));
            if total > 0 || reject > 0 {
                let from = gap.or(self.last_t).unwrap_or(t);
                events.push(Event::Counts(CountIncrement {
                    start: from.min(t),
                    end: t,
                    product: self.product.clone(),
                    total,
                    reject,
                    over_gap: gap.is_some(),
                }));
            }
        }
        if let Some(kwh) = v.energy_kwh {
            self.meter(kwh, t, gap, events);
        }
        for (name, value) in &v.process {
            self.check_limits(name, *value, t, events);
            let keep = self.keep_process(name, *value, t);
            events.push(Event::Process {
                name: name.clone(),
                t,
                value: *value,
                keep,
            });
        }
        if let Some(code) = v.product {
            let product = self.setup.products.get(&code).cloned();
            if !self.product_seen || product != self.product {
                events.push(Event::Product {
                    start: t,
                    product: product.clone(),
                    code: (product.is_none() && code != 0).then_some(code),
                });
                self.product = product;
                self.product_seen = true;
            }
        }
        self.update_state(t, v, parts, gap.is_some(), events);
    }

    /// Records a counter reading; returns the parts made since the last one (`None` for
    /// the first reading of a new machine, which only sets the baseline).
    fn count(&mut self, which: Counter, now: u64, t: Ts, events: &mut Vec<Event>) -> Option<u64> {
        let bits = match which {
            Counter::Total => self.setup.total_bits,
            _ => self.setup.reject_bits,
        }
        .unwrap_or(64);
        let parts = self.baselines.get(&which).map(|b| {
            let elapsed = t.since(b.t);
            counter::movement(b.raw, now, bits, max_plausible_parts(elapsed, self.setup.ideal_cycle_s)).parts()
        });
        let baseline = Baseline {
            raw: now,
            meter: 0.0,
            t,
        };
        self.baselines.insert(which, baseline);
        events.push(Event::Baseline {
            counter: which,
            baseline,
        });
        parts
    }

    fn meter(&mut self, kwh: f64, t: Ts, gap: Option<Ts>, events: &mut Vec<Event>) {
        if let Some(b) = self.baselines.get(&Counter::Energy) {
            let used = counter::meter_movement(b.meter, kwh, self.setup.energy_range_kwh);
            if used > 0.0 {
                let from = gap.unwrap_or(b.t);
                // Used in the state the machine was in since the last reading (this
                // reading's change of state, if any, is decided after).
                let running = self.open.as_ref().is_some_and(|o| o.state == MachineState::Running);
                events.push(Event::Energy(EnergyIncrement {
                    start: from.min(t),
                    end: t,
                    kwh: used,
                    running,
                    over_gap: gap.is_some(),
                }));
            }
        }
        let baseline = Baseline { raw: 0, meter: kwh, t };
        self.baselines.insert(Counter::Energy, baseline);
        events.push(Event::Baseline {
            counter: Counter::Energy,
            baseline,
        });
    }

    /// Whether a process reading is stored: the first, one that moved at least the
    /// deadband (any move, with a deadband of 0), or the first after a minute of sameness.
    fn keep_process(&mut self, name: &str, value: f64, t: Ts) -> bool {
        let band = self.setup.process_deadband.get(name).copied().unwrap_or(0.0);
        let keep = match self.kept.get(name) {
            None => true,
            Some(&(last, at)) => {
                let moved = (value - last).abs();
                // A hair below the band is the band: 21.5 - 21.4 is 0.0999... in binary.
                (moved > 0.0 && moved >= band * (1.0 - 1e-9)) || t.since(at) >= PROCESS_KEEP_EVERY_MS
            }
        };
        if keep {
            self.kept.insert(name.to_string(), (value, t));
        }
        keep
    }

    fn fault_reason(&self, v: &Values) -> (Option<ReasonCode>, Option<u64>, bool) {
        match v.fault {
            Some(code) if code != 0 => match self.setup.fault_reasons.get(&code) {
                Some((reason, kind)) => (Some(reason.clone()), Some(code), *kind == ReasonKind::Planned),
                None => (None, Some(code), false),
            },
            _ => (None, None, false),
        }
    }

    fn update_state(&mut self, t: Ts, v: &Values, parts: Option<u64>, after_gap: bool, events: &mut Vec<Event>) {
        let (reason, fault, planned) = self.fault_reason(v);
        let stopped = if planned {
            MachineState::Planned
        } else {
            MachineState::Down
        };
        match self.setup.state_source {
            StateSource::None => {
                // Nothing tells the state; only close a `no data` gap if one is open.
                if let Some(open) = self.open.take() {
                    let mut closed = open;
                    closed.end = t;
                    events.push(Event::Interval(closed));
                }
            }
            StateSource::RunSignal => match v.running {
                Some(true) => self.set_state(t, t, MachineState::Running, None, None, events),
                Some(false) => self.set_state(t, t, stopped, reason, fault, events),
                // The run signal was unreadable this time: keep the state, extend it.
                None => self.extend(t, events),
            },
            StateSource::FaultCode => {
                if fault.is_some() {
                    self.set_state(t, t, stopped, reason, fault, events);
                } else {
                    self.set_state(t, t, MachineState::Running, None, None, events);
                }
            }
            StateSource::Counter => {
                if fault.is_some() {
                    self.last_part = None;
                    self.pending_since = None;
                    self.set_state(t, t, stopped, reason, fault, events);
                } else if parts.is_some_and(|p| p > 0) {
                    // Parts came (over a gap, too: then it was running when we left it). A
                    // new machine was making them since its first reading.
                    self.last_part = Some(t);
                    let since = self.pending_since.take().unwrap_or(t);
                    self.set_state(since, t, MachineState::Running, None, None, events);
                } else if after_gap {
                    // Back from a gap without parts: stopped until the next part arrives.
                    self.last_part = None;
                    self.set_state(t, t, MachineState::Down, None, None, events);
                } else if self.open.is_none() {
                    // A new machine: its first reading only sets the counter's baseline, so
                    // nothing says yet whether it runs. It was stopped since that reading if
                    // no part comes for `stop_after`.
                    let since = *self.pending_since.get_or_insert(t);
                    if t.since(since) >= self.setup.stop_after_ms {
                        self.pending_since = None;
                        self.set_state(since, t, MachineState::Down, None, None, events);
                    }
                } else {
                    match (self.last_part, self.open.as_ref().map(|o| o.state)) {
                        (Some(lp), Some(MachineState::Running)) if t.since(lp) >= self.setup.stop_after_ms => {
                            // The stop began at the last part, not now.
                            self.set_state(lp, t, MachineState::Down, None, None, events);
                        }
                        _ => self.extend(t, events),
                    }
                }
            }
        }
    }

    fn extend(&mut self, t: Ts, events: &mut Vec<Event>) {
        if let Some(open) = self.open.as_mut() {
            open.end = open.end.max(t);
            events.push(Event::Interval(open.clone()));
        }
    }

    /// Moves to `state` from `at` (which may be before `t` for a stop that began at the
    /// last part), seen until `t`.
    fn set_state(
        &mut self,
        at: Ts,
        t: Ts,
        state: MachineState,
        reason: Option<ReasonCode>,
        fault: Option<u64>,
        events: &mut Vec<Event>,
    ) {
        if let Some(open) = self.open.as_mut() {
            if open.state == state
                || (open.state == MachineState::Down && state == MachineState::Planned && open.reason.is_none())
            {
                // Same stop: the first fault code that names a reason explains it.
                if open.reason.is_none() && reason.is_some() {
                    open.reason = reason;
                    open.state = state;
                }
                if open.fault_code.is_none() {
                    open.fault_code = fault;
                }
                open.end = open.end.max(t);
                events.push(Event::Interval(open.clone()));
                return;
            }
            let mut closed = open.clone();
            closed.end = at;
            events.push(Event::Interval(closed));
        }
        let new = StateInterval {
            start: at,
            end: t,
            state,
            reason,
            fault_code: fault,
        };
        events.push(Event::Interval(new.clone()));
        self.open = Some(new);
    }
}

#[cfg(test)]
mod tests;
