use super::*;
use crate::config::Config;
use crate::time::{MINUTE_MS, parse_user_time};

fn config(extra: &str) -> Config {
    let text = format!(
        r#"
[plant]
name = "P"
timezone = "Europe/Istanbul"
microstop_s = 120

[[shift]]
name = "Day"
start = "06:00"
end = "14:00"
breaks = [{{ start = "09:00", minutes = 15 }}, {{ start = "11:00", minutes = 30 }}, {{ start = "13:00", minutes = 15 }}]

[[reason]]
code = "mech/jam"
kind = "downtime"

[[reason]]
code = "setup/tool"
kind = "downtime"
loss = "setup"

[[reason]]
code = "changeover"
kind = "planned"

[[reason]]
code = "scrap/warmup"
kind = "scrap"
loss = "startup"

[[product]]
id = "a"
ideal_cycle_s = 1.0
unit_cost = 0.5

[[product]]
id = "b"
ideal_cycle_s = 3.0

[[machine]]
id = "m1"
ideal_cycle_s = 1.0
connection = {{ modbus_tcp = "127.0.0.1:502" }}
{extra}
"#
    );
    Config::parse(&text, "takt.toml").unwrap().config
}

fn t(s: &str) -> Ts {
    parse_user_time(s, chrono_tz::Europe::Istanbul).unwrap()
}

fn iv(a: &str, b: &str, state: MachineState, reason: Option<&str>) -> StateInterval {
    StateInterval {
        start: t(a),
        end: t(b),
        state,
        reason: reason.map(|r| ReasonCode::new(r).unwrap()),
        fault_code: None,
    }
}

fn counts(at: &str, total: u64, reject: u64, product: Option<&str>) -> CountRow {
    CountRow {
        t: t(at),
        product: product.map(|p| ProductId::new(p).unwrap()),
        over_gap: false,
        total,
        reject,
    }
}

struct Case {
    config: Config,
    intervals: Vec<StateInterval>,
    counts: Vec<CountRow>,
    scrap: Vec<ScrapEntry>,
    products: Vec<ProductRun>,
}

impl Case {
    fn new(intervals: Vec<StateInterval>, counts: Vec<CountRow>) -> Self {
        Case {
            config: config(""),
            intervals,
            counts,
            scrap: Vec::new(),
            products: Vec::new(),
        }
    }

    fn rows(&self, from: &str, to: &str, g: Grouping, by_product: bool) -> (Vec<Period>, Vec<Row>) {
        self.rows_seen((t(from), t(to)), g, by_product, Observed::ALWAYS)
    }

    fn rows_seen(
        &self,
        (from, to): (Ts, Ts),
        g: Grouping,
        by_product: bool,
        observed: Observed,
    ) -> (Vec<Period>, Vec<Row>) {
        let cal = Calendar::new(&self.config);
        let periods = periods(&cal, from, to, g);
        let ctx = MachineContext {
            config: &self.config,
            machine: &self.config.machines[0],
        };
        let h = History {
            intervals: &self.intervals,
            counts: &self.counts,
            scrap: &self.scrap,
            products: &self.products,
            observed,
        };
        let rows = machine_terms(ctx, &cal, &periods, h, by_product);
        (periods, rows)
    }

    fn shift(&self) -> Terms {
        let (_, rows) = self.rows("2026-11-24 06:00", "2026-11-24 14:00", Grouping::Shift, false);
        assert_eq!(rows.len(), 1, "{rows:?}");
        rows[0].terms
    }
}

fn r4(x: Option<f64>) -> String {
    format!("{:.4}", x.unwrap())
}

/// oee.com's worked example (SPEC section 5): 480 min shift, two 15 min breaks and a 30
/// min meal, 47 min down, ideal 1 part/s, 19,271 parts, 423 rejects.
#[test]
fn oee_com_worked_example() {
    // The machine stands during the breaks (09:00, 11:00 and 13:00).
    let case = Case::new(
        vec![
            iv("2026-11-24 06:00", "2026-11-24 07:00", MachineState::Running, None),
            iv(
                "2026-11-24 07:00",
                "2026-11-24 07:47",
                MachineState::Down,
                Some("mech/jam"),
            ),
            iv("2026-11-24 07:47", "2026-11-24 09:00", MachineState::Running, None),
            iv("2026-11-24 09:00", "2026-11-24 09:15", MachineState::Down, None),
            iv("2026-11-24 09:15", "2026-11-24 11:00", MachineState::Running, None),
            iv("2026-11-24 11:00", "2026-11-24 11:30", MachineState::Down, None),
            iv("2026-11-24 11:30", "2026-11-24 13:00", MachineState::Running, None),
            iv("2026-11-24 13:00", "2026-11-24 13:15", MachineState::Down, None),
            iv("2026-11-24 13:15", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![counts("2026-11-24 10:00", 19_271, 423, None)],
    );
    let x = case.shift();
    assert_eq!(x.planned_ms(), 420 * MINUTE_MS);
    assert_eq!(x.run_ms(), 373 * MINUTE_MS);
    assert_eq!(r4(x.availability()), "0.8881");
    assert_eq!(r4(x.performance()), "0.8611");
    assert_eq!(r4(x.quality()), "0.9780");
    assert_eq!(r4(x.oee()), "0.7479");
    assert_eq!(x.good(), 18_848);
    assert_eq!(x.ideal_good_s(), 18_848.0);
    // A x P x Q = OEE, and the six losses with good time add up to planned time.
    let apq = x.availability().unwrap() * x.performance().unwrap() * x.quality().unwrap();
    assert!((apq - x.oee().unwrap()).abs() < 1e-12);
    let l = x.losses();
    let sum = l.breakdowns_s
        + l.setups_s
        + l.small_stops_s
        + l.reduced_speed_s
        + l.production_rejects_s
        + l.startup_rejects_s
        + x.ideal_good_s();
    assert!((sum - 25_200.0).abs() < 1e-9, "{sum}");
    assert_eq!(l.breakdowns_s, 47.0 * 60.0);
    assert_eq!(x.failures, 1);
    assert_eq!(x.mttr_stop_s(), Some(47.0 * 60.0));
    assert_eq!(x.mtbf_s(), Some(373.0 * 60.0));
}

#[test]
fn a_stop_of_exactly_microstop_is_down_time() {
    let case = Case::new(
        vec![
            iv("2026-11-24 06:00", "2026-11-24 07:00", MachineState::Running, None),
            // 119 s: a small stop.
            StateInterval {
                start: t("2026-11-24 07:00"),
                end: Ts(t("2026-11-24 07:00").0 + 119_000),
                state: MachineState::Down,
                reason: None,
                fault_code: None,
            },
            StateInterval {
                start: Ts(t("2026-11-24 07:00").0 + 119_000),
                end: t("2026-11-24 07:10"),
                state: MachineState::Running,
                reason: None,
                fault_code: None,
            },
            // 120 s: a stop.
            iv("2026-11-24 07:10", "2026-11-24 07:12", MachineState::Down, None),
            iv("2026-11-24 07:12", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![],
    );
    let x = case.shift();
    assert_eq!(x.small_stop_ms, 119_000);
    assert_eq!(x.down_ms, 120_000);
    assert_eq!(x.failures, 1);
    // The machine ran through the breaks: all 480 minutes are production time.
    assert_eq!(x.run_ms(), 480 * MINUTE_MS - 120_000);
}

#[test]
fn setups_planned_stops_and_no_data() {
    let case = Case::new(
        vec![
            iv(
                "2026-11-24 06:00",
                "2026-11-24 06:30",
                MachineState::Down,
                Some("setup/tool"),
            ),
            iv(
                "2026-11-24 06:30",
                "2026-11-24 07:00",
                MachineState::Down,
                Some("changeover"),
            ),
            iv("2026-11-24 07:00", "2026-11-24 08:00", MachineState::Planned, None),
            iv("2026-11-24 08:00", "2026-11-24 10:00", MachineState::Running, None),
            // No interval 10:00-11:00: no data. A no-data interval 11:00-12:00 (30 min of it a break).
            iv("2026-11-24 11:00", "2026-11-24 12:00", MachineState::NoData, None),
            iv("2026-11-24 12:00", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![],
    );
    let x = case.shift();
    assert_eq!(x.setup_ms, 30 * MINUTE_MS);
    assert_eq!(x.losses().setups_s, 1800.0);
    assert_eq!(x.losses().breakdowns_s, 0.0);
    // Changeover 30 + planned 60; it ran through the 09:00 and 13:00 breaks.
    assert_eq!(x.planned_stop_ms, 90 * MINUTE_MS);
    // No data 10:00-12:00: whether it stood through the 11:00 break nobody knows, so the
    // break is no data too (planned production time is the same either way).
    assert_eq!(x.no_data_ms, 120 * MINUTE_MS);
    assert_eq!(x.planned_ms(), (480 - 90 - 120) * MINUTE_MS);
}

#[test]
fn counts_over_gaps_and_off_shift_are_kept_apart() {
    let mut case = Case::new(
        vec![iv("2026-11-24 05:00", "2026-11-24 15:00", MachineState::Running, None)],
        vec![
            counts("2026-11-24 05:30", 100, 0, None),
            counts("2026-11-24 07:00", 1000, 10, None),
            counts("2026-11-24 14:30", 50, 0, None),
        ],
    );
    case.counts.push(CountRow {
        over_gap: true,
        ..counts("2026-11-24 08:00", 7, 0, None)
    });
    let (_, rows) = case.rows("2026-11-24 00:00", "2026-11-25 00:00", Grouping::Day, false);
    let x = rows[0].terms;
    assert_eq!(
        (x.total, x.reject, x.no_data_total, x.unscheduled_total),
        (1000, 10, 7, 150)
    );
    assert_eq!(x.all_ms, 24 * 60 * MINUTE_MS);
    assert_eq!(x.scheduled_ms, 480 * MINUTE_MS);
    assert!(x.teep().unwrap() < x.oee().unwrap());
}

#[test]
fn a_break_is_planned_only_while_the_machine_stands() {
    let case = Case::new(
        vec![
            iv("2026-11-24 06:00", "2026-11-24 09:05", MachineState::Running, None),
            // Stopped from 09:05; the break is 09:00-09:15, the stop goes on to 09:20.
            iv("2026-11-24 09:05", "2026-11-24 09:20", MachineState::Down, None),
            iv("2026-11-24 09:20", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![],
    );
    let x = case.shift();
    // Only the 10 stopped minutes of the 09:00 break are planned; the other breaks ran.
    assert_eq!(x.planned_stop_ms, 10 * MINUTE_MS);
    // The 5 minutes after the break are a stop (the whole stop is 15 min, not small).
    assert_eq!((x.down_ms, x.failures), (5 * MINUTE_MS, 1));
}

#[test]
fn performance_above_one_is_flagged_not_clipped() {
    let case = Case::new(
        vec![iv("2026-11-24 06:00", "2026-11-24 14:00", MachineState::Running, None)],
        vec![counts("2026-11-24 07:00", 30_000, 0, None)],
    );
    let x = case.shift();
    assert_eq!(r4(x.performance()), "1.0417");
    assert_eq!(
        flags(&x, false, None)[0].message(),
        "performance above 1: the ideal cycle time is too long"
    );
}

#[test]
fn mixed_products_weight_quality_by_ideal_time() {
    let mut case = Case::new(
        vec![iv("2026-11-24 06:00", "2026-11-24 14:00", MachineState::Running, None)],
        vec![
            counts("2026-11-24 07:00", 1000, 100, Some("a")),
            counts("2026-11-24 12:00", 1000, 0, Some("b")),
        ],
    );
    case.products = vec![
        ProductRun {
            start: t("2026-11-24 06:00"),
            end: t("2026-11-24 10:00"),
            product: Some(ProductId::new("a").unwrap()),
        },
        ProductRun {
            start: t("2026-11-24 10:00"),
            end: t("2026-11-24 14:00"),
            product: Some(ProductId::new("b").unwrap()),
        },
    ];
    let x = case.shift();
    // Ideal time 1000 x 1 + 1000 x 3 = 4000 s, of good parts 900 + 3000 = 3900 s.
    assert_eq!(x.ideal_total_s, 4000.0);
    assert_eq!(r4(x.quality()), "0.9750");
    assert_eq!(x.reject_cost, 50.0);
    let (_, rows) = case.rows("2026-11-24 06:00", "2026-11-24 14:00", Grouping::Shift, true);
    let by: Vec<(Option<String>, i64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r.product.as_ref().map(|p| p.to_string()),
                r.terms.planned_ms() / MINUTE_MS,
                r.terms.total,
            )
        })
        .collect();
    // Product a ran 06:00-10:00, b 10:00-14:00, through the breaks.
    assert_eq!(by, vec![(Some("a".into()), 240, 1000), (Some("b".into()), 240, 1000)]);
    let mut sum = Terms::default();
    for r in &rows {
        sum += r.terms;
    }
    assert_eq!(sum, x);
}

#[test]
fn startup_scrap_is_its_own_loss_and_adds_to_rejects() {
    let mut case = Case::new(
        vec![iv("2026-11-24 06:00", "2026-11-24 14:00", MachineState::Running, None)],
        vec![counts("2026-11-24 07:00", 1000, 10, Some("a"))],
    );
    case.scrap = vec![
        ScrapEntry {
            t: t("2026-11-24 06:30"),
            quantity: 5,
            reason: Some(ReasonCode::new("scrap/warmup").unwrap()),
            product: Some(ProductId::new("a").unwrap()),
        },
        // Entered after the shift: it belongs to the shift.
        ScrapEntry {
            t: t("2026-11-24 14:20"),
            quantity: 3,
            reason: None,
            product: Some(ProductId::new("a").unwrap()),
        },
    ];
    let (_, rows) = case.rows("2026-11-24 06:00", "2026-11-24 15:00", Grouping::Shift, false);
    let x = rows[0].terms;
    assert_eq!((x.total, x.reject, x.good()), (1000, 18, 982));
    assert_eq!(x.losses().startup_rejects_s, 5.0);
    assert_eq!(x.losses().production_rejects_s, 13.0);
    assert_eq!(x.reject_cost, 9.0);
}

#[test]
fn stops_list_classifies_and_clips() {
    let cfg = config("");
    let ctx = MachineContext {
        config: &cfg,
        machine: &cfg.machines[0],
    };
    let intervals = vec![
        iv(
            "2026-11-24 05:50",
            "2026-11-24 06:10",
            MachineState::Down,
            Some("mech/jam"),
        ),
        iv("2026-11-24 06:10", "2026-11-24 07:00", MachineState::Running, None),
        iv("2026-11-24 07:00", "2026-11-24 07:01", MachineState::Down, None),
        iv(
            "2026-11-24 07:01",
            "2026-11-24 07:30",
            MachineState::Down,
            Some("changeover"),
        ),
    ];
    let cal = Calendar::new(&cfg);
    let s = stops(
        ctx,
        &cal,
        Observed::ALWAYS,
        &intervals,
        t("2026-11-24 06:00"),
        t("2026-11-24 14:00"),
    );
    let kinds: Vec<(&str, i64)> = s
        .iter()
        .map(|x| (x.kind.as_str(), (x.end.0 - x.start.0) / MINUTE_MS))
        .collect();
    assert_eq!(kinds, vec![("down", 10), ("small_stop", 1), ("planned", 29)]);
    assert_eq!(s[0].stop_start, t("2026-11-24 05:50"));
}

#[test]
fn overlapping_breaks_never_turn_stopped_time_after_them_into_planned_stops() {
    // Regression (review): breaks at 09:00 for 60 min and 09:15 for 15 min; the machine is
    // down from 09:30 to 13:00. Only the break hour is planned; the rest is down time.
    let mut case = Case::new(
        vec![
            iv("2026-11-24 06:00", "2026-11-24 09:00", MachineState::Running, None),
            iv("2026-11-24 09:00", "2026-11-24 13:00", MachineState::Down, None),
            iv("2026-11-24 13:00", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![],
    );
    let text = "[plant]\nname = \"P\"\ntimezone = \"Europe/Istanbul\"\n[[shift]]\nname = \"Day\"\nstart = \"06:00\"\nend = \"14:00\"\nbreaks = [{ start = \"09:00\", minutes = 60 }, { start = \"09:15\", minutes = 15 }]\n[[machine]]\nid = \"m1\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"127.0.0.1:502\" }\n";
    case.config = Config::parse(text, "t.toml").unwrap().config;
    let x = case.shift();
    assert_eq!(x.planned_stop_ms, 60 * MINUTE_MS);
    assert_eq!(x.down_ms, 180 * MINUTE_MS);
}

#[test]
fn parts_of_no_known_product_get_the_mean_ideal_of_the_machines_products() {
    // Regression (review): a machine with only per-product ideals gave them ideal time 0.
    let text = "[plant]\nname = \"P\"\ntimezone = \"Europe/Istanbul\"\n[[shift]]\nname = \"Day\"\nstart = \"06:00\"\nend = \"14:00\"\n[[product]]\nid = \"a\"\nideal_cycle_s = 1.0\n[[product]]\nid = \"b\"\nideal_cycle_s = 3.0\n[[machine]]\nid = \"m1\"\nconnection = { modbus_tcp = \"127.0.0.1:502\" }\n[machine.signals]\ntotal_count = { holding = 0 }\nproduct_code = { holding = 1, products = { 1 = \"a\", 2 = \"b\" } }\n";
    let mut case = Case::new(
        vec![iv("2026-11-24 06:00", "2026-11-24 14:00", MachineState::Running, None)],
        vec![counts("2026-11-24 07:00", 1000, 0, None)],
    );
    case.config = Config::parse(text, "t.toml").unwrap().config;
    assert_eq!(case.shift().ideal_total_s, 2000.0);
}

/// The time of each kind the downtime classification gives a machine's stops over a
/// range: (down, small stop, planned) in ms.
fn stop_time(case: &Case, from: Ts, to: Ts, observed: Observed) -> (i64, i64, i64) {
    let cal = Calendar::new(&case.config);
    let ctx = MachineContext {
        config: &case.config,
        machine: &case.config.machines[0],
    };
    let mut sum = (0, 0, 0);
    for s in stops(ctx, &cal, observed, &case.intervals, from, to) {
        let len = s.end.since(s.start);
        match s.kind {
            StopKind::Down => sum.0 += len,
            StopKind::SmallStop => sum.1 += len,
            StopKind::Planned => sum.2 += len,
        }
    }
    sum
}

fn whole(case: &Case, from: Ts, to: Ts, observed: Observed) -> Terms {
    let mut t = Terms::default();
    for r in case.rows_seen((from, to), Grouping::Whole, false, observed).1 {
        t += r.terms;
    }
    t
}

/// The worked example with its breaks recorded as `down`, as a run signal records them.
fn worked_example() -> Case {
    Case::new(
        vec![
            iv("2026-11-24 06:00", "2026-11-24 07:00", MachineState::Running, None),
            iv(
                "2026-11-24 07:00",
                "2026-11-24 07:40",
                MachineState::Down,
                Some("mech/jam"),
            ),
            iv("2026-11-24 07:40", "2026-11-24 09:00", MachineState::Running, None),
            iv("2026-11-24 09:00", "2026-11-24 09:15", MachineState::Down, None),
            iv("2026-11-24 09:15", "2026-11-24 11:00", MachineState::Running, None),
            // Stopped for the meal break, and 7 minutes beyond it.
            iv("2026-11-24 11:00", "2026-11-24 11:37", MachineState::Down, None),
            iv("2026-11-24 11:37", "2026-11-24 13:00", MachineState::Running, None),
            iv("2026-11-24 13:00", "2026-11-24 13:15", MachineState::Down, None),
            iv("2026-11-24 13:15", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![counts("2026-11-24 10:00", 19_271, 423, None)],
    )
}

#[test]
fn breaks_are_planned_stops_in_the_downtime_report_as_in_oee() {
    // Regression: the downtime report listed the 60 minutes of breaks as uncoded `down`
    // stops, 107 minutes where OEE counts 47 of down time.
    let case = worked_example();
    let (from, to) = (t("2026-11-24 06:00"), t("2026-11-24 14:00"));
    let x = case.shift();
    assert_eq!((x.down_ms, x.planned_stop_ms), (47 * MINUTE_MS, 60 * MINUTE_MS));
    assert_eq!(r4(x.oee()), "0.7479");
    assert_eq!(
        stop_time(&case, from, to, Observed::ALWAYS),
        (x.down_ms, x.small_stop_ms, x.planned_stop_ms)
    );
    let cal = Calendar::new(&case.config);
    let ctx = MachineContext {
        config: &case.config,
        machine: &case.config.machines[0],
    };
    let s = stops(ctx, &cal, Observed::ALWAYS, &case.intervals, from, to);
    let shown: Vec<(String, i64, &str, bool)> = s
        .iter()
        .map(|s| {
            (
                s.start.to_local(cal.tz()).format("%H:%M").to_string(),
                s.end.since(s.start) / MINUTE_MS,
                s.kind.as_str(),
                s.on_break,
            )
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            ("07:00".into(), 40, "down", false),
            ("09:00".into(), 15, "planned", true),
            ("11:00".into(), 30, "planned", true),
            ("11:30".into(), 7, "down", false),
            ("13:00".into(), 15, "planned", true),
        ]
    );
    // The part of the 11:00 stop after the break is still that stop, to be given a reason.
    assert_eq!(s[3].stop_start, t("2026-11-24 11:00"));
    assert_eq!(s[1].reason, None);
}

#[test]
fn stops_outside_shifts_and_outside_the_observation_are_no_stops() {
    let mut case = Case::new(
        vec![
            // Down from before the shift into it, then over its end.
            iv("2026-11-24 05:00", "2026-11-24 06:30", MachineState::Down, None),
            iv("2026-11-24 06:30", "2026-11-24 13:30", MachineState::Running, None),
            iv("2026-11-24 13:30", "2026-11-24 15:00", MachineState::Down, None),
        ],
        vec![],
    );
    case.config = config("");
    let (from, to) = (t("2026-11-24 00:00"), t("2026-11-25 00:00"));
    let x = whole(&case, from, to, Observed::ALWAYS);
    assert_eq!(x.down_ms, 60 * MINUTE_MS);
    assert_eq!(stop_time(&case, from, to, Observed::ALWAYS).0, x.down_ms);
    let seen = Observed {
        start: t("2026-11-24 06:10"),
        end: t("2026-11-24 13:40"),
    };
    let x = whole(&case, from, to, seen);
    assert_eq!(x.down_ms, 30 * MINUTE_MS);
    assert_eq!(stop_time(&case, from, to, seen).0, x.down_ms);
}

#[test]
fn time_before_the_first_record_and_after_now_is_in_no_column() {
    // Regression: a range longer than the history counted the time before it as no data
    // (understating TEEP), breaks in it as planned stops, and tonight's shift got a row.
    let case = Case::new(
        vec![iv("2026-11-24 08:00", "2026-11-24 12:00", MachineState::Running, None)],
        vec![counts("2026-11-24 09:00", 10_000, 0, None)],
    );
    let seen = Observed {
        start: t("2026-11-24 08:00"),
        end: t("2026-11-24 12:00"),
    };
    let (ps, rows) = case.rows_seen(
        (t("2026-11-23 00:00"), t("2026-11-26 00:00")),
        Grouping::Shift,
        false,
        seen,
    );
    assert_eq!(ps.len(), 3);
    assert_eq!(rows.len(), 1, "only the observed shift has a row: {rows:?}");
    let x = rows[0].terms;
    assert_eq!(rows[0].period, 1);
    assert_eq!(x.all_ms, 240 * MINUTE_MS);
    assert_eq!(x.scheduled_ms, 240 * MINUTE_MS);
    // 09:00-09:15 and 11:00-11:30 are breaks it ran through; nothing is no data.
    assert_eq!((x.no_data_ms, x.planned_stop_ms), (0, 0));
    assert_eq!(x.teep(), x.oee());
}

#[test]
fn quality_without_a_reject_signal_or_scrap_is_flagged() {
    let mut case = Case::new(
        vec![iv("2026-11-24 06:00", "2026-11-24 14:00", MachineState::Running, None)],
        vec![counts("2026-11-24 07:00", 1000, 0, None)],
    );
    let flagged = |case: &Case| {
        let (_, rows) = case.rows("2026-11-24 06:00", "2026-11-24 14:00", Grouping::Shift, false);
        rows[0].flags.contains(&Flag::QualityUnmeasured)
    };
    assert!(flagged(&case));
    assert_eq!(r4(case.shift().quality()), "1.0000");
    case.scrap.push(ScrapEntry {
        t: t("2026-11-24 08:00"),
        quantity: 3,
        reason: None,
        product: None,
    });
    assert!(!flagged(&case), "scrap entered: quality is measured");
    case.scrap.clear();
    case.config = config("[machine.signals]\ntotal_count = { holding = 0 }\nreject_count = { holding = 1 }");
    assert!(!flagged(&case), "a reject counter that says 0 is a measurement");
    assert_eq!(
        Flag::QualityUnmeasured.message(),
        "no reject signal and no scrap entered: quality assumes every part good"
    );
}

#[test]
fn performance_above_one_clamps_the_loss_and_suggests_a_cycle() {
    // Regression: reduced_speed_s went negative.
    let case = Case::new(
        vec![iv("2026-11-24 06:00", "2026-11-24 14:00", MachineState::Running, None)],
        // 30,000 parts in 480 minutes at an ideal of 1 s: a part every 0.96 s.
        (0..480)
            .map(|m| CountRow {
                t: Ts(t("2026-11-24 06:00").0 + m * MINUTE_MS),
                product: None,
                over_gap: false,
                total: if m == 100 { 75 } else { 62 },
                reject: 0,
            })
            .collect(),
    );
    let x = case.shift();
    assert!(x.performance().unwrap() > 1.0);
    assert_eq!(x.losses().reduced_speed_s, 0.0);
    let best = best_sustained_cycle_s(&case.intervals, &case.counts).unwrap();
    // The best hour holds the minute of 75: 59 x 62 + 75 = 3733 parts.
    assert!((best - 3600.0 / 3733.0).abs() < 1e-12, "{best}");
    let (_, mut rows) = case.rows("2026-11-24 06:00", "2026-11-24 14:00", Grouping::Shift, false);
    suggest_cycle(&mut rows, Some(best));
    assert_eq!(
        rows[0].flags[0].message(),
        "performance above 1: the ideal cycle time is too long; the best cycle sustained over an hour of running was 0.964 s"
    );
    // Less than an hour of running: nothing to suggest.
    let short = vec![iv("2026-11-24 06:00", "2026-11-24 06:59", MachineState::Running, None)];
    assert_eq!(best_sustained_cycle_s(&short, &case.counts), None);
}

#[test]
fn by_product_books_no_data_on_no_product_and_has_no_empty_rows() {
    // Regression: an all-zero row with an empty product, and no-data time booked on the
    // product of the run that was going on.
    let mut case = Case::new(
        vec![
            iv("2026-11-24 06:00", "2026-11-24 10:00", MachineState::Running, None),
            iv("2026-11-24 10:00", "2026-11-24 11:00", MachineState::NoData, None),
            iv("2026-11-24 11:00", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![counts("2026-11-24 07:00", 1000, 0, Some("a"))],
    );
    case.products = vec![ProductRun {
        start: t("2026-11-24 06:00"),
        end: t("2026-11-24 14:00"),
        product: Some(ProductId::new("a").unwrap()),
    }];
    let (_, rows) = case.rows("2026-11-24 00:00", "2026-11-25 00:00", Grouping::Whole, true);
    let by: Vec<(Option<String>, i64, i64)> = rows
        .iter()
        .map(|r| {
            (
                r.product.as_ref().map(|p| p.to_string()),
                r.terms.scheduled_ms / MINUTE_MS,
                r.terms.no_data_ms / MINUTE_MS,
            )
        })
        .collect();
    assert_eq!(by, vec![(None, 60, 60), (Some("a".into()), 420, 0)]);
    // Without the gap, no row of no product at all.
    case.intervals = vec![iv("2026-11-24 06:00", "2026-11-24 14:00", MachineState::Running, None)];
    let (_, rows) = case.rows("2026-11-24 00:00", "2026-11-25 00:00", Grouping::Whole, true);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].product.as_ref().map(|p| p.as_str()), Some("a"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A day of random history: intervals of random states and lengths from 05:00 to
    /// 23:00, some with the planned reason, and a count per interval.
    fn history() -> impl Strategy<Value = (Vec<StateInterval>, Vec<CountRow>)> {
        prop::collection::vec((0u8..5, 1i64..90, 0u64..500, 0u64..20), 1..60).prop_map(|spec| {
            let mut at = t("2026-11-24 05:00");
            let mut intervals = Vec::new();
            let mut counts = Vec::new();
            for (state, minutes, total, reject) in spec {
                let len = minutes * MINUTE_MS / 3;
                let (state, reason) = match state {
                    0 | 1 => (MachineState::Running, None),
                    2 => (MachineState::Down, None),
                    3 => (MachineState::Down, Some(ReasonCode::new("changeover").unwrap())),
                    _ => (MachineState::NoData, None),
                };
                if state == MachineState::Running {
                    counts.push(CountRow {
                        t: Ts(at.0 + len / 2).minute_floor(),
                        product: None,
                        over_gap: false,
                        total,
                        reject: reject.min(total),
                    });
                }
                intervals.push(StateInterval {
                    start: at,
                    end: Ts(at.0 + len),
                    state,
                    reason,
                    fault_code: None,
                });
                at = Ts(at.0 + len);
            }
            (intervals, counts)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Per machine, the downtime report's stop time is OEE's `down_s`, its small stops
        /// `small_stops_s`, and its planned time `planned_stop_s`, on every range.
        #[test]
        fn downtime_and_oee_classify_time_alike(
            (intervals, counts) in history(),
            a in 0i64..(20 * 60),
            len in 1i64..(20 * 60),
            seen_from in 0i64..(10 * 60),
        ) {
            let case = Case::new(intervals, counts);
            let base = t("2026-11-24 04:00").0;
            let from = Ts(base + a * MINUTE_MS);
            let to = Ts(from.0 + len * MINUTE_MS);
            let seen = Observed { start: Ts(base + seen_from * MINUTE_MS), end: t("2026-11-24 22:00") };
            let x = whole(&case, from, to, seen);
            prop_assert_eq!(stop_time(&case, from, to, seen), (x.down_ms, x.small_stop_ms, x.planned_stop_ms));
        }

        /// A x P x Q = OEE on every row, and splitting a range in two gives the same terms
        /// summed.
        #[test]
        fn ratios_multiply_and_ranges_add_up(
            (intervals, counts) in history(),
            cut in 1i64..(18 * 60),
        ) {
            let case = Case::new(intervals, counts);
            let (from, to) = (t("2026-11-24 04:00"), t("2026-11-25 00:00"));
            let mid = Ts(from.0 + cut * MINUTE_MS);
            let all = whole(&case, from, to, Observed::ALWAYS);
            let mut parts = whole(&case, from, mid, Observed::ALWAYS);
            parts += whole(&case, mid, to, Observed::ALWAYS);
            prop_assert_eq!(
                (all.all_ms, all.scheduled_ms, all.planned_stop_ms, all.no_data_ms, all.down_ms, all.small_stop_ms, all.total, all.reject),
                (parts.all_ms, parts.scheduled_ms, parts.planned_stop_ms, parts.no_data_ms, parts.down_ms, parts.small_stop_ms, parts.total, parts.reject)
            );
            prop_assert!((all.ideal_total_s - parts.ideal_total_s).abs() < 1e-6);
            let (_, rows) = case.rows("2026-11-24 04:00", "2026-11-25 00:00", Grouping::Shift, false);
            for r in rows {
                let x = r.terms;
                if let (Some(a), Some(p), Some(q), Some(o)) = (x.availability(), x.performance(), x.quality(), x.oee()) {
                    prop_assert!((a * p * q - o).abs() < 1e-9, "{} {} {} {}", a, p, q, o);
                }
            }
        }
    }
}

#[test]
fn a_minute_late_after_the_break_is_a_small_stop_not_a_breakdown() {
    // A machine that stands through its 11:00 break and starts a minute after it ends:
    // one recorded stop of 31 minutes, of which 30 are the break. The minute is a small
    // stop; counting it a failure put a breakdown in MTBF for every break.
    let case = Case::new(
        vec![
            iv("2026-11-24 06:00", "2026-11-24 11:00", MachineState::Running, None),
            iv("2026-11-24 11:00", "2026-11-24 11:31", MachineState::Down, None),
            iv("2026-11-24 11:31", "2026-11-24 14:00", MachineState::Running, None),
        ],
        vec![],
    );
    let x = case.shift();
    assert_eq!((x.down_ms, x.failures), (0, 0));
    assert_eq!(x.small_stop_ms, MINUTE_MS);
    assert_eq!(x.planned_stop_ms, 30 * MINUTE_MS);
    let (from, to) = (t("2026-11-24 06:00"), t("2026-11-24 14:00"));
    assert_eq!(
        stop_time(&case, from, to, Observed::ALWAYS),
        (0, MINUTE_MS, 30 * MINUTE_MS)
    );
    // A stop judged in a range that cuts it keeps its whole unplanned length.
    let case = Case::new(
        vec![iv("2026-11-24 07:00", "2026-11-24 07:10", MachineState::Down, None)],
        vec![],
    );
    let x = whole(&case, t("2026-11-24 07:09"), to, Observed::ALWAYS);
    assert_eq!((x.down_ms, x.small_stop_ms), (MINUTE_MS, 0));
}

/// ISO 22400-2 KPIs of one machine-period, worked by hand. 8 h scheduled, 30 min of
/// breaks (planned), 60 min down of which 20 min setup, 10 min of small stops; 18,000
/// parts at 1.2 s ideal, 300 rejected of which 100 reworked; the log: 2 failures repaired
/// in 30 and 50 min, 40 min of service; 900 kWh for 17,700 good parts.
#[test]
fn iso_22400_kpis_by_hand() {
    let min = 60_000i64;
    let t = Terms {
        all_ms: 480 * min,
        scheduled_ms: 480 * min,
        planned_stop_ms: 30 * min,
        down_ms: 60 * min,
        setup_ms: 20 * min,
        small_stop_ms: 10 * min,
        failures: 4,
        total: 18_000,
        reject: 300,
        rework: 100,
        ideal_total_s: 1.2 * 18_000.0,
        ideal_reject_s: 1.2 * 300.0,
        ..Terms::default()
    };
    // PBT 450 min, run 390 min, APT 380 min, ADET 10 min, AUST 20 min, AUBT 410 min.
    assert_eq!(
        (t.planned_ms(), t.run_ms(), t.apt_ms(), t.aubt_ms()),
        (450 * min, 390 * min, 380 * min, 410 * min)
    );
    let close = |a: Option<f64>, b: f64| assert!((a.unwrap() - b).abs() < 1e-12, "{a:?} != {b}");
    close(t.allocation_efficiency(), 410.0 / 450.0);
    close(t.utilisation_efficiency(), 380.0 / 410.0);
    close(t.technical_efficiency(), 380.0 / 390.0);
    close(t.setup_rate(), 20.0 / 400.0);
    // NEE = UE x effectiveness x QR = (380/410) x (21,600 s / 22,800 s) x (17,700/18,000).
    close(t.nee(), (380.0 / 410.0) * (21_600.0 / 22_800.0) * (17_700.0 / 18_000.0));
    close(t.throughput_per_h(), 18_000.0 / 7.5);
    close(t.first_pass_yield(), 17_700.0 / 18_000.0);
    close(t.scrap_ratio(), 200.0 / 18_000.0);
    close(t.rework_ratio(), 100.0 / 18_000.0);
    // Stops: MTTR 60 min / 4 failures = 900 s.
    close(t.mttr_stop_s(), 900.0);
    let piece = crate::energy::Piece {
        energy: crate::model::EnergySums {
            kwh: 900.0,
            run_kwh: 850.0,
            no_data_kwh: 0.0,
        },
        good: 17_700,
        run_ms: 390 * min,
    };
    let log = LogPart {
        failures: 2,
        repair_min: 80.0,
        preventive_min: 40.0,
    };
    let x = Extra::new(&t, Some(log), Some(piece));
    // From the log: MTTF 390 min / 2, MTTR 80 min / 2, CMR 80 / 120.
    close(x.mttf_s(&t), 390.0 * 60.0 / 2.0);
    close(x.mttr_s(), 40.0 * 60.0);
    close(x.corrective_ratio(), 80.0 / 120.0);
    close(x.kwh_per_good(), 900.0 / 17_700.0);
    // Without a log: from the stops, and no corrective ratio.
    let y = Extra::new(&t, None, None);
    close(y.mttf_s(&t), 390.0 * 60.0 / 4.0);
    close(y.mttr_s(), 900.0);
    assert_eq!((y.corrective_ratio(), y.kwh_per_good()), (None, None));
    // Two machines, one with a log and one without: each brings its own failures.
    let mut all = x;
    all += y;
    let mut both = t;
    both += t;
    close(all.mttf_s(&both), 2.0 * 390.0 * 60.0 / 6.0);
    close(all.mttr_s(), (80.0 * 60.0 + 3600.0) / 6.0);
}
