//! Time inside Takt: UTC milliseconds. Plant-local time exists only at the edges.

use std::fmt;

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A point in time: milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ts(pub i64);

/// One minute in milliseconds.
pub const MINUTE_MS: i64 = 60_000;
/// One hour in milliseconds.
pub const HOUR_MS: i64 = 3_600_000;
/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

impl Ts {
    /// The instant of a UTC date-time.
    pub fn from_utc(dt: DateTime<Utc>) -> Self {
        Ts(dt.timestamp_millis())
    }

    /// As a UTC date-time (saturating at chrono's range).
    pub fn to_utc(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).unwrap_or(if self.0 < 0 {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
    }

    /// As plant-local time.
    pub fn to_local(self, tz: Tz) -> DateTime<Tz> {
        self.to_utc().with_timezone(&tz)
    }

    /// The start of the minute this instant falls in.
    pub fn minute_floor(self) -> Ts {
        Ts(self.0.div_euclid(MINUTE_MS) * MINUTE_MS)
    }

    /// RFC 3339 in the plant's time zone with its offset: `2026-11-24T06:00:00+03:00`
    /// (milliseconds only when there are some).
    pub fn rfc3339(self, tz: Tz) -> String {
        let secs = if self.0 % 1000 == 0 {
            chrono::SecondsFormat::Secs
        } else {
            chrono::SecondsFormat::Millis
        };
        self.to_local(tz).to_rfc3339_opts(secs, false)
    }

    /// Milliseconds from `earlier` to `self`, never negative.
    pub fn since(self, earlier: Ts) -> i64 {
        (self.0 - earlier.0).max(0)
    }
}

impl fmt::Display for Ts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}",
            self.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        )
    }
}

/// The UTC instant of a plant-local wall time.
///
/// An ambiguous time (the repeated hour when clocks go back) is its first occurrence;
/// a time that does not exist (the skipped hour when clocks go forward) moves forward
/// to the first minute that does, as a wall clock would show it.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> Ts {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ts(t.timestamp_millis()),
        LocalResult::Ambiguous(first, _) => Ts(first.timestamp_millis()),
        LocalResult::None => {
            // Every real DST gap is shorter than a day; walk forward a minute at a time.
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return Ts(t.timestamp_millis());
                }
            }
            Ts(local.and_utc().timestamp_millis())
        }
    }
}

/// Parses an RFC 3339 time with offset (`2026-11-24T06:00:00+03:00`).
pub fn parse_rfc3339(s: &str) -> Option<Ts> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| Ts(t.timestamp_millis()))
}

/// Parses a time given on the command line: RFC 3339 with offset, or plant-local
/// `2026-11-24 06:00` (seconds and their fraction optional), or a plant-local date
/// `2026-11-24` (its midnight).
pub fn parse_user_time(s: &str, tz: Tz) -> Option<Ts> {
    let s = s.trim();
    if let Some(t) = parse_rfc3339(s) {
        return Some(t);
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(local_to_utc(tz, local));
        }
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| local_to_utc(tz, d.and_time(chrono::NaiveTime::MIN)))
}

/// Parses a duration like `90s`, `15m`, `8h`, `7d` (also `500ms`, and `1h30m`).
pub fn parse_duration_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1000,
            "m" => MINUTE_MS,
            "h" => HOUR_MS,
            "d" => DAY_MS,
            "w" => 7 * DAY_MS,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn naive(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn skipped_hour_moves_forward() {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let t = local_to_utc(tz, naive(2026, 3, 29, 2, 30));
        assert_eq!(t.rfc3339(tz), "2026-03-29T03:00:00+02:00");
    }

    #[test]
    fn repeated_hour_takes_first() {
        // Berlin, 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let t = local_to_utc(tz, naive(2026, 10, 25, 2, 30));
        assert_eq!(t.rfc3339(tz), "2026-10-25T02:30:00+02:00");
    }

    #[test]
    fn user_times() {
        let tz: Tz = "Europe/Istanbul".parse().unwrap();
        let a = parse_user_time("2026-11-24T06:00:00+03:00", tz).unwrap();
        let b = parse_user_time("2026-11-24 06:00", tz).unwrap();
        let c = parse_user_time("2026-11-24", tz).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.0 - c.0, 6 * HOUR_MS);
        assert_eq!(parse_user_time("24/11/2026", tz), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("90s"), Some(90_000));
        assert_eq!(parse_duration_ms("15m"), Some(900_000));
        assert_eq!(parse_duration_ms("8h"), Some(8 * HOUR_MS));
        assert_eq!(parse_duration_ms("7d"), Some(7 * DAY_MS));
        assert_eq!(parse_duration_ms("1h30m"), Some(90 * MINUTE_MS));
        assert_eq!(parse_duration_ms("500ms"), Some(500));
        for bad in ["", "s", "10", "10x", "-5s", "1.5h"] {
            assert_eq!(parse_duration_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn minute_floor_handles_negative_times() {
        assert_eq!(Ts(-1).minute_floor(), Ts(-60_000));
        assert_eq!(Ts(119_999).minute_floor(), Ts(60_000));
    }
}
