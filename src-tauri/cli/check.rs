//! `takt check`: the config's errors, or a one-screen summary of it.

use std::fmt::Write as _;
use std::path::Path;

use takt_core::config::{Config, MaintenanceInterval, ReasonKind, ScheduleAt, SmtpSecurity, render};

/// At most this many machines are listed one per line.
const MACHINES_LISTED: usize = 12;

pub(super) fn run(path: &Path, db: &Path, offline: bool) -> anyhow::Result<()> {
    let mut loaded = super::read_config(path)?;
    let name = path.display().to_string();
    // PINs typed into takt.toml are replaced by their hashes, here, once.
    if let Some(text) =
        takt_app::settings::with_pin_hashes(&loaded.text, takt_app::operators::hash).map_err(anyhow::Error::msg)?
    {
        takt_app::settings::write(path, &text)?;
        loaded = super::read_config(path)?;
        super::out::outln!("operators  PINs typed into {name} were replaced by their Argon2id hashes")?;
    }
    let checked = loaded.checked;
    super::out::write(summary(&checked.config, &name))?;
    if let Some(d) = &checked.config.display {
        let token = match &d.token {
            Some(t) => t.clone(),
            // The display's token is made once, here, and kept in the file.
            None => {
                let token = takt_app::display::new_token()?;
                let text = takt_app::settings::with_display_token(&loaded.text, &token).map_err(anyhow::Error::msg)?;
                takt_app::settings::write(path, &text)?;
                super::out::outln!("display    a new token was written to {name}")?;
                token
            }
        };
        super::out::outln!(
            "display    {}",
            takt_app::display::url(d.listen, &token, d.tls.is_some())
        )?;
        if let Some(t) = &d.tls {
            let folder = path.parent().unwrap_or(Path::new("."));
            takt_app::display::tls_config(t, folder).map_err(|e| super::Reported(format!("{name}: {e}")))?;
        }
    }
    for w in &checked.warnings {
        super::out::outln!("{}", render(&name, w))?;
    }
    for line in cycle_findings(&checked.config, db) {
        super::out::outln!("{name}: {line}")?;
    }
    if offline {
        return Ok(());
    }
    let rt = super::runtime()?;
    let shared = shared(&rt, &checked.config)?;
    if checked.config.machines.is_empty() {
        return shared;
    }
    let results = rt.block_on(takt_app::probe::all(&checked.config));
    super::out::outln!("\nreading each machine once:")?;
    let mut failed = 0;
    for (m, result) in checked.config.machines.iter().zip(results) {
        match result {
            Ok(lines) => {
                super::out::outln!("  {:<14} ok", m.id.as_str())?;
                for l in lines {
                    super::out::outln!("  {:<14}   {l}", "")?;
                }
            }
            Err(e) => {
                failed += 1;
                super::out::outln!("  {e}")?;
            }
        }
    }
    if failed > 0 {
        return Err(super::Reported(format!(
            "takt: {failed} of {} machines could not be read (takt check --offline only validates the file)",
            checked.config.machines.len()
        ))
        .into());
    }
    shared
}

/// Tries the broker of `[mqtt]` and the database of `[central]` once, printing what
/// failed; the error to exit with when one did.
fn shared(rt: &tokio::runtime::Runtime, c: &Config) -> anyhow::Result<anyhow::Result<()>> {
    let mut failed = Vec::new();
    if c.mqtt.is_some() || c.central.is_some() {
        super::out::outln!("")?;
    }
    if let Some(m) = &c.mqtt {
        match rt.block_on(takt_app::mqtt::check(m)) {
            Ok(()) => super::out::outln!("mqtt       {}: connected as {}-check", m.url, m.client_id)?,
            Err(e) => {
                super::out::outln!("mqtt       {}: {e}", m.url)?;
                failed.push("the MQTT broker");
            }
        }
    }
    if let Some(c) = &c.central {
        match takt_app::central::check(c) {
            Ok(who) => super::out::outln!("central    {}: {who}", c.postgres)?,
            Err(e) => {
                super::out::outln!("central    {}: {e}", c.postgres)?;
                failed.push("the central database");
            }
        }
    }
    if failed.is_empty() {
        return Ok(Ok(()));
    }
    Ok(Err(super::Reported(format!(
        "takt: {} could not be reached (takt check --offline only validates the file)",
        failed.join(" and ")
    ))
    .into()))
}

/// The summary `takt check` prints for a valid config.
pub(crate) fn summary(c: &Config, file: &str) -> String {
    let mut s = String::new();
    let tz = c.plant.timezone;
    let _ = writeln!(s, "{file}: ok");
    let _ = writeln!(
        s,
        "plant      {} ({}), small stops under {} s",
        c.plant.name,
        tz.name(),
        c.plant.microstop_s
    );
    if c.shifts.is_empty() {
        let _ = writeln!(s, "shifts     none: every hour counts as scheduled");
    }
    for sh in &c.shifts {
        let days: Vec<&str> = sh.days.iter().map(|d| takt_core::calendar::weekday_name(*d)).collect();
        let brk: u32 = sh.breaks.iter().map(|b| b.minutes).sum();
        let _ = writeln!(
            s,
            "shift      {:<10} {}-{} {} ({} break{}, {brk} min)",
            sh.name,
            sh.start.format("%H:%M"),
            sh.end.format("%H:%M"),
            days.join(","),
            sh.breaks.len(),
            if sh.breaks.len() == 1 { "" } else { "s" }
        );
    }
    if !c.calendar.is_empty() {
        let holidays = c
            .calendar
            .iter()
            .filter(|d| d.shifts.as_ref().is_some_and(|x| x.is_empty()))
            .count();
        let _ = writeln!(s, "calendar   {} exception(s), {holidays} holiday(s)", c.calendar.len());
    }
    let count = |k| c.reasons.iter().filter(|r| r.kind == k).count();
    let _ = writeln!(
        s,
        "products   {}; reasons {} downtime, {} scrap, {} planned",
        c.products.len(),
        count(ReasonKind::Downtime),
        count(ReasonKind::Scrap),
        count(ReasonKind::Planned)
    );
    let _ = writeln!(s, "machines   {}", c.machines.len());
    for m in c.machines.iter().take(MACHINES_LISTED) {
        let signals: Vec<String> = m
            .signals
            .registers()
            .into_iter()
            .map(|(n, r)| format!("{n} {}", r.describe()))
            .collect();
        let plans = m
            .maintenance
            .iter()
            .map(|p| match p.every {
                MaintenanceInterval::RunHours(h) => format!("{} every {h} run h", p.component),
                MaintenanceInterval::Cycles(n) => format!("{} every {n} cycles", p.component),
                MaintenanceInterval::Days(d) => format!("{} every {d} days", p.component),
            })
            .collect::<Vec<_>>();
        let _ = writeln!(s, "  {:<14} {} every {} ms", m.id.as_str(), m.connection, m.poll_ms);
        if !signals.is_empty() {
            let _ = writeln!(s, "  {:<14} {}", "", signals.join(", "));
        }
        if !plans.is_empty() {
            let _ = writeln!(s, "  {:<14} maintenance: {}", "", plans.join(", "));
        }
    }
    if c.machines.len() > MACHINES_LISTED {
        let _ = writeln!(s, "  ... and {} more", c.machines.len() - MACHINES_LISTED);
    }
    for r in &c.report.schedules {
        let reports: Vec<&str> = r.reports.iter().map(|k| k.as_str()).collect();
        let at = match r.at {
            ScheduleAt::ShiftEnd => "at each shift's end".to_string(),
            ScheduleAt::Daily(t) => format!("daily at {}", t.format("%H:%M")),
        };
        let to: Vec<String> = r
            .folder
            .iter()
            .map(|f| format!("into {}", f.display()))
            .chain((!r.email.is_empty()).then(|| format!("to {}", r.email.join(", "))))
            .collect();
        let _ = writeln!(s, "schedule   {} {at}, {}", reports.join(", "), to.join(" and "));
    }
    if let Some(m) = &c.smtp {
        let security = match m.security {
            SmtpSecurity::StartTls => "STARTTLS",
            SmtpSecurity::Tls => "TLS",
            SmtpSecurity::None => "no TLS",
        };
        let _ = writeln!(s, "mail via   {}:{} ({security}) from {}", m.host, m.port, m.from);
    }
    if let Some(m) = &c.mqtt {
        let login = m.user.as_ref().map(|u| format!(" as {u}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "mqtt       {}{login}, topics under {}/, shift figures every {} s",
            m.url, m.topic_prefix, m.interval_s
        );
    }
    if let Some(central) = &c.central {
        let _ = writeln!(
            s,
            "central    {}: shift figures, stops, scrap, energy, alarms and maintenance as plant {}",
            central.postgres,
            c.plant_id()
        );
    }
    if let Some(b) = &c.backup {
        let _ = writeln!(
            s,
            "backup     daily at {} into {}, the last {} kept",
            b.at.format("%H:%M"),
            b.folder.display(),
            b.keep
        );
    }
    if !c.operators.is_empty() {
        let names: Vec<&str> = c.operators.iter().map(|o| o.name.as_str()).collect();
        let _ = writeln!(s, "operators  {} (enter at the display's tablets)", names.join(", "));
    }
    s
}

/// Where the history in `db` (when there is one of Takt's) shows a machine or product
/// faster than its ideal cycle time, each as a line with the value to set.
fn cycle_findings(c: &Config, db: &Path) -> Vec<String> {
    let Ok(reader) = takt_store::Reader::open(db) else {
        return Vec::new();
    };
    let now = takt_app::clock::now();
    let Ok(found) = takt_app::reports::cycle_findings(c, &reader, now) else {
        return Vec::new();
    };
    let days = takt_app::reports::CYCLE_CHECK_DAYS;
    found
        .into_iter()
        .map(|(m, f)| {
            let best = takt_core::kpi::cycle_text(f.best_s);
            let ideal = takt_core::table::significant(f.ideal_s);
            let (what, set) = match &f.product {
                None => (m.to_string(), format!("ideal_cycle_s = {best} on the machine")),
                Some(p) => (
                    format!("{m}, product {p}"),
                    format!("{p} = {best} in its [machine.ideal_cycle_by_product]"),
                ),
            };
            format!(
                "warning: {what}: the best cycle sustained over an hour of running in the last {days} days was {best} s, shorter than the ideal cycle time of {ideal} s (performance above 1 in the OEE report): expected the ideal to be at most that; set {set}"
            )
        })
        .collect()
}
