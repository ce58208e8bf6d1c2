//! The Settings page: a form for each section of `takt.toml` (the machines, with copy and
//! register-map import; the plant, shifts, calendar, products, reasons, maintenance
//! plans), and the file itself as text. Everything is checked like `takt check` before it
//! is saved; comments and order are kept.

use leptos::prelude::*;
use takt_core::api::{
    ApiError, ConfigText, CopyMachine, MachineTest, PlantInfo, RegisterMapImport, RegisterMapPreview, SignalReading,
    cmd,
};

use super::sections::{CalendarForm, MaintenanceForm, PlantForm, ProductsForm, ReasonsForm, ShiftsForm};
use crate::api::{Input, NoArgs, invoke, messages};
use crate::app::{Ctx, Page};
use crate::i18n::{t, tw};

/// Each tab's key and the Fluent key of its label.
const TABS: [(&str, &str); 8] = [
    ("machines", "settings-tab-machines"),
    ("plant", "settings-tab-plant"),
    ("shifts", "settings-tab-shifts"),
    ("calendar", "settings-tab-calendar"),
    ("products", "settings-tab-products"),
    ("reasons", "settings-tab-reasons"),
    ("plans", "settings-tab-plans"),
    ("text", "settings-tab-text"),
];

/// The Settings page: a tab per section.
#[component]
pub fn Settings() -> impl IntoView {
    let tab = RwSignal::new("machines");
    view! {
        <h1>{t("settings-title")}</h1>
        <div role="tablist" aria-label=t("settings-title") class="tabs">
            {TABS.iter().map(|(key, label)| {
                let key = *key;
                view! {
                    <button role="tab" id=format!("tab-{key}") aria-controls="settings-panel"
                        aria-selected=move || if tab.get() == key { "true" } else { "false" }
                        on:click=move |_| tab.set(key)>{t(label)}</button>
                }
            }).collect_view()}
        </div>
        <div role="tabpanel" id="settings-panel" aria-labelledby=move || format!("tab-{}", tab.get())>
            {move || match tab.get() {
                "plant" => view! { <PlantForm/> }.into_any(),
                "shifts" => view! { <ShiftsForm/> }.into_any(),
                "calendar" => view! { <CalendarForm/> }.into_any(),
                "products" => view! { <ProductsForm/> }.into_any(),
                "reasons" => view! { <ReasonsForm/> }.into_any(),
                "plans" => view! { <MaintenanceForm/> }.into_any(),
                "text" => view! { <ConfigTextForm/> }.into_any(),
                _ => view! { <Machines/> <RegisterMap/> }.into_any(),
            }}
        </div>
    }
}

/// The file as text, for those who prefer it.
#[component]
fn ConfigTextForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ApiError>::new());
    let message = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match invoke::<_, ConfigText>(cmd::CONFIG_TEXT, &NoArgs {}).await {
            Ok(c) => text.set(c.text),
            Err(e) => message.set(Some(messages(&e))),
        }
    });
    let save = move |_| {
        let c = ConfigText { text: text.get() };
        leptos::task::spawn_local(async move {
            match invoke::<_, PlantInfo>(cmd::SAVE_CONFIG, &Input { input: &c }).await {
                Ok(p) => {
                    errors.set(Vec::new());
                    message.set(Some(t("form-saved")));
                    ctx.plant.set(Some(p));
                }
                Err(e) => {
                    message.set(None);
                    errors.set(e);
                }
            }
        });
    };
    view! {
        <h2>"takt.toml"</h2>
        <p class="muted">{move || {
            let path = ctx.plant.with(|p| p.as_ref().map(|p| p.config_path.clone())).unwrap_or_default();
            tw("settings-text-intro", &[("path", path.into())])
        }}</p>
        <textarea class="config" id="config-text" aria-label="takt.toml" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        <div class="row">
            <button class="primary" id="save-config" on:click=save>{t("form-save")}</button>
        </div>
        {move || message.get().map(|m| view! { <p class="ok" role="status">{m}</p> })}
        <ul class="error" id="config-errors">
            {move || errors.get().into_iter().map(|e| view! { <li>{e.field.map(|f| format!("{f}: ")).unwrap_or_default()}{e.message}</li> }).collect_view()}
        </ul>
    }
}

fn at(errors: RwSignal<Vec<ApiError>>, field: &'static str) -> impl Fn() -> String + Copy {
    move || {
        errors.with(|e| {
            e.iter()
                .filter(|x| x.field.as_deref() == Some(field))
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

/// A labelled field of the copy form, its problem beside it.
fn copy_field(
    id: &'static str,
    label: String,
    hint: String,
    value: RwSignal<String>,
    error: Option<impl Fn() -> String + Send + Sync + 'static>,
) -> impl IntoView {
    let err_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="text" placeholder=hint aria-describedby=err_id.clone()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <span class="error" id=err_id role="alert">{error}</span>
        </div>
    }
}

/// The machines: each read once on demand, copied under a new id and address.
#[component]
fn Machines() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    let copying = RwSignal::new(None::<String>);
    let (new_id, new_name, new_address) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let new_unit = RwSignal::new(String::new());
    let copy_errors = RwSignal::new(Vec::<ApiError>::new());
    let copied = RwSignal::new(None::<String>);
    let copy = move |_| {
        let Some(from) = copying.get_untracked() else { return };
        let q = CopyMachine {
            from,
            id: new_id.get_untracked(),
            name: new_name.get_untracked(),
            address: new_address.get_untracked(),
            unit: new_unit.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match invoke::<_, PlantInfo>(cmd::COPY_MACHINE, &Input { input: &q }).await {
                Ok(p) => {
                    copy_errors.set(Vec::new());
                    copied.set(Some(tw(
                        "copy-added",
                        &[("id", q.id.clone().into()), ("from", q.from.clone().into())],
                    )));
                    copying.set(None);
                    ctx.plant.set(Some(p));
                }
                Err(e) => copy_errors.set(e),
            }
        });
    };
    let other_copy_errors = move || {
        copy_errors.with(|e| {
            e.iter()
                .filter(|x| !matches!(x.field.as_deref(), Some("id" | "name" | "address")))
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h2>{t("settings-machines-title")}</h2>
        <table>
            <thead><tr><th>{t("settings-col-id")}</th><th>{t("settings-col-name")}</th><th>{t("settings-col-line")}</th><th>{t("settings-col-connection")}</th><th></th><th>{t("settings-col-read-once")}</th></tr></thead>
            <tbody>
                {move || machines().into_iter().map(|m| {
                    let readings = RwSignal::new(Vec::<SignalReading>::new());
                    let id = m.id.clone();
                    let from = m.id.clone();
                    let row = m.id.clone();
                    let test = move |_| {
                        let q = MachineTest { machine: id.clone() };
                        readings.set(vec![SignalReading { ok: true, text: t("settings-reading") }]);
                        leptos::task::spawn_local(async move {
                            let r = invoke::<_, Vec<SignalReading>>(cmd::TEST_MACHINE, &Input { input: &q })
                                .await
                                .unwrap_or_else(|e| vec![SignalReading { ok: false, text: messages(&e) }]);
                            readings.set(r);
                        });
                    };
                    view! {
                        <tr data-machine=row>
                            <td>{m.id}</td><td>{m.name}</td><td>{m.line.unwrap_or_default()}</td><td>{m.connection}</td>
                            <td>
                                <button class="secondary test-machine" title=t("settings-test-title") on:click=test>{t("settings-test")}</button>
                                " "
                                <button class="secondary copy-machine" title=t("settings-copy-title") on:click=move |_| {
                                    copy_errors.set(Vec::new());
                                    new_id.set(String::new());
                                    new_name.set(String::new());
                                    new_address.set(String::new());
                                    new_unit.set(String::new());
                                    copying.set(Some(from.clone()));
                                }>{t("settings-copy")}</button>
                            </td>
                            <td class="result">
                                {move || readings.get().into_iter().map(|r| view! { <div class=if r.ok { "ok" } else { "error" }>{r.text}</div> }).collect_view()}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <div class="row" style="margin-top: 10px">
            <button class="secondary" on:click=move |_| ctx.page.set(Page::AddMachine)>{t("settings-add-machine")}</button>
        </div>
        {move || copied.get().map(|m| view! { <p class="ok" role="status">{m}</p> })}
        {move || copying.get().map(|from| view! {
            <fieldset class="card" id="copy-form">
                <legend>{tw("copy-legend", &[("from", from.into())])}</legend>
                <div class="row">
                    {copy_field("copy-id", t("copy-new-id"), "press-2".into(), new_id, Some(at(copy_errors, "id")))}
                    {copy_field("copy-name", t("copy-name"), t("copy-name-hint"), new_name, Some(at(copy_errors, "name")))}
                    {copy_field("copy-address", t("copy-address"), "192.168.1.51:502".into(), new_address, Some(at(copy_errors, "address")))}
                    {copy_field("copy-unit", t("copy-unit"), "2".into(), new_unit, None::<fn() -> String>)}
                    <button class="primary" id="save-copy" on:click=copy>{t("copy-save")}</button>
                    <button class="secondary" on:click=move |_| copying.set(None)>{t("copy-cancel")}</button>
                </div>
                <ul class="error" role="alert">{move || other_copy_errors().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </fieldset>
        })}
    }
}

/// A machine's signals from a register map CSV (the shape PLC vendors' lists come in):
/// previewed first, each problem at its line, then saved.
#[component]
fn RegisterMap() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    let machine = RwSignal::new(String::new());
    let file = RwSignal::new("register-map.csv".to_string());
    let text = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<RegisterMapPreview>);
    let errors = RwSignal::new(Vec::<ApiError>::new());
    let run = move |write: bool| {
        let chosen = machine.get_untracked();
        let q = RegisterMapImport {
            machine: if chosen.is_empty() {
                machines().first().map(|m| m.id.clone()).unwrap_or_default()
            } else {
                chosen
            },
            file: file.get_untracked(),
            text: text.get_untracked(),
            write,
        };
        leptos::task::spawn_local(async move {
            match invoke::<_, RegisterMapPreview>(cmd::IMPORT_REGISTER_MAP, &Input { input: &q }).await {
                Ok(p) => {
                    errors.set(Vec::new());
                    preview.set(Some(p));
                    if write {
                        crate::app::load(ctx);
                    }
                }
                Err(e) => {
                    preview.set(None);
                    errors.set(e);
                }
            }
        });
    };
    let pick = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(f) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        file.set(f.name());
        leptos::task::spawn_local(async move {
            if let Ok(v) = wasm_bindgen_futures::JsFuture::from(f.text()).await {
                text.set(v.as_string().unwrap_or_default());
                preview.set(None);
            }
        });
    };
    view! {
        <h2>{t("map-title")}</h2>
        <p class="muted">{t("map-help")}</p>
        <div class="row">
            <div class="field">
                <label for="map-machine">{t("map-machine")}</label>
                <select id="map-machine" on:change=move |ev| machine.set(event_target_value(&ev))>
                    {move || machines().into_iter().map(|m| view! { <option value=m.id.clone()>{format!("{} ({})", m.name, m.id)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="map-file">{t("map-file")}</label>
                <input id="map-file" type="file" accept=".csv,text/csv" on:change=pick/>
            </div>
        </div>
        <label for="map-text">{t("map-paste")}</label>
        <textarea class="config" id="map-text" rows="6" spellcheck="false" prop:value=move || text.get() on:input=move |ev| { text.set(event_target_value(&ev)); preview.set(None); }></textarea>
        <div class="row">
            <button class="secondary" id="map-preview" on:click=move |_| run(false)>{t("map-preview")}</button>
            <button class="primary" id="map-save" disabled=move || !preview.with(|p| p.as_ref().is_some_and(|p| !p.written)) on:click=move |_| run(true)>{t("map-save")}</button>
        </div>
        <ul class="error" id="map-errors" role="alert">
            {move || errors.get().into_iter().map(|e| view! { <li>{e.field.map(|f| format!("{f}: ")).unwrap_or_default()}{e.message}</li> }).collect_view()}
        </ul>
        {move || preview.get().map(|p| view! {
            <p class="ok" role="status">{if p.written { t("map-saved") } else { t("map-not-saved") }}</p>
            <table id="map-table">
                <thead><tr><th>{t("map-col-line")}</th><th>{t("map-col-signal")}</th><th>{t("map-col-register")}</th><th>{t("map-col-limits")}</th><th></th></tr></thead>
                <tbody>
                    {p.signals.into_iter().map(|s| view! {
                        <tr><td>{s.line}</td><td>{s.signal}</td><td>{s.register}</td><td>{s.limits}</td><td>{if s.replaces { t("map-replaces") } else { t("map-new") }}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
