//! Report writers: they render the core's typed report tables ([`takt_core::table`]) and
//! compute nothing. CSV exactly in the formats of SPEC section 4: RFC 4180 (CRLF line
//! ends, quoted where needed), UTF-8 without a byte-order mark so the header is exactly
//! `machine,...`, `.` decimals, RFC 3339 times with the plant's offset, ratios as
//! fractions with 4 digits (empty where undefined, such as availability without planned
//! time).

use std::io::Write;

mod chart;
mod pdf;
pub use chart::png;
pub use pdf::{Heading, pdf, pdf_columns};

use chrono_tz::Tz;
use takt_core::i18n::Locale;
use takt_core::table::Report;

/// Writing a report failed.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output failed.
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("writing the report: {0}")]
    Csv(#[from] csv::Error),
}

/// A report as CSV: the header, then a record per row, rendered as it is written. A long
/// report is rendered in parts on the machine's cores and written in order.
pub fn csv<W: Write>(report: &Report, tz: Tz, mut out: W) -> Result<(), ReportError> {
    let header = report.columns().iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let mut w = writer(&mut out);
    w.write_record(&header)?;
    w.flush()?;
    drop(w);
    let n = report.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .min(n / PART_ROWS)
        .max(1);
    let part = n.div_ceil(threads.max(1));
    let render = |from: usize| -> Result<Vec<u8>, ReportError> {
        let mut buf = Vec::new();
        let mut w = writer(&mut buf);
        for row in (from..(from + part).min(n)).map(|i| report.row(i)) {
            w.write_record(row.iter().map(|c| c.text(tz)))?;
        }
        w.flush()?;
        drop(w);
        Ok(buf)
    };
    if threads == 1 {
        out.write_all(&render(0)?)?;
        return Ok(());
    }
    let parts: Vec<Result<Vec<u8>, ReportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|t| scope.spawn(move || render(t * part))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(ReportError::Io(std::io::Error::other("a CSV part failed"))))
            })
            .collect()
    });
    for p in parts {
        out.write_all(&p?)?;
    }
    Ok(())
}

/// A report as aligned columns for a terminal: the CSV's values (times plant-local to the
/// minute), numbers right-aligned, one line per row.
pub fn text(report: &Report, tz: Tz) -> String {
    aligned(&report.columns(), report.rows(), tz, Locale::EN)
}

/// A small table (the key figures) as aligned columns, as [`text`] sets a report, its
/// numbers and times in the plant's language as the PDF's tables have them
/// ([`Cell::text_in`](takt_core::table::Cell::text_in)): the text of an e-mail's body.
pub fn table_text(table: &takt_core::table::Table, tz: Tz, l: Locale) -> String {
    aligned(&table.columns, table.rows.iter().cloned(), tz, l)
}

fn aligned(
    columns: &[takt_core::table::Column],
    rows: impl Iterator<Item = Vec<takt_core::table::Cell>>,
    tz: Tz,
    l: Locale,
) -> String {
    use takt_core::table::{Cell, ColumnType};
    let rows: Vec<Vec<String>> = rows
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Cell::Time(t) if l.language == takt_core::i18n::Language::En => {
                        t.to_local(tz).format("%Y-%m-%d %H:%M").to_string()
                    }
                    Cell::Time(t) => {
                        let local = t.to_local(tz);
                        format!("{} {}", l.date(local.date_naive()), local.format("%H:%M"))
                    }
                    c => c.text_in(tz, l),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([c.name.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let right: Vec<bool> = columns
        .iter()
        .map(|c| !matches!(c.kind, ColumnType::Text | ColumnType::Time | ColumnType::Bool))
        .collect();
    let line = |cells: Vec<String>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i > 0 {
                out.push_str("  ");
            }
            if right[i] {
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    out.push_str(&" ".repeat(pad));
                }
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(columns.iter().map(|c| c.name.clone()).collect());
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

/// Below this many rows per core a report is rendered on one.
const PART_ROWS: usize = 5000;

fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::report::ScrapGroup;

    #[test]
    fn a_mails_key_figures_are_written_the_plants_way_with_the_csvs_digits() {
        use takt_core::table::{Cell, Column, ColumnType, ReportKind, Table};
        let column = |name: &str, kind| Column {
            name: name.into(),
            kind,
            unit: None,
        };
        let t = Table {
            kind: ReportKind::Oee,
            columns: vec![column("OEE", ColumnType::Ratio), column("from", ColumnType::Time)],
            rows: vec![vec![
                Cell::Ratio(Some(0.748125)),
                Cell::Time(takt_core::time::Ts(1_795_507_200_000)),
            ]],
        };
        let csv_text = t.rows[0][0].text(chrono_tz::UTC);
        let tz = chrono_tz::Europe::Istanbul;
        let tr = table_text(&t, tz, Locale::parse("tr").unwrap());
        assert!(tr.contains(&csv_text.replace('.', ",")), "{tr}");
        assert!(tr.contains("24.11.2026 11:00"), "{tr}");
        let en = table_text(&t, tz, Locale::EN);
        assert!(en.contains(&csv_text) && en.contains("2026-11-24 11:00"), "{en}");
    }

    #[test]
    fn rfc_4180_with_crlf_and_quotes() {
        let t = Report::Scrap(vec![ScrapGroup {
            group: "a, \"b\"".into(),
            total: 10,
            reject: 1,
            cost: 0.5,
        }]);
        let mut out = Vec::new();
        csv(&t, chrono_tz::UTC, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "group,total,reject,scrap_rate,cost\r\n\"a, \"\"b\"\"\",10,1,0.1000,0.50\r\n"
        );
    }
}
