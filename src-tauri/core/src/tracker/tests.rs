use super::*;
use crate::model::LimitKind;
use proptest::prelude::*;

fn setup(source: StateSource) -> Setup {
    let mut fault_reasons = BTreeMap::new();
    fault_reasons.insert(1, (ReasonCode::new("mech/bearing").unwrap(), ReasonKind::Downtime));
    fault_reasons.insert(5, (ReasonCode::new("changeover").unwrap(), ReasonKind::Planned));
    let mut products = BTreeMap::new();
    products.insert(1, ProductId::new("bracket-a").unwrap());
    Setup {
        state_source: source,
        total_bits: Some(16),
        reject_bits: Some(16),
        fault_reasons,
        products,
        ideal_cycle_s: Some(1.0),
        stop_after_ms: 10_000,
        max_silence_ms: 5000,
        process_deadband: BTreeMap::from([("oil_temp".to_string(), 0.1)]),
        process_limits: BTreeMap::from([("oil_temp".to_string(), (Some(20.0), Some(65.0)))]),
        energy_range_kwh: None,
    }
}

fn ok(t: i64, v: Values) -> Reading {
    Reading {
        t: Ts(t),
        values: Some(v),
    }
}

fn run(running: bool, total: u64, fault: u64) -> Values {
    Values {
        running: Some(running),
        total: Some(total),
        fault: Some(fault),
        ..Values::default()
    }
}

fn counter(total: u64) -> Values {
    Values {
        total: Some(total),
        ..Values::default()
    }
}

/// The intervals the store would hold after these events (upsert by start).
fn intervals(events: &[Event]) -> Vec<(i64, i64, MachineState, Option<String>)> {
    let mut by_start: BTreeMap<i64, StateInterval> = BTreeMap::new();
    for e in events {
        if let Event::Interval(i) = e {
            by_start.insert(i.start.0, i.clone());
        }
    }
    by_start
        .values()
        .filter(|i| i.end > i.start)
        .map(|i| (i.start.0, i.end.0, i.state, i.reason.as_ref().map(|r| r.to_string())))
        .collect()
}

fn parts(events: &[Event]) -> u64 {
    events
        .iter()
        .map(|e| match e {
            Event::Counts(c) => c.total,
            _ => 0,
        })
        .sum()
}

fn feed(tracker: &mut Tracker, readings: &[Reading]) -> Vec<Event> {
    readings.iter().flat_map(|r| tracker.observe(r)).collect()
}

#[test]
fn run_signal_and_first_fault_code_explain_a_stop() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(
        &mut tr,
        &[
            ok(0, run(true, 100, 0)),
            ok(1000, run(true, 101, 0)),
            ok(2000, run(false, 101, 0)),
            ok(3000, run(false, 101, 1)),
            ok(4000, run(false, 101, 7)),
            ok(5000, run(true, 102, 0)),
            ok(6000, run(true, 103, 0)),
        ],
    );
    assert_eq!(
        intervals(&ev),
        vec![
            (0, 2000, MachineState::Running, None),
            (2000, 5000, MachineState::Down, Some("mech/bearing".into())),
            (5000, 6000, MachineState::Running, None),
        ]
    );
    // The first reading only sets the baseline.
    assert_eq!(parts(&ev), 3);
}

#[test]
fn planned_fault_code_makes_a_planned_stop() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(
        &mut tr,
        &[
            ok(0, run(true, 0, 0)),
            ok(1000, run(false, 0, 0)),
            ok(2000, run(false, 0, 5)),
            ok(9000, run(true, 0, 0)),
        ],
    );
    assert_eq!(
        intervals(&ev),
        vec![
            (0, 1000, MachineState::Running, None),
            (1000, 9000, MachineState::Planned, Some("changeover".into()))
        ]
    );
}

#[test]
fn unmapped_fault_code_is_kept_without_a_reason() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    feed(&mut tr, &[ok(0, run(false, 0, 42))]);
    let cur = tr.current().unwrap();
    assert_eq!(
        (cur.state, cur.reason.clone(), cur.fault_code),
        (MachineState::Down, None, Some(42))
    );
}

#[test]
fn no_answer_is_no_data_and_parts_come_back_over_the_gap() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(
        &mut tr,
        &[
            ok(0, run(true, 10, 0)),
            ok(1000, run(true, 11, 0)),
            Reading {
                t: Ts(2000),
                values: None,
            },
            Reading {
                t: Ts(5000),
                values: None,
            },
            ok(8000, run(true, 20, 0)),
        ],
    );
    assert_eq!(
        intervals(&ev),
        vec![
            (0, 2000, MachineState::Running, None),
            (2000, 8000, MachineState::NoData, None)
        ]
    );
    let gap: Vec<&CountIncrement> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Counts(c) if c.over_gap => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(gap.len(), 1);
    assert_eq!((gap[0].start, gap[0].end, gap[0].total), (Ts(2000), Ts(8000), 9));
}

#[test]
fn counter_only_machine_stops_at_its_last_part() {
    let mut tr = Tracker::new(setup(StateSource::Counter), Resume::default());
    let mut readings = vec![ok(0, counter(5))];
    // A part every second until t = 5 s, then nothing.
    for s in 1..=20 {
        readings.push(ok(s * 1000, counter(5 + s.min(5) as u64)));
    }
    let ev = feed(&mut tr, &readings);
    assert_eq!(
        intervals(&ev),
        vec![
            // Regression: a new machine was down until its first part.
            (0, 5000, MachineState::Running, None),
            // Stopped from the last part at 5 s, decided 10 s later.
            (5000, 20_000, MachineState::Down, None),
        ]
    );
    assert_eq!(parts(&ev), 5);
}

#[test]
fn a_new_counter_only_machine_without_parts_is_stopped_from_its_first_reading() {
    let mut tr = Tracker::new(setup(StateSource::Counter), Resume::default());
    let readings: Vec<Reading> = (0..=12).map(|s| ok(s * 1000, counter(7))).collect();
    let ev = feed(&mut tr, &readings);
    // Nothing is decided before `stop_after` (10 s) has passed without a part.
    assert_eq!(intervals(&ev), vec![(0, 12_000, MachineState::Down, None)]);
    let mut tr = Tracker::new(setup(StateSource::Counter), Resume::default());
    let ev = feed(&mut tr, &readings[..5]);
    assert_eq!(intervals(&ev), vec![]);
}

#[test]
fn clock_jumping_back_never_gives_a_negative_interval() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(
        &mut tr,
        &[
            ok(10_000, run(true, 0, 0)),
            ok(11_000, run(false, 1, 0)),
            ok(5_000, run(true, 2, 0)),
            ok(12_000, run(true, 3, 0)),
        ],
    );
    for e in &ev {
        if let Event::Interval(i) = e {
            assert!(i.end >= i.start, "{i:?}");
        }
        if let Event::Counts(c) = e {
            assert!(c.end >= c.start, "{c:?}");
        }
    }
    assert_eq!(parts(&ev), 3);
}

#[test]
fn restart_resumes_from_stored_baseline_and_counts_the_gap_once() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(&mut tr, &[ok(0, run(true, 65_000, 0)), ok(1000, run(true, 65_001, 0))]);
    let resume = resume_from(&ev);
    // Takt is away for an hour; the machine makes 1000 parts and its u16 counter wraps.
    let mut tr = Tracker::new(setup(StateSource::RunSignal), resume);
    let after = feed(&mut tr, &[ok(3_601_000, run(true, (65_001 + 1000) % 65_536, 0))]);
    assert_eq!(parts(&after), 1000);
    assert_eq!(
        intervals(&[ev, after.clone()].concat()),
        vec![
            (0, 1000, MachineState::Running, None),
            (1000, 3_601_000, MachineState::NoData, None)
        ]
    );
    assert!(
        after
            .iter()
            .any(|e| matches!(e, Event::Counts(c) if c.over_gap && c.start == Ts(1000)))
    );
}

#[test]
fn a_restart_within_the_silence_limit_goes_on_without_a_gap() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(&mut tr, &[ok(0, run(true, 100, 0)), ok(1000, run(true, 101, 0))]);
    let mut tr = Tracker::new(setup(StateSource::RunSignal), resume_from(&ev));
    // Back 3 s later (under the 5 s limit): the running interval just goes on.
    let after = feed(&mut tr, &[ok(4000, run(true, 104, 0))]);
    assert_eq!(
        intervals(&[ev.clone(), after.clone()].concat()),
        vec![(0, 4000, MachineState::Running, None)]
    );
    assert!(
        after
            .iter()
            .any(|e| matches!(e, Event::Counts(c) if !c.over_gap && c.total == 3))
    );
    // Back 6 s later instead: a gap.
    let mut tr = Tracker::new(setup(StateSource::RunSignal), resume_from(&ev));
    let after = feed(&mut tr, &[ok(7000, run(true, 104, 0))]);
    assert_eq!(
        intervals(&[ev, after].concat()),
        vec![
            (0, 1000, MachineState::Running, None),
            (1000, 7000, MachineState::NoData, None),
            (7000, 7000, MachineState::Running, None)
        ]
        .into_iter()
        .filter(|i| i.1 > i.0)
        .collect::<Vec<_>>()
    );
}

#[test]
fn new_machine_first_reading_adds_nothing() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    assert_eq!(parts(&tr.observe(&ok(0, run(true, 12_345, 0)))), 0);
}

#[test]
fn product_changes_are_events() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let v = |p| Values {
        running: Some(true),
        product: Some(p),
        ..Values::default()
    };
    let ev = feed(&mut tr, &[ok(0, v(1)), ok(1000, v(1)), ok(2000, v(9))]);
    let products: Vec<(Ts, Option<String>, Option<u64>)> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Product { start, product, code } => Some((*start, product.as_ref().map(|p| p.to_string()), *code)),
            _ => None,
        })
        .collect();
    assert_eq!(
        products,
        vec![(Ts(0), Some("bracket-a".into()), None), (Ts(2000), None, Some(9))]
    );
}

#[test]
fn energy_meter_increments() {
    let mut tr = Tracker::new(setup(StateSource::None), Resume::default());
    let v = |k| Values {
        energy_kwh: Some(k),
        ..Values::default()
    };
    let ev = feed(&mut tr, &[ok(0, v(100.0)), ok(60_000, v(100.5)), ok(120_000, v(0.25))]);
    let used: Vec<f64> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Energy(x) => Some(x.kwh),
            _ => None,
        })
        .collect();
    assert_eq!(used, vec![0.5, 0.25]);
    assert!(intervals(&ev).is_empty(), "a meter alone tells no state");
}

fn energy(ev: &[Event]) -> Vec<(f64, bool, bool)> {
    ev.iter()
        .filter_map(|e| match e {
            Event::Energy(x) => Some((x.kwh, x.running, x.over_gap)),
            _ => None,
        })
        .collect()
}

#[test]
fn energy_goes_to_the_state_it_was_used_in() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let v = |running, k| Values {
        running: Some(running),
        energy_kwh: Some(k),
        ..Values::default()
    };
    let ev = feed(
        &mut tr,
        &[
            ok(0, v(true, 10.0)),
            ok(1000, v(true, 11.0)),
            // It stopped at 2000: the kWh up to this reading were used running.
            ok(2000, v(false, 12.0)),
            ok(3000, v(false, 12.25)),
            Reading {
                t: Ts(4000),
                values: None,
            },
            // Back after a gap: what the meter moved meanwhile is neither run nor idle.
            ok(60_000, v(true, 20.0)),
            ok(61_000, v(true, 21.0)),
        ],
    );
    assert_eq!(
        energy(&ev),
        vec![
            (1.0, true, false),
            (1.0, true, false),
            (0.25, false, false),
            (7.75, false, true),
            (1.0, true, false)
        ]
    );
}

#[test]
fn a_u32_meter_wraps_and_a_float_meter_resets() {
    let mut s = setup(StateSource::None);
    // A u32 register of 0.1 kWh: it wraps at 429,496,729.6 kWh.
    s.energy_range_kwh = Some(2f64.powi(32) * 0.1);
    let mut tr = Tracker::new(s.clone(), Resume::default());
    let v = |k| Values {
        energy_kwh: Some(k),
        ..Values::default()
    };
    let top = (u32::MAX as f64) * 0.1;
    let ev = feed(&mut tr, &[ok(0, v(top - 0.4)), ok(1000, v(0.3)), ok(2000, v(0.1))]);
    let used: Vec<f64> = energy(&ev).into_iter().map(|e| (e.0 * 1e6).round() / 1e6).collect();
    // Up 0.4 to the top, 0.1 over it, 0.3 since: 0.8. Then down by a little: a reset.
    assert_eq!(used, vec![0.8, 0.1]);
    s.energy_range_kwh = None;
    let mut tr = Tracker::new(s, Resume::default());
    let ev = feed(&mut tr, &[ok(0, v(top - 0.4)), ok(1000, v(0.3))]);
    assert_eq!(energy(&ev), vec![(0.3, false, false)]);
}

fn alarms(ev: &[Event]) -> Vec<AlarmEpisode> {
    ev.iter()
        .filter_map(|e| match e {
            Event::Alarm(a) => Some(a.clone()),
            _ => None,
        })
        .collect()
}

fn oil(running: bool, temp: f64) -> Values {
    Values {
        running: Some(running),
        process: vec![("oil_temp".into(), temp)],
        ..Values::default()
    }
}

#[test]
fn a_value_beyond_its_limit_opens_an_episode_that_ends_when_it_is_back() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(
        &mut tr,
        &[
            ok(0, oil(true, 60.0)),
            ok(1000, oil(true, 66.0)),
            ok(2000, oil(true, 70.5)),
            ok(3000, oil(true, 68.0)),
            ok(4000, oil(true, 64.0)),
            ok(5000, oil(true, 19.0)),
            // Straight across to the other limit: one episode ends, the other begins.
            ok(6000, oil(true, 66.0)),
        ],
    );
    let a = alarms(&ev);
    let last = |start: i64| a.iter().rev().find(|x| x.start == Ts(start)).unwrap().clone();
    let high = last(1000);
    assert_eq!(
        (high.kind, high.limit, high.worst, high.end, high.open),
        (LimitKind::High, 65.0, 70.5, Ts(4000), false)
    );
    let low = last(5000);
    assert_eq!(
        (low.kind, low.limit, low.worst, low.end, low.open),
        (LimitKind::Low, 20.0, 19.0, Ts(6000), false)
    );
    let again = last(6000);
    assert!(again.open && again.kind == LimitKind::High);
    // The first event of an episode opens it there (the store commits it at once).
    assert!(a.iter().any(|x| x.start == Ts(1000) && x.end == Ts(1000) && x.open));
}

#[test]
fn an_open_episode_ends_at_its_last_reading_when_readings_stop() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let ev = feed(
        &mut tr,
        &[
            ok(0, oil(true, 66.0)),
            ok(1000, oil(true, 67.0)),
            Reading {
                t: Ts(2000),
                values: None,
            },
        ],
    );
    let a = alarms(&ev);
    let closed = a.last().unwrap();
    assert_eq!(
        (closed.start, closed.end, closed.open, closed.worst),
        (Ts(0), Ts(1000), false, 67.0)
    );

    // Takt stops with an episode open. Back within a poll or two, it goes on; back after
    // a gap, it is closed as at its last reading, and a new one opens if still beyond.
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    let before = feed(&mut tr, &[ok(0, oil(true, 66.0)), ok(1000, oil(true, 67.0))]);
    let mut resume = resume_from(&before);
    resume.open_alarms = alarms(&before).into_iter().rev().take(1).collect();
    let mut soon = Tracker::new(setup(StateSource::RunSignal), resume.clone());
    let a = alarms(&feed(&mut soon, &[ok(2000, oil(true, 68.0))]));
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].start, a[0].end, a[0].open, a[0].worst),
        (Ts(0), Ts(2000), true, 68.0)
    );
    let mut late = Tracker::new(setup(StateSource::RunSignal), resume);
    let a = alarms(&feed(&mut late, &[ok(600_000, oil(true, 66.5))]));
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].start, a[0].end, a[0].open), (Ts(0), Ts(1000), false));
    assert_eq!((a[1].start, a[1].open), (Ts(600_000), true));
}

/// What the store keeps of these events: the last interval and last baselines.
fn resume_from(events: &[Event]) -> Resume {
    let mut r = Resume::default();
    for e in events {
        match e {
            Event::Interval(i) if r.last_interval.as_ref().is_none_or(|l| i.start >= l.start) => {
                r.last_interval = Some(i.clone());
            }
            Event::Baseline { counter, baseline } => {
                r.baselines.insert(*counter, *baseline);
            }
            Event::Product { product, .. } => r.product = product.clone(),
            _ => {}
        }
    }
    r
}

#[derive(Debug, Clone)]
enum Step {
    /// A successful poll 500 ms later; `k` parts made since the last step.
    Poll(u64),
    /// A poll that got no answer; the machine went on making `k` parts.
    Fail(u64),
    /// The machine reset its counter right after the last reading, then made `k` parts.
    Reset(u64),
    /// Takt was killed, losing its last `lose` readings' uncommitted events, and came back
    /// `secs` later; the machine made up to one part a second meanwhile.
    Restart { secs: i64, parts_per_10s: u64, lose: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0u64..=2).prop_map(Step::Poll),
        2 => (0u64..=2).prop_map(Step::Fail),
        1 => (0u64..=2).prop_map(Step::Reset),
        1 => (1i64..3600, 0u64..=10, 0usize..4).prop_map(|(secs, parts_per_10s, lose)| Step::Restart { secs, parts_per_10s, lose }),
    ]
}

/// One step of a meter's life: time passes, then the machine answers (running or not,
/// its meter moved by some kWh, or wrapped, or was reset) or does not.
#[derive(Debug, Clone)]
enum MeterStep {
    Answer { dt: i64, running: bool, used: f64 },
    Wrap { dt: i64, running: bool, used: f64 },
    Reset { dt: i64, running: bool, now: f64 },
    Silent { dt: i64 },
}

fn meter_step() -> impl Strategy<Value = MeterStep> {
    prop_oneof![
        6 => (1i64..120_000, any::<bool>(), 0f64..5.0).prop_map(|(dt, running, used)| MeterStep::Answer { dt, running, used }),
        1 => (1i64..120_000, any::<bool>(), 0f64..5.0).prop_map(|(dt, running, used)| MeterStep::Wrap { dt, running, used }),
        1 => (1i64..120_000, any::<bool>(), 0f64..5.0).prop_map(|(dt, running, now)| MeterStep::Reset { dt, running, now }),
        1 => (1i64..120_000).prop_map(|dt| MeterStep::Silent { dt }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// For any readings with wraps, resets and gaps: the tracker's energy is the meter's
    /// movement, split into run + idle + no data exactly, each part what a plain walk
    /// over the readings gives.
    #[test]
    fn energy_is_the_meters_movement_split_three_ways(steps in proptest::collection::vec(meter_step(), 1..60)) {
        let range = 2f64.powi(16) * 0.01; // a u16 register of 10 Wh
        let mut s = setup(StateSource::RunSignal);
        s.energy_range_kwh = Some(range);
        let mut tr = Tracker::new(s, Resume::default());
        let (mut t, mut meter) = (0i64, 300.0f64);
        let mut readings = vec![ok(0, Values { running: Some(true), energy_kwh: Some(meter), ..Values::default() })];
        let (mut want, mut want_run, mut want_gap) = (0.0, 0.0, 0.0);
        let (mut was_running, mut away) = (true, false);
        for step in steps {
            let (dt, running, used) = match step {
                MeterStep::Silent { dt } => {
                    t += dt;
                    readings.push(Reading { t: Ts(t), values: None });
                    away = true;
                    continue;
                }
                MeterStep::Answer { dt, running, used } => {
                    meter += used;
                    (dt, running, used)
                }
                MeterStep::Wrap { dt, running, used } => {
                    // From just below the top over it: the movement is the distance.
                    let below = range - 0.5;
                    readings.push(ok(t + 1, Values { running: Some(was_running), energy_kwh: Some(below.max(meter)), ..Values::default() }));
                    let moved = below.max(meter) - meter;
                    if away { want_gap += moved } else if was_running { want_run += moved }
                    want += moved;
                    away = false;
                    t += 1;
                    meter = (below.max(meter) + 0.5 + used) - range;
                    (dt, running, 0.5 + used)
                }
                MeterStep::Reset { dt, running, now } => {
                    // A reset to a value below the last (not a plausible wrap).
                    let now = now.min(meter / 4.0);
                    if now >= meter || meter - now > range / 2.0 {
                        continue;
                    }
                    meter = now;
                    (dt, running, now)
                }
            };
            t += dt;
            readings.push(ok(t, Values { running: Some(running), energy_kwh: Some(meter), ..Values::default() }));
            if away { want_gap += used } else if was_running { want_run += used }
            want += used;
            was_running = running;
            away = false;
        }
        let mut got = crate::model::EnergySums::default();
        for e in feed(&mut tr, &readings) {
            if let Event::Energy(x) = e {
                got += crate::model::EnergySums::of(x.kwh, x.running, x.over_gap);
            }
        }
        prop_assert!((got.kwh - want).abs() < 1e-6, "kwh {} want {}", got.kwh, want);
        prop_assert!((got.run_kwh - want_run).abs() < 1e-6, "run {} want {}", got.run_kwh, want_run);
        prop_assert!((got.no_data_kwh - want_gap).abs() < 1e-6, "gap {} want {}", got.no_data_kwh, want_gap);
        prop_assert!(got.idle_kwh() > -1e-6);
        prop_assert!((got.run_kwh + got.idle_kwh() + got.no_data_kwh - got.kwh).abs() < 1e-9);
    }


    /// For any sequence of readings with wraps, resets, no-answer gaps and restarts that
    /// lose uncommitted events, the parts recorded equal the counter's real movement.
    #[test]
    fn recorded_parts_equal_real_movement(
        bits in prop_oneof![Just(16u32), Just(32u32)],
        below_top in 0u64..400,
        steps in prop::collection::vec(step(), 1..120),
    ) {
        let range = 1u64 << bits;
        let mut value = range - 1 - below_top;
        // Start near the top so wraps happen; resets then happen on both sides of half range.
        let mut t = 0i64;
        let mut s = setup(StateSource::RunSignal);
        s.total_bits = Some(bits);
        let mut tracker = Tracker::new(s.clone(), Resume::default());
        // Events of each successful or failed reading, as the writer would commit them.
        let mut committed: Vec<Vec<Event>> = Vec::new();
        // Readings at or before this index may not be lost: they fix the counting start
        // and the reset observations a later reading depends on.
        let mut protect: Option<usize> = None;
        let mut real: u64 = 0;
        let mut counting = false;
        let mut last_ok = true;

        for st in steps {
            match st {
                Step::Poll(k) | Step::Fail(k) | Step::Reset(k) => {
                    // A reset is observable when the next reading (500 ms on) is lower than the last
                    // and a wrap to it would need more parts than the machine can make in 500 ms.
                    let reset = matches!(st, Step::Reset(_)) && last_ok && value > 10 && range - value + k > 12;
                    if reset {
                        value = k;
                    } else {
                        value = (value + k) % range;
                    }
                    if counting {
                        real += k;
                    }
                    t += 500;
                    let fail = matches!(st, Step::Fail(_));
                    let reading = Reading { t: Ts(t), values: (!fail).then(|| run(true, value, 0)) };
                    committed.push(tracker.observe(&reading));
                    if !fail && (!counting || reset) {
                        protect = Some(committed.len() - 1);
                    }
                    if !fail {
                        counting = true;
                    }
                    last_ok = !fail;
                }
                Step::Restart { secs, parts_per_10s, lose } => {
                    let keep_from = protect.map_or(0, |p| p + 1);
                    let can_lose = committed.len().saturating_sub(keep_from);
                    committed.truncate(committed.len() - lose.min(can_lose));
                    let made = secs as u64 * parts_per_10s / 10;
                    value = (value + made) % range;
                    if counting {
                        real += made;
                    }
                    t += secs * 1000;
                    tracker = Tracker::new(s.clone(), resume_from(&committed.concat()));
                    last_ok = false;
                }
            }
        }
        let recorded = parts(&committed.concat());
        // Parts made after the last committed reading are not recorded yet; one more
        // successful poll brings them in.
        t += 500;
        let tail = tracker.observe(&Reading { t: Ts(t), values: Some(run(true, value, 0)) });
        let recorded = recorded + parts(&tail);
        if counting {
            prop_assert_eq!(recorded, real);
        } else {
            prop_assert_eq!(recorded, 0);
        }
        for e in committed.concat().iter().chain(&tail) {
            if let Event::Interval(i) = e {
                prop_assert!(i.end >= i.start);
            }
        }
    }
}

#[test]
fn a_counter_only_machine_resumed_running_stops_after_its_last_part() {
    // Regression (review): after a quick restart it stayed running until its next part.
    let mut tr = Tracker::new(setup(StateSource::Counter), Resume::default());
    let ev = feed(
        &mut tr,
        &[ok(0, counter(5)), ok(1000, counter(6)), ok(2000, counter(7))],
    );
    let mut tr = Tracker::new(setup(StateSource::Counter), resume_from(&ev));
    // Back 2 s later; no part comes any more.
    let mut after = Vec::new();
    for s in 4..=20 {
        after.extend(tr.observe(&ok(s * 1000, counter(7))));
    }
    let all = intervals(&[ev, after].concat());
    assert_eq!(all.last(), Some(&(2000, 20_000, MachineState::Down, None)), "{all:?}");
}

#[test]
fn an_old_closed_no_data_interval_is_not_reopened() {
    // Regression (review): a machine whose signals tell no state (an energy meter) has only
    // closed no-data intervals of past outages; a restart days later reopened the last one.
    let mut tr = Tracker::new(setup(StateSource::None), Resume::default());
    let v = |k| Values {
        energy_kwh: Some(k),
        ..Values::default()
    };
    let mut ev = feed(
        &mut tr,
        &[
            ok(0, v(1.0)),
            Reading {
                t: Ts(1000),
                values: None,
            },
            ok(2000, v(2.0)),
        ],
    );
    ev.extend(feed(&mut tr, &[ok(4 * 86_400_000, v(50.0))]));
    let mut tr = Tracker::new(setup(StateSource::None), resume_from(&ev));
    let after = feed(&mut tr, &[ok(4 * 86_400_000 + 1000, v(50.5))]);
    assert_eq!(
        intervals(&[ev, after.clone()].concat()),
        vec![(1000, 2000, MachineState::NoData, None)]
    );
    let used: Vec<(Ts, f64)> = after
        .iter()
        .filter_map(|e| match e {
            Event::Energy(x) => Some((x.start, x.kwh)),
            _ => None,
        })
        .collect();
    assert_eq!(used, vec![(Ts(4 * 86_400_000), 0.5)]);
}

#[test]
fn a_process_value_is_kept_when_it_moves_its_deadband_or_a_minute_has_passed() {
    let mut tr = Tracker::new(setup(StateSource::RunSignal), Resume::default());
    // Polled every 100 ms for two minutes: 21.50 with a wiggle of 0.02, then a step to 21.6.
    let mut kept = Vec::new();
    let mut seen = 0;
    for k in 0..1200 {
        let value = if k < 900 { 21.5 + 0.02 * (k % 2) as f64 } else { 21.6 };
        let v = Values {
            running: Some(true),
            process: vec![("oil_temp".to_string(), value)],
            ..Values::default()
        };
        for e in tr.observe(&ok(k * 100, v)) {
            if let Event::Process { t, value, keep, .. } = e {
                seen += 1;
                if keep {
                    kept.push((t.0, value));
                }
            }
        }
    }
    // Every reading is an event (for the minute's min/mean/max); three are stored: the
    // first, the one a minute later, and the step.
    assert_eq!(seen, 1200);
    assert_eq!(kept, vec![(0, 21.5), (60_000, 21.5), (90_000, 21.6)]);
}
