use super::*;
use crate::config::{Register, RegisterTable, ValueType, WordOrder};

fn signal(low: Option<f64>, high: Option<f64>) -> ProcessSignal {
    ProcessSignal {
        name: "oil_temp".into(),
        register: Register {
            table: RegisterTable::Input,
            address: 10,
            value_type: ValueType::I16,
            word_order: WordOrder::Big,
            scale: 0.1,
            offset: 0.0,
        },
        unit: Some("C".into()),
        low,
        high,
        deadband: None,
    }
}

fn machine() -> MachineId {
    MachineId::new("moulder-1").unwrap()
}

/// The end of the period: a whole hour.
const END: Ts = Ts(1000 * HOUR_MS);

/// Hourly means ending at `END`: `f(hours before the end, at the hour's middle)`.
fn hours(n: i64, f: impl Fn(f64) -> f64) -> Vec<(Ts, f64)> {
    (0..n)
        .map(|i| {
            let start = Ts(END.0 - (n - i) * HOUR_MS);
            (start, f(x_of(start, END)))
        })
        .collect()
}

#[test]
fn theil_sen_worked_by_hand() {
    // (1,1) (2,3) (3,2) (4,5) (5,4): the 10 pairwise slopes sorted are
    // -1, -1, 1/3, 1/2, 3/4, 1, 1, 4/3, 2, 3; the median 0.875. Sen's bounds at 90 %:
    // C = 1.644854 sqrt(5 x 4 x 15 / 18) = 6.7151, ranks (10 - C) / 2 = 1.64 -> the 2nd
    // (-1) and (10 + C) / 2 + 1 = 9.36 -> the 9th (2). Intercept: the median of
    // y - 0.875 x = 0.125, -0.625, ... = 0.125. scipy's theilslopes(method='joint') says
    // the same (0.875, 0.125, -1.0, 2.0).
    let fit = TheilSen::fit(&[(1.0, 1.0), (2.0, 3.0), (3.0, 2.0), (4.0, 5.0), (5.0, 4.0)], 0.9).unwrap();
    assert_eq!(fit.slope, 0.875);
    assert_eq!(fit.intercept, 0.125);
    assert_eq!((fit.slope_lo, fit.slope_hi), (-1.0, 2.0));
    assert_eq!(fit.at(2.0), 1.875);
    assert_eq!(TheilSen::fit(&[(1.0, 1.0), (2.0, 2.0)], 0.9), None);
    assert_eq!(TheilSen::fit(&[(1.0, 1.0), (2.0, f64::NAN), (3.0, 1.0)], 0.9), None);
}

#[test]
fn a_few_odd_hours_do_not_move_the_trend() {
    // y = 40 + 0.1 x exactly, and three wild hours.
    let mut pts: Vec<(f64, f64)> = (0..48).map(|i| (i as f64, 40.0 + 0.1 * i as f64)).collect();
    pts[5].1 = 90.0;
    pts[20].1 = -10.0;
    pts[30].1 = 75.0;
    let fit = TheilSen::fit(&pts, 0.9).unwrap();
    assert!((fit.slope - 0.1).abs() < 1e-12, "{fit:?}");
    assert!((fit.intercept - 40.0).abs() < 1e-9, "{fit:?}");
    assert!(fit.slope_lo <= 0.1 && fit.slope_hi >= 0.1);
}

#[test]
fn a_rising_value_is_forecast_to_cross_its_high_limit() {
    // 50 C now, rising 0.1 C an hour with a little scatter: 65 C in 150 h.
    let scatter = |x: f64| 0.3 * ((x * 1.7).sin());
    let h = hours(7 * 24, |x| 50.0 + 0.1 * x + scatter(x));
    let row = condition_row(&machine(), &signal(Some(20.0), Some(65.0)), &h, END);
    assert_eq!(row.points, 168);
    assert!((row.slope_per_day.unwrap() - 2.4).abs() < 0.01, "{row:?}");
    let c = row.crossing.unwrap();
    assert_eq!((c.limit, c.beyond), (Limit::High, false));
    let hours_ahead = c.at.since(END) as f64 / HOUR_MS as f64;
    assert!((hours_ahead - 150.0).abs() < 3.0, "{hours_ahead}");
    // The interval holds the crossing, and the scatter makes it earlier than the line.
    let latest = c.latest.unwrap();
    assert!(END <= c.earliest && c.earliest < c.at && c.at < latest, "{c:?}");
    assert!(c.at.since(c.earliest) > HOUR_MS, "{c:?}");
    assert_eq!(row.note, "");
    // The chart's line runs from the first hour to the crossing, at the limit there.
    let [(t0, _), (t1, v1)] = row.line.unwrap();
    assert_eq!((t0, t1), (Ts(h[0].0.0 + HOUR_MS / 2), c.at));
    assert!((v1 - 65.0).abs() < 1e-6);
}

#[test]
fn a_falling_value_heads_for_its_low_limit_and_a_limit_missing_is_said() {
    let h = hours(48, |x| 30.0 - 0.05 * x);
    let row = condition_row(&machine(), &signal(Some(20.0), Some(65.0)), &h, END);
    let c = row.crossing.unwrap();
    assert_eq!(c.limit, Limit::Low);
    // 30 - 0.05 x = 20 at x = 200 h; exact data: the interval is the point.
    assert_eq!(c.at, Ts(END.0 + 200 * HOUR_MS));
    assert_eq!((c.earliest, c.latest), (c.at, Some(c.at)));
    let row = condition_row(&machine(), &signal(None, Some(65.0)), &h, END);
    assert_eq!(row.crossing, None);
    assert_eq!(row.note, "falling -1.2 C/day: no low limit to reach");
}

#[test]
fn no_forecast_without_a_significant_trend_or_enough_hours() {
    // A daily swing around 40 C: no trend.
    let h = hours(72, |x| 40.0 + 2.0 * (x / 24.0 * std::f64::consts::TAU).sin());
    let row = condition_row(&machine(), &signal(Some(20.0), Some(65.0)), &h, END);
    assert_eq!(row.crossing, None);
    assert!(row.note.starts_with("no significant trend: "), "{}", row.note);
    let row = condition_row(&machine(), &signal(Some(20.0), Some(65.0)), &h[..5], END);
    assert_eq!(row.note, "5 hours of readings in the window: a trend needs at least 6");
    assert_eq!(row.slope_per_day, None);
    // Far away: not within a year.
    let h = hours(48, |x| 40.0 + 0.0001 * x);
    let row = condition_row(&machine(), &signal(Some(20.0), Some(65.0)), &h, END);
    assert_eq!(row.crossing, None);
    assert!(row.note.contains("not within 365 days"), "{}", row.note);
}

#[test]
fn a_value_beyond_its_limit_says_since_when() {
    // Rising through 65 C 4 hours before the end.
    let h = hours(24, |x| 65.0 + 0.5 * (x + 4.0));
    let row = condition_row(&machine(), &signal(Some(20.0), Some(65.0)), &h, END);
    let c = row.crossing.unwrap();
    assert!(c.beyond);
    assert_eq!(c.at, Ts(END.0 - 4 * HOUR_MS));
    assert_eq!(row.last, Some(h[23].1));
    assert!(row.note.starts_with("beyond its high limit of 65 C"), "{}", row.note);
}
