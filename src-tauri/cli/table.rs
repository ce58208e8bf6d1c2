//! The live table on a terminal: every machine's state, since when, why, and how its
//! shift goes, redrawn every second, with the latest log lines under it.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono_tz::Tz;
use takt_core::i18n::Locale;
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

fn state_cell(m: &MachineLive, l: Locale) -> (&'static str, String) {
    // Colour and word: the word alone tells the state (colour-blind readers, plain terminals).
    let colour = match m.state {
        Some(MachineState::Running) => "\x1b[32m",
        Some(MachineState::Down) => "\x1b[31m",
        Some(MachineState::Planned) => "\x1b[33m",
        Some(MachineState::NoData) | None => "\x1b[90m",
    };
    (colour, takt_core::palette::state_word(m.state, l))
}

/// The table as text (with ANSI colours), in the plant's language.
pub fn render(plant: &str, tz: Tz, l: Locale, snapshot: &Snapshot, log: &[String]) -> String {
    let mut out = String::new();
    let now = snapshot.t.to_local(tz);
    out.push_str(&format!(
        "{plant}  {} {}  ({})\n\n",
        l.date(now.date_naive()),
        now.format("%H:%M:%S %:z"),
        l.t("term-stop-hint")
    ));
    // The state column as wide as the language's longest state word.
    let w = [
        Some(MachineState::Running),
        Some(MachineState::Down),
        Some(MachineState::Planned),
        Some(MachineState::NoData),
        None,
    ]
    .map(|s| takt_core::palette::state_word(s, l).chars().count())
    .into_iter()
    .max()
    .unwrap_or(9);
    out.push_str(&format!(
        "{:<14} {:<w$} {:<9} {:<18} {:<8} {:>9} {:>8}\n",
        l.t("term-machine"),
        l.t("term-state"),
        l.t("term-since"),
        l.t("term-reason"),
        l.t("term-shift"),
        l.t("term-parts"),
        "OEE"
    ));
    for m in &snapshot.machines {
        let (colour, word) = state_cell(m, l);
        let since = m
            .since
            .map_or("-".into(), |t| t.to_local(tz).format("%H:%M:%S").to_string());
        let reason = m.reason_text(|_| None);
        out.push_str(&format!(
            "{:<14} {colour}{:<w$}\x1b[0m {:<9} {:<18} {:<8} {:>9} {:>8}\n",
            m.id.as_str(),
            word,
            since,
            reason,
            m.shift.as_deref().unwrap_or("-"),
            m.parts,
            m.oee.map_or("-".into(), |v| l.percent(v, 1))
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
pub async fn draw(plant: String, tz: Tz, l: Locale, mut rx: tokio::sync::watch::Receiver<Snapshot>, log: LogBuffer) {
    while rx.changed().await.is_ok() {
        let text = render(&plant, tz, l, &rx.borrow(), &log.lines());
        let mut out = std::io::stdout().lock();
        // Home and clear, then the table.
        let _ = write!(out, "\x1b[H\x1b[2J{text}");
        let _ = out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::time::Ts;

    #[test]
    fn the_table_speaks_the_plants_language() {
        let m: MachineLive = serde_json::from_value(serde_json::json!({
            "id": "press-1", "name": "Press 1", "state": "running", "since": null, "reason": null,
            "fault_code": null, "product": null, "shift": "A", "parts": 1234, "good": 1200,
            "availability": 0.9, "performance": 0.95, "quality": 0.97, "oee": 0.789,
            "process": [], "strip": [], "strip_span": null
        }))
        .unwrap();
        let snapshot = Snapshot {
            t: Ts(1_764_000_000_000),
            machines: vec![m],
        };
        let text = |tag: &str| render("P", chrono_tz::UTC, Locale::parse(tag).unwrap(), &snapshot, &[]);
        let tr = text("tr");
        assert!(
            tr.contains("makine") && tr.contains("çalışıyor") && tr.contains("%78,9"),
            "{tr}"
        );
        assert!(tr.contains("24.11.2025"), "{tr}");
        let de = text("de");
        assert!(
            de.contains("Maschine") && de.contains("läuft") && de.contains("78,9\u{a0}%"),
            "{de}"
        );
        let en = text("en-US");
        assert!(
            en.contains("machine") && en.contains("running") && en.contains("78.9 %") && en.contains("11/24/2025"),
            "{en}"
        );
    }
}
