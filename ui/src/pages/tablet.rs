//! A tablet at the line (`/line/NAME` of the recorder's `[display]`): the stops of the
//! line's machines over the last hours, each given its reason, and scrap recorded, by an
//! operator who picks their name and types their PIN. Every entry goes to the recorder as
//! `operator_entry`, which checks the PIN and then the Stops page's checks; the PIN is
//! cleared after each entry, so the next operator types theirs.

use leptos::prelude::*;
use takt_core::api::{AssignReason, Entry, MachineInfo, NewScrap, OperatorEntry, StopRow, StopsQuery, cmd};
use takt_core::config::ReasonKind;
use takt_core::time::Ts;

use crate::api::{Input, invoke, messages, now};
use crate::app::Ctx;
use crate::fmt;
use crate::i18n::{t, tw};

/// How far back the tablet lists stops: a shift and then some.
const HOURS: i64 = 12;

/// The machines of `line`: those whose line it is, or the one machine of that id.
pub fn machines_of(machines: &[MachineInfo], line: &str) -> Vec<MachineInfo> {
    let on_line: Vec<MachineInfo> = machines
        .iter()
        .filter(|m| m.line.as_deref() == Some(line))
        .cloned()
        .collect();
    if on_line.is_empty() {
        machines.iter().filter(|m| m.id == line).cloned().collect()
    } else {
        on_line
    }
}

/// The tablet of line (or machine) `line`.
#[component]
pub fn Tablet(line: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let title = line.clone();
    let line_machines = {
        let line = line.clone();
        move || {
            ctx.plant
                .with(|p| p.as_ref().map(|p| machines_of(&p.machines, &line)).unwrap_or_default())
        }
    };
    let stops = RwSignal::new(Vec::<StopRow>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let operator = RwSignal::new(String::new());
    let pin = RwSignal::new(String::new());
    let reload = {
        let line_machines = line_machines.clone();
        move || {
            let ids: Vec<String> = line_machines().into_iter().map(|m| m.id).collect();
            let to = now();
            let q = StopsQuery {
                from: Ts(to.0 - HOURS * 3_600_000),
                to,
                uncoded: false,
            };
            leptos::task::spawn_local(async move {
                match invoke::<_, Vec<StopRow>>(cmd::STOPS, &Input { input: &q }).await {
                    Ok(s) => stops.set(s.into_iter().filter(|s| ids.contains(&s.machine)).collect()),
                    Err(e) => message.set(Some((false, messages(&e)))),
                }
            });
        }
    };
    // Again whenever the live view says a machine of the line changed state.
    let states = {
        let line_machines = line_machines.clone();
        Memo::new(move |_| {
            let ids: Vec<String> = line_machines().into_iter().map(|m| m.id).collect();
            ctx.snapshot.with(|s| {
                s.as_ref()
                    .map(|s| {
                        s.machines
                            .iter()
                            .filter(|m| ids.contains(&m.id.to_string()))
                            .map(|m| (m.id.to_string(), m.state, m.since))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
    };
    {
        let reload = reload.clone();
        Effect::new(move |_| {
            states.track();
            reload();
        });
    }
    // And every 10 s: a stop is listed once the recorder has stored it, a moment after the
    // machine stopped.
    if let Ok(every) = set_interval_with_handle(reload.clone(), std::time::Duration::from_secs(10)) {
        on_cleanup(move || every.clear());
    }
    let reasons = move |kinds: &'static [ReasonKind]| crate::pages::stops::reasons_of(&ctx, kinds);
    let operators = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.operators.clone()).unwrap_or_default())
    };
    // Sends `entry` signed with the operator's name and PIN; `done` says what was saved.
    let send = {
        let reload = reload.clone();
        move |entry: Entry, done: String| {
            if operator.get_untracked().is_empty() || pin.get_untracked().is_empty() {
                message.set(Some((false, t("tablet-sign-first"))));
                return;
            }
            let signed = OperatorEntry {
                operator: operator.get_untracked(),
                pin: pin.get_untracked(),
                entry,
            };
            let reload = reload.clone();
            leptos::task::spawn_local(async move {
                let answer = invoke::<_, ()>(cmd::OPERATOR_ENTRY, &Input { input: &signed }).await;
                pin.set(String::new());
                match answer {
                    Ok(()) => {
                        message.set(Some((
                            true,
                            tw(
                                "tablet-saved",
                                &[("what", done.into()), ("operator", signed.operator.into())],
                            ),
                        )));
                        reload();
                    }
                    Err(e) => message.set(Some((false, messages(&e)))),
                }
            });
        }
    };

    let scrap_machine = RwSignal::new(String::new());
    let scrap_qty = RwSignal::new(String::new());
    let scrap_reason = RwSignal::new(String::new());
    let record_scrap = {
        let send = send.clone();
        let line_machines = line_machines.clone();
        move |_| {
            let machine = if scrap_machine.get().is_empty() {
                line_machines().first().map(|m| m.id.clone()).unwrap_or_default()
            } else {
                scrap_machine.get()
            };
            let Ok(quantity) = scrap_qty.get().trim().parse::<u64>() else {
                message.set(Some((false, t("stops-bad-quantity"))));
                return;
            };
            let s = NewScrap {
                machine,
                t: now(),
                quantity,
                reason: Some(scrap_reason.get()).filter(|r| !r.is_empty()),
                product: None,
            };
            scrap_qty.set(String::new());
            send(
                Entry::Scrap(s),
                tw("stops-scrap-recorded", &[("quantity", quantity.into())]),
            );
        }
    };
    let no_machine = {
        let line_machines = line_machines.clone();
        move || ctx.plant.with(|p| p.is_some()) && line_machines().is_empty()
    };
    let line_for_empty = line.clone();

    view! {
        <div class="tablet">
            <h1>{tw("tablet-title", &[("line", title.into())])}</h1>
            <Show when=no_machine.clone()>
                <p class="error" role="alert">{tw("tablet-no-line", &[("line", line_for_empty.clone().into())])}</p>
            </Show>
            <div class="card sign">
                <label>{t("tablet-operator")}
                    <select id="operator" on:change=move |ev| operator.set(event_target_value(&ev)) prop:value=move || operator.get()>
                        <option value="">{t("tablet-pick-operator")}</option>
                        {move || operators().into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("tablet-pin")}
                    <input id="pin" type="password" inputmode="numeric" autocomplete="off" size="8"
                        prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                </label>
                <span class="muted">{t("tablet-sign-hint")}</span>
            </div>
            {move || message.get().map(|(ok, m)| view! { <p id="tablet-message" class=if ok { "ok" } else { "error" } role="status">{m}</p> })}
            <h2>{tw("tablet-stops", &[("hours", (HOURS as u64).into())])}</h2>
            <Show when=move || stops.with(Vec::is_empty)>
                <p class="muted">{t("tablet-no-stops")}</p>
            </Show>
            <div class="table-wrap">
                <table id="tablet-stops">
                    <tbody>
                        <For each=move || stops.get() key=|s| (s.machine.clone(), s.stop_start.0, s.reason.clone()) let:s>
                            {
                                let choice = RwSignal::new(s.reason.clone().unwrap_or_default());
                                let (m, start) = (s.machine.clone(), s.stop_start);
                                let send = send.clone();
                                let save = move |_| {
                                    let a = AssignReason { machine: m.clone(), stop_start: start, reason: choice.get() };
                                    let done = tw(
                                        "stops-reason-saved",
                                        &[("machine", a.machine.as_str().into()), ("time", fmt::hm(a.stop_start, ctx.tz()).into()), ("reason", a.reason.as_str().into())],
                                    );
                                    send(Entry::Reason(a), done);
                                };
                                view! {
                                    <tr data-machine=s.machine.clone() data-stop=s.stop_start.0.to_string()>
                                        <td class="machine">{s.machine.clone()}</td>
                                        <td>{fmt::hm(s.start, ctx.tz())}</td>
                                        <td>{fmt::duration((s.duration_s * 1000.0).round() as i64)}</td>
                                        <td>
                                            <crate::pages::stops::ReasonPicker choice=choice entered_by=s.entered_by.clone()/>
                                        </td>
                                        <td><button class="primary save-reason" on:click=save disabled=move || choice.get().is_empty()>{t("stops-save")}</button></td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <h2>{t("stops-scrap")}</h2>
            <div class="card row">
                <label>{t("stops-machine")}
                    <select id="scrap-machine" on:change=move |ev| scrap_machine.set(event_target_value(&ev))>
                        {move || line_machines().into_iter().map(|m| view! { <option value=m.id.clone()>{m.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t("stops-parts")}<input id="scrap-qty" inputmode="numeric" size="5" prop:value=move || scrap_qty.get() on:input=move |ev| scrap_qty.set(event_target_value(&ev))/></label>
                <label>{t("stops-reason")}
                    <select id="scrap-reason" on:change=move |ev| scrap_reason.set(event_target_value(&ev))>
                        <option value="">{t("stops-none")}</option>
                        {reasons(&[ReasonKind::Scrap]).into_iter().map(|r| view! { <option value=r.code.clone()>{r.name}</option> }).collect_view()}
                    </select>
                </label>
                <button class="primary" id="record-scrap" on:click=record_scrap>{t("stops-record-scrap")}</button>
            </div>
        </div>
    }
}
