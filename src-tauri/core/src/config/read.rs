//! Walking `toml`'s spanned document tree: typed access to values with every problem
//! recorded at its line, and unknown keys reported with a suggestion.

use std::ops::Range;

use chrono::NaiveTime;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Diagnostic, Severity, did_you_mean, like};
use crate::i18n::{Locale, Message};

/// A spanned TOML value.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// Collects diagnostics while the sections are read.
pub(super) struct Reader<'s> {
    src: &'s str,
    line_starts: Vec<usize>,
    diagnostics: Vec<Diagnostic>,
    /// The byte offset each diagnostic was found at.
    offsets: Vec<usize>,
}

impl<'s> Reader<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Reader {
            src,
            line_starts,
            diagnostics: Vec::new(),
            offsets: Vec::new(),
        }
    }

    pub(super) fn src(&self) -> &'s str {
        self.src
    }

    /// 1-based line of a byte offset.
    pub(super) fn line(&self, span: &Range<usize>) -> usize {
        self.line_starts.partition_point(|&s| s <= span.start)
    }

    fn push(&mut self, span: &Range<usize>, severity: Severity, text: Message) {
        let line = self.line(span);
        let start = self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let column = self
            .src
            .get(start..span.start.max(start))
            .map_or(1, |s| s.chars().count() + 1);
        self.diagnostics.push(Diagnostic {
            line,
            column,
            path: String::new(),
            severity,
            message: text.text(Locale::EN),
            text,
        });
        self.offsets.push(span.start);
    }

    pub(super) fn error(&mut self, span: &Range<usize>, message: Message) {
        self.push(span, Severity::Error, message);
    }

    pub(super) fn warning(&mut self, span: &Range<usize>, message: Message) {
        self.push(span, Severity::Warning, message);
    }

    /// Names the key of every diagnostic by where in `root` it was found.
    pub(super) fn locate(&mut self, root: &DeTable<'_>) {
        for (d, &at) in self.diagnostics.iter_mut().zip(&self.offsets) {
            d.path = key_path(root, at);
        }
    }

    pub(super) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// The source text of a value, shortened, for "got ..." in messages.
    pub(super) fn got(&self, v: &Value<'_>) -> String {
        let text = self.src.get(v.span()).unwrap_or("?").trim();
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() > 40 {
            let cut: String = one_line.chars().take(37).collect();
            format!("{cut}...")
        } else {
            one_line
        }
    }
}

/// The keys of one table, taken one by one; whatever is left over is unknown.
pub(super) struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    /// How messages name this table: `[plant]`, `[[machine]] "press-1"`.
    pub(super) what: String,
    known: Vec<&'static str>,
}

impl<'t, 'i> Fields<'t, 'i> {
    pub(super) fn new(table: &'t DeTable<'i>, span: Range<usize>, what: impl Into<String>) -> Self {
        Fields {
            table,
            span,
            what: what.into(),
            known: Vec::new(),
        }
    }

    pub(super) fn span(&self) -> &Range<usize> {
        &self.span
    }

    /// Takes an optional key.
    pub(super) fn opt(&mut self, key: &'static str) -> Option<&'t Value<'i>> {
        self.known.push(key);
        self.table.get(key)
    }

    /// Takes a required key; its absence is an error naming what is expected.
    pub(super) fn req(&mut self, r: &mut Reader<'_>, key: &'static str, expected: Message) -> Option<&'t Value<'i>> {
        let v = self.opt(key);
        if v.is_none() {
            r.error(
                &self.span,
                Message::key("cfg-missing")
                    .with("what", &self.what)
                    .with("key", key)
                    .with("expected", expected),
            );
        }
        v
    }

    /// Reports keys that were never taken.
    pub(super) fn finish(self, r: &mut Reader<'_>) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.known.contains(&name) {
                continue;
            }
            let m = match did_you_mean(name, self.known.iter().copied()) {
                Some(s) => Message::key("cfg-unknown-key-like").with("like", s),
                None => Message::key("cfg-unknown-key").with("known", self.known.join(", ")),
            };
            r.error(&key.span(), m.with("what", &self.what).with("key", name));
        }
    }
}

fn kind(v: &DeValue<'_>) -> Message {
    Message::key(match v {
        DeValue::String(_) => "cfg-kind-string",
        DeValue::Integer(_) => "cfg-kind-integer",
        DeValue::Float(_) => "cfg-kind-number",
        DeValue::Boolean(_) => "cfg-kind-boolean",
        DeValue::Datetime(_) => "cfg-kind-datetime",
        DeValue::Array(_) => "cfg-kind-array",
        DeValue::Table(_) => "cfg-kind-table",
    })
}

impl Reader<'_> {
    fn wrong(&mut self, what: &str, key: &str, v: &Value<'_>, expected: Message) {
        let m = Message::key("cfg-wrong")
            .with("what", what)
            .with("key", key)
            .with("got", self.got(v))
            .with("kind", kind(v.get_ref()))
            .with("expected", expected);
        self.error(&v.span(), m);
    }

    /// A non-empty string.
    pub(super) fn string(&mut self, f: &Fields<'_, '_>, key: &str, v: &Value<'_>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
            _ => {
                self.wrong(&f.what, key, v, Message::key("cfg-expect-string"));
                None
            }
        }
    }

    /// A string that is one of `choices`.
    pub(super) fn choice<T: Copy>(
        &mut self,
        f: &Fields<'_, '_>,
        key: &str,
        v: &Value<'_>,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let names: Vec<String> = choices.iter().map(|c| format!("\"{}\"", c.0)).collect();
        let expected = one_of(&names);
        match v.get_ref() {
            DeValue::String(s) => {
                if let Some(c) = choices.iter().find(|c| c.0 == s.as_ref()) {
                    return Some(c.1);
                }
                let m = Message::key("cfg-not-one-of")
                    .with("what", &f.what)
                    .with("key", key)
                    .with("got", s.as_ref())
                    .with("expected", expected)
                    .with("hint", like(did_you_mean(s, choices.iter().map(|c| c.0))));
                self.error(&v.span(), m);
                None
            }
            _ => {
                self.wrong(&f.what, key, v, expected);
                None
            }
        }
    }

    /// An integer in `lo..=hi`; `of` is the message saying so (`cfg-int`: "a whole number
    /// from { $lo } to { $hi }", `cfg-int-days`: "a whole number of days ...").
    pub(super) fn int(
        &mut self,
        f: &Fields<'_, '_>,
        key: &str,
        v: &Value<'_>,
        lo: i64,
        hi: i64,
        of: &'static str,
    ) -> Option<i64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        match n {
            Some(n) if (lo..=hi).contains(&n) => Some(n),
            _ => {
                self.wrong(&f.what, key, v, Message::key(of).with("lo", lo).with("hi", hi));
                None
            }
        }
    }

    /// A finite number (integers accepted) for which `ok` holds; `expected` says which.
    pub(super) fn number(
        &mut self,
        f: &Fields<'_, '_>,
        key: &str,
        v: &Value<'_>,
        ok: fn(f64) -> bool,
        expected: Message,
    ) -> Option<f64> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(x) => x.as_str().parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && ok(n) => Some(n),
            _ => {
                self.wrong(&f.what, key, v, expected);
                None
            }
        }
    }

    /// A plant-local time of day `"HH:MM"`.
    pub(super) fn time_of_day(&mut self, f: &Fields<'_, '_>, key: &str, v: &Value<'_>) -> Option<NaiveTime> {
        if let DeValue::String(s) = v.get_ref()
            && s.len() == 5
            && let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M")
        {
            return Some(t);
        }
        self.wrong(&f.what, key, v, Message::key("cfg-expect-time-of-day"));
        None
    }

    /// A table (inline or not).
    pub(super) fn table<'v, 'i>(
        &mut self,
        what: &str,
        key: &str,
        v: &'v Value<'i>,
        expected: Message,
    ) -> Option<&'v DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong(what, key, v, expected);
                None
            }
        }
    }

    /// An array.
    pub(super) fn array<'v, 'i>(
        &mut self,
        what: &str,
        key: &str,
        v: &'v Value<'i>,
        expected: Message,
    ) -> Option<&'v [Value<'i>]> {
        match v.get_ref() {
            DeValue::Array(a) => Some(&a[..]),
            _ => {
                self.wrong(what, key, v, expected);
                None
            }
        }
    }
}

/// The path of the deepest key whose key or value holds the byte offset `at`
/// (`machine[3].connection.unit`), or "" when none does.
pub(super) fn key_path(root: &DeTable<'_>, at: usize) -> String {
    fn holds(span: &Range<usize>, at: usize) -> bool {
        span.start <= at && at < span.end
    }
    fn within(v: &Value<'_>, at: usize, path: &mut String) -> bool {
        match v.get_ref() {
            DeValue::Table(t) => within_table(t, at, path) || holds(&v.span(), at),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    if within(item, at, path) {
                        return true;
                    }
                    path.truncate(len);
                }
                holds(&v.span(), at)
            }
            _ => holds(&v.span(), at),
        }
    }
    fn within_table(t: &DeTable<'_>, at: usize, path: &mut String) -> bool {
        for (k, v) in t.iter() {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k.get_ref());
            // Tables of `[[machine]]` headers need not span their keys: look inside first.
            if holds(&k.span(), at) || within(v, at, path) {
                return true;
            }
            path.truncate(len);
        }
        false
    }
    let mut path = String::new();
    if within_table(root, at, &mut path) {
        path
    } else {
        String::new()
    }
}

/// `"a", "b" or "c"`.
pub(super) fn one_of(names: &[String]) -> Message {
    match names {
        [] => Message::Plain(String::new()),
        [one] => Message::Plain(one.clone()),
        [rest @ .., last] => Message::key("cfg-or").with("rest", rest.join(", ")).with("last", last),
    }
}
