//! What 20 browsers on the display cost the recorder (`cargo bench --bench display`, or
//! `cargo xtask bench display`). Not a test: it prints numbers for the README and asserts
//! nothing.
//!
//! `takt sim` serves 20 machines (a run coil, a part counter and two process values each,
//! polled every second). `takt run` records them with `[display]` on, `TAKT_BENCH_ROUNDS`
//! rounds (default 3) of `TAKT_BENCH_SECONDS` each (default 30): in turn with no browser
//! and with 20, each loading the page as a browser does (the page, its script, style and
//! wasm) and then following the live view (`/api/events`, one snapshot a second) for the
//! whole run. Every figure is the process's own accounting (GNU time): CPU seconds over
//! the run as a share of one core, and peak resident memory; and the snapshots the
//! followers received per second.

mod common;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::{free_ports, median, takt, timed, wait_port};

const MACHINES: usize = 20;
const BROWSERS: usize = 20;
const TOKEN: &str = "benchbenchbenchbenchbenchbench00";

fn config(ports: &[u16], display: u16) -> String {
    let mut s = format!(
        "[plant]\nname = \"Display bench\"\ntimezone = \"UTC\"\n\n[display]\nlisten = \"127.0.0.1:{display}\"\ntoken = \"{TOKEN}\"\n"
    );
    s.push_str(&common::machines_toml(ports));
    s
}

/// A connection to the display from 127.0.0.`n`: each browser from an address of its own,
/// as on the plant's network (the rate limit is per address).
fn connect(port: u16, n: u8) -> Option<std::net::TcpStream> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_io().build().ok()?;
    let stream = rt
        .block_on(async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind(([127, 0, 0, n], 0).into())?;
            socket.connect(([127, 0, 0, 1], port).into()).await
        })
        .ok()?;
    let stream = stream.into_std().ok()?;
    stream.set_nonblocking(false).ok()?;
    Some(stream)
}

/// `GET path` with the token's cookie from 127.0.0.`n`, read whole; its length.
fn fetch(port: u16, n: u8, path: &str) -> usize {
    let Some(mut s) = connect(port, n) else {
        return 0;
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: takt\r\nCookie: takt_display={TOKEN}\r\nConnection: close\r\n\r\n"
    );
    let mut body = Vec::new();
    let _ = s.read_to_end(&mut body);
    body.len()
}

/// A browser: loads the page, then follows the live view until the service stops,
/// counting the snapshots it receives.
fn browser(port: u16, n: u8, events: Arc<AtomicUsize>, loaded: Arc<AtomicUsize>) {
    let page = [
        "/display",
        "/display/main.js",
        "/display/style.css",
        "/display/takt_ui_bg.wasm",
    ]
    .iter()
    .map(|p| fetch(port, n, p))
    .sum();
    loaded.fetch_add(page, Ordering::Relaxed);
    let Some(mut s) = connect(port, n) else {
        return;
    };
    let _ = write!(
        s,
        "GET /api/events HTTP/1.1\r\nHost: takt\r\nCookie: takt_display={TOKEN}\r\nAccept: text/event-stream\r\n\r\n"
    );
    let mut buf = vec![0u8; 64 * 1024];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        events.fetch_add(
            buf[..n].windows(6).filter(|w| w == b"event:").count(),
            Ordering::Relaxed,
        );
    }
}

fn main() {
    let env = |k: &str, d: u64| std::env::var(k).ok().and_then(|s| s.parse().ok()).unwrap_or(d);
    let (secs, rounds) = (env("TAKT_BENCH_SECONDS", 30), env("TAKT_BENCH_ROUNDS", 3));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("takt-display-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let ports = free_ports(MACHINES + 1);
    let (machines, display) = (&ports[..MACHINES], ports[MACHINES]);
    let cfg = dir.join("takt.toml");
    std::fs::write(&cfg, config(machines, display)).unwrap();
    let _sim = common::sim(&cfg, secs * rounds * 2 + 60, machines);
    println!(
        "display: {MACHINES} machines polled every second, {rounds} rounds of {secs} s with no browser and with {BROWSERS}"
    );
    let (mut cpu, mut rss, mut rate, mut page) = ([Vec::new(), Vec::new()], [Vec::new(), Vec::new()], Vec::new(), 0);
    for round in 0..rounds {
        for (k, browsers) in [0, BROWSERS].into_iter().enumerate() {
            let db = dir.join(format!("r{round}-{k}.db"));
            let events = Arc::new(AtomicUsize::new(0));
            let loaded = Arc::new(AtomicUsize::new(0));
            let started = Arc::new(AtomicBool::new(false));
            let followers = {
                let (events, loaded, started) = (events.clone(), loaded.clone(), started.clone());
                std::thread::spawn(move || {
                    if browsers == 0 {
                        return;
                    }
                    wait_port(display, "the display");
                    started.store(true, Ordering::Relaxed);
                    let all: Vec<_> = (0..browsers)
                        .map(|i| {
                            let (events, loaded) = (events.clone(), loaded.clone());
                            std::thread::spawn(move || browser(display, 10 + i as u8, events, loaded))
                        })
                        .collect();
                    for b in all {
                        let _ = b.join();
                    }
                })
            };
            let (c, r, _, err) = timed(
                Command::new(takt())
                    .arg("--config")
                    .arg(&cfg)
                    .arg("--db")
                    .arg(&db)
                    .args(["run", "--for", &format!("{secs}s")]),
            );
            assert!(!err.contains("panicked"), "{err}");
            let _ = followers.join();
            assert!(browsers == 0 || started.load(Ordering::Relaxed));
            cpu[k].push(c / secs as f64 * 100.0);
            rss[k].push(r as f64 / 1024.0);
            if browsers > 0 {
                rate.push(events.load(Ordering::Relaxed) as f64 / secs as f64 / browsers as f64);
                page = loaded.load(Ordering::Relaxed) / browsers;
            }
        }
    }
    let (c0, c1) = (median(cpu[0].clone()), median(cpu[1].clone()));
    let (r0, r1) = (median(rss[0].clone()), median(rss[1].clone()));
    println!("display: takt run, no browser     {c0:>6.2} % of a core  {r0:>7.1} MiB peak");
    println!(
        "display: takt run, {BROWSERS} browsers     {c1:>6.2} % of a core  {r1:>7.1} MiB peak  {:.2} snapshots/s each, {:.1} MiB of page each",
        median(rate),
        page as f64 / 1_048_576.0
    );
    println!(
        "display: {BROWSERS} browsers add          {:>6.2} % of a core  {:>7.1} MiB (medians; each run: {:?} vs {:?} %)",
        c1 - c0,
        r1 - r0,
        cpu[1].iter().map(|x| (x * 100.0).round() / 100.0).collect::<Vec<_>>(),
        cpu[0].iter().map(|x| (x * 100.0).round() / 100.0).collect::<Vec<_>>(),
    );
}
