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

/// A span as people write it: `45 s`, `11 min 15 s`, `3 h 05 min`, `2 d 4 h`.
pub fn duration_words(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..60 => format!("{s} s"),
        60..3600 if s % 60 == 0 => format!("{} min", s / 60),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => duration(ms),
    }
}

/// A report cell as people read it (the preview; the CSV keeps its own form): plant-local
/// times as `Thu 19 Nov 00:07`, durations as `11 min 15 s`, ratios as `78.9 %`, counts
/// with thousands separated, money with two decimals.
pub fn cell(c: &takt_core::table::Cell, tz: Tz) -> String {
    use takt_core::table::Cell;
    match c {
        Cell::Time(t) => t.to_local(tz).format("%a %-d %b %H:%M").to_string(),
        Cell::Ms(ms) => duration_words(*ms),
        Cell::Ratio(x) => x.map_or(String::new(), |v| format!("{:.1} %", v * 100.0)),
        Cell::Count(n) => count(*n),
        Cell::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        c => c.text(tz),
    }
}

/// A column's CSV name in words: `duration_s` is `duration` (its cells say the unit),
/// `kwh_per_good` is `kWh per good`, `oee` is `OEE`.
pub fn column(c: &takt_core::table::Column) -> String {
    use takt_core::table::ColumnType;
    let mut words: Vec<&str> = c.name.split('_').collect();
    if c.kind == ColumnType::Seconds && words.len() > 1 && words.last() == Some(&"s") {
        words.pop();
    }
    let words: Vec<String> = words
        .into_iter()
        .map(|w| match w {
            "oee" | "teep" | "mtbf" | "mttr" | "mttf" | "nee" | "fpy" | "apt" | "aubt" | "id" => w.to_uppercase(),
            "kwh" => "kWh".into(),
            "cp" => "Cp".into(),
            "cpk" => "Cpk".into(),
            "h" => "(h)".into(),
            "pct" => "%".into(),
            w => w.to_string(),
        })
        .collect();
    let mut out = words.join(" ");
    if let Some(first) = out.get(..1) {
        out = first.to_uppercase() + &out[1..];
    }
    out
}
