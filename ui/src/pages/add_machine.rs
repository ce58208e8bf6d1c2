//! The add-a-machine form: name, connection, and each signal's table, address and type,
//! with a Test button that reads the signal once. Saved to `takt.toml` only when the whole
//! config, with the new machine, passes the same checks as `takt check`.

use leptos::prelude::*;
use takt_core::api::{ApiError, NewMachine, NewSignal, PlantInfo, SignalReading, SignalTest, cmd};

use crate::api::{Input, invoke, messages};
use crate::app::{Ctx, Page};
use crate::i18n::t;

const SIGNALS: [&str; 6] = takt_core::config::SIGNAL_ROLES;
const TABLES: [&str; 4] = ["coil", "discrete", "input", "holding"];
const TYPES: [&str; 8] = ["bool", "u16", "i16", "u32", "i32", "u64", "f32", "f64"];

#[derive(Clone)]
struct SignalRow {
    key: usize,
    name: RwSignal<String>,
    table: RwSignal<String>,
    register: RwSignal<String>,
    value_type: RwSignal<String>,
    word_order: RwSignal<String>,
    result: RwSignal<Option<SignalReading>>,
}

impl SignalRow {
    fn new(key: usize, name: &str, table: &str, value_type: &str) -> Self {
        SignalRow {
            key,
            name: RwSignal::new(name.into()),
            table: RwSignal::new(table.into()),
            register: RwSignal::new("0".into()),
            value_type: RwSignal::new(value_type.into()),
            word_order: RwSignal::new("big".into()),
            result: RwSignal::new(None),
        }
    }
}

fn field_error(errors: RwSignal<Vec<ApiError>>, field: &'static str) -> impl Fn() -> Option<String> {
    move || {
        errors.with(|e| {
            e.iter()
                .find(|x| x.field.as_deref() == Some(field))
                .map(|x| x.message.clone())
        })
    }
}

fn select(options: &'static [&'static str], value: RwSignal<String>, label: String) -> impl IntoView {
    view! {
        <select aria-label=label on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
            {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
        </select>
    }
}

/// The form.
#[component]
pub fn AddMachine() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let ideal = RwSignal::new("1.0".to_string());
    let rtu = RwSignal::new(false);
    let address = RwSignal::new(String::new());
    let baud = RwSignal::new("19200".to_string());
    let unit = RwSignal::new("1".to_string());
    let next_key = StoredValue::new(2usize);
    let rows = RwSignal::new(vec![
        SignalRow::new(0, "running", "coil", "bool"),
        SignalRow::new(1, "total_count", "holding", "u32"),
    ]);
    let errors = RwSignal::new(Vec::<ApiError>::new());
    let saving = RwSignal::new(false);

    let connection = move || {
        (
            address.get().trim().to_string(),
            rtu.get(),
            baud.get().trim().to_string(),
            unit.get().trim().to_string(),
        )
    };

    let test = move |row: SignalRow| {
        let (address, rtu, baud, unit) = connection();
        let q = SignalTest {
            address,
            rtu,
            baud,
            unit,
            table: row.table.get(),
            register: row.register.get().trim().to_string(),
            value_type: row.value_type.get(),
            word_order: row.word_order.get(),
        };
        row.result.set(Some(SignalReading {
            ok: true,
            text: t("add-reading"),
        }));
        leptos::task::spawn_local(async move {
            let r = invoke::<_, SignalReading>(cmd::TEST_SIGNAL, &Input { input: &q })
                .await
                .unwrap_or_else(|e| SignalReading {
                    ok: false,
                    text: messages(&e),
                });
            row.result.set(Some(r));
        });
    };

    let save = move |_| {
        let (address, rtu, baud, unit) = connection();
        let m = NewMachine {
            id: id.get().trim().to_string(),
            name: name.get().trim().to_string(),
            ideal_cycle_s: ideal.get().trim().to_string(),
            address,
            rtu,
            baud,
            unit,
            signals: rows
                .get()
                .iter()
                .map(|r| NewSignal {
                    name: r.name.get().trim().to_string(),
                    table: r.table.get(),
                    register: r.register.get().trim().to_string(),
                    value_type: r.value_type.get(),
                    word_order: r.word_order.get(),
                })
                .collect(),
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            match invoke::<_, PlantInfo>(cmd::ADD_MACHINE, &Input { input: &m }).await {
                Ok(p) => {
                    errors.set(Vec::new());
                    ctx.plant.set(Some(p));
                    ctx.page.set(Page::Plant);
                }
                Err(e) => errors.set(e),
            }
            saving.set(false);
        });
    };

    let text_input = move |value: RwSignal<String>, field: &'static str, placeholder: String| {
        let err = field_error(errors, field);
        view! {
            <input name=field placeholder=placeholder prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if err().is_some() { "true" } else { "false" }/>
            <span class="field-error" data-field=field>{field_error(errors, field)}</span>
        }
    };

    view! {
        <h1>{t("add-title")}</h1>
        <div class="card">
            <div class="row">
                <label>{t("add-id")}{text_input(id, "id", "press-1".into())}</label>
                <label>{t("add-name")}{text_input(name, "name", t("add-name-hint"))}</label>
                <label>{t("add-ideal")}{text_input(ideal, "ideal_cycle_s", "1.0".into())}</label>
            </div>
            <div class="row">
                <label>{t("add-connection")}
                    <select name="connection" on:change=move |ev| rtu.set(event_target_value(&ev) == "rtu")>
                        <option value="tcp">"Modbus TCP"</option>
                        <option value="rtu">{t("add-rtu")}</option>
                    </select>
                </label>
                <label>{move || if rtu.get() { t("add-serial-port") } else { t("add-address") }}
                    {text_input(address, "address", "192.168.1.50:502".into())}</label>
                <Show when=move || rtu.get()>
                    <label>{t("add-baud")}{text_input(baud, "baud", "19200".into())}</label>
                </Show>
                <label>{t("add-unit")}{text_input(unit, "unit", "1".into())}</label>
            </div>
        </div>
        <div class="card">
            <h2>{t("add-signals")}</h2>
            <table>
                <thead><tr><th>{t("add-col-signal")}</th><th>{t("add-col-table")}</th><th>{t("add-col-address")}</th><th>{t("add-col-type")}</th><th>{t("add-col-word-order")}</th><th></th><th>{t("add-col-read")}</th></tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key let:row>
                        {
                            let r = row.clone();
                            let i = row.key;
                            let reg_field = format!("signals[{i}]");
                            let err_field = reg_field.clone();
                            let err = move || errors.with(|e| e.iter().find(|x| x.field.as_deref() == Some(err_field.as_str())).map(|x| x.message.clone()));
                            view! {
                                <tr data-signal=move || row.name.get()>
                                    <td><input list="signal-names" aria-label=t("add-aria-signal") prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev))/></td>
                                    <td>{select(&TABLES, row.table, t("add-aria-table"))}</td>
                                    <td><input aria-label=t("add-aria-register") size="6" name=reg_field prop:value=move || row.register.get() on:input=move |ev| row.register.set(event_target_value(&ev))/></td>
                                    <td>{select(&TYPES, row.value_type, t("add-aria-type"))}</td>
                                    <td>{select(&["big", "little"], row.word_order, t("add-aria-word-order"))}</td>
                                    <td><button class="secondary test" on:click=move |_| test(r.clone())>{t("add-test")}</button></td>
                                    <td class="result">
                                        {move || row.result.get().map(|x| view! { <span class=if x.ok { "ok" } else { "error" }>{x.text}</span> })}
                                        <span class="field-error">{err}</span>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <datalist id="signal-names">{SIGNALS.iter().map(|s| view! { <option value=*s/> }).collect_view()}</datalist>
            <div class="row" style="margin-top: 10px">
                <button class="secondary" id="add-signal" on:click=move |_| {
                    let k = next_key.get_value();
                    next_key.set_value(k + 1);
                    rows.update(|r| r.push(SignalRow::new(k, "", "holding", "u16")));
                }>{t("add-add-signal")}</button>
            </div>
        </div>
        <div class="row">
            <button class="primary" id="save-machine" on:click=save disabled=move || saving.get()>{t("add-save")}</button>
            <button class="secondary" on:click=move |_| ctx.page.set(Page::Plant)>{t("add-cancel")}</button>
        </div>
        <p class="error" id="form-errors">{move || errors.with(|e| e.iter().filter(|x| x.field.is_none()).map(|x| x.message.clone()).collect::<Vec<_>>().join("\n"))}</p>
    }
}
