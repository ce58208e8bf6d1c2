//! The Reports page: every report of `takt report`, with period, machine and grouping
//! pickers, a preview, and saving as CSV or PDF (the same files the command line writes).

use leptos::prelude::*;
use takt_core::api::{FirstPage, ReportQuery, ReportTable, cmd};
use takt_core::report::By;
use takt_core::table::ReportKind;
use takt_core::time::{DAY_MS, Ts};

use crate::api::{Input, invoke, messages, now};
use crate::app::Ctx;
use crate::fmt;

fn by(s: &str) -> Option<By> {
    Some(match s {
        "shift" => By::Shift,
        "day" => By::Day,
        "week" => By::Week,
        "machine" => By::Machine,
        "product" => By::Product,
        "reason" => By::Reason,
        _ => return None,
    })
}

/// The Reports page.
#[component]
pub fn Reports() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let tz = ctx.tz();
    let today = now();
    let kind = RwSignal::new("oee".to_string());
    let from = RwSignal::new(fmt::date(Ts(today.0 - 6 * DAY_MS), tz));
    let to = RwSignal::new(fmt::date(Ts(today.0 + DAY_MS), tz));
    let machine = RwSignal::new(String::new());
    let group = RwSignal::new("day".to_string());
    let table = RwSignal::new(None::<ReportTable>);
    let first = RwSignal::new(None::<(ReportQuery, FirstPage)>);
    let message = RwSignal::new(None::<String>);
    let query = move || -> Result<ReportQuery, String> {
        let tz = ctx.tz();
        let t = |s: String, what: &str| {
            takt_core::time::parse_user_time(&s, tz).ok_or(format!("{what}: expected a date like 2026-11-24"))
        };
        Ok(ReportQuery {
            kind: kind.get(),
            from: t(from.get(), "From")?,
            to: t(to.get(), "To")?,
            machines: Some(machine.get()).filter(|m| !m.is_empty()).into_iter().collect(),
            by: by(&group.get()),
            pdf: false,
        })
    };
    let preview = move |_| match query() {
        Err(e) => message.set(Some(e)),
        Ok(q) => {
            message.set(Some("Computing…".into()));
            first.set(None);
            leptos::task::spawn_local(async move {
                match invoke::<_, ReportTable>(cmd::REPORT, &Input { input: &q }).await {
                    Ok(t) => {
                        message.set(Some(format!("{} rows", t.rows.len())));
                        table.set(Some(t));
                    }
                    Err(e) => {
                        message.set(Some(messages(&e)));
                        return;
                    }
                }
                // Then what the PDF shows before its table: its key figures and charts.
                match invoke::<_, FirstPage>(cmd::FIRST_PAGE, &Input { input: &q }).await {
                    Ok(p) => first.set(Some((q, p))),
                    Err(e) => message.set(Some(messages(&e))),
                }
            });
        }
    };
    let save = move |pdf: bool| match query() {
        Err(e) => message.set(Some(e)),
        Ok(q) => leptos::task::spawn_local(async move {
            let q = ReportQuery { pdf, ..q };
            match invoke::<_, Option<String>>(cmd::SAVE_REPORT, &Input { input: &q }).await {
                Ok(Some(path)) => message.set(Some(format!("Saved {path}"))),
                Ok(None) => message.set(Some("Not saved".into())),
                Err(e) => message.set(Some(messages(&e))),
            }
        }),
    };
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    view! {
        <h1>"Reports"</h1>
        <div class="card">
            <div class="row">
                <label>"Report"
                    <select id="report-kind" prop:value=move || kind.get() on:change=move |ev| {
                        let k = event_target_value(&ev);
                        // A grouping the new report does not have goes back to none.
                        if ReportKind::parse(&k).is_some_and(|r| r.check_by(by(&group.get_untracked())).is_err()) {
                            group.set(String::new());
                        }
                        kind.set(k);
                    }>
                        {ReportKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.title()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"From"<input type="date" id="report-from" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
                <label>"To (not included)"<input type="date" id="report-to" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                <label>"Machine"
                    <select id="report-machine" on:change=move |ev| machine.set(event_target_value(&ev))>
                        <option value="">"All machines"</option>
                        {move || machines().into_iter().map(|m| view! { <option value=m.id.clone()>{m.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"By"
                    <select id="report-by" on:change=move |ev| group.set(event_target_value(&ev)) prop:value=move || group.get()>
                        <option value="">"– (none: a row per stop, episode, value) –"</option>
                        <option value="shift">"Shift"</option>
                        <option value="day">"Day"</option>
                        <option value="week">"Week"</option>
                        <option value="machine">"Machine"</option>
                        <option value="product">"Product"</option>
                        <option value="reason">"Reason"</option>
                    </select>
                </label>
                <button class="primary" id="report-preview" on:click=preview>"Preview"</button>
                <button class="secondary" id="report-save" on:click=move |_| save(false)>"Save as CSV…"</button>
                <button class="secondary" id="report-save-pdf" on:click=move |_| save(true)>"Save as PDF…"</button>
            </div>
            <p id="report-message" role="status">{move || message.get()}</p>
        </div>
        {move || first.get().map(|(q, p)| {
            let tz = ctx.tz();
            let title = ReportKind::parse(&q.kind).map_or("", |k| k.title());
            let plant = ctx.plant.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
            view! {
                <div class="card first-page" id="report-first-page">
                    <p class="muted">"The PDF's first page"</p>
                    <h2>{plant}</h2>
                    <h3>{format!("{title} report")}</h3>
                    <p>{format!("{} to {}", fmt::day_hm(q.from, tz), fmt::day_hm(q.to, tz))}</p>
                    <div class="key-figures">
                        {p.key_figures.iter().map(|t| crate::table::view(t, tz, "report-key-figures", 20)).collect_view()}
                    </div>
                    <div class="charts" id="report-charts">
                        {p.charts.iter().map(crate::chart::drawn).collect_view()}
                    </div>
                </div>
            }
        })}
        {move || table.get().map(|t| crate::table::view(&t, ctx.tz(), "report-table", 500))}
    }
}
