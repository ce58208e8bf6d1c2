//! Changes to `takt.toml` made by Takt itself, written with `toml_edit` (the rest of the
//! file, its comments and order, kept) and checked exactly as `takt check` checks before
//! anything is written: each problem is named where the change came from, by the key path
//! of the config's finding, never by its wording.

use takt_core::config::{Config, Severity};
use takt_core::import::{ImportErrors, RowError};
use takt_core::register_map::MapRow;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

/// Writes `text` to the config file `path` whole or not at all (beside it, then renamed),
/// making its folder when missing.
pub fn write(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("toml.new");
    std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path))
}

/// The signals a machine has by role; any other name is a process value.
pub use takt_core::config::SIGNAL_ROLES as STANDARD;

/// A value as TOML: a number where it reads as one, else the text, so that the config's
/// own checks judge it ("`unit` = \"x\" (a string): expected a whole number").
pub fn typed(s: &str) -> Value {
    let s = s.trim();
    if let Ok(i) = s.parse::<i64>() {
        return i.into();
    }
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() => f.into(),
        _ => s.into(),
    }
}

/// A register map's row as the signal's inline table: `{ holding = 4, type = "u32", ... }`
/// (empty cells left out; a process value's name in it).
fn signal(row: &MapRow) -> InlineTable {
    let mut t = InlineTable::new();
    if !STANDARD.contains(&row.signal.as_str()) {
        t.insert("name", row.signal.as_str().into());
    }
    t.insert(row.table.as_str(), typed(&row.address));
    for (key, text, number) in [
        ("type", &row.value_type, false),
        ("word_order", &row.word_order, false),
        ("scale", &row.scale, true),
        ("unit", &row.unit, false),
        ("low", &row.low, true),
        ("high", &row.high, true),
    ] {
        if !text.is_empty() {
            t.insert(key, if number { typed(text) } else { text.as_str().into() });
        }
    }
    t
}

/// `text` with the register map's signals written into machine `machine`'s
/// `[machine.signals]` (a signal of the same name replaced, the others kept), checked as
/// `takt check` checks: the new text and config, or each problem at the row whose signal
/// it is about (the rest at line 0, the file as a whole).
pub fn register_map(text: &str, machine: &str, rows: &[MapRow], map: &str) -> Result<(String, Config), ImportErrors> {
    let fail = |line: u64, message: String| ImportErrors {
        file: map.to_string(),
        errors: vec![RowError {
            line,
            column: None,
            message,
        }],
        more: 0,
    };
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| fail(0, format!("takt.toml is not valid TOML: {e}")))?;
    let machines = doc
        .get_mut("machine")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| fail(0, "takt.toml has no [[machine]]: add the machine first".into()))?;
    let ids: Vec<String> = machines
        .iter()
        .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_string))
        .collect();
    let index = ids.iter().position(|id| id == machine).ok_or_else(|| {
        let known: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
        fail(
            0,
            format!(
                "no machine \"{machine}\" in takt.toml: expected one of {}",
                known.join(", ")
            ),
        )
    })?;
    let m = machines
        .get_mut(index)
        .ok_or_else(|| fail(0, format!("no machine \"{machine}\"")))?;
    if !m.contains_key("signals") {
        m.insert("signals", Item::Table(Table::new()));
    }
    let signals = m
        .get_mut("signals")
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| fail(0, format!("machine \"{machine}\": `signals` is not a table")))?;
    for row in rows {
        let t = signal(row);
        if STANDARD.contains(&row.signal.as_str()) {
            signals.insert(&row.signal, Item::Value(Value::InlineTable(t)));
            continue;
        }
        if signals.get("process").is_none() {
            signals.insert("process", Item::Value(Value::Array(Array::new())));
        }
        let process = signals
            .get_mut("process")
            .and_then(Item::as_array_mut)
            .ok_or_else(|| fail(0, format!("machine \"{machine}\": `signals.process` is not an array")))?;
        let same = process.iter().position(|v| {
            v.as_inline_table().and_then(|p| p.get("name")).and_then(Value::as_str) == Some(row.signal.as_str())
        });
        match same {
            Some(i) => {
                process.replace(i, t);
            }
            None => process.push(t),
        }
    }
    let text = doc.to_string();
    match Config::parse(&text, "takt.toml") {
        Ok(c) => Ok((text, c.config)),
        Err(e) => {
            let checked: Option<Vec<String>> = (|| {
                let doc: DocumentMut = text.parse().ok()?;
                let m = doc.get("machine")?.as_array_of_tables()?.get(index)?;
                let process = m.get("signals")?.get("process").and_then(Item::as_array);
                Some(
                    process
                        .map(|a| {
                            a.iter()
                                .map(|v| {
                                    v.as_inline_table()
                                        .and_then(|p| p.get("name"))
                                        .and_then(Value::as_str)
                                        .unwrap_or_default()
                                        .to_string()
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                )
            })();
            let process = checked.unwrap_or_default();
            let prefix = format!("machine[{index}].signals.");
            let mut errors: Vec<RowError> = e
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| {
                    let signal = d
                        .path
                        .strip_prefix(&prefix)
                        .and_then(|rest| match rest.strip_prefix("process[") {
                            Some(p) => p
                                .split(']')
                                .next()
                                .and_then(|i| i.parse::<usize>().ok())
                                .and_then(|i| process.get(i).cloned()),
                            None => rest.split(['.', '[']).next().map(str::to_string),
                        });
                    let line = signal
                        .and_then(|s| rows.iter().find(|r| r.signal == s))
                        .map_or(0, |r| r.line);
                    RowError {
                        line,
                        column: None,
                        message: d.message.clone(),
                    }
                })
                .collect();
            errors.sort_by_key(|r| r.line);
            Err(ImportErrors {
                file: map.to_string(),
                more: errors.len().saturating_sub(takt_core::import::MAX_ERRORS),
                errors: errors.into_iter().take(takt_core::import::MAX_ERRORS).collect(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::register_map::parse;

    const CONFIG: &str = "# The plant.\n[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[[machine]]\nid = \"press-1\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"10.0.0.5:502\" }  # the press's PLC\n[machine.signals]\nrunning = { coil = 0 }\n\n[[machine]]\nid = \"press-2\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"10.0.0.6:502\" }\n";

    #[test]
    fn a_register_map_becomes_the_machines_signals_keeping_the_files_comments() {
        let map = "signal,table,address,type,word_order,scale,unit,low,high\nrunning,discrete,3,,,,,,\ntotal_count,holding,0,u32,little,,,,\noil_temp,input,10,i16,,0.1,°C,20,70\n";
        let rows = parse("map.csv", map).unwrap();
        let (text, config) = register_map(CONFIG, "press-1", &rows, "map.csv").unwrap();
        assert!(text.starts_with("# The plant.\n"), "{text}");
        assert!(text.contains("# the press's PLC"), "{text}");
        let s = &config.machine("press-1").unwrap().signals;
        assert_eq!(s.running.as_ref().unwrap().describe(), "discrete 3");
        assert!(s.total_count.is_some());
        assert_eq!(s.process[0].name, "oil_temp");
        assert_eq!((s.process[0].low, s.process[0].high), (Some(20.0), Some(70.0)));
        assert!(config.machine("press-2").unwrap().signals.process.is_empty());
    }

    #[test]
    fn each_problem_is_named_at_the_row_of_its_signal_and_nothing_is_returned() {
        let map = "signal,table,address,type,word_order,scale,unit,low,high\ntotal_count,holding,0,u32,,,,,\noil_temp,input,10,i17,,,,,\nfault_code,holding,1,,,,,,\n";
        let rows = parse("map.csv", map).unwrap();
        let e = register_map(CONFIG, "press-1", &rows, "map.csv").unwrap_err();
        let lines: Vec<u64> = e.errors.iter().map(|r| r.line).collect();
        // The bad type is on line 3; the fault code overlaps the 32-bit counter's second
        // word (holding 1), on line 4.
        assert_eq!(lines, [3, 4], "{e}");
        assert!(e.errors[0].message.contains("i17"), "{e}");
        let e = register_map(CONFIG, "press-9", &rows, "map.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "map.csv: no machine \"press-9\" in takt.toml: expected one of \"press-1\", \"press-2\""
        );
    }
}
