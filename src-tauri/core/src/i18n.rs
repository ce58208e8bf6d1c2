//! The plant's language: the words of the window, the terminal table and the PDF reports
//! (Project Fluent, one `.ftl` file per language in `src-tauri/core/locales/`), and the
//! plant's way of writing dates and numbers. CSV stays machine-readable whatever the
//! language (`.` decimals, RFC 3339); reason names are the config's, as the plant wrote
//! them.

use std::sync::OnceLock;

use chrono::NaiveDate;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// The languages Takt speaks, complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Turkish.
    Tr,
    /// German.
    De,
}

impl Language {
    /// Every language, in the order the Settings page offers them.
    pub const ALL: [Language; 3] = [Language::En, Language::Tr, Language::De];

    /// Its code (`en`).
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Tr => "tr",
            Language::De => "de",
        }
    }

    /// Its name in itself (`Türkçe`).
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Tr => "Türkçe",
            Language::De => "Deutsch",
        }
    }

    /// Its Fluent file.
    pub fn ftl(self) -> &'static str {
        match self {
            Language::En => include_str!("../locales/en.ftl"),
            Language::Tr => include_str!("../locales/tr.ftl"),
            Language::De => include_str!("../locales/de.ftl"),
        }
    }
}

/// A language and the region's customs where they differ within it (`en-US` writes
/// dates month first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Locale {
    /// The language.
    pub language: Language,
    /// Dates month first (`11/26/2026`): English in the United States.
    pub month_first: bool,
}

impl Locale {
    /// English, day first: the default where the computer says nothing usable.
    pub const EN: Locale = Locale {
        language: Language::En,
        month_first: false,
    };

    /// A BCP 47 tag (`tr`, `de-AT`, `en_US.UTF-8` as POSIX writes it), or why not.
    pub fn parse(tag: &str) -> Result<Locale, String> {
        let clean = tag.split(['.', '@']).next().unwrap_or_default().replace('_', "-");
        let mut parts = clean.split('-');
        let language = parts.next().unwrap_or_default().to_ascii_lowercase();
        let region = parts.find(|p| p.len() == 2).map(str::to_ascii_uppercase);
        let language = match language.as_str() {
            "en" => Language::En,
            "tr" => Language::Tr,
            "de" => Language::De,
            _ => {
                return Err(format!(
                    "\"{tag}\" is not a language Takt speaks: expected \"en\", \"tr\" or \"de\" (a region may follow: \"de-AT\", \"en-US\")"
                ));
            }
        };
        Ok(Locale {
            language,
            month_first: language == Language::En && region.as_deref() == Some("US"),
        })
    }

    /// The computer's locale when Takt speaks its language (`LANG=tr_TR.UTF-8`), else
    /// English.
    pub fn or_english(tag: Option<&str>) -> Locale {
        tag.and_then(|t| Locale::parse(t).ok()).unwrap_or(Locale::EN)
    }

    /// The tag (`en-US`, `tr`).
    pub fn tag(self) -> String {
        if self.month_first {
            "en-US".into()
        } else {
            self.language.code().into()
        }
    }

    /// The text of message `key`, or the key itself when no language has it (a test
    /// keeps every key in every language).
    pub fn t(self, key: &str) -> String {
        self.format(key, None)
    }

    /// The text of message `key` with its variables (`{ $machine }`).
    pub fn t_with(self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            match v {
                Arg::Text(s) => a.set(*k, FluentValue::from(s.clone())),
                Arg::Number(n) => a.set(*k, FluentValue::from(*n)),
            }
        }
        self.format(key, Some(&a))
    }

    fn format(self, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = bundle(self.language);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// The decimal separator.
    fn comma(self) -> bool {
        self.language != Language::En
    }

    /// A number with `decimals` digits after the point, grouped by thousands as the plant
    /// writes it (`12,345.6`; `12.345,6`).
    pub fn number(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let text = format!("{:.*}", decimals, x.abs());
        let (int, frac) = text.split_once('.').map_or((text.as_str(), ""), |(i, f)| (i, f));
        let (group, point) = if self.comma() { ('.', ',') } else { (',', '.') };
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        let zero = out.chars().all(|c| c == '0' || c == group || c == point);
        if x < 0.0 && !zero {
            out.insert(0, '-');
        }
        out
    }

    /// A ratio as a percentage the plant's way: `78.9 %` (English, as the SI writes it),
    /// `78,9 %` (German), `%78,9` (Turkish).
    pub fn percent(self, ratio: f64, decimals: usize) -> String {
        let n = self.number(ratio * 100.0, decimals);
        match self.language {
            Language::En => format!("{n} %"),
            Language::De => format!("{n}\u{a0}%"),
            Language::Tr => format!("%{n}"),
        }
    }

    /// A date the plant's way: `26.11.2026` (German, Turkish), `26/11/2026` (English),
    /// `11/26/2026` (English in the United States).
    pub fn date(self, d: NaiveDate) -> String {
        match (self.language, self.month_first) {
            (Language::En, true) => d.format("%m/%d/%Y").to_string(),
            (Language::En, false) => d.format("%d/%m/%Y").to_string(),
            _ => d.format("%d.%m.%Y").to_string(),
        }
    }

    /// A day and time for headings: `Tue 24 Nov 2026 06:00` (English), `Sal 24.11.2026
    /// 06:00` (Turkish), `Di 24.11.2026 06:00` (German).
    pub fn day_time(self, t: chrono::NaiveDateTime) -> String {
        use chrono::Datelike;
        match self.language {
            Language::En if !self.month_first => t.format("%a %-d %b %Y %H:%M").to_string(),
            _ => format!(
                "{} {} {}",
                self.weekday(t.weekday()),
                self.date(t.date()),
                t.format("%H:%M")
            ),
        }
    }

    /// A day and time without the year, for a chart's time axis: `Tue 24 Nov 06:00`
    /// (English), `Tue 11/24 06:00` (English in the United States), `Sal 24.11. 06:00`
    /// (Turkish), `Di 24.11. 06:00` (German).
    pub fn day_time_short(self, t: chrono::NaiveDateTime) -> String {
        use chrono::Datelike;
        let day = match (self.language, self.month_first) {
            (Language::En, false) => return t.format("%a %-d %b %H:%M").to_string(),
            (Language::En, true) => t.format("%m/%d").to_string(),
            _ => t.format("%d.%m.").to_string(),
        };
        format!("{} {day} {}", self.weekday(t.weekday()), t.format("%H:%M"))
    }

    /// A weekday's short name (`Mon`, `Pzt`, `Mo`).
    pub fn weekday(self, d: chrono::Weekday) -> String {
        self.t(&format!("day-{}", crate::calendar::weekday_name(d)))
    }

    /// A month's name (`November`, `Kasım`, `November`).
    pub fn month(self, month: u32) -> String {
        self.t(&format!("month-{month}"))
    }
}

/// A message to be said in the plant's language later: a Fluent key with its variables,
/// each itself a message (a phrase such as what a value should be) or text said as is (a
/// name, a number, a value from the file). The config's findings are these, so that
/// `takt check` prints them in English and a form shows them at its fields in the plant's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Text said as is in every language.
    Plain(String),
    /// A Fluent message and its variables.
    Key(&'static str, Vec<(&'static str, Message)>),
}

impl Message {
    /// Message `key`, its variables to follow ([`Message::with`]).
    pub fn key(key: &'static str) -> Message {
        Message::Key(key, Vec::new())
    }

    /// With variable `name` (a message, or text said as is).
    pub fn with(mut self, name: &'static str, value: impl Into<Message>) -> Message {
        if let Message::Key(_, args) = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    /// The message in language `l`.
    pub fn text(&self, l: Locale) -> String {
        match self {
            Message::Plain(s) => s.clone(),
            Message::Key(key, args) => {
                let args: Vec<(&str, Arg)> = args.iter().map(|(k, v)| (*k, Arg::Text(v.text(l)))).collect();
                l.t_with(key, &args)
            }
        }
    }

    /// The keys it names, its variables' included.
    pub fn keys(&self) -> Vec<&'static str> {
        match self {
            Message::Plain(_) => Vec::new(),
            Message::Key(key, args) => std::iter::once(*key)
                .chain(args.iter().flat_map(|(_, v)| v.keys()))
                .collect(),
        }
    }
}

/// The message in English (`takt check`, the log, a CLI's error).
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Locale::EN))
    }
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::Plain(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::Plain(s.to_string())
    }
}

impl From<&String> for Message {
    fn from(s: &String) -> Self {
        Message::Plain(s.clone())
    }
}

macro_rules! plain_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Message {
            fn from(n: $t) -> Self {
                Message::Plain(n.to_string())
            }
        }
    )*};
}
plain_number!(u8, u16, u32, u64, usize, i64);

/// A value for a message's variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text.
    Text(String),
    /// A number (plural rules choose by it).
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<f64> for Arg {
    fn from(n: f64) -> Self {
        Arg::Number(n)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(n as f64)
    }
}

fn bundle(language: Language) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = Language::ALL.iter().position(|l| *l == language).unwrap_or(0);
    BUNDLES[i].get_or_init(|| {
        let id: unic_langid::LanguageIdentifier = language.code().parse().unwrap_or_default();
        let mut b = FluentBundle::new_concurrent(vec![id]);
        // Plain text: no Unicode isolation marks around variables (they would show in
        // the PDF and the terminal).
        b.set_use_isolating(false);
        // A file that does not parse keeps the messages it could read (a test keeps
        // every file whole).
        let resource = FluentResource::try_new(language.ftl().to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = b.add_resource(resource);
        b
    })
}

/// The message keys a Fluent file defines, in order.
pub fn keys(ftl: &str) -> Vec<&str> {
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_in_every_language_and_every_file_parses() {
        let en = keys(Language::En.ftl());
        assert!(en.len() > 10, "{en:?}");
        for lang in Language::ALL {
            let text = lang.ftl();
            if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
                panic!("{}.ftl does not parse: {errors:?}", lang.code());
            }
            let these = keys(text);
            let missing: Vec<&&str> = en.iter().filter(|k| !these.contains(k)).collect();
            let extra: Vec<&&str> = these.iter().filter(|k| !en.contains(k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}.ftl: missing {missing:?}, not in en.ftl {extra:?}",
                lang.code()
            );
            let mut sorted = these.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), these.len(), "{}.ftl defines a key twice", lang.code());
            for key in &these {
                let mut errors = Vec::new();
                let b = bundle(lang);
                let p = b.get_message(key).and_then(|m| m.value());
                assert!(p.is_some(), "{}.ftl: {key} has no value", lang.code());
                let _ = b.format_pattern(p.unwrap_or_else(|| unreachable!()), None, &mut errors);
                let unresolved = errors.iter().any(|e| {
                    !matches!(
                        e,
                        fluent_bundle::FluentError::ResolverError(fluent_bundle::resolver::ResolverError::Reference(_))
                    )
                });
                assert!(!unresolved, "{}.ftl: {key}: {errors:?}", lang.code());
            }
        }
    }

    #[test]
    fn dates_and_numbers_are_written_the_plants_way() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
        let tr = Locale::parse("tr_TR.UTF-8").unwrap();
        let de = Locale::parse("de-AT").unwrap();
        let us = Locale::parse("en-US").unwrap();
        let gb = Locale::parse("en").unwrap();
        assert_eq!(
            (tr.date(d), de.date(d), us.date(d), gb.date(d)),
            (
                "26.11.2026".into(),
                "26.11.2026".into(),
                "11/26/2026".into(),
                "26/11/2026".into()
            )
        );
        let t = d.and_hms_opt(6, 5, 0).unwrap_or_default();
        assert_eq!(
            [tr, de, us, gb].map(|l| l.day_time_short(t)),
            [
                "Per 26.11. 06:05",
                "Do 26.11. 06:05",
                "Thu 11/26 06:05",
                "Thu 26 Nov 06:05"
            ]
            .map(String::from)
        );
        assert_eq!(tr.percent(0.789, 1), "%78,9");
        assert_eq!(de.percent(0.789, 1), "78,9\u{a0}%");
        assert_eq!(us.percent(0.789, 1), "78.9 %");
        assert_eq!(de.number(12345.67, 1), "12.345,7");
        assert_eq!(us.number(-1234567.0, 0), "-1,234,567");
        assert_eq!(us.number(-0.01, 1), "0.0");
        assert_eq!(tr.number(f64::NAN, 1), "–");
        assert!(Locale::parse("fr").unwrap_err().contains("\"en\", \"tr\" or \"de\""));
        assert_eq!(Locale::or_english(Some("C.UTF-8")), Locale::EN);
        assert_eq!(Locale::or_english(None).tag(), "en");
    }

    #[test]
    fn a_message_reads_in_each_language_with_its_variables() {
        let words: Vec<String> = Language::ALL
            .iter()
            .map(|l| {
                Locale {
                    language: *l,
                    month_first: false,
                }
                .t("page-settings")
            })
            .collect();
        assert_eq!(words, ["Settings", "Ayarlar", "Einstellungen"]);
        assert_eq!(Locale::EN.t("no-such-key"), "no-such-key");
    }
}
