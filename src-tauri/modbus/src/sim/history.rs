//! The past of a simulated machine, as Takt would have recorded it: the model is read
//! at every change of what it does, at every change of network state and every minute,
//! and each reading goes through the same tracker the live poller feeds.

use takt_core::config::{Config, Machine};
use takt_core::model::MaintenanceEvent;
use takt_core::time::{MINUTE_MS, Ts};
use takt_core::tracker::{Event, Reading, Resume, Setup, Tracker};

use crate::plan::{Block, ReadPlan};
use takt_sim::encode::image_of;
use takt_sim::model::MachineModel;

/// What a machine's history adds to the store.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Tracker events.
    pub events: Vec<Event>,
    /// The maintenance log.
    pub maintenance: Vec<MaintenanceEvent>,
}

/// What the poller would read from the model at `t` (`None` while it is off the network).
pub fn read(model: &mut MachineModel, machine: &Machine, plan: &ReadPlan, t: Ts) -> Option<takt_core::tracker::Values> {
    let o = model.observe(t);
    if !o.online {
        return None;
    }
    let image = image_of(&machine.signals, &o);
    let blocks: Vec<Block> = plan
        .requests
        .iter()
        .map(|q| {
            let addrs = (0..q.count).map(|i| q.start.wrapping_add(i));
            if q.table.is_bits() {
                Block::Bits(
                    addrs
                        .map(|a| image.bits.get(&(q.table, a)).copied().unwrap_or(false))
                        .collect(),
                )
            } else {
                Block::Words(
                    addrs
                        .map(|a| image.words.get(&(q.table, a)).copied().unwrap_or(0))
                        .collect(),
                )
            }
        })
        .collect();
    Some(plan.values(&machine.signals, &blocks).0)
}

/// The history of `machine` over `[from, to)`.
pub fn history(model: &mut MachineModel, machine: &Machine, config: &Config, from: Ts, to: Ts) -> History {
    let plan = ReadPlan::new(&machine.signals);
    let mut times: Vec<Ts> = Vec::new();
    for s in model.segments(from, to) {
        times.push(s.start.max(from));
    }
    for (a, b) in model.outages(from, to) {
        times.extend([a, b]);
    }
    let mut t = Ts(from.0.div_euclid(MINUTE_MS) * MINUTE_MS);
    while t < to {
        times.push(t);
        t = Ts(t.0 + MINUTE_MS);
    }
    times.retain(|t| *t >= from && *t < to);
    times.push(to);
    times.sort();
    times.dedup();
    let mut tracker = Tracker::new(Setup::new(machine, config), Resume::default());
    let mut events = Vec::new();
    for t in times {
        let values = read(model, machine, &plan, t);
        events.extend(tracker.observe(&Reading { t, values }));
    }
    History {
        events,
        maintenance: model.maintenance(from, to),
    }
}
