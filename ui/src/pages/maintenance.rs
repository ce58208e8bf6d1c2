//! The Maintenance page: tasks due with their progress, a form to log maintenance, each
//! component's life model with its probability plot, each machine's failure trend, and
//! the condition trends with their forecast crossing. Every figure is a cell of the
//! tables `takt maintenance due`, `takt report maintenance` and `takt report condition`
//! write, computed once by the backend; the page only draws.

use leptos::prelude::*;
use takt_core::api::{ApiError, MaintenanceView, NewMaintenance, TrendChart, cmd};
use takt_core::condition::Limit;
use takt_core::maintenance::{DueRow, WeibullPlot};
use takt_core::model::MaintenanceKind;
use takt_core::time::{HOUR_MS, Ts};

use crate::api::{Input, NoArgs, invoke, messages, now};
use crate::app::Ctx;
use crate::chart::{BOTTOM, H, LEFT, RIGHT, TOP, W, limit_lines, linear, points, short, value_range};
use crate::i18n::{t, tw};
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
        <h1>{t("page-maintenance")}</h1>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <Show when=move || view_data.with(Option::is_none) && error.with(Option::is_none)>
            <p class="muted">{t("maint-working")}</p>
        </Show>
        <h2>{t("maint-tasks-due")}</h2>
        {move || view_data.get().map(|v| view! { <Due rows=v.due/> })}
        <h2>{t("maint-log-title")}</h2>
        <LogForm view_data=view_data on_logged=load/>
        {move || view_data.get().map(|v| {
            let tz = ctx.tz();
            view! {
                <h2>{t("maint-forecasts")}</h2>
                <p class="muted">{t("maint-forecasts-note")}</p>
                <div class="cards" id="components">
                    {v.plots.iter().enumerate().map(|(i, p)| {
                        let cell = |c: &str| table::cell(&v.components, i, c, tz);
                        // Each figure's data-figure stays its English label (tests find it by it).
                        let figures = [
                            ("Shape β", "maint-fig-shape", cell("weibull_beta")),
                            ("Scale η, h", "maint-fig-scale", cell("weibull_eta_h")),
                            ("B10 life, h", "maint-fig-b10", cell("b10_h")),
                            ("MTBF, h", "maint-fig-mtbf", cell("mtbf_h")),
                            ("MTTR, h", "maint-fig-mttr", cell("mttr_h")),
                            ("Risk in 30 days", "maint-fig-risk-30", cell("p_fail_30d")),
                            ("Due by risk or plan", "maint-fig-next-due", cell("next_due")),
                        ];
                        let note = cell("note");
                        view! {
                            <div class="card component" data-machine=p.machine.to_string() data-component=p.component.clone()>
                                <h3>{format!("{} · {}", p.machine, p.component)}</h3>
                                <dl class="figures-list">
                                    {figures.into_iter().map(|(k, key, val)| view! { <dt>{t(key)}</dt><dd data-figure=k>{if val.is_empty() { "–".to_string() } else { val }}</dd> }).collect_view()}
                                </dl>
                                {(!note.is_empty()).then(|| view! { <p class="muted note">{note}</p> })}
                                {probability_plot(p)}
                            </div>
                        }
                    }).collect_view()}
                </div>
                <h2>{t("maint-growth")}</h2>
                {table::view(&v.growth, tz, "growth-table", 200)}
                <h2>{t("maint-conditions")}</h2>
                <div class="cards" id="conditions">
                    {v.trends.iter().enumerate().map(|(i, t)| {
                        let cell = |c: &str| table::cell(&v.conditions, i, c, tz);
                        let when = cell("cross_at");
                        let summary = if when.is_empty() {
                            cell("note")
                        } else if let Some(c) = t.row.crossing.filter(|c| c.beyond) {
                            let key = if c.limit == Limit::High { "maint-beyond-high" } else { "maint-beyond-low" };
                            tw(key, &[("time", fmt::day_hm(c.at, tz).into())])
                        } else {
                            let c = t.row.crossing.expect("a crossing time has a crossing");
                            let key = if c.limit == Limit::High { "maint-cross-high" } else { "maint-cross-low" };
                            tw(
                                key,
                                &[
                                    ("time", fmt::day_hm(c.at, tz).into()),
                                    ("earliest", fmt::day_hm(c.earliest, tz).into()),
                                    ("latest", c.latest.map_or_else(|| crate::i18n::t("maint-beyond-a-year"), |l| fmt::day_hm(l, tz)).into()),
                                ],
                            )
                        };
                        view! {
                            <div class="card condition" data-machine=t.row.machine.to_string() data-signal=t.row.signal.clone() data-cross-at=when>
                                <h3>{format!("{} · {}", t.row.machine, t.row.signal)}</h3>
                                <p>{tw(
                                    "maint-last-hour",
                                    &[
                                        ("last", cell("last").into()),
                                        ("slope", cell("slope_per_day").into()),
                                        ("unit", t.row.unit.clone().into()),
                                    ],
                                )}</p>
                                <p class="summary">{summary}</p>
                                {trend_chart(t, v.now, tz)}
                            </div>
                        }
                    }).collect_view()}
                </div>
                <h2>{t("maint-log-30")}</h2>
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
        return view! { <p class="muted" id="due-none">{t("maint-no-plans")}</p> }.into_any();
    }
    view! {
        <table id="due-table">
            <thead><tr><th>{t("maint-col-task")}</th><th>{t("maint-col-machine")}</th><th>{t("maint-col-progress")}</th><th>{t("maint-col-used")}</th><th>{t("maint-col-due")}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let width = format!("width: {:.1}%", r.progress().clamp(0.0, 1.0) * 100.0);
                    let used = tw(
                        "maint-used",
                        &[
                            ("since", short(r.since_last).into()),
                            ("every", short(r.every).into()),
                            ("unit", unit_word(&r.unit).into()),
                        ],
                    );
                    let due = match r.due_at {
                        Some(t) if r.overdue => tw("maint-overdue-since", &[("time", fmt::day_hm(t, tz).into())]),
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

fn unit_word(unit: &str) -> String {
    t(match unit {
        "run_h" => "maint-unit-run-h",
        "cycles" => "maint-unit-cycles",
        _ => "maint-unit-days",
    })
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
                message: crate::i18n::t("maint-at-invalid"),
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
                    let key = match MaintenanceKind::parse(&entry.kind) {
                        Some(MaintenanceKind::Service) => "maint-logged-service",
                        Some(MaintenanceKind::Inspection) => "maint-logged-inspection",
                        Some(MaintenanceKind::Replacement) => "maint-logged-replacement",
                        Some(MaintenanceKind::Failure) => "maint-logged-failure",
                        None => "maint-logged-event",
                    };
                    done.set(Some(tw(
                        key,
                        &[
                            ("component", entry.component.clone().into()),
                            ("machine", entry.machine.clone().into()),
                        ],
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
                <label>{t("maint-field-machine")}
                    <select id="log-machine" on:change=move |ev| machine.set(event_target_value(&ev)) prop:value=move || machine.get()>
                        {machines.iter().map(|m| view! { <option value=m.id.clone()>{format!("{} ({})", m.name, m.id)}</option> }).collect_view()}
                    </select>
                    <span class="field-error">{field_error("machine")}</span>
                </label>
                <label>{t("maint-field-component")}
                    <input id="log-component" list="log-components" prop:value=move || component.get() on:input=move |ev| component.set(event_target_value(&ev))/>
                    <datalist id="log-components">{move || known().into_iter().map(|c| view! { <option value=c/> }).collect_view()}</datalist>
                    <span class="field-error">{field_error("component")}</span>
                </label>
                <label>{t("maint-field-kind")}
                    <select id="log-kind" on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                        <option value="service">{t("maint-kind-service")}</option>
                        <option value="inspection">{t("maint-kind-inspection")}</option>
                        <option value="replacement">{t("maint-kind-replacement")}</option>
                        <option value="failure">{t("maint-kind-failure")}</option>
                    </select>
                    <span class="field-error">{field_error("kind")}</span>
                </label>
                <label>{t("maint-field-when")}
                    <input id="log-at" type="datetime-local" prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev))/>
                    <span class="field-error">{field_error("at")}</span>
                </label>
                <label>{t("maint-field-minutes")}
                    <input id="log-duration" inputmode="decimal" size="6" prop:value=move || duration.get() on:input=move |ev| duration.set(event_target_value(&ev))/>
                    <span class="field-error">{field_error("duration_min")}</span>
                </label>
                <label>{t("maint-field-note")}
                    <input id="log-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                </label>
                <button class="primary" id="log-submit" on:click=submit>{t("maint-log-button")}</button>
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
        return view! { <p class="muted">{t("maint-no-lives")}</p> }.into_any();
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
        .map(|&(t, f)| view! { <circle cx=x(t) cy=y(f) r="3.5" class="failure"><title>{tw("maint-failed-after", &[("hours", format!("{t:.0}").into())])}</title></circle> })
        .collect_view();
    let ticks = p
        .suspensions
        .iter()
        .map(|&t| {
            let xv = x(t);
            view! { <line x1=xv x2=xv y1=H - BOTTOM y2=H - BOTTOM - 8.0 class="suspension"><title>{tw("maint-suspended-at", &[("hours", format!("{t:.0}").into())])}</title></line> }
        })
        .collect_view();
    let label = tw(
        "maint-plot-label",
        &[
            ("component", p.component.clone().into()),
            ("failures", (p.failures.len() as u64).into()),
            ("suspensions", (p.suspensions.len() as u64).into()),
        ],
    );
    view! {
        <svg class="chart probability" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            {decades}
            {probs}
            <polyline points=lower class="bound"/>
            <polyline points=upper class="bound"/>
            <polyline points=fit class="fit"/>
            {dots}
            {ticks}
            <text x=W - RIGHT y=H - BOTTOM - 12.0 text-anchor="end" class="tick">{t("maint-life-h")}</text>
        </svg>
    }
    .into_any()
}

/// A process value's hourly means, its limits, the fitted trend and where it crosses.
fn trend_chart(t: &TrendChart, now: Ts, tz: chrono_tz::Tz) -> impl IntoView + use<> {
    let Some(&(first, _)) = t.hours.first() else {
        return view! { <p class="muted">{crate::i18n::t("maint-no-readings")}</p> }.into_any();
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
        view! { <line x1=xv x2=xv y1=TOP y2=H - BOTTOM class="crossing"><title>{tw("maint-crosses-at", &[("time", fmt::day_hm(c.at, tz).into())])}</title></line> }
    });
    let now_x = x(now);
    let label = tw("maint-trend-label", &[("signal", t.row.signal.clone().into())]);
    view! {
        <svg class="chart trend" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            {band}
            {limits}
            <polyline points=means class="series"/>
            {line}
            {marker}
            <line x1=now_x x2=now_x y1=TOP y2=H - BOTTOM class="now"/>
            <text x=LEFT y=H - 10.0 class="tick">{fmt::day_hm(first, tz)}</text>
            <text x=now_x y=H - 10.0 text-anchor="middle" class="tick">{crate::i18n::t("maint-chart-now")}</text>
        </svg>
    }
    .into_any()
}
