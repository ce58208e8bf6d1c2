//! What the window's SVG charts share: the plot area and the mapping of values into it.

use leptos::prelude::*;
use takt_core::model::{AlarmEpisode, LimitKind};
use takt_core::time::{MINUTE_MS, Ts};

use crate::fmt;
use crate::i18n::{t, tw};

/// The view box's width.
pub const W: f64 = 420.0;
/// The view box's height.
pub const H: f64 = 240.0;
/// Room for the value axis.
pub const LEFT: f64 = 46.0;
/// Room for the time axis.
pub const BOTTOM: f64 = 28.0;
/// Space above the plot.
pub const TOP: f64 = 10.0;
/// Space right of the plot.
pub const RIGHT: f64 = 12.0;

/// `v` of `[lo, hi]` mapped linearly onto `[a, b]` (the middle when the range is empty).
pub fn linear(v: f64, (lo, hi): (f64, f64), (a, b): (f64, f64)) -> f64 {
    if hi > lo {
        a + (v - lo) / (hi - lo) * (b - a)
    } else {
        (a + b) / 2.0
    }
}

/// An SVG `points` attribute.
pub fn points(xy: impl Iterator<Item = (f64, f64)>) -> String {
    xy.map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
}

/// A value for an axis label: whole from 100 on, else one decimal.
pub fn short(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The value range a chart shows for `values` (limits among them): their span with 8 %
/// (at least 0.5) of room above and below.
pub fn value_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo - pad, hi + pad)
}

/// The word for the limit an alarm is about (`high`, `low`) in the window's language.
pub fn limit_word(kind: LimitKind) -> String {
    match kind {
        LimitKind::High => t("chart-limit-high"),
        LimitKind::Low => t("chart-limit-low"),
    }
}

/// A value's limits as dashed lines across the plot, each labelled on the value axis.
pub fn limit_lines(limits: [Option<f64>; 2], y: impl Fn(f64) -> f64) -> impl IntoView {
    limits
        .into_iter()
        .flatten()
        .map(|l| {
            let yv = y(l);
            view! {
                <line x1=LEFT x2=W - RIGHT y1=yv y2=yv class="limit"/>
                <text x=LEFT - 4.0 y=yv + 4.0 text-anchor="end" class="tick">{short(l)}</text>
            }
        })
        .collect_view()
}

/// A process value's per-minute means over `[from, to)` with its limits as lines and
/// the time its alarm episodes spent beyond them shaded.
pub fn process_chart(
    name: &str,
    minutes: &[(Ts, f64)],
    (low, high): (Option<f64>, Option<f64>),
    alarms: &[AlarmEpisode],
    (from, to): (Ts, Ts),
    tz: chrono_tz::Tz,
) -> impl IntoView + use<> {
    if minutes.is_empty() {
        return view! { <p class="muted">{t("chart-no-readings")}</p> }.into_any();
    }
    let (lo, hi) = value_range(minutes.iter().map(|m| m.1).chain(low).chain(high));
    let (t0, t1) = (from.0 as f64, to.0 as f64);
    let x = move |ts: Ts| linear(ts.0 as f64, (t0, t1), (LEFT, W - RIGHT));
    let y = move |v: f64| linear(v, (lo, hi), (H - BOTTOM, TOP));
    let limits = limit_lines([low, high], y);
    let episodes = alarms
        .iter()
        .filter(|a| a.signal == name)
        .map(|a| {
            let (a0, a1) = (x(a.start.max(from)), x(a.end.min(to)));
            let title = tw(
                "chart-alarm-span",
                &[
                    ("kind", limit_word(a.kind).into()),
                    ("worst", short(a.worst).into()),
                    ("time", fmt::day_hm(a.start, tz).into()),
                ],
            );
            view! { <rect x=a0 y=TOP width=(a1 - a0).max(1.0) height=H - BOTTOM - TOP class="alarm"><title>{title}</title></rect> }
        })
        .collect_view();
    let means = points(minutes.iter().map(|&(ts, v)| (x(Ts(ts.0 + MINUTE_MS / 2)), y(v))));
    let label = tw("chart-process-label", &[("name", name.into())]);
    view! {
        <svg class="chart process" viewBox=format!("0 0 {W} {H}") role="img" data-signal=name.to_string()
            aria-label=label>
            {episodes}
            {limits}
            <polyline points=means class="series"/>
            <text x=LEFT y=H - 10.0 class="tick">{fmt::day_hm(from, tz)}</text>
            <text x=W - RIGHT y=H - 10.0 text-anchor="end" class="tick">{fmt::day_hm(to, tz)}</text>
        </svg>
    }
    .into_any()
}

/// A chart drawn by `takt-chart` (the PDF's SVG, from the same function), placed as it is.
pub fn drawn(c: &takt_core::api::ChartSvg) -> impl IntoView + use<> {
    view! { <div class="plotted" data-chart=c.name.clone() data-item=c.item.clone().unwrap_or_default() inner_html=c.svg.clone()></div> }
}
