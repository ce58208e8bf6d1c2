//! With the `gui` feature: Tauri's build step, with a permission for each of the window's
//! commands (named once, in `takt_core::api::cmd`), so the window may call exactly those.

fn main() {
    #[cfg(feature = "gui")]
    {
        let manifest = tauri_build::AppManifest::new().commands(&takt_core::api::cmd::ALL);
        if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
            panic!("tauri build step: {e:#}");
        }
    }
}
