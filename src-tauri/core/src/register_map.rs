//! A machine's register map from the list a PLC vendor gives (CSV
//! `signal,table,address,type,word_order,scale,unit,low,high`, a row a signal): read here
//! as the rows were written, each with its line. Whether a row makes a valid signal is the
//! config's own check: `takt_app::settings` writes the rows into the machine's
//! `[machine.signals]` and reads the result as `takt check` does, naming each problem at
//! the row its signal came from.

use crate::i18n::Locale;
use crate::import::{Errors, ImportErrors, LineIndex, Next, next_record};

/// The columns, in the vendors' order; `signal`, `table` and `address` are required.
pub const COLUMNS: [&str; 9] = [
    "signal",
    "table",
    "address",
    "type",
    "word_order",
    "scale",
    "unit",
    "low",
    "high",
];

/// One row: a signal's name and its register as written (empty where not given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapRow {
    /// 1-based line in the file.
    pub line: u64,
    /// `running`, `total_count`, `reject_count`, `fault_code`, `product_code`,
    /// `energy_kwh`, or a process value's name.
    pub signal: String,
    /// `coil`, `discrete`, `input` or `holding`.
    pub table: String,
    /// 0-based address.
    pub address: String,
    /// Value type (`u16`, `f32`, ...).
    pub value_type: String,
    /// `big` or `little`.
    pub word_order: String,
    /// Scale factor.
    pub scale: String,
    /// Unit (process values).
    pub unit: String,
    /// Lower limit (process values).
    pub low: String,
    /// Upper limit (process values).
    pub high: String,
}

/// Reads a register map: every row, or every problem of the file's shape (a missing or
/// unknown column, a row without a signal name or address, a signal named twice), said in
/// language `l`.
pub fn parse(file: &str, text: &str, l: Locale) -> Result<Vec<MapRow>, ImportErrors> {
    let header = COLUMNS.join(",");
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut errors = Errors::default();
    let mut index: Option<[Option<usize>; 9]> = None;
    let mut rows: Vec<MapRow> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = match next_record(&mut reader, &mut record, &lines, &mut errors) {
            Next::End => break,
            Next::Skip => continue,
            Next::At(byte) => lines.line_of(byte),
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(at) = &index else {
            let mut at = [None; 9];
            for (i, name) in record.iter().map(|h| h.trim().to_lowercase()).enumerate() {
                match COLUMNS.iter().position(|c| *c == name) {
                    Some(k) if at[k].is_none() => at[k] = Some(i),
                    Some(_) => errors.push(line, None, l.t_with("map-column-twice", &[("column", name.into())])),
                    None => {
                        let hint = crate::config::like(crate::config::did_you_mean(&name, COLUMNS)).text(l);
                        let args = [
                            ("column", name.into()),
                            ("hint", hint.into()),
                            ("header", header.as_str().into()),
                        ];
                        errors.push(line, None, l.t_with("map-no-column", &args));
                    }
                }
            }
            for (k, c) in COLUMNS.iter().enumerate().take(3) {
                if at[k].is_none() {
                    let args = [("column", (*c).into()), ("header", header.as_str().into())];
                    errors.push(line, None, l.t_with("map-header-lacks", &args));
                }
            }
            index = Some(at);
            continue;
        };
        let get = |k: usize| at[k].and_then(|i| record.get(i)).unwrap_or("").trim().to_string();
        let row = MapRow {
            line,
            signal: get(0),
            table: get(1).to_lowercase(),
            address: get(2),
            value_type: get(3).to_lowercase(),
            word_order: get(4).to_lowercase(),
            scale: get(5),
            unit: get(6),
            low: get(7),
            high: get(8),
        };
        if row.signal.is_empty() {
            errors.push(line, Some("signal"), l.t("map-signal-empty"));
        } else if let Some(first) = rows.iter().find(|r| r.signal == row.signal) {
            let args = [
                ("signal", row.signal.as_str().into()),
                ("line", first.line.to_string().into()),
            ];
            errors.push(line, Some("signal"), l.t_with("map-signal-again", &args));
        }
        for (k, column) in [(1, "table"), (2, "address")] {
            // A column the header lacks is named there once, not on every row.
            if at[k].is_some() && get(k).is_empty() {
                let key = if column == "table" {
                    "map-table-empty"
                } else {
                    "map-address-empty"
                };
                errors.push(line, Some(column), l.t(key));
            }
        }
        rows.push(row);
    }
    if index.is_none() && errors.list.is_empty() {
        errors.push(
            1,
            None,
            l.t_with("map-file-empty", &[("header", header.as_str().into())]),
        );
    }
    errors.or(file, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vendors_list_is_read_in_any_column_order_with_its_lines() {
        let text = "\u{feff}Signal,Address,Table,Type,Unit,Low,High\r\nrunning,0,coil,,,,\r\noil_temp,10,input,i16,°C,20,70\r\n";
        let rows = parse("map.csv", text, Locale::EN).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[0].signal.as_str(), rows[0].table.as_str()),
            (2, "running", "coil")
        );
        let oil = &rows[1];
        assert_eq!(oil.line, 3);
        assert_eq!(
            (oil.address.as_str(), oil.value_type.as_str(), oil.unit.as_str()),
            ("10", "i16", "°C")
        );
        assert_eq!(
            (oil.low.as_str(), oil.high.as_str(), oil.scale.as_str()),
            ("20", "70", "")
        );
    }

    #[test]
    fn the_files_shape_is_checked_at_its_lines() {
        let e = parse("map.csv", "signal,tabel,address\nrunning,coil,0\n", Locale::EN).unwrap_err();
        assert_eq!(
            e.to_string(),
            "map.csv:1: no column \"tabel\" (did you mean \"table\"?): expected the header signal,table,address,type,word_order,scale,unit,low,high\nmap.csv:1: the header has no \"table\": expected signal,table,address,type,word_order,scale,unit,low,high"
        );
        let e = parse(
            "map.csv",
            "signal,table,address\nrunning,coil,0\n,holding,\nrunning,coil,1\n",
            Locale::EN,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "map.csv:3: column \"signal\": empty: expected running, total_count, reject_count, fault_code, product_code, energy_kwh or a process value's name\nmap.csv:3: column \"address\": empty: expected the signal's address\nmap.csv:4: column \"signal\": \"running\" again: it is on line 2 already"
        );
        assert!(
            parse("map.csv", "", Locale::EN)
                .unwrap_err()
                .to_string()
                .contains("map.csv:1: the file is empty")
        );
        // The window says them in the plant's language, at the same line.
        let tr = Locale::parse("tr").unwrap_or_default();
        let e = parse("map.csv", "signal,table,address\nrunning,coil,0\nrunning,coil,1\n", tr).unwrap_err();
        assert_eq!(
            e.to_string(),
            "map.csv:3: column \"signal\": \"running\" yine var: 2. satırda zaten var"
        );
    }
}
