//! Numbers and times as the window shows them: plant-local times, short durations.

use chrono_tz::Tz;
use takt_core::time::Ts;

/// `14:03`.
pub fn hm(t: Ts, tz: Tz) -> String {
    t.to_local(tz).format("%H:%M").to_string()
}

/// `14:03:27`.
pub fn hms(t: Ts, tz: Tz) -> String {
    t.to_local(tz).format("%H:%M:%S").to_string()
}

/// `Tue 24 Nov 14:03`.
pub fn day_hm(t: Ts, tz: Tz) -> String {
    t.to_local(tz).format("%a %d %b %H:%M").to_string()
}

/// `2026-11-24`.
pub fn date(t: Ts, tz: Tz) -> String {
    t.to_local(tz).format("%Y-%m-%d").to_string()
}

/// `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`.
pub fn duration(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// `74.8 %`, or `–`.
pub fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), |v| format!("{:.1} %", v * 100.0))
}

/// `12,345`.
pub fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The plant's time zone (UTC when the name is unknown).
pub fn tz(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}
