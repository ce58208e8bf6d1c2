//! What the bench binaries share: free ports, GNU time's accounting of a process, the
//! plant they poll, and the medians they print.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `takt` binary this bench was built with.
pub fn takt() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_takt"))
}

/// Waits until something listens on `port` of 127.0.0.1 (a minute at most).
pub fn wait_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A process killed when the bench ends.
pub struct Kill(pub Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `takt sim` serving the machines of the config `cfg` for `secs`, once the last of
/// `ports` answers.
pub fn sim(cfg: &std::path::Path, secs: u64, ports: &[u16]) -> Kill {
    let sim = Kill(
        Command::new(takt())
            .arg("--config")
            .arg(cfg)
            .args(["sim", "--for", &format!("{secs}s")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    if let Some(last) = ports.last() {
        wait_port(*last, "the simulator");
    }
    sim
}

/// The middle value.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `[[machine]]` sections for a simulator on `ports`: a run coil, a part counter and two
/// process values each, polled every second.
pub fn machines_toml(ports: &[u16]) -> String {
    let mut s = String::new();
    for (i, p) in ports.iter().enumerate() {
        s.push_str(&format!(
            "\n[[machine]]\nid = \"m{i:03}\"\nideal_cycle_s = 1.0\npoll_ms = 1000\nconnection = {{ modbus_tcp = \"127.0.0.1:{p}\", unit = 1, timeout_ms = 2000 }}\n[machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\nprocess = [{{ name = \"temperature\", holding = 2, scale = 0.1, unit = \"°C\", low = 0.0, high = 6000.0 }}, {{ name = \"pressure\", holding = 3, scale = 0.01, unit = \"bar\", low = 0.0, high = 600.0 }}]\n"
        ));
    }
    s
}

/// `n` ports of 127.0.0.1 free now.
pub fn free_ports(n: usize) -> Vec<u16> {
    // Hold them all at once so no two are the same, then let them go for the simulator.
    let held: Vec<std::net::TcpListener> = (0..n)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    held.iter().map(|l| l.local_addr().unwrap().port()).collect()
}

/// Runs a command under GNU time: (user + sys seconds, peak RSS in KiB, stdout, stderr).
pub fn timed(cmd: &mut Command) -> (f64, u64, String, String) {
    let dir = std::env::temp_dir().join(format!("takt-bench-time-{}", std::process::id()));
    let mut full = Command::new("/usr/bin/time");
    full.arg("-f")
        .arg("TIME %U %S %M")
        .arg("-o")
        .arg(&dir)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => full.env(k, v),
            None => full.env_remove(k),
        };
    }
    let out = full
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("GNU time runs (cargo xtask setup installs it)");
    let t = std::fs::read_to_string(&dir).unwrap_or_default();
    let _ = std::fs::remove_file(&dir);
    let line = t.lines().find(|l| l.starts_with("TIME ")).unwrap_or("TIME 0 0 0");
    let f: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (
        f[0] + f[1],
        f[2] as u64,
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}
