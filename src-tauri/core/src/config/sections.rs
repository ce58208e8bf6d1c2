//! Reading each section of `takt.toml` into the typed config, then the checks that span
//! sections (duplicates, references, overlaps).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use toml::de::{DeTable, DeValue};

use super::read::{Fields, Reader, Value, one_of};
use super::*;
use crate::i18n::Message;
use crate::ids::{MachineId, PlantId, ProductId, ReasonCode};

/// What a `connection` table looks like, over TCP or a serial port.
const CONNECTION: &str =
    r#"{ modbus_tcp = "host:502", unit = 1 } or { modbus_rtu = "/dev/ttyUSB0", baud = 19200, unit = 1 }"#;

/// "a [plant] table": what a key holding a table should hold.
fn table_phrase(table: &'static str) -> Message {
    Message::key("cfg-expect-table").with("table", table)
}

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

pub(super) fn read_config(r: &mut Reader<'_>) -> Option<Config> {
    let (root, syntax) = DeTable::parse_recoverable(r.src());
    let config = read_root(r, &root, &syntax);
    r.locate(root.get_ref());
    config
}

fn read_root(r: &mut Reader<'_>, root: &toml::Spanned<DeTable<'_>>, syntax: &[toml::de::Error]) -> Option<Config> {
    for e in syntax {
        let span = e.span().unwrap_or(0..0);
        let msg = e.message().trim().replace('\n', " ");
        r.error(&span, Message::key("cfg-toml-syntax").with("error", msg));
    }
    // What follows a syntax error (keys cut off, tables missing) follows from it: the
    // syntax error is the one thing to fix.
    if !syntax.is_empty() {
        return None;
    }
    let root_span = root.span();
    let mut top = Fields::new(root.get_ref(), root_span, "top level");

    let plant = match top.opt("plant") {
        Some(v) => r
            .table("top level", "plant", v, table_phrase("[plant]"))
            .and_then(|t| read_plant(r, t, v.span())),
        None => {
            r.error(&(0..0), Message::key("cfg-missing-plant"));
            None
        }
    };
    let products = read_array(r, &mut top, "product", |r, t, span, _| read_product(r, t, span));
    let reasons = read_array(r, &mut top, "reason", |r, t, span, _| read_reason(r, t, span));
    let shifts = read_array(r, &mut top, "shift", |r, t, span, _| read_shift(r, t, span));
    let shift_names: Vec<String> = shifts.iter().map(|s| s.0.name.clone()).collect();
    let calendar = read_array(r, &mut top, "calendar", |r, t, span, _| {
        read_calendar(r, t, span, &shift_names)
    });
    let refs = Refs {
        reasons: &reasons,
        products: &products,
    };
    let report = match top.opt("report") {
        Some(v) => r
            .table("top level", "report", v, table_phrase("[report]"))
            .and_then(|t| read_report(r, t, v.span())),
        None => Some((ReportSettings::default(), ScheduleRefs::default())),
    };
    let smtp = top.opt("smtp").and_then(|v| {
        r.table("top level", "smtp", v, table_phrase("[smtp]"))
            .and_then(|t| read_smtp(r, t, v.span()))
    });
    let smtp_missing = top.opt("smtp").is_none();
    let log_level = top.opt("log").and_then(|v| {
        r.table("top level", "log", v, table_phrase("[log]")).and_then(|t| {
            let mut f = Fields::new(t, v.span(), "[log]");
            let level = f.opt("level").and_then(|v| {
                r.choice(
                    &f,
                    "level",
                    v,
                    &[
                        ("error", "error"),
                        ("warn", "warn"),
                        ("info", "info"),
                        ("debug", "debug"),
                        ("trace", "trace"),
                    ],
                )
            });
            f.finish(r);
            level
        })
    });
    let mqtt = top.opt("mqtt").and_then(|v| {
        r.table("top level", "mqtt", v, table_phrase("[mqtt]"))
            .and_then(|t| super::share::read_mqtt(r, t, v.span()))
    });
    let central = top.opt("central").and_then(|v| {
        r.table("top level", "central", v, table_phrase("[central]"))
            .and_then(|t| super::share::read_central(r, t, v.span()))
    });
    let display = top.opt("display").and_then(|v| {
        r.table("top level", "display", v, table_phrase("[display]"))
            .and_then(|t| super::share::read_display(r, t, v.span()))
    });
    let operators = read_array(r, &mut top, "operator", |r, t, span, _| {
        super::share::read_operator(r, t, span)
    });
    let backup = top.opt("backup").and_then(|v| {
        r.table("top level", "backup", v, table_phrase("[backup]"))
            .and_then(|t| read_backup(r, t, v.span()))
    });
    let had_machines = root.get_ref().contains_key("machine");
    let machines = read_array(r, &mut top, "machine", |r, t, span, _| read_machine(r, t, span, &refs));
    top.finish(r);

    // A duplicate is reported at its key, so its key path names the field.
    let at = |array: &str, span: &Range<usize>, key: &str| key_span(root.get_ref(), array, span, key);
    let spans = |array: &str, key: &str, items: Vec<(&str, &Range<usize>)>| -> Vec<(String, Range<usize>)> {
        items
            .into_iter()
            .map(|(n, s)| (n.to_string(), at(array, s, key)))
            .collect()
    };
    let unique = [
        (
            "cfg-what-product-id",
            spans(
                "product",
                "id",
                products.iter().map(|(p, s)| (p.id.as_str(), s)).collect(),
            ),
        ),
        (
            "cfg-what-reason-code",
            spans(
                "reason",
                "code",
                reasons.iter().map(|(x, s)| (x.code.as_str(), s)).collect(),
            ),
        ),
        (
            "cfg-what-shift-name",
            spans(
                "shift",
                "name",
                shifts.iter().map(|(x, s)| (x.name.as_str(), s)).collect(),
            ),
        ),
        (
            "cfg-what-operator-name",
            spans(
                "operator",
                "name",
                operators.iter().map(|(o, s)| (o.name.as_str(), s)).collect(),
            ),
        ),
        (
            "cfg-what-machine-id",
            spans(
                "machine",
                "id",
                machines.iter().map(|(m, s)| (m.id.as_str(), s)).collect(),
            ),
        ),
    ];
    for (what, items) in &unique {
        check_unique(r, what, items.iter().map(|(n, s)| (n.as_str(), s)));
    }
    check_buses(r, &machines);
    if let Some((_, refs)) = &report {
        for (id, span) in &refs.machines {
            if !machines.iter().any(|(m, _)| m.id.as_str() == id) {
                let known: Vec<String> = machines.iter().map(|(m, _)| format!("\"{}\"", m.id)).collect();
                r.error(
                    span,
                    Message::key("cfg-schedule-no-machine")
                        .with("machine", id)
                        .with("expected", one_of(&known)),
                );
            }
        }
        if smtp_missing && let Some(span) = &refs.email {
            r.error(span, Message::key("cfg-schedule-email-needs-smtp"));
        }
    }
    if display.is_none()
        && let Some((_, span)) = operators.first()
    {
        r.warning(span, Message::key("cfg-operator-no-display"));
    }
    check_unique_dates(r, &calendar);
    check_shift_overlaps(r, &shifts);
    check_calendar_overlaps(r, &calendar, &shifts);

    // A shift with an error is still a shift plan: no 24/7 warning over its error.
    if shifts.is_empty() && !root.get_ref().contains_key("shift") {
        r.warning(&(0..0), Message::key("cfg-no-shift"));
    }
    if machines.is_empty() && !had_machines {
        r.warning(&(0..0), Message::key("cfg-no-machine"));
    }

    let plant = plant?;
    let mqtt = mqtt.map(|m| m.finish(&plant));
    Some(Config {
        plant,
        shifts: shifts.into_iter().map(|x| x.0).collect(),
        products: products.into_iter().map(|x| x.0).collect(),
        calendar: calendar.into_iter().map(|x| x.0).collect(),
        reasons: reasons.into_iter().map(|x| x.0).collect(),
        machines: machines.into_iter().map(|x| x.0).collect(),
        report: report.map(|r| r.0).unwrap_or_default(),
        smtp,
        backup,
        log_level,
        mqtt,
        central,
        display,
        operators: operators.into_iter().map(|x| x.0).collect(),
    })
}

/// What the schedules name that is checked against other sections: machines (with the
/// span of each) and the first `email` (it needs `[smtp]`).
#[derive(Default)]
struct ScheduleRefs {
    machines: Vec<(String, Range<usize>)>,
    email: Option<Range<usize>>,
}

fn read_report(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<(ReportSettings, ScheduleRefs)> {
    let mut f = Fields::new(t, span, "[report]");
    let paper = match f.opt("paper") {
        Some(v) => r.choice(&f, "paper", v, &[("a4", Paper::A4), ("letter", Paper::Letter)]),
        None => Some(Paper::A4),
    };
    let mut refs = ScheduleRefs::default();
    let mut schedules = Vec::new();
    if let Some(v) = f.opt("schedule") {
        let expected = || Message::key("cfg-expect-schedules");
        for item in r.array("[report]", "schedule", v, expected()).unwrap_or_default() {
            if let Some(t) = r.table("[report]", "schedule", item, expected())
                && let Some(s) = read_schedule(r, t, item.span(), &mut refs)
            {
                schedules.push(s);
            }
        }
    }
    f.finish(r);
    Some((
        ReportSettings {
            paper: paper?,
            schedules,
        },
        refs,
    ))
}

/// A list of non-empty strings (`reports = ["oee"]`), each with its span.
fn strings(r: &mut Reader<'_>, f: &Fields<'_, '_>, key: &str, v: &Value<'_>) -> Option<Vec<(String, Range<usize>)>> {
    let items = r.array(&f.what, key, v, Message::key("cfg-expect-strings"))?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        match r.string(f, key, item) {
            Some(s) => out.push((s, item.span())),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_schedule(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>, refs: &mut ScheduleRefs) -> Option<Schedule> {
    let mut f = Fields::new(t, span.clone(), "[[report.schedule]]");
    let names: Vec<String> = crate::table::ReportKind::ALL
        .iter()
        .map(|k| format!("\"{}\"", k.as_str()))
        .collect();
    let reports = f
        .req(r, "reports", Message::key("cfg-expect-reports"))
        .and_then(|v| strings(r, &f, "reports", v))
        .and_then(|items| {
            if items.is_empty() {
                r.error(
                    &span,
                    Message::key("cfg-reports-empty")
                        .with("what", &f.what)
                        .with("expected", one_of(&names)),
                );
                return None;
            }
            let mut kinds = Vec::new();
            for (name, at) in items {
                match crate::table::ReportKind::parse(&name).filter(|k| crate::table::ReportKind::ALL.contains(k)) {
                    Some(k) => kinds.push(k),
                    None => r.error(
                        &at,
                        Message::key("cfg-no-report")
                            .with("what", &f.what)
                            .with("report", &name)
                            .with("expected", one_of(&names)),
                    ),
                }
            }
            Some(kinds)
        });
    let machines = match f.opt("machines") {
        Some(v) => strings(r, &f, "machines", v).map(|items| {
            items
                .into_iter()
                .filter_map(|(id, at)| {
                    refs.machines.push((id.clone(), at));
                    MachineId::new(id).ok()
                })
                .collect()
        }),
        None => Some(Vec::new()),
    };
    let at = f
        .req(r, "at", Message::key("cfg-expect-schedule-at"))
        .and_then(|v| match v.get_ref() {
            DeValue::String(s) if s.as_ref() == "shift-end" => Some(ScheduleAt::ShiftEnd),
            _ => {
                let t = NaiveTime::parse_from_str(v.get_ref().as_str().unwrap_or(""), "%H:%M").ok();
                if t.is_none() {
                    r.error(
                        &v.span(),
                        Message::key("cfg-schedule-at")
                            .with("what", &f.what)
                            .with("got", r.got(v)),
                    );
                }
                t.map(ScheduleAt::Daily)
            }
        });
    let folder = f
        .opt("folder")
        .map(|v| r.string(&f, "folder", v).map(std::path::PathBuf::from));
    let email_given = t.contains_key("email");
    let email = match f.opt("email") {
        Some(v) => strings(r, &f, "email", v).map(|items| {
            if refs.email.is_none() {
                refs.email = Some(v.span());
            }
            items
                .into_iter()
                .filter_map(|(a, at)| {
                    let ok = a
                        .split_once('@')
                        .is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !a.contains(char::is_whitespace));
                    if !ok {
                        r.error(
                            &at,
                            Message::key("cfg-email-address").with("what", &f.what).with("got", &a),
                        );
                    }
                    ok.then_some(a)
                })
                .collect::<Vec<_>>()
        }),
        None => Some(Vec::new()),
    };
    f.finish(r);
    let (folder, email) = (folder.map_or(Some(None), |f| f.map(Some))?, email?);
    if folder.is_none() && email.is_empty() && !email_given {
        r.error(&span, Message::key("cfg-schedule-nowhere"));
        return None;
    }
    Some(Schedule {
        reports: reports?,
        machines: machines?,
        at: at?,
        folder,
        email,
    })
}

fn read_backup(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<BackupPlan> {
    let mut f = Fields::new(t, span, "[backup]");
    let folder = f
        .req(r, "folder", Message::key("cfg-expect-backup-folder"))
        .and_then(|v| r.string(&f, "folder", v).map(std::path::PathBuf::from));
    let at = f
        .req(r, "at", Message::key("cfg-expect-local-time"))
        .and_then(|v| r.time_of_day(&f, "at", v));
    let keep = match f.opt("keep") {
        Some(v) => r.int(&f, "keep", v, 1, 3650, "cfg-int-copies").map(|n| n as u32),
        None => Some(7),
    };
    f.finish(r);
    Some(BackupPlan {
        folder: folder?,
        at: at?,
        keep: keep?,
    })
}

fn read_smtp(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Smtp> {
    let mut f = Fields::new(t, span.clone(), "[smtp]");
    if let Some(v) = f.opt("password") {
        r.error(&v.span(), Message::key("cfg-smtp-password"));
    }
    let host = f
        .req(r, "host", Message::key("cfg-expect-smtp-host"))
        .and_then(|v| r.string(&f, "host", v));
    let security = match f.opt("security") {
        Some(v) => r.choice(
            &f,
            "security",
            v,
            &[
                ("starttls", SmtpSecurity::StartTls),
                ("tls", SmtpSecurity::Tls),
                ("none", SmtpSecurity::None),
            ],
        ),
        None => Some(SmtpSecurity::StartTls),
    };
    let port = match f.opt("port") {
        Some(v) => r.int(&f, "port", v, 1, 65535, "cfg-int").map(|p| Some(p as u16)),
        None => Some(None),
    };
    let user = f.opt("user").map(|v| r.string(&f, "user", v));
    let password_env = f.opt("password_env").map(|v| r.string(&f, "password_env", v));
    let password_file = f
        .opt("password_file")
        .map(|v| r.string(&f, "password_file", v).map(std::path::PathBuf::from));
    let from = f
        .req(r, "from", Message::key("cfg-expect-smtp-from"))
        .and_then(|v| r.string(&f, "from", v));
    f.finish(r);
    let user = user.map_or(Some(None), |u| u.map(Some))?;
    let password_env = password_env.map_or(Some(None), |u| u.map(Some))?;
    let password_file = password_file.map_or(Some(None), |u| u.map(Some))?;
    if user.is_some() && password_env.is_none() && password_file.is_none() {
        r.error(&span, Message::key("cfg-smtp-user-password"));
        return None;
    }
    let security = security?;
    Some(Smtp {
        host: host?,
        port: port?.unwrap_or(match security {
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        }),
        security,
        user,
        password_env,
        password_file,
        from: from?,
    })
}

/// Reads an array of tables (`[[key]]`), keeping each element's span.
fn read_array<'i, T>(
    r: &mut Reader<'_>,
    top: &mut Fields<'_, 'i>,
    key: &'static str,
    mut each: impl FnMut(&mut Reader<'_>, &DeTable<'i>, Range<usize>, usize) -> Option<T>,
) -> Vec<(T, Range<usize>)> {
    let Some(v) = top.opt(key) else {
        return Vec::new();
    };
    let expected = || Message::key("cfg-expect-tables").with("table", format!("[[{key}]]"));
    let Some(items) = r.array("top level", key, v, expected()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(t) = r.table("top level", key, item, expected())
            && let Some(x) = each(r, t, item.span(), i)
        {
            out.push((x, item.span()));
        }
    }
    out
}

/// The span of `key`'s value in the `[[array]]` table at `item`, or `item` itself.
fn key_span(root: &DeTable<'_>, array: &str, item: &Range<usize>, key: &str) -> Range<usize> {
    let Some(DeValue::Array(items)) = root.get(array).map(|v| v.get_ref()) else {
        return item.clone();
    };
    items
        .iter()
        .find(|v| v.span() == *item)
        .and_then(|v| match v.get_ref() {
            DeValue::Table(t) => t.get(key).map(|k| k.span()),
            _ => None,
        })
        .unwrap_or_else(|| item.clone())
}

/// Reports a name given twice; `what` is the message naming what it names (`cfg-what-machine-id`).
fn check_unique<'a>(r: &mut Reader<'_>, what: &'static str, items: impl Iterator<Item = (&'a str, &'a Range<usize>)>) {
    let mut seen: HashMap<&str, &Range<usize>> = HashMap::new();
    for (name, span) in items {
        if let Some(first) = seen.get(name) {
            let first_line = r.line(first);
            r.error(
                span,
                Message::key("cfg-duplicate")
                    .with("what", Message::key(what))
                    .with("name", name)
                    .with("line", first_line),
            );
        } else {
            seen.insert(name, span);
        }
    }
}

fn read_plant(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Plant> {
    let mut f = Fields::new(t, span, "[plant]");
    let name = f
        .req(r, "name", Message::key("cfg-expect-plant-name"))
        .and_then(|v| r.string(&f, "name", v));
    let timezone = f
        .req(r, "timezone", Message::key("cfg-expect-timezone"))
        .and_then(|v| read_tz(r, &f, v));
    let microstop_s = match f.opt("microstop_s") {
        Some(v) => r.number(
            &f,
            "microstop_s",
            v,
            |x| (0.0..=3600.0).contains(&x),
            Message::key("cfg-expect-microstop"),
        ),
        None => Some(120.0),
    };
    let import_max_row_days = match f.opt("import_max_row_days") {
        Some(v) => r
            .int(&f, "import_max_row_days", v, 1, 3660, "cfg-int-days")
            .map(|n| n as u32),
        None => Some(31),
    };
    let maintenance_risk = match f.opt("maintenance_risk") {
        Some(v) => r.number(
            &f,
            "maintenance_risk",
            v,
            |x| x > 0.0 && x < 1.0,
            Message::key("cfg-expect-probability"),
        ),
        None => Some(crate::maintenance::DEFAULT_RISK),
    };
    let trend_days = match f.opt("trend_days") {
        Some(v) => r.int(&f, "trend_days", v, 1, 365, "cfg-int-days").map(|n| n as u32),
        None => Some(crate::condition::DEFAULT_TREND_DAYS),
    };
    let energy_price = match f.opt("energy_price") {
        Some(v) => r
            .number(
                &f,
                "energy_price",
                v,
                |x| (0.0..1e6).contains(&x),
                Message::key("cfg-expect-price"),
            )
            .map(Some),
        None => Some(None),
    };
    let id = match f.opt("id") {
        Some(v) => r.string(&f, "id", v).and_then(|s| match PlantId::new(s.as_str()) {
            Ok(id) => Some(Some(id)),
            Err(_) => {
                r.error(&v.span(), Message::key("cfg-plant-id").with("got", format!("{s:?}")));
                None
            }
        }),
        None => Some(None),
    };
    let language = match f.opt("language") {
        Some(v) => r
            .string(&f, "language", v)
            .and_then(|s| match crate::i18n::Locale::parse(&s) {
                Ok(l) => Some(Some(l)),
                Err(_) => {
                    r.error(&v.span(), Message::key("cfg-plant-language").with("got", s.as_str()));
                    None
                }
            }),
        None => Some(None),
    };
    f.finish(r);
    Some(Plant {
        language: language?,
        id: id?,
        name: name?,
        timezone: timezone?,
        microstop_s: microstop_s?,
        import_max_row_days: import_max_row_days?,
        maintenance_risk: maintenance_risk?,
        trend_days: trend_days?,
        energy_price: energy_price?,
    })
}

fn read_tz(r: &mut Reader<'_>, f: &Fields<'_, '_>, v: &Value<'_>) -> Option<Tz> {
    let DeValue::String(s) = v.get_ref() else {
        r.error(
            &v.span(),
            Message::key("cfg-timezone-not-string")
                .with("what", &f.what)
                .with("got", r.got(v)),
        );
        return None;
    };
    if let Ok(tz) = s.parse::<Tz>() {
        return Some(tz);
    }
    let hint = did_you_mean(s, chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()));
    r.error(
        &v.span(),
        Message::key("cfg-timezone-unknown")
            .with("what", &f.what)
            .with("got", s.as_ref())
            .with("hint", like(hint)),
    );
    None
}

fn read_shift(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Shift> {
    let name = match t.get("name").map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => format!("[[shift]] \"{s}\""),
        _ => "[[shift]]".to_string(),
    };
    let mut f = Fields::new(t, span.clone(), name);
    let name = f
        .req(r, "name", Message::key("cfg-expect-shift-name"))
        .and_then(|v| r.string(&f, "name", v));
    let start = f
        .req(r, "start", Message::key("cfg-expect-time"))
        .and_then(|v| r.time_of_day(&f, "start", v));
    let end = f
        .req(r, "end", Message::key("cfg-expect-time"))
        .and_then(|v| r.time_of_day(&f, "end", v));
    let days = match f.opt("days") {
        None => Some(DAYS.iter().map(|d| d.1).collect()),
        Some(v) => read_days(r, &f, v),
    };
    let breaks = match f.opt("breaks") {
        None => Some(Vec::new()),
        Some(v) => read_breaks(r, &f, v),
    };
    f.finish(r);
    let (start, end, breaks) = (start?, end?, breaks?);
    let shift = Shift {
        name: name?,
        start,
        end,
        days: days?,
        breaks,
    };
    // Breaks must lie inside the shift.
    let len = shift.nominal_minutes();
    let mut ok = true;
    for b in &shift.breaks {
        let offset = minutes_between(shift.start, b.start) % (24 * 60);
        if offset + i64::from(b.minutes) > len {
            r.error(
                &span,
                Message::key("cfg-break-outside-shift")
                    .with("shift", &shift.name)
                    .with("start", b.start.format("%H:%M").to_string())
                    .with("minutes", b.minutes)
                    .with("from", shift.start.format("%H:%M").to_string())
                    .with("to", shift.end.format("%H:%M").to_string()),
            );
            ok = false;
        }
    }
    ok.then_some(shift)
}

fn read_days(r: &mut Reader<'_>, f: &Fields<'_, '_>, v: &Value<'_>) -> Option<Vec<Weekday>> {
    let items = r.array(&f.what, "days", v, Message::key("cfg-expect-days"))?;
    if items.is_empty() {
        r.warning(&v.span(), Message::key("cfg-days-empty").with("what", &f.what));
    }
    let mut days = Vec::new();
    let mut ok = true;
    for item in items {
        match r.choice(f, "days", item, &DAYS) {
            Some(d) if !days.contains(&d) => days.push(d),
            Some(d) => {
                r.error(
                    &item.span(),
                    Message::key("cfg-day-twice")
                        .with("what", &f.what)
                        .with("day", day_name(d)),
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    ok.then_some(days)
}

fn day_name(d: Weekday) -> &'static str {
    DAYS.iter().find(|x| x.1 == d).map(|x| x.0).unwrap_or("?")
}

fn read_breaks(r: &mut Reader<'_>, f: &Fields<'_, '_>, v: &Value<'_>) -> Option<Vec<Break>> {
    let expected = || Message::key("cfg-expect-list").with("example", r#"[{ start = "09:00", minutes = 15 }]"#);
    let items = r.array(&f.what, "breaks", v, expected())?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(t) = r.table(&f.what, "breaks", item, expected()) else {
            ok = false;
            continue;
        };
        let mut bf = Fields::new(t, item.span(), format!("{} break", f.what));
        let start = bf
            .req(r, "start", Message::key("cfg-expect-time"))
            .and_then(|v| r.time_of_day(&bf, "start", v));
        let minutes = bf
            .req(r, "minutes", Message::key("cfg-expect-break-minutes"))
            .and_then(|v| r.int(&bf, "minutes", v, 1, 24 * 60, "cfg-int-minutes"));
        bf.finish(r);
        match (start, minutes) {
            (Some(start), Some(minutes)) => out.push(Break {
                start,
                minutes: minutes as u32,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_product(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Product> {
    let mut f = Fields::new(t, span, "[[product]]");
    let id = f.req(r, "id", Message::key("cfg-expect-product-id")).and_then(|v| {
        let s = r.string(&f, "id", v)?;
        match ProductId::new(&s) {
            Ok(id) => Some(id),
            Err(_) => {
                r.error(&v.span(), Message::key("cfg-product-id").with("got", format!("{s:?}")));
                None
            }
        }
    });
    if let Some(id) = &id {
        f.what = format!("[[product]] \"{id}\"");
    }
    let name = match f.opt("name") {
        Some(v) => r.string(&f, "name", v),
        None => id.as_ref().map(|i| i.to_string()),
    };
    let ideal = f.opt("ideal_cycle_s").map(|v| {
        r.number(
            &f,
            "ideal_cycle_s",
            v,
            |x| x > 0.0,
            Message::key("cfg-expect-ideal-cycle"),
        )
    });
    let cost = f
        .opt("unit_cost")
        .map(|v| r.number(&f, "unit_cost", v, |x| x >= 0.0, Message::key("cfg-expect-unit-cost")));
    f.finish(r);
    Some(Product {
        id: id?,
        name: name?,
        ideal_cycle_s: transpose(ideal)?,
        unit_cost: transpose(cost)?,
    })
}

/// `None` (absent) stays `Some(None)`; a present but invalid value is `None`.
fn transpose<T>(x: Option<Option<T>>) -> Option<Option<T>> {
    match x {
        None => Some(None),
        Some(Some(v)) => Some(Some(v)),
        Some(None) => None,
    }
}

fn read_reason(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Reason> {
    let mut f = Fields::new(t, span, "[[reason]]");
    let code = f.req(r, "code", Message::key("cfg-expect-reason-code")).and_then(|v| {
        let s = r.string(&f, "code", v)?;
        match ReasonCode::new(&s) {
            Ok(c) => Some(c),
            Err(_) => {
                r.error(&v.span(), Message::key("cfg-reason-code").with("got", format!("{s:?}")));
                None
            }
        }
    });
    if let Some(c) = &code {
        f.what = format!("[[reason]] \"{c}\"");
    }
    let name = match f.opt("name") {
        Some(v) => r.string(&f, "name", v),
        None => code.as_ref().map(|c| c.to_string()),
    };
    // A rework reason is a scrap reason whose parts are reworked: `kind = "rework"`.
    let kind = f.req(r, "kind", Message::key("cfg-expect-reason-kind")).and_then(|v| {
        r.choice(
            &f,
            "kind",
            v,
            &[
                ("downtime", (ReasonKind::Downtime, false)),
                ("scrap", (ReasonKind::Scrap, false)),
                ("rework", (ReasonKind::Scrap, true)),
                ("planned", (ReasonKind::Planned, false)),
            ],
        )
    });
    let rework = kind.is_some_and(|k| k.1);
    let kind = kind.map(|k| k.0);
    let loss_v = f.opt("loss");
    let loss = match (kind, loss_v) {
        (Some(ReasonKind::Scrap), Some(v)) if rework => {
            r.error(&v.span(), Message::key("cfg-loss-rework").with("what", &f.what));
            None
        }
        (Some(ReasonKind::Scrap), None) if rework => Some(Loss::Rework),
        (Some(ReasonKind::Downtime), Some(v)) => {
            r.choice(&f, "loss", v, &[("breakdown", Loss::Breakdown), ("setup", Loss::Setup)])
        }
        (Some(ReasonKind::Scrap), Some(v)) => r.choice(
            &f,
            "loss",
            v,
            &[("production", Loss::Production), ("startup", Loss::Startup)],
        ),
        (Some(ReasonKind::Planned), Some(v)) => {
            r.error(&v.span(), Message::key("cfg-loss-planned").with("what", &f.what));
            None
        }
        (Some(ReasonKind::Downtime), None) => Some(Loss::Breakdown),
        (Some(ReasonKind::Scrap), None) => Some(Loss::Production),
        (Some(ReasonKind::Planned), None) => Some(Loss::None),
        (None, _) => None,
    };
    f.finish(r);
    Some(Reason {
        code: code?,
        name: name?,
        kind: kind?,
        loss: loss?,
    })
}

fn read_calendar(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    span: Range<usize>,
    shift_names: &[String],
) -> Option<CalendarDay> {
    let mut f = Fields::new(t, span, "[[calendar]]");
    let date = f.req(r, "date", Message::key("cfg-expect-date")).and_then(|v| {
        let parsed = match v.get_ref() {
            DeValue::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
            DeValue::Datetime(d) => d
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))),
            _ => None,
        };
        if parsed.is_none() {
            r.error(&v.span(), Message::key("cfg-calendar-date").with("got", r.got(v)));
        }
        parsed
    });
    if let Some(d) = date {
        f.what = format!("[[calendar]] {d}");
    }
    let shifts = match f.opt("shifts") {
        None => Some(None),
        Some(v) => r
            .array(&f.what, "shifts", v, Message::key("cfg-expect-calendar-shifts"))
            .and_then(|items| {
                let mut names = Vec::new();
                let mut ok = true;
                for item in items {
                    match item.get_ref() {
                        DeValue::String(s) if shift_names.iter().any(|n| n == s.as_ref()) => names.push(s.to_string()),
                        DeValue::String(s) => {
                            let quoted: Vec<String> = shift_names.iter().map(|n| format!("\"{n}\"")).collect();
                            let hint = did_you_mean(s, shift_names.iter().map(|n| n.as_str()));
                            let expected = if quoted.is_empty() {
                                Message::key("cfg-expect-shift-none")
                            } else {
                                Message::key("cfg-expect-shift-of").with("names", one_of(&quoted))
                            };
                            r.error(
                                &item.span(),
                                Message::key("cfg-calendar-no-shift")
                                    .with("what", &f.what)
                                    .with("shift", s.as_ref())
                                    .with("expected", expected)
                                    .with("hint", like(hint)),
                            );
                            ok = false;
                        }
                        _ => {
                            r.error(
                                &item.span(),
                                Message::key("cfg-calendar-shift-item")
                                    .with("what", &f.what)
                                    .with("got", r.got(item)),
                            );
                            ok = false;
                        }
                    }
                }
                ok.then_some(Some(names))
            }),
    };
    let extra = match f.opt("extra") {
        None => Some(Vec::new()),
        Some(v) => {
            let expected =
                || Message::key("cfg-expect-list").with("example", r#"[{ start = "06:00", end = "12:00" }]"#);
            r.array(&f.what, "extra", v, expected()).and_then(|items| {
                let mut out = Vec::new();
                let mut ok = true;
                for item in items {
                    let Some(t) = r.table(&f.what, "extra", item, expected()) else {
                        ok = false;
                        continue;
                    };
                    let mut bf = Fields::new(t, item.span(), format!("{} extra", f.what));
                    let start = bf
                        .req(r, "start", Message::key("cfg-expect-time"))
                        .and_then(|v| r.time_of_day(&bf, "start", v));
                    let end = bf
                        .req(r, "end", Message::key("cfg-expect-time"))
                        .and_then(|v| r.time_of_day(&bf, "end", v));
                    bf.finish(r);
                    match (start, end) {
                        (Some(start), Some(end)) => out.push(TimeBlock { start, end }),
                        _ => ok = false,
                    }
                }
                ok.then_some(out)
            })
        }
    };
    f.finish(r);
    Some(CalendarDay {
        date: date?,
        shifts: shifts?,
        extra: extra?,
    })
}

fn check_unique_dates(r: &mut Reader<'_>, calendar: &[(CalendarDay, Range<usize>)]) {
    let dates: Vec<(String, &Range<usize>)> = calendar.iter().map(|(c, s)| (c.date.to_string(), s)).collect();
    check_unique(r, "cfg-what-calendar-date", dates.iter().map(|(d, s)| (d.as_str(), *s)));
}

/// Minute-of-week ranges `[start, end)` a shift occupies, from Monday 00:00.
fn week_ranges(s: &Shift) -> Vec<(i64, i64)> {
    let week = 7 * 24 * 60;
    let start_min = i64::from(chrono::Timelike::hour(&s.start)) * 60 + i64::from(chrono::Timelike::minute(&s.start));
    let len = s.nominal_minutes();
    let mut out = Vec::new();
    for d in &s.days {
        let a = i64::from(d.num_days_from_monday()) * 24 * 60 + start_min;
        let b = a + len;
        if b <= week {
            out.push((a, b));
        } else {
            out.push((a, week));
            out.push((0, b - week));
        }
    }
    out
}

fn fmt_week_minute(m: i64) -> String {
    let day = DAYS[((m / (24 * 60)) % 7) as usize].0;
    let rest = m % (24 * 60);
    format!("{day} {:02}:{:02}", rest / 60, rest % 60)
}

fn check_shift_overlaps(r: &mut Reader<'_>, shifts: &[(Shift, Range<usize>)]) {
    for (j, (b, b_span)) in shifts.iter().enumerate() {
        for (a, _) in &shifts[..j] {
            let overlap = week_ranges(a).into_iter().find_map(|x| {
                week_ranges(b).into_iter().find_map(|y| {
                    let lo = x.0.max(y.0);
                    let hi = x.1.min(y.1);
                    (lo < hi).then_some((lo, hi))
                })
            });
            if let Some((lo, hi)) = overlap {
                r.error(
                    b_span,
                    Message::key("cfg-shift-overlap")
                        .with("shift", &b.name)
                        .with("other", &a.name)
                        .with("from", fmt_week_minute(lo))
                        .with("to", fmt_week_minute(hi)),
                );
            }
        }
    }
}

/// Machines on one bus must be told apart by unit id, and machines on one serial port
/// must agree on how the port is set (it is one line).
fn check_buses(r: &mut Reader<'_>, machines: &[(Machine, Range<usize>)]) {
    for (j, (b, b_span)) in machines.iter().enumerate() {
        for (a, _) in &machines[..j] {
            if a.connection.bus() != b.connection.bus() {
                continue;
            }
            if a.connection.unit() == b.connection.unit() {
                r.error(
                    b_span,
                    Message::key("cfg-unit-taken")
                        .with("machine", b.id.to_string())
                        .with("bus", b.connection.bus())
                        .with("unit", b.connection.unit())
                        .with("other", a.id.to_string()),
                );
                break;
            }
            if let (
                Connection::Rtu {
                    baud,
                    parity,
                    data_bits,
                    stop_bits,
                    ..
                },
                Connection::Rtu {
                    baud: b2,
                    parity: p2,
                    data_bits: d2,
                    stop_bits: s2,
                    ..
                },
            ) = (&a.connection, &b.connection)
                && (baud, parity, data_bits, stop_bits) != (b2, p2, d2, s2)
            {
                r.error(
                    b_span,
                    Message::key("cfg-port-settings")
                        .with("machine", b.id.to_string())
                        .with("port", b.connection.bus())
                        .with("here", format!("{b2} {p2:?} {d2}{s2}"))
                        .with("there", format!("{baud} {parity:?} {data_bits}{stop_bits}"))
                        .with("other", a.id.to_string()),
                );
                break;
            }
        }
    }
}

/// Overtime blocks must not overlap each other or the shifts worked that day.
fn check_calendar_overlaps(
    r: &mut Reader<'_>,
    calendar: &[(CalendarDay, Range<usize>)],
    shifts: &[(Shift, Range<usize>)],
) {
    for (day, span) in calendar {
        let mut blocks: Vec<(Message, i64, i64)> = Vec::new();
        for (s, _) in shifts {
            let works = match &day.shifts {
                Some(list) => list.contains(&s.name),
                None => s.days.contains(&chrono::Datelike::weekday(&day.date)),
            };
            if works {
                let a = minute_of_day(s.start);
                let name = Message::key("cfg-block-shift").with("shift", &s.name);
                blocks.push((name, a, a + s.nominal_minutes()));
            }
        }
        for (i, e) in day.extra.iter().enumerate() {
            let a = minute_of_day(e.start);
            let b = a + minutes_between(e.start, e.end);
            if let Some(other) = blocks.iter().find(|x| x.1 < b && a < x.2) {
                r.error(
                    span,
                    Message::key("cfg-extra-overlap")
                        .with("date", day.date.to_string())
                        .with("from", e.start.format("%H:%M").to_string())
                        .with("to", e.end.format("%H:%M").to_string())
                        .with("other", other.0.clone()),
                );
            }
            blocks.push((Message::key("cfg-block-extra").with("n", i + 1), a, b));
        }
    }
}

fn minute_of_day(t: NaiveTime) -> i64 {
    i64::from(chrono::Timelike::hour(&t)) * 60 + i64::from(chrono::Timelike::minute(&t))
}

struct Refs<'a> {
    reasons: &'a [(Reason, Range<usize>)],
    products: &'a [(Product, Range<usize>)],
}

fn read_machine(r: &mut Reader<'_>, t: &DeTable<'_>, span: Range<usize>, refs: &Refs<'_>) -> Option<Machine> {
    let mut f = Fields::new(t, span.clone(), "[[machine]]");
    let id = f.req(r, "id", Message::key("cfg-expect-machine-id")).and_then(|v| {
        let s = r.string(&f, "id", v)?;
        match MachineId::new(&s) {
            Ok(id) => Some(id),
            Err(_) => {
                r.error(&v.span(), Message::key("cfg-machine-id").with("got", format!("{s:?}")));
                None
            }
        }
    });
    if let Some(id) = &id {
        f.what = format!("[[machine]] \"{id}\"");
    }
    let name = match f.opt("name") {
        Some(v) => r.string(&f, "name", v),
        None => id.as_ref().map(|i| i.to_string()),
    };
    let line = transpose(f.opt("line").map(|v| r.string(&f, "line", v)));
    let ideal = transpose(f.opt("ideal_cycle_s").map(|v| {
        r.number(
            &f,
            "ideal_cycle_s",
            v,
            |x| x > 0.0,
            Message::key("cfg-expect-ideal-cycle"),
        )
    }));
    let by_product = match f.opt("ideal_cycle_by_product") {
        None => Some(BTreeMap::new()),
        Some(v) => read_ideal_by_product(r, &f, v, refs),
    };
    let poll_ms = match f.opt("poll_ms") {
        None => Some(1000),
        Some(v) => r.int(&f, "poll_ms", v, 50, 3_600_000, "cfg-int-ms").map(|n| n as u32),
    };
    let stop_after_s = transpose(f.opt("stop_after_s").map(|v| {
        r.number(
            &f,
            "stop_after_s",
            v,
            |x| x > 0.0 && x <= 86_400.0,
            Message::key("cfg-expect-stop-after"),
        )
    }));
    let connection = f
        .req(r, "connection", Message::Plain(CONNECTION.into()))
        .and_then(|v| read_connection(r, &f, v));
    let signals = match f.opt("signals") {
        None => Some(Signals::default()),
        Some(v) => r
            .table(&f.what, "signals", v, table_phrase("[machine.signals]"))
            .and_then(|t| read_signals(r, &f.what, t, v.span(), refs)),
    };
    let maintenance = match f.opt("maintenance") {
        None => Some(Vec::new()),
        Some(v) => {
            let expected = || Message::key("cfg-expect-plans");
            r.array(&f.what, "maintenance", v, expected()).and_then(|items| {
                let mut ok = true;
                let mut out = Vec::new();
                for item in items {
                    match r
                        .table(&f.what, "maintenance", item, expected())
                        .and_then(|t| read_plan(r, &f.what, t, item.span()))
                    {
                        Some(p) => out.push(p),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            })
        }
    };
    f.finish(r);
    let signals = signals?;
    let (ideal, by_product) = (ideal?, by_product?);
    let machine = Machine {
        id: id?,
        name: name?,
        line: line?,
        ideal_cycle_s: ideal,
        ideal_cycle_by_product: by_product,
        poll_ms: poll_ms?,
        connection: connection?,
        signals,
        maintenance: maintenance?,
        stop_after_s: stop_after_s?,
    };
    if machine.signals.is_empty() {
        r.warning(
            &span,
            Message::key("cfg-no-signals").with("machine", machine.id.to_string()),
        );
    }
    let counts = machine.signals.total_count.is_some();
    if counts && machine.ideal_cycle_s.is_none() {
        let products: Vec<Product> = refs.products.iter().map(|p| p.0.clone()).collect();
        let every_product_has_one = machine.signals.product_code.as_ref().is_some_and(|pc| {
            !pc.codes.is_empty()
                && pc
                    .codes
                    .values()
                    .all(|p| machine.ideal_cycle(Some(p), &products).is_some())
        });
        if !every_product_has_one {
            r.error(
                &span,
                Message::key("cfg-no-ideal-cycle").with("machine", machine.id.to_string()),
            );
            return None;
        }
    }
    Some(machine)
}

fn read_ideal_by_product(
    r: &mut Reader<'_>,
    f: &Fields<'_, '_>,
    v: &Value<'_>,
    refs: &Refs<'_>,
) -> Option<BTreeMap<ProductId, f64>> {
    let t = r.table(
        &f.what,
        "ideal_cycle_by_product",
        v,
        Message::key("cfg-expect-ideal-by-product"),
    )?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    // Every key is a product id, checked below, so there are no unknown keys to report.
    let pf = Fields::new(t, v.span(), format!("{} ideal_cycle_by_product", f.what));
    for (key, value) in t.iter() {
        let k: &str = key.get_ref();
        match product_ref(r, refs, k, &key.span(), &pf.what) {
            Some(p) => match r.number(&pf, k, value, |x| x > 0.0, Message::key("cfg-expect-seconds-per-part")) {
                Some(x) => {
                    out.insert(p, x);
                }
                None => ok = false,
            },
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn product_ref(r: &mut Reader<'_>, refs: &Refs<'_>, id: &str, span: &Range<usize>, what: &str) -> Option<ProductId> {
    if let Some((p, _)) = refs.products.iter().find(|(p, _)| p.id.as_str() == id) {
        return Some(p.id.clone());
    }
    let hint = did_you_mean(id, refs.products.iter().map(|(p, _)| p.id.as_str()));
    r.error(
        span,
        Message::key("cfg-no-product")
            .with("what", what)
            .with("product", id)
            .with("hint", like(hint)),
    );
    None
}

fn reason_ref(r: &mut Reader<'_>, refs: &Refs<'_>, code: &str, span: &Range<usize>, what: &str) -> Option<ReasonCode> {
    match refs.reasons.iter().find(|(x, _)| x.code.as_str() == code) {
        Some((x, _)) if x.kind != ReasonKind::Scrap => Some(x.code.clone()),
        Some(_) => {
            r.error(
                span,
                Message::key("cfg-reason-is-scrap")
                    .with("what", what)
                    .with("reason", code),
            );
            None
        }
        None => {
            let hint = did_you_mean(code, refs.reasons.iter().map(|(x, _)| x.code.as_str()));
            r.error(
                span,
                Message::key("cfg-no-reason")
                    .with("what", what)
                    .with("reason", code)
                    .with("hint", like(hint)),
            );
            None
        }
    }
}

fn read_connection(r: &mut Reader<'_>, mf: &Fields<'_, '_>, v: &Value<'_>) -> Option<Connection> {
    let t = r.table(&mf.what, "connection", v, Message::Plain(CONNECTION.into()))?;
    let mut f = Fields::new(t, v.span(), format!("{} connection", mf.what));
    let tcp = f.opt("modbus_tcp");
    let rtu = f.opt("modbus_rtu");
    let unit = f.opt("unit");
    let timeout = f.opt("timeout_ms");
    let timeout_ms = match timeout {
        None => Some(1000),
        Some(v) => r.int(&f, "timeout_ms", v, 10, 60_000, "cfg-int-ms").map(|n| n as u32),
    };
    let conn = match (tcp, rtu) {
        (Some(addr), None) => {
            let address = r.string(&f, "modbus_tcp", addr).and_then(|a| {
                if valid_host_port(&a) {
                    Some(a)
                } else {
                    r.error(
                        &addr.span(),
                        Message::key("cfg-host-port").with("what", &f.what).with("got", &a),
                    );
                    None
                }
            });
            let unit = match unit {
                None => Some(1),
                Some(u) => {
                    let n = r.int(&f, "unit", u, 0, 255, "cfg-int").map(|n| n as u8);
                    if n == Some(0) {
                        r.warning(&u.span(), Message::key("cfg-unit-zero").with("what", &f.what));
                    }
                    n
                }
            };
            Some(Connection::Tcp {
                address: address?,
                unit: unit?,
                timeout_ms: timeout_ms?,
            })
        }
        (None, Some(port)) => {
            let port = r.string(&f, "modbus_rtu", port);
            let baud = match f.opt("baud") {
                None => Some(19200),
                Some(b) => r.int(&f, "baud", b, 300, 921_600, "cfg-int-baud").map(|n| n as u32),
            };
            let parity = match f.opt("parity") {
                None => Some(Parity::Even),
                Some(p) => r.choice(
                    &f,
                    "parity",
                    p,
                    &[("none", Parity::None), ("even", Parity::Even), ("odd", Parity::Odd)],
                ),
            };
            let data_bits = match f.opt("data_bits") {
                None => Some(8),
                Some(b) => r.int(&f, "data_bits", b, 7, 8, "cfg-int").map(|n| n as u8),
            };
            let stop_bits = match f.opt("stop_bits") {
                None => Some(1),
                Some(b) => r.int(&f, "stop_bits", b, 1, 2, "cfg-int").map(|n| n as u8),
            };
            let unit = match unit {
                None => {
                    r.error(&v.span(), Message::key("cfg-rtu-unit-missing").with("what", &f.what));
                    None
                }
                Some(u) => r.int(&f, "unit", u, 1, 247, "cfg-int").map(|n| n as u8),
            };
            Some(Connection::Rtu {
                port: port?,
                baud: baud?,
                parity: parity?,
                data_bits: data_bits?,
                stop_bits: stop_bits?,
                unit: unit?,
                timeout_ms: timeout_ms?,
            })
        }
        (Some(_), Some(rtu)) => {
            r.error(&rtu.span(), Message::key("cfg-both-connections").with("what", &f.what));
            None
        }
        (None, None) => {
            r.error(
                &v.span(),
                Message::key("cfg-no-connection")
                    .with("what", &f.what)
                    .with("expected", CONNECTION),
            );
            None
        }
    };
    if matches!(conn, Some(Connection::Tcp { .. })) {
        // RTU keys on a TCP connection are mistakes, not unknown keys to guess at.
        for key in ["baud", "parity", "data_bits", "stop_bits"] {
            if let Some(x) = f.opt(key) {
                r.error(
                    &x.span(),
                    Message::key("cfg-rtu-key-on-tcp")
                        .with("what", &f.what)
                        .with("key", key),
                );
            }
        }
    }
    f.finish(r);
    conn
}

fn valid_host_port(a: &str) -> bool {
    match a.rsplit_once(':') {
        Some((host, port)) => {
            !host.is_empty() && !host.contains(char::is_whitespace) && port.parse::<u16>().is_ok_and(|p| p > 0)
        }
        None => false,
    }
}

const TABLES: [(&str, RegisterTable); 4] = [
    ("coil", RegisterTable::Coil),
    ("discrete", RegisterTable::Discrete),
    ("input", RegisterTable::Input),
    ("holding", RegisterTable::Holding),
];

const TYPES: [(&str, ValueType); 8] = [
    ("bool", ValueType::Bool),
    ("u16", ValueType::U16),
    ("i16", ValueType::I16),
    ("u32", ValueType::U32),
    ("i32", ValueType::I32),
    ("u64", ValueType::U64),
    ("f32", ValueType::F32),
    ("f64", ValueType::F64),
];

/// What a signal may be: decides the allowed types.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Bit,
    Counter,
    Code,
    Measure,
}

/// Reads the register part of a signal table (table, address, type, word order, scale,
/// offset) from `f`, leaving the other keys to the caller.
fn read_register(r: &mut Reader<'_>, f: &mut Fields<'_, '_>, role: Role) -> Option<Register> {
    let mut found: Vec<(RegisterTable, &Value<'_>)> = Vec::new();
    for (name, table) in TABLES {
        if let Some(v) = f.opt(name) {
            found.push((table, v));
        }
    }
    let (table, addr_v) = match found.as_slice() {
        [one] => *one,
        [] => {
            r.error(f.span(), Message::key("cfg-no-register").with("what", &f.what));
            return None;
        }
        [_, second, ..] => {
            r.error(
                &second.1.span(),
                Message::key("cfg-two-registers").with("what", &f.what),
            );
            return None;
        }
    };
    let address = r.int(f, table.as_str(), addr_v, 0, 65535, "cfg-int-address");
    let default_type = if table.is_bits() {
        ValueType::Bool
    } else {
        match role {
            Role::Bit => ValueType::Bool,
            _ => ValueType::U16,
        }
    };
    let type_v = f.opt("type");
    let value_type = match type_v {
        None => Some(default_type),
        Some(v) => r.choice(f, "type", v, &TYPES),
    };
    let word_order = match f.opt("word_order") {
        None => Some(WordOrder::Big),
        Some(v) => r.choice(
            f,
            "word_order",
            v,
            &[("big", WordOrder::Big), ("little", WordOrder::Little)],
        ),
    };
    let scale = match f.opt("scale") {
        None => Some(1.0),
        Some(v) => r.number(f, "scale", v, |x| x != 0.0, Message::key("cfg-expect-scale")),
    };
    let offset = match f.opt("offset") {
        None => Some(0.0),
        Some(v) => r.number(f, "offset", v, |_| true, Message::key("cfg-expect-offset")),
    };
    let (address, value_type, word_order, scale, offset) = (address?, value_type?, word_order?, scale?, offset?);
    let at = type_v.map(|v| v.span()).unwrap_or_else(|| addr_v.span());
    if table.is_bits() && value_type != ValueType::Bool {
        r.error(
            &at,
            Message::key("cfg-type-on-bit")
                .with("what", &f.what)
                .with("type", value_type.as_str())
                .with("table", table.as_str()),
        );
        return None;
    }
    let allowed: &[ValueType] = match role {
        Role::Bit => &[ValueType::Bool, ValueType::U16, ValueType::I16],
        Role::Counter => &[ValueType::U16, ValueType::U32, ValueType::U64],
        Role::Code => &[
            ValueType::U16,
            ValueType::U32,
            ValueType::U64,
            ValueType::I16,
            ValueType::I32,
        ],
        Role::Measure => &[
            ValueType::U16,
            ValueType::I16,
            ValueType::U32,
            ValueType::I32,
            ValueType::U64,
            ValueType::F32,
            ValueType::F64,
        ],
    };
    if !table.is_bits() && !allowed.contains(&value_type) {
        let names: Vec<String> = allowed.iter().map(|t| format!("\"{}\"", t.as_str())).collect();
        r.error(
            &at,
            Message::key("cfg-type-not-for-signal")
                .with("what", &f.what)
                .with("type", value_type.as_str())
                .with("expected", one_of(&names)),
        );
        return None;
    }
    if table.is_bits() && role != Role::Bit {
        r.error(
            &addr_v.span(),
            Message::key("cfg-bit-table")
                .with("what", &f.what)
                .with("table", table.as_str()),
        );
        return None;
    }
    if address + i64::from(value_type.width()) > 65536 {
        r.error(
            &addr_v.span(),
            Message::key("cfg-past-65535")
                .with("what", &f.what)
                .with("table", table.as_str())
                .with("address", address)
                .with("type", value_type.as_str()),
        );
        return None;
    }
    if role == Role::Counter && (scale != 1.0 || offset != 0.0) {
        r.error(f.span(), Message::key("cfg-counter-scale").with("what", &f.what));
        return None;
    }
    Some(Register {
        table,
        address: address as u16,
        value_type,
        word_order,
        scale,
        offset,
    })
}

fn read_signals(
    r: &mut Reader<'_>,
    machine: &str,
    t: &DeTable<'_>,
    span: Range<usize>,
    refs: &Refs<'_>,
) -> Option<Signals> {
    let mut f = Fields::new(t, span, format!("{machine} signals"));
    let mut ok = true;
    let mut signals = Signals::default();
    let mut spans: Vec<(String, Range<usize>)> = Vec::new();

    let simple: [(&'static str, Role); 4] = [
        ("running", Role::Bit),
        ("total_count", Role::Counter),
        ("reject_count", Role::Counter),
        ("energy_kwh", Role::Measure),
    ];
    for (key, role) in simple {
        let Some(v) = f.opt(key) else { continue };
        let expected = Message::key("cfg-expect-register").with("example", r#"{ holding = 0, type = "u32" }"#);
        let Some(st) = r.table(&f.what, key, v, expected) else {
            ok = false;
            continue;
        };
        let mut sf = Fields::new(st, v.span(), format!("{machine} signal `{key}`"));
        let reg = read_register(r, &mut sf, role);
        sf.finish(r);
        match reg {
            Some(reg) => {
                spans.push((key.to_string(), v.span()));
                let slot = match key {
                    "running" => &mut signals.running,
                    "total_count" => &mut signals.total_count,
                    "reject_count" => &mut signals.reject_count,
                    _ => &mut signals.energy_kwh,
                };
                *slot = Some(reg);
            }
            None => ok = false,
        }
    }

    if let Some(v) = f.opt("fault_code") {
        match read_code_signal(r, machine, "fault_code", "reasons", v, |r, code, span, what| {
            reason_ref(r, refs, code, span, what)
        }) {
            Some(c) => {
                spans.push(("fault_code".into(), v.span()));
                signals.fault_code = Some(c);
            }
            None => ok = false,
        }
    }
    if let Some(v) = f.opt("product_code") {
        match read_code_signal(r, machine, "product_code", "products", v, |r, code, span, what| {
            product_ref(r, refs, code, span, what)
        }) {
            Some(c) => {
                spans.push(("product_code".into(), v.span()));
                signals.product_code = Some(c);
            }
            None => ok = false,
        }
    }
    if let Some(v) = f.opt("process") {
        let expected = || {
            Message::key("cfg-expect-list").with(
                "example",
                r#"[{ name = "oil_temp", input = 10, type = "i16", scale = 0.1 }]"#,
            )
        };
        match r.array(&f.what, "process", v, expected()) {
            Some(items) => {
                for item in items {
                    let Some(pt) = r.table(&f.what, "process", item, expected()) else {
                        ok = false;
                        continue;
                    };
                    match read_process(r, machine, pt, item.span()) {
                        Some(p) => {
                            if let Some(first) = signals.process.iter().find(|x| x.name == p.name) {
                                r.error(
                                    &item.span(),
                                    Message::key("cfg-duplicate-process")
                                        .with("machine", machine)
                                        .with("name", &first.name),
                                );
                                ok = false;
                            } else {
                                spans.push((format!("process {}", p.name), item.span()));
                                signals.process.push(p);
                            }
                        }
                        None => ok = false,
                    }
                }
            }
            None => ok = false,
        }
    }
    f.finish(r);

    // Two signals of one machine reading the same register are a typo, not a feature.
    let regs = signals.registers();
    for (j, (name_b, b)) in regs.iter().enumerate() {
        for (name_a, a) in &regs[..j] {
            let a_end = u32::from(a.address) + u32::from(a.value_type.width());
            let b_end = u32::from(b.address) + u32::from(b.value_type.width());
            if a.table == b.table && u32::from(a.address) < b_end && u32::from(b.address) < a_end {
                let at = spans
                    .iter()
                    .find(|s| &s.0 == name_b)
                    .map(|s| s.1.clone())
                    .unwrap_or(0..0);
                r.error(
                    &at,
                    Message::key("cfg-signal-overlap")
                        .with("machine", machine)
                        .with("signal", name_b.to_string())
                        .with("register", b.describe())
                        .with("other", name_a.to_string())
                        .with("other_register", a.describe()),
                );
                ok = false;
            }
        }
    }
    ok.then_some(signals)
}

fn read_code_signal<T>(
    r: &mut Reader<'_>,
    machine: &str,
    key: &'static str,
    map_key: &'static str,
    v: &Value<'_>,
    resolve: impl Fn(&mut Reader<'_>, &str, &Range<usize>, &str) -> Option<T>,
) -> Option<CodeSignal<T>> {
    let t = r.table(
        machine,
        key,
        v,
        Message::key("cfg-expect-code-register")
            .with("example", r#"{ holding = 4, reasons = { 1 = "mech/bearing" } }"#),
    )?;
    let mut f = Fields::new(t, v.span(), format!("{machine} signal `{key}`"));
    let register = read_register(r, &mut f, Role::Code);
    let mut codes = BTreeMap::new();
    let mut ok = true;
    if let Some(mv) = f.opt(map_key) {
        let expected = Message::key("cfg-expect-code-table").with("example", r#"{ 1 = "..." }"#);
        match r.table(&f.what, map_key, mv, expected) {
            Some(mt) => {
                for (k, val) in mt.iter() {
                    let code: &str = k.get_ref();
                    let n = match code.parse::<u64>() {
                        Ok(n) if n > 0 => n,
                        _ => {
                            r.error(
                                &k.span(),
                                Message::key("cfg-code-number")
                                    .with("what", &f.what)
                                    .with("code", code)
                                    .with("map", map_key),
                            );
                            ok = false;
                            continue;
                        }
                    };
                    let DeValue::String(target) = val.get_ref() else {
                        r.error(
                            &val.span(),
                            Message::key("cfg-code-name")
                                .with("what", &f.what)
                                .with("code", n)
                                .with("got", r.got(val)),
                        );
                        ok = false;
                        continue;
                    };
                    match resolve(r, target, &val.span(), &f.what) {
                        Some(x) => {
                            codes.insert(n, x);
                        }
                        None => ok = false,
                    }
                }
            }
            None => ok = false,
        }
    }
    let what = f.what.clone();
    f.finish(r);
    let register = register?;
    // A code the register cannot hold can never be read.
    if let Some(bits) = register.value_type.counter_bits()
        && bits < 64
        && let Some((&n, _)) = codes.iter().find(|(n, _)| **n >= 1u64 << bits)
    {
        r.error(
            &v.span(),
            Message::key("cfg-code-too-big")
                .with("what", what)
                .with("code", n)
                .with("type", register.value_type.as_str())
                .with("max", (1u64 << bits) - 1),
        );
        return None;
    }
    ok.then_some(CodeSignal { register, codes })
}

fn read_process(r: &mut Reader<'_>, machine: &str, t: &DeTable<'_>, span: Range<usize>) -> Option<ProcessSignal> {
    let label = match t.get("name").map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => format!("{machine} process \"{s}\""),
        _ => format!("{machine} process"),
    };
    let mut f = Fields::new(t, span.clone(), label);
    let name = f.req(r, "name", Message::key("cfg-expect-process-name")).and_then(|v| {
        let s = r.string(&f, "name", v)?;
        if s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            Some(s)
        } else {
            r.error(
                &v.span(),
                Message::key("cfg-process-name").with("what", &f.what).with("got", &s),
            );
            None
        }
    });
    let register = read_register(r, &mut f, Role::Measure);
    let unit = transpose(f.opt("unit").map(|v| r.string(&f, "unit", v)));
    let low = transpose(
        f.opt("low")
            .map(|v| r.number(&f, "low", v, |_| true, Message::key("cfg-kind-number"))),
    );
    let high = transpose(
        f.opt("high")
            .map(|v| r.number(&f, "high", v, |_| true, Message::key("cfg-kind-number"))),
    );
    let deadband = transpose(
        f.opt("deadband")
            .map(|v| r.number(&f, "deadband", v, |x| x >= 0.0, Message::key("cfg-expect-deadband"))),
    );
    f.finish(r);
    let (low, high) = (low?, high?);
    if let (Some(l), Some(h)) = (low, high)
        && l >= h
    {
        r.error(
            &span,
            Message::key("cfg-low-high")
                .with("machine", machine)
                .with("low", l.to_string())
                .with("high", h.to_string()),
        );
        return None;
    }
    Some(ProcessSignal {
        name: name?,
        register: register?,
        unit: unit?,
        low,
        high,
        deadband: deadband?,
    })
}

fn read_plan(r: &mut Reader<'_>, machine: &str, t: &DeTable<'_>, span: Range<usize>) -> Option<MaintenancePlan> {
    let mut f = Fields::new(t, span.clone(), format!("{machine} maintenance"));
    let task = f
        .req(r, "task", Message::key("cfg-expect-task"))
        .and_then(|v| r.string(&f, "task", v));
    let component = f
        .req(r, "component", Message::key("cfg-expect-component"))
        .and_then(|v| r.string(&f, "component", v));
    let hours = f.opt("every_run_hours");
    let cycles = f.opt("every_cycles");
    let days = f.opt("every_days");
    let given = [hours.is_some(), cycles.is_some(), days.is_some()]
        .iter()
        .filter(|x| **x)
        .count();
    let every = if given != 1 {
        r.error(&span, Message::key("cfg-plan-every").with("what", &f.what));
        None
    } else if let Some(v) = hours {
        r.number(
            &f,
            "every_run_hours",
            v,
            |x| x > 0.0,
            Message::key("cfg-expect-run-hours"),
        )
        .map(MaintenanceInterval::RunHours)
    } else if let Some(v) = cycles {
        r.int(&f, "every_cycles", v, 1, i64::MAX, "cfg-int-parts")
            .map(|n| MaintenanceInterval::Cycles(n as u64))
    } else {
        days.and_then(|v| {
            r.int(&f, "every_days", v, 1, 3650, "cfg-int-days")
                .map(|n| MaintenanceInterval::Days(n as u32))
        })
    };
    f.finish(r);
    Some(MaintenancePlan {
        task: task?,
        component: component?,
        every: every?,
    })
}
