//! The Machine page: the state timeline of today, yesterday or the last 7 days, counts, OEE
//! with availability, performance and quality, the six big losses, process values against
//! their limits with their charts and alarm episodes, and energy (the energy report's row
//! for the machine and range).

use leptos::prelude::*;
use takt_core::api::{FirstPage, MachineDetail, MachineQuery, ReportQuery, cmd};
use takt_core::model::{AlarmEpisode, MachineState};
use takt_core::palette;
use takt_core::time::Ts;

use crate::api::{Input, invoke, messages, now};
use crate::app::Ctx;
use crate::i18n::{t, tw};
use crate::pages::plant::state_word;
use crate::{chart, fmt};

/// The Machine page, showing `initial` (or the first machine).
#[component]
pub fn Machine(initial: Option<String>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let first = ctx
        .plant
        .with(|p| p.as_ref().and_then(|p| p.machines.first().map(|m| m.id.clone())));
    let machine = RwSignal::new(initial.or(first).unwrap_or_default());
    let range = RwSignal::new(Range::Today);
    let detail = RwSignal::new(None::<MachineDetail>);
    let error = RwSignal::new(None::<String>);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        let id = machine.get();
        let range = range.get();
        // Today's view follows the machine with each snapshot; past days do not change.
        if range == Range::Today {
            ctx.snapshot.track();
        }
        if id.is_empty() {
            return;
        }
        let (from, to) = range.bounds(now(), ctx.tz());
        let q = MachineQuery { machine: id, from, to };
        // Only the answer to the latest question is shown: an older one may come later.
        let ticket = asked.get_value() + 1;
        asked.set_value(ticket);
        leptos::task::spawn_local(async move {
            let answer = invoke::<_, MachineDetail>(cmd::MACHINE, &Input { input: &q }).await;
            if asked.get_value() != ticket {
                return;
            }
            match answer {
                Ok(d) => {
                    error.set(None);
                    detail.set(Some(d));
                }
                Err(e) => error.set(Some(messages(&e))),
            }
        });
    });
    // The OEE report's charts of the machine and range (the PDF's, from the same function):
    // drawn again when the machine or the range changes, and each minute for today.
    let charts = RwSignal::new(None::<FirstPage>);
    let minute = Memo::new(move |_| ctx.snapshot.with(|s| s.as_ref().map(|s| s.t.0 / 60_000)));
    let asked_charts = StoredValue::new(0u64);
    Effect::new(move |_| {
        let id = machine.get();
        let range = range.get();
        if range == Range::Today {
            minute.track();
        }
        if id.is_empty() {
            return;
        }
        let (from, to) = range.bounds(now(), ctx.tz());
        let q = ReportQuery {
            kind: "oee".into(),
            from,
            to,
            machines: vec![id],
            by: None,
            pdf: false,
        };
        let ticket = asked_charts.get_value() + 1;
        asked_charts.set_value(ticket);
        leptos::task::spawn_local(async move {
            let answer = invoke::<_, FirstPage>(cmd::FIRST_PAGE, &Input { input: &q }).await;
            if asked_charts.get_value() == ticket
                && let Ok(p) = answer
            {
                charts.set(Some(p));
            }
        });
    });
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    view! {
        <h1>{t("page-machine")}</h1>
        <div class="row">
            <label>{t("machine-field-machine")}
                <select id="machine-select" on:change=move |ev| machine.set(event_target_value(&ev)) prop:value=move || machine.get()>
                    {move || machines().into_iter().map(|m| view! { <option value=m.id.clone()>{format!("{} ({})", m.name, m.id)}</option> }).collect_view()}
                </select>
            </label>
            <label>{t("machine-field-period")}
                <select id="machine-range" on:change=move |ev| range.set(Range::parse(&event_target_value(&ev)))>
                    <option value="today">{t("machine-range-today")}</option>
                    <option value="yesterday">{t("machine-range-yesterday")}</option>
                    <option value="week">{t("machine-range-week")}</option>
                </select>
            </label>
        </div>
        {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
        {move || detail.get().map(|d| view! { <Detail d=d/> })}
        {move || charts.get().filter(|_| detail.with(Option::is_some)).map(|p| view! {
            <h2>{t("machine-charts")}</h2>
            <div class="charts" id="machine-charts">{p.charts.iter().map(crate::chart::drawn).collect_view()}</div>
        })}
    }
}

/// The period the page shows, in plant-local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    Today,
    Yesterday,
    Week,
}

impl Range {
    fn parse(s: &str) -> Range {
        match s {
            "yesterday" => Range::Yesterday,
            "week" => Range::Week,
            _ => Range::Today,
        }
    }

    /// From and to: whole plant-local days (today until now).
    fn bounds(self, now: Ts, tz: chrono_tz::Tz) -> (Ts, Ts) {
        let today = now.to_local(tz).date_naive();
        let midnight = |days_back: u64| {
            today
                .checked_sub_days(chrono::Days::new(days_back))
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map_or(now, |d| takt_core::time::local_to_utc(tz, d))
        };
        match self {
            Range::Today => (midnight(0), now),
            Range::Yesterday => (midnight(1), midnight(0)),
            Range::Week => (midnight(6), now),
        }
    }
}

#[component]
fn Detail(d: MachineDetail) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let tz = ctx.tz();
    let span = (d.to.0 - d.from.0).max(1) as f64;
    let timeline = d
        .timeline
        .iter()
        .map(|s| {
            let left = (s.start.0 - d.from.0) as f64 / span * 100.0;
            let width = (s.end.0 - s.start.0) as f64 / span * 100.0;
            let title = format!(
                "{} {}–{}{}",
                state_word(Some(s.state)),
                fmt::hm(s.start, tz),
                fmt::hm(s.end, tz),
                s.reason.as_ref().map(|r| format!(" · {r}")).unwrap_or_default()
            );
            let style = format!(
                "position:absolute; left:{left:.3}%; width:{width:.3}%; background:{}",
                palette::state_colour(Some(s.state))
            );
            view! { <div style=style title=title></div> }
        })
        .collect_view();
    let kpi = |key: &'static str, id: &'static str, v: Option<f64>| {
        let width = format!("width: {:.1}%", v.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0);
        view! {
            <div class="kpi"><div class="muted">{t(key)}</div><div class="value" id=id>{fmt::pct(v)}</div><div class="bar"><div style=width></div></div></div>
        }
    };
    let l = d.losses;
    let losses = [
        ("machine-loss-breakdowns", l.breakdowns_s),
        ("machine-loss-setups", l.setups_s),
        ("machine-loss-small-stops", l.small_stops_s),
        ("machine-loss-reduced-speed", l.reduced_speed_s),
        ("machine-loss-production-rejects", l.production_rejects_s),
        ("machine-loss-startup-rejects", l.startup_rejects_s),
    ];
    view! {
        <h2 id="machine-period" data-machine=d.machine.clone() data-from=d.from.0.to_string() data-to=d.to.0.to_string()>
            {format!("{}, {} – {}", d.name, fmt::day_hm(d.from, tz), fmt::day_hm(d.to, tz))}
        </h2>
        <div class="timeline" style="position: relative">{timeline}</div>
        <div class="legend">
            {[MachineState::Running, MachineState::Down, MachineState::Planned, MachineState::NoData].into_iter().map(|s| {
                let c = format!("--c: {}", palette::state_colour(Some(s)));
                view! { <span style=c>{state_word(Some(s))}</span> }
            }).collect_view()}
        </div>
        <h2>{t("machine-oee")}</h2>
        <div class="kpis">
            {kpi("machine-availability", "machine-availability", d.availability)}
            {kpi("machine-performance", "machine-performance", d.performance)}
            {kpi("machine-quality", "machine-quality", d.quality)}
            {kpi("machine-oee", "machine-oee", d.oee)}
        </div>
        <p>{tw(
            "machine-parts-summary",
            &[
                ("total", fmt::count(d.total).into()),
                ("good", fmt::count(d.good).into()),
                ("reject", fmt::count(d.reject).into()),
                ("run", fmt::duration((d.run_s * 1000.0) as i64).into()),
                ("planned", fmt::duration((d.planned_s * 1000.0) as i64).into()),
            ],
        )}</p>
        <h2>{t("machine-six-big-losses")}</h2>
        <table>
            <tbody>
                {losses.into_iter().map(|(key, s)| view! { <tr><td>{t(key)}</td><td>{fmt::duration((s * 1000.0) as i64)}</td></tr> }).collect_view()}
            </tbody>
        </table>
        {(!d.process.is_empty()).then(|| view! {
            <h2 id="machine-process-values">{t("machine-process-values")}</h2>
            <table>
                <thead><tr><th>{t("machine-col-value")}</th><th>{t("machine-col-now")}</th><th>{t("machine-col-lowest")}</th><th>{t("machine-col-highest")}</th><th>{t("machine-col-limits")}</th></tr></thead>
                <tbody>
                    {d.process.iter().map(|p| {
                        let last = p.minutes.last().map(|m| m.avg);
                        let lo = p.minutes.iter().map(|m| m.min).fold(f64::INFINITY, f64::min);
                        let hi = p.minutes.iter().map(|m| m.max).fold(f64::NEG_INFINITY, f64::max);
                        let unit = p.unit.clone().unwrap_or_default();
                        let out = last.is_some_and(|v| AlarmEpisode::beyond(v, p.low, p.high).is_some());
                        let f = |x: f64| if x.is_finite() { format!("{x:.1} {unit}") } else { "–".into() };
                        view! {
                            <tr>
                                <td>{p.name.clone()}</td>
                                <td class=if out { "out-of-limits" } else { "" }>{last.map_or("–".into(), f)}</td>
                                <td>{f(lo)}</td>
                                <td>{f(hi)}</td>
                                <td>{tw(
                                    "machine-limits-range",
                                    &[
                                        ("low", p.low.map_or("–".into(), |x| x.to_string()).into()),
                                        ("high", p.high.map_or("–".into(), |x| x.to_string()).into()),
                                    ],
                                )}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(!d.process.is_empty()).then(|| {
            let span = (d.from, d.to.min(now()));
            d.process.iter().map(|p| {
                let minutes: Vec<(Ts, f64)> = p.minutes.iter().map(|m| (m.minute, m.avg)).collect();
                view! {
                    <h3>{format!("{}{}", p.name, p.unit.as_ref().map_or(String::new(), |u| format!(", {u}")))}</h3>
                    {chart::process_chart(&p.name, &minutes, (p.low, p.high), &d.alarms, span, tz)}
                }
            }).collect_view()
        })}
        {(!d.process.is_empty()).then(|| view! {
            <h2>{t("machine-alarms")}</h2>
            {if d.alarms.is_empty() {
                view! { <p class="muted" id="machine-alarms-none">{t("machine-alarms-none")}</p> }.into_any()
            } else {
                view! {
                    <table id="machine-alarms">
                        <thead><tr><th>{t("machine-col-value")}</th><th>{t("machine-col-limit")}</th><th>{t("machine-col-worst")}</th><th>{t("machine-col-from")}</th><th>{t("machine-col-to")}</th><th>{t("machine-col-for")}</th></tr></thead>
                        <tbody>
                            {d.alarms.iter().map(|a| view! {
                                <tr class="alarm-row" class:open=a.open data-signal=a.signal.clone() data-kind=a.kind.as_str()>
                                    <td>{a.signal.clone()}</td>
                                    <td>{format!("{} {}", chart::limit_word(a.kind), a.limit)}</td>
                                    <td class="num">{format!("{:.1}", a.worst)}</td>
                                    <td>{fmt::day_hm(a.start, tz)}</td>
                                    <td>{if a.open { t("machine-alarm-now") } else { fmt::day_hm(a.end, tz) }}</td>
                                    <td class="num">{fmt::duration(a.end.since(a.start))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        })}
        {d.energy.as_ref().map(|e| view! {
            <h2>{t("machine-energy")}</h2>
            <div class="kpis">
                <div class="kpi"><div class="muted">"kWh"</div><div class="value" id="machine-kwh">{format!("{:.1}", e.kwh)}</div></div>
                <div class="kpi"><div class="muted">{t("machine-kwh-per-good")}</div><div class="value" id="machine-kwh-per-good">{e.kwh_per_good.map_or("–".into(), |k| format!("{k:.4}"))}</div></div>
                <div class="kpi"><div class="muted">{t("machine-idle-share")}</div><div class="value" id="machine-idle-share">{fmt::pct(e.idle_share)}</div></div>
            </div>
            <p>{tw(
                "machine-energy-summary",
                &[
                    ("run", format!("{:.1}", e.run_kwh).into()),
                    ("idle", format!("{:.1}", e.idle_kwh).into()),
                    ("away", format!("{:.1}", e.no_data_kwh).into()),
                    ("good", fmt::count(e.good).into()),
                ],
            )}</p>
        })}
    }
}
