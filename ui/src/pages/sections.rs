//! The Settings page's forms, one per section of `takt.toml`: the plant, shifts (with a
//! week grid), calendar exceptions (on a month view), products, reasons (as a tree) and
//! each machine's maintenance plans. Each saves through [`Form`]: checked like `takt check`,
//! each problem at its field.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use leptos::prelude::*;
use takt_core::api::{FieldValue, SectionItem};
use takt_core::config::{Break, Shift, WeekBlock};

use super::forms::{Form, Kind, choice, dom_id, field, footer, item_errors, sub_field};
use crate::app::Ctx;
use crate::i18n::{t, tw};

/// Each day's config key, the Fluent key of its short name, and the day.
const DAYS: [(&str, &str, Weekday); 7] = [
    ("mon", "day-mon", Weekday::Mon),
    ("tue", "day-tue", Weekday::Tue),
    ("wed", "day-wed", Weekday::Wed),
    ("thu", "day-thu", Weekday::Thu),
    ("fri", "day-fri", Weekday::Fri),
    ("sat", "day-sat", Weekday::Sat),
    ("sun", "day-sun", Weekday::Sun),
];

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_string())
}

fn list(v: Option<FieldValue>) -> Vec<FieldValue> {
    match v {
        Some(FieldValue::List(items)) => items,
        _ => Vec::new(),
    }
}

/// `[plant]`: name, time zone (searchable), small-stop threshold, energy price.
#[component]
pub fn PlantForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = Form::new("plant", true);
    let zones = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|z| view! { <option value=z.name()/> })
        .collect_view();
    view! {
        <section aria-labelledby="plant-form-title">
            <h2 id="plant-form-title">{t("plant-form-title")}</h2>
            {move || (form.len.get() == 1).then(|| view! {
                <div class="row">
                    {field(form, 0, "name", t("plant-form-name"), Kind::Text, t("plant-form-name-hint"))}
                    <div class="field">
                        <label for="f-plant-timezone">{t("plant-form-timezone")}</label>
                        <input id="f-plant-timezone" type="text" list="time-zones" data-path="plant.timezone"
                            aria-describedby="f-plant-timezone-error"
                            prop:value=move || form.text(0, "timezone")
                            on:input=move |ev| form.set_text(0, "timezone", event_target_value(&ev), Kind::Text)/>
                        <span class="error" id="f-plant-timezone-error" role="alert">{move || form.errors_at("plant.timezone").join("; ")}</span>
                    </div>
                    {field(form, 0, "microstop_s", t("plant-form-microstop"), Kind::Number, "120".into())}
                    {field(form, 0, "energy_price", t("plant-form-energy-price"), Kind::Number, "0.12".into())}
                    {choice(form, 0, "language", t("plant-form-language"), vec![
                        ("", t("plant-form-language-computer")),
                        ("en", "English".to_string()),
                        ("en-US", "English (United States)".to_string()),
                        ("tr", "Türkçe".to_string()),
                        ("de", "Deutsch".to_string()),
                    ])}
                </div>
                {item_errors(form, 0, &["name", "timezone", "microstop_s", "energy_price", "language"])}
            })}
            <datalist id="time-zones">{zones}</datalist>
            {footer(form, ctx, "save-plant")}
        </section>
    }
}

/// A shift of the form as the config reads it, when its times read as times.
fn shift_of(item: &SectionItem) -> Option<Shift> {
    let time = |k: &str| NaiveTime::parse_from_str(item.get(k)?.text().trim(), "%H:%M").ok();
    let days = match item.get("days") {
        None => DAYS.iter().map(|d| d.2).collect(),
        Some(v) => list(Some(v.clone()))
            .iter()
            .filter_map(|d| DAYS.iter().find(|x| x.0 == d.text()).map(|x| x.2))
            .collect(),
    };
    let breaks = list(item.get("breaks").cloned())
        .iter()
        .filter_map(|b| match b {
            FieldValue::Table(f) => {
                let get = |k: &str| f.iter().find(|(key, _)| key == k).map(|(_, v)| v.text());
                Some(Break {
                    start: NaiveTime::parse_from_str(get("start")?.trim(), "%H:%M").ok()?,
                    minutes: get("minutes")?.trim().parse().ok()?,
                })
            }
            _ => None,
        })
        .collect();
    Some(Shift {
        name: item.get("name").map(|v| v.text()).unwrap_or_default(),
        start: time("start")?,
        end: time("end")?,
        days,
        breaks,
    })
}

fn hm(min: u16) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// The week at a glance: each shift's days, work and breaks; a shift across midnight
/// drawn on both days and said to be so.
#[component]
fn WeekGrid(form: Form) -> impl IntoView {
    let blocks = move || {
        form.section.with(|s| {
            s.items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| shift_of(it).map(|sh| (i, sh.name.clone(), sh.week_blocks())))
                .collect::<Vec<(usize, String, Vec<WeekBlock>)>>()
        })
    };
    view! {
        <div class="week-grid" role="img" aria-label=t("shifts-week-label") id="week-grid">
            {DAYS.iter().enumerate().map(|(d, (_, label, _))| view! {
                <div class="week-day">
                    <div class="week-day-name">{t(label)}</div>
                    <div class="week-day-hours">
                        {move || blocks().into_iter().flat_map(|(i, name, bs)| {
                            bs.into_iter().filter(|b| usize::from(b.day) == d).map(move |b| {
                                let style = format!(
                                    "top: {:.3}%; height: {:.3}%",
                                    f64::from(b.from_min) / 14.4,
                                    f64::from(b.to_min - b.from_min) / 14.4
                                );
                                let (from, to) = (hm(b.from_min), hm(b.to_min));
                                let mut words = tw("shifts-block", &[("name", name.clone().into()), ("from", from.clone().into()), ("to", to.clone().into())]);
                                if b.from_day_before {
                                    words = tw("shifts-block-from-before", &[("words", words.into())]);
                                }
                                if b.into_next_day {
                                    words = tw("shifts-block-past-midnight", &[("words", words.into())]);
                                }
                                if b.is_break {
                                    words = tw("shifts-block-break", &[("from", from.into()), ("to", to.into())]);
                                }
                                let class = format!(
                                    "week-block shift-{}{}{}{}",
                                    i % 4,
                                    if b.is_break { " break" } else { "" },
                                    if b.from_day_before { " from-before" } else { "" },
                                    if b.into_next_day { " into-next" } else { "" }
                                );
                                let label = if b.is_break {
                                    String::new()
                                } else if b.from_day_before {
                                    format!("… {name}")
                                } else if b.into_next_day {
                                    format!("{name} …")
                                } else {
                                    name.clone()
                                };
                                view! { <div class=class style=style title=words.clone() aria-label=words>{label}</div> }
                            }).collect::<Vec<_>>()
                        }).collect_view()}
                    </div>
                </div>
            }).collect_view()}
        </div>
    }
}

/// `[[shift]]`: name, times, days and breaks of each shift, with the week grid.
#[component]
pub fn ShiftsForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = Form::new("shift", false);
    let add = move |_| {
        let n = form.len.get_untracked() + 1;
        form.push(vec![
            (
                "name".into(),
                text(&tw("shifts-new-name", &[("n", n.to_string().into())])),
            ),
            ("start".into(), text("06:00")),
            ("end".into(), text("14:00")),
            (
                "days".into(),
                FieldValue::List(DAYS[..5].iter().map(|d| text(d.0)).collect()),
            ),
        ]);
    };
    view! {
        <section aria-labelledby="shifts-form-title">
            <h2 id="shifts-form-title">{t("shifts-title")}</h2>
            <WeekGrid form=form/>
            {move || (0..form.len.get()).map(|i| view! { <ShiftRow form=form i=i/> }).collect_view()}
            <div class="row"><button class="secondary" id="add-shift" on:click=add>{t("shifts-add")}</button></div>
            {footer(form, ctx, "save-shifts")}
        </section>
    }
}

#[component]
fn ShiftRow(form: Form, i: usize) -> impl IntoView {
    let breaks = Memo::new(move |_| list(form.value(i, "breaks")).len());
    let set_day = move |day: &'static str, on: bool| {
        let mut days: Vec<&str> = match form.value(i, "days") {
            None => DAYS.iter().map(|d| d.0).collect(),
            Some(v) => DAYS
                .iter()
                .map(|d| d.0)
                .filter(|d| list(Some(v.clone())).iter().any(|x| x.text() == *d))
                .collect(),
        };
        days.retain(|d| *d != day);
        if on {
            days.push(day);
        }
        let ordered: Vec<FieldValue> = DAYS.iter().filter(|d| days.contains(&d.0)).map(|d| text(d.0)).collect();
        // Every day is the config's default: the key is left out then.
        form.set(i, "days", (ordered.len() < 7).then_some(FieldValue::List(ordered)));
    };
    let has_day = move |day: &str| match form.value(i, "days") {
        None => true,
        Some(v) => list(Some(v)).iter().any(|x| x.text() == day),
    };
    let add_break = move |_| {
        form.push_sub(
            i,
            "breaks",
            vec![
                ("start".into(), text("10:00")),
                ("minutes".into(), FieldValue::Typed("15".into())),
            ],
        )
    };
    let title = move || tw("shifts-legend", &[("name", form.text(i, "name").into())]);
    view! {
        <fieldset class="card shift" data-item=form.item_path(i)>
            <legend>{title}</legend>
            <div class="row">
                {field(form, i, "name", t("shifts-name"), Kind::Text, t("shifts-name-hint"))}
                {field(form, i, "start", t("shifts-start"), Kind::Text, "06:00".into())}
                {field(form, i, "end", t("shifts-end"), Kind::Text, "14:00".into())}
                <button class="secondary" on:click=move |_| form.remove(i)>{t("shifts-remove")}</button>
            </div>
            <fieldset class="days">
                <legend>{t("shifts-days")}</legend>
                {DAYS.iter().map(|(key, label, _)| {
                    let key = *key;
                    let id = format!("{}-{key}", dom_id(&form.path(i, "days")));
                    let for_id = id.clone();
                    view! {
                        <label for=for_id class="day">
                            <input type="checkbox" id=id data-day=key prop:checked=move || has_day(key)
                                on:change=move |ev| set_day(key, event_target_checked(&ev))/>
                            {t(label)}
                        </label>
                    }
                }).collect_view()}
                <span class="error" role="alert">{move || form.errors_at(&form.path(i, "days")).join("; ")}</span>
            </fieldset>
            <fieldset class="breaks">
                <legend>{t("shifts-breaks")}</legend>
                {move || (0..breaks.get()).map(|b| {
                    let whole = format!("{}[{b}]", form.path(i, "breaks"));
                    view! {
                        <div class="row break">
                            {sub_field(form, i, "breaks", b, "start", t("shifts-break-at"), Kind::Text)}
                            {sub_field(form, i, "breaks", b, "minutes", t("shifts-break-minutes"), Kind::Number)}
                            <button class="secondary" on:click=move |_| form.remove_sub(i, "breaks", b)>{t("shifts-remove-break")}</button>
                            <span class="error" role="alert">{move || form.errors.with(|e| e.iter().filter(|x| x.field.as_deref() == Some(whole.as_str())).map(|x| x.message.clone()).collect::<Vec<_>>().join("; "))}</span>
                        </div>
                    }
                }).collect_view()}
                <button class="secondary add-break" on:click=add_break>{t("shifts-add-break")}</button>
            </fieldset>
            {item_errors(form, i, &["name", "start", "end", "days", "breaks"])}
        </fieldset>
    }
}

/// What a calendar exception does to its day.
fn exception_words(item: &SectionItem) -> String {
    let mut words = match item.get("shifts") {
        None => String::new(),
        Some(v) => {
            let names = list(Some(v.clone()));
            if names.is_empty() {
                t("calendar-holiday")
            } else {
                let names = names.iter().map(FieldValue::text).collect::<Vec<_>>().join(", ");
                tw("calendar-only", &[("shifts", names.into())])
            }
        }
    };
    for e in list(item.get("extra").cloned()) {
        if let FieldValue::Table(f) = e {
            let get = |k: &str| {
                f.iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.text())
                    .unwrap_or_default()
            };
            if !words.is_empty() {
                words.push_str(", ");
            }
            words.push_str(&format!("+ {}–{}", get("start"), get("end")));
        }
    }
    words
}

/// `[[calendar]]`: holidays, reduced days and overtime on a month view; a day of the
/// month opens its exception.
#[component]
pub fn CalendarForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = Form::new("calendar", false);
    let shifts = Form::new("shift", false);
    let today = crate::api::now().to_local(ctx.tz()).date_naive();
    let month = RwSignal::new((today.year(), today.month()));
    let step = move |by: i32| {
        month.update(|(y, m)| {
            let n = *y * 12 + *m as i32 - 1 + by;
            *y = n.div_euclid(12);
            *m = (n.rem_euclid(12) + 1) as u32;
        })
    };
    let index_of = move |date: &str| {
        form.section.with(|s| {
            s.items
                .iter()
                .position(|it| it.get("date").map(|v| v.text()).as_deref() == Some(date))
        })
    };
    let open = move |date: String| {
        if index_of(&date).is_none() {
            form.push(vec![
                ("date".into(), text(&date)),
                ("shifts".into(), FieldValue::List(Vec::new())),
            ]);
        }
    };
    let days = move || {
        let (y, m) = month.get();
        let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today);
        let lead = first.weekday().num_days_from_monday() as usize;
        let mut cells: Vec<Option<NaiveDate>> = vec![None; lead];
        let mut d = first;
        while d.month() == m {
            cells.push(Some(d));
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        cells
    };
    let plan = move |d: NaiveDate| -> (String, bool) {
        let key = d.format("%Y-%m-%d").to_string();
        if let Some(words) = form.section.with(|s| {
            s.items
                .iter()
                .find(|it| it.get("date").map(|v| v.text()).as_deref() == Some(key.as_str()))
                .map(exception_words)
        }) {
            return (words, true);
        }
        let names: Vec<String> = shifts.section.with(|s| {
            s.items
                .iter()
                .filter_map(shift_of)
                .filter(|sh| sh.days.contains(&d.weekday()))
                .map(|sh| sh.name)
                .collect()
        });
        (names.join(", "), false)
    };
    view! {
        <section aria-labelledby="calendar-form-title">
            <h2 id="calendar-form-title">{t("calendar-title")}</h2>
            <p class="muted">{t("calendar-help")}</p>
            <div class="row month-nav">
                <button class="secondary" aria-label=t("calendar-previous") on:click=move |_| step(-1)>"‹"</button>
                <strong id="month-title">{move || { let (y, m) = month.get(); format!("{} {}", t(&format!("month-{m}")), y) }}</strong>
                <button class="secondary" aria-label=t("calendar-next") on:click=move |_| step(1)>"›"</button>
            </div>
            <div class="month" id="month-view">
                {DAYS.iter().map(|d| view! { <div class="month-head">{t(d.1)}</div> }).collect_view()}
                {move || days().into_iter().map(|cell| match cell {
                    None => view! { <div class="month-day empty"></div> }.into_any(),
                    Some(d) => {
                        let key = d.format("%Y-%m-%d").to_string();
                        let (words, exception) = plan(d);
                        let class = if exception { "month-day exception" } else { "month-day" };
                        let weekday = DAYS.iter().find(|x| x.2 == d.weekday()).map(|x| t(x.1)).unwrap_or_default();
                        let shown = if words.is_empty() { t("calendar-no-shift") } else { words.clone() };
                        let label = tw("calendar-day-label", &[
                            ("weekday", weekday.into()),
                            ("day", d.day().to_string().into()),
                            ("month", t(&format!("month-{}", d.month())).into()),
                            ("plan", shown.into()),
                        ]);
                        view! {
                            <button class=class data-date=key.clone() aria-label=label on:click=move |_| open(key.clone())>
                                <span class="month-num">{d.day()}</span>
                                <span class="month-plan">{words}</span>
                            </button>
                        }.into_any()
                    }
                }).collect_view()}
            </div>
            <h3>{t("calendar-exceptions")}</h3>
            {move || (0..form.len.get()).map(|i| view! { <CalendarRow form=form shifts=shifts i=i/> }).collect_view()}
            {footer(form, ctx, "save-calendar")}
        </section>
    }
}

#[component]
fn CalendarRow(form: Form, shifts: Form, i: usize) -> impl IntoView {
    let mode = move || match form.value(i, "shifts") {
        None => "normal",
        Some(v) if list(Some(v.clone())).is_empty() => "holiday",
        Some(_) => "only",
    };
    let set_mode = move |m: String| match m.as_str() {
        "normal" => form.set(i, "shifts", None),
        "holiday" => form.set(i, "shifts", Some(FieldValue::List(Vec::new()))),
        _ => {
            let first = shifts
                .section
                .with_untracked(|s| s.items.first().and_then(|it| it.get("name")).map(|v| v.text()));
            form.set(
                i,
                "shifts",
                Some(FieldValue::List(first.map(|n| vec![text(&n)]).unwrap_or_default())),
            );
        }
    };
    let names = move || {
        shifts.section.with(|s| {
            s.items
                .iter()
                .filter_map(|it| it.get("name").map(|v| v.text()))
                .collect::<Vec<_>>()
        })
    };
    let toggle = move |name: String, on: bool| {
        let mut now: Vec<FieldValue> = list(form.value(i, "shifts"))
            .into_iter()
            .filter(|v| v.text() != name)
            .collect();
        if on {
            now.push(text(&name));
        }
        form.set(i, "shifts", Some(FieldValue::List(now)));
    };
    let extra = Memo::new(move |_| list(form.value(i, "extra")).len());
    let add_extra = move |_| {
        form.push_sub(
            i,
            "extra",
            vec![("start".into(), text("06:00")), ("end".into(), text("12:00"))],
        )
    };
    let mode_id = dom_id(&form.path(i, "shifts"));
    view! {
        <fieldset class="card exception" data-item=form.item_path(i)>
            <legend>{move || form.text(i, "date")}</legend>
            <div class="row">
                {field(form, i, "date", t("calendar-date"), Kind::Text, "2026-12-31".into())}
                <div class="field">
                    <label for=mode_id.clone()>{t("calendar-that-day")}</label>
                    <select id=mode_id prop:value=mode on:change=move |ev| set_mode(event_target_value(&ev))>
                        <option value="normal">{t("calendar-mode-normal")}</option>
                        <option value="holiday">{t("calendar-mode-holiday")}</option>
                        <option value="only">{t("calendar-mode-only")}</option>
                    </select>
                </div>
                <button class="secondary" on:click=move |_| form.remove(i)>{t("calendar-remove")}</button>
            </div>
            {move || (mode() == "only").then(|| view! {
                <div class="row">
                    {names().into_iter().map(|n| {
                        let (n1, n2) = (n.clone(), n.clone());
                        view! {
                            <label class="day">
                                <input type="checkbox" prop:checked=move || list(form.value(i, "shifts")).iter().any(|v| v.text() == n1)
                                    on:change=move |ev| toggle(n2.clone(), event_target_checked(&ev))/>
                                {n}
                            </label>
                        }
                    }).collect_view()}
                </div>
            })}
            <span class="error" role="alert">{move || form.errors_at(&form.path(i, "shifts")).join("; ")}</span>
            {move || (0..extra.get()).map(|e| view! {
                <div class="row">
                    {sub_field(form, i, "extra", e, "start", t("calendar-overtime-from"), Kind::Text)}
                    {sub_field(form, i, "extra", e, "end", t("calendar-overtime-to"), Kind::Text)}
                    <button class="secondary" on:click=move |_| form.remove_sub(i, "extra", e)>{t("calendar-remove-overtime")}</button>
                </div>
            }).collect_view()}
            <button class="secondary" on:click=add_extra>{t("calendar-add-overtime")}</button>
            {item_errors(form, i, &["date", "shifts", "extra"])}
        </fieldset>
    }
}

/// `[[product]]`: id, name, ideal cycle and unit cost.
#[component]
pub fn ProductsForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = Form::new("product", false);
    view! {
        <section aria-labelledby="products-form-title">
            <h2 id="products-form-title">{t("products-title")}</h2>
            {move || (0..form.len.get()).map(|i| view! {
                <div class="row card" data-item=form.item_path(i)>
                    {field(form, i, "id", t("products-id"), Kind::Text, "bracket-a".into())}
                    {field(form, i, "name", t("products-name"), Kind::Text, t("products-name-hint"))}
                    {field(form, i, "ideal_cycle_s", t("products-ideal-cycle"), Kind::Number, "1.0".into())}
                    {field(form, i, "unit_cost", t("products-unit-cost"), Kind::Number, "0.42".into())}
                    <button class="secondary" on:click=move |_| form.remove(i)>{t("products-remove")}</button>
                    {item_errors(form, i, &["id", "name", "ideal_cycle_s", "unit_cost"])}
                </div>
            }).collect_view()}
            <div class="row"><button class="secondary" on:click=move |_| form.push(vec![("id".into(), text("")), ("name".into(), text(""))])>{t("products-add")}</button></div>
            {footer(form, ctx, "save-products")}
        </section>
    }
}

/// `[[reason]]` as a tree by the `/` of the codes: moving a reason is changing its code's
/// branch; its kind and loss by choice.
#[component]
pub fn ReasonsForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = Form::new("reason", false);
    // The tree's order, taken when rows come and go (not while a code is typed).
    let order = Memo::new(move |_| {
        let _ = form.len.get();
        form.section.with_untracked(|s| {
            let mut idx: Vec<(String, usize)> = s
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    (
                        it.get("code")
                            .map(|v| v.text())
                            .filter(|c| !c.is_empty())
                            .unwrap_or_else(|| "\u{10ffff}".into()),
                        i,
                    )
                })
                .collect();
            idx.sort();
            idx.into_iter().map(|(_, i)| i).collect::<Vec<usize>>()
        })
    });
    let kinds = vec![
        ("downtime", t("reasons-kind-downtime")),
        ("scrap", t("reasons-kind-scrap")),
        ("rework", t("reasons-kind-rework")),
        ("planned", t("reasons-kind-planned")),
    ];
    view! {
        <section aria-labelledby="reasons-form-title">
            <h2 id="reasons-form-title">{t("reasons-title")}</h2>
            <p class="muted">{t("reasons-help")}</p>
            <ul class="reason-tree">
                {move || order.get().into_iter().map(|i| {
                    let depth = form.section.with_untracked(|s| s.items.get(i).and_then(|it| it.get("code")).map(|v| v.text().matches('/').count()).unwrap_or(0));
                    let kinds = kinds.clone();
                    let loss = move || match form.text(i, "kind").as_str() {
                        "downtime" => vec![("", t("reasons-loss-breakdown-default")), ("breakdown", t("reasons-loss-breakdown")), ("setup", t("reasons-loss-setup"))],
                        "scrap" => vec![("", t("reasons-loss-production-default")), ("production", t("reasons-loss-production")), ("startup", t("reasons-loss-startup"))],
                        _ => vec![("", "—".to_string())],
                    };
                    view! {
                        <li class="row card" style=format!("margin-left: {}px", depth * 24) data-item=form.item_path(i)>
                            {field(form, i, "code", t("reasons-code"), Kind::Text, "mech/bearing".into())}
                            {field(form, i, "name", t("reasons-name"), Kind::Text, t("reasons-name-hint"))}
                            {choice(form, i, "kind", t("reasons-kind"), kinds)}
                            {move || choice(form, i, "loss", t("reasons-loss"), loss())}
                            <button class="secondary" on:click=move |_| form.remove(i)>{t("reasons-remove")}</button>
                            {item_errors(form, i, &["code", "name", "kind", "loss"])}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="row"><button class="secondary" on:click=move |_| form.push(vec![("code".into(), text("")), ("name".into(), text("")), ("kind".into(), text("downtime"))])>{t("reasons-add")}</button></div>
            {footer(form, ctx, "save-reasons")}
        </section>
    }
}

/// Each way of saying how often: its config key and the Fluent key of its label.
const EVERY: [(&str, &str); 3] = [
    ("every_run_hours", "plans-every-run-hours"),
    ("every_cycles", "plans-every-cycles"),
    ("every_days", "plans-every-days"),
];

/// `[[machine.maintenance]]` of one machine: task, component and how often.
#[component]
pub fn MaintenanceForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machines = move || {
        ctx.plant
            .with(|p| p.as_ref().map(|p| p.machines.clone()).unwrap_or_default())
    };
    let selected = RwSignal::new(0usize);
    view! {
        <section aria-labelledby="plans-form-title">
            <h2 id="plans-form-title">{t("plans-title")}</h2>
            <div class="field">
                <label for="plans-machine">{t("plans-machine")}</label>
                <select id="plans-machine" on:change=move |ev| selected.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || machines().into_iter().enumerate().map(|(i, m)| view! { <option value=i.to_string()>{format!("{} ({})", m.name, m.id)}</option> }).collect_view()}
                </select>
            </div>
            {move || { let m = selected.get(); view! { <Plans machine=m/> } }}
        </section>
    }
}

#[component]
fn Plans(machine: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = Form::new(&format!("machine[{machine}].maintenance"), false);
    let every_of = move |i: usize| {
        EVERY
            .iter()
            .map(|e| e.0)
            .find(|k| form.value(i, k).is_some())
            .unwrap_or("every_run_hours")
    };
    view! {
        {move || (0..form.len.get()).map(|i| {
            let set_every = move |key: String| {
                let old = every_of(i);
                let v = form.value(i, old);
                form.set(i, old, None);
                if let Some(k) = EVERY.iter().map(|e| e.0).find(|k| *k == key) {
                    form.set(i, k, v.or(Some(FieldValue::Typed(String::new()))));
                }
            };
            let every_id = dom_id(&form.path(i, "every"));
            view! {
                <div class="row card" data-item=form.item_path(i)>
                    {field(form, i, "task", t("plans-task"), Kind::Text, t("plans-task-hint"))}
                    {field(form, i, "component", t("plans-component"), Kind::Text, "main-bearing".into())}
                    <div class="field">
                        <label for=every_id.clone()>{t("plans-every")}</label>
                        <div class="row">
                            <input type="text" aria-label=t("plans-how-many") data-path=move || form.path(i, every_of(i)) prop:value=move || form.text(i, every_of(i))
                                on:input=move |ev| form.set(i, every_of(i), Some(FieldValue::Typed(event_target_value(&ev))))/>
                            <select id=every_id prop:value=move || every_of(i) on:change=move |ev| set_every(event_target_value(&ev))>
                                {EVERY.iter().map(|(k, l)| view! { <option value=*k>{t(l)}</option> }).collect_view()}
                            </select>
                        </div>
                        <span class="error" role="alert">{move || form.errors_at(&form.path(i, every_of(i))).join("; ")}</span>
                    </div>
                    <button class="secondary" on:click=move |_| form.remove(i)>{t("plans-remove")}</button>
                    {item_errors(form, i, &["task", "component", "every_run_hours", "every_cycles", "every_days"])}
                </div>
            }
        }).collect_view()}
        <div class="row"><button class="secondary" on:click=move |_| form.push(vec![("task".into(), text("")), ("component".into(), text("")), ("every_run_hours".into(), FieldValue::Typed("250".into()))])>{t("plans-add")}</button></div>
        {footer(form, ctx, "save-plans")}
    }
}
