//! The Maintenance page: tasks due with their progress, a form to log maintenance, each
//! component's life model with its probability plot, each machine's failure trend, and
//! the condition trends with their forecast crossing. Every figure is a cell of the
//! tables `takt maintenance due`, `takt report maintenance` and `takt report condition`
//! write, computed once by the backend; the page only draws.

use leptos::prelude::*;
use takt_core::api::{ApiError, MaintenanceView, NewMaintenance, TrendChart, cmd};
use takt_core::maintenance::{DueRow, WeibullPlot};
use takt_core::time::{HOUR_MS, Ts};

use crate::api::{Input, NoArgs, invoke, messages, now};
use crate::app::Ctx;
use crate::chart::{BOTTOM, H, LEFT, RIGHT, TOP, W, limit_lines, linear, points, short, value_range};
use crate::{fmt, table};

/// The Maintenance page.
#[component]
pub fn Maintenance() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let view_data = RwSignal::new(None::<MaintenanceView>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match invoke::<_, MaintenanceView>(cmd::MAINTENANCE, &NoArgs {}).await {
                Ok(v) => {
                    error.set(None);
                    view_data.set(Some(v));
                }
                Err(e) => error.set(Some(messages(&e))),
            }
        });
    };
    load();
    view! {
        <h1>"Maintenance"</h1>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <Show when=move || view_data.with(Option::is_none) && error.with(Option::is_none)>
            <p class="muted">"Working out the life models…"</p>
        </Show>
        <h2>"Tasks due"</h2>
        {move || view_data.get().map(|v| view! { <Due rows=v.due/> })}
        <h2>"Log maintenance"</h2>
        <LogForm view_data=view_data on_logged=load/>
        {move || view_data.get().map(|v| {
            let tz = ctx.tz();
            view! {
                <h2>"Failure forecasts per component"</h2>
                <p class="muted">"Weibull life models fitted to each component's lives (failures; replacements before failure and the part in place are suspensions), with 90 % bounds."</p>
                <div class="cards" id="components">
                    {v.plots.iter().enumerate().map(|(i, p)| {
                        let cell = |c: &str| table::cell(&v.components, i, c, tz);
                        let figures = [
                            ("Shape β", cell("weibull_beta")),
                            ("Scale η, h", cell("weibull_eta_h")),
                            ("B10 life, h", cell("b10_h")),
                            ("MTBF, h", cell("mtbf_h")),
                            ("MTTR, h", cell("mttr_h")),
                            ("Risk in 30 days", cell("p_fail_30d")),
                            ("Due by risk or plan", cell("next_due")),
                        ];
                        let note = cell("note");
                        view! {
                            <div class="card component" data-machine=p.machine.to_string() data-component=p.component.clone()>
                                <h3>{format!("{} · {}", p.machine, p.component)}</h3>
                                <dl class="figures-list">
                                    {figures.into_iter().map(|(k, val)| view! { <dt>{k}</dt><dd data-figure=k>{if val.is_empty() { "–".to_string() } else { val }}</dd> }).collect_view()}
                                </dl>
                                {(!note.is_empty()).then(|| view! { <p class="muted note">{note}</p> })}
                                {probability_plot(p)}
                            </div>
                        }
                    }).collect_view()}
                </div>
                <h2>"Failure trend per machine (Crow-AMSAA)"</h2>
                {table::view(&v.growth, tz, "growth-table", 200)}
                <h2>"Condition trends"</h2>
                <div class="cards" id="conditions">
                    {v.trends.iter().enumerate().map(|(i, t)| {
                        let cell = |c: &str| table::cell(&v.conditions, i, c, tz);
                        let when = cell("cross_at");
                        let summary = if when.is_empty() {
                            cell("note")
                        } else if t.row.crossing.is_some_and(|c| c.beyond) {
                            format!("beyond its {} limit since {}", cell("limit"), fmt::day_hm(t.row.crossing.map_or(v.now, |c| c.at), tz))
                        } else {
                            let c = t.row.crossing.expect("a crossing time has a crossing");
                            format!(
                                "to cross its {} limit {} (between {} and {})",
                                cell("limit"),
                                fmt::day_hm(c.at, tz),
                                fmt::day_hm(c.earliest, tz),
                                c.latest.map_or("beyond a year".into(), |l| fmt::day_hm(l, tz)),
                            )
                        };
                        view! {
                            <div class="card condition" data-machine=t.row.machine.to_string() data-signal=t.row.signal.clone() data-cross-at=when>
                                <h3>{format!("{} · {}", t.row.machine, t.row.signal)}</h3>
                                <p>{format!("last hour {} {}, trend {} {}/day", cell("last"), t.row.unit, cell("slope_per_day"), t.row.unit)}</p>
                                <p class="summary">{summary}</p>
                                {trend_chart(t, v.now, tz)}
                            </div>
                        }
                    }).collect_view()}
                </div>
                <h2>"The log, last 30 days"</h2>
                {table::view(&v.log, tz, "log-table", 200)}
            }
        })}
    }
}

/// The tasks due, overdue first, each with a bar of how far along its interval it is.
#[component]
fn Due(rows: Vec<DueRow>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let tz = ctx.tz();
    if rows.is_empty() {
        return view! { <p class="muted" id="due-none">"No maintenance plans: add [[machine.maintenance]] tables to a machine in Settings."</p> }.into_any();
    }
    view! {
        <table id="due-table">
            <thead><tr><th>"Task"</th><th>"Machine"</th><th>"Progress"</th><th>"Used"</th><th>"Due"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let width = format!("width: {:.1}%", r.progress().clamp(0.0, 1.0) * 100.0);
                    let used = format!("{} of {} {}", short(r.since_last), short(r.every), unit_word(&r.unit));
                    let due = match r.due_at {
                        Some(t) if r.overdue => format!("overdue since {}", fmt::day_hm(t, tz)),
                        Some(t) => fmt::day_hm(t, tz),
                        None => r.note.clone(),
                    };
                    view! {
                        <tr class="due-row" class:overdue=r.overdue data-machine=r.machine.to_string() data-task=r.task.clone()>
                            <td>{r.task.clone()}<div class="muted">{r.component.clone()}</div></td>
                            <td>{r.machine.to_string()}</td>
                            <td><div class="bar due-bar" role="progressbar" aria-valuenow=format!("{:.0}", r.progress() * 100.0) aria-valuemin="0" aria-valuemax="100"><div style=width></div></div></td>
                            <td class="num">{used}</td>
                            <td>{due}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn unit_word(unit: &str) -> &'static str {
    match unit {
        "run_h" => "run hours",
        "cycles" => "cycles",
        _ => "days",
    }
}

/// The form that logs a maintenance event; the backend checks it as `takt maintenance log`
/// does and names the field of each problem.
#[component]
fn LogForm(view_data: RwSignal<Option<MaintenanceView>>, on_logged: impl Fn() + Copy + 'static) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machines = ctx
        .plant
        .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default());
    let machine = RwSignal::new(machines.first().map(|m| m.id.clone()).unwrap_or_default());
    let component = RwSignal::new(String::new());
    let kind = RwSignal::new("service".to_string());
    let at = RwSignal::new(now().to_local(ctx.tz()).format("%Y-%m-%dT%H:%M").to_string());
    let duration = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ApiError>::new());
    let done = RwSignal::new(None::<String>);
    // The components the page knows of, offered as the field's suggestions.
    let known = move || {
        view_data.with(|v| {
            let mut known: Vec<String> = v
                .iter()
                .flat_map(|v| {
                    v.plots
                        .iter()
                        .map(|p| p.component.clone())
                        .chain(v.due.iter().map(|d| d.component.clone()))
                })
                .collect();
            known.sort();
            known.dedup();
            known
        })
    };
    let field_error = move |f: &'static str| {
        move || {
            errors.with(|e| {
                e.iter()
                    .filter(|e| e.field.as_deref() == Some(f))
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        }
    };
    let submit = move |_| {
        let tz = ctx.tz();
        let Some(t) = takt_core::time::parse_user_time(&at.get().replace('T', " "), tz) else {
            errors.set(vec![ApiError {
                field: Some("at".into()),
                message: "at: expected a date and time".into(),
            }]);
            return;
        };
        let entry = NewMaintenance {
            machine: machine.get(),
            component: component.get(),
            kind: kind.get(),
            at: t,
            duration_min: duration.get(),
            note: note.get(),
        };
        leptos::task::spawn_local(async move {
            match invoke::<_, ()>(cmd::LOG_MAINTENANCE, &Input { input: &entry }).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    let what =
                        takt_core::model::MaintenanceKind::parse(&entry.kind).map_or("an event", |k| k.with_article());
                    done.set(Some(format!(
                        "Logged {what} of {} on {}.",
                        entry.component, entry.machine
                    )));
                    on_logged();
                }
                Err(e) => {
                    done.set(None);
                    errors.set(e);
                }
            }
        });
    };
    let general = move || {
        errors.with(|e| {
            e.iter()
                .filter(|e| e.field.is_none())
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    view! {
        <div class="card" id="log-form">
            <div class="row">
                <label>"Machine"
                    <select id="log-machine" on:change=move |ev| machine.set(event_target_value(&ev)) prop:value=move || machine.get()>
                        {machines.iter().map(|m| view! { <option value=m.id.clone()>{format!("{} ({})", m.name, m.id)}</option> }).collect_view()}
                    </select>
                    <span class="field-error">{field_error("machine")}</span>
                </label>
                <label>"Component"
                    <input id="log-component" list="log-components" prop:value=move || component.get() on:input=move |ev| component.set(event_target_value(&ev))/>
                    <datalist id="log-components">{move || known().into_iter().map(|c| view! { <option value=c/> }).collect_view()}</datalist>
                    <span class="field-error">{field_error("component")}</span>
                </label>
                <label>"What was done"
                    <select id="log-kind" on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                        <option value="service">"Service (the plan's work)"</option>
                        <option value="inspection">"Inspection"</option>
                        <option value="replacement">"Replacement before failure"</option>
                        <option value="failure">"Failure (repaired or replaced)"</option>
                    </select>
                    <span class="field-error">{field_error("kind")}</span>
                </label>
                <label>"When"
                    <input id="log-at" type="datetime-local" prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                    <span class="field-error">{field_error("at")}</span>
                </label>
                <label>"Minutes"
                    <input id="log-duration" inputmode="decimal" size="6" prop:value=move || duration.get() on:input=move |ev| duration.set(event_target_value(&ev))/>
                    <span class="field-error">{field_error("duration_min")}</span>
                </label>
                <label>"Note"
                    <input id="log-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                </label>
                <button class="primary" id="log-submit" on:click=submit>"Log"</button>
            </div>
            <p class="error" role="alert">{general}</p>
            <p class="ok" id="log-done" role="status">{move || done.get()}</p>
        </div>
    }
}

/// Weibull probability paper: ln(life) across, ln(-ln(1 - F)) up, so a Weibull is a
/// straight line. Failures are dots at their median ranks, suspensions ticks on the axis.
fn probability_plot(p: &WeibullPlot) -> impl IntoView + use<> {
    let ys = |f: f64| (-(-f).ln_1p()).ln();
    let lives = p.failures.iter().map(|f| f.0).chain(p.suspensions.iter().copied());
    let line = p.line.iter().flat_map(|l| [l.1, l.2, l.3]);
    let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
    for t in lives.chain(line).filter(|t| t.is_finite() && *t > 0.0) {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    if !lo.is_finite() {
        return view! { <p class="muted">"No lives to plot yet."</p> }.into_any();
    }
    // Whole decades across.
    let (d0, d1) = (lo.log10().floor(), hi.log10().ceil().max(lo.log10().floor() + 1.0));
    let x = move |t: f64| linear(t.log10(), (d0, d1), (LEFT, W - RIGHT));
    let (y_lo, y_hi) = (ys(0.01), ys(0.99));
    let y = move |f: f64| linear(ys(f.clamp(0.01, 0.99)), (y_lo, y_hi), (H - BOTTOM, TOP));
    let decades = (d0 as i32..=d1 as i32)
        .map(|d| {
            let xv = x(10f64.powi(d));
            view! {
                <line x1=xv x2=xv y1=TOP y2=H - BOTTOM class="grid"/>
                <text x=xv y=H - 10.0 text-anchor="middle" class="tick">{format!("{}", 10f64.powi(d))}</text>
            }
        })
        .collect_view();
    let probs = [0.01, 0.05, 0.1, 0.2, 0.5, 0.632, 0.9, 0.99]
        .into_iter()
        .map(|f| {
            let yv = y(f);
            view! {
                <line x1=LEFT x2=W - RIGHT y1=yv y2=yv class="grid"/>
                <text x=LEFT - 4.0 y=yv + 4.0 text-anchor="end" class="tick">{format!("{:.0}%", f * 100.0)}</text>
            }
        })
        .collect_view();
    let fit = points(p.line.iter().map(|l| (x(l.1), y(l.0))));
    let lower = points(p.line.iter().map(|l| (x(l.2), y(l.0))));
    let upper = points(p.line.iter().map(|l| (x(l.3), y(l.0))));
    let dots = p
        .failures
        .iter()
        .map(|&(t, f)| view! { <circle cx=x(t) cy=y(f) r="3.5" class="failure"><title>{format!("failed after {t:.0} h")}</title></circle> })
        .collect_view();
    let ticks = p
        .suspensions
        .iter()
        .map(|&t| {
            let xv = x(t);
            view! { <line x1=xv x2=xv y1=H - BOTTOM y2=H - BOTTOM - 8.0 class="suspension"><title>{format!("suspended at {t:.0} h")}</title></line> }
        })
        .collect_view();
    view! {
        <svg class="chart probability" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label=format!("Weibull probability plot of {}: {} failures, {} suspensions", p.component, p.failures.len(), p.suspensions.len())>
            {decades}
            {probs}
            <polyline points=lower class="bound"/>
            <polyline points=upper class="bound"/>
            <polyline points=fit class="fit"/>
            {dots}
            {ticks}
            <text x=W - RIGHT y=H - BOTTOM - 12.0 text-anchor="end" class="tick">"life, h"</text>
        </svg>
    }
    .into_any()
}

/// A process value's hourly means, its limits, the fitted trend and where it crosses.
fn trend_chart(t: &TrendChart, now: Ts, tz: chrono_tz::Tz) -> impl IntoView + use<> {
    let Some(&(first, _)) = t.hours.first() else {
        return view! { <p class="muted">"No readings in the window."</p> }.into_any();
    };
    let c = t.row.crossing;
    let t0 = first.0 as f64;
    let t1 = [Some(now), c.map(|c| c.at), c.and_then(|c| c.latest)]
        .into_iter()
        .flatten()
        .map(|t| t.0 as f64)
        .fold(now.0 as f64, f64::max)
        + HOUR_MS as f64;
    let values = t.hours.iter().map(|h| h.1).chain(t.row.low).chain(t.row.high);
    let (lo, hi) = value_range(values.chain(t.row.line.iter().flat_map(|l| [l[0].1, l[1].1])));
    let x = move |ts: Ts| linear(ts.0 as f64, (t0, t1), (LEFT, W - RIGHT));
    let y = move |v: f64| linear(v, (lo, hi), (H - BOTTOM, TOP));
    let limits = limit_lines([t.row.low, t.row.high], y);
    let means = points(t.hours.iter().map(|&(ts, v)| (x(Ts(ts.0 + HOUR_MS / 2)), y(v))));
    let line = t
        .row
        .line
        .map(|[a, b]| view! { <line x1=x(a.0) y1=y(a.1) x2=x(b.0) y2=y(b.1) class="fit"/> });
    let band = c.filter(|c| !c.beyond).map(|c| {
        let (a, b) = (x(c.earliest), c.latest.map_or(W - RIGHT, x));
        view! { <rect x=a y=TOP width=(b - a).max(1.0) height=H - BOTTOM - TOP class="interval"/> }
    });
    let marker = c.map(|c| {
        let xv = x(c.at);
        view! { <line x1=xv x2=xv y1=TOP y2=H - BOTTOM class="crossing"><title>{format!("crosses at {}", fmt::day_hm(c.at, tz))}</title></line> }
    });
    let now_x = x(now);
    view! {
        <svg class="chart trend" viewBox=format!("0 0 {W} {H}") role="img" aria-label=format!("Hourly means of {} with its limits and trend", t.row.signal)>
            {band}
            {limits}
            <polyline points=means class="series"/>
            {line}
            {marker}
            <line x1=now_x x2=now_x y1=TOP y2=H - BOTTOM class="now"/>
            <text x=LEFT y=H - 10.0 class="tick">{fmt::day_hm(first, tz)}</text>
            <text x=now_x y=H - 10.0 text-anchor="middle" class="tick">"now"</text>
        </svg>
    }
    .into_any()
}
