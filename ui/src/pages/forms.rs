//! A settings form over one section of `takt.toml`: loaded as the file has it, edited
//! field by field, saved through the backend, which checks the whole config like
//! `takt check` and names each problem by its key path (`shift[1].end`). Each problem is
//! shown at the field of that path; what no field shows is shown above the form.

use leptos::prelude::*;
use takt_core::api::{ApiError, ConfigSection, FieldValue, PlantInfo, SectionItem, SectionQuery, cmd};

use crate::api::{Input, invoke, messages};
use crate::app::Ctx;
use crate::i18n::t;

/// How a field's text goes into the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string (a name, a time, a time zone); empty removes an optional key.
    Text,
    /// A number where it reads as one (the config's check says what is expected);
    /// empty removes the key.
    Number,
}

/// A section's form state.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// The section as edited.
    pub section: RwSignal<ConfigSection>,
    /// The last save's problems.
    pub errors: RwSignal<Vec<ApiError>>,
    /// "Saved." or a failure to load.
    pub message: RwSignal<Option<String>>,
    /// How many tables (rows) the section has: rows are drawn again only when it changes.
    pub len: Memo<usize>,
}

/// A key path as an element id: `shift[1].end` is `f-shift-1-end`.
pub fn dom_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id.replace("--", "-").trim_end_matches('-').to_string()
}

impl Form {
    /// The form of the section at `path` (`table`: a single table such as `plant`), loaded.
    pub fn new(path: &str, table: bool) -> Form {
        let section = RwSignal::new(ConfigSection {
            path: path.to_string(),
            table,
            items: Vec::new(),
        });
        let form = Form {
            section,
            errors: RwSignal::new(Vec::new()),
            message: RwSignal::new(None),
            len: Memo::new(move |_| section.with(|s| s.items.len())),
        };
        form.load();
        form
    }

    /// Reads the section again from the file.
    pub fn load(self) {
        let (path, table) = self.section.with_untracked(|s| (s.path.clone(), s.table));
        leptos::task::spawn_local(async move {
            match invoke::<_, ConfigSection>(
                cmd::CONFIG_SECTION,
                &Input {
                    input: &SectionQuery { path: path.clone() },
                },
            )
            .await
            {
                Ok(mut s) => {
                    if table {
                        s.table = true;
                        if s.items.is_empty() {
                            s.items.push(SectionItem::default());
                        }
                    }
                    self.section.set(s);
                }
                Err(e) => self.message.set(Some(messages(&e))),
            }
        });
    }

    /// The key path of row `i`: `plant`, `shift[1]`.
    pub fn item_path(self, i: usize) -> String {
        self.section.with_untracked(|s| {
            if s.table {
                s.path.clone()
            } else {
                format!("{}[{i}]", s.path)
            }
        })
    }

    /// The key path of a field of row `i`: `shift[1].end`.
    pub fn path(self, i: usize, key: &str) -> String {
        format!("{}.{key}", self.item_path(i))
    }

    /// Row `i`'s value of `key` (reactive).
    pub fn value(self, i: usize, key: &str) -> Option<FieldValue> {
        self.section
            .with(|s| s.items.get(i).and_then(|it| it.get(key)).cloned())
    }

    /// Row `i`'s value of `key` as text (reactive).
    pub fn text(self, i: usize, key: &str) -> String {
        self.value(i, key).map(|v| v.text()).unwrap_or_default()
    }

    /// Sets row `i`'s `key` (`None` removes it).
    pub fn set(self, i: usize, key: &str, value: Option<FieldValue>) {
        self.section.update(|s| {
            if let Some(item) = s.items.get_mut(i) {
                item.set(key, value);
            }
        });
    }

    /// Sets row `i`'s `key` from a text field.
    pub fn set_text(self, i: usize, key: &str, text: String, kind: Kind) {
        let value = match kind {
            _ if text.trim().is_empty() => None,
            Kind::Text => Some(FieldValue::Text(text)),
            Kind::Number => Some(FieldValue::Typed(text)),
        };
        self.set(i, key, value);
    }

    /// The tables of row `i`'s list `key` (`breaks`, `extra`) (reactive).
    pub fn sub_items(self, i: usize, key: &str) -> Vec<FieldValue> {
        match self.value(i, key) {
            Some(FieldValue::List(items)) => items,
            _ => Vec::new(),
        }
    }

    /// Field `field` of table `n` of row `i`'s list `key`, as text (reactive).
    pub fn sub_text(self, i: usize, key: &str, n: usize, field: &str) -> String {
        match self.sub_items(i, key).get(n) {
            Some(FieldValue::Table(f)) => f
                .iter()
                .find(|(k, _)| k == field)
                .map(|(_, v)| v.text())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Sets field `field` of table `n` of row `i`'s list `key`.
    pub fn set_sub(self, i: usize, key: &str, n: usize, field: &str, value: FieldValue) {
        let mut items = self.sub_items(i, key);
        if let Some(FieldValue::Table(f)) = items.get_mut(n) {
            match f.iter_mut().find(|(k, _)| k == field) {
                Some(slot) => slot.1 = value,
                None => f.push((field.to_string(), value)),
            }
        }
        self.set(i, key, Some(FieldValue::List(items)));
    }

    /// Adds a table to row `i`'s list `key`.
    pub fn push_sub(self, i: usize, key: &str, fields: Vec<(String, FieldValue)>) {
        let mut items = self.sub_items(i, key);
        items.push(FieldValue::Table(fields));
        self.set(i, key, Some(FieldValue::List(items)));
    }

    /// Removes table `n` of row `i`'s list `key` (the key with the last one).
    pub fn remove_sub(self, i: usize, key: &str, n: usize) {
        let mut items = self.sub_items(i, key);
        if n < items.len() {
            items.remove(n);
        }
        self.set(i, key, (!items.is_empty()).then_some(FieldValue::List(items)));
    }

    /// Adds a row with these fields.
    pub fn push(self, fields: Vec<(String, FieldValue)>) {
        self.section
            .update(|s| s.items.push(SectionItem { origin: None, fields }));
    }

    /// Removes row `i`.
    pub fn remove(self, i: usize) {
        self.section.update(|s| {
            if i < s.items.len() {
                s.items.remove(i);
            }
        });
        // The rows after it now have other paths.
        self.errors.set(Vec::new());
    }

    /// The problems at `path` or inside it (a list's items).
    pub fn errors_at(self, path: &str) -> Vec<String> {
        self.errors.with(|e| {
            e.iter()
                .filter(|x| {
                    x.field.as_deref().is_some_and(|f| {
                        f == path
                            || f.strip_prefix(path)
                                .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
                    })
                })
                .map(|x| x.message.clone())
                .collect()
        })
    }

    /// The problems about row `i` that none of its fields `keys` shows.
    pub fn item_errors(self, i: usize, keys: &'static [&'static str]) -> Vec<String> {
        let item = self.item_path(i);
        self.errors.with(|e| {
            e.iter()
                .filter(|x| {
                    x.field.as_deref().is_some_and(|f| match f.strip_prefix(&item) {
                        Some("") => true,
                        Some(rest) if rest.starts_with('.') => {
                            let key = rest[1..].split(['.', '[']).next().unwrap_or_default();
                            !keys.contains(&key)
                        }
                        _ => false,
                    })
                })
                .map(|x| x.message.clone())
                .collect()
        })
    }

    /// The problems outside this section (another section the change broke, the file).
    pub fn other_errors(self) -> Vec<String> {
        let path = self.section.with_untracked(|s| s.path.clone());
        self.errors.with(|e| {
            e.iter()
                .filter(|x| {
                    x.field.as_deref().is_none_or(|f| {
                        f != path && !f.starts_with(&format!("{path}[")) && !f.starts_with(&format!("{path}."))
                    })
                })
                .map(|x| match &x.field {
                    Some(f) => format!("{f}: {}", x.message),
                    None => x.message.clone(),
                })
                .collect()
        })
    }

    /// Saves the section: checked by the backend like `takt check`, written only when
    /// the whole config passes; then read again (the rows' places in the file).
    pub fn save(self, ctx: Ctx) {
        let section = self.section.get_untracked();
        self.message.set(None);
        leptos::task::spawn_local(async move {
            match invoke::<_, PlantInfo>(cmd::SAVE_SECTION, &Input { input: &section }).await {
                Ok(p) => {
                    self.errors.set(Vec::new());
                    self.message.set(Some(t("form-saved")));
                    ctx.plant.set(Some(p));
                    self.load();
                }
                Err(e) => self.errors.set(e),
            }
        });
    }
}

/// A labelled text field for the key path `path`, its problems beside it.
fn input_at(
    form: Form,
    path: String,
    label: String,
    hint: String,
    value: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let id = dom_id(&path);
    let err_id = format!("{id}-error");
    let at = path.clone();
    let errs = move || form.errors_at(&at);
    let errs2 = errs.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" data-path=path placeholder=hint aria-describedby=err_id.clone()
                aria-invalid=move || if errs2().is_empty() { "false" } else { "true" }
                prop:value=value
                on:input=move |ev| set(event_target_value(&ev))/>
            <span class="error" id=err_id role="alert">{move || errs().join("; ")}</span>
        </div>
    }
}

/// A labelled text field for row `i`'s `key`, its problems beside it.
pub fn field(form: Form, i: usize, key: &'static str, label: String, kind: Kind, hint: String) -> impl IntoView {
    input_at(
        form,
        form.path(i, key),
        label,
        hint,
        move || form.text(i, key),
        move |v| form.set_text(i, key, v, kind),
    )
}

/// A labelled text field for field `field` of table `n` of row `i`'s list `key` (a
/// break's start: `shift[0].breaks[1].start`), its problems beside it.
pub fn sub_field(
    form: Form,
    i: usize,
    key: &'static str,
    n: usize,
    field: &'static str,
    label: String,
    kind: Kind,
) -> impl IntoView {
    input_at(
        form,
        format!("{}[{n}].{field}", form.path(i, key)),
        label,
        String::new(),
        move || form.sub_text(i, key, n, field),
        move |text| {
            let value = match kind {
                Kind::Text => FieldValue::Text(text),
                Kind::Number => FieldValue::Typed(text),
            };
            form.set_sub(i, key, n, field, value);
        },
    )
}

/// A labelled choice for row `i`'s `key` (`""` removes the key).
pub fn choice(
    form: Form,
    i: usize,
    key: &'static str,
    label: String,
    options: Vec<(&'static str, String)>,
) -> impl IntoView {
    let path = form.path(i, key);
    let id = dom_id(&path);
    let err_id = format!("{id}-error");
    let at = path.clone();
    let errs = move || form.errors_at(&at);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id data-path=path aria-describedby=err_id.clone()
                prop:value=move || form.text(i, key)
                on:change=move |ev| form.set_text(i, key, event_target_value(&ev), Kind::Text)>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
            <span class="error" id=err_id role="alert">{move || errs().join("; ")}</span>
        </div>
    }
}

/// The problems of row `i` no field shows.
pub fn item_errors(form: Form, i: usize, keys: &'static [&'static str]) -> impl IntoView {
    view! {
        <ul class="error" role="alert">
            {move || form.item_errors(i, keys).into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
        </ul>
    }
}

/// The form's save button, its message and the problems outside its fields.
pub fn footer(form: Form, ctx: Ctx, id: &'static str) -> impl IntoView {
    view! {
        <div class="row">
            <button class="primary" id=id on:click=move |_| form.save(ctx)>{t("form-save")}</button>
        </div>
        {move || form.message.get().map(|m| view! { <p class="ok" role="status">{m}</p> })}
        <ul class="error form-errors" role="alert">
            {move || form.other_errors().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
        </ul>
    }
}
