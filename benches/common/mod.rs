//! What the bench binaries share: free ports and GNU time's accounting of a process.

use std::process::{Command, Stdio};

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
