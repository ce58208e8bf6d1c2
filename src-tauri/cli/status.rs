//! `takt status`: who records the database, since when, which machines answer, and when
//! the last reading was committed.

use std::path::Path;

use takt_app::recorder::Recorder;
use takt_core::config::Config;
use takt_core::model::MachineState;
use takt_core::time::Ts;

use super::out::outln;

/// A machine answers when its last recorded interval, not `no data`, reaches this close to
/// now (the writer commits about once a second).
const ANSWERING_MS: i64 = 60_000;

pub(super) fn run(config: &Config, db: &Path) -> anyhow::Result<()> {
    let tz = config.plant.timezone;
    outln!("database {}", db.display())?;
    match Recorder::current(db) {
        Some(Some(h)) => {
            outln!("recorded by {h}")?;
            if let Some(e) = &h.endpoint {
                outln!("windows attach to it at {e}")?;
            }
        }
        Some(None) => outln!("recorded by another Takt process (it did not say which)")?,
        None => outln!("not being recorded: no `takt run` and no window polls it")?,
    }
    let reader = super::report::open_reader(db)?;
    let now = takt_app::clock::now();
    let since = Ts(now.0 - 7 * takt_core::time::DAY_MS);
    let mut answering = 0;
    let mut last_commit: Option<Ts> = None;
    let mut lines = Vec::new();
    for m in &config.machines {
        let last = reader.intervals(&m.id, since, Ts(now.0 + 1))?.pop();
        last_commit = last.as_ref().map(|i| i.end).max(last_commit);
        let line = match last {
            Some(i) if i.state != MachineState::NoData && now.0 - i.end.0 <= ANSWERING_MS => {
                answering += 1;
                format!(
                    "  {:<16} answering: {} since {}",
                    m.id,
                    i.state.as_str(),
                    local(i.start, tz)
                )
            }
            Some(i) if i.state == MachineState::NoData => {
                format!("  {:<16} not answering since {}", m.id, local(i.start, tz))
            }
            Some(i) => format!("  {:<16} nothing recorded since {}", m.id, local(i.end, tz)),
            None => format!("  {:<16} nothing recorded in the last 7 days", m.id),
        };
        lines.push(line);
    }
    outln!("machines: {answering} of {} answering", config.machines.len())?;
    for l in lines {
        outln!("{l}")?;
    }
    match last_commit {
        Some(t) => outln!(
            "last reading committed: {} ({} s ago)",
            local(t, tz),
            (now.0 - t.0).max(0) / 1000
        )?,
        None => outln!("last reading committed: none in the last 7 days")?,
    }
    Ok(())
}

fn local(t: Ts, tz: chrono_tz::Tz) -> String {
    t.to_local(tz).format("%Y-%m-%d %H:%M:%S").to_string()
}
