//! A report table as the window shows it: the typed table the backend computed, for
//! people (column names in words, plant-local times, durations in minutes and seconds,
//! ratios in %; numbers aligned right), each cell carrying the CSV's text in `data-csv`.

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
    let body = t
        .rows
        .iter()
        .take(limit)
        .map(|r| {
            view! {
                <tr>{r.iter().zip(&numeric).map(|(c, n)| view! { <td class:num=*n data-csv=c.text(tz)>{crate::fmt::cell(c, tz)}</td> }).collect_view()}</tr>
            }
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
