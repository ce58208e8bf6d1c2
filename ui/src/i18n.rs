//! The window's words in the plant's language (`[plant] language`, else the computer's):
//! `t("key")` looks a message up in `takt_core::i18n`'s Fluent files. The app draws its
//! pages again when the language changes, so a page simply calls `t` as it draws.

use std::cell::Cell;

use takt_core::i18n::{Arg, Locale};

thread_local! {
    static LOCALE: Cell<Locale> = const { Cell::new(Locale::EN) };
}

/// The window's locale now.
pub fn locale() -> Locale {
    LOCALE.with(Cell::get)
}

/// Sets the window's locale (the app does, from the plant).
pub fn set_locale(l: Locale) {
    LOCALE.with(|c| c.set(l));
}

/// The message `key` in the window's language.
pub fn t(key: &str) -> String {
    locale().t(key)
}

/// The message `key` with its variables: `tw("copy-added", &[("id", id.into())])`.
pub fn tw(key: &str, args: &[(&str, Arg)]) -> String {
    locale().t_with(key, args)
}
