//! The `takt` binary's library: the command line and the window, two thin adapters over
//! `takt-app` (arguments or payloads in, exit codes or `ApiError` out).

pub mod cli;
#[cfg(feature = "gui")]
pub mod gui;

/// The window's UI as built (`ui/dist`), which the recorder's `[display]` serves to
/// browsers; the build without the window has none.
#[cfg(feature = "gui")]
pub static UI: takt_app::display::Assets = &[
    ("index.html", include_bytes!("../ui/dist/index.html")),
    ("main.js", include_bytes!("../ui/dist/main.js")),
    ("style.css", include_bytes!("../ui/dist/style.css")),
    ("takt_ui.js", include_bytes!("../ui/dist/takt_ui.js")),
    ("takt_ui_bg.wasm", include_bytes!("../ui/dist/takt_ui_bg.wasm")),
];

/// The build without the window serves no pages, only the display's JSON.
#[cfg(not(feature = "gui"))]
pub static UI: takt_app::display::Assets = &[];
