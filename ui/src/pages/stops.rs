//! The Stops page: stops waiting for a reason (pick one from the tree; a planned reason
//! marks the stop planned; split a stop that had two causes), and scrap entry by reason
//! and product.

use leptos::prelude::*;
use takt_core::api::{AssignReason, NewScrap, SplitStop, StopRow, StopsQuery, cmd};
use takt_core::config::ReasonKind;
use takt_core::time::{DAY_MS, Ts};

use crate::api::{Input, invoke, messages, now};
use crate::app::Ctx;
use crate::fmt;
use crate::i18n::{t, tw};

/// The Stops page.
#[component]
pub fn Stops() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let stops = RwSignal::new(Vec::<StopRow>::new());
    let only_uncoded = RwSignal::new(true);
    let message = RwSignal::new(None::<String>);
    let reload = move || {
        let to = now();
        let q = StopsQuery {
            from: Ts(to.0 - DAY_MS),
            to,
            uncoded: only_uncoded.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match invoke::<_, Vec<StopRow>>(cmd::STOPS, &Input { input: &q }).await {
                Ok(s) => stops.set(s),
                Err(e) => message.set(Some(messages(&e))),
            }
        });
    };
    Effect::new(move |_| {
        only_uncoded.track();
        reload();
    });
    let reasons = move |kinds: &'static [ReasonKind]| reasons_of(&ctx, kinds);
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    let products = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.products.clone()).unwrap_or_default())
    };

    // Scrap entry.
    let scrap_machine = RwSignal::new(String::new());
    let scrap_qty = RwSignal::new(String::new());
    let scrap_reason = RwSignal::new(String::new());
    let scrap_product = RwSignal::new(String::new());
    let add_scrap = move |_| {
        let machine = if scrap_machine.get().is_empty() {
            machines().first().map(|m| m.id.clone()).unwrap_or_default()
        } else {
            scrap_machine.get()
        };
        let Ok(quantity) = scrap_qty.get().trim().parse::<u64>() else {
            message.set(Some(t("stops-bad-quantity")));
            return;
        };
        let s = NewScrap {
            machine,
            t: now(),
            quantity,
            reason: Some(scrap_reason.get()).filter(|r| !r.is_empty()),
            product: Some(scrap_product.get()).filter(|p| !p.is_empty()),
        };
        leptos::task::spawn_local(async move {
            match invoke::<_, ()>(cmd::ADD_SCRAP, &Input { input: &s }).await {
                Ok(()) => {
                    message.set(Some(tw("stops-scrap-recorded", &[("quantity", quantity.into())])));
                    scrap_qty.set(String::new());
                }
                Err(e) => message.set(Some(messages(&e))),
            }
        });
    };

    view! {
        <h1>{t("page-stops")}</h1>
        <div class="row">
            <label style="flex-direction: row; align-items: center; gap: 6px">
                <input type="checkbox" prop:checked=move || only_uncoded.get() on:change=move |ev| only_uncoded.set(event_target_checked(&ev))/>
                {t("stops-only-uncoded")}
            </label>
            <span class="muted">{t("stops-last-day")}</span>
        </div>
        {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
        <div class="table-wrap">
            <table id="stops" data-tz=move || ctx.tz().name().to_string()>
                <thead><tr><th>{t("stops-machine")}</th><th>{t("stops-from")}</th><th>{t("stops-length")}</th><th>{t("stops-kind")}</th><th>{t("stops-reason")}</th><th></th></tr></thead>
                <tbody>
                    <For each=move || stops.get() key=|s| (s.machine.clone(), s.stop_start.0, s.reason.clone()) let:s>
                        {
                            let choice = RwSignal::new(s.reason.clone().unwrap_or_default());
                            let splitting = RwSignal::new(false);
                            let split_at = RwSignal::new(String::new());
                            let (m, start) = (s.machine.clone(), s.stop_start);
                            let (m2, end) = (s.machine.clone(), s.end);
                            let split = move |_| {
                                let Some(at) = time_in_stop(&split_at.get(), start, end, ctx.tz()) else {
                                    message.set(Some(tw(
                                        "stops-bad-split",
                                        &[("from", fmt::hms(start, ctx.tz()).into()), ("to", fmt::hms(end, ctx.tz()).into())],
                                    )));
                                    return;
                                };
                                let q = SplitStop { machine: m2.clone(), stop_start: start, at };
                                leptos::task::spawn_local(async move {
                                    match invoke::<_, ()>(cmd::SPLIT_STOP, &Input { input: &q }).await {
                                        Ok(()) => {
                                            message.set(Some(tw("stops-split-done", &[("machine", q.machine.as_str().into()), ("time", fmt::hms(q.at, ctx.tz()).into())])));
                                            reload();
                                        }
                                        Err(e) => message.set(Some(messages(&e))),
                                    }
                                });
                            };
                            let save = move |_| {
                                let a = AssignReason { machine: m.clone(), stop_start: start, reason: choice.get() };
                                leptos::task::spawn_local(async move {
                                    match invoke::<_, ()>(cmd::ASSIGN_REASON, &Input { input: &a }).await {
                                        Ok(()) => {
                                            message.set(Some(tw(
                                                "stops-reason-saved",
                                                &[("machine", a.machine.as_str().into()), ("time", fmt::hm(a.stop_start, ctx.tz()).into()), ("reason", a.reason.as_str().into())],
                                            )));
                                            reload();
                                        }
                                        Err(e) => message.set(Some(messages(&e))),
                                    }
                                });
                            };
                            view! {
                                <tr data-machine=s.machine.clone() data-stop=s.stop_start.0.to_string() data-end=s.end.0.to_string()>
                                    <td>{s.machine.clone()}</td>
                                    <td>{fmt::day_hm(s.start, ctx.tz())}</td>
                                    <td>{fmt::duration((s.duration_s * 1000.0).round() as i64)}</td>
                                    <td>{kind(s.kind)}</td>
                                    <td>
                                        <ReasonPicker choice=choice entered_by=s.entered_by.clone()/>
                                    </td>
                                    <td class="actions">
                                        <button class="secondary save-reason" on:click=save disabled=move || choice.get().is_empty()>{t("stops-save")}</button>
                                        <button class="secondary split" title=t("stops-split-title") on:click=move |_| splitting.update(|s| *s = !*s)>{t("stops-split")}</button>
                                        <Show when=move || splitting.get()>
                                            <span class="split-form">
                                                <input type="time" step="1" class="split-at" aria-label=t("stops-split-at-label") prop:value=move || split_at.get() on:input=move |ev| split_at.set(event_target_value(&ev))/>
                                                <button class="primary split-here" on:click=split.clone()>{t("stops-split-here")}</button>
                                            </span>
                                        </Show>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
        <h2>{t("stops-scrap")}</h2>
        <div class="card">
            <div class="row">
                <label>{t("stops-machine")}
                    <select on:change=move |ev| scrap_machine.set(event_target_value(&ev))>
                        {move || machines().into_iter().map(|m| view! { <option value=m.id.clone()>{m.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("stops-parts")}<input size="6" prop:value=move || scrap_qty.get() on:input=move |ev| scrap_qty.set(event_target_value(&ev))/></label>
                <label>{t("stops-reason")}
                    <select on:change=move |ev| scrap_reason.set(event_target_value(&ev))>
                        <option value="">{t("stops-none")}</option>
                        {reasons(&[ReasonKind::Scrap]).into_iter().map(|r| view! { <option value=r.code.clone()>{r.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("stops-product")}
                    <select on:change=move |ev| scrap_product.set(event_target_value(&ev))>
                        <option value="">{t("stops-none")}</option>
                        {move || products().into_iter().map(|p| view! { <option value=p.id.clone()>{p.name}</option> }).collect_view()}
                    </select>
                </label>
                <button class="primary" on:click=add_scrap>{t("stops-record-scrap")}</button>
            </div>
        </div>
    }
}

/// A stop's reason: a picker of the tree's downtime and planned reasons (a planned one said
/// so), and who gave the reason at a tablet. The Stops page and the tablets draw it.
#[component]
pub fn ReasonPicker(choice: RwSignal<String>, entered_by: Option<String>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <select aria-label=t("stops-reason-label") class="reason" on:change=move |ev| choice.set(event_target_value(&ev)) prop:value=move || choice.get()>
            <option value="">{t("stops-pick-reason")}</option>
            {reasons_of(&ctx, &[ReasonKind::Downtime, ReasonKind::Planned]).into_iter().map(|r| {
                let label = if r.kind == ReasonKind::Planned {
                    tw("stops-reason-planned", &[("name", r.name.as_str().into()), ("code", r.code.as_str().into())])
                } else {
                    format!("{} ({})", r.name, r.code)
                };
                view! { <option value=r.code.clone()>{label}</option> }
            }).collect_view()}
        </select>
        {entered_by.map(|by| view! { <span class="muted entered-by">{tw("stops-entered-by", &[("operator", by.into())])}</span> })}
    }
}

/// The reasons of the plant's tree of `kinds`, in the tree's order.
pub fn reasons_of(ctx: &Ctx, kinds: &[ReasonKind]) -> Vec<takt_core::api::ReasonInfo> {
    ctx.plant.with(|p| {
        p.as_ref()
            .map(|p| p.reasons.iter().filter(|r| kinds.contains(&r.kind)).cloned().collect())
            .unwrap_or_default()
    })
}

/// A stop's kind in words (`stops-kind-small-stop`).
fn kind(k: takt_core::kpi::StopKind) -> String {
    t(&format!("stops-kind-{}", k.as_str().replace('_', "-")))
}

/// `14:05` or `14:05:30` (plant-local) on the day the stop is in, strictly inside it.
fn time_in_stop(text: &str, start: Ts, end: Ts, tz: chrono_tz::Tz) -> Option<Ts> {
    let text = text.trim();
    let time = chrono::NaiveTime::parse_from_str(text, "%H:%M:%S")
        .or_else(|_| chrono::NaiveTime::parse_from_str(text, "%H:%M"))
        .ok()?;
    let first = start.to_local(tz).date_naive();
    let last = end.to_local(tz).date_naive();
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|d| takt_core::time::local_to_utc(tz, d.and_time(time)))
        .find(|t| *t > start && *t < end)
}
