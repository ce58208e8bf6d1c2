//! The history CSV formats (SPEC section 4), parsed and checked row by row.
//!
//! All rows are checked before anything is written: [`parse`] returns every row, or the
//! errors (up to [`MAX_ERRORS`]) each naming its line and column, what was expected and
//! what was found. Overlaps with history already stored are the store's to check.

use std::fmt;

use serde::Serialize;

use crate::config::{Config, ReasonKind};
use crate::i18n::{Locale, Message};
use crate::ids::{MachineId, ProductId, ReasonCode};
use crate::model::{MachineState, MaintenanceEvent, MaintenanceKind, ScrapEntry, StateInterval};
use crate::time::{Ts, parse_rfc3339};

/// Errors beyond this many are counted, not listed.
pub const MAX_ERRORS: usize = 20;

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `machine,start,end,state,reason`
    States,
    /// `machine,start,end,total,reject,product`
    Counts,
    /// `machine,time,quantity,reason,product`
    Scrap,
    /// `machine,component,time,kind,duration_min,note`
    Maintenance,
}

impl Kind {
    /// The header the file must start with.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::States => &["machine", "start", "end", "state", "reason"],
            Kind::Counts => &["machine", "start", "end", "total", "reject", "product"],
            Kind::Scrap => &["machine", "time", "quantity", "reason", "product"],
            Kind::Maintenance => &["machine", "component", "time", "kind", "duration_min", "note"],
        }
    }

    /// As on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::States => "states",
            Kind::Counts => "counts",
            Kind::Scrap => "scrap",
            Kind::Maintenance => "maintenance",
        }
    }
}

/// A problem with one line of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line in the file.
    pub line: u64,
    /// The column, when the problem is one value.
    pub column: Option<&'static str>,
    /// What was expected and what was found.
    pub message: String,
}

impl RowError {
    /// `FILE:LINE: column "end": expected ..., got "..."` (`FILE: ...` for line 0: the
    /// file as a whole).
    pub fn render(&self, file: &str) -> String {
        if self.line == 0 {
            return format!("{file}: {}", self.message);
        }
        match self.column {
            Some(c) => format!("{file}:{}: column \"{c}\": {}", self.line, self.message),
            None => format!("{file}:{}: {}", self.line, self.message),
        }
    }
}

/// Every problem found in a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors {
    /// The file name used in messages.
    pub file: String,
    /// The first [`MAX_ERRORS`] problems.
    pub errors: Vec<RowError>,
    /// How many more there were.
    pub more: usize,
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", e.render(&self.file))?;
        }
        if self.more > 0 {
            write!(f, "\n{}: and {} more errors", self.file, self.more)?;
        }
        Ok(())
    }
}

/// A `states` row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateRow {
    /// Line in the file.
    pub line: u64,
    /// Machine.
    pub machine: MachineId,
    /// The interval.
    pub interval: StateInterval,
}

/// A `counts` row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountsRow {
    /// Line in the file.
    pub line: u64,
    /// Machine.
    pub machine: MachineId,
    /// Start.
    pub start: Ts,
    /// End.
    pub end: Ts,
    /// Parts made.
    pub total: u64,
    /// Of which rejected.
    pub reject: u64,
    /// Product.
    pub product: Option<ProductId>,
}

/// A `scrap` row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScrapRow {
    /// Line in the file.
    pub line: u64,
    /// Machine.
    pub machine: MachineId,
    /// The entry.
    pub entry: ScrapEntry,
}

/// A `maintenance` row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaintenanceRow {
    /// Line in the file.
    pub line: u64,
    /// Machine.
    pub machine: MachineId,
    /// The event.
    pub event: MaintenanceEvent,
}

/// The checked rows of a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rows {
    /// `states`.
    States(Vec<StateRow>),
    /// `counts`.
    Counts(Vec<CountsRow>),
    /// `scrap`.
    Scrap(Vec<ScrapRow>),
    /// `maintenance`.
    Maintenance(Vec<MaintenanceRow>),
}

impl Rows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Rows::States(r) => r.len(),
            Rows::Counts(r) => r.len(),
            Rows::Scrap(r) => r.len(),
            Rows::Maintenance(r) => r.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Problems found so far: the first [`MAX_ERRORS`], and how many more.
#[derive(Default)]
pub(crate) struct Errors {
    pub(crate) list: Vec<RowError>,
    pub(crate) more: usize,
}

impl Errors {
    pub(crate) fn push(&mut self, line: u64, column: Option<&'static str>, message: String) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(RowError { line, column, message });
        } else {
            self.more += 1;
        }
    }

    /// `value` when nothing was found, else the problems of `file`.
    pub(crate) fn or<T>(self, file: &str, value: T) -> Result<T, ImportErrors> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(ImportErrors {
                file: file.to_string(),
                errors: self.list,
                more: self.more,
            })
        }
    }
}

/// One record with its line, for typed access to columns.
struct Record<'a> {
    line: u64,
    fields: &'a csv::StringRecord,
    columns: &'static [&'static str],
}

impl Record<'_> {
    fn get(&self, col: &'static str) -> &str {
        let i = self.columns.iter().position(|c| *c == col).unwrap_or(usize::MAX);
        self.fields.get(i).unwrap_or("").trim()
    }
}

/// The most parts (or scrapped parts) one row may hold: far beyond any machine, far below
/// what the store's sums could overflow on.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

/// The longest repair or service a maintenance row may say it took: a year.
pub const MAX_DURATION_MIN: f64 = 525_600.0;

/// How much of a value an error quotes.
const QUOTE_CHARS: usize = 80;

/// A value as an error quotes it: in quotes, cut to [`QUOTE_CHARS`] characters.
fn got(s: &str) -> String {
    if s.is_empty() {
        return "nothing".to_string();
    }
    let n = s.chars().count();
    if n <= QUOTE_CHARS {
        format!("{s:?}")
    } else {
        let cut: String = s.chars().take(QUOTE_CHARS).collect();
        format!("{cut:?}... ({} characters more)", n - QUOTE_CHARS)
    }
}

/// The machine an id names: else what is expected, with the nearest id of the config.
pub fn check_machine(config: &Config, s: &str) -> Result<MachineId, Message> {
    if config.machine(s).is_some()
        && let Ok(id) = MachineId::new(s)
    {
        return Ok(id);
    }
    let ids: Vec<&str> = config.machines.iter().map(|m| m.id.as_str()).collect();
    let hint = crate::config::like(crate::config::did_you_mean(s, ids.iter().copied()));
    Err(Message::key("import-no-machine")
        .with("got", got_in(s))
        .with("hint", hint))
}

/// A value as [`got`] quotes it, and nothing said in the language of the message.
fn got_in(s: &str) -> Message {
    if s.is_empty() {
        Message::key("import-nothing")
    } else {
        Message::Plain(got(s))
    }
}

/// Problems found in an entry's fields, each with the field (the CSV column) it is about
/// and what is wrong, to be said in English (an import's report) or the plant's language.
pub type FieldErrors = Vec<(&'static str, Message)>;

/// The checks of a maintenance entry's fields, made wherever one comes in (an imported
/// row, `takt maintenance log`, the Maintenance page's form): a machine of the config, a
/// component named, a known kind, a duration from 0 to [`MAX_DURATION_MIN`] minutes
/// (`None`: the duration given, `given`, is not a number). Each problem comes with the
/// field it is about (the CSV column).
pub fn check_maintenance(
    config: &Config,
    machine: &str,
    component: &str,
    kind_s: &str,
    duration_min: (Option<f64>, &str),
) -> Result<(MachineId, MaintenanceKind, f64), FieldErrors> {
    let mut errors = Vec::new();
    let machine = check_machine(config, machine)
        .map_err(|e| errors.push(("machine", e)))
        .ok();
    if component.trim().is_empty() {
        errors.push(("component", Message::key("import-no-component")));
    }
    let kind = MaintenanceKind::parse(kind_s);
    if kind.is_none() {
        errors.push((
            "kind",
            Message::key("import-maintenance-kind").with("got", got_in(kind_s)),
        ));
    }
    let duration = duration_min
        .0
        .filter(|d| d.is_finite() && (0.0..=MAX_DURATION_MIN).contains(d));
    if duration.is_none() {
        errors.push((
            "duration_min",
            Message::key("import-duration")
                .with("max", MAX_DURATION_MIN.to_string())
                .with("got", got_in(duration_min.1)),
        ));
    }
    match (machine, kind, duration) {
        (Some(m), Some(k), Some(d)) if errors.is_empty() => Ok((m, k, d)),
        _ => Err(errors),
    }
}

/// Checks that values parse; each failure is recorded against its column.
struct Check<'a, 'r> {
    rec: &'a Record<'r>,
    errors: &'a mut Errors,
    config: &'a Config,
    ok: bool,
}

impl Check<'_, '_> {
    fn fail(&mut self, col: &'static str, message: String) {
        self.errors.push(self.rec.line, Some(col), message);
        self.ok = false;
    }

    fn machine(&mut self) -> Option<MachineId> {
        check_machine(self.config, self.rec.get("machine"))
            .map_err(|e| self.fail("machine", e.text(Locale::EN)))
            .ok()
    }

    fn time(&mut self, col: &'static str) -> Option<Ts> {
        let s = self.rec.get(col);
        let t = parse_rfc3339(s);
        if t.is_none() {
            self.fail(
                col,
                format!(
                    "expected RFC 3339 time like \"2026-11-24T06:00:00+03:00\", got {}",
                    got(s)
                ),
            );
        }
        t
    }

    fn count(&mut self, col: &'static str) -> Option<u64> {
        let s = self.rec.get(col);
        let n = s.parse::<u64>().ok().filter(|n| *n <= MAX_COUNT);
        if n.is_none() {
            self.fail(
                col,
                format!("expected a whole number from 0 to {MAX_COUNT}, got {}", got(s)),
            );
        }
        n
    }

    fn reason(&mut self, allowed: &[ReasonKind]) -> Option<Option<ReasonCode>> {
        let s = self.rec.get("reason");
        if s.is_empty() {
            return Some(None);
        }
        match self.config.reason(s) {
            Some(r) if allowed.contains(&r.kind) => Some(Some(r.code.clone())),
            Some(r) => {
                let kinds: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
                self.fail(
                    "reason",
                    format!(
                        "expected a {} reason, got {} (a {} reason)",
                        kinds.join(" or "),
                        got(s),
                        r.kind.as_str()
                    ),
                );
                None
            }
            None => {
                let hint = crate::config::did_you_mean(s, self.config.reasons.iter().map(|r| r.code.as_str()))
                    .map(|m| format!(" (did you mean \"{m}\"?)"))
                    .unwrap_or_default();
                self.fail(
                    "reason",
                    format!(
                        "expected a reason code of the config's [[reason]] tree or nothing, got {}{hint}",
                        got(s)
                    ),
                );
                None
            }
        }
    }

    fn product(&mut self) -> Option<Option<ProductId>> {
        let s = self.rec.get("product");
        if s.is_empty() {
            return Some(None);
        }
        match self.config.product(s) {
            Some(p) => Some(Some(p.id.clone())),
            None => {
                let hint = crate::config::did_you_mean(s, self.config.products.iter().map(|p| p.id.as_str()))
                    .map(|m| format!(" (did you mean \"{m}\"?)"))
                    .unwrap_or_default();
                self.fail(
                    "product",
                    format!(
                        "expected a product id of the config's [[product]] list or nothing, got {}{hint}",
                        got(s)
                    ),
                );
                None
            }
        }
    }

    fn span(&mut self, start: Option<Ts>, end: Option<Ts>) -> Option<(Ts, Ts)> {
        let (s, e) = (start?, end?);
        if e <= s {
            self.fail(
                "end",
                format!(
                    "expected a time after start ({}), got {}",
                    self.rec.get("start"),
                    got(self.rec.get("end"))
                ),
            );
            return None;
        }
        Some((s, e))
    }
}

/// Parses and checks an import file. `progress` is called with the bytes read so far.
pub fn parse(
    kind: Kind,
    file: &str,
    text: &str,
    config: &Config,
    progress: &mut dyn FnMut(u64),
) -> Result<Rows, ImportErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Errors {
        list: Vec::new(),
        more: 0,
    };
    let columns = kind.columns();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = match kind {
        Kind::States => Rows::States(Vec::new()),
        Kind::Counts => Rows::Counts(Vec::new()),
        Kind::Scrap => Rows::Scrap(Vec::new()),
        Kind::Maintenance => Rows::Maintenance(Vec::new()),
    };
    let mut record = csv::StringRecord::new();
    let mut header_seen = false;
    let lines = LineIndex::new(text);
    loop {
        let byte = match next_record(&mut reader, &mut record, &lines, &mut errors) {
            Next::End => break,
            Next::Skip => continue,
            Next::At(byte) => byte,
        };
        let line = lines.line_of(byte);
        if line.is_multiple_of(4096) {
            progress(byte as u64);
        }
        if !header_seen {
            header_seen = true;
            let header: Vec<&str> = record.iter().map(str::trim).collect();
            if header.len() < columns.len() || header[..columns.len()] != *columns {
                errors.push(
                    line,
                    None,
                    format!("header: expected {}, got {}", columns.join(","), got(&header.join(","))),
                );
                break;
            }
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() < columns.len() {
            errors.push(
                line,
                None,
                format!(
                    "expected {} columns ({}), got {}",
                    columns.len(),
                    columns.join(","),
                    record.len()
                ),
            );
            continue;
        }
        let rec = Record {
            line,
            fields: &record,
            columns,
        };
        let mut c = Check {
            rec: &rec,
            errors: &mut errors,
            config,
            ok: true,
        };
        match &mut rows {
            Rows::States(out) => {
                let machine = c.machine();
                let (s, e) = (c.time("start"), c.time("end"));
                let span = c.span(s, e);
                let state_s = c.rec.get("state");
                let state = match MachineState::parse(state_s) {
                    Some(st @ (MachineState::Running | MachineState::Down | MachineState::Planned)) => Some(st),
                    _ => {
                        c.fail(
                            "state",
                            format!("expected running, down or planned, got {}", got(state_s)),
                        );
                        None
                    }
                };
                let reason = c.reason(&[ReasonKind::Downtime, ReasonKind::Planned]);
                if let (Some(st), Some(Some(r))) = (state, &reason)
                    && st == MachineState::Running
                {
                    c.fail(
                        "reason",
                        format!("expected no reason for a running interval, got \"{r}\""),
                    );
                }
                if let (true, Some(machine), Some((start, end)), Some(state), Some(reason)) =
                    (c.ok, machine, span, state, reason)
                {
                    out.push(StateRow {
                        line,
                        machine,
                        interval: StateInterval {
                            start,
                            end,
                            state,
                            reason,
                            fault_code: None,
                        },
                    });
                }
            }
            Rows::Counts(out) => {
                let machine = c.machine();
                let (s, e) = (c.time("start"), c.time("end"));
                let mut span = c.span(s, e);
                // Counts are spread minute by minute: a row across years is a typo.
                let max_days = config.plant.import_max_row_days;
                if let Some((a, b)) = span
                    && b.since(a) > i64::from(max_days) * crate::time::DAY_MS
                {
                    c.fail(
                        "end",
                        format!(
                            "expected a row of at most {max_days} days ([plant] import_max_row_days), got {:.0} days from {} to {}",
                            b.since(a) as f64 / crate::time::DAY_MS as f64,
                            got(c.rec.get("start")),
                            got(c.rec.get("end"))
                        ),
                    );
                    span = None;
                }
                let total = c.count("total");
                let reject = c.count("reject");
                if let (Some(t), Some(r)) = (total, reject)
                    && r > t
                {
                    c.fail(
                        "reject",
                        format!("expected no more rejects than the total ({t}), got {r}"),
                    );
                }
                let product = c.product();
                if let (true, Some(machine), Some((start, end)), Some(total), Some(reject), Some(product)) =
                    (c.ok, machine, span, total, reject, product)
                {
                    out.push(CountsRow {
                        line,
                        machine,
                        start,
                        end,
                        total,
                        reject,
                        product,
                    });
                }
            }
            Rows::Scrap(out) => {
                let machine = c.machine();
                let t = c.time("time");
                let quantity = c.count("quantity");
                if quantity == Some(0) {
                    c.fail("quantity", "expected at least 1, got 0".into());
                }
                let reason = c.reason(&[ReasonKind::Scrap]);
                let product = c.product();
                if let (true, Some(machine), Some(t), Some(quantity), Some(reason), Some(product)) =
                    (c.ok, machine, t, quantity, reason, product)
                {
                    out.push(ScrapRow {
                        line,
                        machine,
                        entry: ScrapEntry {
                            t,
                            quantity,
                            reason,
                            product,
                        },
                    });
                }
            }
            Rows::Maintenance(out) => {
                let component = c.rec.get("component").to_string();
                let t = c.time("time");
                let dur_s = c.rec.get("duration_min");
                let duration = if dur_s.is_empty() {
                    Some(0.0)
                } else {
                    dur_s.parse::<f64>().ok()
                };
                let checked = check_maintenance(
                    c.config,
                    c.rec.get("machine"),
                    &component,
                    c.rec.get("kind"),
                    (duration, dur_s),
                )
                .map_err(|errors| {
                    for (col, e) in errors {
                        c.fail(col, e.text(Locale::EN));
                    }
                })
                .ok();
                let note = c.rec.get("note").to_string();
                if let (true, Some((machine, kind, duration_min)), Some(t)) = (c.ok, checked, t) {
                    out.push(MaintenanceRow {
                        line,
                        machine,
                        event: MaintenanceEvent {
                            component,
                            t,
                            kind,
                            duration_min,
                            note,
                        },
                    });
                }
            }
        }
    }
    if !header_seen && errors.list.is_empty() {
        errors.push(
            1,
            None,
            format!("the file is empty: expected a header {}", columns.join(",")),
        );
    }
    check_overlaps_within(&rows, &mut errors);
    progress(text.len() as u64);
    errors.or(file, rows)
}

/// Line numbers from byte offsets.
/// What [`next_record`] read.
pub(crate) enum Next {
    /// The file's end, or CSV it cannot read past.
    End,
    /// A row that is not UTF-8 (its error recorded): the next one may be.
    Skip,
    /// A record, at this byte of the file.
    At(usize),
}

/// The next record of a CSV file, each problem recorded at its line (`not valid CSV`). The
/// csv crate counts lines wrongly with CRLF endings (Excel's), so a record's line is to be
/// counted from its byte offset ([`LineIndex::line_of`]).
pub(crate) fn next_record<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::StringRecord,
    lines: &LineIndex,
    errors: &mut Errors,
) -> Next {
    match reader.read_record(record) {
        Ok(false) => Next::End,
        Ok(true) => Next::At(record.position().map_or(0, |p| p.byte()) as usize),
        Err(e) => {
            let line = e.position().map_or(0, |p| lines.line_of(p.byte() as usize));
            errors.push(line, None, format!("not valid CSV: {e}"));
            if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                Next::Skip
            } else {
                Next::End
            }
        }
    }
}

pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        LineIndex {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// 1-based line of a record starting at a byte offset. With CRLF endings the csv
    /// crate reports the offset of the previous line's `\n`; line ends are skipped.
    pub(crate) fn line_of(&self, byte: usize) -> u64 {
        let byte = match self.starts.binary_search(&(byte + 1)) {
            Ok(_) => byte + 1,
            Err(_) => byte,
        };
        self.starts.partition_point(|&s| s <= byte) as u64
    }
}

/// Rows of one machine in one file must not overlap each other.
fn check_overlaps_within(rows: &Rows, errors: &mut Errors) {
    let mut spans: Vec<(&MachineId, Ts, Ts, u64)> = match rows {
        Rows::States(r) => r
            .iter()
            .map(|x| (&x.machine, x.interval.start, x.interval.end, x.line))
            .collect(),
        Rows::Counts(r) => r.iter().map(|x| (&x.machine, x.start, x.end, x.line)).collect(),
        _ => return,
    };
    spans.sort_by(|a, b| (a.0, a.1, a.3).cmp(&(b.0, b.1, b.3)));
    for w in spans.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.0 == b.0 && b.1 < a.2 {
            errors.push(
                b.3,
                Some("start"),
                format!(
                    "overlaps line {} of the same machine \"{}\": expected rows that do not overlap",
                    a.3, a.0
                ),
            );
        }
    }
    errors.list.sort_by_key(|e| e.line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let text = r#"
[plant]
name = "P"
timezone = "Europe/Istanbul"

[[reason]]
code = "mech/jam"
kind = "downtime"

[[reason]]
code = "scrap/burr"
kind = "scrap"

[[product]]
id = "a"
ideal_cycle_s = 1.0

[[machine]]
id = "press-1"
ideal_cycle_s = 1.0
connection = { modbus_tcp = "127.0.0.1:502" }
"#;
        Config::parse(text, "takt.toml").unwrap().config
    }

    fn errs(kind: Kind, text: &str) -> Vec<String> {
        match parse(kind, "h.csv", text, &config(), &mut |_| {}) {
            Ok(r) => panic!("expected errors, got {} rows", r.len()),
            Err(e) => e.errors.iter().map(|x| x.render("h.csv")).collect(),
        }
    }

    #[test]
    fn good_states() {
        let text = "machine,start,end,state,reason\n\
                    press-1,2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,running,\n\
                    press-1,2026-11-24T07:00:00+03:00,2026-11-24T07:10:00+03:00,down,mech/jam\n";
        let rows = parse(Kind::States, "h.csv", text, &config(), &mut |_| {}).unwrap();
        let Rows::States(r) = rows else { panic!() };
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].line, 3);
        assert_eq!(r[1].interval.reason.as_ref().unwrap().as_str(), "mech/jam");
    }

    #[test]
    fn the_spec_error_message() {
        let text = "machine,start,end,state,reason\npress-1,2026-11-24T06:00:00+03:00,24/11/2026,running,\n";
        assert_eq!(
            errs(Kind::States, text),
            vec![
                "h.csv:2: column \"end\": expected RFC 3339 time like \"2026-11-24T06:00:00+03:00\", got \"24/11/2026\""
            ]
        );
    }

    #[test]
    fn every_bad_value_is_named() {
        let text = "machine,start,end,total,reject,product\n\
                    press-2,2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,10,1,a\n\
                    press-1,2026-11-24T07:00:00+03:00,2026-11-24T06:00:00+03:00,10,1,a\n\
                    press-1,2026-11-24T08:00:00+03:00,2026-11-24T09:00:00+03:00,ten,11,b\n\
                    press-1,2026-11-24T09:00:00+03:00,2026-11-24T10:00:00+03:00,5,6,\n";
        assert_eq!(
            errs(Kind::Counts, text),
            vec![
                "h.csv:2: column \"machine\": expected the id of a [[machine]] in the config, got \"press-2\" (did you mean \"press-1\"?)",
                "h.csv:3: column \"end\": expected a time after start (2026-11-24T07:00:00+03:00), got \"2026-11-24T06:00:00+03:00\"",
                "h.csv:4: column \"total\": expected a whole number from 0 to 1000000000000, got \"ten\"",
                "h.csv:4: column \"product\": expected a product id of the config's [[product]] list or nothing, got \"b\"",
                "h.csv:5: column \"reject\": expected no more rejects than the total (5), got 6",
            ]
        );
    }

    #[test]
    fn wrong_header_and_wrong_reason_kind() {
        assert_eq!(
            errs(Kind::Scrap, "machine,when,quantity\n"),
            vec!["h.csv:1: header: expected machine,time,quantity,reason,product, got \"machine,when,quantity\""]
        );
        let text = "machine,time,quantity,reason,product\npress-1,2026-11-24T06:00:00+03:00,3,mech/jam,\n";
        assert_eq!(
            errs(Kind::Scrap, text),
            vec!["h.csv:2: column \"reason\": expected a scrap reason, got \"mech/jam\" (a downtime reason)"]
        );
    }

    #[test]
    fn overlapping_rows_in_one_file() {
        let text = "machine,start,end,state,reason\n\
                    press-1,2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,running,\n\
                    press-1,2026-11-24T06:30:00+03:00,2026-11-24T08:00:00+03:00,down,\n";
        assert_eq!(
            errs(Kind::States, text),
            vec![
                "h.csv:3: column \"start\": overlaps line 2 of the same machine \"press-1\": expected rows that do not overlap"
            ]
        );
    }

    #[test]
    fn too_many_errors_are_counted() {
        let mut text = String::from("machine,time,quantity,reason,product\n");
        for _ in 0..25 {
            text.push_str("x,now,0,,\n");
        }
        let e = parse(Kind::Scrap, "h.csv", &text, &config(), &mut |_| {}).unwrap_err();
        assert_eq!(e.errors.len(), MAX_ERRORS);
        assert_eq!(e.more, 25 * 3 - MAX_ERRORS);
        assert!(e.to_string().ends_with("h.csv: and 55 more errors"));
    }

    #[test]
    fn crlf_line_numbers_are_right() {
        // Regression: the csv crate reports CRLF records one line early.
        let text = "machine,start,end,state,reason\r\n\
                    press-1,2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,running,\r\n\
                    press-1,2026-11-24T07:00:00+03:00,24/11/2026,down,\r\n";
        let e = errs(Kind::States, text);
        assert!(e[0].starts_with("h.csv:3: column \"end\""), "{e:?}");
    }

    #[test]
    fn maintenance_rows_and_excel_bom() {
        let text = "\u{feff}machine,component,time,kind,duration_min,note\r\npress-1,main-bearing,2026-11-24T06:00:00+03:00,failure,45,\"noisy, then seized\"\r\n";
        let Rows::Maintenance(r) = parse(Kind::Maintenance, "m.csv", text, &config(), &mut |_| {}).unwrap() else {
            panic!()
        };
        assert_eq!(r[0].event.kind, MaintenanceKind::Failure);
        assert_eq!(r[0].event.note, "noisy, then seized");
        assert_eq!(r[0].event.duration_min, 45.0);
    }

    #[test]
    fn sizes_and_numbers_that_would_break_the_store_are_refused_at_their_line() {
        // Regression: a counts row across two thousand years allocated gigabytes; counts
        // and quantities beyond what SQLite's sums hold imported and broke every report.
        let counts = "machine,start,end,total,reject,product\n";
        let e = errs(
            Kind::Counts,
            &format!("{counts}press-1,0026-12-01T06:00:00+03:00,2026-12-01T07:00:00+03:00,10,0,\n"),
        );
        assert!(
            e[0].starts_with("h.csv:2: column \"end\": expected a row of at most 31 days"),
            "{e:?}"
        );
        let e = errs(
            Kind::Counts,
            &format!("{counts}press-1,2026-12-01T06:00:00+03:00,2026-12-01T07:00:00+03:00,9223372036854775807,0,\n"),
        );
        assert_eq!(
            e,
            vec![
                "h.csv:2: column \"total\": expected a whole number from 0 to 1000000000000, got \"9223372036854775807\""
            ]
        );
        let e = errs(
            Kind::Scrap,
            "machine,time,quantity,reason,product\npress-1,2026-11-24T06:00:00+03:00,18446744073709551615,,\n",
        );
        assert!(
            e[0].contains("column \"quantity\": expected a whole number from 0 to 1000000000000"),
            "{e:?}"
        );
        let e = errs(
            Kind::Maintenance,
            "machine,component,time,kind,duration_min,note\npress-1,b,2026-11-24T06:00:00+03:00,service,1e308,\n",
        );
        assert!(e[0].contains("expected minutes from 0 to 525600"), "{e:?}");
        // The largest allowed values import.
        let ok =
            format!("{counts}press-1,2026-12-01T06:00:00+03:00,2026-12-31T06:00:00+03:00,{MAX_COUNT},{MAX_COUNT},\n");
        assert!(parse(Kind::Counts, "h.csv", &ok, &config(), &mut |_| {}).is_ok());
    }

    #[test]
    fn a_huge_value_is_quoted_cut() {
        // Regression: a 5 MB field was echoed whole into the error.
        let huge = "x".repeat(5_000_000);
        let e = errs(
            Kind::States,
            &format!(
                "machine,start,end,state,reason\n{huge},2026-11-24T06:00:00+03:00,2026-11-24T07:00:00+03:00,running,\n"
            ),
        );
        assert!(e[0].len() < 300, "{} bytes", e[0].len());
        assert!(e[0].contains("(4999920 characters more)"), "{}", &e[0][..200]);
    }
}
