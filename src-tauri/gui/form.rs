//! The add-a-machine form: its fields checked one by one (each error names its field),
//! the machine appended to `takt.toml` with `toml_edit` (the rest of the file is kept as
//! written), and a one-off read of a signal for the form's Test button.

use takt_core::api::{ApiError, ApiResult, NewMachine, NewSignal, SignalReading, SignalTest};
use takt_core::config::{Config, ConfigErrors};
use takt_core::i18n::Locale;
use takt_modbus::decode::{Value, decode_bits, decode_words};
use takt_modbus::link::{Link, describe};
use takt_modbus::plan::{Block, ReadRequest};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, value};

#[cfg(test)]
use takt_core::config::ValueType;

use takt_app::settings::{STANDARD, typed};

fn field(name: impl Into<String>, message: impl Into<String>) -> ApiError {
    ApiError {
        field: Some(name.into()),
        message: message.into(),
    }
}

/// The config a first machine goes into: a plant in the computer's time zone.
pub fn new_config_text() -> String {
    let tz = iana_time_zone::get_timezone()
        .ok()
        .filter(|t| t.parse::<chrono_tz::Tz>().is_ok())
        .unwrap_or_else(|| "UTC".into());
    format!(
        "# Takt's config, started by the window's \"Add your first machine\".\n# `takt check` validates it; see examples/takt.toml for every setting.\n\n[plant]\nname = \"My plant\"\ntimezone = \"{tz}\"\nmicrostop_s = 120\n"
    )
}

/// A signal as TOML: `{ holding = 4, type = "u32", word_order = "little" }`.
fn signal(s: &NewSignal) -> InlineTable {
    let mut t = InlineTable::new();
    t.insert(s.table.trim(), typed(&s.register));
    let vt = s.value_type.trim();
    // A bit is a bool: the type is left out there, and wherever none was chosen.
    let bit = matches!(s.table.trim(), "coil" | "discrete") && vt == "bool";
    if !vt.is_empty() && !bit {
        t.insert("type", vt.into());
    }
    if s.word_order.trim() == "little" {
        t.insert("word_order", "little".into());
    }
    t
}

/// The connection as TOML, the values as typed.
fn connection(address: &str, rtu: bool, baud: &str, unit: &str) -> InlineTable {
    let mut c = InlineTable::new();
    if rtu {
        c.insert("modbus_rtu", address.trim().into());
        c.insert("baud", typed(baud));
    } else {
        c.insert("modbus_tcp", address.trim().into());
    }
    c.insert("unit", typed(unit));
    c
}

/// `takt.toml` with the machine appended as typed (the config's checks then judge it;
/// the form checks only what is not config: that every signal has a name).
pub fn add_machine(base: &str, m: &NewMachine, l: Locale) -> ApiResult<String> {
    let unnamed: Vec<ApiError> = m
        .signals
        .iter()
        .enumerate()
        .filter(|(_, s)| s.name.trim().is_empty())
        .map(|(i, _)| field(format!("signals[{i}]"), l.t("form-signal-name-missing")))
        .collect();
    if !unnamed.is_empty() {
        return Err(unnamed);
    }
    let mut doc: DocumentMut = base
        .parse()
        .map_err(|e| vec![ApiError::new(format!("takt.toml is not valid TOML: {e}"))])?;
    let mut t = Table::new();
    t["id"] = value(m.id.trim());
    t["name"] = value(if m.name.trim().is_empty() {
        m.id.trim()
    } else {
        m.name.trim()
    });
    t["ideal_cycle_s"] = value(typed(&m.ideal_cycle_s));
    t["connection"] = value(connection(&m.address, m.rtu, &m.baud, &m.unit));
    let mut signals = Table::new();
    let mut process = Array::new();
    for s in &m.signals {
        let name = s.name.trim();
        let mut t = signal(s);
        if STANDARD.contains(&name) {
            signals[name] = value(t);
        } else {
            t.insert("name", name.into());
            process.push(t);
        }
    }
    if !process.is_empty() {
        signals["process"] = value(process);
    }
    if !signals.is_empty() {
        t["signals"] = Item::Table(signals);
    }
    let machines = doc
        .entry("machine")
        .or_insert(Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| {
            vec![ApiError::new(
                "takt.toml has `machine` as something other than [[machine]] tables",
            )]
        })?;
    machines.push(t);
    Ok(doc.to_string())
}

/// The config with the machine added, checked exactly like `takt check`: the text and the
/// config, or each problem at the form's field.
pub fn check(base: &str, m: &NewMachine, file: &str, l: Locale) -> ApiResult<(String, Config)> {
    let text = add_machine(base, m, l)?;
    match Config::parse(&text, file) {
        Ok(c) => Ok((text, c.config)),
        Err(e) => Err(field_errors(&text, &e, m, l)),
    }
}

/// Config errors (after the machine was appended) as form errors: each at the form's
/// field its key path names (`machine[N].connection.unit` is the unit), the rest to the
/// form as a whole.
pub fn field_errors(text: &str, e: &ConfigErrors, m: &NewMachine, l: Locale) -> Vec<ApiError> {
    // The new machine is the last [[machine]].
    let index = text
        .parse::<DocumentMut>()
        .ok()
        .and_then(|d| d.get("machine").and_then(Item::as_array_of_tables).map(|a| a.len()))
        .unwrap_or(1)
        .saturating_sub(1);
    let prefix = format!("machine[{index}]");
    // Standard signals are keys of [machine.signals]; the others are its `process` array.
    let process: Vec<usize> = m
        .signals
        .iter()
        .enumerate()
        .filter(|(_, s)| !STANDARD.contains(&s.name.trim()))
        .map(|(i, _)| i)
        .collect();
    let field_of = |path: &str| -> Option<String> {
        let rest = path.strip_prefix(&prefix)?.strip_prefix('.')?;
        let (head, tail) = rest.split_once('.').unwrap_or((rest, ""));
        Some(match head {
            "id" | "name" => head.to_string(),
            "ideal_cycle_s" | "ideal_cycle_by_product" => "ideal_cycle_s".to_string(),
            "connection" if tail.starts_with("unit") => "unit".to_string(),
            "connection" if tail.starts_with("baud") => "baud".to_string(),
            "connection" => "address".to_string(),
            "signals" => {
                let (signal, _) = tail.split_once('.').unwrap_or((tail, ""));
                let i = match signal.strip_prefix("process[") {
                    Some(k) => *process.get(k.trim_end_matches(']').parse::<usize>().ok()?)?,
                    None => m.signals.iter().position(|s| s.name.trim() == signal)?,
                };
                format!("signals[{i}]")
            }
            _ => return None,
        })
    };
    e.errors()
        .map(|d| ApiError {
            field: field_of(&d.path),
            message: d.message_in(l),
        })
        .collect()
}

/// Reads one signal once. The connection and the signal are checked by the config's own
/// checks, as a one-machine config; each problem goes to its field.
pub async fn test_signal(t: &SignalTest, l: Locale) -> ApiResult<SignalReading> {
    let m = NewMachine {
        id: "test".into(),
        name: String::new(),
        ideal_cycle_s: "1".into(),
        address: t.address.clone(),
        rtu: t.rtu,
        baud: t.baud.clone(),
        unit: t.unit.clone(),
        // A bit is read as a run signal, a register as a process value: each then takes
        // the checks of its kind.
        signals: vec![NewSignal {
            name: if matches!(t.table.trim(), "coil" | "discrete") {
                "running".into()
            } else {
                "value".into()
            },
            table: t.table.clone(),
            register: t.register.clone(),
            value_type: t.value_type.clone(),
            word_order: t.word_order.clone(),
        }],
    };
    let base = "[plant]\nname = \"test\"\ntimezone = \"UTC\"\n";
    let (_, config) = check(base, &m, "the form", l).map_err(|errors| {
        // The form's one signal is its register fields.
        errors
            .into_iter()
            .map(|e| ApiError {
                field: e
                    .field
                    .map(|f| if f.starts_with("signals") { "register".into() } else { f }),
                ..e
            })
            .collect::<Vec<_>>()
    })?;
    let machine = &config.machines[0];
    let conn = &machine.connection;
    let Some(reg) = machine
        .signals
        .running
        .as_ref()
        .or_else(|| machine.signals.process.first().map(|p| &p.register))
    else {
        return Err(vec![ApiError::new("expected a signal to read")]);
    };
    let req = ReadRequest {
        table: reg.table,
        start: reg.address,
        count: reg.value_type.width(),
    };
    let mut link = Link::new(conn);
    let at = format!("{conn}: {}", describe(&req));
    let block = match link
        .read(conn.unit(), &req, std::time::Duration::from_millis(1000))
        .await
    {
        Ok(b) => b,
        Err(e) => {
            return Ok(SignalReading {
                ok: false,
                text: format!("{at}: {e}"),
            });
        }
    };
    let decoded = match &block {
        Block::Bits(b) => decode_bits(b),
        Block::Words(w) => decode_words(reg, w),
    };
    let raw = match &block {
        Block::Bits(_) => String::new(),
        Block::Words(w) => {
            let words = w.iter().map(|x| format!("{x:#06x}")).collect::<Vec<_>>().join(" ");
            format!(" ({})", l.t_with("form-test-registers", &[("words", words.into())]))
        }
    };
    Ok(match decoded {
        Ok(Value::Bool(b)) => SignalReading {
            ok: true,
            text: format!("{b}{raw}"),
        },
        Ok(Value::Unsigned(u)) => SignalReading {
            ok: true,
            text: format!("{u}{raw}"),
        },
        Ok(Value::Signed(i)) => SignalReading {
            ok: true,
            text: format!("{i}{raw}"),
        },
        Ok(Value::Float(f)) => SignalReading {
            ok: true,
            text: format!("{f}{raw}"),
        },
        Err(e) => SignalReading {
            ok: false,
            text: format!("{at}: {}: {e}{raw}", l.t("form-test-bad-reading")),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::config::Config;

    fn form(id: &str, address: &str, signals: &[(&str, &str, &str, &str)]) -> NewMachine {
        NewMachine {
            id: id.into(),
            name: String::new(),
            ideal_cycle_s: "1.5".into(),
            address: address.into(),
            rtu: false,
            baud: "19200".into(),
            unit: "1".into(),
            signals: signals
                .iter()
                .map(|(n, t, r, v)| NewSignal {
                    name: (*n).into(),
                    table: (*t).into(),
                    register: (*r).into(),
                    value_type: (*v).into(),
                    word_order: "big".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_machine_is_appended_and_the_rest_of_the_file_kept() {
        let base = "# my plant, my comments\n[plant]\nname = \"P\"  # keep me\ntimezone = \"UTC\"\n";
        let m = form(
            "press-9",
            "127.0.0.1:1502",
            &[
                ("running", "coil", "0", "bool"),
                ("total_count", "holding", "0", "u32"),
                ("oil_temp", "input", "10", "i16"),
            ],
        );
        let text = add_machine(base, &m, Locale::EN).unwrap();
        assert!(text.starts_with(base), "{text}");
        let c = Config::parse(&text, "t.toml").unwrap().config;
        let pm = &c.machines[0];
        assert_eq!(pm.id.as_str(), "press-9");
        assert_eq!(pm.ideal_cycle_s, Some(1.5));
        assert_eq!(pm.signals.total_count.as_ref().unwrap().value_type, ValueType::U32);
        assert_eq!(pm.signals.process[0].name, "oil_temp");
    }

    #[test]
    fn each_problem_names_its_field() {
        let base = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n";
        let m = form("Press 9", "nowhere", &[("total_count", "holding", "x", "u32")]);
        let e = check(base, &m, "t.toml", Locale::EN).unwrap_err();
        let mut fields: Vec<Option<&str>> = e.iter().map(|x| x.field.as_deref()).collect();
        fields.sort();
        assert_eq!(fields, vec![Some("address"), Some("id"), Some("signals[0]")], "{e:?}");
        // The unit and the baud rate as the config judges them.
        let mut m = form("p-9", "/dev/ttyUSB0", &[("running", "coil", "0", "bool")]);
        m.rtu = true;
        m.unit = "0".into();
        m.baud = "fast".into();
        let e = check(base, &m, "t.toml", Locale::EN).unwrap_err();
        let mut fields: Vec<Option<&str>> = e.iter().map(|x| x.field.as_deref()).collect();
        fields.sort();
        assert_eq!(fields, vec![Some("baud"), Some("unit")], "{e:?}");
        // What is not config, the form says itself.
        let e = add_machine(
            base,
            &form("p-9", "127.0.0.1:502", &[("", "coil", "0", "bool")]),
            Locale::EN,
        )
        .unwrap_err();
        assert_eq!(e[0].field.as_deref(), Some("signals[0]"));
    }

    #[test]
    fn config_errors_go_to_the_field_their_key_path_names() {
        let base = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[machine]]\nid = \"a\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"127.0.0.1:502\" }\n";
        let fields = |m: &NewMachine| {
            let text = add_machine(base, m, Locale::EN).unwrap();
            let e = Config::parse(&text, "t.toml").unwrap_err();
            field_errors(&text, &e, m, Locale::EN)
        };
        // The id of the machine already there.
        let f = fields(&form("a", "127.0.0.1:503", &[("total_count", "holding", "0", "u32")]));
        assert_eq!(
            f.iter().map(|x| x.field.as_deref()).collect::<Vec<_>>(),
            vec![Some("id")],
            "{f:?}"
        );
        // Two process values, the second overlapping the first: the second is at fault.
        let f = fields(&form(
            "b",
            "127.0.0.1:504",
            &[
                ("total_count", "holding", "0", "u32"),
                ("oil_temp", "input", "0", "u32"),
                ("oil_press", "input", "1", "u16"),
            ],
        ));
        assert_eq!(
            f.iter().map(|x| x.field.as_deref()).collect::<Vec<_>>(),
            vec![Some("signals[2]")],
            "{f:?}"
        );
    }

    #[test]
    fn a_test_read_of_a_bit_or_a_register_passes_the_config_checks() {
        // Regression: a coil was checked as a process value and refused.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let t = |table: &str, register: &str, value_type: &str| SignalTest {
            address: "127.0.0.1:1".into(),
            rtu: false,
            baud: String::new(),
            unit: "1".into(),
            table: table.into(),
            register: register.into(),
            value_type: value_type.into(),
            word_order: "big".into(),
        };
        for (table, vt) in [("coil", "bool"), ("holding", "u32")] {
            // Nothing listens on port 1: the read fails, after the checks passed.
            let r = rt.block_on(test_signal(&t(table, "0", vt), Locale::EN)).unwrap();
            assert!(!r.ok && r.text.starts_with("127.0.0.1:1"), "{table}: {r:?}");
        }
        let e = rt
            .block_on(test_signal(&t("holding", "x", "u16"), Locale::EN))
            .unwrap_err();
        assert_eq!(e[0].field.as_deref(), Some("register"), "{e:?}");
    }

    #[test]
    fn config_errors_come_back_to_the_form() {
        let base = "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n";
        let m = form(
            "a",
            "127.0.0.1:502",
            &[
                ("total_count", "holding", "0", "u32"),
                ("reject_count", "holding", "1", "u16"),
            ],
        );
        let text = add_machine(base, &m, Locale::EN).unwrap();
        let e = Config::parse(&text, "t.toml").unwrap_err();
        let f = field_errors(&text, &e, &m, Locale::EN);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field.as_deref(), Some("signals[1]"), "{f:?}");
        assert!(f[0].message.contains("overlaps"), "{f:?}");
    }
}
