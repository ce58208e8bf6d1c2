// Loads the Leptos app (built by wasm-bindgen into takt_ui.js and takt_ui_bg.wasm).
import init from "./takt_ui.js";
init();
