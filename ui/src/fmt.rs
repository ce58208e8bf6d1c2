//! Numbers and times as the window shows them: plant-local times, short durations, in the
//! plant's language (English keeps the window's own forms: `Tue 24 Nov 14:03`, `74.8 %`).

use chrono::Datelike;
use chrono_tz::Tz;
use takt_core::i18n::Language;
use takt_core::time::Ts;

use crate::i18n::{locale, t};

/// Whether the window speaks English (its forms are the ones it always had).
fn english() -> bool {
    locale().language == Language::En
}

/// `Thu 19.11.2026 00:07`: a weekday, a date and a time the plant's way (not English).
fn weekday_date_hm(t: Ts, tz: Tz) -> String {
    let local = t.to_local(tz);
    let l = locale();
    format!(
        "{} {} {}",
        l.weekday(local.weekday()),
        l.date(local.date_naive()),
        local.format("%H:%M")
    )
}

/// `14:03`.
pub fn hm(t: Ts, tz: Tz) -> String {
    t.to_local(tz).format("%H:%M").to_string()
}

/// `14:03:27`.
pub fn hms(t: Ts, tz: Tz) -> String {
    t.to_local(tz).format("%H:%M:%S").to_string()
}

/// `Tue 24 Nov 14:03` (English), `Sa 24.11.2026 14:03` (Turkish, German).
pub fn day_hm(t: Ts, tz: Tz) -> String {
    if english() {
        t.to_local(tz).format("%a %d %b %H:%M").to_string()
    } else {
        weekday_date_hm(t, tz)
    }
}

/// `2026-11-24` (a date input's value: the same in every language).
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

/// A ratio in % with one decimal: `74.8 %` (English), `%74,8`, `74,8 %`.
fn percent(v: f64) -> String {
    if english() {
        format!("{:.1} %", v * 100.0)
    } else {
        locale().percent(v, 1)
    }
}

/// `74.8 %`, or `–`.
pub fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), percent)
}

/// `12,345` (`12.345` in Turkish and German).
pub fn count(n: u64) -> String {
    locale().number(n as f64, 0)
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
/// with thousands separated, money with two decimals; decimal commas in Turkish and German.
pub fn cell(c: &takt_core::table::Cell, tz: Tz) -> String {
    use takt_core::table::Cell;
    match c {
        Cell::Time(t) if english() => t.to_local(tz).format("%a %-d %b %H:%M").to_string(),
        Cell::Time(t) => weekday_date_hm(*t, tz),
        Cell::Ms(ms) => duration_words(*ms),
        Cell::Ratio(x) => x.map_or(String::new(), percent),
        Cell::Count(n) => count(*n),
        Cell::Bool(b) => t(if *b { "fmt-yes" } else { "fmt-no" }),
        Cell::Money(x) if !english() => locale().number(*x, 2),
        Cell::Number(_) | Cell::Seconds(_) if !english() => c.text(tz).replace('.', ","),
        c => c.text(tz),
    }
}

/// A column's CSV name in words (`col-<name>` in the plant's language): `duration_s` is
/// `Duration` (its cells say the unit), `kwh_per_good` is `KWh per good`, `oee` is `OEE`.
/// A column without words of its own is spelled from its name.
pub fn column(c: &takt_core::table::Column) -> String {
    let key = format!("col-{}", slug(&c.name));
    let words = t(&key);
    if words != key {
        return words;
    }
    spelled(c)
}

/// `this period, s` as a key's part: `this-period-s`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A column's CSV name spelled as words: `mtbf_h` is `MTBF (h)`.
fn spelled(c: &takt_core::table::Column) -> String {
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
