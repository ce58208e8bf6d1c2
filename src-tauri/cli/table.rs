//! The live table on a terminal: every machine's state, since when, why, and how its
//! shift goes, redrawn every second, with the latest log lines under it.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono_tz::Tz;
use takt_core::live::{MachineLive, Snapshot};
use takt_core::model::MachineState;

/// Log lines kept for the table instead of scrolling it off the screen.
#[derive(Clone, Default)]
pub struct LogBuffer(pub Arc<Mutex<VecDeque<String>>>);

impl LogBuffer {
    const KEEP: usize = 6;

    /// The latest lines.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().map(|l| l.iter().cloned().collect()).unwrap_or_default()
    }
}

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut lines) = self.0.lock() {
            for line in String::from_utf8_lossy(buf).lines().filter(|l| !l.trim().is_empty()) {
                lines.push_back(line.trim_end().to_string());
                while lines.len() > Self::KEEP {
                    lines.pop_front();
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn state_cell(m: &MachineLive) -> (&'static str, &'static str) {
    // Colour and word: the word alone tells the state (colour-blind readers, plain terminals).
    match m.state {
        Some(MachineState::Running) => ("\x1b[32m", "running"),
        Some(MachineState::Down) => ("\x1b[31m", "down"),
        Some(MachineState::Planned) => ("\x1b[33m", "planned"),
        Some(MachineState::NoData) => ("\x1b[90m", "no data"),
        None => ("\x1b[90m", "waiting"),
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{:.1} %", v * 100.0))
}

/// The table as text (with ANSI colours).
pub fn render(plant: &str, tz: Tz, snapshot: &Snapshot, log: &[String]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{plant}  {}  (Ctrl-C stops)\n\n",
        snapshot.t.to_local(tz).format("%Y-%m-%d %H:%M:%S %:z")
    ));
    out.push_str(&format!(
        "{:<14} {:<9} {:<9} {:<18} {:<8} {:>9} {:>8}\n",
        "machine", "state", "since", "reason", "shift", "parts", "OEE"
    ));
    for m in &snapshot.machines {
        let (colour, word) = state_cell(m);
        let since = m
            .since
            .map_or("-".into(), |t| t.to_local(tz).format("%H:%M:%S").to_string());
        let reason = m.reason_text(|_| None);
        out.push_str(&format!(
            "{:<14} {colour}{:<9}\x1b[0m {:<9} {:<18} {:<8} {:>9} {:>8}\n",
            m.id.as_str(),
            word,
            since,
            reason,
            m.shift.as_deref().unwrap_or("-"),
            m.parts,
            pct(m.oee)
        ));
    }
    if !log.is_empty() {
        out.push('\n');
        for l in log {
            out.push_str(&format!("\x1b[90m{l}\x1b[0m\n"));
        }
    }
    out
}

/// Redraws the table whenever the snapshot changes, until the sender is dropped.
pub async fn draw(plant: String, tz: Tz, mut rx: tokio::sync::watch::Receiver<Snapshot>, log: LogBuffer) {
    while rx.changed().await.is_ok() {
        let text = render(&plant, tz, &rx.borrow(), &log.lines());
        let mut out = std::io::stdout().lock();
        // Home and clear, then the table.
        let _ = write!(out, "\x1b[H\x1b[2J{text}");
        let _ = out.flush();
    }
}
