//! The shift calendar: the weekly plan and its exceptions, in plant-local time, turned
//! into UTC blocks of scheduled time with their breaks.
//!
//! Local wall times are converted with the plant's time zone, so a night shift from
//! 22:00 to 06:00 lasts 9 hours on the night clocks go back and 7 on the night they go
//! forward, and a plant-local day has 23 or 25 hours on those days.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use crate::config::{CalendarDay, Config, Shift, TimeBlock};
use crate::time::{MINUTE_MS, Ts, local_to_utc};

/// The name of the block of a plant without a shift plan.
pub const ALL_DAY: &str = "all day";
/// The name of overtime blocks from `[[calendar]] extra`.
pub const OVERTIME: &str = "Overtime";

/// A block of scheduled time: one shift on one date, an overtime block, or a whole
/// day when the plant has no shift plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Shift name, [`OVERTIME`] or [`ALL_DAY`].
    pub name: String,
    /// The plant-local date the block starts on.
    pub date: NaiveDate,
    /// Start (UTC).
    pub start: Ts,
    /// End (UTC), exclusive.
    pub end: Ts,
    /// Planned breaks, inside `[start, end)`, sorted.
    pub breaks: Vec<(Ts, Ts)>,
}

impl Block {
    /// `2026-11-24 Early`, as report groups show it.
    pub fn label(&self) -> String {
        format!("{} {}", self.date, self.name)
    }
}

/// The plant's shift calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    shifts: Vec<Shift>,
    exceptions: BTreeMap<NaiveDate, CalendarDay>,
}

impl Calendar {
    /// The calendar of a config.
    pub fn new(config: &Config) -> Self {
        Calendar {
            tz: config.plant.timezone,
            shifts: config.shifts.clone(),
            exceptions: config.calendar.iter().map(|d| (d.date, d.clone())).collect(),
        }
    }

    /// The plant's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Whether there is no shift plan, so every hour counts as scheduled.
    pub fn is_24_7(&self) -> bool {
        self.shifts.is_empty()
    }

    /// The plant-local date of an instant.
    pub fn local_date(&self, t: Ts) -> NaiveDate {
        t.to_local(self.tz).date_naive()
    }

    /// The UTC instant of a local date's midnight (or the first minute after it, where
    /// midnight is skipped by a clock change).
    pub fn midnight(&self, date: NaiveDate) -> Ts {
        local_to_utc(self.tz, date.and_time(NaiveTime::MIN))
    }

    /// Every scheduled block overlapping `[from, to)`, sorted by start and not
    /// overlapping each other (a later block starts where an earlier one ends).
    pub fn blocks(&self, from: Ts, to: Ts) -> Vec<Block> {
        if to <= from {
            return Vec::new();
        }
        let first = self.local_date(from).pred_opt().unwrap_or(NaiveDate::MIN);
        let last = self.local_date(to);
        let mut out: Vec<Block> = Vec::new();
        let mut date = first;
        while date <= last {
            self.blocks_of_date(date, &mut out);
            match date.succ_opt() {
                Some(d) => date = d,
                None => break,
            }
        }
        out.sort_by_key(|b| (b.start, b.end));
        let mut clean: Vec<Block> = Vec::with_capacity(out.len());
        // Blocks before the range still push later ones back, so a block looks the same
        // whichever range it is asked for in.
        let mut prev_end: Option<Ts> = None;
        for mut b in out {
            if let Some(p) = prev_end {
                b.start = b.start.max(p);
            }
            prev_end = Some(prev_end.map_or(b.end, |p| p.max(b.end)));
            b.breaks.retain_mut(|br| {
                br.0 = br.0.max(b.start);
                br.0 < br.1
            });
            if b.start < b.end && b.end > from && b.start < to {
                clean.push(b);
            }
        }
        clean
    }

    fn blocks_of_date(&self, date: NaiveDate, out: &mut Vec<Block>) {
        let exception = self.exceptions.get(&date);
        if self.is_24_7() {
            if exception.and_then(|e| e.shifts.as_ref()).is_some_and(|s| s.is_empty()) {
                return;
            }
            let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
            out.push(Block {
                name: ALL_DAY.to_string(),
                date,
                start: self.midnight(date),
                end: self.midnight(next),
                breaks: Vec::new(),
            });
            return;
        }
        for shift in &self.shifts {
            let works = match exception.and_then(|e| e.shifts.as_ref()) {
                Some(list) => list.contains(&shift.name),
                None => shift.days.contains(&date.weekday()),
            };
            if works {
                out.push(self.shift_block(shift, date));
            }
        }
        for extra in exception.map(|e| e.extra.as_slice()).unwrap_or_default() {
            let (start, end) = self.span(date, extra);
            out.push(Block {
                name: OVERTIME.to_string(),
                date,
                start,
                end,
                breaks: Vec::new(),
            });
        }
    }

    /// The UTC span of a local time block starting on `date`.
    fn span(&self, date: NaiveDate, block: &TimeBlock) -> (Ts, Ts) {
        let end_date = if block.end <= block.start {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        (
            local_to_utc(self.tz, date.and_time(block.start)),
            local_to_utc(self.tz, end_date.and_time(block.end)),
        )
    }

    fn shift_block(&self, shift: &Shift, date: NaiveDate) -> Block {
        let (start, end) = self.span(
            date,
            &TimeBlock {
                start: shift.start,
                end: shift.end,
            },
        );
        let mut breaks: Vec<(Ts, Ts)> = shift
            .breaks
            .iter()
            .map(|b| {
                let on = if b.start >= shift.start {
                    date
                } else {
                    date.succ_opt().unwrap_or(date)
                };
                let s = local_to_utc(self.tz, on.and_time(b.start));
                let e = Ts(s.0 + i64::from(b.minutes) * MINUTE_MS);
                (s.max(start), e.min(end))
            })
            .filter(|(s, e)| s < e)
            .collect();
        // Breaks that overlap (two close together on a night the clocks go forward) merge.
        breaks.sort();
        let mut merged: Vec<(Ts, Ts)> = Vec::with_capacity(breaks.len());
        for b in breaks {
            match merged.last_mut() {
                Some(last) if b.0 <= last.1 => last.1 = last.1.max(b.1),
                _ => merged.push(b),
            }
        }
        let breaks = merged;
        Block {
            name: shift.name.clone(),
            date,
            start,
            end,
            breaks,
        }
    }

    /// Plant-local days overlapping `[from, to)`: `(date, midnight, next midnight)`.
    pub fn days(&self, from: Ts, to: Ts) -> Vec<(NaiveDate, Ts, Ts)> {
        let mut out = Vec::new();
        if to <= from {
            return out;
        }
        let mut date = self.local_date(from);
        while let Some(next) = date.succ_opt() {
            let (s, e) = (self.midnight(date), self.midnight(next));
            if s >= to {
                break;
            }
            out.push((date, s, e));
            date = next;
        }
        out
    }

    /// Plant-local weeks (Monday to Monday) overlapping `[from, to)`.
    pub fn weeks(&self, from: Ts, to: Ts) -> Vec<(NaiveDate, Ts, Ts)> {
        let mut out = Vec::new();
        if to <= from {
            return out;
        }
        let d = self.local_date(from);
        let mut monday = d - Days::new(u64::from(d.weekday().num_days_from_monday()));
        loop {
            let next = monday + Days::new(7);
            let (s, e) = (self.midnight(monday), self.midnight(next));
            if s >= to {
                break;
            }
            out.push((monday, s, e));
            monday = next;
        }
        out
    }
}

/// The weekday's three-letter name as the config writes it.
pub fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::time::HOUR_MS;

    fn calendar(shifts: &str) -> Calendar {
        let text = format!("[plant]\nname = \"P\"\ntimezone = \"Europe/Berlin\"\n{shifts}");
        Calendar::new(&Config::parse(&text, "takt.toml").unwrap().config)
    }

    fn at(cal: &Calendar, s: &str) -> Ts {
        crate::time::parse_user_time(s, cal.tz()).unwrap()
    }

    fn show(cal: &Calendar, blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| {
                let brk: Vec<String> = b
                    .breaks
                    .iter()
                    .map(|x| format!("{}+{}m", x.0.rfc3339(cal.tz()), (x.1.0 - x.0.0) / MINUTE_MS))
                    .collect();
                format!(
                    "{} {} {}h [{}]",
                    b.label(),
                    b.start.rfc3339(cal.tz()),
                    (b.end.0 - b.start.0) as f64 / HOUR_MS as f64,
                    brk.join(", ")
                )
            })
            .collect()
    }

    const TWO_SHIFTS: &str = r#"
[[shift]]
name = "Day"
start = "06:00"
end = "18:00"
breaks = [{ start = "12:00", minutes = 30 }]

[[shift]]
name = "Night"
start = "18:00"
end = "06:00"
breaks = [{ start = "02:00", minutes = 30 }]
"#;

    #[test]
    fn night_shift_is_13_hours_when_clocks_go_back() {
        // Berlin, Sunday 2026-10-25 03:00 CEST -> 02:00 CET.
        let cal = calendar(TWO_SHIFTS);
        let b = cal.blocks(at(&cal, "2026-10-24 18:00"), at(&cal, "2026-10-25 06:00"));
        assert_eq!(
            show(&cal, &b),
            vec![
                // The break at 02:00 is the first 02:00, before the clock change.
                "2026-10-24 Night 2026-10-24T18:00:00+02:00 13h [2026-10-25T02:00:00+02:00+30m]",
            ]
        );
    }

    #[test]
    fn night_shift_is_11_hours_when_clocks_go_forward() {
        // Berlin, Sunday 2026-03-29 02:00 CET -> 03:00 CEST: the 02:00 break is skipped to 03:00.
        let cal = calendar(TWO_SHIFTS);
        let b = cal.blocks(at(&cal, "2026-03-28 18:00"), at(&cal, "2026-03-29 06:00"));
        assert_eq!(
            show(&cal, &b),
            vec!["2026-03-28 Night 2026-03-28T18:00:00+01:00 11h [2026-03-29T03:00:00+02:00+30m]"]
        );
    }

    #[test]
    fn days_of_23_and_25_hours() {
        let cal = calendar("");
        let hours = |d: &str| {
            let b = cal.blocks(at(&cal, d), Ts(at(&cal, d).0 + 1));
            assert_eq!(b.len(), 1, "{b:?}");
            assert_eq!(b[0].name, ALL_DAY);
            (b[0].end.0 - b[0].start.0) / HOUR_MS
        };
        assert_eq!(hours("2026-03-29"), 23);
        assert_eq!(hours("2026-10-25"), 25);
        assert_eq!(hours("2026-10-26"), 24);
        let days = cal.days(at(&cal, "2026-10-24"), at(&cal, "2026-10-26"));
        assert_eq!(
            days.iter().map(|d| (d.2.0 - d.1.0) / HOUR_MS).collect::<Vec<_>>(),
            vec![24, 25]
        );
    }

    #[test]
    fn weekdays_holidays_some_shifts_and_overtime() {
        let cal = calendar(
            r#"
[[shift]]
name = "Early"
start = "06:00"
end = "14:00"
days = ["mon", "tue", "wed", "thu", "fri"]

[[shift]]
name = "Late"
start = "14:00"
end = "22:00"
days = ["mon", "tue", "wed", "thu", "fri"]

[[calendar]]
date = "2026-12-24"
shifts = ["Early"]

[[calendar]]
date = "2026-12-25"
shifts = []

[[calendar]]
date = "2026-12-26"
extra = [{ start = "08:00", end = "12:00" }]
"#,
        );
        // Thu 24 (Early only), Fri 25 (holiday), Sat 26 (overtime), Sun 27 (nothing), Mon 28.
        let b = cal.blocks(at(&cal, "2026-12-24"), at(&cal, "2026-12-29"));
        let labels: Vec<String> = b.iter().map(Block::label).collect();
        assert_eq!(
            labels,
            vec![
                "2026-12-24 Early",
                "2026-12-26 Overtime",
                "2026-12-28 Early",
                "2026-12-28 Late"
            ]
        );
    }

    #[test]
    fn blocks_overlapping_the_range_edges_are_included_whole() {
        let cal = calendar(TWO_SHIFTS);
        let b = cal.blocks(at(&cal, "2026-11-24 05:00"), at(&cal, "2026-11-24 07:00"));
        assert_eq!(
            b.iter().map(Block::label).collect::<Vec<_>>(),
            vec!["2026-11-23 Night", "2026-11-24 Day"]
        );
        assert_eq!(b[0].end, at(&cal, "2026-11-24 06:00"));
    }

    #[test]
    fn a_block_is_the_same_whichever_range_asks_for_it() {
        // Regression (review): overtime 05:00-08:00 after a night shift to 06:00 was clipped
        // to 06:00 when the night was in the range, and not when it was not.
        let cal = calendar(
            r#"
[[shift]]
name = "Night"
start = "22:00"
end = "06:00"

[[calendar]]
date = "2026-11-24"
extra = [{ start = "05:00", end = "08:00" }]
"#,
        );
        let wide = cal.blocks(at(&cal, "2026-11-23 12:00"), at(&cal, "2026-11-24 12:00"));
        let narrow = cal.blocks(at(&cal, "2026-11-24 06:30"), at(&cal, "2026-11-24 06:31"));
        let overtime = |b: &[Block]| b.iter().find(|x| x.name == OVERTIME).map(|x| (x.start, x.end));
        assert_eq!(overtime(&narrow), overtime(&wide));
        assert_eq!(overtime(&wide).unwrap().0, at(&cal, "2026-11-24 06:00"));
    }

    #[test]
    fn weeks_start_on_monday() {
        let cal = calendar("");
        let w = cal.weeks(at(&cal, "2026-11-25"), at(&cal, "2026-12-01"));
        assert_eq!(
            w.iter().map(|x| x.0.to_string()).collect::<Vec<_>>(),
            vec!["2026-11-23", "2026-11-30"]
        );
    }
}
