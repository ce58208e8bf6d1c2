//! `cargo xtask`: the project's tasks, so a fresh machine needs one command each.
//!
//! - `cargo xtask demo`: builds Takt and starts the demo plant (simulated machines over
//!   Modbus TCP on this computer, polled live; a live table on the terminal).
//! - `cargo xtask test`: installs what the tests need when it is missing, then runs
//!   formatting, clippy and rustdoc checks (warnings fail), builds the Linux packages and
//!   runs every test, and prints how long each step took.
//! - `cargo xtask test --fast`: the inner loop: fmt, clippy, the engine crates' tests and
//!   the command line's (not the peers, the services or the window), installing nothing,
//!   in `target/fast` (so it never disturbs the window's build in `target`).
//! - `cargo xtask bench`: the benchmarks whose numbers are in the README.
//! - `cargo xtask ui`: builds the window's UI (Leptos to wasm, then `wasm-bindgen`) into
//!   `ui/dist`, which the `takt` binary embeds.
//! - `cargo xtask fuzz [SECONDS]`: the fuzz harnesses, SECONDS (default 60) per target.
//! - `cargo xtask soak [MINUTES]`: 100 simulated machines with faults and outages, polled
//!   for MINUTES (default 60): memory, totals against the counters, bytes per machine-day.
//! - `cargo xtask package`: the Linux packages, `target/package/takt_<version>_amd64.deb`
//!   and `takt-<version>.x86_64.rpm` (release build with the UI embedded), and the Windows
//!   installer `takt-<version>-setup.exe` (the engine cross-built with mingw-w64, NSIS).
//! - `cargo xtask test-windows`: the engine cross-built for `x86_64-pc-windows-gnu` with
//!   Debian's mingw-w64, and its command-line, demo, attach and Windows-service tests run
//!   under Debian's wine (not part of `test`).
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
        Some("package") => timed(package),
        Some("test-windows") => timed(test_windows),
        Some("fuzz") => timed(|| fuzz(args.get(1).map(String::as_str))),
        Some("soak") => setup().and_then(|()| timed(|| soak(args.get(1).map(String::as_str)))),
        _ => {
            eprintln!(
                "usage: cargo xtask demo | test [--fast] | test-windows | ui | package | bench [ingest|report|poll|window|mqtt|display] | fuzz [SECONDS] | soak [MINUTES] | setup"
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
    test.args(["test", "--workspace", "--exclude", "takt-ui", "--exclude", "takt"])
        .args(["--no-default-features", "--locked"]);
    fast(&mut test);
    run("cargo test, the engine crates", &mut test)?;
    // The binary's own tests that need nothing installed: not the peers (Python, mbpoll,
    // socat), the services (libfaketime) or the window.
    let mut test = cargo();
    test.args(["test", "-p", "takt", "--no-default-features", "--locked"]);
    for t in FAST_TESTS {
        test.args(["--test", t]);
    }
    fast(&mut test);
    run("cargo test, the command line", &mut test)
}

/// The binary's test files `--fast` runs.
const FAST_TESTS: &[&str] = &["architecture", "cli", "dst_week", "fuzz", "golden", "maintenance"];

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
/// an independent Modbus client; socat for serial port pairs; poppler-utils to read PDF
/// reports back; mosquitto and its clients as the MQTT broker and subscriber, and
/// PostgreSQL as the central database (each started by its test on 127.0.0.1), openssl
/// for their test certificates; headless Chromium and its WebDriver as the browser of the
/// display (`[display]`).
const DEBIAN_TEST: &[(&str, &str)] = &[
    ("xvfb", "command -v Xvfb"),
    ("xauth", "command -v xauth"),
    ("webkit2gtk-driver", "command -v WebKitWebDriver"),
    ("imagemagick", "command -v import"),
    ("python3", "command -v python3"),
    ("python3-venv", "python3 -m venv --help"),
    ("mbpoll", "command -v mbpoll"),
    ("socat", "command -v socat"),
    ("openssl", "command -v openssl"),
    ("curl", "command -v curl"),
    ("libfaketime", "ls /usr/lib/*/faketime/libfaketimeMT.so.1"),
    ("poppler-utils", "command -v pdftotext"),
    ("mosquitto", "test -x /usr/sbin/mosquitto"),
    ("mosquitto-clients", "command -v mosquitto_sub"),
    ("openssl", "command -v openssl"),
    ("postgresql", "ls /usr/lib/postgresql/*/bin/pg_ctl"),
    ("chromium", "command -v chromium"),
    ("chromium-driver", "command -v chromedriver"),
];

/// PyPI packages of the test peers, installed in `target/py`; selenium drives the window
/// over WebDriver; `reliability` is the peer of the Weibull and Crow-AMSAA fits;
/// `aiosmtpd` the mail server scheduled reports are sent to.
const PYPI: &[&str] = &[
    "pymodbus==3.16.1",
    "pyserial==3.5",
    "selenium==4.51.0",
    "reliability==0.9.0",
    "aiosmtpd==1.4.6",
];

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
        .args([
            "-c",
            "import importlib.metadata as m, pymodbus, serial, selenium, reliability, aiosmtpd; \
             assert pymodbus.__version__ == '3.16.1' and selenium.__version__ == '4.51.0' \
             and m.version('reliability') == '0.9.0' and m.version('aiosmtpd') == '1.4.6'",
        ])
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

/// What makes and reads the Linux packages: dpkg-shlibdeps (the .deb's library
/// dependencies) and rpm (to read the .rpm back in its test); cargo-deb and
/// cargo-generate-rpm, built from crates.io.
const DEBIAN_PACKAGE: &[(&str, &str)] = &[("dpkg-dev", "command -v dpkg-shlibdeps"), ("rpm", "command -v rpm")];
const CARGO_DEB: &str = "3.6.2";
const CARGO_GENERATE_RPM: &str = "0.19.0";

/// What the Windows build needs: mingw-w64 (the C compiler and linker of SQLite, ring and
/// the Rust target) and nsis (the installer).
const DEBIAN_WINDOWS: &[(&str, &str)] = &[
    ("mingw-w64", "command -v x86_64-w64-mingw32-gcc"),
    ("nsis", "command -v makensis"),
];
/// What its test run needs: wine (64-bit).
const DEBIAN_WINE: &[(&str, &str)] = &[("wine", "command -v wine"), ("wine64", "ls /usr/lib/wine/wine64")];
const WINDOWS: &str = "x86_64-pc-windows-gnu";

/// Installs what the Windows build needs when it is missing.
fn setup_windows() -> Result<()> {
    apt_install(DEBIAN_WINDOWS)?;
    if have("rustup") {
        run(
            &format!("rustup target add {WINDOWS}"),
            Command::new("rustup").args(["target", "add", WINDOWS]),
        )?;
    }
    Ok(())
}

/// The engine for Windows under wine: builds the tests for `x86_64-pc-windows-gnu` in
/// `target/windows`, then runs those of the command line (check, import, report, backup,
/// stops), the demo with its simulator on 127.0.0.1, the window's channel (a named pipe)
/// and the Windows service (`tests/windows.rs`), each test binary run by wine in a wine
/// prefix of its own (`target/windows/wine`) with one wineserver kept up for the run.
fn test_windows() -> Result<()> {
    package_windows()?;
    apt_install(DEBIAN_WINE)?;
    let target_dir = root().join("target/windows");
    let prefix = target_dir.join("wine");
    std::fs::create_dir_all(&prefix).context("creating the wine prefix")?;
    let runner = "target.x86_64-pc-windows-gnu.runner=\"wine\"";
    let test = |what: &str, args: &[&str]| -> Result<()> {
        run(
            what,
            cargo()
                .args(["test", "--locked", "--config", runner, "--target", WINDOWS])
                .args(args)
                .env("CARGO_TARGET_DIR", &target_dir)
                .env("WINEPREFIX", &prefix)
                .env("WINEDEBUG", "-all"),
        )
    };
    let suites: [(&str, &[&str]); 4] = [
        (
            "wine: the command line's tests",
            &["--no-default-features", "--test", "cli", "--test", "windows"],
        ),
        (
            "wine: the demo plant for 20 s",
            &[
                "--no-default-features",
                "--test",
                "service",
                "the_demo_plant_for_20_seconds_from_a_clean_data_dir",
            ],
        ),
        (
            "wine: a window attached over a named pipe",
            &["-p", "takt-app", "attach"],
        ),
        (
            "wine: the engine crates' own tests",
            &["-p", "takt-core", "-p", "takt-store"],
        ),
    ];
    // Build everything first.
    for (_, args) in &suites {
        test(
            "cargo test --no-run (x86_64-pc-windows-gnu)",
            &[args, &["--no-run"][..]].concat(),
        )?;
    }
    // Rust's standard library imports ProcessPrng from bcryptprimitives.dll (Windows 10
    // and later have it); wine 8.0 does not: a shim built by mingw gives it from
    // BCryptGenRandom, for this run only.
    let dll = target_dir.join("bcryptprimitives.dll");
    let shim = root().join("packaging/windows/wine");
    run(
        "mingw: the wine shim bcryptprimitives.dll",
        Command::new("x86_64-w64-mingw32-gcc")
            .args(["-O2", "-shared", "-o"])
            .arg(&dll)
            .arg(shim.join("bcryptprimitives.c"))
            .arg(shim.join("bcryptprimitives.def"))
            .arg("-lbcrypt"),
    )?;
    if !prefix.join("drive_c/windows/system32").exists() {
        run(
            "wineboot --init (the wine prefix)",
            Command::new("wineboot")
                .arg("--init")
                .env("WINEPREFIX", &prefix)
                .env("WINEDEBUG", "-all"),
        )?;
    }
    std::fs::copy(&dll, prefix.join("drive_c/windows/system32/bcryptprimitives.dll"))
        .context("placing the shim in the wine prefix")?;
    // One wineserver for the whole run, so that a service outlives the command that
    // started it.
    let wineserver = |arg: &str| {
        Command::new("wineserver")
            .arg(arg)
            .env("WINEPREFIX", &prefix)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
    };
    let _ = wineserver("-p");
    let result = suites.iter().try_for_each(|(what, args)| test(what, args));
    let _ = wineserver("-k");
    result
}

/// Installs what `package` needs when it is missing.
fn setup_package() -> Result<()> {
    apt_install(DEBIAN_PACKAGE)?;
    for (tool, version, check) in [
        ("cargo-deb", CARGO_DEB, "cargo deb --version"),
        ("cargo-generate-rpm", CARGO_GENERATE_RPM, "cargo generate-rpm --version"),
    ] {
        let output = Command::new("sh").arg("-c").arg(check).output();
        if !output.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(version)) {
            run(
                &format!("cargo install {tool} {version}"),
                Command::new("cargo").args(["install", tool, "--version", &format!("={version}"), "--locked"]),
            )?;
        }
    }
    Ok(())
}

/// The workspace's version, as the packages are named.
fn version() -> Result<String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).context("reading Cargo.toml")?;
    manifest
        .lines()
        .skip_while(|l| *l != "[workspace.package]")
        .find_map(|l| l.strip_prefix("version = \""))
        .map(|v| v.trim_end_matches('"').to_string())
        .context("Cargo.toml: no version in [workspace.package]")
}

/// Builds Takt for release with the UI embedded, strips it, and writes the .deb and the
/// .rpm into `target/package`.
fn package() -> Result<()> {
    setup_build()?;
    setup_package()?;
    ui()?;
    run(
        "cargo build --release (the window's UI embedded)",
        cargo().args(["build", "--release", "--locked", "--bin", "takt"]),
    )?;
    let out = root().join("target/package");
    std::fs::create_dir_all(out.join("bin")).context("creating target/package/bin")?;
    let bin = out.join("bin/takt");
    std::fs::copy(root().join("target/release/takt"), &bin).context("copying target/release/takt")?;
    run("strip", Command::new("strip").arg("--strip-unneeded").arg(&bin))?;
    let v = version()?;
    let deb = out.join(format!("takt_{v}_amd64.deb"));
    let rpm = out.join(format!("takt-{v}.x86_64.rpm"));
    run(
        "cargo deb",
        cargo()
            .args(["deb", "--no-build", "--no-strip", "--package", "takt", "--output"])
            .arg(&deb),
    )?;
    run(
        "cargo generate-rpm",
        cargo().args(["generate-rpm", "--package", ".", "--output"]).arg(&rpm),
    )?;
    for p in [&bin, &deb, &rpm] {
        let size = std::fs::metadata(p)
            .with_context(|| format!("{} was not written", p.display()))?
            .len();
        eprintln!("xtask: {} {:.1} MB", p.display(), size as f64 / 1e6);
    }
    package_windows()
}

/// The Windows installer, `target/package/takt-<version>-setup.exe`: Takt with its window
/// cross-built for release with mingw-w64 (in `target/windows`; Tauri on WebView2, whose
/// loader DLL comes with the webview2-com-sys crate), stripped, and packed by NSIS with a
/// Start menu entry and the optional service.
fn package_windows() -> Result<()> {
    setup_build()?;
    setup_windows()?;
    ui()?;
    let target_dir = root().join("target/windows");
    run(
        "cargo build --release --target x86_64-pc-windows-gnu (the window's UI embedded)",
        cargo()
            .args(["build", "--release", "--locked", "--bin", "takt", "--target", WINDOWS])
            .env("CARGO_TARGET_DIR", &target_dir),
    )?;
    let out = root().join("target/package");
    std::fs::create_dir_all(out.join("bin")).context("creating target/package/bin")?;
    let exe = out.join("bin/takt.exe");
    std::fs::copy(target_dir.join(WINDOWS).join("release/takt.exe"), &exe).context("copying takt.exe")?;
    run(
        "x86_64-w64-mingw32-strip",
        Command::new("x86_64-w64-mingw32-strip").arg(&exe),
    )?;
    let v = version()?;
    let setup = out.join(format!("takt-{v}-setup.exe"));
    let define = |k: &str, p: &Path| format!("-D{k}={}", p.display());
    run(
        "makensis",
        Command::new("makensis")
            .arg("-V2")
            .arg(format!("-DVERSION={v}"))
            .arg(define("EXE", &exe))
            .arg(define("OUT", &setup))
            .arg(define("CONFIG", &root().join("packaging/windows/takt.toml")))
            .arg(define(
                "LOADER",
                &target_dir.join(WINDOWS).join("release/WebView2Loader.dll"),
            ))
            .arg(root().join("packaging/windows/takt.nsi")),
    )?;
    for p in [&exe, &setup] {
        let size = std::fs::metadata(p)
            .with_context(|| format!("{} was not written", p.display()))?
            .len();
        eprintln!("xtask: {} {:.1} MB", p.display(), size as f64 / 1e6);
    }
    Ok(())
}

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
    // The packages first: tests/package.rs reads them back and installs the .deb.
    package()?;
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

/// `bench poll`, `bench window`, `bench mqtt` and `bench display` run those bench binaries; anything else goes to the
/// store's (`ingest`, `report`, or both).
fn bench(args: &[String]) -> Result<()> {
    let (bench, rest) = match args.first().map(String::as_str) {
        Some(b @ ("poll" | "window" | "mqtt" | "display")) => (b, &args[1..]),
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

/// Machines of the soak.
const SOAK_MACHINES: usize = 100;

/// The soak's plant: machines with a run coil, a 32-bit part counter, rejects, fault codes,
/// an energy meter and 8 process values, polled every 100 ms. Three 8-hour shifts (UTC),
/// the first starting at `change` (minute of the day): the soak puts a change of shift in
/// its middle, so memory is seen across one.
fn soak_config(ports: &[u16], change: u64) -> String {
    let hm = |m: u64| format!("{:02}:{:02}", (m % 1440) / 60, m % 60);
    let mut text = String::from("[plant]\nname = \"Soak\"\ntimezone = \"UTC\"\n");
    for (k, name) in ["A", "B", "C"].iter().enumerate() {
        let start = change + 480 * k as u64;
        text.push_str(&format!(
            "\n[[shift]]\nname = \"{name}\"\nstart = \"{}\"\nend = \"{}\"\nbreaks = [{{ start = \"{}\", minutes = 30 }}]\n",
            hm(start),
            hm(start + 480),
            hm(start + 240)
        ));
    }
    text.push_str(
        "\n[[reason]]\ncode = \"mech/jam\"\nkind = \"downtime\"\n\n[[reason]]\ncode = \"mech/bearing\"\nkind = \"downtime\"\n",
    );
    for (i, port) in ports.iter().enumerate() {
        text.push_str(&format!(
            "\n[[machine]]\nid = \"m{i:03}\"\nideal_cycle_s = 1.0\npoll_ms = 100\n\
             connection = {{ modbus_tcp = \"127.0.0.1:{port}\", timeout_ms = 500 }}\n\
             [machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\n\
             reject_count = {{ holding = 2, type = \"u32\" }}\n\
             fault_code = {{ holding = 4, reasons = {{ 1 = \"mech/jam\", 2 = \"mech/bearing\" }} }}\n\
             energy_kwh = {{ input = 20, type = \"f32\" }}\nprocess = [\n"
        ));
        for k in 0..8 {
            text.push_str(&format!(
                "  {{ name = \"p{k}\", input = {}, type = \"i16\", scale = 0.1, low = 20.0, high = 80.0 }},\n",
                10 + k
            ));
        }
        text.push_str("]\n");
    }
    text
}

/// What the soak reads of the database at an instant, per machine: the last raw counter
/// and the parts recorded; and the bytes in use. Python's sqlite3 reads it (a reader
/// beside the recorder, as a report is).
const SOAK_SNAPSHOT: &str = r#"
import json, sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
c.execute("BEGIN")
raw = dict(c.execute("SELECT machine, raw FROM counter_baseline WHERE counter = 'total'"))
parts = dict(c.execute("SELECT machine, sum(total) FROM count_bucket GROUP BY machine"))
page = c.execute("PRAGMA page_size").fetchone()[0]
used = c.execute("PRAGMA page_count").fetchone()[0] - c.execute("PRAGMA freelist_count").fetchone()[0]
print(json.dumps({"raw": raw, "parts": parts, "bytes": used * page}))
"#;

/// The resident memory of a process, MiB.
fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

struct Snapshot {
    raw: std::collections::BTreeMap<String, u64>,
    parts: std::collections::BTreeMap<String, u64>,
    bytes: u64,
}

fn snapshot(db: &Path) -> Result<Snapshot> {
    let out = Command::new("python3")
        .args(["-c", SOAK_SNAPSHOT])
        .arg(db)
        .output()
        .context("running python3 to read the soak's database")?;
    if !out.status.success() {
        bail!("reading the soak's database: {}", String::from_utf8_lossy(&out.stderr));
    }
    // {"raw": {"m000": 12, ...}, "parts": {...}, "bytes": 123}: read without a JSON crate.
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let map = |key: &str| -> std::collections::BTreeMap<String, u64> {
        let Some(start) = text.find(&format!("\"{key}\": {{")) else {
            return Default::default();
        };
        let body = &text[start + key.len() + 5..];
        let body = &body[..body.find('}').unwrap_or(body.len())];
        body.split(',')
            .filter_map(|kv| {
                let (k, v) = kv.split_once(':')?;
                Some((k.trim().trim_matches('"').to_string(), v.trim().parse().ok()?))
            })
            .collect()
    };
    let bytes = text
        .split("\"bytes\":")
        .nth(1)
        .and_then(|b| b.trim().trim_end_matches('}').trim().parse().ok())
        .unwrap_or(0);
    Ok(Snapshot {
        raw: map("raw"),
        parts: map("parts"),
        bytes,
    })
}

/// 100 simulated machines (faults, breaks, network outages) served by `takt sim` and
/// polled by `takt run` every 100 ms for `minutes`: the resident memory each minute, the
/// parts recorded against the counters' movement, and the database's bytes per
/// machine-day. Prints the figures and fails on a miscount or memory that grew after the
/// first ten minutes.
fn soak(minutes: Option<&str>) -> Result<()> {
    let minutes: u64 = match minutes {
        None => 60,
        Some(m) => m
            .parse()
            .ok()
            .filter(|m| *m >= 2)
            .with_context(|| format!("soak {m}: expected whole minutes, 2 or more"))?,
    };
    let target = root().join("target/soak");
    run(
        "cargo build --release --no-default-features (the soak's takt)",
        cargo()
            .args([
                "build",
                "--release",
                "--locked",
                "--no-default-features",
                "--bin",
                "takt",
            ])
            .env("CARGO_TARGET_DIR", &target),
    )?;
    let takt = target.join("release/takt");
    let dir = target.join("run");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    // Free ports, found by binding them, then handed to the simulator.
    let listeners: Vec<std::net::TcpListener> = (0..SOAK_MACHINES)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0"))
        .collect::<std::io::Result<_>>()?;
    let ports: Vec<u16> = listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<std::io::Result<_>>()?;
    drop(listeners);
    let (config, db) = (dir.join("takt.toml"), dir.join("takt.db"));
    // The change of shift: half-way through the minutes measured (after the first one).
    let now_min = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs()
        / 60;
    let change = (now_min + 2 + minutes / 2) % 1440;
    std::fs::write(&config, soak_config(&ports, change))?;
    let logs = |name: &str| std::fs::File::create(dir.join(name));
    let mut sim = Command::new(&takt)
        .args(["--config"])
        .arg(&config)
        .args(["sim", "--outages", "2"])
        .stdout(logs("sim.log")?)
        .stderr(logs("sim.err")?)
        .spawn()
        .context("starting takt sim")?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while ports
        .iter()
        .any(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_err())
    {
        if std::time::Instant::now() > deadline {
            let _ = sim.kill();
            bail!("takt sim did not listen on its ports within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let mut recorder = Command::new(&takt)
        .arg("--config")
        .arg(&config)
        .arg("--db")
        .arg(&db)
        .args(["run", "--for", &format!("{}m", minutes + 1)])
        .stdout(logs("run.log")?)
        .stderr(logs("run.err")?)
        .spawn()
        .context("starting takt run")?;
    let pid = recorder.id();
    let started = std::time::Instant::now();
    let minute = std::time::Duration::from_secs(60);
    let mut rss: Vec<f64> = Vec::new();
    let mut first: Option<Snapshot> = None;
    for m in 1..=minutes {
        // The soak's clock: one sample a minute.
        std::thread::sleep((started + minute * m as u32).saturating_duration_since(std::time::Instant::now()));
        let now = rss_mib(pid).context("takt run ended before the soak did")?;
        rss.push(now);
        eprintln!("xtask: soak minute {m}: takt run {now:.1} MiB resident");
        if m == 1 {
            first = Some(snapshot(&db)?);
        }
    }
    let last = snapshot(&db)?;
    let elapsed_days = (started.elapsed().as_secs_f64() - 60.0) / 86_400.0;
    let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
    let status = recorder.wait()?;
    let _ = sim.kill();
    let _ = sim.wait();
    let first = first.context("no first snapshot")?;

    let mut miscounted = Vec::new();
    let mut moved_total = 0u64;
    for (m, raw) in &last.raw {
        let (Some(raw0), Some(parts0), Some(parts)) = (first.raw.get(m), first.parts.get(m), last.parts.get(m)) else {
            continue;
        };
        let moved = raw.wrapping_sub(*raw0) & 0xFFFF_FFFF;
        moved_total += moved;
        if parts - parts0 != moved {
            miscounted.push(format!("{m}: counter moved {moved}, recorded {}", parts - parts0));
        }
    }
    let per_machine_day = (last.bytes.saturating_sub(first.bytes)) as f64 / SOAK_MACHINES as f64 / elapsed_days;
    let after_ten = rss.get(9..).unwrap_or_default();
    let grew = match (rss.get(9), after_ten.iter().copied().reduce(f64::max)) {
        (Some(at_ten), Some(max)) => Some((at_ten, max, max > at_ten * 1.1 + 2.0)),
        _ => None,
    };
    let summary = format!(
        "soak: {SOAK_MACHINES} machines, 8 process values each, polled every 100 ms for {minutes} min\n\
         soak: resident memory each minute (MiB): {}\n\
         soak: {}\n\
         soak: parts against counters: {} of {} machines exact, {moved_total} parts\n\
         soak: database {:.2} MB per machine-day ({} bytes in {:.3} machine-days)\n\
         soak: change of shift at {:02}:{:02} UTC, minute {} of the soak\n\
         soak: takt run ended {status}\n",
        rss.iter().map(|r| format!("{r:.1}")).collect::<Vec<_>>().join(" "),
        match grew {
            Some((a, b, _)) => format!("memory at 10 min {a:.1} MiB, most after {b:.1} MiB"),
            None => "memory: shorter than 10 minutes, growth not judged".into(),
        },
        last.raw.len() - miscounted.len(),
        last.raw.len(),
        per_machine_day / 1e6,
        last.bytes.saturating_sub(first.bytes),
        elapsed_days * SOAK_MACHINES as f64,
        change / 60,
        change % 60,
        2 + minutes / 2,
    );
    print!("{summary}");
    std::fs::write(target.join("result.txt"), &summary)?;
    if !miscounted.is_empty() {
        bail!("soak: parts miscounted:\n{}", miscounted.join("\n"));
    }
    if grew.is_some_and(|g| g.2) {
        bail!("soak: memory grew after the first ten minutes");
    }
    if !status.success() {
        bail!("soak: takt run ended {status}");
    }
    Ok(())
}
