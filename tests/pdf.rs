//! PDF reports read back with poppler (pdftotext, pdffonts, pdfimages, pdfinfo: Debian's
//! poppler-utils): every value the PDF's table shows is the CSV report's for the same
//! query, row by row, its fonts are embedded, it has no raster image, and its metadata
//! names the report, the plant and the period.

mod common;

use std::process::Command;

use common::pdf::{poppler, tool};
use common::{Plant, repo};

fn example() -> Plant {
    let p = Plant::with_example();
    for kind in ["states", "counts", "scrap", "maintenance"] {
        p.import(kind, &repo().join(format!("examples/history/{kind}.csv")));
    }
    p
}

const WEEK: [&str; 4] = ["--from", "2026-11-16", "--to", "2026-11-21"];

/// `takt report KIND --format pdf` over the week, into `out`.
fn write_pdf(p: &Plant, kind: &str, out: &std::path::Path) {
    let run = p
        .takt()
        .args(["report", kind, "--format", "pdf", "--out"])
        .arg(out)
        .args(WEEK)
        .output()
        .unwrap();
    assert!(run.status.success(), "{kind}: {}", String::from_utf8_lossy(&run.stderr));
}

/// The CSV report's rows as (header, rows).
fn csv(p: &Plant, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let out = p.takt().arg("report").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = ::csv::Reader::from_reader(&out.stdout[..]);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn every_value_of_each_pdf_report_is_the_csv_reports() {
    let p = example();
    let dir = tempfile::tempdir().unwrap();
    let reports: [&[&str]; 7] = [
        &["oee"],
        &["oee", "--by", "machine"],
        &["downtime"],
        &["downtime", "--by", "reason"],
        &["scrap", "--by", "reason"],
        &["maintenance"],
        &["process"],
    ];
    for args in reports {
        let args: Vec<&str> = args.iter().copied().chain(WEEK).collect();
        let pdf = dir.path().join(format!("{}.pdf", args[..args.len() - 4].join("-")));
        common::pdf::check_against_csv(&|| p.takt(), &args, &pdf, "Example Works");
    }
}

#[test]
fn letter_paper_and_a_pdf_without_a_file_is_refused() {
    let p = example();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("oee.pdf");
    let out = p
        .takt()
        .args([
            "report", "oee", "--by", "machine", "--format", "pdf", "--paper", "letter", "--out",
        ])
        .arg(&pdf)
        .args(WEEK)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = tool("pdfinfo", &pdf);
    assert!(info.contains("pts (letter)"), "{info}");
    let out = p
        .takt()
        .args(["report", "oee", "--format", "pdf"])
        .args(WEEK)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected --out"));
}

/// The OEE PDF's first page: OEE, A, P and Q are the CSV report's combined row over the
/// week (`--by machine`, machine `ALL`), against the week before (no history then: empty),
/// and the top stop reasons are `downtime --by reason`'s largest.
#[test]
fn the_oee_pdf_opens_with_the_key_figures_of_the_csv() {
    let p = example();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("oee.pdf");
    write_pdf(&p, "oee", &pdf);
    let first = poppler("pdftotext", &["-layout", "-f", "1", "-l", "1"], &pdf);
    let line = |name: &str| -> Vec<String> {
        first
            .lines()
            .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            // Not the title ("OEE report"): a figure's line has figures after its name.
            .find(|w| w.first().is_some_and(|x| x == name) && w.get(1).is_some_and(|v| v.parse::<f64>().is_ok()))
            .unwrap_or_else(|| panic!("no line {name} in\n{first}"))
    };
    let (header, rows) = csv(&p, &["oee", "--by", "machine", "--from", WEEK[1], "--to", WEEK[3]]);
    let all = rows.iter().find(|r| r[0] == "ALL").unwrap();
    let col = |name: &str| all[header.iter().position(|h| h == name).unwrap()].clone();
    for (figure, column) in [
        ("OEE", "oee"),
        ("availability", "availability"),
        ("performance", "performance"),
        ("quality", "quality"),
    ] {
        // The week before the example has no history: only this period's value.
        assert_eq!(line(figure)[1..], [col(column)], "{figure}");
    }
    // The downtime, scrap and energy PDFs open with the same key figures.
    for kind in ["downtime", "scrap", "energy"] {
        let other = dir.path().join(format!("{kind}.pdf"));
        write_pdf(&p, kind, &other);
        let page = poppler("pdftotext", &["-layout", "-f", "1", "-l", "1"], &other);
        let oee = page
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|w| w.first() == Some(&"OEE") && w.get(1).is_some_and(|v| v.parse::<f64>().is_ok()))
            .unwrap_or_else(|| panic!("{kind}: no OEE on page 1:\n{page}"));
        assert_eq!(oee[1], col("oee"), "{kind}");
    }
    let (header, reasons) = csv(&p, &["downtime", "--by", "reason", "--from", WEEK[1], "--to", WEEK[3]]);
    let (g, d) = (
        header.iter().position(|h| h == "group").unwrap(),
        header.iter().position(|h| h == "duration_s").unwrap(),
    );
    let mut top: Vec<&Vec<String>> = reasons.iter().filter(|r| r[d] != "0").collect();
    top.sort_by(|a, b| {
        b[d].parse::<f64>()
            .unwrap()
            .total_cmp(&a[d].parse::<f64>().unwrap())
            .then(a[g].cmp(&b[g]))
    });
    let biggest = top[0];
    let shown = line(&biggest[g]);
    assert_eq!(shown.last().unwrap(), &biggest[d], "{shown:?} vs {biggest:?}");
}

/// `takt chart NAME` over the week: the SVG, or for `--format png` "png WIDTH".
fn chart(p: &Plant, name: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart");
    let run = p
        .takt()
        .args(["chart", name, "--out"])
        .arg(&out)
        .args(WEEK)
        .args(extra)
        .output()
        .unwrap();
    assert!(run.status.success(), "{name}: {}", String::from_utf8_lossy(&run.stderr));
    let bytes = std::fs::read(&out).unwrap();
    if extra.contains(&"png") {
        // The PNG's signature and its width from the IHDR chunk (760 SVG units x 2).
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}: not a PNG");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        return format!("png {width}");
    }
    String::from_utf8(bytes).unwrap()
}

/// An attribute of an SVG element's opening tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[at..].split('"').next()?.to_string())
}

/// The texts of an SVG, in order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            t.split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .collect()
}

/// The charts draw the reports' own figures: the downtime Pareto's bars are `downtime
/// --by reason`'s unplanned stop times, largest first and in proportion; the OEE trend's
/// OEE line is `oee --by shift`'s OEE period by period; the PNG is the same chart; and the
/// OEE PDF carries its three charts as vector graphics with real text.
#[test]
fn charts_draw_the_figures_of_the_csv_reports() {
    let p = example();
    let svg = chart(&p, "downtime-pareto", &[]);
    let (header, rows) = csv(&p, &["downtime", "--by", "reason", "--from", WEEK[1], "--to", WEEK[3]]);
    let (g, d) = (
        header.iter().position(|h| h == "group").unwrap(),
        header.iter().position(|h| h == "duration_s").unwrap(),
    );
    let mut want: Vec<(String, f64)> = rows
        .iter()
        .map(|r| (r[g].clone(), r[d].parse::<f64>().unwrap()))
        .filter(|r| r.1 > 0.0)
        .collect();
    want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    assert!(want.len() >= 3, "{want:?}");
    let labels = texts(&svg);
    let names: Vec<String> = want.iter().map(|w| w.0.clone()).collect();
    assert!(
        labels.windows(names.len()).any(|w| w == names.as_slice()),
        "bars {names:?} in order among {labels:?}"
    );
    let bars: Vec<f64> = svg
        .split("<rect")
        .skip(1)
        .filter(|t| attr(t, "fill").as_deref() == Some(takt_core::palette::DOWN))
        .map(|t| attr(t, "height").unwrap().parse().unwrap())
        .collect();
    assert_eq!(bars.len(), want.len());
    for (h, w) in bars.iter().zip(&want) {
        let expected = bars[0] * w.1 / want[0].1;
        assert!(
            (h - expected).abs() <= 1.0,
            "bar {}: {h} px, expected {expected:.1}",
            w.0
        );
    }

    let svg = chart(&p, "oee-trend", &[]);
    let (header, rows) = csv(&p, &["oee", "--from", WEEK[1], "--to", WEEK[3]]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let oee: Vec<f64> = rows
        .iter()
        .filter(|r| r[col("machine")] == "ALL")
        .map(|r| r[col("oee")].parse::<f64>().unwrap())
        .collect();
    let line: Vec<(f64, f64)> = svg
        .split("<polyline")
        .skip(1)
        .filter(|t| attr(t, "stroke").as_deref() == Some(takt_core::palette::ACCENT))
        .map(|t| {
            attr(t, "points")
                .unwrap()
                .split_whitespace()
                .map(|xy| {
                    let (x, y) = xy.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect::<Vec<_>>()
        })
        .max_by_key(|l| l.len())
        .unwrap();
    assert_eq!(line.len(), oee.len(), "a point per shift");
    // y falls as OEE rises, linearly: fixed by the lowest and highest OEE, every point on it.
    let (lo, hi) = (
        (0..oee.len()).min_by(|&a, &b| oee[a].total_cmp(&oee[b])).unwrap(),
        (0..oee.len()).max_by(|&a, &b| oee[a].total_cmp(&oee[b])).unwrap(),
    );
    let k = (line[hi].1 - line[lo].1) / (oee[hi] - oee[lo]);
    assert!(k < 0.0);
    for (i, v) in oee.iter().enumerate() {
        let y = line[lo].1 + k * (v - oee[lo]);
        assert!(
            (line[i].1 - y).abs() <= 1.0,
            "shift {i}: OEE {v} drawn at {}, expected {y:.1}",
            line[i].1
        );
    }
    assert_eq!(chart(&p, "oee-trend", &["--format", "png"]), "png 1520");

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("oee.pdf");
    write_pdf(&p, "oee", &pdf);
    let text = poppler("pdftotext", &[], &pdf);
    for title in [
        "OEE with availability, performance and quality",
        "The six big losses",
        "Unplanned stop time by reason",
    ] {
        assert!(text.contains(title), "no chart {title:?} in the PDF");
    }
    let images = Command::new("pdfimages").arg("-list").arg(&pdf).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&images.stdout).lines().count(),
        2,
        "raster images in the PDF"
    );
    // Every page renders (poppler's own renderer, as a reader's would).
    let pages = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-png"])
        .arg(&pdf)
        .arg(&pages)
        .status()
        .unwrap();
    assert!(status.success());
    let rendered = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "png"))
        .count();
    assert!(rendered >= 3, "{rendered} pages rendered");
}

/// A Turkish plant's PDF tables: every value the CSV's, written the plant's way (a decimal
/// comma, times as `16.11.2026 06:00:00`), no digit lost.
#[test]
fn a_turkish_pdfs_tables_are_the_csv_written_the_plants_way() {
    let example = std::fs::read_to_string(repo().join("examples/takt.toml")).unwrap();
    let p = Plant::new(&example.replace("[plant]\n", "[plant]\nlanguage = \"tr\"\n"));
    for kind in ["states", "counts", "scrap", "maintenance"] {
        p.import(kind, &repo().join(format!("examples/history/{kind}.csv")));
    }
    let turkish = |v: &str| -> String {
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
            return t.format("%d.%m.%Y %H:%M:%S").to_string();
        }
        let number = v.trim_start_matches('-');
        if number.contains('.') && number.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return v.replace('.', ",");
        }
        v.to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["oee"][..],
        &["downtime"],
        &["scrap", "--by", "reason"],
        &["maintenance"],
    ] {
        let args: Vec<&str> = args.iter().copied().chain(WEEK).collect();
        let pdf = dir.path().join(format!("{}.pdf", args[0]));
        common::pdf::check_against_csv_as(&|| p.takt(), &args, &pdf, "Example Works", &turkish, "raporu,");
    }
}

/// `[plant] language`: the PDF's headings and key figures in the plant's language, its
/// dates the plant's way; the figures are the CSV's whatever the language.
#[test]
fn a_pdf_speaks_the_plants_language() {
    let english = example();
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = csv(
        &english,
        &["oee", "--by", "machine", "--from", WEEK[1], "--to", WEEK[3]],
    );
    let all = rows.iter().find(|r| r[0] == "ALL").unwrap();
    let availability = all[header.iter().position(|h| h == "availability").unwrap()].clone();
    let example = std::fs::read_to_string(repo().join("examples/takt.toml")).unwrap();
    // The charts' words in English, none of which a Turkish or German PDF may show.
    let english_charts = [
        "The six big losses",
        "Unplanned stop time by reason",
        "cumulative %",
        "shift (plant time)",
        "planned time",
    ];
    for (language, words, figure, dates, charts) in [
        (
            "tr",
            ["OEE raporu", "Takt tarafından", "en büyük kayıplar"],
            "kullanılabilirlik",
            "Pzt 16.11.2026 00:00 ile Cmt 21.11.2026 00:00 arası",
            ["Altı büyük kayıp", "Nedene göre plansız duruş süresi", "kümülatif %"],
        ),
        (
            "de",
            ["Bericht OEE", "Erstellt von Takt am", "größte Verluste"],
            "Verfügbarkeit",
            "Mo 16.11.2026 00:00 bis Sa 21.11.2026 00:00",
            [
                "Die sechs großen Verluste",
                "Ungeplante Stillstandszeit nach Grund",
                "kumuliert %",
            ],
        ),
        (
            "en-US",
            ["OEE report", "Made by Takt on", "largest losses"],
            "availability",
            "Mon 11/16/2026 00:00 to Sat 11/21/2026 00:00",
            ["The six big losses", "Unplanned stop time by reason", "cumulative %"],
        ),
    ] {
        let p = Plant::new(&example.replace("[plant]\n", &format!("[plant]\nlanguage = \"{language}\"\n")));
        for kind in ["states", "counts", "scrap", "maintenance"] {
            p.import(kind, &repo().join(format!("examples/history/{kind}.csv")));
        }
        let pdf = dir.path().join(format!("oee-{language}.pdf"));
        write_pdf(&p, "oee", &pdf);
        let first = poppler("pdftotext", &["-layout", "-f", "1", "-l", "1"], &pdf);
        for w in words {
            assert!(first.contains(w), "{language}: no \"{w}\" in\n{first}");
        }
        // The charts (drawn as vector graphics with real text) speak it too.
        let all = poppler("pdftotext", &[], &pdf);
        for w in charts {
            assert!(all.contains(w), "{language}: no chart text \"{w}\" in\n{all}");
        }
        if language != "en-US" {
            for w in english_charts {
                assert!(!all.contains(w), "{language}: \"{w}\" left in English in\n{all}");
            }
        }
        assert!(
            first.contains(dates),
            "{language}: the period as \"{dates}\" in\n{first}"
        );
        let line = first
            .lines()
            .find(|l| l.trim_start().starts_with(figure))
            .unwrap_or_else(|| panic!("{language}: no {figure} in\n{first}"));
        // The CSV's figure, with the language's decimal sign.
        let want = if language == "en-US" {
            availability.clone()
        } else {
            availability.replace('.', ",")
        };
        assert_eq!(
            line.split_whitespace().last(),
            Some(want.as_str()),
            "{language}: {line}"
        );
    }
}
