//! A report table as the window shows it: the typed table the backend computed, for
//! people (column names in words, plant-local times, durations in minutes and seconds,
//! ratios in %; numbers aligned right), each cell carrying the CSV's text in `data-csv`.
//! Column names and the key figures' row names are in the plant's language; the cells'
//! own words (machines, reasons) are the data's.

use leptos::prelude::*;
use takt_core::api::ReportTable;
use takt_core::table::{Cell, ColumnType};

/// The table, with `id` on it, showing at most `limit` rows.
pub fn view(t: &ReportTable, tz: chrono_tz::Tz, id: &'static str, limit: usize) -> impl IntoView + use<> {
    let numeric: Vec<bool> = t
        .columns
        .iter()
        .map(|c| !matches!(c.kind, ColumnType::Text | ColumnType::Time))
        .collect();
    let head = t
        .columns
        .iter()
        .map(|c| view! { <th data-csv=c.name.clone()>{crate::fmt::column(c)}</th> })
        .collect_view();
    // The key figures' tables name their rows in words of their own (`good parts`).
    let named_rows = t
        .columns
        .first()
        .is_some_and(|c| c.name == "key figure" || c.name == "largest losses");
    let body = t
        .rows
        .iter()
        .take(limit)
        .map(|r| {
            let cells = r
                .iter()
                .zip(&numeric)
                .enumerate()
                .map(|(i, (c, n))| {
                    let shown = match c {
                        Cell::Text(name) if i == 0 && named_rows => figure(name),
                        c => crate::fmt::cell(c, tz),
                    };
                    view! { <td class:num=*n data-csv=c.text(tz)>{shown}</td> }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table id=id>
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// The text of the cell in `column` of row `row`, as the CSV writes it ("" when there is
/// no such cell); an instant as the window shows times (`Tue 24 Nov 14:03`).
pub fn cell(t: &ReportTable, row: usize, column: &str, tz: chrono_tz::Tz) -> String {
    match t.column(column).and_then(|c| t.rows.get(row).and_then(|r| r.get(c))) {
        Some(Cell::Time(ts)) => crate::fmt::day_hm(*ts, tz),
        Some(c) => c.text(tz),
        None => String::new(),
    }
}

/// A key figure's name (`good parts`) in the plant's language (`table-figure-good-parts`),
/// else as the table has it.
fn figure(name: &str) -> String {
    let key = format!("table-figure-{}", crate::fmt::slug(name));
    let words = crate::i18n::t(&key);
    if words == key { name.to_string() } else { words }
}
