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
use crate::i18n::{t, tw};

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

/// A report's title in the plant's language (`reports-kind-oee`).
fn title(k: ReportKind) -> String {
    t(&format!("reports-kind-{}", k.as_str()))
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
        let time = |s: String, what: &str| {
            takt_core::time::parse_user_time(&s, tz).ok_or_else(|| tw("reports-bad-date", &[("field", t(what).into())]))
        };
        Ok(ReportQuery {
            kind: kind.get(),
            from: time(from.get(), "reports-from")?,
            to: time(to.get(), "reports-to")?,
            machines: Some(machine.get()).filter(|m| !m.is_empty()).into_iter().collect(),
            by: by(&group.get()),
            pdf: false,
        })
    };
    let preview = move |_| match query() {
        Err(e) => message.set(Some(e)),
        Ok(q) => {
            message.set(Some(t("reports-computing")));
            first.set(None);
            leptos::task::spawn_local(async move {
                match invoke::<_, ReportTable>(cmd::REPORT, &Input { input: &q }).await {
                    Ok(t) => {
                        message.set(Some(tw("reports-rows", &[("count", (t.rows.len() as u64).into())])));
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
                Ok(Some(path)) => message.set(Some(tw("reports-saved", &[("path", path.into())]))),
                Ok(None) => message.set(Some(t("reports-not-saved"))),
                Err(e) => message.set(Some(messages(&e))),
            }
        }),
    };
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    view! {
        <h1>{t("page-reports")}</h1>
        <div class="card">
            <div class="row">
                <label>{t("reports-report")}
                    <select id="report-kind" prop:value=move || kind.get() on:change=move |ev| {
                        let k = event_target_value(&ev);
                        // A grouping the new report does not have goes back to none.
                        if ReportKind::parse(&k).is_some_and(|r| r.check_by(by(&group.get_untracked())).is_err()) {
                            group.set(String::new());
                        }
                        kind.set(k);
                    }>
                        {ReportKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{title(k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("reports-from")}<input type="date" id="report-from" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
                <label>{t("reports-to-excluded")}<input type="date" id="report-to" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
                <label>{t("reports-machine")}
                    <select id="report-machine" on:change=move |ev| machine.set(event_target_value(&ev))>
                        <option value="">{t("reports-all-machines")}</option>
                        {move || machines().into_iter().map(|m| view! { <option value=m.id.clone()>{m.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("reports-by")}
                    <select id="report-by" on:change=move |ev| group.set(event_target_value(&ev)) prop:value=move || group.get()>
                        <option value="">{t("reports-by-none")}</option>
                        <option value="shift">{t("reports-by-shift")}</option>
                        <option value="day">{t("reports-by-day")}</option>
                        <option value="week">{t("reports-by-week")}</option>
                        <option value="machine">{t("reports-by-machine")}</option>
                        <option value="product">{t("reports-by-product")}</option>
                        <option value="reason">{t("reports-by-reason")}</option>
                    </select>
                </label>
                <button class="primary" id="report-preview" on:click=preview>{t("reports-preview")}</button>
                <button class="secondary" id="report-save" on:click=move |_| save(false)>{t("reports-save-csv")}</button>
                <button class="secondary" id="report-save-pdf" on:click=move |_| save(true)>{t("reports-save-pdf")}</button>
            </div>
            <p id="report-message" role="status">{move || message.get()}</p>
        </div>
        {move || first.get().map(|(q, p)| {
            let tz = ctx.tz();
            let name = ReportKind::parse(&q.kind).map_or(String::new(), title);
            let plant = ctx.plant.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
            view! {
                <div class="card first-page" id="report-first-page">
                    <p class="muted">{t("reports-first-page")}</p>
                    <h2>{plant}</h2>
                    <h3>{tw("reports-title", &[("title", name.into())])}</h3>
                    <p>{tw("reports-period", &[("from", fmt::day_hm(q.from, tz).into()), ("to", fmt::day_hm(q.to, tz).into())])}</p>
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
