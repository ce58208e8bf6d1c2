//! Polling throughput on loopback (`cargo bench --bench poll`, or `cargo xtask bench poll`).
//! Not a test: it prints numbers for the README and asserts nothing about time.
//!
//! `takt sim` serves N machines (10, 100, 1000) with 10 holding registers each, each on
//! its own port, in its own process. Against that same server, side by side:
//! - `takt run` polling all N machines every 50 ms (the shortest poll period);
//! - mbpoll (C, libmodbus) reading one machine's 10 registers every 10 ms, its fastest;
//! - a pymodbus client reading one machine's 10 registers in a loop, as fast as it can.
//!
//! Every figure comes from the process's own accounting (GNU time): requests per second,
//! CPU time per request, and peak resident memory. `TAKT_BENCH_SECONDS` sets how long
//! each runs (default 10), `TAKT_BENCH_N` which N to run (default "10,100,1000"), and
//! `TAKT_BENCH_TAKT` another `takt` binary to poll with (an older build, to compare).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{free_ports, timed};

fn config(ports: &[u16]) -> String {
    let mut s = String::from("[plant]\nname = \"Poll bench\"\ntimezone = \"UTC\"\n");
    for (i, p) in ports.iter().enumerate() {
        s.push_str(&format!(
            "\n[[machine]]\nid = \"m{i:04}\"\nideal_cycle_s = 1.0\npoll_ms = 50\nconnection = {{ modbus_tcp = \"127.0.0.1:{p}\", unit = 1, timeout_ms = 2000 }}\n[machine.signals]\ntotal_count = {{ holding = 0, type = \"u32\" }}\nprocess = [\n"
        ));
        // With limits, so every reading is checked against them (the alarm check).
        for r in 2..10 {
            s.push_str(&format!(
                "  {{ name = \"p{r}\", holding = {r}, low = 0.0, high = 60000.0 }},\n"
            ));
        }
        s.push_str("]\n");
    }
    s
}

fn takt() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_takt"))
}

/// The `takt` that polls: this build's, or another (`TAKT_BENCH_TAKT`, an older build to
/// compare with) against the same simulator.
fn poller() -> PathBuf {
    std::env::var_os("TAKT_BENCH_TAKT").map_or_else(takt, PathBuf::from)
}

fn python() -> PathBuf {
    std::env::var_os("TAKT_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/py/bin/python"),
        PathBuf::from,
    )
}

fn row(what: &str, requests: f64, secs: f64, cpu: f64, rss_kib: u64) -> f64 {
    let per = cpu / requests.max(1.0) * 1e6;
    println!(
        "poll: {what:<36} {:>9.0} req/s  {:>7.1} us CPU/request  {:>7.1} MiB peak",
        requests / secs,
        per,
        rss_kib as f64 / 1024.0
    );
    per
}

fn main() {
    let secs: u64 = std::env::var("TAKT_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let ns: Vec<usize> = std::env::var("TAKT_BENCH_N")
        .unwrap_or_else(|_| "10,100,1000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("takt-poll-bench");
    std::fs::create_dir_all(&dir).unwrap();
    for n in ns {
        let ports = free_ports(n);
        let cfg = dir.join(format!("poll-{n}.toml"));
        std::fs::write(&cfg, config(&ports)).unwrap();
        let mut sim = Command::new(takt())
            .arg("--config")
            .arg(&cfg)
            .args(["sim", "--for", &format!("{}s", secs * 4 + 30)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the last machine accepts connections.
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", ports[n - 1])).is_err() {
            assert!(Instant::now() < deadline, "the simulator did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        println!("poll: {n} machines, 10 holding registers each, {secs} s per run");

        let db = dir.join(format!("poll-{n}.db"));
        for ext in ["", "-wal", "-shm"] {
            let mut p = db.clone().into_os_string();
            p.push(ext);
            let _ = std::fs::remove_file(p);
        }
        let (cpu, rss, _, err) = timed(
            Command::new(poller())
                .env("TAKT_LOG", "info")
                .arg("--config")
                .arg(&cfg)
                .arg("--db")
                .arg(&db)
                .args(["run", "--for", &format!("{secs}s")]),
        );
        let readings: f64 = err
            .split("readings=")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0);
        let ours = row(
            &format!("takt run, {n} machines, 50 ms period"),
            readings,
            secs as f64,
            cpu,
            rss,
        );

        let (cpu, rss, out, _) = timed(
            Command::new("timeout")
                .args([
                    "-s",
                    "INT",
                    &secs.to_string(),
                    "mbpoll",
                    "-m",
                    "tcp",
                    "-a",
                    "1",
                    "-0",
                    "-r",
                    "0",
                    "-c",
                    "10",
                    "-t",
                    "4",
                    "-l",
                    "10",
                ])
                .args(["-p", &ports[0].to_string(), "127.0.0.1"]),
        );
        let polls = out.matches("-- Polling slave").count() as f64;
        let mb = row("mbpoll, 1 machine, every 10 ms", polls, secs as f64, cpu, rss);

        let (cpu, rss, out, _) = timed(
            Command::new(python())
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pymodbus_client.py"))
                .args([ports[0].to_string(), secs.to_string()]),
        );
        let count: f64 = out
            .split_whitespace()
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0);
        let py = row("pymodbus client loop, 1 machine", count, secs as f64, cpu, rss);
        println!(
            "poll: CPU per request, takt / mbpoll = {:.2}, takt / pymodbus = {:.2}",
            ours / mb,
            ours / py
        );
        let _ = sim.kill();
        let _ = sim.wait();
    }
}
