//! A report as PDF: a header (plant, report, period in plant-local time, when it was
//! made) and the report's table, its header repeated on every page, in DejaVu Sans
//! Condensed embedded in the file (subset), as real, selectable text. Every value is the
//! table cell's CSV text ([`takt_core::table::Cell::text`]): a PDF value and its CSV value
//! are one.

use std::sync::{Arc, LazyLock};

use chrono_tz::Tz;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use takt_core::table::{ColumnType, Report, ReportKind};

use crate::ReportError;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed-Bold.ttf");

/// The paper a report is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points, portrait.
    fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// From its name (`a4`, `letter`).
    pub fn parse(s: &str) -> Option<Paper> {
        match s {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// What the header of a PDF report says.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The plant's name.
    pub plant: String,
    /// The period, as people read it (plant-local).
    pub period: String,
    /// When the report was made, plant-local.
    pub generated: String,
}

/// A font with what measuring text needs.
struct Face {
    font: Font,
    data: &'static [u8],
}

impl Face {
    fn new(data: &'static [u8]) -> Face {
        // The fonts are part of the binary: they load, or the build is broken.
        let font = Font::new(Arc::new(data.to_vec()).into(), 0).expect("the embedded font loads");
        Face { font, data }
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(f) = skrifa::FontRef::new(self.data) else {
            return text.chars().count() as f32 * size * 0.5;
        };
        let charmap = f.charmap();
        let metrics = f.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }
}

static FACES: LazyLock<(Face, Face)> = LazyLock::new(|| (Face::new(REGULAR), Face::new(BOLD)));

const MARGIN: f32 = 36.0;
const BODY: f32 = 7.0;
const ROW: f32 = 10.5;
const PAD: f32 = 4.0;

/// The columns a PDF table shows: a report's first columns (SPEC section 4's, and what a
/// reader needs beside them); the CSV has every column.
pub fn pdf_columns(kind: ReportKind, columns: &[takt_core::table::Column]) -> Vec<usize> {
    let names: &[&str] = match kind {
        ReportKind::Oee => &[
            "machine",
            "period",
            "product",
            "planned_s",
            "run_s",
            "down_s",
            "total",
            "good",
            "reject",
            "availability",
            "performance",
            "quality",
            "oee",
        ],
        ReportKind::Downtime => &[
            "machine",
            "start",
            "end",
            "duration_s",
            "reason",
            "kind",
            "group",
            "stops",
            "small_stops",
            "small_stop_s",
            "planned_stops",
            "planned_s",
        ],
        ReportKind::Maintenance => &[
            "machine",
            "component",
            "failures",
            "suspensions",
            "weibull_beta",
            "weibull_eta_h",
            "mtbf_h",
            "mttr_h",
            "b10_h",
            "p_fail_30d",
            "next_due",
            "amsaa_beta",
            "amsaa_mtbf_h",
            "trend",
        ],
        ReportKind::Condition => &[
            "machine",
            "signal",
            "unit",
            "last",
            "low",
            "high",
            "slope_per_day",
            "cross_at",
            "cross_earliest",
            "cross_latest",
        ],
        ReportKind::Energy => &[
            "group",
            "kwh",
            "run_kwh",
            "idle_kwh",
            "no_data_kwh",
            "good",
            "kwh_per_good",
            "kwh_per_run_h",
            "cost",
        ],
        ReportKind::Process => &[
            "machine", "signal", "unit", "n", "mean", "sd", "min", "max", "low", "high", "cp", "cpk",
        ],
        ReportKind::QualityDrivers => &[
            "machine",
            "signal",
            "band",
            "low",
            "high",
            "minutes",
            "total",
            "reject",
            "reject_rate",
            "ratio_to_best",
            "significant",
        ],
        _ => &[],
    };
    if names.is_empty() {
        return (0..columns.len()).collect();
    }
    names
        .iter()
        .filter_map(|n| columns.iter().position(|c| c.name == *n))
        .collect()
}

fn numeric(kind: ColumnType) -> bool {
    !matches!(kind, ColumnType::Text | ColumnType::Time | ColumnType::Bool)
}

fn fill(grey: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(grey, grey, grey).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn text(surface: &mut Surface<'_>, face: &Face, size: f32, (x, y): (f32, f32), s: &str) {
    surface.set_fill(Some(fill(0)));
    surface.draw_text(
        Point::from_xy(x, y),
        face.font.clone(),
        size,
        s,
        false,
        TextDirection::Auto,
    );
}

fn rect(surface: &mut Surface<'_>, (x, y, w, h): (f32, f32, f32, f32), grey: u8) {
    let mut pb = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        pb.push_rect(r);
    }
    if let Some(path) = pb.finish() {
        surface.set_stroke(None);
        surface.set_fill(Some(fill(grey)));
        surface.draw_path(&path);
    }
}

fn hline(surface: &mut Surface<'_>, x0: f32, x1: f32, y: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x0, y);
    pb.line_to(x1, y);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(150, 150, 150).into(),
            width: 0.5,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
    }
}

/// A report as PDF on `paper` (turned to landscape when its table is wider than the
/// portrait page).
pub fn pdf(report: &Report, tz: Tz, paper: Paper, heading: &Heading) -> Result<Vec<u8>, ReportError> {
    let (regular, bold) = (&FACES.0, &FACES.1);
    let columns = report.columns();
    let shown = pdf_columns(report.kind(), &columns);
    let rows: Vec<Vec<String>> = report
        .rows()
        .map(|r| shown.iter().map(|&i| r[i].text(tz)).collect())
        .collect();
    let mut widths: Vec<f32> = shown
        .iter()
        .map(|&i| bold.width(&columns[i].name, BODY) + 2.0 * PAD)
        .collect();
    for r in &rows {
        for (w, s) in widths.iter_mut().zip(r) {
            *w = w.max(regular.width(s, BODY) + 2.0 * PAD);
        }
    }
    let table_w: f32 = widths.iter().sum();
    let (pw, ph) = paper.size();
    let (pw, ph) = if table_w > pw - 2.0 * MARGIN {
        (ph, pw)
    } else {
        (pw, ph)
    };

    let title = report.kind().title();
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{title}, {}", heading.plant))
            .description(format!("{} report of {}, {}", title, heading.plant, heading.period))
            .keywords(vec![heading.plant.clone(), heading.period.clone(), title.to_string()])
            .creator(format!("Takt {}", env!("CARGO_PKG_VERSION")))
            .language("en".to_string()),
    );
    let top_first = MARGIN + 64.0;
    let top_next = MARGIN + 22.0;
    let per_page = |top: f32| (((ph - MARGIN - 14.0 - top - ROW) / ROW).floor() as usize).max(1);
    let first_rows = per_page(top_first);
    let next_rows = per_page(top_next);
    let pages = if rows.len() <= first_rows {
        1
    } else {
        1 + (rows.len() - first_rows).div_ceil(next_rows)
    };
    let mut at = 0usize;
    for page_no in 0..pages {
        let settings = PageSettings::from_wh(pw, ph).ok_or_else(|| std::io::Error::other("a page of no size"))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        let mut y = MARGIN;
        if page_no == 0 {
            text(&mut s, bold, 15.0, (MARGIN, y + 12.0), &heading.plant);
            text(&mut s, bold, 12.0, (MARGIN, y + 30.0), &format!("{title} report"));
            text(&mut s, regular, 9.0, (MARGIN, y + 44.0), &heading.period);
            text(
                &mut s,
                regular,
                7.5,
                (MARGIN, y + 56.0),
                &format!("Made by Takt on {}", heading.generated),
            );
            y = top_first;
        } else {
            text(
                &mut s,
                regular,
                8.0,
                (MARGIN, y + 10.0),
                &format!("{}: {title} report, {}", heading.plant, heading.period),
            );
            y = top_next;
        }
        // The table's header, on every page.
        rect(&mut s, (MARGIN, y, table_w, ROW), 225);
        let mut x = MARGIN;
        for (k, &i) in shown.iter().enumerate() {
            let name = &columns[i].name;
            let tx = if numeric(columns[i].kind) {
                x + widths[k] - PAD - bold.width(name, BODY)
            } else {
                x + PAD
            };
            text(&mut s, bold, BODY, (tx, y + ROW - 3.0), name);
            x += widths[k];
        }
        y += ROW;
        let take = if page_no == 0 { first_rows } else { next_rows };
        for (n, r) in rows.iter().skip(at).take(take).enumerate() {
            if n % 2 == 1 {
                rect(&mut s, (MARGIN, y, table_w, ROW), 245);
            }
            let mut x = MARGIN;
            for (k, v) in r.iter().enumerate() {
                let tx = if numeric(columns[shown[k]].kind) {
                    x + widths[k] - PAD - regular.width(v, BODY)
                } else {
                    x + PAD
                };
                if !v.is_empty() {
                    text(&mut s, regular, BODY, (tx, y + ROW - 3.0), v);
                }
                x += widths[k];
            }
            y += ROW;
        }
        at += take;
        hline(&mut s, MARGIN, MARGIN + table_w, y);
        if rows.is_empty() {
            text(&mut s, regular, 9.0, (MARGIN, y + 16.0), "No rows in this period.");
        }
        text(
            &mut s,
            regular,
            7.0,
            (
                pw - MARGIN - regular.width(&format!("Page {} of {pages}", page_no + 1), 7.0),
                ph - MARGIN + 10.0,
            ),
            &format!("Page {} of {pages}", page_no + 1),
        );
        s.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| ReportError::Io(std::io::Error::other(format!("making the PDF: {e:?}"))))
}
