//! The add-a-machine form: its fields checked one by one (each error names its field),
//! the machine appended to `takt.toml` with `toml_edit` (the rest of the file is kept as
//! written), and a one-off read of a signal for the form's Test button.

use takt_core::api::{ApiError, ApiResult, NewMachine, NewSignal, SignalReading, SignalTest};
use takt_core::config::{ConfigErrors, Connection, Parity, Register, RegisterTable, ValueType, WordOrder};
use takt_core::ids::MachineId;
use takt_modbus::decode::{Value, decode_bits, decode_words};
use takt_modbus::link::{Link, describe};
use takt_modbus::plan::{Block, ReadRequest};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, value};

const STANDARD: [&str; 6] = [
    "running",
    "total_count",
    "reject_count",
    "fault_code",
    "product_code",
    "energy_kwh",
];

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

fn table(s: &str) -> Option<RegisterTable> {
    RegisterTable::ALL.into_iter().find(|t| t.as_str() == s)
}

fn value_type(s: &str) -> Option<ValueType> {
    ValueType::ALL.into_iter().find(|t| t.as_str() == s)
}

fn connection(address: &str, rtu: bool, baud: &str, unit: &str, errors: &mut Vec<ApiError>) -> Option<Connection> {
    let address = address.trim();
    if address.is_empty() {
        errors.push(field(
            "address",
            if rtu {
                "expected a serial port, like /dev/ttyUSB0"
            } else {
                "expected host:port, like 192.168.1.50:502"
            },
        ));
        return None;
    }
    if !rtu
        && !address
            .rsplit_once(':')
            .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0))
    {
        errors.push(field(
            "address",
            format!("\"{address}\": expected host:port, like 192.168.1.50:502"),
        ));
        return None;
    }
    let unit = match unit.trim().parse::<u8>() {
        Ok(u) if !rtu || (1..=247).contains(&u) => u,
        _ => {
            errors.push(field(
                "unit",
                if rtu {
                    "expected a unit id from 1 to 247"
                } else {
                    "expected a unit id from 0 to 255"
                },
            ));
            return None;
        }
    };
    if rtu {
        let baud = match baud.trim().parse::<u32>() {
            Ok(b) if (300..=921_600).contains(&b) => b,
            _ => {
                errors.push(field("baud", "expected a baud rate from 300 to 921600, like 19200"));
                return None;
            }
        };
        Some(Connection::Rtu {
            port: address.to_string(),
            baud,
            parity: Parity::Even,
            data_bits: 8,
            stop_bits: 1,
            unit,
            timeout_ms: 1000,
        })
    } else {
        Some(Connection::Tcp {
            address: address.to_string(),
            unit,
            timeout_ms: 1000,
        })
    }
}

fn register(s: &NewSignal, i: usize, errors: &mut Vec<ApiError>) -> Option<Register> {
    let f = format!("signals[{i}]");
    let Some(table) = table(&s.table) else {
        errors.push(field(
            &f,
            format!("table \"{}\": expected coil, discrete, input or holding", s.table),
        ));
        return None;
    };
    let Ok(address) = s.register.trim().parse::<u16>() else {
        errors.push(field(
            &f,
            format!(
                "address \"{}\": expected a 0-based register address from 0 to 65535",
                s.register
            ),
        ));
        return None;
    };
    let Some(vt) = value_type(&s.value_type) else {
        errors.push(field(
            &f,
            format!(
                "type \"{}\": expected bool, u16, i16, u32, i32, u64, f32 or f64",
                s.value_type
            ),
        ));
        return None;
    };
    Some(Register {
        table,
        address,
        value_type: if table.is_bits() { ValueType::Bool } else { vt },
        word_order: if s.word_order == "little" {
            WordOrder::Little
        } else {
            WordOrder::Big
        },
        scale: 1.0,
        offset: 0.0,
    })
}

/// `takt.toml` with the machine appended, or every problem with the form's fields.
pub fn add_machine(base: &str, m: &NewMachine) -> ApiResult<String> {
    let mut errors = Vec::new();
    if let Err(e) = MachineId::new(m.id.trim()) {
        errors.push(field("id", format!("`id` {e}")));
    }
    let ideal = m
        .ideal_cycle_s
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0);
    if ideal.is_none() {
        errors.push(field("ideal_cycle_s", "expected seconds per part above 0, like 1.5"));
    }
    let conn = connection(&m.address, m.rtu, &m.baud, &m.unit, &mut errors);
    let mut regs = Vec::new();
    for (i, s) in m.signals.iter().enumerate() {
        let name = s.name.trim();
        if name.is_empty() {
            errors.push(field(
                format!("signals[{i}]"),
                "expected a signal name: running, total_count, ..., or a process value's name",
            ));
            continue;
        }
        if let Some(r) = register(s, i, &mut errors) {
            regs.push((i, name.to_string(), r));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
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
    t["ideal_cycle_s"] = value(ideal.unwrap_or(1.0));
    let mut c = InlineTable::new();
    match conn {
        Some(Connection::Tcp { address, unit, .. }) => {
            c.insert("modbus_tcp", address.into());
            c.insert("unit", i64::from(unit).into());
        }
        Some(Connection::Rtu { port, baud, unit, .. }) => {
            c.insert("modbus_rtu", port.into());
            c.insert("baud", i64::from(baud).into());
            c.insert("unit", i64::from(unit).into());
        }
        None => {}
    }
    t["connection"] = value(c);
    let mut signals = Table::new();
    let mut process = Array::new();
    for (_, name, r) in &regs {
        let mut s = InlineTable::new();
        if STANDARD.contains(&name.as_str()) {
            s.insert(r.table.as_str(), i64::from(r.address).into());
            if !r.table.is_bits() {
                s.insert("type", r.value_type.as_str().into());
            }
            if r.word_order == WordOrder::Little {
                s.insert("word_order", "little".into());
            }
            signals[name.as_str()] = value(s);
        } else {
            s.insert("name", name.as_str().into());
            s.insert(r.table.as_str(), i64::from(r.address).into());
            s.insert("type", r.value_type.as_str().into());
            if r.word_order == WordOrder::Little {
                s.insert("word_order", "little".into());
            }
            process.push(s);
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

/// Config errors (after the machine was appended) as form errors: those on the new
/// machine's lines go to their field, the rest to the form.
pub fn field_errors(text: &str, e: &ConfigErrors, m: &NewMachine) -> Vec<ApiError> {
    let header = format!("id = \"{}\"", m.id.trim());
    let start_line = text
        .lines()
        .position(|l| l.trim() == header)
        .map_or(usize::MAX, |i| i + 1);
    e.errors()
        .map(|d| {
            let msg = &d.message;
            let f = if d.line + 1 < start_line {
                None
            } else if msg.contains("machine id") || msg.contains("`id`") {
                Some("id".to_string())
            } else if msg.contains("connection") || msg.contains("unit") {
                Some(if msg.contains("unit") { "unit" } else { "address" }.to_string())
            } else if msg.contains("ideal") {
                Some("ideal_cycle_s".to_string())
            } else {
                // The signal the message is about is the one it names first.
                m.signals
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| {
                        let n = s.name.trim();
                        let at = [format!("`{n}`"), format!("\"{n}\"")]
                            .iter()
                            .filter_map(|quoted| msg.find(quoted.as_str()))
                            .min()?;
                        Some((at, i))
                    })
                    .min()
                    .map(|(_, i)| format!("signals[{i}]"))
            };
            ApiError {
                field: f,
                message: msg.clone(),
            }
        })
        .collect()
}

/// Reads one signal once.
pub async fn test_signal(t: &SignalTest) -> ApiResult<SignalReading> {
    let mut errors = Vec::new();
    let conn = connection(&t.address, t.rtu, &t.baud, &t.unit, &mut errors);
    let s = NewSignal {
        name: String::new(),
        table: t.table.clone(),
        register: t.register.clone(),
        value_type: t.value_type.clone(),
        word_order: t.word_order.clone(),
    };
    let reg = register(&s, 0, &mut errors);
    let (Some(conn), Some(reg)) = (conn, reg) else {
        return Err(errors);
    };
    let req = ReadRequest {
        table: reg.table,
        start: reg.address,
        count: reg.value_type.width(),
    };
    let mut link = Link::new(&conn);
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
        Block::Words(w) => decode_words(&reg, w),
    };
    let raw = match &block {
        Block::Bits(_) => String::new(),
        Block::Words(w) => format!(
            " (registers {})",
            w.iter().map(|x| format!("{x:#06x}")).collect::<Vec<_>>().join(" ")
        ),
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
            text: format!("{at}: bad reading: {e}{raw}"),
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
        let text = add_machine(base, &m).unwrap();
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
        let m = form(
            "Press 9",
            "nowhere",
            &[("total_count", "holding", "x", "u32"), ("", "coil", "0", "bool")],
        );
        let e = add_machine("", &m).unwrap_err();
        let fields: Vec<Option<&str>> = e.iter().map(|x| x.field.as_deref()).collect();
        assert_eq!(
            fields,
            vec![Some("id"), Some("address"), Some("signals[0]"), Some("signals[1]")]
        );
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
        let text = add_machine(base, &m).unwrap();
        let e = Config::parse(&text, "t.toml").unwrap_err();
        let f = field_errors(&text, &e, &m);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field.as_deref(), Some("signals[1]"), "{f:?}");
        assert!(f[0].message.contains("overlaps"), "{f:?}");
    }
}
