//! The live view of the plant: per machine what it is doing now and how its current shift
//! goes, kept up to date from the tracker's events. Shift figures come from the same
//! [`crate::kpi::machine_terms`] as the reports, so the live OEE and the shift report agree.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Block, Calendar};
use crate::config::{Config, Machine};
use crate::ids::{MachineId, ProductId, ReasonCode};
use crate::kpi::{self, History, MachineContext, Observed, Period, Terms, TimeKind};
use crate::model::{AlarmEpisode, CountRow, MachineState, ScrapEntry, StateInterval, StopEntries, apply_stop_entries};
use crate::time::Ts;
use crate::tracker::Event;

/// A machine as the plant screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineLive {
    /// Id.
    pub id: MachineId,
    /// Display name.
    pub name: String,
    /// What it is doing, as the reports count it: a stop in a break, or with a planned
    /// reason, is `planned` (`None` before the first reading).
    pub state: Option<MachineState>,
    /// Since when (the part of a split stop the machine is in).
    pub since: Option<Ts>,
    /// The stop's reason: the one an operator gave, else the fault code's.
    pub reason: Option<ReasonCode>,
    /// The machine stands through a break (a planned stop).
    #[serde(default)]
    pub on_break: bool,
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
    /// What maintenance needs doing soon, for the tile's badge: a task overdue, or a
    /// process value beyond a limit or forecast to cross one within 3 days
    /// ([`crate::maintenance::alerts`]); set by the window, about once a minute.
    #[serde(default)]
    pub alert: Option<String>,
    /// Process values outside their limits now: the open alarm episodes, by signal.
    #[serde(default)]
    pub alarms: Vec<AlarmEpisode>,
    /// The shift so far, as the Machine page's timeline has it, thinned to at most
    /// [`STRIP_SLOTS`] spans: the tile's strip.
    pub strip: Vec<crate::api::TimelineSpan>,
    /// The shift the strip spans, start and end.
    pub strip_span: Option<(Ts, Ts)>,
}

/// Slots of a tile's strip: a few hundred pixels show no more.
pub const STRIP_SLOTS: usize = 240;

impl MachineLive {
    /// What a tile says of why the machine stands: "break" in a break, else the reason
    /// (by `name`, its name in the reason tree, or its code), else the raw fault code.
    pub fn reason_text(&self, name: impl Fn(&ReasonCode) -> Option<String>) -> String {
        match (&self.reason, self.fault_code) {
            _ if self.on_break => "break".into(),
            (Some(code), _) => name(code).unwrap_or_else(|| code.to_string()),
            (None, Some(c)) => format!("fault {c}"),
            (None, None) => String::new(),
        }
    }
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

/// The whole plant at an instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// When.
    pub t: Ts,
    /// Machines in config order.
    pub machines: Vec<MachineLive>,
}

/// What operators entered in the store about a machine's current shift: reasons and
/// splits of its stops, and scrap. The tile lays them over what the tracker saw, exactly
/// as the reports lay them over what was recorded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entered {
    /// Reasons and splits.
    pub stops: StopEntries,
    /// Scrap entered in the shift, sorted by time.
    pub scrap: Vec<ScrapEntry>,
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
    alarms: BTreeMap<String, AlarmEpisode>,
    first_seen: Option<Ts>,
}

impl ShiftBook {
    /// A book for a machine, starting with what the store holds of the shift at `now`
    /// and the machine's first record (`None` for a new machine).
    pub fn new(
        machine: &Machine,
        cal: &Calendar,
        now: Ts,
        intervals: Vec<StateInterval>,
        counts: Vec<CountRow>,
        first_seen: Option<Ts>,
    ) -> ShiftBook {
        let mut book = ShiftBook {
            machine: machine.clone(),
            block: None,
            intervals: BTreeMap::new(),
            counts: Vec::new(),
            current: intervals.last().cloned(),
            product: None,
            process: BTreeMap::new(),
            alarms: BTreeMap::new(),
            first_seen,
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

    /// The span of the shift the book holds.
    pub fn shift_span(&self) -> Option<(Ts, Ts)> {
        self.block.as_ref().map(|b| (b.start, b.end))
    }

    /// Where the book's history starts: the first interval it holds, or the shift's start
    /// (operators' entries from there on concern it).
    pub fn entries_from(&self) -> Option<Ts> {
        let first = self.intervals.keys().next().copied();
        match (first, self.block.as_ref().map(|b| b.start)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Takes the tracker's events. The first event past the end of the shift moves the
    /// book to the next one, so nothing at the change of shift falls between the two.
    pub fn apply(&mut self, cal: &Calendar, events: &[Event]) {
        let times = events.iter().filter_map(|e| match e {
            Event::Interval(i) => Some((i.start, i.end)),
            Event::Counts(c) => Some((c.start, c.end)),
            Event::Process { t, .. } => Some((*t, *t)),
            _ => None,
        });
        let (mut earliest, mut latest) = (None::<Ts>, None::<Ts>);
        for (a, b) in times {
            earliest = Some(earliest.map_or(a, |e| e.min(a)));
            latest = Some(latest.map_or(b, |l| l.max(b)));
        }
        if let Some(t) = earliest {
            self.first_seen = Some(self.first_seen.map_or(t, |f| f.min(t)));
        }
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
                    if let Some(b) = self.block.as_ref().filter(|b| c.end >= b.start) {
                        let t = c.start.max(b.start);
                        // Counts of one minute are one row, as in the store's buckets: a
                        // shift's book holds at most a row a minute however often the
                        // counter moves (a row a poll grew 15 MiB an hour for 100 machines).
                        match self.counts.last_mut() {
                            Some(last)
                                if last.t.minute_floor() == t.minute_floor()
                                    && last.product == c.product
                                    && last.over_gap == c.over_gap =>
                            {
                                last.total = last.total.saturating_add(c.total);
                                last.reject = last.reject.saturating_add(c.reject);
                            }
                            _ => self.counts.push(CountRow {
                                t,
                                product: c.product.clone(),
                                over_gap: c.over_gap,
                                total: c.total,
                                reject: c.reject,
                            }),
                        }
                    }
                }
                Event::Product { product, .. } => self.product = product.clone(),
                Event::Process { name, value, .. } => {
                    self.process.insert(name.clone(), *value);
                }
                Event::Alarm(a) if a.open => {
                    self.alarms.insert(a.signal.clone(), a.clone());
                }
                Event::Alarm(a) => {
                    self.alarms.remove(&a.signal);
                }
                Event::Energy(_) | Event::Baseline { .. } => {}
            }
        }
    }

    /// The state the tracker sees the machine in: what it is, since when, and why.
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

    /// The shift's intervals with the operators' entries laid over them.
    fn intervals(&self, entered: &Entered) -> Vec<StateInterval> {
        apply_stop_entries(self.intervals.values().cloned().collect(), &entered.stops)
    }

    /// The shift's terms so far, exactly as `takt report oee` computes them for the shift
    /// up to `now`.
    pub fn terms(&self, config: &Config, cal: &Calendar, now: Ts, entered: &Entered) -> Option<Terms> {
        let b = self.block.as_ref()?;
        let period = Period {
            label: b.label(),
            start: b.start,
            end: now.min(b.end).max(b.start),
        };
        if period.end <= period.start {
            return Some(Terms::default());
        }
        let intervals = self.intervals(entered);
        let mut counts = self.counts.clone();
        counts.sort_by_key(|c| c.t);
        let history = History {
            intervals: &intervals,
            counts: &counts,
            scrap: &entered.scrap,
            products: &[],
            observed: Observed {
                start: self.first_seen.unwrap_or(now),
                end: now,
            },
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

    /// The machine as the plant screen shows it, with what operators entered.
    pub fn live(&self, config: &Config, cal: &Calendar, now: Ts, entered: &Entered) -> MachineLive {
        let terms = self.terms(config, cal, now, entered);
        let ctx = MachineContext {
            config,
            machine: &self.machine,
        };
        // The part of the current interval the machine is in, with its entries.
        let cur = self.current.as_ref().map(|c| {
            let parts = apply_stop_entries(vec![c.clone()], &entered.stops);
            parts.into_iter().last().unwrap_or_else(|| c.clone())
        });
        let kind = cur.as_ref().map(|c| kpi::time_kind_at(ctx, cal, c, now));
        MachineLive {
            id: self.machine.id.clone(),
            name: self.machine.name.clone(),
            state: cur.as_ref().zip(kind).map(|(c, k)| match k {
                TimeKind::Running => MachineState::Running,
                TimeKind::NoData => MachineState::NoData,
                TimeKind::Break | TimeKind::Planned => MachineState::Planned,
                TimeKind::Down | TimeKind::SmallStop => MachineState::Down,
                TimeKind::NotScheduled => ctx.effective(c),
            }),
            since: cur.as_ref().map(|c| c.start),
            reason: cur.as_ref().and_then(|c| c.reason.clone()),
            on_break: kind == Some(TimeKind::Break),
            fault_code: cur.as_ref().and_then(|c| c.fault_code),
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
            alert: None,
            alarms: self.alarms.values().cloned().collect(),
            strip: self
                .block
                .as_ref()
                .map(|b| {
                    let intervals = apply_stop_entries(self.intervals.values().cloned().collect(), &entered.stops);
                    let spans = crate::api::TimelineSpan::of(&intervals, b.start, now.min(b.end));
                    crate::api::TimelineSpan::thin(&spans, b.start, b.end, STRIP_SLOTS)
                })
                .unwrap_or_default(),
            strip_span: self.block.as_ref().map(|b| (b.start, b.end)),
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
        let mut book = ShiftBook::new(m, &cal, six, vec![], vec![], None);
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
        // 3000 count events make a row a minute, not a row each (the soak's memory growth).
        assert!(book.counts.len() <= 61, "{} count rows for an hour", book.counts.len());
        let live = book.live(&config, &cal, Ts(six.0 + 3_600_000), &Entered::default());
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
        assert_eq!(
            book.live(&config, &cal, Ts(six.0 + 8 * 3_600_000 + 1000), &Entered::default())
                .shift,
            None
        );
        assert!(!book.roll(&cal, Ts(six.0 + 9 * 3_600_000)));
        assert_eq!(
            book.live(&config, &cal, Ts(six.0 + 9 * 3_600_000), &Entered::default())
                .shift,
            None
        );
    }
}
