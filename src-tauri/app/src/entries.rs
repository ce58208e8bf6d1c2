//! Operator entries, shared by the Stops page and `takt stops`: which machine an id and
//! which stop a time names, and the checks made before a reason, a split or scrap is
//! written (the caller then writes through the store's writer). Nothing recorded is rewritten: a reason is an
//! assignment keyed by the stop's start (a later one corrects it), a split a row of its
//! own, after which each part takes its own reason (see the store's `reason_assignment`
//! and `stop_split`).

use takt_core::api::{ApiError, StopRow};
use takt_core::config::{Config, Machine, ReasonKind, did_you_mean};
use takt_core::i18n::{Locale, Message};
use takt_core::ids::MachineId;
use takt_core::kpi::StopKind;
use takt_core::model::{MachineState, ScrapEntry, StateInterval};
use takt_core::time::Ts;
use takt_store::{Reader, StoreError, WriterHandle};

use crate::reports::{self, Query};

/// Why an entry was refused.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    /// The machine is not in the config.
    #[error("no machine \"{0}\" in the config{1}")]
    NoMachine(String, Hint),
    /// The code is not a downtime or planned reason.
    #[error("\"{0}\" is not a downtime or planned reason of the config{1}")]
    NotAStopReason(String, Hint),
    /// The machine was not stopped then.
    #[error("{machine} was not stopped at {at}: expected a time inside one of its stops (see `takt report downtime`)")]
    NoStop {
        /// The machine.
        machine: String,
        /// The time given, plant-local.
        at: String,
    },
    /// A split outside the stop, or too near one of its ends.
    #[error("expected a time inside the stop, between {from} and {to}")]
    OutsideStop {
        /// A second after the stop's start, plant-local.
        from: String,
        /// A second before its end, plant-local.
        to: String,
    },
    /// The code is not a scrap reason.
    #[error("\"{0}\" is not a scrap reason of the config{1}")]
    NotAScrapReason(String, Hint),
    /// The product is not in the config.
    #[error("\"{0}\" is not a product of the config{1}")]
    NoProduct(String, Hint),
    /// Scrap of no parts, or of more than any machine makes.
    #[error("expected from 1 to {max} parts, got {0}", max = takt_core::import::MAX_COUNT)]
    NoQuantity(u64),
    /// The store said no.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EntryError {
    /// The field of the entry the error is about, for the form that sent it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            EntryError::NoMachine(..) => Some("machine"),
            EntryError::NotAStopReason(..) | EntryError::NotAScrapReason(..) => Some("reason"),
            EntryError::NoStop { .. } | EntryError::OutsideStop { .. } => Some("at"),
            EntryError::NoProduct(..) => Some("product"),
            EntryError::NoQuantity(_) => Some("quantity"),
            EntryError::Store(_) => None,
        }
    }
}

/// A name like the one given that the config knows, said as ` (did you mean "x"?)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint(Option<String>);

impl std::fmt::Display for Hint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(s) => write!(f, " (did you mean \"{s}\"?)"),
            None => Ok(()),
        }
    }
}

impl Hint {
    fn message(&self) -> Message {
        takt_core::config::like(self.0.as_deref())
    }
}

fn hint<'a>(given: &str, known: impl Iterator<Item = &'a str>) -> Hint {
    Hint(did_you_mean(given, known).map(str::to_string))
}

impl EntryError {
    /// What is wrong, in language `l` (English as `Display` has it).
    pub fn message_in(&self, l: Locale) -> String {
        let m = match self {
            EntryError::NoMachine(id, h) => Message::key("entry-no-machine")
                .with("machine", id)
                .with("hint", h.message()),
            EntryError::NotAStopReason(code, h) => Message::key("entry-not-a-stop-reason")
                .with("reason", code)
                .with("hint", h.message()),
            EntryError::NotAScrapReason(code, h) => Message::key("entry-not-a-scrap-reason")
                .with("reason", code)
                .with("hint", h.message()),
            EntryError::NoProduct(id, h) => Message::key("entry-no-product")
                .with("product", id)
                .with("hint", h.message()),
            EntryError::NoStop { machine, at } => Message::key("entry-no-stop").with("machine", machine).with("at", at),
            EntryError::OutsideStop { from, to } => {
                Message::key("entry-outside-stop").with("from", from).with("to", to)
            }
            EntryError::NoQuantity(n) => Message::key("entry-no-quantity")
                .with("max", takt_core::import::MAX_COUNT)
                .with("got", *n),
            EntryError::Store(e) => Message::Plain(e.to_string()),
        };
        m.text(l)
    }
}

/// The machine with this id.
pub fn machine<'c>(c: &'c Config, id: &str) -> Result<&'c Machine, EntryError> {
    c.machine(id)
        .ok_or_else(|| EntryError::NoMachine(id.to_owned(), hint(id, c.machines.iter().map(|m| m.id.as_str()))))
}

/// The machines these ids name, in the order given, each once; every configured machine
/// when none is given.
pub fn machines(c: &Config, given: &[String]) -> Result<Vec<MachineId>, EntryError> {
    if given.is_empty() {
        return Ok(c.machines.iter().map(|m| m.id.clone()).collect());
    }
    let mut out: Vec<MachineId> = Vec::new();
    for g in given {
        let m = machine(c, g)?;
        if !out.contains(&m.id) {
            out.push(m.id.clone());
        }
    }
    Ok(out)
}

/// Scrap as an operator enters it, checked: at least one part, a scrap reason of the
/// config (or none), a product of the config (or none).
pub fn scrap(
    c: &Config,
    t: Ts,
    quantity: u64,
    reason: Option<&str>,
    product: Option<&str>,
) -> Result<ScrapEntry, EntryError> {
    // The import's bound: a store's sums stay exact, and a typo of 2^64 - 1 is no scrap.
    if quantity == 0 || quantity > takt_core::import::MAX_COUNT {
        return Err(EntryError::NoQuantity(quantity));
    }
    let reason = match reason {
        None => None,
        Some(code) => match c.reason(code) {
            Some(r) if r.kind == ReasonKind::Scrap => Some(r.code.clone()),
            _ => {
                let known = c.reasons.iter().filter(|r| r.kind == ReasonKind::Scrap);
                return Err(EntryError::NotAScrapReason(
                    code.to_owned(),
                    hint(code, known.map(|r| r.code.as_str())),
                ));
            }
        },
    };
    let product =
        match product {
            None => None,
            Some(id) => Some(c.product(id).map(|p| p.id.clone()).ok_or_else(|| {
                EntryError::NoProduct(id.to_owned(), hint(id, c.products.iter().map(|p| p.id.as_str())))
            })?),
        };
    Ok(ScrapEntry {
        t,
        quantity,
        reason,
        product,
    })
}

/// The stop of `m` that `at` falls in (`start <= at < end`), as the reports see it: with
/// the operators' splits applied, so it is the part of a split stop.
pub fn stop_at(c: &Config, reader: &Reader, m: &Machine, at: Ts) -> Result<StateInterval, EntryError> {
    reader
        .intervals(&m.id, at, Ts(at.0 + 1))?
        .into_iter()
        .find(|i| i.start <= at && at < i.end && matches!(i.state, MachineState::Down | MachineState::Planned))
        .ok_or_else(|| EntryError::NoStop {
            machine: m.id.to_string(),
            at: at.rfc3339(c.plant.timezone),
        })
}

/// Checks that `code` is a downtime or planned reason of the config (a planned one marks
/// the stop planned; a scrap reason is for parts, not stops).
pub fn stop_reason(c: &Config, code: &str) -> Result<(), EntryError> {
    match c.reason(code) {
        Some(r) if r.kind != ReasonKind::Scrap => Ok(()),
        _ => {
            let known = c
                .reasons
                .iter()
                .filter(|r| r.kind != ReasonKind::Scrap)
                .map(|r| r.code.as_str());
            Err(EntryError::NotAStopReason(code.to_owned(), hint(code, known)))
        }
    }
}

/// Checks that a split of `stop` at `at` leaves both parts at least a second long.
pub fn check_split(c: &Config, stop: &StateInterval, at: Ts) -> Result<(), EntryError> {
    if at.0 < stop.start.0 + 1000 || at.0 > stop.end.0 - 1000 {
        let local = |t: i64| Ts(t).to_local(c.plant.timezone).format("%Y-%m-%d %H:%M:%S").to_string();
        return Err(EntryError::OutsideStop {
            from: local(stop.start.0 + 1000),
            to: local(stop.end.0 - 1000),
        });
    }
    Ok(())
}

/// The stops of the Stops page, newest first: those of the downtime report, a stop a
/// break cut in parts shown once per kind, each reason with the operator who gave it at a
/// tablet, for every machine of the config. With `page.uncoded`, only the stops of at
/// least `microstop_s` with no reason yet (never a break: a break is its own reason). The
/// window's Stops page and the display's tablets both ask this.
pub fn page(
    config: &Config,
    reader: &Reader,
    page: &takt_core::api::StopsQuery,
    now: Ts,
) -> Result<Vec<StopRow>, StoreError> {
    let q = Query {
        from: page.from,
        to: page.to,
        machines: config.machines.iter().map(|m| m.id.clone()).collect(),
        by: None,
        now,
    };
    let (q, uncoded) = (&q, page.uncoded);
    let mut rows: Vec<StopRow> = Vec::new();
    for d in reports::downtime(config, reader, q)? {
        let s = d.stop;
        if uncoded && (s.kind != StopKind::Down || s.reason.is_some()) {
            continue;
        }
        let len = s.end.since(s.start) as f64 / 1000.0;
        let machine = d.machine.to_string();
        if let Some(r) = rows
            .iter_mut()
            .rev()
            .find(|r| r.machine == machine && r.stop_start == s.stop_start && r.kind == s.kind)
        {
            r.end = r.end.max(s.end);
            r.duration_s += len;
            continue;
        }
        rows.push(StopRow {
            machine,
            stop_start: s.stop_start,
            start: s.start,
            end: s.end,
            reason: s.reason.map(|r| r.to_string()),
            kind: s.kind,
            duration_s: len,
            entered_by: None,
        });
    }
    // Who gave each reason, for the stops that have one.
    for m in &q.machines {
        let starts = rows
            .iter()
            .filter(|r| r.reason.is_some() && r.machine == m.as_str())
            .map(|r| r.stop_start);
        let (Some(first), Some(last)) = (starts.clone().min(), starts.max()) else {
            continue;
        };
        let by = reader.reasons_entered_by(m, first, Ts(last.0 + 1))?;
        for r in rows
            .iter_mut()
            .filter(|r| r.machine == m.as_str() && r.reason.is_some())
        {
            r.entered_by = by.iter().find(|(t, _)| *t == r.stop_start).and_then(|(_, b)| b.clone());
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.start));
    Ok(rows)
}

/// An operator entry as the window's forms (and the display's tablets) send it: what
/// [`enter`] checks and writes, in the process that records the database (the window
/// itself, or the service it is attached to: see [`crate::attach`]).
pub use takt_core::api::Entry;

fn api_error(e: &EntryError, l: Locale) -> Vec<ApiError> {
    vec![ApiError {
        field: e.field().map(Into::into),
        message: e.message_in(l),
    }]
}

fn store_error(e: impl std::fmt::Display) -> Vec<ApiError> {
    vec![ApiError::new(e.to_string())]
}

/// Checks `entry` against `config` and what `db` holds, then writes it through `writer`
/// (a writer of `db`) and waits until it is committed. Every problem names the form's
/// field it is about; nothing is written when there is one. Blocking (SQLite reads and
/// the writer's flush). `operator`: the `[[operator]]` who entered it at a tablet, stored
/// with a reason or scrap (the caller has checked their PIN).
pub fn enter(
    config: &Config,
    db: &std::path::Path,
    writer: &WriterHandle,
    entry: &Entry,
    operator: Option<&str>,
) -> Result<(), Vec<ApiError>> {
    let reader = || Reader::open(db).map_err(store_error);
    let l = crate::locale(Some(config));
    match entry {
        Entry::Reason(r) => {
            let m = machine(config, &r.machine).map_err(|e| api_error(&e, l))?;
            stop_reason(config, &r.reason).map_err(|e| api_error(&e, l))?;
            let stop = stop_at(config, &reader()?, m, r.stop_start).map_err(|e| api_error(&e, l))?;
            writer
                .assign_reason_by(&m.id, stop.start, &r.reason, "", operator)
                .map_err(store_error)?;
        }
        Entry::Split(s) => {
            let m = machine(config, &s.machine).map_err(|e| api_error(&e, l))?;
            let stop = stop_at(config, &reader()?, m, s.stop_start).map_err(|e| api_error(&e, l))?;
            check_split(config, &stop, s.at).map_err(|e| api_error(&e, l))?;
            writer.split_stop(&m.id, s.at).map_err(store_error)?;
        }
        Entry::Scrap(s) => {
            let m = machine(config, &s.machine).map_err(|e| api_error(&e, l))?;
            let entry = scrap(config, s.t, s.quantity, s.reason.as_deref(), s.product.as_deref())
                .map_err(|e| api_error(&e, l))?;
            writer.scrap_by(&m.id, entry, operator).map_err(store_error)?;
        }
        Entry::Maintenance(n) => {
            use crate::maintenance::{LogError, LogForm, check_log};
            let given = if n.duration_min.trim().is_empty() {
                "0"
            } else {
                n.duration_min.as_str()
            };
            let form = LogForm {
                machine: &n.machine,
                component: &n.component,
                kind: &n.kind,
                at: n.at,
                duration_min: (given.trim().parse().ok(), given),
                note: &n.note,
            };
            let (id, event) = check_log(config, &reader()?, crate::clock::now(), form).map_err(|e| match &e {
                LogError::Fields(fields) => fields
                    .iter()
                    .map(|(f, m)| ApiError {
                        field: Some((*f).to_string()),
                        message: format!("{f}: {}", m.text(l)),
                    })
                    .collect(),
                _ => vec![ApiError {
                    field: e.field().map(str::to_string),
                    message: e.message_in(l),
                }],
            })?;
            writer.maintenance(&id, event).map_err(store_error)?;
        }
    }
    writer.flush().map_err(store_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_entry_is_said_in_the_plants_language_and_in_english_as_takt_stops_says_it() {
        let c = Config::parse(
            "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[reason]]\ncode = \"mech/jam\"\nkind = \"downtime\"\n",
            "t.toml",
        )
        .unwrap()
        .config;
        let errors = [
            machine(&c, "press-1").unwrap_err(),
            stop_reason(&c, "mech/jan").unwrap_err(),
            scrap(&c, Ts(0), 0, None, None).unwrap_err(),
            EntryError::OutsideStop {
                from: "06:00:01".into(),
                to: "06:09:59".into(),
            },
        ];
        let (tr, de) = (Locale::parse("tr").unwrap(), Locale::parse("de").unwrap());
        for e in &errors {
            assert_eq!(e.message_in(Locale::EN), e.to_string());
            for l in [tr, de] {
                let said = e.message_in(l);
                assert_ne!(said, e.to_string(), "{said}");
                assert!(!said.contains("expected") && !said.contains("did you mean"), "{said}");
            }
        }
        // A maintenance event refused, the same way.
        use crate::maintenance::LogError;
        use takt_core::model::MaintenanceKind as K;
        let mut logs: Vec<LogError> = [K::Failure, K::Replacement, K::Service, K::Inspection]
            .into_iter()
            .map(|k| LogError::Duplicate {
                machine: "press-1".into(),
                component: "belt".into(),
                kind: k.with_article(),
                event: k,
                at: "2026-11-24T06:00:00+03:00".into(),
            })
            .collect();
        logs.push(LogError::Future {
            at: "2026-12-24T06:00:00+03:00".into(),
            now: "2026-11-24T06:00:00+03:00".into(),
        });
        let fields = takt_core::import::check_maintenance(&c, "press-9", "", "fix", (None, "x")).unwrap_err();
        assert_eq!(fields.len(), 4, "{fields:?}");
        logs.push(LogError::Fields(fields));
        for e in &logs {
            assert_eq!(e.message_in(Locale::EN), e.to_string());
            for l in [tr, de] {
                let said = e.message_in(l);
                assert!(!said.contains("expected") && !said.contains("already"), "{said}");
            }
        }
        // The suggestion and the values keep their place.
        let jam = errors[1].message_in(tr);
        assert!(jam.contains("\"mech/jan\"") && jam.contains("\"mech/jam\""), "{jam}");
    }
}
