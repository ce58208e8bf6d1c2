//! Charts (SVG drawn by `takt-chart`) read with usvg against the fonts Takt ships, never
//! the system's: placed in a PDF as vector graphics with real text, or rasterised to
//! PNG. Both look the same on every machine.

use std::sync::{Arc, LazyLock};

use crate::ReportError;

static OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(crate::pdf::REGULAR.to_vec());
    db.load_font_data(crate::pdf::BOLD.to_vec());
    // The charts ask for `sans-serif`: that is the shipped face.
    let family = db.faces().next().and_then(|f| f.families.first()).map(|f| f.0.clone());
    if let Some(family) = family {
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family);
    }
    usvg::Options {
        fontdb: Arc::new(db),
        font_family: "sans-serif".into(),
        ..usvg::Options::default()
    }
});

/// An SVG chart, parsed.
pub(crate) fn tree(svg: &str) -> Result<usvg::Tree, ReportError> {
    usvg::Tree::from_str(svg, &OPTIONS)
        .map_err(|e| ReportError::Io(std::io::Error::other(format!("reading a chart: {e}"))))
}

/// An SVG chart as PNG, `scale` pixels per SVG unit.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ReportError> {
    let tree = tree(svg)?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| bad("a chart of no size"))?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| bad("a chart of no size"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| bad(&format!("encoding the PNG: {e}")))
}

fn bad(what: &str) -> ReportError {
    ReportError::Io(std::io::Error::other(what.to_string()))
}
