//! What publishing on MQTT costs the recorder (`cargo bench --bench mqtt`, or `cargo
//! xtask bench mqtt`). Not a test: it prints numbers for the README and asserts nothing.
//!
//! `takt sim` serves 100 machines (a run coil, a part counter and two process values
//! each, polled every second); Debian's mosquitto runs on the same machine with a
//! subscriber on `takt/#`. `takt run` records them, in turn without `[mqtt]` and with it
//! publishing every second (`interval_s = 1`), `TAKT_BENCH_ROUNDS` rounds (default 3) of
//! `TAKT_BENCH_SECONDS` each (default 30). Every figure is the process's own accounting
//! (GNU time): CPU seconds over the run as a share of one core, and peak resident memory;
//! and the messages per second the subscriber received.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Kill, free_ports, median, takt, timed, wait_port};

const MACHINES: usize = 100;

fn config(ports: &[u16], broker: Option<u16>) -> String {
    let mut s = String::from("[plant]\nname = \"MQTT bench\"\ntimezone = \"UTC\"\n");
    if let Some(port) = broker {
        s.push_str(&format!(
            "\n[mqtt]\nurl = \"mqtt://127.0.0.1:{port}\"\ninterval_s = 1\n"
        ));
    }
    s.push_str(&common::machines_toml(ports));
    s
}

fn main() {
    let env = |k: &str, d: u64| std::env::var(k).ok().and_then(|s| s.parse().ok()).unwrap_or(d);
    let (secs, rounds) = (env("TAKT_BENCH_SECONDS", 30), env("TAKT_BENCH_ROUNDS", 3));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("takt-mqtt-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let ports = free_ports(MACHINES + 1);
    let (machines, broker) = (&ports[..MACHINES], ports[MACHINES]);
    let plain = dir.join("plain.toml");
    let mqtt = dir.join("mqtt.toml");
    std::fs::write(&plain, config(machines, None)).unwrap();
    std::fs::write(&mqtt, config(machines, Some(broker))).unwrap();
    let _sim = common::sim(&plain, secs * rounds * 2 + 60, machines);
    let conf = dir.join("mosquitto.conf");
    // Run by root, mosquitto stays root (`user root`); run by another user, that does nothing.
    std::fs::write(
        &conf,
        format!("user root\nlistener {broker} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n"),
    )
    .unwrap();
    let program = Path::new("/usr/sbin/mosquitto");
    let _broker = Kill(
        Command::new(if program.exists() {
            program
        } else {
            Path::new("mosquitto")
        })
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("mosquitto (cargo xtask setup installs it)"),
    );
    wait_port(broker, "mosquitto");
    let received = dir.join("received.txt");
    let _sub = Kill(
        Command::new("mosquitto_sub")
            .args(["-h", "127.0.0.1", "-p", &broker.to_string(), "-t", "takt/#", "-q", "1"])
            .stdout(std::fs::File::create(&received).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("mosquitto_sub (cargo xtask setup installs mosquitto-clients)"),
    );
    println!("mqtt: {MACHINES} machines polled every second, {rounds} rounds of {secs} s each way");
    let lines = || std::fs::read_to_string(&received).map_or(0, |t| t.lines().count());
    let (mut cpu, mut rss, mut rate) = ([Vec::new(), Vec::new()], [Vec::new(), Vec::new()], Vec::new());
    for round in 0..rounds {
        for (k, cfg) in [&plain, &mqtt].into_iter().enumerate() {
            let db = dir.join(format!("r{round}-{k}.db"));
            let before = lines();
            let (c, r, _, err) = timed(
                Command::new(takt())
                    .arg("--config")
                    .arg(cfg)
                    .arg("--db")
                    .arg(&db)
                    .args(["run", "--for", &format!("{secs}s")]),
            );
            assert!(!err.contains("panicked"), "{err}");
            cpu[k].push(c / secs as f64 * 100.0);
            rss[k].push(r as f64 / 1024.0);
            if k == 1 {
                std::thread::sleep(Duration::from_secs(1));
                rate.push((lines() - before) as f64 / secs as f64);
            }
        }
    }
    let (c0, c1) = (median(cpu[0].clone()), median(cpu[1].clone()));
    let (r0, r1) = (median(rss[0].clone()), median(rss[1].clone()));
    println!("mqtt: takt run without [mqtt]   {c0:>6.2} % of a core  {r0:>7.1} MiB peak");
    println!(
        "mqtt: takt run with [mqtt]      {c1:>6.2} % of a core  {r1:>7.1} MiB peak  {:.0} messages/s received",
        median(rate)
    );
    println!(
        "mqtt: publishing adds           {:>6.2} % of a core  {:>7.1} MiB (medians; each run: {:?} vs {:?} %)",
        c1 - c0,
        r1 - r0,
        cpu[1].iter().map(|x| (x * 100.0).round() / 100.0).collect::<Vec<_>>(),
        cpu[0].iter().map(|x| (x * 100.0).round() / 100.0).collect::<Vec<_>>(),
    );
}
