//! What 20 browsers on the display cost the recorder (`cargo bench --bench display`, or
//! `cargo xtask bench display`). Not a test: it prints numbers for the README and asserts
//! nothing.
//!
//! `takt sim` serves 20 machines (a run coil, a part counter and two process values each,
//! polled every second). `takt run` records them with `[display]` on, `TAKT_BENCH_ROUNDS`
//! rounds (default 3) of `TAKT_BENCH_SECONDS` each (default 30): in turn with no browser
//! and with 20, each loading the page as a browser does (the page, its script and its
//! wasm) and then following the live view (`/api/events`, one snapshot a second) for the
//! whole run. Every figure is the process's own accounting (GNU time): CPU seconds over
//! the run as a share of one core, and peak resident memory; and the snapshots the
//! followers received per second.

mod common;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{free_ports, timed};

const MACHINES: usize = 20;
const BROWSERS: usize = 20;
const TOKEN: &str = "benchbenchbenchbenchbenchbench00";

fn config(ports: &[u16], display: u16) -> String {
    let mut s = format!(
        "[plant]\nname = \"Display bench\"\ntimezone = \"UTC\"\n\n[display]\nlisten = \"127.0.0.1:{display}\"\ntoken = \"{TOKEN}\"\n"
    );
    for (i, p) in ports.iter().enumerate() {
        s.push_str(&format!(
            "\n[[machine]]\nid = \"m{i:03}\"\nideal_cycle_s = 1.0\npoll_ms = 1000\nconnection = {{ modbus_tcp = \"127.0.0.1:{p}\", unit = 1, timeout_ms = 2000 }}\n[machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\nprocess = [{{ name = \"temperature\", holding = 2, scale = 0.1, unit = \"°C\", low = 0.0, high = 6000.0 }}, {{ name = \"pressure\", holding = 3, scale = 0.01, unit = \"bar\", low = 0.0, high = 600.0 }}]\n"
        ));
    }
    s
}

fn takt() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_takt"))
}

fn wait_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A process killed when the bench ends.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `GET path` with the token's cookie, read whole; its length.
fn fetch(port: u16, path: &str) -> usize {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
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
fn browser(port: u16, events: Arc<AtomicUsize>, loaded: Arc<AtomicUsize>) {
    let page = fetch(port, "/display") + fetch(port, "/display/main.js") + fetch(port, "/display/takt_ui_bg.wasm");
    loaded.fetch_add(page, Ordering::Relaxed);
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
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
    let _sim = Kill(
        Command::new(takt())
            .arg("--config")
            .arg(&cfg)
            .args(["sim", "--for", &format!("{}s", secs * rounds * 2 + 60)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_port(machines[MACHINES - 1], "the simulator");
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
                        .map(|_| {
                            let (events, loaded) = (events.clone(), loaded.clone());
                            std::thread::spawn(move || browser(display, events, loaded))
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
