//! The Plant page: a tile per machine with its state, since when, why, and how its shift
//! goes. It updates from the backend's snapshot events, about once a second.

use leptos::prelude::*;
use takt_core::api::Mode;
use takt_core::live::MachineLive;
use takt_core::model::{LimitKind, MachineState};
use takt_core::palette;

use crate::app::{Ctx, Page};
use crate::fmt;
use crate::i18n::{t, tw};

/// A state's word in the window's language (`palette::state_word`, as the terminal's).
pub fn state_word(state: Option<MachineState>) -> String {
    takt_core::palette::state_word(state, crate::i18n::locale())
}

/// Why the machine stands, with the reason's name from the tree.
pub fn reason_text(ctx: &Ctx, m: &MachineLive) -> String {
    m.reason_text(|code| {
        ctx.plant.with(|p| {
            p.as_ref()
                .and_then(|p| p.reasons.iter().find(|r| r.code == code.as_str()))
                .map(|r| r.name.clone())
        })
    })
}

/// The Plant page.
#[component]
pub fn Plant() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machines = move || {
        let all = ctx
            .snapshot
            .with(|s| s.as_ref().map(|s| s.machines.clone()).unwrap_or_default());
        // A browser's display of one line (`/display/NAME`): its machines only.
        match ctx.line.get() {
            None => all,
            Some(line) => {
                let ids: Vec<String> = ctx.plant.with(|p| {
                    p.as_ref()
                        .map(|p| crate::pages::tablet::machines_of(&p.machines, &line))
                        .unwrap_or_default()
                        .into_iter()
                        .map(|m| m.id)
                        .collect()
                });
                all.into_iter().filter(|m| ids.contains(&m.id.to_string())).collect()
            }
        }
    };
    // On the shop-floor display the tiles share the screen, as large as they fit.
    let layout = move || {
        if !ctx.floor.get() {
            return String::new();
        }
        let n = machines().len().max(1);
        let (w, h) = web_sys::window()
            .map(|w| {
                let px = |v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
                    v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
                };
                (px(w.inner_width()), px(w.inner_height()))
            })
            .unwrap_or((1920.0, 1080.0));
        let (cols, rows) = grid(n, w, h);
        format!(
            "grid-template-columns: repeat({cols}, minmax(0, 1fr)); grid-template-rows: repeat({rows}, minmax(0, 1fr))"
        )
    };
    view! {
        <Show when=move || !ctx.floor.get()>
            <h1>{t("page-plant")}</h1>
        </Show>
        <Show when=move || ctx.snapshot.with(|s| s.as_ref().is_none_or(|s| s.machines.is_empty()))>
            <p class="muted" id="plant-waiting">{move || {
                let starting_demo = ctx.plant.with(|p| p.as_ref().is_some_and(|p| p.mode == Mode::Demo && p.machines.is_empty()));
                if starting_demo {
                    t("plant-starting-demo")
                } else {
                    t("plant-waiting")
                }
            }}</p>
        </Show>
        <div class="tiles" role="list" style=layout>
            <For each=machines key=|m| m.id.clone() let:m>
                <Tile id=m.id.to_string()/>
            </For>
        </div>
    }
}

#[component]
fn Tile(id: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let key = id.clone();
    let live = move || {
        ctx.snapshot.with(|s| {
            s.as_ref()
                .and_then(|s| s.machines.iter().find(|m| m.id.as_str() == key).cloned())
        })
    };
    let open = id.clone();
    view! {
        {move || live().map(|m| {
            let now = ctx.snapshot.with(|s| s.as_ref().map_or(m.since.unwrap_or(takt_core::time::Ts(0)), |s| s.t));
            let since = m.since.map(|s| {
                tw("plant-since", &[("time", fmt::hm(s, ctx.tz()).into()), ("duration", fmt::duration(now.0 - s.0).into())])
            });
            let state_class = format!("state state-{}", m.state.map_or("waiting", |s| s.as_str()));
            let colour = format!("--state: {}", palette::state_colour(m.state));
            let target = open.clone();
            view! {
                <button class="tile" role="listitem" data-machine=m.id.to_string() style=colour
                    on:click=move |_| {
                        // The TV in a browser is only looked at.
                        if !(crate::api::in_browser() && ctx.floor.get_untracked()) {
                            ctx.page.set(Page::Machine(Some(target.clone())));
                        }
                    }>
                    <div class="name">{m.name.clone()}</div>
                    <div class="id">{m.id.to_string()}{m.shift.as_ref().map(|s| format!(" · {}", tw("plant-shift", &[("shift", s.clone().into())])))}</div>
                    // Its length sets the TV's type: as large as fits the tile on one line.
                    {
                        let word = state_word(m.state);
                        let chars = format!("--chars: {}", word.chars().count());
                        view! { <div class=state_class style=chars>{word}</div> }
                    }
                    <div class="since">{since}</div>
                    <div class="reason">{reason_text(&ctx, &m)}</div>
                    {m.alarms.iter().map(|a| {
                        let unit = m.process.iter().find(|p| p.name == a.signal).and_then(|p| p.unit.clone()).unwrap_or_default();
                        let key = if a.kind == LimitKind::High { "plant-alarm-above" } else { "plant-alarm-below" };
                        let text = tw(
                            key,
                            &[
                                ("signal", a.signal.clone().into()),
                                ("limit", a.limit.to_string().into()),
                                ("unit", unit.clone().into()),
                                ("time", fmt::hm(a.start, ctx.tz()).into()),
                            ],
                        );
                        let worst = tw("plant-alarm-worst", &[("worst", format!("{:.1}", a.worst).into()), ("unit", unit.into())]);
                        view! { <div class="badge alarm" role="alert" data-signal=a.signal.clone() title=worst>{text}</div> }
                    }).collect_view()}
                    {m.alert.clone().map(|a| view! { <div class="badge" role="note" title=t("plant-maintenance-title")>{tw("plant-maintenance-badge", &[("alert", a.into())])}</div> })}
                    {m.strip_span.map(|(a, b)| strip(&m.strip, a, b, ctx.tz()))}
                    <div class="figures">
                        <div class="figure"><div class="value parts">{fmt::count(m.parts)}</div><div class="label">{t("plant-parts-this-shift")}</div></div>
                        <div class="figure"><div class="value oee">{fmt::pct(m.oee)}</div><div class="label">{t("plant-oee-this-shift")}</div></div>
                    </div>
                </button>
            }
        })}
    }
}

/// Columns and rows for `n` tiles on a `width` x `height` screen: the tiles' shape nearest
/// to 3:2 (a tile's words run across it), so that each is as large as the screen allows.
pub fn grid(n: usize, width: f64, height: f64) -> (usize, usize) {
    let n = n.max(1);
    (1..=n)
        .map(|cols| (cols, n.div_ceil(cols)))
        .min_by(|a, b| {
            let off = |(c, r): (usize, usize)| ((width / c as f64) / (height / r as f64) / 1.5).ln().abs();
            off(*a).total_cmp(&off(*b))
        })
        .unwrap_or((1, 1))
}

/// The shift so far as a strip of its states, as the Vorne and Evocon boards show it: the
/// whole shift's width, the part still to come left empty.
fn strip(
    spans: &[takt_core::api::TimelineSpan],
    from: takt_core::time::Ts,
    to: takt_core::time::Ts,
    tz: chrono_tz::Tz,
) -> impl IntoView + use<> {
    let len = (to.0 - from.0).max(1) as f64;
    let parts = spans
        .iter()
        .map(|s| {
            let style = format!(
                "left:{:.3}%; width:{:.3}%; background:{}",
                (s.start.0 - from.0) as f64 / len * 100.0,
                (s.end.0 - s.start.0) as f64 / len * 100.0,
                palette::state_colour(Some(s.state))
            );
            let title = format!(
                "{} {}–{}",
                state_word(Some(s.state)),
                fmt::hm(s.start, tz),
                fmt::hm(s.end, tz)
            );
            view! { <div class="span" data-state=s.state.as_str() style=style title=title></div> }
        })
        .collect_view();
    let label = tw(
        "plant-this-shift",
        &[("from", fmt::hm(from, tz).into()), ("to", fmt::hm(to, tz).into())],
    );
    view! { <div class="strip" role="img" aria-label=label.clone() title=label>{parts}</div> }
}
