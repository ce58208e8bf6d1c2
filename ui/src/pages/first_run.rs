//! First run: no config yet. Open the demo plant, or add the first machine.

use leptos::prelude::*;
use takt_core::api::{PlantInfo, cmd};

use crate::api::{NoArgs, invoke, messages};
use crate::app::{Ctx, Page};

/// The first-run page.
#[component]
pub fn FirstRun() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let starting = RwSignal::new(false);
    let start_demo = move |_| {
        starting.set(true);
        leptos::task::spawn_local(async move {
            match invoke::<_, PlantInfo>(cmd::START_DEMO, &NoArgs {}).await {
                Ok(p) => {
                    ctx.plant.set(Some(p));
                    ctx.page.set(Page::Plant);
                }
                Err(e) => ctx.notice.set(Some(messages(&e))),
            }
            starting.set(false);
        });
    };
    view! {
        <div class="first-run">
            <h1>"Welcome to Takt"</h1>
            <p class="muted">"There is no plant configured yet. See Takt at work on a simulated plant, or connect your first machine."</p>
            <div class="choices">
                <button class="choice" id="open-demo" on:click=start_demo disabled=move || starting.get()>
                    <h2>"Open the demo plant"</h2>
                    <p class="muted">{move || if starting.get() {
                        "Starting six simulated machines and writing two weeks of their history…"
                    } else {
                        "Six simulated machines on this computer, polled over Modbus like real ones, with two weeks of history."
                    }}</p>
                </button>
                <button class="choice" id="add-first-machine" on:click=move |_| ctx.page.set(Page::AddMachine)>
                    <h2>"Add your first machine"</h2>
                    <p class="muted">"Its address on the network or serial line, and where its signals are. Test each signal before saving."</p>
                </button>
            </div>
        </div>
    }
}
