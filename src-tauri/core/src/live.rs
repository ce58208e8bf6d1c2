//! The live view of the plant: per machine what it is doing now and how its current shift
//! goes, kept up to date from the tracker's events. Shift figures come from the same
//! [`crate::kpi::machine_terms`] as the reports, so the live OEE and the shift report agree.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Block, Calendar};
use crate::config::{Config, Machine};
use crate::ids::{MachineId, ProductId, ReasonCode};
use crate::kpi::{self, History, MachineContext, Period, Terms};
use crate::model::{CountRow, MachineState, StateInterval};
use crate::time::Ts;
use crate::tracker::Event;

/// A machine as the plant screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineLive {
    /// Id.
    pub id: MachineId,
    /// Display name.
    pub name: String,
    /// What it is doing (`None` before the first reading).
    pub state: Option<MachineState>,
    /// Since when.
    pub since: Option<Ts>,
    /// The stop's reason.
    pub reason: Option<ReasonCode>,
    /// The raw fault code, when it names no reason.
    pub fault_code: Option<u64>,
    /// The product being made.
    pub product: Option<ProductId>,
    /// The current shift (`None` outside shifts).
    pub shift: Option<String>,
    /// Parts this shift.
    pub parts: u64,
    /// Good parts this shift.
    pub good: u64,
    /// Availability this shift so far.
    pub availability: Option<f64>,
    /// Performance this shift so far.
    pub performance: Option<f64>,
    /// Quality this shift so far.
    pub quality: Option<f64>,
    /// OEE this shift so far.
    pub oee: Option<f64>,
    /// Latest process values: name, value, unit, low and high limits.
    pub process: Vec<ProcessLive>,
}

/// A process value on the plant screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessLive {
    /// Signal name.
    pub name: String,
    /// Latest value.
    pub value: f64,
    /// Unit.
    pub unit: Option<String>,
    /// Lower limit.
    pub low: Option<f64>,
    /// Upper limit.
    pub high: Option<f64>,
}

impl ProcessLive {
    /// Whether the value is outside its limits.
    pub fn out_of_limits(&self) -> bool {
        self.low.is_some_and(|l| self.value < l) || self.high.is_some_and(|h| self.value > h)
    }
}

/// The whole plant at an instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// When.
    pub t: Ts,
    /// Machines in config order.
    pub machines: Vec<MachineLive>,
}

/// One machine's current shift, fed with tracker events.
#[derive(Debug, Clone)]
pub struct ShiftBook {
    machine: Machine,
    block: Option<Block>,
    intervals: BTreeMap<Ts, StateInterval>,
    counts: Vec<CountRow>,
    current: Option<StateInterval>,
    product: Option<ProductId>,
    process: BTreeMap<String, f64>,
}

impl ShiftBook {
    /// A book for a machine, starting with what the store holds of the shift at `now`.
    pub fn new(
        machine: &Machine,
        cal: &Calendar,
        now: Ts,
        intervals: Vec<StateInterval>,
        counts: Vec<CountRow>,
    ) -> ShiftBook {
        let mut book = ShiftBook {
            machine: machine.clone(),
            block: None,
            intervals: BTreeMap::new(),
            counts: Vec::new(),
            current: intervals.last().cloned(),
            product: None,
            process: BTreeMap::new(),
        };
        book.block = current_block(cal, now);
        for i in intervals {
            book.intervals.insert(i.start, i);
        }
        book.counts = counts;
        book
    }

    /// The span to load from the store for the shift at `now`.
    pub fn span(cal: &Calendar, now: Ts) -> Option<(Ts, Ts)> {
        current_block(cal, now).map(|b| (b.start, b.end))
    }

    /// Takes the tracker's events. The first event past the end of the shift moves the
    /// book to the next one, so nothing at the change of shift falls between the two.
    pub fn apply(&mut self, cal: &Calendar, events: &[Event]) {
        let latest = events
            .iter()
            .filter_map(|e| match e {
                Event::Interval(i) => Some(i.end),
                Event::Counts(c) => Some(c.end),
                Event::Process { t, .. } => Some(*t),
                _ => None,
            })
            .max();
        if let Some(t) = latest {
            self.roll(cal, t);
        }
        for e in events {
            match e {
                Event::Interval(i) => {
                    if self.current.as_ref().is_none_or(|c| i.start >= c.start) {
                        self.current = Some(i.clone());
                    }
                    if self
                        .block
                        .as_ref()
                        .is_some_and(|b| i.end > b.start || i.start >= b.start)
                    {
                        self.intervals.insert(i.start, i.clone());
                    }
                }
                Event::Counts(c) => {
                    if self.block.as_ref().is_some_and(|b| c.end >= b.start) {
                        self.counts.push(CountRow {
                            t: c.start.max(self.block.as_ref().map_or(c.start, |b| b.start)),
                            product: c.product.clone(),
                            over_gap: c.over_gap,
                            total: c.total,
                            reject: c.reject,
                        });
                    }
                }
                Event::Product { product, .. } => self.product = product.clone(),
                Event::Process { name, value, .. } => {
                    self.process.insert(name.clone(), *value);
                }
                Event::Energy(_) | Event::Baseline { .. } => {}
            }
        }
    }

    /// The state the machine is in: what it is, since when, and why.
    pub fn current(&self) -> Option<(MachineState, Ts, Option<&ReasonCode>)> {
        self.current.as_ref().map(|c| (c.state, c.start, c.reason.as_ref()))
    }

    /// Moves to the shift at `now` when the last one ended; returns whether it did.
    pub fn roll(&mut self, cal: &Calendar, now: Ts) -> bool {
        let changed = match (&self.block, current_block(cal, now)) {
            (Some(a), Some(b)) => a.start != b.start,
            (None, None) => false,
            _ => true,
        };
        if changed {
            self.block = current_block(cal, now);
            self.intervals.clear();
            self.counts.clear();
            // The state the machine is in goes on into the new shift.
            if let (Some(c), Some(b)) = (&self.current, &self.block)
                && c.end > b.start
            {
                self.intervals.insert(c.start, c.clone());
            }
        }
        changed
    }

    /// The shift's terms so far.
    pub fn terms(&self, config: &Config, cal: &Calendar, now: Ts) -> Option<Terms> {
        let b = self.block.as_ref()?;
        let period = Period {
            label: b.label(),
            start: b.start,
            end: now.min(b.end).max(b.start),
        };
        if period.end <= period.start {
            return Some(Terms::default());
        }
        let intervals: Vec<StateInterval> = self.intervals.values().cloned().collect();
        let mut counts = self.counts.clone();
        counts.sort_by_key(|c| c.t);
        let history = History {
            intervals: &intervals,
            counts: &counts,
            scrap: &[],
            products: &[],
        };
        let ctx = MachineContext {
            config,
            machine: &self.machine,
        };
        let rows = kpi::machine_terms(ctx, cal, std::slice::from_ref(&period), history, false);
        let mut t = Terms::default();
        for r in rows {
            t += r.terms;
        }
        Some(t)
    }

    /// The machine as the plant screen shows it.
    pub fn live(&self, config: &Config, cal: &Calendar, now: Ts) -> MachineLive {
        let terms = self.terms(config, cal, now);
        let cur = self.current.as_ref();
        MachineLive {
            id: self.machine.id.clone(),
            name: self.machine.name.clone(),
            state: cur.map(|c| c.state),
            since: cur.map(|c| c.start),
            reason: cur.and_then(|c| c.reason.clone()),
            fault_code: cur.and_then(|c| c.fault_code),
            product: self.product.clone(),
            shift: self.block.as_ref().map(|b| b.name.clone()),
            parts: terms.map_or(0, |t| t.total),
            good: terms.map_or(0, |t| t.good()),
            availability: terms.and_then(|t| t.availability()),
            performance: terms.and_then(|t| t.performance()),
            quality: terms.and_then(|t| t.quality()),
            oee: terms.and_then(|t| t.oee()),
            process: self
                .machine
                .signals
                .process
                .iter()
                .filter_map(|p| {
                    self.process.get(&p.name).map(|v| ProcessLive {
                        name: p.name.clone(),
                        value: *v,
                        unit: p.unit.clone(),
                        low: p.low,
                        high: p.high,
                    })
                })
                .collect(),
        }
    }
}

fn current_block(cal: &Calendar, now: Ts) -> Option<Block> {
    cal.blocks(now, Ts(now.0 + 1))
        .into_iter()
        .find(|b| b.start <= now && now < b.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracker::{Reading, Resume, Setup, Tracker, Values};

    #[test]
    fn the_live_shift_agrees_with_the_kpi_of_its_history() {
        let text = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n[[machine]]\nid = \"m\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"127.0.0.1:502\" }\n[machine.signals]\nrunning = { coil = 0 }\ntotal_count = { holding = 0, type = \"u32\" }\n";
        let config = Config::parse(text, "t.toml").unwrap().config;
        let cal = Calendar::new(&config);
        let m = &config.machines[0];
        let six = Ts(1_764_050_400_000); // 2025-11-25 06:00 UTC
        let mut book = ShiftBook::new(m, &cal, six, vec![], vec![]);
        let mut tracker = Tracker::new(Setup::new(m, &config), Resume::default());
        // An hour: running, with a 10-minute stop in the middle, a part a second while running.
        let mut count = 0;
        for s in 0..=3600 {
            let running = !(1800..2400).contains(&s);
            if running && s > 0 {
                count += 1;
            }
            let v = Values {
                running: Some(running),
                total: Some(count),
                ..Values::default()
            };
            book.apply(
                &cal,
                &tracker.observe(&Reading {
                    t: Ts(six.0 + s * 1000),
                    values: Some(v),
                }),
            );
        }
        let live = book.live(&config, &cal, Ts(six.0 + 3_600_000));
        assert_eq!(live.state, Some(MachineState::Running));
        assert_eq!(live.shift.as_deref(), Some("A"));
        assert_eq!(live.parts, 3000);
        // Run 3000 s of 3600 planned; 3000 parts at 1 s ideal.
        assert_eq!(live.availability.map(|a| (a * 1e4).round()), Some(8333.0));
        assert_eq!(live.performance.map(|a| (a * 1e4).round()), Some(10000.0));
        // At the end of the shift the next event moves the book on; the running interval
        // goes on into whatever comes next, and outside shifts there is no shift to show.
        let v = Values {
            running: Some(true),
            total: Some(count + 10),
            ..Values::default()
        };
        book.apply(
            &cal,
            &tracker.observe(&Reading {
                t: Ts(six.0 + 8 * 3_600_000 + 1000),
                values: Some(v),
            }),
        );
        assert_eq!(book.live(&config, &cal, Ts(six.0 + 8 * 3_600_000 + 1000)).shift, None);
        assert!(!book.roll(&cal, Ts(six.0 + 9 * 3_600_000)));
        assert_eq!(book.live(&config, &cal, Ts(six.0 + 9 * 3_600_000)).shift, None);
    }
}
