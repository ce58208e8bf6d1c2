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
        <h1>"Machine"</h1>
        <div class="row">
            <label>"Machine"
                <select id="machine-select" on:change=move |ev| machine.set(event_target_value(&ev)) prop:value=move || machine.get()>
                    {move || machines().into_iter().map(|m| view! { <option value=m.id.clone()>{format!("{} ({})", m.name, m.id)}</option> }).collect_view()}
                </select>
            </label>
            <label>"Period"
                <select id="machine-range" on:change=move |ev| range.set(Range::parse(&event_target_value(&ev)))>
                    <option value="today">"Today"</option>
                    <option value="yesterday">"Yesterday"</option>
                    <option value="week">"Last 7 days"</option>
                </select>
            </label>
        </div>
        {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
        {move || detail.get().map(|d| view! { <Detail d=d/> })}
        {move || charts.get().filter(|_| detail.with(Option::is_some)).map(|p| view! {
            <h2>"Charts"</h2>
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
                palette::state_word(Some(s.state)),
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
    let kpi = |label: &'static str, id: &'static str, v: Option<f64>| {
        let width = format!("width: {:.1}%", v.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0);
        view! {
            <div class="kpi"><div class="muted">{label}</div><div class="value" id=id>{fmt::pct(v)}</div><div class="bar"><div style=width></div></div></div>
        }
    };
    let l = d.losses;
    let losses = [
        ("Breakdowns", l.breakdowns_s),
        ("Setups", l.setups_s),
        ("Small stops", l.small_stops_s),
        ("Reduced speed", l.reduced_speed_s),
        ("Production rejects", l.production_rejects_s),
        ("Start-up rejects", l.startup_rejects_s),
    ];
    view! {
        <h2 id="machine-period" data-machine=d.machine.clone() data-from=d.from.0.to_string() data-to=d.to.0.to_string()>
            {format!("{}, {} – {}", d.name, fmt::day_hm(d.from, tz), fmt::day_hm(d.to, tz))}
        </h2>
        <div class="timeline" style="position: relative">{timeline}</div>
        <div class="legend">
            {[MachineState::Running, MachineState::Down, MachineState::Planned, MachineState::NoData].into_iter().map(|s| {
                let c = format!("--c: {}", palette::state_colour(Some(s)));
                view! { <span style=c>{palette::state_word(Some(s))}</span> }
            }).collect_view()}
        </div>
        <h2>"OEE"</h2>
        <div class="kpis">
            {kpi("Availability", "machine-availability", d.availability)}
            {kpi("Performance", "machine-performance", d.performance)}
            {kpi("Quality", "machine-quality", d.quality)}
            {kpi("OEE", "machine-oee", d.oee)}
        </div>
        <p>{format!("{} parts, {} good, {} rejected; run {} of {} planned.", fmt::count(d.total), fmt::count(d.good), fmt::count(d.reject), fmt::duration((d.run_s * 1000.0) as i64), fmt::duration((d.planned_s * 1000.0) as i64))}</p>
        <h2>"The six big losses"</h2>
        <table>
            <tbody>
                {losses.into_iter().map(|(name, s)| view! { <tr><td>{name}</td><td>{fmt::duration((s * 1000.0) as i64)}</td></tr> }).collect_view()}
            </tbody>
        </table>
        {(!d.process.is_empty()).then(|| view! {
            <h2 id="machine-process-values">"Process values"</h2>
            <table>
                <thead><tr><th>"Value"</th><th>"Now"</th><th>"Lowest"</th><th>"Highest"</th><th>"Limits"</th></tr></thead>
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
                                <td>{format!("{} to {}", p.low.map_or("–".into(), |x| x.to_string()), p.high.map_or("–".into(), |x| x.to_string()))}</td>
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
            <h2>"Alarms"</h2>
            {if d.alarms.is_empty() {
                view! { <p class="muted" id="machine-alarms-none">"No value left its limits in this range."</p> }.into_any()
            } else {
                view! {
                    <table id="machine-alarms">
                        <thead><tr><th>"Value"</th><th>"Limit"</th><th>"Worst"</th><th>"From"</th><th>"To"</th><th>"For"</th></tr></thead>
                        <tbody>
                            {d.alarms.iter().map(|a| view! {
                                <tr class="alarm-row" class:open=a.open data-signal=a.signal.clone() data-kind=a.kind.as_str()>
                                    <td>{a.signal.clone()}</td>
                                    <td>{format!("{} {}", a.kind.as_str(), a.limit)}</td>
                                    <td class="num">{format!("{:.1}", a.worst)}</td>
                                    <td>{fmt::day_hm(a.start, tz)}</td>
                                    <td>{if a.open { "now".to_string() } else { fmt::day_hm(a.end, tz) }}</td>
                                    <td class="num">{fmt::duration(a.end.since(a.start))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        })}
        {d.energy.as_ref().map(|e| view! {
            <h2>"Energy"</h2>
            <div class="kpis">
                <div class="kpi"><div class="muted">"kWh"</div><div class="value" id="machine-kwh">{format!("{:.1}", e.kwh)}</div></div>
                <div class="kpi"><div class="muted">"kWh per good part"</div><div class="value" id="machine-kwh-per-good">{e.kwh_per_good.map_or("–".into(), |k| format!("{k:.4}"))}</div></div>
                <div class="kpi"><div class="muted">"Used while standing"</div><div class="value" id="machine-idle-share">{fmt::pct(e.idle_share)}</div></div>
            </div>
            <p>{format!("{:.1} kWh running, {:.1} kWh standing, {:.1} kWh while Takt was away; {} good parts.", e.run_kwh, e.idle_kwh, e.no_data_kwh, fmt::count(e.good))}</p>
        })}
    }
}
