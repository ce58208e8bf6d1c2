//! The Settings page: the plant's machines, and `takt.toml` itself (shifts, products,
//! reasons, machines), checked like `takt check` before it is saved; comments and order
//! are kept.

use leptos::prelude::*;
use takt_core::api::{ApiError, ConfigText, MachineTest, PlantInfo, SignalReading, cmd};

use crate::api::{Input, NoArgs, invoke, messages};
use crate::app::{Ctx, Page};

/// The Settings page.
#[component]
pub fn Settings() -> impl IntoView {
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
                    message.set(Some("Saved. Takt now polls with the new config.".into()));
                    ctx.plant.set(Some(p));
                }
                Err(e) => {
                    message.set(None);
                    errors.set(e);
                }
            }
        });
    };
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    view! {
        <h1>"Settings"</h1>
        <h2>"Machines"</h2>
        <table>
            <thead><tr><th>"Id"</th><th>"Name"</th><th>"Line"</th><th>"Connection"</th><th></th><th>"Read once"</th></tr></thead>
            <tbody>
                {move || machines().into_iter().map(|m| {
                    let readings = RwSignal::new(Vec::<SignalReading>::new());
                    let id = m.id.clone();
                    let row = m.id.clone();
                    let test = move |_| {
                        let q = MachineTest { machine: id.clone() };
                        readings.set(vec![SignalReading { ok: true, text: "reading…".into() }]);
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
                            <td><button class="secondary test-machine" title="Read each signal once, like takt check" on:click=test>"Test"</button></td>
                            <td class="result">
                                {move || readings.get().into_iter().map(|r| view! { <div class=if r.ok { "ok" } else { "error" }>{r.text}</div> }).collect_view()}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <div class="row" style="margin-top: 10px">
            <button class="secondary" on:click=move |_| ctx.page.set(Page::AddMachine)>"Add a machine…"</button>
        </div>
        <h2>"takt.toml"</h2>
        <p class="muted">{move || ctx.plant.with(|p| p.as_ref().map(|p| p.config_path.clone()))}
            " — shifts, products, reasons and machines. Checked like takt check before it is saved."</p>
        <textarea class="config" id="config-text" aria-label="takt.toml" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        <div class="row">
            <button class="primary" id="save-config" on:click=save>"Check and save"</button>
        </div>
        {move || message.get().map(|m| view! { <p class="ok" role="status">{m}</p> })}
        <ul class="error" id="config-errors">
            {move || errors.get().into_iter().map(|e| view! { <li>{e.field.map(|f| format!("{f}: ")).unwrap_or_default()}{e.message}</li> }).collect_view()}
        </ul>
    }
}
