//! Takt's window: a Leptos app, client-side rendered in the Tauri webview. It talks to the
//! backend only through the commands and events of [`takt_core::api`].

mod api;
mod app;
mod chart;
mod fmt;
mod i18n;
mod pages;
mod table;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app (called by the module's start).
#[wasm_bindgen(start)]
pub fn start() {
    app::set_palette();
    leptos::mount::mount_to_body(app::App);
}
