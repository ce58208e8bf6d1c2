//! When scheduled reports are due (`[[report.schedule]]`): the periods that ended since the
//! last look. Pure: the caller says what "now" is and what it last delivered up to.

use crate::calendar::Calendar;
use crate::config::ScheduleAt;
use crate::time::{DAY_MS, Ts, local_to_utc};

/// A period that ended: what a scheduled report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// `2026-11-24 Early` (a shift) or `2026-11-24` (the day ending at the time).
    pub label: String,
    /// Its start.
    pub from: Ts,
    /// Its end: when the report is due.
    pub to: Ts,
}

/// The periods of a schedule that ended in `(after, now]`, oldest first: each shift of the
/// calendar that ended then (`shift-end`; with no shift plan, each whole day), or each
/// 24 hours that ended at the plant-local time (`"HH:MM"`; 23 or 25 hours on a day the
/// clocks change). Calling it again with `after` = the last `now` never gives a period twice.
pub fn ended(cal: &Calendar, at: ScheduleAt, after: Ts, now: Ts) -> Vec<Ended> {
    if now <= after {
        return Vec::new();
    }
    let mut out: Vec<Ended> = match at {
        ScheduleAt::ShiftEnd => cal
            .blocks(Ts(after.0.saturating_sub(2 * DAY_MS)), Ts(now.0.saturating_add(1)))
            .into_iter()
            .filter(|b| b.end > after && b.end <= now)
            .map(|b| Ended {
                label: b.label(),
                from: b.start,
                to: b.end,
            })
            .collect(),
        ScheduleAt::Daily(time) => {
            let tz = cal.tz();
            let mut out = Vec::new();
            let mut date = cal.local_date(after).pred_opt();
            let last = cal.local_date(now);
            while let Some(d) = date.filter(|d| *d <= last) {
                let end = local_to_utc(tz, d.and_time(time));
                if end > after && end <= now {
                    let start = d
                        .pred_opt()
                        .map_or(Ts(end.0 - DAY_MS), |p| local_to_utc(tz, p.and_time(time)));
                    out.push(Ended {
                        label: d.to_string(),
                        from: start,
                        to: end,
                    });
                }
                date = d.succ_opt();
            }
            out
        }
    };
    out.sort_by_key(|e| (e.to, e.from));
    out.dedup_by(|a, b| a.to == b.to && a.from == b.from);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::time::parse_rfc3339;

    fn cal(extra: &str) -> Calendar {
        let text = format!("[plant]\nname = \"P\"\ntimezone = \"Europe/Berlin\"\n{extra}");
        Calendar::new(&Config::parse(&text, "takt.toml").unwrap().config)
    }

    fn t(s: &str) -> Ts {
        parse_rfc3339(s).unwrap()
    }

    const SHIFTS: &str = r#"
[[shift]]
name = "Early"
start = "06:00"
end = "14:00"

[[shift]]
name = "Night"
start = "22:00"
end = "06:00"
"#;

    #[test]
    fn shift_end_gives_each_shift_once_when_it_ends_and_a_night_across_midnight_whole() {
        let c = cal(SHIFTS);
        let at = ScheduleAt::ShiftEnd;
        // Nothing ends before 06:00; the night from 22:00 ends at 06:00 whole.
        assert_eq!(
            ended(&c, at, t("2026-11-24T05:00:00+01:00"), t("2026-11-24T05:59:59+01:00")),
            vec![]
        );
        let night = ended(&c, at, t("2026-11-24T05:00:00+01:00"), t("2026-11-24T06:00:00+01:00"));
        assert_eq!(
            night,
            vec![Ended {
                label: "2026-11-23 Night".into(),
                from: t("2026-11-23T22:00:00+01:00"),
                to: t("2026-11-24T06:00:00+01:00"),
            }]
        );
        // The next look starts where this one stopped: the night is not given again.
        assert_eq!(
            ended(&c, at, t("2026-11-24T06:00:00+01:00"), t("2026-11-24T13:00:00+01:00")),
            vec![]
        );
        // Away for a day: both shifts it missed, oldest first.
        let missed = ended(&c, at, t("2026-11-24T06:00:00+01:00"), t("2026-11-25T07:00:00+01:00"));
        let labels: Vec<&str> = missed.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["2026-11-24 Early", "2026-11-24 Night"]);
    }

    #[test]
    fn a_daily_time_gives_the_24_hours_before_it_and_23_on_the_day_the_clocks_go_forward() {
        let c = cal("");
        let at = ScheduleAt::Daily(chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap());
        let day = ended(&c, at, t("2026-11-24T05:00:00+01:00"), t("2026-11-24T06:30:00+01:00"));
        assert_eq!(
            day,
            vec![Ended {
                label: "2026-11-24".into(),
                from: t("2026-11-23T06:00:00+01:00"),
                to: t("2026-11-24T06:00:00+01:00"),
            }]
        );
        // 29 March 2026: Berlin's clocks go forward at 02:00.
        let spring = ended(&c, at, t("2026-03-29T05:00:00+02:00"), t("2026-03-29T07:00:00+02:00"));
        assert_eq!(spring.len(), 1);
        assert_eq!(spring[0].to.0 - spring[0].from.0, 23 * 3_600_000);
        assert_eq!(
            ended(&c, at, t("2026-03-29T07:00:00+02:00"), t("2026-03-29T07:00:00+02:00")),
            vec![]
        );
    }

    #[test]
    fn without_a_shift_plan_shift_end_is_each_midnight() {
        let c = cal("");
        let e = ended(
            &c,
            ScheduleAt::ShiftEnd,
            t("2026-11-24T12:00:00+01:00"),
            t("2026-11-25T00:00:00+01:00"),
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].to, t("2026-11-25T00:00:00+01:00"));
        assert_eq!(e[0].from, t("2026-11-24T00:00:00+01:00"));
    }
}
