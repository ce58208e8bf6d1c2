//! The plant model: each simulated machine follows a timeline of runs and stops drawn
//! from a seeded random stream, so a seed gives the same plant every time. History and
//! live registers come from the same timeline and agree.
//!
//! Runs alternate with small stops and faults; components wear with run time and fail
//! after a Weibull-distributed life (a breakdown with the component's fault code and a
//! repair); some are replaced at a break before they fail (a suspension, for life
//! models); a product change is a planned changeover; machines stand during breaks and
//! outside shifts; and a machine may drop off the network for a while (an overlay: it
//! goes on producing, but does not answer).

use takt_core::calendar::Calendar;
use takt_core::model::{MaintenanceEvent, MaintenanceKind};
use takt_core::time::{DAY_MS, MINUTE_MS, Ts};

/// A small, fast, seedable generator (xorshift64*, seeded through splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed and a stream (machine number, purpose).
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in (0, 1].
    pub fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, (lo, hi): (f64, f64)) -> f64 {
        lo + (hi - lo) * (self.unit() - f64::EPSILON).max(0.0)
    }

    /// Exponential with this mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * self.unit().ln()
    }

    /// Weibull with shape `beta` and scale `eta`.
    pub fn weibull(&mut self, beta: f64, eta: f64) -> f64 {
        eta * (-self.unit().ln()).powf(1.0 / beta)
    }
}

/// A wearing component.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentSpec {
    /// Name, as in the maintenance log.
    pub name: String,
    /// Fault code the machine shows when it fails.
    pub fault_code: u64,
    /// Weibull shape of its life in run hours.
    pub beta: f64,
    /// Weibull scale of its life in run hours.
    pub eta_h: f64,
    /// Minutes to repair it.
    pub repair_min: (f64, f64),
    /// Replaced at a break once it has run this share of `eta_h` (a suspension).
    pub replace_at: Option<f64>,
}

/// A cause of unplanned stops.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultSpec {
    /// Fault code shown.
    pub code: u64,
    /// Relative frequency.
    pub weight: f64,
    /// Minutes it lasts.
    pub minutes: (f64, f64),
}

/// How a simulated machine behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Ideal cycle time in seconds (for machines without products).
    pub ideal_cycle_s: f64,
    /// Product codes and their ideal cycle times; empty for a single product.
    pub products: Vec<(u64, f64)>,
    /// Hours between product changes.
    pub product_run_h: (f64, f64),
    /// Planned changeover: fault code shown and minutes.
    pub changeover: Option<(u64, (f64, f64))>,
    /// Actual cycle time as a multiple of the ideal.
    pub speed: (f64, f64),
    /// Share of parts rejected.
    pub reject_rate: f64,
    /// How much a failing component raises the reject rate: the rate is `reject_rate x
    /// (1 + reject_gain x failing)` ([`failing`]), set at the start of each run, so the
    /// rejects climb with the process value the same wear heats.
    pub reject_gain: f64,
    /// Minutes of running between stops.
    pub run_min: (f64, f64),
    /// Share of stops that are small stops (well under two minutes, no fault code).
    pub small_stop_share: f64,
    /// Causes of the other stops.
    pub faults: Vec<FaultSpec>,
    /// Wearing components.
    pub components: Vec<ComponentSpec>,
    /// Network outages: mean hours between them and minutes each lasts.
    pub offline: Option<(f64, (f64, f64))>,
    /// Power in kW standing and running (an energy meter).
    pub power_kw: Option<(f64, f64)>,
}

/// What a machine is doing during a segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activity {
    /// Making parts, one every `cycle_ms`.
    Run {
        /// Milliseconds per part.
        cycle_ms: f64,
    },
    /// Stopped, showing a fault code (0: none).
    Stop {
        /// The fault code.
        code: u64,
    },
    /// Standing for a break or outside shifts.
    Idle,
}

/// A stretch of one activity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Start.
    pub start: Ts,
    /// End.
    pub end: Ts,
    /// What the machine does.
    pub activity: Activity,
    /// The product code shown (0 without products).
    pub product: u64,
    /// Parts made before the segment.
    pub total_before: u64,
    /// Parts rejected before the segment.
    pub reject_before: u64,
    /// Energy used before the segment, kWh.
    pub kwh_before: f64,
    /// Run hours of the first component before the segment.
    pub wear_before_h: f64,
    /// Life of the first component, run hours.
    pub life_h: f64,
}

/// How far a component is into failing, from its run hours left: 0 until the last
/// [`crate::encode::PF_INTERVAL_H`] run hours of its life (the P-F interval), then up to
/// 1 when it fails, and on to 1.5 when it runs past its life.
pub fn failing(remaining_h: f64) -> f64 {
    use crate::encode::PF_INTERVAL_H;
    ((PF_INTERVAL_H - remaining_h) / PF_INTERVAL_H).clamp(0.0, 1.5)
}

/// What a machine shows at an instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observed {
    /// Whether it answers on the network.
    pub online: bool,
    /// Run signal.
    pub running: bool,
    /// Fault code (0: none).
    pub fault: u64,
    /// Part counter (not wrapped).
    pub total: u64,
    /// Reject counter.
    pub reject: u64,
    /// Product code.
    pub product: u64,
    /// Energy meter, kWh.
    pub kwh: f64,
    /// How worn the first component is: run hours over its life (above 1 means overdue).
    pub wear: f64,
    /// Run hours left in the first component's life (infinite without one).
    pub remaining_h: f64,
    /// A slow daily swing and a little noise, in [-1, 1], for process values.
    pub wiggle: f64,
}

#[derive(Debug, Clone)]
struct Component {
    age_h: f64,
    life_h: f64,
}

/// One simulated machine.
#[derive(Debug, Clone)]
pub struct MachineModel {
    profile: Profile,
    rng: Rng,
    outage_rng: Rng,
    calendar: Calendar,
    segments: Vec<Segment>,
    components: Vec<Component>,
    product: usize,
    next_change: Ts,
    idle: Vec<(Ts, Ts)>,
    idle_until: Ts,
    outages: Vec<(Ts, Ts)>,
    outages_until: Ts,
    log: Vec<MaintenanceEvent>,
}

impl MachineModel {
    /// A machine following `profile` from `origin`, drawing from `seed` (machine `n`).
    pub fn new(profile: Profile, seed: u64, n: u64, origin: Ts, calendar: Calendar) -> MachineModel {
        let mut rng = Rng::new(seed, n * 2 + 1);
        let components = profile
            .components
            .iter()
            .map(|c| {
                // Components come in at a random point of their life, so failures do not
                // all line up at the start of history.
                let life_h = rng.weibull(c.beta, c.eta_h);
                Component {
                    age_h: life_h * rng.range((0.0, 0.8)),
                    life_h,
                }
            })
            .collect();
        let next_change = Ts(origin.0 + (rng.range(profile.product_run_h) * 3_600_000.0) as i64);
        MachineModel {
            outage_rng: Rng::new(seed, n * 2 + 2),
            rng,
            calendar,
            segments: Vec::new(),
            components,
            product: 0,
            next_change,
            idle: Vec::new(),
            idle_until: origin,
            outages: Vec::new(),
            outages_until: origin,
            log: Vec::new(),
            profile,
        }
        .starting_at(origin)
    }

    fn starting_at(mut self, origin: Ts) -> Self {
        self.segments.push(Segment {
            start: origin,
            end: origin,
            activity: Activity::Idle,
            product: self.product_code(),
            total_before: 0,
            reject_before: 0,
            kwh_before: 0.0,
            wear_before_h: self.components.first().map_or(0.0, |c| c.age_h),
            life_h: self.components.first().map_or(1.0, |c| c.life_h),
        });
        self
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    fn product_code(&self) -> u64 {
        self.profile.products.get(self.product).map_or(0, |p| p.0)
    }

    fn ideal_ms(&self) -> f64 {
        self.profile
            .products
            .get(self.product)
            .map_or(self.profile.ideal_cycle_s, |p| p.1)
            * 1000.0
    }

    /// Breaks and time outside shifts, known up to at least `t`.
    fn idle_windows_to(&mut self, t: Ts) {
        while self.idle_until <= t {
            let from = self.idle_until;
            let to = Ts(from.0 + DAY_MS);
            if !self.calendar.is_24_7() {
                let blocks = self.calendar.blocks(from, to);
                let mut cursor = from;
                for b in &blocks {
                    if b.start > cursor {
                        self.idle.push((cursor, b.start));
                    }
                    self.idle.extend(b.breaks.iter().copied());
                    cursor = cursor.max(b.end);
                }
                if cursor < to {
                    self.idle.push((cursor, to));
                }
                // Joins windows that touch (an off-shift window ending where the next begins).
                self.idle.sort();
                let mut merged: Vec<(Ts, Ts)> = Vec::with_capacity(self.idle.len());
                for w in self.idle.drain(..) {
                    match merged.last_mut() {
                        Some(last) if w.0 <= last.1 => last.1 = last.1.max(w.1),
                        _ => merged.push(w),
                    }
                }
                self.idle = merged;
            }
            self.idle_until = to;
        }
    }

    /// The share of parts a segment rejects: higher while its component is failing.
    fn reject_rate(&self, s: &Segment) -> f64 {
        let p = &self.profile;
        let failing = if p.components.is_empty() {
            0.0
        } else {
            failing(s.life_h - s.wear_before_h)
        };
        p.reject_rate * (1.0 + p.reject_gain * failing)
    }

    /// The first idle window that ends after `t`.
    fn next_idle(&mut self, t: Ts) -> Option<(Ts, Ts)> {
        self.idle_windows_to(Ts(t.0 + DAY_MS));
        let i = self.idle.partition_point(|w| w.1 <= t);
        self.idle.get(i).copied()
    }

    fn push(&mut self, end: Ts, activity: Activity) {
        let Some(last) = self.segments.last().copied() else {
            return;
        };
        let start = last.end;
        if end <= start {
            return;
        }
        let (made, run_h) = match last.activity {
            Activity::Run { cycle_ms } => (
                ((last.end.0 - last.start.0) as f64 / cycle_ms).floor() as u64,
                (last.end.0 - last.start.0) as f64 / 3.6e6,
            ),
            _ => (0, 0.0),
        };
        let kw = |a: Activity, p: Option<(f64, f64)>| {
            p.map_or(
                0.0,
                |(idle, run)| if matches!(a, Activity::Run { .. }) { run } else { idle },
            )
        };
        let kwh = kw(last.activity, self.profile.power_kw) * (last.end.0 - last.start.0) as f64 / 3.6e6;
        let first = self.components.first();
        self.segments.push(Segment {
            start,
            end,
            activity,
            product: self.product_code(),
            total_before: last.total_before + made,
            reject_before: last.reject_before + (made as f64 * self.reject_rate(&last)).floor() as u64,
            kwh_before: last.kwh_before + kwh,
            wear_before_h: if first.is_some_and(|c| c.age_h < last.wear_before_h) {
                // The component was replaced at the end of the last segment.
                first.map_or(0.0, |c| c.age_h)
            } else {
                last.wear_before_h + run_h
            },
            life_h: first.map_or(1.0, |c| c.life_h),
        });
    }

    /// Extends the timeline past `t`.
    fn extend_to(&mut self, t: Ts) {
        while self.segments.last().is_some_and(|s| s.end <= t) {
            let now = self.segments.last().map_or(t, |s| s.end);
            self.step(now);
        }
    }

    fn step(&mut self, now: Ts) {
        if let Some((a, b)) = self.next_idle(now)
            && a <= now
        {
            // A break: replace components that are due before the machine runs again.
            for (i, spec) in self.profile.components.clone().iter().enumerate() {
                let c = &mut self.components[i];
                if spec.replace_at.is_some_and(|share| c.age_h >= share * spec.eta_h) {
                    self.log.push(MaintenanceEvent {
                        component: spec.name.clone(),
                        t: now,
                        kind: MaintenanceKind::Replacement,
                        duration_min: 20.0,
                        note: format!("replaced at {:.0} run hours, before failure", c.age_h),
                    });
                    c.age_h = 0.0;
                    c.life_h = self.rng.weibull(spec.beta, spec.eta_h);
                }
            }
            self.push(b, Activity::Idle);
            return;
        }
        let cycle_ms = self.ideal_ms() * self.rng.range(self.profile.speed);
        let mut end = Ts(now.0 + (self.rng.range(self.profile.run_min) * MINUTE_MS as f64) as i64);
        enum Next {
            Random,
            Failure(usize),
            Change,
            Idle,
        }
        let mut next = Next::Random;
        for (i, c) in self.components.iter().enumerate() {
            let fails = Ts(now.0 + ((c.life_h - c.age_h).max(0.0) * 3.6e6) as i64);
            if fails < end {
                end = fails;
                next = Next::Failure(i);
            }
        }
        if !self.profile.products.is_empty() && self.next_change < end {
            end = self.next_change.max(now);
            next = Next::Change;
        }
        if let Some((a, _)) = self.next_idle(now)
            && a < end
        {
            end = a;
            next = Next::Idle;
        }
        if end > now {
            let run_h = (end.0 - now.0) as f64 / 3.6e6;
            for c in &mut self.components {
                c.age_h += run_h;
            }
            self.push(end, Activity::Run { cycle_ms });
        }
        match next {
            Next::Idle => {}
            Next::Failure(i) => {
                let spec = self.profile.components[i].clone();
                let minutes = self.rng.range(spec.repair_min);
                let c = &mut self.components[i];
                self.log.push(MaintenanceEvent {
                    component: spec.name.clone(),
                    t: end,
                    kind: MaintenanceKind::Failure,
                    duration_min: (minutes * 10.0).round() / 10.0,
                    note: format!("failed after {:.0} run hours", c.age_h),
                });
                c.age_h = 0.0;
                c.life_h = self.rng.weibull(spec.beta, spec.eta_h);
                self.push(
                    Ts(end.0 + (minutes * MINUTE_MS as f64) as i64),
                    Activity::Stop { code: spec.fault_code },
                );
            }
            Next::Change => {
                self.product = (self.product + 1) % self.profile.products.len().max(1);
                self.next_change = Ts(end.0 + (self.rng.range(self.profile.product_run_h) * 3.6e6) as i64);
                if let Some((code, minutes)) = self.profile.changeover {
                    let minutes = self.rng.range(minutes);
                    self.push(Ts(end.0 + (minutes * MINUTE_MS as f64) as i64), Activity::Stop { code });
                }
            }
            Next::Random => {
                if self.rng.unit() < self.profile.small_stop_share || self.profile.faults.is_empty() {
                    let secs = self.rng.range((15.0, 90.0));
                    self.push(Ts(end.0 + (secs * 1000.0) as i64), Activity::Stop { code: 0 });
                } else {
                    let total: f64 = self.profile.faults.iter().map(|f| f.weight).sum();
                    let mut pick = self.rng.unit() * total;
                    let mut fault = self.profile.faults[0].clone();
                    for f in &self.profile.faults {
                        if pick <= f.weight {
                            fault = f.clone();
                            break;
                        }
                        pick -= f.weight;
                    }
                    let minutes = self.rng.range(fault.minutes);
                    self.push(
                        Ts(end.0 + (minutes * MINUTE_MS as f64) as i64),
                        Activity::Stop { code: fault.code },
                    );
                }
            }
        }
    }

    /// Network outages known up to at least `t`.
    fn outages_to(&mut self, t: Ts) {
        let Some((mean_h, minutes)) = self.profile.offline else {
            return;
        };
        while self.outages_until <= t {
            let start = Ts(self.outages_until.0 + (self.outage_rng.exp(mean_h) * 3.6e6) as i64);
            let end = Ts(start.0 + (self.outage_rng.range(minutes) * MINUTE_MS as f64) as i64);
            self.outages.push((start, end));
            self.outages_until = end;
        }
    }

    /// Whether the machine answers at `t`.
    pub fn online(&mut self, t: Ts) -> bool {
        self.outages_to(t);
        let i = self.outages.partition_point(|w| w.1 <= t);
        self.outages.get(i).is_none_or(|w| w.0 > t)
    }

    /// The outages overlapping `[from, to)`.
    pub fn outages(&mut self, from: Ts, to: Ts) -> Vec<(Ts, Ts)> {
        self.outages_to(to);
        self.outages
            .iter()
            .filter(|w| w.1 > from && w.0 < to)
            .copied()
            .collect()
    }

    /// The segments overlapping `[from, to)`.
    pub fn segments(&mut self, from: Ts, to: Ts) -> Vec<Segment> {
        self.extend_to(to);
        let i = self.segments.partition_point(|s| s.end <= from);
        self.segments[i..]
            .iter()
            .take_while(|s| s.start < to)
            .filter(|s| s.end > s.start)
            .copied()
            .collect()
    }

    /// Maintenance log entries in `[from, to)`.
    pub fn maintenance(&mut self, from: Ts, to: Ts) -> Vec<MaintenanceEvent> {
        self.extend_to(to);
        self.log.iter().filter(|e| e.t >= from && e.t < to).cloned().collect()
    }

    /// What the machine shows at `t`.
    pub fn observe(&mut self, t: Ts) -> Observed {
        self.extend_to(t);
        let online = self.online(t);
        let i = self.segments.partition_point(|s| s.end <= t);
        let s = self
            .segments
            .get(i)
            .copied()
            .unwrap_or_else(|| *self.segments.last().expect("a timeline has a segment"));
        let into = (t.0 - s.start.0).max(0) as f64;
        let (running, fault, made, run_h) = match s.activity {
            Activity::Run { cycle_ms } => (true, 0, (into / cycle_ms).floor() as u64, into / 3.6e6),
            Activity::Stop { code } => (false, code, 0, 0.0),
            Activity::Idle => (false, 0, 0, 0.0),
        };
        let total = s.total_before + made;
        let kw = self
            .profile
            .power_kw
            .map_or(0.0, |(idle, run)| if running { run } else { idle });
        let wear = ((s.wear_before_h + run_h) / s.life_h.max(1e-9)).clamp(0.0, 1.5);
        let remaining_h = if self.profile.components.is_empty() {
            f64::INFINITY
        } else {
            s.life_h - (s.wear_before_h + run_h)
        };
        let minute = t.0.div_euclid(MINUTE_MS);
        let noise = ((minute.wrapping_mul(2_654_435_761) >> 8).rem_euclid(1000)) as f64 / 1000.0 - 0.5;
        let day = (t.0.rem_euclid(DAY_MS) as f64 / DAY_MS as f64 * std::f64::consts::TAU).sin();
        Observed {
            online,
            running,
            fault,
            total,
            reject: s.reject_before + (made as f64 * self.reject_rate(&s)).floor() as u64,
            product: s.product,
            kwh: s.kwh_before + kw * into / 3.6e6,
            wear,
            remaining_h,
            wiggle: (0.7 * day + 0.6 * noise).clamp(-1.0, 1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::config::Config;

    fn calendar() -> Calendar {
        let text = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"18:00\"\nbreaks = [{ start = \"12:00\", minutes = 30 }]\n";
        Calendar::new(&Config::parse(text, "t.toml").unwrap().config)
    }

    pub(crate) fn press() -> Profile {
        Profile {
            ideal_cycle_s: 1.0,
            products: vec![],
            product_run_h: (4.0, 8.0),
            changeover: None,
            speed: (1.05, 1.25),
            reject_rate: 0.01,
            reject_gain: 0.0,
            run_min: (10.0, 60.0),
            small_stop_share: 0.6,
            faults: vec![FaultSpec {
                code: 2,
                weight: 1.0,
                minutes: (3.0, 20.0),
            }],
            components: vec![ComponentSpec {
                name: "main-bearing".into(),
                fault_code: 1,
                beta: 2.5,
                eta_h: 50.0,
                repair_min: (30.0, 90.0),
                replace_at: Some(0.9),
            }],
            offline: Some((12.0, (2.0, 10.0))),
            power_kw: Some((1.0, 8.0)),
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_plant() {
        let origin = Ts(1_700_000_000_000);
        let mut a = MachineModel::new(press(), 7, 0, origin, calendar());
        let mut b = MachineModel::new(press(), 7, 0, origin, calendar());
        let mut c = MachineModel::new(press(), 8, 0, origin, calendar());
        // Queried in different orders, the same timeline.
        let late = Ts(origin.0 + 5 * DAY_MS);
        let ob = b.observe(late);
        for h in 0..(5 * 24) {
            a.observe(Ts(origin.0 + h * 3_600_000));
        }
        assert_eq!(a.observe(late), ob);
        assert_ne!(c.observe(late), ob);
    }

    #[test]
    fn counters_only_go_up_and_machines_stand_in_breaks() {
        let origin = Ts(1_700_006_400_000); // 2023-11-15 00:00 UTC
        let mut m = MachineModel::new(press(), 1, 0, origin, calendar());
        let mut last = m.observe(origin);
        for i in 1..(3 * 24 * 60) {
            let t = Ts(origin.0 + i * MINUTE_MS);
            let o = m.observe(t);
            assert!(
                o.total >= last.total && o.reject >= last.reject && o.kwh >= last.kwh,
                "{i}"
            );
            let minute_of_day = (t.0 % DAY_MS) / MINUTE_MS;
            if (12 * 60..12 * 60 + 30).contains(&minute_of_day) || !(6 * 60..18 * 60).contains(&minute_of_day) {
                assert!(!o.running, "running at minute {minute_of_day}");
            }
            last = o;
        }
        assert!(last.total > 10_000, "{}", last.total);
    }

    #[test]
    fn components_fail_and_are_replaced_and_wear_shows_before_a_failure() {
        let origin = Ts(1_700_006_400_000);
        let mut m = MachineModel::new(press(), 3, 0, origin, calendar());
        let log = m.maintenance(origin, Ts(origin.0 + 60 * DAY_MS));
        let failures: Vec<&MaintenanceEvent> = log.iter().filter(|e| e.kind == MaintenanceKind::Failure).collect();
        let replacements = log.iter().filter(|e| e.kind == MaintenanceKind::Replacement).count();
        assert!(failures.len() >= 2, "{log:?}");
        assert!(replacements >= 1, "{log:?}");
        // The machine shows the component's fault code while it is repaired...
        let f = failures[0];
        assert_eq!(m.observe(Ts(f.t.0 + MINUTE_MS)).fault, 1);
        // ...and its wear was near the end of life before, and new after the repair.
        let before = m.observe(Ts(f.t.0 - 10 * MINUTE_MS)).wear;
        let after = m
            .observe(Ts(f.t.0 + (f.duration_min * MINUTE_MS as f64) as i64 + 10 * MINUTE_MS))
            .wear;
        assert!(before > 0.95 && after < 0.05, "{before} -> {after}");
    }

    #[test]
    fn outages_come_and_go() {
        let origin = Ts(1_700_006_400_000);
        let mut m = MachineModel::new(press(), 5, 0, origin, calendar());
        let w = m.outages(origin, Ts(origin.0 + 10 * DAY_MS));
        assert!(w.len() >= 5, "{w:?}");
        let (a, b) = w[0];
        assert!(!m.online(Ts((a.0 + b.0) / 2)));
        assert!(m.online(Ts(b.0 + 1)));
    }
}
