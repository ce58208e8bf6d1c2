//! `cargo xtask`: the project's tasks, so a fresh machine needs one command each.
//!
//! - `cargo xtask demo`: builds Takt and starts the demo plant (simulated machines over
//!   Modbus TCP on this computer, polled live; a live table on the terminal).
//! - `cargo xtask test`: installs what the tests need when it is missing, then runs
//!   formatting, clippy and rustdoc checks (warnings fail) and every test, and prints how
//!   long each step took.
//! - `cargo xtask test --fast`: the inner loop: fmt, clippy and the engine's tests without
//!   the window, installing nothing, in `target/fast` (so it never disturbs the window's
//!   build in `target`).
//! - `cargo xtask bench`: the benchmarks whose numbers are in the README.
//! - `cargo xtask ui`: builds the window's UI (Leptos to wasm, then `wasm-bindgen`) into
//!   `ui/dist`, which the `takt` binary embeds.
//! - `cargo xtask fuzz [SECONDS]`: the fuzz harnesses, SECONDS (default 60) per target.
//! - `cargo xtask setup`: only the installing part.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => setup_build().and_then(|()| ui()).and_then(|()| demo(&args[1..])),
        Some("test") if args.get(1).is_some_and(|a| a == "--fast") => timed(fast),
        Some("test") => timed(|| setup().and_then(|()| ui()).and_then(|()| test())),
        Some("ui") => ui(),
        Some("bench") => setup().and_then(|()| ui()).and_then(|()| bench(&args[1..])),
        Some("setup") => setup(),
        Some("fuzz") => timed(|| fuzz(args.get(1).map(String::as_str))),
        _ => {
            eprintln!(
                "usage: cargo xtask demo | test [--fast] | ui | bench [ingest|report|poll|window] | fuzz [SECONDS] | setup"
            );
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

/// How long each step of this run took, for the summary `timed` prints.
static STEPS: std::sync::Mutex<Vec<(String, std::time::Duration, bool)>> = std::sync::Mutex::new(Vec::new());

fn run(what: &str, cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: {what}");
    let started = std::time::Instant::now();
    let status = cmd.status().with_context(|| format!("starting {what}"));
    let ok = status.as_ref().is_ok_and(|s| s.success());
    if let Ok(mut steps) = STEPS.lock() {
        steps.push((what.to_string(), started.elapsed(), ok));
    }
    let status = status?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Runs `f`, then prints the time of each step it ran (also when one failed).
fn timed(f: impl FnOnce() -> Result<()>) -> Result<()> {
    let started = std::time::Instant::now();
    let result = f();
    let steps = STEPS.lock().map(|s| s.clone()).unwrap_or_default();
    eprintln!("\nxtask: steps");
    for (what, took, ok) in &steps {
        eprintln!(
            "  {:>7.1} s  {}  {what}",
            took.as_secs_f64(),
            if *ok { "ok  " } else { "FAIL" }
        );
    }
    eprintln!("  {:>7.1} s  in all", started.elapsed().as_secs_f64());
    result
}

/// The inner loop: no installs, no window, no UI build.
fn fast() -> Result<()> {
    let fast = |c: &mut Command| {
        c.env("CARGO_TARGET_DIR", root().join("target/fast"));
    };
    run("cargo fmt --check", cargo().args(["fmt", "--all", "--check"]))?;
    let engine = [
        "--workspace",
        "--exclude",
        "takt-ui",
        "--no-default-features",
        "--all-targets",
        "--locked",
    ];
    let mut clippy = cargo();
    clippy.args(["clippy"]).args(engine).args(["--", "-D", "warnings"]);
    fast(&mut clippy);
    run("cargo clippy, without the window (warnings fail)", &mut clippy)?;
    // Tests only: `--all-targets` would run the bench binaries too (a year of history).
    let mut test = cargo();
    test.args(["test"]).args(&engine[..engine.len() - 2]).arg("--locked");
    fast(&mut test);
    run("cargo test, the engine and the command line", &mut test)
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

/// Debian packages to build and run the window, with the check that shows each is
/// installed: webkit2gtk 4.1 and friends.
const DEBIAN_BUILD: &[(&str, &str)] = &[
    ("build-essential", "cc --version"),
    ("pkg-config", "pkg-config --version"),
    ("libssl-dev", "pkg-config --exists openssl"),
    ("libwebkit2gtk-4.1-dev", "pkg-config --exists webkit2gtk-4.1"),
    ("libgtk-3-dev", "pkg-config --exists gtk+-3.0"),
    ("libsoup-3.0-dev", "pkg-config --exists libsoup-3.0"),
    (
        "libayatana-appindicator3-dev",
        "pkg-config --exists ayatana-appindicator3-0.1",
    ),
    ("librsvg2-dev", "pkg-config --exists librsvg-2.0"),
];

/// Debian packages the tests use: Xvfb, WebKitWebDriver and imagemagick for the window's
/// tests; Python for the pymodbus peer, selenium and the CSV check; mbpoll (libmodbus) as
/// an independent Modbus client; socat for serial port pairs.
const DEBIAN_TEST: &[(&str, &str)] = &[
    ("xvfb", "command -v Xvfb"),
    ("xauth", "command -v xauth"),
    ("webkit2gtk-driver", "command -v WebKitWebDriver"),
    ("imagemagick", "command -v import"),
    ("python3", "command -v python3"),
    ("python3-venv", "python3 -m venv --help"),
    ("mbpoll", "command -v mbpoll"),
    ("socat", "command -v socat"),
    ("libfaketime", "ls /usr/lib/*/faketime/libfaketimeMT.so.1"),
];

/// PyPI packages of the test peers, installed in `target/py`; selenium drives the window
/// over WebDriver.
const PYPI: &[&str] = &["pymodbus==3.16.1", "pyserial==3.5", "selenium==4.51.0"];

/// Installs with apt-get (as root or through sudo) the packages of `list` that are missing.
fn apt_install(list: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = list
        .iter()
        .filter(|(_, check)| !have(check))
        .map(|(pkg, _)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
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
    run(&format!("apt-get install {}", missing.join(" ")), &mut apt(&install))
}

/// Installs what building Takt with its window needs: the Debian libraries, the wasm
/// target, and `wasm-bindgen-cli` at the exact version of the `wasm-bindgen` crate in
/// Cargo.lock (built from crates.io, never downloaded as a binary).
fn setup_build() -> Result<()> {
    apt_install(DEBIAN_BUILD)?;
    if have("rustup") {
        run(
            "rustup target add wasm32-unknown-unknown",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }
    // Its own lock file pins a crate the registry no longer serves, so no `--locked`.
    let bindgen = locked_version("wasm-bindgen")?;
    let output = Command::new("wasm-bindgen").arg("--version").output();
    if !output.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().nth(1) == Some(bindgen.as_str())) {
        run(
            &format!("cargo install wasm-bindgen-cli {bindgen}"),
            Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &format!("={bindgen}")]),
        )?;
    }
    Ok(())
}

/// Installs what is missing for the tests too: their Debian packages, the Python peers
/// and selenium in `target/py`, the rustup components of the checks, and `tauri-driver`.
fn setup() -> Result<()> {
    setup_build()?;
    apt_install(DEBIAN_TEST)?;
    let python = venv_python();
    let ready = Command::new(&python)
        .args(["-c", "import pymodbus, serial, selenium; assert pymodbus.__version__ == '3.16.1' and selenium.__version__ == '4.51.0'"])
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
    if !have("command -v tauri-driver") {
        run(
            "cargo install tauri-driver",
            Command::new("cargo").args(["install", "tauri-driver", "--version", TAURI_DRIVER, "--locked"]),
        )?;
    }
    Ok(())
}

/// The WebDriver server for the window's end-to-end tests.
const TAURI_DRIVER: &str = "=2.1.0";

/// The version of `package` that Cargo.lock pins.
fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"")
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    bail!("Cargo.lock has no package {package}")
}

/// Builds the UI into `ui/dist`: the Leptos crate to wasm32, `wasm-bindgen` for the
/// browser, and the static files beside it.
fn ui() -> Result<()> {
    run(
        "cargo build -p takt-ui (wasm32)",
        cargo().args([
            "build",
            "-p",
            "takt-ui",
            "--lib",
            "--release",
            "--locked",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    )?;
    let dist = root().join("ui/dist");
    std::fs::create_dir_all(&dist).context("creating ui/dist")?;
    run(
        "wasm-bindgen",
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&dist)
            .arg(root().join("target/wasm32-unknown-unknown/release/takt_ui.wasm")),
    )?;
    for file in ["index.html", "main.js", "style.css"] {
        std::fs::copy(root().join("ui").join(file), dist.join(file)).with_context(|| format!("copying ui/{file}"))?;
    }
    Ok(())
}

fn test() -> Result<()> {
    run("cargo fmt --check", cargo().args(["fmt", "--all", "--check"]))?;
    run(
        "cargo check --no-default-features (the engine and CLI without webkit)",
        cargo().args([
            "check",
            "-p",
            "takt",
            "--no-default-features",
            "--all-targets",
            "--locked",
        ]),
    )?;
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

/// The fuzz harnesses of `tests/fuzz.rs`, `seconds` (default 60) per target, in release
/// and without the window (in `target/fuzz`); each prints how many inputs it tried.
fn fuzz(seconds: Option<&str>) -> Result<()> {
    let seconds = seconds.unwrap_or("60");
    if seconds.parse::<f64>().map_or(true, |s| s <= 0.0) {
        bail!("fuzz {seconds}: expected a number of seconds per target, like 600");
    }
    run(
        &format!("fuzz, {seconds} s per target"),
        cargo()
            .args([
                "test",
                "--release",
                "--locked",
                "--no-default-features",
                "--test",
                "fuzz",
                "--",
                "--nocapture",
            ])
            .env("TAKT_FUZZ_SECONDS", seconds)
            .env("CARGO_TARGET_DIR", root().join("target/fuzz")),
    )
}

/// `bench poll` and `bench window` run those bench binaries; anything else goes to the
/// store's (`ingest`, `report`, or both).
fn bench(args: &[String]) -> Result<()> {
    let (bench, rest) = match args.first().map(String::as_str) {
        Some(b @ ("poll" | "window")) => (b, &args[1..]),
        _ => ("store", args),
    };
    run(
        &format!("cargo bench --bench {bench}"),
        cargo().args(["bench", "--locked", "--bench", bench, "--"]).args(rest),
    )
}

/// Builds Takt and starts the demo plant (extra arguments go to `takt demo`, such as
/// `--for 60s` or `--machines 12`); on a terminal it shows the live table until Ctrl-C.
fn demo(args: &[String]) -> Result<()> {
    run(
        "cargo build --release",
        cargo().args(["build", "--release", "--locked", "--bin", "takt"]),
    )?;
    let takt = root().join("target/release/takt");
    let status = Command::new(&takt)
        .arg("demo")
        .args(args)
        .status()
        .with_context(|| format!("starting {}", takt.display()))?;
    if !status.success() {
        bail!("takt demo failed ({status})");
    }
    Ok(())
}
