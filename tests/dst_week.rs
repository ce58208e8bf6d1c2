//! A week of two machines' history across the end of summer time (Berlin, Sunday
//! 2026-10-25, 03:00 CEST -> 02:00 CET), imported through the CLI, and every OEE row
//! checked against figures worked out by hand below.
//!
//! The plant runs two 12-hour shifts every day: Day 06:00-18:00 with a break at 12:00,
//! Night 18:00-06:00 with a break at 00:00, both 30 minutes. The night from Saturday
//! 24 to Sunday 25 lasts 13 hours (the clock repeats 02:00-03:00) and Sunday 25 has
//! 25 hours.
//!
//! Machine `a` (ideal 1 s/part) in every shift, from its start s:
//!   running s .. s+2h, down (mech/jam) s+2h .. s+2h30, running until the break,
//!   stopped during the break, running from the break's end to the shift's end.
//! Machine `b` (ideal 2 s/part) runs the whole shift except the break.
//! Both make parts at 90% of their ideal rate (a: 0.9/s, b: 0.45/s) and reject 1 in 90
//! (a: 1 per 100 s of running, b: 1 per 200 s), one counts row per running stretch.
//! So performance is 0.9000 and quality 1 - 1/90 = 0.9889 on every row, and the rows
//! differ in planned and run time only.

mod common;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Berlin;
use common::{Plant, Row};

const CONFIG: &str = r#"
[plant]
name = "DST plant"
timezone = "Europe/Berlin"
microstop_s = 120

[[shift]]
name = "Day"
start = "06:00"
end = "18:00"
breaks = [{ start = "12:00", minutes = 30 }]

[[shift]]
name = "Night"
start = "18:00"
end = "06:00"
breaks = [{ start = "00:00", minutes = 30 }]

[[reason]]
code = "mech/jam"
kind = "downtime"

[[machine]]
id = "a"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:502" }

[[machine]]
id = "b"
ideal_cycle_s = 2.0
connection = { modbus_tcp = "127.0.0.1:503" }
"#;

/// RFC 3339 of a Berlin wall time; `day_offset` days after `date`.
fn at(date: NaiveDate, day_offset: i64, hh: u32, mm: u32) -> chrono::DateTime<chrono_tz::Tz> {
    let d = date + Duration::days(day_offset);
    Berlin
        .from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap()))
        .earliest()
        .unwrap()
}

/// The history CSVs: every shift from the Night of Sunday 18 to the Night of Sunday 25.
fn history() -> (String, String) {
    let mut states = String::from("machine,start,end,state,reason\n");
    let mut counts = String::from("machine,start,end,total,reject,product\n");
    let mut add =
        |m: &str, a: chrono::DateTime<chrono_tz::Tz>, b: chrono::DateTime<chrono_tz::Tz>, state: &str, reason: &str| {
            states.push_str(&format!("{m},{},{},{state},{reason}\n", a.to_rfc3339(), b.to_rfc3339()));
            if state == "running" {
                let secs = (b - a).num_seconds();
                let (total, reject) = if m == "a" {
                    (secs * 9 / 10, secs / 100)
                } else {
                    (secs * 45 / 100, secs / 200)
                };
                counts.push_str(&format!(
                    "{m},{},{},{total},{reject},\n",
                    a.to_rfc3339(),
                    b.to_rfc3339()
                ));
            }
        };
    let sunday_18 = NaiveDate::from_ymd_opt(2026, 10, 18).unwrap();
    for day in 0..=7 {
        // (shift start hour, break start: days after `day` and hour)
        for (start, brk_day, brk_h) in [(6, 0, 12), (18, 1, 0)] {
            if day == 0 && start == 6 {
                continue; // history starts with the Night of the 18th
            }
            let s = at(sunday_18, day, start, 0);
            let end = if start == 6 {
                at(sunday_18, day, 18, 0)
            } else {
                at(sunday_18, day + 1, 6, 0)
            };
            let b0 = at(sunday_18, day + brk_day, brk_h, 0);
            let b1 = b0 + Duration::minutes(30);
            add("a", s, s + Duration::hours(2), "running", "");
            add(
                "a",
                s + Duration::hours(2),
                s + Duration::minutes(150),
                "down",
                "mech/jam",
            );
            add("a", s + Duration::minutes(150), b0, "running", "");
            add("a", b0, b1, "down", "");
            add("a", b1, end, "running", "");
            add("b", s, b0, "running", "");
            add("b", b0, b1, "down", "");
            add("b", b1, end, "running", "");
        }
    }
    (states, counts)
}

fn plant() -> Plant {
    let p = Plant::new(CONFIG);
    let (states, counts) = history();
    p.import("states", &p.write("states.csv", &states));
    p.import("counts", &p.write("counts.csv", &counts));
    p
}

/// `machine,planned_s,run_s,down_s,total,good,reject,availability,performance,quality,oee`
fn figures(r: &Row) -> String {
    let cols = [
        "machine",
        "planned_s",
        "run_s",
        "down_s",
        "total",
        "good",
        "reject",
        "availability",
        "performance",
        "quality",
        "oee",
    ];
    cols.iter().map(|c| r[*c].as_str()).collect::<Vec<_>>().join(",")
}

// One 12-hour shift (720 min), break stopped (30 min planned):
//   a: planned 690 min = 41400 s; down 30 min = 1800 s; run 660 min = 39600 s.
//      parts 0.9 x 39600 = 35640, rejects 39600 / 100 = 396, good 35244.
//      availability 39600/41400 = 0.95652; OEE = good x 1 s / planned = 35244/41400 = 0.85130.
//   b: planned = run = 41400 s; parts 0.45 x 41400 = 18630, rejects 41400/200 = 207, good 18423.
//      OEE = 18423 x 2 / 41400 = 0.89000.
//   ALL: planned 82800, run 81000, down 1800; parts 54270, rejects 603, good 53667;
//      availability 81000/82800 = 0.97826; performance (35640 + 2 x 18630)/81000 = 0.9;
//      quality (35244 + 2 x 18423)/72900 = 0.98889; OEE 72090/82800 = 0.87065.
const SHIFT_A: &str = "a,41400,39600,1800,35640,35244,396,0.9565,0.9000,0.9889,0.8513";
const SHIFT_B: &str = "b,41400,41400,0,18630,18423,207,1.0000,0.9000,0.9889,0.8900";
const SHIFT_ALL: &str = "ALL,82800,81000,1800,54270,53667,603,0.9783,0.9000,0.9889,0.8707";
// The 13-hour night of the 24th (780 min):
//   a: planned 750 min = 45000 s, run 720 min = 43200 s; parts 38880, rejects 432, good 38448;
//      availability 43200/45000 = 0.96; OEE 38448/45000 = 0.85440.
//   b: planned = run = 45000; parts 20250, rejects 225, good 20025; OEE 40050/45000 = 0.89.
//   ALL: planned 90000, run 88200; parts 59130, rejects 657, good 58473;
//      availability 0.98; OEE (38448 + 40050)/90000 = 0.87220.
const LONG_NIGHT_A: &str = "a,45000,43200,1800,38880,38448,432,0.9600,0.9000,0.9889,0.8544";
const LONG_NIGHT_B: &str = "b,45000,45000,0,20250,20025,225,1.0000,0.9000,0.9889,0.8900";
const LONG_NIGHT_ALL: &str = "ALL,90000,88200,1800,59130,58473,657,0.9800,0.9000,0.9889,0.8722";

#[test]
fn every_shift_row_of_the_week() {
    let p = plant();
    let rows = p.report(&[
        "oee",
        "--from",
        "2026-10-19 06:00",
        "--to",
        "2026-10-26 06:00",
        "--by",
        "shift",
    ]);
    let mut expected = Vec::new();
    for d in 19..=25 {
        for shift in ["Day", "Night"] {
            let long = d == 24 && shift == "Night";
            let label = format!("2026-10-{d} {shift}");
            for fig in if long {
                [LONG_NIGHT_A, LONG_NIGHT_B, LONG_NIGHT_ALL]
            } else {
                [SHIFT_A, SHIFT_B, SHIFT_ALL]
            } {
                expected.push(format!("{label}: {fig}"));
            }
        }
    }
    let got: Vec<String> = rows
        .iter()
        .map(|r| format!("{}: {}", r["period"], figures(r)))
        .collect();
    assert_eq!(got, expected);
    // The long night's bounds carry both offsets.
    let night = rows.iter().find(|r| r["period"] == "2026-10-24 Night").unwrap();
    assert_eq!(
        (night["period_start"].as_str(), night["period_end"].as_str()),
        ("2026-10-24T18:00:00+02:00", "2026-10-25T06:00:00+01:00")
    );
}

// A day (00:00-24:00) holds the end of the previous night (break stopped 00:00-00:30,
// running 00:30-06:00), the Day shift, and the start of its Night (running 18:00-20:00,
// jam 20:00-20:30, running 20:30-24:00). Every hour is scheduled.
//   a, 24 h: planned 1440 - 60 (two breaks) = 1380 min = 82800 s; down 2 x 30 min = 3600 s;
//      run 79200; parts 71280, rejects 792, good 70488; availability 0.95652; OEE 70488/82800 = 0.85130.
//   b, 24 h: planned = run = 82800; parts 37260, rejects 414, good 36846; OEE 0.89.
//   ALL, 24 h: planned 165600, run 162000; parts 108540, rejects 1206, good 107334;
//      availability 0.97826; OEE (70488 + 2 x 36846)/165600 = 0.87065.
// Sunday 25 has 25 hours: its night part runs 00:30-06:00 for 390 minutes, not 330.
//   a: planned 1440 min = 86400 s, run 82800; parts 74520, rejects 828, good 73692;
//      availability 82800/86400 = 0.95833; OEE 73692/86400 = 0.85292.
//   b: planned = run = 86400; parts 38880, rejects 432, good 38448; OEE 0.89.
//   ALL: planned 172800, run 169200; parts 113400, rejects 1260, good 112140;
//      availability 0.97917; OEE (73692 + 2 x 38448)/172800 = 0.87146.
const DAY_A: &str = "a,82800,79200,3600,71280,70488,792,0.9565,0.9000,0.9889,0.8513";
const DAY_B: &str = "b,82800,82800,0,37260,36846,414,1.0000,0.9000,0.9889,0.8900";
const DAY_ALL: &str = "ALL,165600,162000,3600,108540,107334,1206,0.9783,0.9000,0.9889,0.8707";
const LONG_DAY_A: &str = "a,86400,82800,3600,74520,73692,828,0.9583,0.9000,0.9889,0.8529";
const LONG_DAY_B: &str = "b,86400,86400,0,38880,38448,432,1.0000,0.9000,0.9889,0.8900";
const LONG_DAY_ALL: &str = "ALL,172800,169200,3600,113400,112140,1260,0.9792,0.9000,0.9889,0.8715";

#[test]
fn every_day_row_of_the_week_and_the_25_hour_sunday() {
    let p = plant();
    let rows = p.report(&["oee", "--from", "2026-10-19", "--to", "2026-10-26", "--by", "day"]);
    let mut expected = Vec::new();
    for d in 19..=25 {
        for fig in if d == 25 {
            [LONG_DAY_A, LONG_DAY_B, LONG_DAY_ALL]
        } else {
            [DAY_A, DAY_B, DAY_ALL]
        } {
            expected.push(format!("2026-10-{d}: {fig}"));
        }
    }
    let got: Vec<String> = rows
        .iter()
        .map(|r| format!("{}: {}", r["period"], figures(r)))
        .collect();
    assert_eq!(got, expected);
    let sunday = rows.iter().find(|r| r["period"] == "2026-10-25").unwrap();
    assert_eq!(sunday["all_s"], "90000");
}

#[test]
fn the_week_adds_up() {
    // --by machine over the week: six 24 h days and one 25 h day.
    //   a: planned 6 x 82800 + 86400 = 583200; run 6 x 79200 + 82800 = 558000;
    //      good 6 x 70488 + 73692 = 496620; OEE 496620/583200 = 0.85154.
    let p = plant();
    let rows = p.report(&["oee", "--from", "2026-10-19", "--to", "2026-10-26", "--by", "machine"]);
    let a = rows.iter().find(|r| r["machine"] == "a").unwrap();
    assert_eq!(
        figures(a),
        "a,583200,558000,25200,502200,496620,5580,0.9568,0.9000,0.9889,0.8515"
    );
    assert_eq!(rows.len(), 3);
}
