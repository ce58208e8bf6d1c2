//! The app: header with navigation, the page shown, and the state pages share.

use leptos::prelude::*;
use takt_core::api::{Mode, PlantInfo, cmd, event};
use takt_core::live::Snapshot;
use takt_core::palette;

use crate::api::{NoArgs, invoke, listen, messages};
use crate::fmt;
use crate::i18n::{t, tw};
use crate::pages;

/// Which page is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    /// Tiles of every machine.
    Plant,
    /// One machine in detail.
    Machine(Option<String>),
    /// Stops waiting for a reason; scrap entry.
    Stops,
    /// Tasks due, the maintenance log, life models and condition trends.
    Maintenance,
    /// Reports with preview and export.
    Reports,
    /// Machines, shifts, products, reasons.
    Settings,
    /// The add-a-machine form.
    AddMachine,
    /// A tablet at a line (or machine), in a browser: `/line/NAME`.
    Tablet(String),
}

/// Where a browser's address points (the recorder's `[display]`): `/display` is the TV's
/// layout (`/display/NAME`: of one line's machines), `/line/NAME` a line's tablet,
/// anything else the Plant page; whether it is the TV's, and the line. In the window: the
/// Plant page.
fn route() -> (Page, bool, Option<String>) {
    if !crate::api::in_browser() {
        return (Page::Plant, false, None);
    }
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let name = |rest: &str| {
        let raw = rest.trim_matches('/');
        let name = js_sys::decode_uri_component(raw)
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| raw.to_string());
        Some(name).filter(|n| !n.is_empty())
    };
    if let Some(rest) = path.strip_prefix("/line/") {
        (Page::Tablet(name(rest).unwrap_or_default()), false, None)
    } else if let Some(rest) = path.strip_prefix("/display") {
        (Page::Plant, true, name(rest))
    } else {
        (Page::Plant, false, None)
    }
}

/// What every page can see and change.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The plant (`None` until loaded).
    pub plant: RwSignal<Option<PlantInfo>>,
    /// The latest live snapshot.
    pub snapshot: RwSignal<Option<Snapshot>>,
    /// The page shown.
    pub page: RwSignal<Page>,
    /// Shop-floor display mode.
    pub floor: RwSignal<bool>,
    /// The line (or machine) a browser's display shows (`/display/NAME`), else all.
    pub line: RwSignal<Option<String>>,
    /// A message for the user.
    pub notice: RwSignal<Option<String>>,
}

impl Ctx {
    /// The plant's time zone.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.plant
            .with(|p| p.as_ref().map_or(chrono_tz::UTC, |p| fmt::tz(&p.timezone)))
    }
}

/// Sets the state colours from the shared palette as CSS variables.
pub fn set_palette() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let style = [
        ("--running", palette::RUNNING),
        ("--down", palette::DOWN),
        ("--planned", palette::PLANNED),
        ("--no-data", palette::NO_DATA),
        ("--not-scheduled", palette::NOT_SCHEDULED),
        ("--warning", palette::WARNING),
        ("--accent", palette::ACCENT),
    ]
    .iter()
    .map(|(k, v)| format!("{k}: {v};"))
    .collect::<String>();
    let _ = root.set_attribute("style", &style);
}

/// Loads the plant and the latest snapshot.
pub fn load(ctx: Ctx) {
    leptos::task::spawn_local(async move {
        match invoke::<_, PlantInfo>(cmd::PLANT, &NoArgs {}).await {
            Ok(p) => {
                let polling = p.mode != Mode::FirstRun;
                ctx.plant.set(Some(p));
                if polling && let Ok(s) = invoke::<_, Snapshot>(cmd::SNAPSHOT, &NoArgs {}).await {
                    ctx.snapshot.set(Some(s));
                }
            }
            Err(e) => ctx.notice.set(Some(messages(&e))),
        }
    });
}

/// The app.
#[component]
pub fn App() -> impl IntoView {
    let (page, floor, line) = route();
    let ctx = Ctx {
        plant: RwSignal::new(None),
        snapshot: RwSignal::new(None),
        page: RwSignal::new(page),
        floor: RwSignal::new(floor),
        line: RwSignal::new(line),
        notice: RwSignal::new(None),
    };
    provide_context(ctx);
    listen(event::SNAPSHOT, move |s: Snapshot| ctx.snapshot.set(Some(s)));
    listen(event::PLANT, move |(): ()| load(ctx));
    load(ctx);
    Effect::new(move |_| {
        let floor = ctx.floor.get();
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            body.set_class_name(if floor { "floor" } else { "" });
        }
    });
    // What decides which page is shown: loaded or not, and first run or not. A memo, so
    // that the plant's info arriving again (a machine added, the config saved) does not
    // mount the page afresh and lose what it shows.
    let stage = Memo::new(move |_| ctx.plant.with(|p| p.as_ref().map(|p| p.mode == Mode::FirstRun)));
    // The language: every page is drawn again in it when it changes (a config saved).
    let language = Memo::new(move |_| {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.language.clone()).unwrap_or_default())
    });
    move || {
        let locale = takt_core::i18n::Locale::or_english(Some(&language.get()));
        crate::i18n::set_locale(locale);
        // Screen readers read the page in its language.
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", locale.language.code());
        }
        view! {
        <Show when=move || !ctx.floor.get() fallback=move || view! { <FloorHeader/> }>
            <Header/>
        </Show>
        <main>
            {move || ctx.notice.get().map(|n| view! { <p class="error" role="alert">{n}</p> })}
            {move || ctx.plant.with(|p| p.as_ref().map(|p| p.problems.clone()).filter(|v| !v.is_empty())).map(|problems| view! {
                <ul class="problems" role="status">
                    {problems.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
            })}
            {move || {
                if stage.get().is_none() {
                    view! { <p class="muted">{t("app-loading")}</p> }.into_any()
                } else if stage.get() == Some(true) && ctx.page.get() != Page::AddMachine {
                    view! { <pages::first_run::FirstRun/> }.into_any()
                } else {
                    match ctx.page.get() {
                        Page::Plant => view! { <pages::plant::Plant/> }.into_any(),
                        Page::Machine(m) => view! { <pages::machine::Machine initial=m/> }.into_any(),
                        Page::Stops => view! { <pages::stops::Stops/> }.into_any(),
                        Page::Maintenance => view! { <pages::maintenance::Maintenance/> }.into_any(),
                        Page::Reports => view! { <pages::reports::Reports/> }.into_any(),
                        Page::Settings => view! { <pages::settings::Settings/> }.into_any(),
                        Page::AddMachine => view! { <pages::add_machine::AddMachine/> }.into_any(),
                        Page::Tablet(line) => view! { <pages::tablet::Tablet line=line/> }.into_any(),
                    }
                }
            }}
        </main>
        }
    }
}

#[component]
fn Header() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let tab = move |key: &'static str, page: Page| {
        let label = t(key);
        let p = page.clone();
        let current = move || {
            let now = ctx.page.get();
            matches!((&now, &p), (Page::Machine(_), Page::Machine(_))) || now == p
        };
        view! {
            <button aria-current=move || if current() { "page" } else { "false" } on:click=move |_| ctx.page.set(page.clone())>
                {label}
            </button>
        }
    };
    // In a browser (the recorder's `[display]`) the pages that only read: the Plant and
    // Machine pages.
    let window = !crate::api::in_browser();
    view! {
        <header>
            <span class="plant">{move || ctx.plant.with(|p| p.as_ref().map_or("Takt".into(), |p| p.name.clone()))}</span>
            <nav aria-label=t("app-pages")>
                {tab("page-plant", Page::Plant)}
                {tab("page-machine", Page::Machine(None))}
                {window.then(|| view! {
                    {tab("page-stops", Page::Stops)}
                    {tab("page-maintenance", Page::Maintenance)}
                    {tab("page-reports", Page::Reports)}
                    {tab("page-settings", Page::Settings)}
                })}
            </nav>
            {move || ctx.plant.with(|p| p.as_ref().and_then(|p| p.recorder.clone())).map(|r| view! {
                <span class="recorder" title=t("app-recorder-title")>
                    {tw("app-recorded-by", &[("recorder", r.into())])}
                </span>
            })}
            {window.then(|| view! {
                <button class="floor-toggle" title=t("app-floor-title") on:click=move |_| {
                    ctx.page.set(Page::Plant);
                    ctx.floor.set(true);
                }>{t("app-floor")}</button>
            })}
            <span class="clock">{move || ctx.snapshot.with(|s| s.as_ref().map(|s| fmt::day_hm(s.t, ctx.tz())))}</span>
        </header>
    }
}

#[component]
fn FloorHeader() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <header>
            <span class="plant">{move || ctx.plant.with(|p| p.as_ref().map_or("Takt".into(), |p| p.name.clone()))}</span>
            <span class="clock">{move || ctx.snapshot.with(|s| s.as_ref().map(|s| fmt::day_hm(s.t, ctx.tz())))}</span>
            <Show when=|| !crate::api::in_browser()>
                <button class="floor-toggle" on:click=move |_| ctx.floor.set(false)>{t("app-leave-floor")}</button>
            </Show>
        </header>
    }
}
