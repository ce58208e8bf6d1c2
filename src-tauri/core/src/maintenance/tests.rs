use super::*;

const H: i64 = HOUR_MS;

fn running(a_h: i64, b_h: i64) -> StateInterval {
    StateInterval {
        start: Ts(a_h * H),
        end: Ts(b_h * H),
        state: MachineState::Running,
        reason: None,
        fault_code: None,
    }
}

fn down(a_h: i64, b_h: i64) -> StateInterval {
    StateInterval {
        state: MachineState::Down,
        ..running(a_h, b_h)
    }
}

fn event(component: &str, t_h: i64, kind: MaintenanceKind, duration_min: f64) -> MaintenanceEvent {
    MaintenanceEvent {
        component: component.into(),
        t: Ts(t_h * H),
        kind,
        duration_min,
        note: String::new(),
    }
}

fn history<'a>(id: &'a MachineId, events: &'a [MaintenanceEvent], first: Ts, usage: &'a Usage) -> MachineHistory<'a> {
    MachineHistory {
        machine: id,
        events,
        first,
        usage,
    }
}

fn machine() -> MachineId {
    MachineId::new("press-1").unwrap()
}

fn plan(every: MaintenanceInterval) -> MaintenancePlan {
    MaintenancePlan {
        task: "Grease main bearing".into(),
        component: "main-bearing".into(),
        every,
    }
}

#[test]
fn usage_sums_run_time_and_finds_when_it_reaches_an_amount() {
    // Runs 0-10 h, stands 10-12 h, runs 12-20 h; an overlapping running interval (as a
    // clock step may leave) counts once.
    let u = Usage::new(&[running(0, 10), down(10, 12), running(12, 20), running(18, 20)]);
    assert!(u.has_run_state());
    assert_eq!(u.run_ms(Ts(0), Ts(20 * H)), 18 * H);
    // 5-15 h: 5 h in the first span, 3 h in the second.
    assert_eq!(u.run_ms(Ts(5 * H), Ts(15 * H)), 8 * H);
    assert_eq!(u.run_ms(Ts(10 * H), Ts(12 * H)), 0);
    assert_eq!(u.run_ms(Ts(15 * H), Ts(5 * H)), 0);
    // After the last span nothing more.
    assert_eq!(u.run_ms(Ts(0), Ts(100 * H)), 18 * H);
    // From 5 h, 5 h of running are done at 10 h; 6 h at 13 h (the stand in between).
    assert_eq!(u.reaches(Ts(5 * H), 5 * H), Some(Ts(10 * H)));
    assert_eq!(u.reaches(Ts(5 * H), 6 * H), Some(Ts(13 * H)));
    assert_eq!(u.reaches(Ts(0), 18 * H), Some(Ts(20 * H)));
    assert_eq!(u.reaches(Ts(0), 19 * H), None);
    assert!(!Usage::new(&[down(0, 5)]).has_run_state());
}

#[test]
fn basis_is_run_hours_where_a_run_state_exists() {
    let u = Usage::new(&[running(0, 6), down(6, 24)]);
    assert_eq!(Basis::of(&u), Basis::RunHours);
    assert_eq!(Basis::RunHours.hours(&u, Ts(0), Ts(24 * H)), 6.0);
    assert_eq!(Basis::CalendarHours.hours(&u, Ts(0), Ts(24 * H)), 24.0);
    assert_eq!(Basis::of(&Usage::default()), Basis::CalendarHours);
    // 6 run hours a day, over the one day since the first record (not 14).
    assert_eq!(Basis::RunHours.rate_per_day(&u, Ts(0), Ts(24 * H)), 6.0);
    // Over 14 days of which one ran 6 h: 6 / 14 a day.
    let rate = Basis::RunHours.rate_per_day(&u, Ts(-100 * DAY_MS), Ts(14 * DAY_MS));
    assert!((rate - 6.0 / 14.0).abs() < 1e-12, "{rate}");
}

#[test]
fn lives_run_from_install_to_failure_or_replacement() {
    use MaintenanceKind::*;
    let u = Usage::default();
    let events = [
        event("bearing", 100, Failure, 60.0),
        event("bearing", 150, Inspection, 10.0),
        event("bearing", 250, Service, 30.0),
        event("bearing", 300, Replacement, 45.0),
        event("belt", 320, Failure, 20.0),
        event("bearing", 300, Failure, 0.0),
    ];
    let lives = lives(
        "bearing",
        &events,
        Ts(0),
        (Ts(0), Ts(400 * H)),
        Basis::CalendarHours,
        &u,
    );
    // 0-100 failed; 100-300 replaced (the inspection and the service end no life); the
    // failure logged at the same instant leaves a life of no length, left out; 300-400
    // running at the end: a suspension.
    let got: Vec<(f64, bool)> = lives.iter().map(|l| (l.hours, l.failed)).collect();
    assert_eq!(got, vec![(100.0, true), (200.0, false), (100.0, false)]);
    // Lives that end before the period are left out, a life across its start is whole.
    let lives = lives_of(&events, (Ts(200 * H), Ts(400 * H)));
    assert_eq!(lives, vec![(200.0, false), (100.0, false)]);
    // Nothing logged: one life, from the first record, running.
    assert_eq!(lives_of(&[], (Ts(0), Ts(50 * H))), vec![(50.0, false)]);
}

fn lives_of(events: &[MaintenanceEvent], period: (Ts, Ts)) -> Vec<(f64, bool)> {
    lives(
        "bearing",
        events,
        Ts(0),
        period,
        Basis::CalendarHours,
        &Usage::default(),
    )
    .iter()
    .map(|l| (l.hours, l.failed))
    .collect()
}

#[test]
fn a_component_row_fits_forecasts_and_says_why_a_cell_is_empty() {
    use MaintenanceKind::*;
    // A machine running 24 h a day (run hours = calendar hours): failures after 400, 600
    // and 500 h, a replacement after 300 h, and the unit in place 200 h old at the end.
    let usage = Usage::new(&[running(0, 2200)]);
    let events = [
        event("bearing", 400, Failure, 90.0),
        event("bearing", 1000, Failure, 30.0),
        event("bearing", 1500, Failure, 0.0),
        event("bearing", 1800, Replacement, 60.0),
    ];
    let id = machine();
    let h = history(&id, &events, Ts(0), &usage);
    let end = Ts(2000 * H);
    let row = component_row(h, "bearing", (Ts(0), end), None, 0.1);
    assert_eq!((row.failures(), row.suspensions()), (3, 2));
    assert_eq!(row.basis, Basis::RunHours);
    // MTBF: 2000 life hours / 3 failures.
    assert!((row.mtbf_h.unwrap() - 2000.0 / 3.0).abs() < 1e-9);
    // MTTR: the failures that say how long they took, (90 + 30) / 2 minutes = 1 h.
    assert!((row.mttr_h.unwrap() - 1.0).abs() < 1e-12);
    let w = row.fit.clone().unwrap();
    assert_eq!(w, Weibull::fit(&[400.0, 600.0, 500.0], &[300.0, 200.0]).unwrap());
    // The unit in place is 200 h old and runs 24 h a day: its risk over 30 days (720 h)
    // and the day its conditional risk reaches 10 %.
    let p = row.p_fail_30d.unwrap();
    assert!((p - w.conditional_failure(200.0, 720.0)).abs() < 1e-12);
    let due_h = w.age_at_conditional_risk(200.0, 0.1) - 200.0;
    let due = row.next_due.unwrap();
    assert!((due.since(end) as f64 - due_h * H as f64).abs() <= 1.0, "{due:?}");
    assert!(row.notes.is_empty(), "{:?}", row.notes);
    // A plan due earlier wins.
    let row = component_row(h, "bearing", (Ts(0), end), Some(Ts(2001 * H)), 0.1);
    assert_eq!(row.next_due, Some(Ts(2001 * H)));
    // One failure: no fit, and the note says why in words.
    let row = component_row(h, "bearing", (Ts(0), Ts(500 * H)), None, 0.1);
    assert!(row.fit.is_err() && row.p_fail_30d.is_none() && row.next_due.is_none());
    assert!(
        row.notes
            .iter()
            .any(|n| n == "no life model: 1 failure recorded: a life model needs at least 2"),
        "{:?}",
        row.notes
    );
    // A component never failed: no MTBF, said so.
    let row = component_row(h, "belt", (Ts(0), end), None, 0.1);
    assert_eq!(row.mtbf_h, None);
    assert!(row.notes.iter().any(|n| n.contains("no MTBF")));
}

#[test]
fn a_machine_that_stood_still_is_not_projected() {
    use MaintenanceKind::*;
    // Ran 0-1000 h, then nothing for the last 14 days.
    let usage = Usage::new(&[running(0, 1000)]);
    let events = [event("bearing", 300, Failure, 0.0), event("bearing", 700, Failure, 0.0)];
    let id = machine();
    let h = history(&id, &events, Ts(0), &usage);
    let row = component_row(h, "bearing", (Ts(0), Ts(1000 * H + 15 * DAY_MS)), None, 0.1);
    assert!(row.fit.is_ok());
    assert_eq!(row.p_fail_30d, None);
    assert!(
        row.notes.iter().any(|n| n.contains("did not run in the last 14 days")),
        "{:?}",
        row.notes
    );
}

#[test]
fn growth_row_counts_time_from_the_later_of_the_period_and_the_first_record() {
    use MaintenanceKind::*;
    // Calendar hours (no run state); first record at 100 h, the period from 0 to 600 h:
    // time runs from 100 h, so failures at 150, 300, 500 h are at 50, 200, 400 h of 500.
    let usage = Usage::default();
    let events = [
        event("a", 150, Failure, 30.0),
        event("b", 300, Failure, 90.0),
        event("a", 400, Service, 10.0),
        event("a", 500, Failure, 0.0),
    ];
    let id = machine();
    let h = history(&id, &events, Ts(100 * H), &usage);
    let row = growth_row(h, (Ts(0), Ts(600 * H)));
    assert_eq!(row.failures, 3);
    assert_eq!(row.basis, Basis::CalendarHours);
    assert_eq!(row.fit, CrowAmsaa::fit(&[50.0, 200.0, 400.0], 500.0));
    // beta = 3 / (ln 10 + ln 2.5 + ln 1.25) = 3 / 3.442019 = 0.871581.
    assert!((row.fit.unwrap().beta - 0.871_581).abs() < 1e-6);
    assert!((row.mtbf_h.unwrap() - 500.0 / 3.0).abs() < 1e-9);
    assert!((row.mttr_h.unwrap() - 1.0).abs() < 1e-12);
    // One failure: no fit, said in words.
    let row = growth_row(h, (Ts(0), Ts(200 * H)));
    assert_eq!(row.fit, None);
    assert!(row.notes[0].starts_with("1 failure in the period"), "{:?}", row.notes);
}

#[test]
fn a_plan_counts_from_the_last_reset_and_projects_its_due_date() {
    use MaintenanceKind::*;
    let events = [
        event("main-bearing", 10, Service, 20.0),
        event("main-bearing", 30, Inspection, 5.0),
        event("other", 40, Replacement, 5.0),
    ];
    // An inspection resets nothing; another component's replacement neither.
    assert_eq!(last_reset("main-bearing", &events, Ts(0), Ts(100 * H)), Ts(10 * H));
    assert_eq!(last_reset("main-bearing", &events, Ts(0), Ts(5 * H)), Ts(0));
    assert_eq!(last_reset("main-bearing", &events, Ts(20 * H), Ts(100 * H)), Ts(20 * H));
    // 250 run hours, 100 used, 10 a day: 15 days left.
    let now = Ts(1000 * H);
    let u = PlanUsage {
        since_last: 100.0,
        per_day: 10.0,
        reached: None,
    };
    let row = due_row(
        &machine(),
        &plan(MaintenanceInterval::RunHours(250.0)),
        Ts(10 * H),
        now,
        u,
    );
    assert_eq!((row.every, row.unit.as_str(), row.remaining), (250.0, "run_h", 150.0));
    assert_eq!(row.due_at, Some(Ts(now.0 + 15 * DAY_MS)));
    assert!(!row.overdue);
    assert!((row.progress() - 0.4).abs() < 1e-12);
    // Overdue: due when the interval was reached, remaining below 0.
    let u = PlanUsage {
        since_last: 300.0,
        per_day: 10.0,
        reached: Some(Ts(900 * H)),
    };
    let row = due_row(
        &machine(),
        &plan(MaintenanceInterval::RunHours(250.0)),
        Ts(10 * H),
        now,
        u,
    );
    assert!(row.overdue && row.remaining == -50.0 && row.due_at == Some(Ts(900 * H)));
    // No use lately: not projected, and said so.
    let u = PlanUsage {
        since_last: 10.0,
        per_day: 0.0,
        reached: None,
    };
    let row = due_row(&machine(), &plan(MaintenanceInterval::Days(30)), Ts(0), now, u);
    assert_eq!(row.due_at, None);
    assert_eq!(row.note, "no use in the last 14 days: not projected");
    assert_eq!(plan_unit(MaintenanceInterval::Cycles(5)), "cycles");
    assert_eq!(plan_every(MaintenanceInterval::Cycles(100_000)), 100_000.0);
}

#[test]
fn due_rows_sort_overdue_first_then_by_date_unprojected_last() {
    let base = due_row(
        &machine(),
        &plan(MaintenanceInterval::Days(30)),
        Ts(0),
        Ts(0),
        PlanUsage {
            since_last: 0.0,
            per_day: 1.0,
            reached: None,
        },
    );
    let row = |task: &str, overdue: bool, due: Option<i64>| DueRow {
        task: task.into(),
        overdue,
        due_at: due.map(Ts),
        ..base.clone()
    };
    let mut rows = vec![
        row("later", false, Some(50)),
        row("never", false, None),
        row("overdue-recent", true, Some(20)),
        row("sooner", false, Some(30)),
        row("overdue-long", true, Some(10)),
    ];
    sort_due(&mut rows);
    let order: Vec<&str> = rows.iter().map(|r| r.task.as_str()).collect();
    assert_eq!(order, ["overdue-long", "overdue-recent", "sooner", "later", "never"]);
}

#[test]
fn components_come_from_plans_then_the_log_each_once() {
    let plans = [plan(MaintenanceInterval::Days(30))];
    let events = [
        event("screw", 1, MaintenanceKind::Failure, 0.0),
        event("main-bearing", 2, MaintenanceKind::Service, 0.0),
        event("screw", 3, MaintenanceKind::Failure, 0.0),
    ];
    assert_eq!(components(&plans, &events), ["main-bearing", "screw"]);
}

#[test]
fn a_unit_installed_and_not_run_since_is_in_place_at_age_zero() {
    use MaintenanceKind::*;
    // Replaced at 1800 h, and the machine has stood since (the demo's CNC at the end of its
    // history): the new unit has no run hours yet, its life is left out of the fit, but it
    // is in place, and its risk is a new unit's (this was "no unit in place").
    let usage = Usage::new(&[running(0, 1800), down(1800, 2000)]);
    let events = [
        event("bearing", 400, Failure, 0.0),
        event("bearing", 1000, Failure, 0.0),
        event("bearing", 1500, Failure, 0.0),
        event("bearing", 1800, Replacement, 0.0),
    ];
    let id = machine();
    let h = history(&id, &events, Ts(0), &usage);
    let row = component_row(h, "bearing", (Ts(0), Ts(2000 * H)), None, 0.1);
    assert_eq!((row.failures(), row.suspensions()), (3, 1));
    let w = row.fit.clone().unwrap();
    // It ran 136 of the last 336 hours: 136 / 14 run hours a day.
    let rate = 136.0 / 14.0;
    let p = row.p_fail_30d.expect("a unit is in place");
    assert!((p - w.conditional_failure(0.0, 30.0 * rate)).abs() < 1e-12, "{p}");
    assert_eq!(row.notes, ["no repair time logged with its failures: no MTTR"]);
}

#[test]
fn a_badge_names_what_is_overdue_or_about_to_cross_a_limit() {
    use crate::condition::{ConditionRow, Crossing, Limit};
    let now = Ts(1000 * H);
    let other = MachineId::new("cnc-1").unwrap();
    let overdue = DueRow {
        overdue: true,
        ..due_row(
            &machine(),
            &plan(MaintenanceInterval::Days(30)),
            Ts(0),
            now,
            PlanUsage {
                since_last: 40.0,
                per_day: 1.0,
                reached: Some(Ts(900 * H)),
            },
        )
    };
    let not_yet = DueRow {
        machine: other.clone(),
        overdue: false,
        ..overdue.clone()
    };
    let trend = |m: &MachineId, at_h: i64, beyond: bool| ConditionRow {
        machine: m.clone(),
        signal: "oil_temp".into(),
        unit: "C".into(),
        last: Some(60.0),
        low: None,
        high: Some(65.0),
        slope_per_day: Some(2.0),
        crossing: Some(Crossing {
            limit: Limit::High,
            at: Ts(at_h * H),
            earliest: Ts(at_h * H),
            latest: None,
            beyond,
        }),
        points: 100,
        since: None,
        line: None,
        note: String::new(),
    };
    // press-1: a crossing in 30 h and a task overdue; cnc-1: a crossing in 5 days, a task
    // not due yet: no badge.
    let alerts = alerts(
        &[overdue.clone(), not_yet],
        &[trend(&machine(), 1030, false), trend(&other, 1120, false)],
        now,
    );
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(
        alerts[&machine()],
        "oil_temp to cross its high limit in 30 h, and 1 more"
    );
    // Beyond already, and the task alone.
    let alerts = super::alerts(&[], &[trend(&other, 990, true)], now);
    assert_eq!(alerts[&other], "oil_temp beyond its high limit");
    let alerts = super::alerts(&[overdue], &[], now);
    assert_eq!(alerts[&machine()], "Grease main bearing overdue");
    // Crossing in 2.5 days: said in days.
    let alerts = super::alerts(&[], &[trend(&other, 1060, false)], now);
    assert_eq!(alerts[&other], "oil_temp to cross its high limit in 2.5 days");
}
