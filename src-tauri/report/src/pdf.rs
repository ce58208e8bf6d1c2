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
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use takt_core::config::Paper;
use takt_core::table::{ColumnType, Report, ReportKind, Table};

use crate::ReportError;

pub(crate) static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed-Bold.ttf");

/// Width and height of a paper in points, portrait.
fn size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::Letter => (612.0, 792.0),
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
    /// The plant's language: the headings' words.
    pub locale: takt_core::i18n::Locale,
}

/// A font with its glyphs: each character's glyph and advance (in ems), read once, so a
/// cell is laid out by a table lookup per character rather than by shaping (table text is
/// digits, dates and names: no ligatures or kerning to lose).
struct Face {
    font: Font,
    /// ASCII, looked up by index (nearly every character of a table).
    ascii: [(u32, f32); 128],
    glyphs: std::collections::HashMap<char, (u32, f32)>,
}

impl Face {
    fn new(data: &'static [u8]) -> Face {
        // The fonts are part of the binary: they load, or the build is broken.
        let font = Font::new(Arc::new(data.to_vec()).into(), 0).expect("the embedded font loads");
        let f = skrifa::FontRef::new(data).expect("the embedded font reads");
        let upem = f64::from(font.units_per_em());
        let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
        let glyphs: std::collections::HashMap<char, (u32, f32)> = f
            .charmap()
            .mappings()
            .filter_map(|(c, g)| {
                let c = char::from_u32(c)?;
                Some((c, (g.to_u32(), (f64::from(metrics.advance_width(g)?) / upem) as f32)))
            })
            .collect();
        let mut ascii = [(0, 0.6); 128];
        for (i, a) in ascii.iter_mut().enumerate() {
            if let Some(g) = glyphs.get(&char::from(i as u8)) {
                *a = *g;
            }
        }
        Face { font, ascii, glyphs }
    }

    /// A character's glyph and advance; `.notdef` (a box) where the font has none.
    fn glyph(&self, c: char) -> (u32, f32) {
        match self.ascii.get(c as usize) {
            Some(g) => *g,
            None => self.glyphs.get(&c).copied().unwrap_or((0, 0.6)),
        }
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// `text` as positioned glyphs.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(i, c)| {
                let (g, advance) = self.glyph(c);
                KrillaGlyph::new(GlyphId::new(g), advance, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None)
            })
            .collect()
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

/// A line of cells as one run of glyphs.
#[derive(Default)]
struct Row {
    start: Option<f32>,
    pen: f32,
    text: String,
    glyphs: Vec<KrillaGlyph>,
}

impl Row {
    /// Adds a cell's text of width `w` starting at `x` (to the right of what is there).
    fn cell(&mut self, face: &Face, size: f32, (x, w): (f32, f32), value: &str) {
        if value.is_empty() {
            return;
        }
        match (self.start, self.glyphs.last_mut()) {
            (Some(_), Some(last)) => last.x_advance += (x - self.pen) / size,
            _ => self.start = Some(x),
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        let base = self.text.len();
        self.text.push_str(value);
        for mut g in face.glyphs(value) {
            g.text_range = base + g.text_range.start..base + g.text_range.end;
            self.glyphs.push(g);
        }
        self.pen = x + w;
    }
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
    surface.draw_glyphs(Point::from_xy(x, y), &face.glyphs(s), face.font.clone(), s, size, false);
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

/// A small table (no page breaks) with its header, from `y`; returns where it ends.
fn small_table(
    s: &mut Surface<'_>,
    (regular, bold): (&Face, &Face),
    t: &Table,
    (tz, l): (Tz, takt_core::i18n::Locale),
    y: f32,
) -> f32 {
    let cells: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text_in(tz, l)).collect())
        .collect();
    let widths: Vec<f32> = t
        .columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            cells
                .iter()
                .map(|r| regular.width(&r[k], BODY))
                .fold(bold.width(&c.name, BODY), f32::max)
                + 2.0 * PAD
        })
        .collect();
    let total: f32 = widths.iter().sum();
    rect(s, (MARGIN, y, total, ROW), 225);
    let place = |k: usize, x: f32, w: f32| {
        if numeric(t.columns[k].kind) {
            x + widths[k] - PAD - w
        } else {
            x + PAD
        }
    };
    let mut x = MARGIN;
    for (k, c) in t.columns.iter().enumerate() {
        text(
            s,
            bold,
            BODY,
            (place(k, x, bold.width(&c.name, BODY)), y + ROW - 3.0),
            &c.name,
        );
        x += widths[k];
    }
    let mut y = y + ROW;
    for r in &cells {
        let mut x = MARGIN;
        for (k, v) in r.iter().enumerate() {
            if !v.is_empty() {
                text(
                    s,
                    regular,
                    BODY,
                    (place(k, x, regular.width(v, BODY)), y + ROW - 3.0),
                    v,
                );
            }
            x += widths[k];
        }
        y += ROW;
    }
    hline(s, MARGIN, MARGIN + total, y);
    y
}

/// A report as PDF on `paper` (turned to landscape when its table is wider than the
/// portrait page).
///
/// `summary` are small tables (the key figures) set on the first page under the header;
/// `charts` (SVG, from `takt-chart`) follow as vector graphics, each the page's width;
/// then the report's table, its header repeated on every page. `on_page(done, pages)` is
/// called after each page (a progress bar's second part). The report is taken, and let go
/// once its rows are set as text.
pub fn pdf(
    report: Report,
    summary: &[Table],
    charts: &[String],
    tz: Tz,
    paper: Paper,
    heading: &Heading,
    on_page: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, ReportError> {
    let (regular, bold) = (&FACES.0, &FACES.1);
    let trees = charts
        .iter()
        .map(|c| crate::chart::tree(c))
        .collect::<Result<Vec<_>, _>>()?;
    let columns = report.columns();
    let shown = pdf_columns(report.kind(), &columns);
    // Each shown cell's text and its width, measured once; a long table in parts on the
    // machine's cores (a year by shift is two million cells).
    let n = report.len();
    let parts = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .min(n / 5000)
        .max(1);
    let part = n.div_ceil(parts);
    let locale = heading.locale;
    let render = |from: usize| -> Vec<Measured> {
        (from..(from + part).min(n))
            .map(|i| {
                let r = report.row(i);
                let mut m = Measured {
                    text: String::new(),
                    ends: Vec::with_capacity(shown.len()),
                    widths: Vec::with_capacity(shown.len()),
                };
                for &c in &shown {
                    let v = r[c].text_in(tz, locale);
                    m.widths.push(regular.width(&v, BODY));
                    m.text.push_str(&v);
                    m.ends.push(m.text.len() as u32);
                }
                m.text.shrink_to_fit();
                m
            })
            .collect()
    };
    let rows: Vec<Measured> = if parts == 1 {
        render(0)
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..parts).map(|k| scope.spawn(move || render(k * part))).collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    };
    if rows.len() != n {
        return Err(ReportError::Io(std::io::Error::other(
            "a part of the PDF's table failed",
        )));
    }
    // The report's rows are set as text now: their memory goes before the pages take theirs.
    let kind = report.kind();
    drop(report);
    let mut widths: Vec<f32> = shown
        .iter()
        .map(|&i| bold.width(&columns[i].name, BODY) + 2.0 * PAD)
        .collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(&r.widths) {
            *w = w.max(c + 2.0 * PAD);
        }
    }
    let table_w: f32 = widths.iter().sum();
    let (pw, ph) = size(paper);
    let (pw, ph) = if table_w > pw - 2.0 * MARGIN {
        (ph, pw)
    } else {
        (pw, ph)
    };

    let l = heading.locale;
    let title = kind.title_in(l);
    let words = |key: &str| {
        l.t_with(
            key,
            &[
                ("title", title.as_str().into()),
                ("plant", heading.plant.as_str().into()),
                ("period", heading.period.as_str().into()),
                ("time", heading.generated.as_str().into()),
            ],
        )
    };
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{title}, {}", heading.plant))
            .description(words("pdf-report-of"))
            .keywords(vec![heading.plant.clone(), heading.period.clone(), title.clone()])
            .creator(format!("Takt {}", env!("CARGO_PKG_VERSION")))
            .language(l.language.code().to_string()),
    );
    let summary_h: f32 = summary
        .iter()
        .map(|t| ROW * (t.rows.len() + 1) as f32 + 12.0)
        .sum::<f32>()
        + if summary.is_empty() { 0.0 } else { 6.0 };
    let plans = plan(
        (pw, ph),
        MARGIN + 64.0 + summary_h,
        &trees
            .iter()
            .map(|t| t.size().height() / t.size().width())
            .collect::<Vec<_>>(),
        rows.len(),
    );
    let pages = plans.len();
    for (page_no, plan) in plans.iter().enumerate() {
        let settings = PageSettings::from_wh(pw, ph).ok_or_else(|| std::io::Error::other("a page of no size"))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        if page_no == 0 {
            let y = MARGIN;
            text(&mut s, bold, 15.0, (MARGIN, y + 12.0), &heading.plant);
            text(&mut s, bold, 12.0, (MARGIN, y + 30.0), &words("pdf-report"));
            text(&mut s, regular, 9.0, (MARGIN, y + 44.0), &heading.period);
            text(&mut s, regular, 7.5, (MARGIN, y + 56.0), &words("pdf-made-by"));
            let mut sy = MARGIN + 64.0;
            for t in summary {
                sy = small_table(&mut s, (regular, bold), t, (tz, heading.locale), sy) + 12.0;
            }
        } else {
            text(&mut s, regular, 8.0, (MARGIN, MARGIN + 10.0), &words("pdf-page-header"));
        }
        for &(k, y, w, h) in &plan.charts {
            s.push_transform(&krilla::geom::Transform::from_translate(MARGIN, y));
            let size = krilla::geom::Size::from_wh(w, h).ok_or_else(|| std::io::Error::other("a chart of no size"))?;
            krilla_svg::SurfaceExt::draw_svg(&mut s, &trees[k], size, krilla_svg::SvgSettings::default());
            s.pop();
        }
        if let Some((at, take, top)) = plan.rows {
            let mut y = top;
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
            for (n, r) in rows.iter().skip(at).take(take).enumerate() {
                let cw = &r.widths;
                if n % 2 == 1 {
                    rect(&mut s, (MARGIN, y, table_w, ROW), 245);
                }
                // The row as one run of glyphs: each cell's first glyph is moved to its place
                // by the advance of the glyph before it (a page of 70 rows is 70 runs, not 900).
                let mut run = Row::default();
                let mut x = MARGIN;
                for (k, v) in r.cells().enumerate() {
                    let tx = if numeric(columns[shown[k]].kind) {
                        x + widths[k] - PAD - cw[k]
                    } else {
                        x + PAD
                    };
                    run.cell(regular, BODY, (tx, cw[k]), v);
                    x += widths[k];
                }
                if let Some(x0) = run.start {
                    s.set_fill(Some(fill(0)));
                    s.draw_glyphs(
                        Point::from_xy(x0, y + ROW - 3.0),
                        &run.glyphs,
                        regular.font.clone(),
                        &run.text,
                        BODY,
                        false,
                    );
                }
                y += ROW;
            }
            hline(&mut s, MARGIN, MARGIN + table_w, y);
            if rows.is_empty() {
                text(&mut s, regular, 9.0, (MARGIN, y + 16.0), "No rows in this period.");
            }
        }
        let footer = format!("Page {} of {pages}", page_no + 1);
        text(
            &mut s,
            regular,
            7.0,
            (pw - MARGIN - regular.width(&footer, 7.0), ph - MARGIN + 10.0),
            &footer,
        );
        s.finish();
        page.finish();
        on_page(page_no + 1, pages);
    }
    doc.finish()
        .map_err(|e| ReportError::Io(std::io::Error::other(format!("making the PDF: {e:?}"))))
}

/// A table row as the PDF sets it: its shown cells' texts end to end (one allocation a
/// row, not one a cell: a year by shift is two million cells), where each ends, and each
/// one's width.
#[derive(Default)]
struct Measured {
    text: String,
    ends: Vec<u32>,
    widths: Vec<f32>,
}

impl Measured {
    fn cells(&self) -> impl Iterator<Item = &str> {
        let mut start = 0usize;
        self.ends.iter().map(move |&e| {
            let cell = self.text.get(start..e as usize).unwrap_or("");
            start = e as usize;
            cell
        })
    }
}

/// What one page holds: charts `(index, top, width, height)` and table rows `(first,
/// count, top)`.
#[derive(Debug, Default, PartialEq)]
struct PagePlan {
    charts: Vec<(usize, f32, f32, f32)>,
    rows: Option<(usize, usize, f32)>,
}

/// The pages of a report on a `(width, height)` page: the first page's content starts at
/// `first_top` (under the header and key figures); charts of the given height-to-width
/// ratios follow, the page's width but at most half its height (two to a landscape page),
/// as many to a page as fit; then the table, on a page of its own when
/// there were charts, its header repeated on every page. Every report has at least one
/// table page (an empty table says so).
fn plan((pw, ph): (f32, f32), first_top: f32, charts: &[f32], rows: usize) -> Vec<PagePlan> {
    let top_next = MARGIN + 22.0;
    let bottom = ph - MARGIN - 14.0;
    let width = pw - 2.0 * MARGIN;
    let mut pages = vec![PagePlan::default()];
    let mut y = first_top;
    for (k, ratio) in charts.iter().enumerate() {
        let h = (width * ratio).min((bottom - top_next - 12.0) / 2.0);
        let w = h / ratio;
        if y + h > bottom {
            pages.push(PagePlan::default());
            y = top_next;
        }
        if let Some(p) = pages.last_mut() {
            p.charts.push((k, y, w, h));
        }
        y += h + 12.0;
    }
    if !charts.is_empty() {
        pages.push(PagePlan::default());
        y = top_next;
    }
    let per_page = |top: f32| (((bottom - top - ROW) / ROW).floor() as usize).max(1);
    let mut at = 0;
    loop {
        let take = per_page(y).min(rows - at);
        if let Some(p) = pages.last_mut() {
            p.rows = Some((at, take, y));
        }
        at += take;
        if at >= rows {
            break;
        }
        pages.push(PagePlan::default());
        y = top_next;
    }
    pages
}
