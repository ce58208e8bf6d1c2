//! First run: no config yet. Open the demo plant, or add the first machine.

use leptos::prelude::*;
use takt_core::api::{PlantInfo, cmd};

use crate::api::{NoArgs, invoke, messages};
use crate::app::{Ctx, Page};
use crate::i18n::t;

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
            <h1>{t("first-run-title")}</h1>
            <p class="muted">{t("first-run-intro")}</p>
            <div class="choices">
                <button class="choice" id="open-demo" on:click=start_demo disabled=move || starting.get()>
                    <h2>{t("first-run-demo")}</h2>
                    <p class="muted">{move || if starting.get() {
                        t("first-run-demo-starting")
                    } else {
                        t("first-run-demo-text")
                    }}</p>
                </button>
                <button class="choice" id="add-first-machine" on:click=move |_| ctx.page.set(Page::AddMachine)>
                    <h2>{t("first-run-add")}</h2>
                    <p class="muted">{t("first-run-add-text")}</p>
                </button>
            </div>
        </div>
    }
}
