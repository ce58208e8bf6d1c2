//! Changes to `takt.toml` made by Takt itself, written with `toml_edit` (the rest of the
//! file, its comments and order, kept) and checked exactly as `takt check` checks before
//! anything is written: each problem is named where the change came from, by the key path
//! of the config's finding, never by its wording.

use takt_core::api::{ApiError, ConfigSection, CopyMachine, FieldValue, MapSignal, SectionItem};
use takt_core::config::{Config, ConfigErrors, Severity};
use takt_core::i18n::Locale;
use takt_core::import::{ImportErrors, RowError};
use takt_core::register_map::MapRow;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// Writes `text` to the config file `path` whole or not at all (beside it, then renamed),
/// making its folder when missing.
pub fn write(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("toml.new");
    let before = std::fs::metadata(path).ok();
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create(true).truncate(true);
    // Replacing a file: only its owner reads the new text until it has the old file's
    // permissions. A new file: a new file's usual ones.
    #[cfg(unix)]
    if before.is_some() {
        std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    }
    std::io::Write::write_all(&mut file.open(&tmp)?, text.as_bytes())?;
    // The file replaced keeps its permissions and, where this process may, its owner: a
    // packaged takt.toml is root:takt 0640, and `sudo takt check` writes the display's
    // token into it; the service must still read it, and nobody else.
    if let Some(before) = before {
        std::fs::set_permissions(&tmp, before.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = std::os::unix::fs::chown(&tmp, Some(before.uid()), Some(before.gid()));
        }
    }
    std::fs::rename(&tmp, path)
}

/// The signals a machine has by role; any other name is a process value.
pub use takt_core::config::SIGNAL_ROLES as STANDARD;

/// A value as TOML: a number (or `true`/`false`) where it reads as one, else the text, so
/// that the config's own checks judge it ("`unit` = \"x\" (a string): expected a whole
/// number").
pub fn typed(s: &str) -> Value {
    let s = s.trim();
    match s {
        "true" => return true.into(),
        "false" => return false.into(),
        _ => {}
    }
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
pub fn register_map(
    text: &str,
    machine: &str,
    rows: &[MapRow],
    map: &str,
    l: Locale,
) -> Result<(String, Config), ImportErrors> {
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
                        message: d.message_in(l),
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

/// `text` with `[display] token` set to `token` (the rest as written).
pub fn with_display_token(text: &str, token: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("takt.toml is not valid TOML: {e}"))?;
    let display = doc
        .get_mut("display")
        .and_then(Item::as_table_like_mut)
        .ok_or("takt.toml has no [display] table")?;
    display.insert("token", toml_edit::value(token));
    Ok(doc.to_string())
}

/// `text` with every `[[operator]]`'s `pin` typed as is replaced by `pin_hash`, the hash
/// `hash` makes of it; the rest of the file as written. `None` when no PIN was typed.
pub fn with_pin_hashes(text: &str, hash: impl Fn(&str) -> Result<String, String>) -> Result<Option<String>, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("takt.toml is not valid TOML: {e}"))?;
    let Some(operators) = doc.get_mut("operator").and_then(Item::as_array_of_tables_mut) else {
        return Ok(None);
    };
    let mut changed = false;
    for op in operators.iter_mut() {
        let Some(pin) = op.get("pin").and_then(Item::as_str).map(str::to_string) else {
            continue;
        };
        let hashed = hash(&pin)?;
        let pos = op.position();
        op.remove("pin");
        op.insert("pin_hash", toml_edit::value(hashed));
        if let Some(p) = pos {
            op.set_position(Some(p));
        }
        changed = true;
    }
    Ok(changed.then(|| doc.to_string()))
}

/// The config's findings that stop it, each at its key path (`shift[1].end`), the
/// field a form shows it at, in language `l`.
pub fn field_errors(e: &ConfigErrors, l: Locale) -> Vec<ApiError> {
    e.errors()
        .map(|d| ApiError {
            field: Some(d.path.clone()).filter(|p| !p.is_empty()),
            message: d.message_in(l),
        })
        .collect()
}

fn not_toml(e: impl std::fmt::Display) -> Vec<ApiError> {
    vec![ApiError::new(format!(
        "takt.toml is not valid TOML ({e}): correct it in the text below first"
    ))]
}

/// A path's steps: `machine[2].maintenance` is `machine`, 2, `maintenance`.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if key.is_empty() {
            return None;
        }
        out.push(Step::Key(key));
        for i in rest.split('[').filter(|s| !s.is_empty()) {
            out.push(Step::Index(i.strip_suffix(']')?.parse().ok()?));
        }
    }
    Some(out)
}

/// The table holding the last key of `path` (made on the way when `make`), and that key.
fn parent<'d>(doc: &'d mut DocumentMut, path: &str, make: bool) -> Result<(&'d mut Table, String), String> {
    let steps = steps(path).ok_or_else(|| format!("`{path}` is not a key path"))?;
    let Some((Step::Key(last), walk)) = steps.split_last() else {
        return Err(format!("`{path}` does not end in a key"));
    };
    let mut table: &mut Table = doc.as_table_mut();
    let mut i = 0;
    while i < walk.len() {
        let Step::Key(key) = walk[i] else {
            return Err(format!("`{path}`: an index without its key"));
        };
        if make && !table.contains_key(key) {
            let mut t = Table::new();
            t.set_implicit(true);
            table.insert(key, Item::Table(t));
        }
        let item = table.get_mut(key).ok_or_else(|| format!("takt.toml has no `{key}`"))?;
        table = match walk.get(i + 1) {
            Some(Step::Index(n)) => {
                i += 1;
                item.as_array_of_tables_mut()
                    .and_then(|a| a.get_mut(*n))
                    .ok_or_else(|| format!("takt.toml has no `{key}[{n}]`"))?
            }
            _ => item
                .as_table_mut()
                .ok_or_else(|| format!("`{key}` in takt.toml is not a table"))?,
        };
        i += 1;
    }
    Ok((table, (*last).to_string()))
}

/// A value of the file as a form holds it.
fn field_value(v: &Value) -> FieldValue {
    match v {
        Value::String(s) => FieldValue::Text(s.value().clone()),
        Value::Array(a) => FieldValue::List(a.iter().map(field_value).collect()),
        Value::InlineTable(t) => FieldValue::Table(t.iter().map(|(k, v)| (k.to_string(), field_value(v))).collect()),
        other => FieldValue::Typed(other.clone().decorated("", "").to_string()),
    }
}

fn item_value(item: &Item) -> Option<FieldValue> {
    match item {
        Item::Value(v) => Some(field_value(v)),
        Item::Table(t) => Some(FieldValue::Table(fields(t))),
        Item::ArrayOfTables(a) => Some(FieldValue::List(
            a.iter().map(|t| FieldValue::Table(fields(t))).collect(),
        )),
        Item::None => None,
    }
}

fn fields(t: &Table) -> Vec<(String, FieldValue)> {
    t.iter()
        .filter_map(|(k, v)| item_value(v).map(|v| (k.to_string(), v)))
        .collect()
}

/// A form's value as TOML.
fn toml_value(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) => s.as_str().into(),
        FieldValue::Typed(s) => typed(s),
        FieldValue::List(items) => Value::Array(items.iter().map(toml_value).collect()),
        FieldValue::Table(fields) => {
            let mut t = InlineTable::new();
            for (k, v) in fields {
                t.insert(k, toml_value(v));
            }
            Value::InlineTable(t)
        }
    }
}

/// `t` given `fields`: a value the form left as it was is not touched (its formatting and
/// comment kept), a changed one keeps its comment, a key the form left out is removed.
fn sync(t: &mut Table, fields: &[(String, FieldValue)]) {
    let gone: Vec<String> = t
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !fields.iter().any(|(f, _)| f == k))
        .collect();
    for k in gone {
        t.remove(&k);
    }
    for (k, v) in fields {
        let old = t.get(k);
        if old.and_then(item_value).as_ref() == Some(v) {
            continue;
        }
        let mut new = toml_value(v);
        if let Some(old) = old.and_then(Item::as_value) {
            *new.decor_mut() = old.decor().clone();
        }
        t.insert(k, Item::Value(new));
    }
}

/// The section at `path` of `text` as its form shows it (`plant`, `shift`,
/// `machine[2].maintenance`); a section the file does not have yet has no items.
pub fn section(text: &str, path: &str) -> Result<ConfigSection, Vec<ApiError>> {
    let mut doc: DocumentMut = text.parse().map_err(not_toml)?;
    let (parent, key) = parent(&mut doc, path, false).map_err(|e| vec![ApiError::new(e)])?;
    let origin = |i: usize| u32::try_from(i).ok();
    let (table, items) = match parent.get(&key) {
        None => (false, Vec::new()),
        Some(Item::Table(t)) => (
            true,
            vec![SectionItem {
                origin: Some(0),
                fields: fields(t),
            }],
        ),
        Some(Item::ArrayOfTables(a)) => (
            false,
            a.iter()
                .enumerate()
                .map(|(i, t)| SectionItem {
                    origin: origin(i),
                    fields: fields(t),
                })
                .collect(),
        ),
        Some(_) => return Err(vec![ApiError::new(format!("`{path}` in takt.toml is not a table"))]),
    };
    Ok(ConfigSection {
        path: path.to_string(),
        table,
        items,
    })
}

/// `text` with the section as its form has it: each table kept where it was (with its
/// comments), changed only where the form changed it, removed tables gone, new ones added
/// after; checked as `takt check` checks. The new text and config, or each finding at its
/// key path (`shift[1].breaks[0].start`, the path of the new text: the form's item 1).
pub fn set_section(
    text: &str,
    section: &ConfigSection,
    file: &str,
    l: Locale,
) -> Result<(String, Config), Vec<ApiError>> {
    let mut doc: DocumentMut = text.parse().map_err(not_toml)?;
    let (parent, key) = parent(&mut doc, &section.path, true).map_err(|e| vec![ApiError::new(e)])?;
    if section.table {
        let [item] = section.items.as_slice() else {
            return Err(vec![ApiError::new(format!("[{}] is one table", section.path))]);
        };
        if !matches!(parent.get(&key), Some(Item::Table(_))) {
            parent.insert(&key, Item::Table(Table::new()));
        }
        if let Some(t) = parent.get_mut(&key).and_then(Item::as_table_mut) {
            sync(t, &item.fields);
        }
    } else {
        let old = match parent.remove(&key) {
            Some(Item::ArrayOfTables(a)) => a,
            None => ArrayOfTables::new(),
            Some(_) => {
                return Err(vec![ApiError::new(format!(
                    "`{}` in takt.toml is not a list of tables",
                    section.path
                ))]);
            }
        };
        // The tables keep the places the old ones had in the file, in the form's order.
        let places: Vec<Option<isize>> = old.iter().map(Table::position).collect();
        let mut new = ArrayOfTables::new();
        for (i, item) in section.items.iter().enumerate() {
            let mut t = item
                .origin
                .and_then(|o| old.get(o as usize))
                .cloned()
                .unwrap_or_default();
            t.set_position(places.get(i).copied().flatten());
            sync(&mut t, &item.fields);
            new.push(t);
        }
        if !new.is_empty() {
            parent.insert(&key, Item::ArrayOfTables(new));
        }
    }
    let text = doc.to_string();
    let checked = Config::parse(&text, file).map_err(|e| field_errors(&e, l))?;
    Ok((text, checked.config))
}

/// `text` with a copy of machine `copy.from` appended: its signals, settings and
/// maintenance plans under `copy.id`, named `copy.name` (the id when empty), at
/// `copy.address` (a `host:port` or a serial port, as the original's connection is) and
/// `copy.unit` (the original's when empty). Checked as `takt check` checks; each finding
/// about the copy at the copy's form field (`id`, `name`, `address`; one about the copy
/// as a whole, such as a bus and unit another machine has, at `address`), the others
/// with no field.
pub fn copy_machine(text: &str, copy: &CopyMachine, file: &str, l: Locale) -> Result<(String, Config), Vec<ApiError>> {
    let CopyMachine {
        from,
        id,
        name,
        address,
        unit,
    } = copy;
    let mut doc: DocumentMut = text.parse().map_err(not_toml)?;
    let machines = doc
        .get_mut("machine")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| vec![ApiError::new("takt.toml has no [[machine]] to copy")])?;
    let mut copy = machines
        .iter()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(from))
        .cloned()
        .ok_or_else(|| vec![ApiError::new(format!("no machine \"{from}\" in takt.toml"))])?;
    // The copy goes after the last machine's tables, its own in the order they had.
    fn unplace(t: &mut Table) {
        t.set_position(None);
        for (_, item) in t.iter_mut() {
            match item {
                Item::Table(t) => unplace(t),
                Item::ArrayOfTables(a) => a.iter_mut().for_each(unplace),
                _ => {}
            }
        }
    }
    unplace(&mut copy);
    copy.decor_mut().clear();
    copy.insert("id", toml_edit::value(id.trim()));
    if name.trim().is_empty() {
        copy.remove("name");
    } else {
        copy.insert("name", toml_edit::value(name.trim()));
    }
    let index = machines.len();
    let connection = copy
        .get_mut("connection")
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| vec![ApiError::new(format!("machine \"{from}\" has no `connection` table"))])?;
    let kind = ["modbus_tcp", "modbus_rtu"]
        .into_iter()
        .find(|k| connection.contains_key(k))
        .unwrap_or("modbus_tcp");
    connection.insert(kind, toml_edit::value(address.trim()));
    if !unit.trim().is_empty() {
        connection.insert("unit", Item::Value(typed(unit)));
    }
    machines.push(copy);
    let text = doc.to_string();
    let prefix = format!("machine[{index}]");
    let checked = Config::parse(&text, file).map_err(|e| {
        let mut errors = field_errors(&e, l);
        for e in &mut errors {
            e.field = e.field.as_deref().and_then(|f| {
                let rest = f.strip_prefix(&prefix)?;
                // A finding about the copy as a whole (it shares a bus and unit with
                // another machine) is about where it is: its address and unit.
                let key = match rest {
                    "" => "connection",
                    _ => rest.strip_prefix('.')?.split(['.', '[']).next()?,
                };
                match key {
                    "connection" => Some("address"),
                    "name" | "id" => Some(key),
                    _ => None,
                }
                .map(str::to_string)
            });
        }
        errors
    })?;
    Ok((text, checked.config))
}

/// A register map's rows as `machine`'s signals are after it (`after`), each marked new or
/// replacing a signal `before` had: the preview the CLI prints and the window shows.
pub fn map_preview(before: Option<&Config>, after: &Config, machine: &str, rows: &[MapRow]) -> Vec<MapSignal> {
    let label = |signal: &str| {
        if STANDARD.contains(&signal) {
            signal.to_string()
        } else {
            format!("process {signal}")
        }
    };
    let had: Vec<String> = before
        .and_then(|c| c.machine(machine))
        .map(|m| m.signals.registers().into_iter().map(|(n, _)| n).collect())
        .unwrap_or_default();
    let Some(m) = after.machine(machine) else {
        return Vec::new();
    };
    let now = m.signals.registers();
    rows.iter()
        .map(|row| {
            let name = label(&row.signal);
            let register = now
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, r)| {
                    let mut d = format!("{} {}", r.describe(), r.value_type.as_str());
                    if r.value_type.width() > 1 && r.word_order == takt_core::config::WordOrder::Little {
                        d.push_str(" little-endian words");
                    }
                    if r.scale != 1.0 {
                        d.push_str(&format!(" x{}", r.scale));
                    }
                    d
                })
                .unwrap_or_default();
            let limits = m
                .signals
                .process
                .iter()
                .find(|p| p.name == row.signal)
                .map(|p| {
                    let bound = |b: Option<f64>| b.map(|x| x.to_string()).unwrap_or_default();
                    match (p.low, p.high) {
                        (None, None) => p.unit.clone().unwrap_or_default(),
                        (low, high) => {
                            format!("{} {}..{}", p.unit.clone().unwrap_or_default(), bound(low), bound(high))
                                .trim()
                                .to_string()
                        }
                    }
                })
                .unwrap_or_default();
            MapSignal {
                line: row.line,
                signal: row.signal.clone(),
                register,
                limits,
                replaces: had.contains(&name),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn rewriting_takt_toml_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("takt.toml");
        std::fs::write(&path, "[plant]\n").unwrap();
        // As the packages install it: the service's group reads it, nobody else.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, "[plant]\nname = \"P\"\n").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{mode:o}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[plant]\nname = \"P\"\n");
        // A new file, in a new folder; nothing left beside it.
        let fresh = dir.path().join("new/takt.toml");
        write(&fresh, "x").unwrap();
        assert_eq!(std::fs::read_to_string(&fresh).unwrap(), "x");
        assert!(!fresh.with_extension("toml.new").exists());
    }

    use super::*;
    use takt_core::register_map::parse;

    const CONFIG: &str = "# The plant.\n[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[[machine]]\nid = \"press-1\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"10.0.0.5:502\" }  # the press's PLC\n[machine.signals]\nrunning = { coil = 0 }\n\n[[machine]]\nid = \"press-2\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"10.0.0.6:502\" }\n";

    #[test]
    fn a_register_map_becomes_the_machines_signals_keeping_the_files_comments() {
        let map = "signal,table,address,type,word_order,scale,unit,low,high\nrunning,discrete,3,,,,,,\ntotal_count,holding,0,u32,little,,,,\noil_temp,input,10,i16,,0.1,°C,20,70\n";
        let rows = parse("map.csv", map, Locale::EN).unwrap();
        let (text, config) = register_map(CONFIG, "press-1", &rows, "map.csv", Locale::EN).unwrap();
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
        let rows = parse("map.csv", map, Locale::EN).unwrap();
        let e = register_map(CONFIG, "press-1", &rows, "map.csv", Locale::EN).unwrap_err();
        let lines: Vec<u64> = e.errors.iter().map(|r| r.line).collect();
        // The bad type is on line 3; the fault code overlaps the 32-bit counter's second
        // word (holding 1), on line 4.
        assert_eq!(lines, [3, 4], "{e}");
        assert!(e.errors[0].message.contains("i17"), "{e}");
        let e = register_map(CONFIG, "press-9", &rows, "map.csv", Locale::EN).unwrap_err();
        assert_eq!(
            e.to_string(),
            "map.csv: no machine \"press-9\" in takt.toml: expected one of \"press-1\", \"press-2\""
        );
    }

    const PLANT: &str = "# Our plant.\n[plant]\nname = \"P\"\ntimezone = \"UTC\"   # IANA name\nmicrostop_s = 120\n\n# The early shift.\n[[shift]]\nname = \"Early\"\nstart = \"06:00\"\nend = \"14:00\"\ndays = [\"mon\", \"tue\"]\n\n# The late shift.\n[[shift]]\nname = \"Late\"\nstart = \"14:00\"\nend = \"22:00\"   # till ten\n\n[[calendar]]\ndate = \"2026-12-31\"\nshifts = [\"Early\"]\n\n[[machine]]\nid = \"press-1\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"10.0.0.5:502\", unit = 3 }  # the press's PLC\n[machine.signals]\nrunning = { coil = 0 }\ntotal_count = { holding = 0, type = \"u32\" }\n\n[[machine.maintenance]]\ntask = \"Grease\"\ncomponent = \"bearing\"\nevery_days = 30\n\n[[machine]]\nid = \"cnc-1\"\nideal_cycle_s = 30.0\nconnection = { modbus_rtu = \"/dev/ttyUSB0\", baud = 19200, unit = 2 }\n\n[smtp]\nhost = \"mail\"\nfrom = \"takt@example.com\"\n";

    fn text(v: &str) -> FieldValue {
        FieldValue::Text(v.into())
    }

    #[test]
    fn a_sections_form_reads_the_file_as_written_and_writes_back_only_what_changed() {
        let mut plant = section(PLANT, "plant").unwrap();
        assert!(plant.table);
        assert_eq!(plant.items[0].get("timezone"), Some(&text("UTC")));
        assert_eq!(
            plant.items[0].get("microstop_s"),
            Some(&FieldValue::Typed("120".into()))
        );
        // Nothing changed: the very same text.
        assert_eq!(set_section(PLANT, &plant, "takt.toml", Locale::EN).unwrap().0, PLANT);
        plant.items[0].set("name", Some(text("Plant 2")));
        plant.items[0].set("microstop_s", Some(FieldValue::Typed("90".into())));
        let (new, config) = set_section(PLANT, &plant, "takt.toml", Locale::EN).unwrap();
        assert_eq!(config.plant.name, "Plant 2");
        assert_eq!(config.plant.microstop_s, 90.0);
        assert_eq!(
            new,
            PLANT
                .replace("name = \"P\"", "name = \"Plant 2\"")
                .replace("microstop_s = 120", "microstop_s = 90")
        );
    }

    #[test]
    fn a_shifts_end_and_a_new_break_are_written_and_comments_stay_with_their_shifts() {
        let mut shifts = section(PLANT, "shift").unwrap();
        assert!(!shifts.table);
        assert_eq!(shifts.items.len(), 2);
        let late = &mut shifts.items[1];
        late.set("end", Some(text("23:00")));
        late.set(
            "breaks",
            Some(FieldValue::List(vec![FieldValue::Table(vec![
                ("start".into(), text("18:00")),
                ("minutes".into(), FieldValue::Typed("20".into())),
            ])])),
        );
        let (new, config) = set_section(PLANT, &shifts, "takt.toml", Locale::EN).unwrap();
        let late = &config.shifts[1];
        assert_eq!(late.end.format("%H:%M").to_string(), "23:00");
        assert_eq!(
            (late.breaks[0].start.format("%H:%M").to_string(), late.breaks[0].minutes),
            ("18:00".into(), 20)
        );
        assert!(new.contains("end = \"23:00\"   # till ten\n"), "{new}");
        assert!(new.contains("breaks = [{ start = \"18:00\", minutes = 20 }]"), "{new}");
        // The late shift first and a night shift added: each comment goes with its
        // shift, the calendar and the machines stay where they were.
        shifts.items.swap(0, 1);
        shifts.items.push(SectionItem {
            origin: None,
            fields: vec![
                ("name".into(), text("Night")),
                ("start".into(), text("23:00")),
                ("end".into(), text("06:00")),
            ],
        });
        let (new, config) = set_section(PLANT, &shifts, "takt.toml", Locale::EN).unwrap();
        let names: Vec<&str> = config.shifts.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Late", "Early", "Night"]);
        let at = |s: &str| new.find(s).unwrap_or_else(|| panic!("{s} in {new}"));
        assert!(
            at("# The late shift.\n[[shift]]\nname = \"Late\"") < at("# The early shift.\n[[shift]]\nname = \"Early\"")
        );
        assert!(at("name = \"Night\"") < at("[[calendar]]"), "{new}");
        assert!(at("[[calendar]]") < at("[[machine]]"));
    }

    #[test]
    fn a_wrong_value_is_named_at_its_key_path_and_nothing_is_returned() {
        let mut shifts = section(PLANT, "shift").unwrap();
        shifts.items[1].set("end", Some(text("25:00")));
        shifts.items[0].set("days", Some(FieldValue::List(vec![text("mon"), text("mon")])));
        let e = set_section(PLANT, &shifts, "takt.toml", Locale::EN).unwrap_err();
        let fields: Vec<&str> = e.iter().filter_map(|e| e.field.as_deref()).collect();
        assert!(fields.contains(&"shift[1].end"), "{e:?}");
        assert!(fields.iter().any(|f| f.starts_with("shift[0].days")), "{e:?}");
        // The same findings in the plant's language, at the same fields: the wrong value
        // and the keys as written, the words Turkish or German.
        let end = |e: &[ApiError]| e.iter().find(|e| e.field.as_deref() == Some("shift[1].end")).cloned();
        let english = end(&e).unwrap().message;
        assert!(
            english.contains("\"25:00\"") && english.contains("expected a time of day"),
            "{english}"
        );
        for (tag, word) in [("tr", "beklenen"), ("de", "erwartet")] {
            let l = Locale::parse(tag).unwrap();
            let e = set_section(PLANT, &shifts, "takt.toml", l).unwrap_err();
            let message = end(&e).unwrap().message;
            assert!(
                message.contains("\"25:00\"") && message.contains("`end`"),
                "{tag}: {message}"
            );
            assert!(
                message.contains(word) && !message.contains("expected"),
                "{tag}: {message}"
            );
        }
        // A shift renamed that the calendar still names: found at the calendar's key.
        let mut shifts = section(PLANT, "shift").unwrap();
        shifts.items[0].set("name", Some(text("Morning")));
        let e = set_section(PLANT, &shifts, "takt.toml", Locale::EN).unwrap_err();
        assert!(
            e.iter().any(|e| e.field.as_deref() == Some("calendar[0].shifts[0]")),
            "{e:?}"
        );
    }

    #[test]
    fn a_machines_maintenance_plans_are_a_section_of_their_own() {
        let mut plans = section(PLANT, "machine[1].maintenance").unwrap();
        assert!(plans.items.is_empty());
        plans.items.push(SectionItem {
            origin: None,
            fields: vec![
                ("task".into(), text("Replace belt")),
                ("component".into(), text("belt")),
                ("every_run_hours".into(), FieldValue::Typed("500".into())),
            ],
        });
        let (new, config) = set_section(PLANT, &plans, "takt.toml", Locale::EN).unwrap();
        assert_eq!(config.machine("cnc-1").unwrap().maintenance.len(), 1);
        assert_eq!(config.machine("press-1").unwrap().maintenance.len(), 1);
        assert!(new.find("task = \"Replace belt\"").unwrap() > new.find("id = \"cnc-1\"").unwrap());
        assert!(
            new.find("task = \"Replace belt\"").unwrap() < new.find("[smtp]").unwrap(),
            "{new}"
        );
        plans.items[0].set("every_run_hours", Some(FieldValue::Typed("-5".into())));
        let e = set_section(PLANT, &plans, "takt.toml", Locale::EN).unwrap_err();
        assert_eq!(
            e[0].field.as_deref(),
            Some("machine[1].maintenance[0].every_run_hours"),
            "{e:?}"
        );
    }

    #[test]
    fn a_copied_machine_has_the_same_signals_and_plans_under_its_own_id_and_address() {
        let copy = |id: &str, name: &str, address: &str, unit: &str| CopyMachine {
            from: "press-1".into(),
            id: id.into(),
            name: name.into(),
            address: address.into(),
            unit: unit.into(),
        };
        let (new, config) = copy_machine(
            PLANT,
            &copy("press-2", "Press 2", "10.0.0.6:502", ""),
            "takt.toml",
            Locale::EN,
        )
        .unwrap();
        let (a, b) = (config.machine("press-1").unwrap(), config.machine("press-2").unwrap());
        assert_eq!(a.signals, b.signals);
        assert_eq!(a.maintenance, b.maintenance);
        assert_eq!(b.name, "Press 2");
        assert!(
            matches!(&b.connection, takt_core::config::Connection::Tcp { address, unit: 3, .. } if address == "10.0.0.6:502"),
            "{}",
            b.connection
        );
        assert!(
            new.starts_with(PLANT.split("[smtp]").next().unwrap()),
            "the file before it unchanged:\n{new}"
        );
        assert!(
            new.find("id = \"press-2\"").unwrap() < new.find("[smtp]").unwrap(),
            "{new}"
        );
        let e = copy_machine(PLANT, &copy("cnc-1", "", "10.0.0.6:502", ""), "takt.toml", Locale::EN).unwrap_err();
        assert_eq!(e[0].field.as_deref(), Some("id"), "{e:?}");
        let e = copy_machine(PLANT, &copy("press-2", "", "10.0.0.6", ""), "takt.toml", Locale::EN).unwrap_err();
        assert_eq!(e[0].field.as_deref(), Some("address"), "{e:?}");
        let e = copy_machine(PLANT, &copy("Press 2", "", "10.0.0.6:502", ""), "takt.toml", Locale::EN).unwrap_err();
        assert_eq!(e[0].field.as_deref(), Some("id"), "{e:?}");
        // On the original's address and unit: refused at the address; another unit there
        // (a gateway, an RS-485 bus) is a machine of its own.
        let e = copy_machine(PLANT, &copy("press-2", "", "10.0.0.5:502", ""), "takt.toml", Locale::EN).unwrap_err();
        assert_eq!(e[0].field.as_deref(), Some("address"), "{e:?}");
        let (_, config) = copy_machine(
            PLANT,
            &copy("press-2", "", "10.0.0.5:502", "4"),
            "takt.toml",
            Locale::EN,
        )
        .unwrap();
        assert!(matches!(
            &config.machine("press-2").unwrap().connection,
            takt_core::config::Connection::Tcp { unit: 4, .. }
        ));
    }
}
