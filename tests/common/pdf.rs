//! PDF reports read back with poppler (Debian's poppler-utils: pdftotext, pdffonts,
//! pdfimages, pdfinfo) and compared with the CSV report of the same query.

use std::path::Path;
use std::process::Command;

/// A poppler tool that writes to stdout (`pdftotext`), on `pdf`.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool).args(args).arg(pdf).arg("-").output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("{tool}: {e} (poppler-utils is installed by `cargo xtask setup`)"),
    };
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A poppler tool that takes no output file (`pdfinfo`, `pdffonts`), on `pdf`.
pub fn tool(tool: &str, pdf: &Path) -> String {
    let out = Command::new(tool)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e} (poppler-utils is installed by `cargo xtask setup`)"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `takt report ARGS --format pdf` to `pdf` and checks it against the CSV of the
/// same query: its table's lines hold each CSV row's values in order, the plant's name is
/// on it, every font is embedded, it has no raster image, its metadata names the plant
/// and the year, and every page renders to PNG (poppler's pdftoppm, as a reader's viewer
/// would draw it).
pub fn check_against_csv(takt: &dyn Fn() -> assert_cmd::Command, args: &[&str], pdf: &Path, plant: &str) {
    check_against_csv_as(takt, args, pdf, plant, &|v| v.to_string(), "report,");
}

/// [`check_against_csv`] for a PDF in another language: `shown` turns a CSV value into
/// the PDF's text of it, `page_word` is in the header repeated on every page.
pub fn check_against_csv_as(
    takt: &dyn Fn() -> assert_cmd::Command,
    args: &[&str],
    pdf: &Path,
    plant: &str,
    shown_as: &dyn Fn(&str) -> String,
    page_word: &str,
) {
    let out = takt()
        .arg("report")
        .args(args)
        .args(["--format", "pdf", "--out"])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = poppler("pdftotext", &["-layout"], pdf);
    let out = takt().arg("report").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = ::csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    // The table's lines in order: each holds the values of one CSV row, in column order.
    let kind = takt_core::table::ReportKind::parse(args[0]).unwrap();
    let columns: Vec<takt_core::table::Column> = header
        .iter()
        .map(|name| takt_core::table::Column {
            name: name.clone(),
            kind: takt_core::table::ColumnType::Text,
            unit: None,
        })
        .collect();
    let shown = takt_report::pdf_columns(kind, &columns);
    assert!(!shown.is_empty());
    let names: Vec<&str> = shown.iter().map(|&i| header[i].as_str()).collect();
    let lines: Vec<&str> = text.lines().collect();
    let head_line = lines
        .iter()
        .position(|l| l.split_whitespace().collect::<Vec<_>>() == names)
        .unwrap_or_else(|| panic!("{args:?}: no header line {names:?} in\n{text}"));
    let mut at = head_line + 1;
    for row in &rows {
        let want: Vec<String> = shown
            .iter()
            .map(|&i| shown_as(row[i].as_str()))
            .filter(|v| !v.is_empty())
            .collect();
        // The next line with words that is not a repeated page header or page heading.
        let found = lines[at..]
            .iter()
            .position(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                !words.is_empty() && words != names && !l.contains(page_word) && !l.contains("Page ")
            })
            .map(|k| at + k)
            .unwrap_or_else(|| panic!("{args:?}: row {row:?} missing"));
        // Values with spaces (a period "2026-11-16 Early") split into words alike.
        let got: Vec<&str> = lines[found].split_whitespace().collect();
        let want_words: Vec<&str> = want.iter().flat_map(|v| v.split_whitespace()).collect();
        assert_eq!(
            got, want_words,
            "{args:?}: line {found} of the PDF against the CSV row {row:?}"
        );
        at = found + 1;
    }
    assert!(text.contains(plant), "{args:?}: the plant's name");
    let fonts = tool("pdffonts", pdf);
    let embedded: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!embedded.is_empty(), "{fonts}");
    for f in embedded {
        let cols: Vec<&str> = f.split_whitespace().collect();
        // name, type words..., encoding, emb, sub, uni, object, id
        assert_eq!(cols[cols.len() - 5], "yes", "{args:?}: a font not embedded: {f}");
    }
    let images = Command::new("pdfimages").arg("-list").arg(pdf).output().unwrap();
    let images = String::from_utf8_lossy(&images.stdout);
    assert_eq!(
        images.lines().count(),
        2,
        "{args:?}: raster images in the PDF:\n{images}"
    );
    let info = tool("pdfinfo", pdf);
    assert!(info.contains(plant), "{info}");
    assert!(info.contains("2026"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse().ok()))
        .unwrap_or_else(|| panic!("{args:?}: no page count"));
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "20", "-png"])
        .arg(pdf)
        .arg(out.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success(), "{args:?}: pdftoppm");
    let rendered = std::fs::read_dir(out.path()).unwrap().count();
    assert_eq!(rendered, pages, "{args:?}: every page rendered");
}
