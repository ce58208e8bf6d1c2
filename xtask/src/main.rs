//! `cargo xtask`: the project's tasks, so a fresh machine needs one command each.
//!
//! - `cargo xtask demo`: builds Takt and shows it working on the example plant.
//! - `cargo xtask test`: installs what the tests need when it is missing, then runs
//!   formatting, clippy and rustdoc checks (warnings fail) and every test.
//! - `cargo xtask bench`: the benchmarks whose numbers are in the README.
//! - `cargo xtask setup`: only the installing part.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(),
        Some("test") => setup().and_then(|()| test()),
        Some("bench") => bench(&args[1..]),
        Some("setup") => setup(),
        _ => {
            eprintln!("usage: cargo xtask demo | test | bench [ingest|report|poll] | setup");
            return std::process::ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

fn run(what: &str, cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: {what}");
    let status = cmd.status().with_context(|| format!("starting {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

fn have(program: &str) -> bool {
    let check = if program.contains(' ') {
        format!("{program} >/dev/null 2>&1")
    } else {
        format!("command -v {program} >/dev/null 2>&1")
    };
    Command::new("sh")
        .arg("-c")
        .arg(check)
        .status()
        .is_ok_and(|s| s.success())
}

/// The Python of the test peers' virtual environment.
fn venv_python() -> PathBuf {
    root().join("target/py/bin/python")
}

/// Debian packages the tests use, with the program that shows each is installed:
/// Python for the pymodbus peer and the CSV check, mbpoll (libmodbus) as an independent
/// Modbus client, socat for serial port pairs.
const DEBIAN: &[(&str, &str)] = &[
    ("python3", "python3"),
    ("python3-venv", "python3 -m venv --help"),
    ("mbpoll", "mbpoll"),
    ("socat", "socat"),
];

/// PyPI packages of the test peers, installed in `target/py`.
const PYPI: &[&str] = &["pymodbus==3.16.1", "pyserial==3.5"];

/// Installs what is missing: Debian packages (with apt-get, as root or through sudo) and
/// the Rust components the checks use.
fn setup() -> Result<()> {
    let missing: Vec<&str> = DEBIAN
        .iter()
        .filter(|(_, prog)| !have(prog))
        .map(|(pkg, _)| *pkg)
        .collect();
    if !missing.is_empty() {
        let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
        let apt = |args: &[&str]| {
            let mut c = Command::new(if is_root { "apt-get" } else { "sudo" });
            if !is_root {
                c.arg("apt-get");
            }
            c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        run("apt-get update", &mut apt(&["update", "-q"]))?;
        let install = [&["install", "-y", "-q", "--no-install-recommends"][..], &missing].concat();
        run(&format!("apt-get install {}", missing.join(" ")), &mut apt(&install))?;
    }
    let python = venv_python();
    let ready = Command::new(&python)
        .args(["-c", "import pymodbus, serial; assert pymodbus.__version__ == '3.16.1'"])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        run(
            "python3 -m venv target/py",
            Command::new("python3")
                .args(["-m", "venv"])
                .arg(root().join("target/py")),
        )?;
        run(
            &format!("pip install {}", PYPI.join(" ")),
            Command::new(&python).args(["-m", "pip", "install", "-q"]).args(PYPI),
        )?;
    }
    if have("rustup") {
        run(
            "rustup component add clippy rustfmt",
            Command::new("rustup").args(["component", "add", "clippy", "rustfmt"]),
        )?;
    }
    Ok(())
}

fn test() -> Result<()> {
    run("cargo fmt --check", cargo().args(["fmt", "--all", "--check"]))?;
    run(
        "cargo clippy (warnings fail)",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    run(
        "cargo doc (warnings fail)",
        cargo()
            .args(["doc", "--workspace", "--no-deps", "--locked"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    run("cargo test", cargo().args(["test", "--workspace", "--locked"]))?;
    Ok(())
}

fn bench(args: &[String]) -> Result<()> {
    run(
        "cargo bench",
        cargo().args(["bench", "--bench", "store", "--"]).args(args),
    )
}

/// Imports the example plant's week of history into a fresh database and prints what
/// Takt makes of it.
fn demo() -> Result<()> {
    run(
        "cargo build --release",
        cargo().args(["build", "--release", "--locked", "--bin", "takt"]),
    )?;
    let root = root();
    let takt = root.join("target/release/takt");
    let data = root.join("target/demo");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let with_env = |args: &[&str]| {
        let mut c = Command::new(&takt);
        c.env("TAKT_CONFIG", root.join("examples/takt.toml"))
            .env("TAKT_DB", data.join("takt.db"))
            .args(args);
        c
    };
    run("takt check", &mut with_env(&["check"]))?;
    for kind in ["states", "counts", "scrap", "maintenance"] {
        let file = root.join(format!("examples/history/{kind}.csv"));
        run(
            &format!("takt import {kind}"),
            &mut with_env(&["import", kind, file.to_str().unwrap_or_default()]),
        )?;
    }
    let week = ["--from", "2026-11-16", "--to", "2026-11-21"];
    for (title, args) in [
        ("OEE per machine", vec!["report", "oee", "--by", "machine"]),
        (
            "OEE per day",
            vec!["report", "oee", "--by", "day", "--machine", "press-1"],
        ),
        ("Downtime by reason", vec!["report", "downtime", "--by", "reason"]),
        ("Scrap by reason", vec!["report", "scrap", "--by", "reason"]),
    ] {
        let out = with_env(&[args.as_slice(), &week].concat()).output()?;
        if !out.status.success() {
            bail!("takt {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
        }
        println!("\n{title} (takt {} {})", args.join(" "), week.join(" "));
        print_table(&String::from_utf8_lossy(&out.stdout));
    }
    println!(
        "\nThe database is {}; try: TAKT_CONFIG=examples/takt.toml TAKT_DB={} target/release/takt report oee --from 2026-11-16 --to 2026-11-21",
        data.join("takt.db").display(),
        data.join("takt.db").display()
    );
    Ok(())
}

/// Prints a report CSV as an aligned table, without the long RFC 3339 columns (the
/// `period` column names the period) and the columns after `oee`.
fn print_table(csv: &str) {
    let skip = ["period_start", "period_end", "start", "end", "stop_start"];
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let last = header.iter().position(|h| *h == "oee").map_or(header.len(), |i| i + 2);
    let keep: Vec<usize> = (0..header.len().min(last))
        .filter(|&i| !skip.contains(&header[i]))
        .collect();
    let rows: Vec<Vec<&str>> = std::iter::once(header.clone())
        .chain(lines.map(|l| l.split(',').collect()))
        .map(|r| keep.iter().map(|&i| r.get(i).copied().unwrap_or("")).collect())
        .collect();
    let widths: Vec<usize> = (0..keep.len())
        .map(|i| rows.iter().map(|r| r[i].len()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        println!("  {}", line.join("  ").trim_end());
    }
}
