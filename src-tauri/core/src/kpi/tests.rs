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
        let cal = Calendar::new(&self.config);
        let periods = periods(&cal, t(from), t(to), g);
        let ctx = MachineContext {
            config: &self.config,
            machine: &self.config.machines[0],
        };
        let h = History {
            intervals: &self.intervals,
            counts: &self.counts,
            scrap: &self.scrap,
            products: &self.products,
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
    assert_eq!(x.mttr_s(), Some(47.0 * 60.0));
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
    // The 11:00 break (no data then) 30 + changeover 30 + planned 60; it ran through
    // the 09:00 and 13:00 breaks.
    assert_eq!(x.planned_stop_ms, 120 * MINUTE_MS);
    // No data 10:00-11:00 (60 min) and 11:30-12:00 (30 min; 11:00-11:30 is a break).
    assert_eq!(x.no_data_ms, 90 * MINUTE_MS);
    assert_eq!(x.planned_ms(), (480 - 120 - 90) * MINUTE_MS);
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
    assert_eq!(x.flags(), vec!["performance above 1: the ideal cycle time is too long"]);
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
    let s = stops(ctx, &intervals, t("2026-11-24 06:00"), t("2026-11-24 14:00"));
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
