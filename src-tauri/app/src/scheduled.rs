//! What the recorder does on the clock, on a thread of its own beside the poller (a long
//! report, a mail server that does not answer or a backup never holds up polling):
//!
//! - scheduled reports (`[[report.schedule]]`): when a period ends, each report of a
//!   schedule is written as PDF (the same PDF as `takt report --format pdf`) into the
//!   schedule's folder and mailed through `[smtp]` with the key figures in the body. A
//!   mail that cannot be sent is logged once and tried again with backoff (the PDF is in
//!   the folder all the while) until it goes out;
//! - the daily backup (`[backup]`): a consistent copy of the database (`takt backup`'s)
//!   named by its day, the oldest beyond `keep` removed.
//!
//! When each is due is `takt_core::schedule::ended`'s one rule.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use takt_core::calendar::Calendar;
use takt_core::config::{BackupPlan, Config, Schedule, ScheduleAt, Smtp, SmtpSecurity};
use takt_core::report::By;
use takt_core::schedule::{Ended, ended};
use takt_core::table::ReportKind;
use takt_core::time::Ts;
use takt_store::{Reader, WriterHandle};

use crate::reports::{self, Query};
use crate::service::settled;

/// How often the schedules are looked at.
const LOOK: Duration = Duration::from_secs(2);

/// How long a scheduled report that could not be made waits before it is tried again.
const RETRY_REPORT: Duration = Duration::from_secs(60);

/// How far back, after a restart, periods that ended while Takt was away are still
/// delivered, and mails written but not sent are still sent.
const CATCH_UP_MS: i64 = 7 * takt_core::time::DAY_MS;

/// A failed mail waits this times 2^tries before its next try (4 s after the first
/// failure, then 8, 16 ...), at most [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// The longest wait between two tries of a mail.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// The thread.
pub struct Scheduled {
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl Scheduled {
    /// Starts `config`'s schedules and backups of the database `db` (recorded through
    /// `writer`, which is flushed before each report and backup so the last readings are
    /// in it): every period and backup time that comes after `start`. `None` when the
    /// config has neither. Folders are relative to the database's folder.
    pub fn spawn(config: &Config, db: &Path, writer: WriterHandle, start: Ts) -> Option<Scheduled> {
        if config.report.schedules.is_empty() && config.backup.is_none() {
            return None;
        }
        let (stop, stopped) = mpsc::channel();
        let (config, db) = (config.clone(), db.to_path_buf());
        let thread = std::thread::Builder::new()
            .name("takt-scheduled".into())
            .spawn(move || run(&config, &db, &writer, start, &stopped))
            .map_err(|e| tracing::error!("scheduled reports and backups: cannot start their thread: {e}"))
            .ok()?;
        Some(Scheduled {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the thread (a mail still waiting to be sent is logged as not sent).
    pub fn stop(mut self) {
        let _ = self.stop.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A mail waiting to be sent.
struct Mail {
    /// The delivery it is of: stamped as mailed once it went out.
    record: takt_store::Delivery,
    to: Vec<String>,
    subject: String,
    body: String,
    attachments: Vec<(String, Vec<u8>)>,
    tries: u32,
    next: Instant,
}

/// A schedule as the store knows it: by what it delivers, when and where to, so two
/// schedules never share a record and a schedule edited into another starts afresh.
fn key(s: &Schedule) -> String {
    let at = match s.at {
        ScheduleAt::ShiftEnd => "shift-end".to_string(),
        ScheduleAt::Daily(t) => t.format("%H:%M").to_string(),
    };
    let reports: Vec<&str> = s.reports.iter().map(|k| k.as_str()).collect();
    let machines: Vec<&str> = s.machines.iter().map(|m| m.as_str()).collect();
    let folder = s.folder.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
    format!(
        "{}|{}|{at}|{folder}|{}",
        reports.join("+"),
        machines.join("+"),
        s.email.join("+")
    )
}

fn run(config: &Config, db: &Path, writer: &WriterHandle, start: Ts, stopped: &mpsc::Receiver<()>) {
    let cal = Calendar::new(config);
    let base = db.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut outbox: Vec<Mail> = Vec::new();
    // Each schedule goes on from its last period delivered in the last week (the periods
    // that ended while Takt was away are delivered now), or from now when it has none; a
    // period written but not mailed is mailed.
    let mut after: Vec<Ts> = Vec::with_capacity(config.report.schedules.len());
    let done = Reader::open(db)
        .map_err(|e| tracing::error!("scheduled reports: {e}"))
        .ok();
    let week_ago = Ts(start.0 - CATCH_UP_MS);
    for s in &config.report.schedules {
        let records = done
            .as_ref()
            .and_then(|r| r.deliveries(&key(s), Ts(i64::MIN)).ok())
            .unwrap_or_default();
        // Away longer than the week: the week's periods, not all of them.
        after.push(records.last().map_or(start, |d| d.to.max(week_ago)));
        for d in records
            .iter()
            .filter(|d| d.to >= week_ago && d.mailed.is_none() && !s.email.is_empty())
        {
            let period = Ended {
                label: d.label.clone(),
                from: d.from,
                to: d.to,
            };
            match deliver(config, db, &base, s, &period, start, false) {
                Ok(Some(mail)) => outbox.push(Mail {
                    record: d.clone(),
                    ..mail
                }),
                Ok(None) => {}
                Err(e) => tracing::error!("scheduled reports of {}: {e}", period.label),
            }
        }
    }
    drop(done);
    let mut retry_at: Vec<Option<std::time::Instant>> = vec![None; after.len()];
    let mut failing: Vec<Option<Ts>> = vec![None; after.len()];
    let mut backed_up = start;
    // Until told to stop (or the service is gone): a look every LOOK.
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(LOOK) {
        let now = crate::clock::now();
        for (i, s) in config.report.schedules.iter().enumerate() {
            if retry_at[i].is_some_and(|t| std::time::Instant::now() < t) {
                continue;
            }
            retry_at[i] = None;
            // Past the periods delivered only: a period that failed is tried again (a
            // minute later), and a clock stepped back gives none twice.
            let mut reached = after[i].max(settled(now));
            for period in due(&cal, s.at, after[i], now) {
                if let Err(e) = writer.flush() {
                    tracing::error!("scheduled reports: the writer: {e}");
                }
                match deliver(config, db, &base, s, &period, now, true) {
                    Ok(mail) => {
                        let record = written(s, &period, now);
                        if let Err(e) = writer.delivered(record) {
                            tracing::error!("scheduled reports: recording {}: {e}", period.label);
                        }
                        outbox.extend(mail);
                    }
                    Err(e) => {
                        if failing[i] != Some(period.to) {
                            tracing::error!("scheduled reports of {}: {e}; trying again every minute", period.label);
                            failing[i] = Some(period.to);
                        }
                        retry_at[i] = Some(std::time::Instant::now() + RETRY_REPORT);
                        reached = Ts(period.to.0 - 1);
                        break;
                    }
                }
                if failing[i] == Some(period.to) {
                    tracing::info!("scheduled reports of {}: delivered after all", period.label);
                    failing[i] = None;
                }
            }
            after[i] = reached;
        }
        send_due(config.smtp.as_ref(), writer, &mut outbox);
        if let Some(plan) = &config.backup {
            // One copy however many backup times passed (the computer asleep for days):
            // older days' names on today's data would push real copies out of `keep`.
            if let Some(day) = ended(&cal, ScheduleAt::Daily(plan.at), backed_up, now).pop() {
                if let Err(e) = writer.flush() {
                    tracing::error!("backup: the writer: {e}");
                }
                match backup(db, &base, plan, &day.label) {
                    Ok(path) => tracing::info!("backup written: {}", path.display()),
                    Err(e) => tracing::error!("backup of {}: {e}", day.label),
                }
            }
            backed_up = backed_up.max(now);
        }
    }
    for m in &outbox {
        tracing::warn!(
            "scheduled reports: not sent before Takt stopped (it will be when it starts again): \"{}\" to {}",
            m.subject,
            m.to.join(", ")
        );
    }
}

/// The periods of `at` that ended after `after` and are settled at `now` (their last
/// readings recorded): a report made at the very end of a shift would miss the parts of
/// its last second, which the same report made later counts.
fn due(cal: &Calendar, at: ScheduleAt, after: Ts, now: Ts) -> Vec<Ended> {
    ended(cal, at, after, settled(now))
}

/// The record of a schedule's period written at `t`.
fn written(s: &Schedule, period: &Ended, t: Ts) -> takt_store::Delivery {
    takt_store::Delivery {
        schedule: key(s),
        from: period.from,
        to: period.to,
        label: period.label.clone(),
        written: t,
        mailed: None,
    }
}

/// Makes a schedule's reports of a period (writing them into its folder when `write`)
/// and returns the mail to send, if any.
fn deliver(
    config: &Config,
    db: &Path,
    base: &Path,
    s: &Schedule,
    period: &Ended,
    now: Ts,
    write: bool,
) -> Result<Option<Mail>, String> {
    let reader = Reader::open(db).map_err(|e| e.to_string())?;
    let machines: Vec<String> = s.machines.iter().map(|m| m.to_string()).collect();
    let tz = config.plant.timezone;
    let stem = format!("{}{}", period.label.replace(' ', "_"), suffix(s));
    let mut attachments = Vec::new();
    for &kind in &s.reports {
        let q = Query::new(config, kind, (period.from, period.to), &machines, None, now).map_err(|e| e.to_string())?;
        let pdf = reports::write_pdf(
            config,
            &reader,
            kind,
            &q,
            config.report.paper,
            &mut || {},
            &mut |_, _| {},
        )
        .map_err(|e| format!("{} report: {e}", kind.as_str()))?;
        let name = format!("{stem}-{}.pdf", kind.as_str());
        if let Some(folder) = s.folder.as_ref().filter(|_| write) {
            let dir = base.join(folder);
            let path = dir.join(&name);
            write_whole(&dir, &path, &pdf).map_err(|e| format!("writing {}: {e}", path.display()))?;
            tracing::info!("scheduled report written: {}", path.display());
        }
        attachments.push((name, pdf));
    }
    if s.email.is_empty() {
        return Ok(None);
    }
    let l = crate::locale(Some(config));
    let titles: Vec<String> = s.reports.iter().map(|k| k.title_in(l)).collect();
    let local = |t: Ts| l.day_time(t.to_local(tz).naive_local());
    let mut body = format!(
        "{}: {}, {} ({} to {}, {tz})\n\n",
        config.plant.name,
        titles.join(", "),
        period.label,
        local(period.from),
        local(period.to)
    );
    // The OEE report's key figures of the period, as its PDF's first page has them.
    let q = Query::new(
        config,
        ReportKind::Oee,
        (period.from, period.to),
        &machines,
        Some(By::Machine),
        now,
    )
    .map_err(|e| e.to_string())?;
    let reasons = reports::stop_reasons(config, &reader, &q).map_err(|e| e.to_string())?;
    for t in reports::key_figures(config, &reader, &q, None, &reasons).map_err(|e| e.to_string())? {
        body.push_str(&takt_report::table_text(&t, tz, l));
        body.push('\n');
    }
    let files = attachments.iter().map(|a| a.0.as_str()).collect::<Vec<_>>().join(", ");
    body.push_str(&format!(
        "{}\n{}\n",
        l.t_with("mail-attached", &[("files", files.into())]),
        l.t_with("mail-made-by", &[("time", local(now).into())])
    ));
    Ok(Some(Mail {
        record: written(s, period, now),
        to: s.email.clone(),
        subject: format!("{}: {} {}", config.plant.name, titles.join(", "), period.label),
        body,
        attachments,
        tries: 0,
        next: Instant::now(),
    }))
}

/// A schedule for some machines names them in its files, so two schedules of one report
/// never write the same file.
fn suffix(s: &Schedule) -> String {
    if s.machines.is_empty() {
        String::new()
    } else {
        format!(
            "-{}",
            s.machines.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("+")
        )
    }
}

/// Writes a file whole or not at all: into a temporary file beside it, then renamed, so a
/// reader of the folder never sees half a PDF.
fn write_whole(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp: PathBuf = path.with_extension("pdf.part");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Sends the mails whose time has come; a failure is logged on the first try only and the
/// mail waits twice as long as before for the next.
fn send_due(smtp: Option<&Smtp>, writer: &WriterHandle, outbox: &mut Vec<Mail>) {
    let Some(smtp) = smtp else {
        // The config check refuses `email` without [smtp]; nothing to send through.
        outbox.clear();
        return;
    };
    let now = Instant::now();
    let mut i = 0;
    while i < outbox.len() {
        if outbox[i].next > now {
            i += 1;
            continue;
        }
        match send(smtp, &outbox[i]) {
            Ok(()) => {
                let m = outbox.remove(i);
                let record = takt_store::Delivery {
                    mailed: Some(crate::clock::now()),
                    ..m.record.clone()
                };
                if let Err(e) = writer.delivered(record) {
                    tracing::error!("scheduled reports: recording the mail of {}: {e}", m.record.label);
                }
                if m.tries > 0 {
                    tracing::info!(
                        "scheduled reports: \"{}\" sent after {} failed tries",
                        m.subject,
                        m.tries
                    );
                } else {
                    tracing::info!("scheduled reports: \"{}\" sent to {}", m.subject, m.to.join(", "));
                }
            }
            Err(e) => {
                let m = &mut outbox[i];
                if m.tries == 0 {
                    tracing::warn!(
                        "scheduled reports: cannot send \"{}\" through {}:{}: {e}; trying again with backoff (the PDF is in the folder)",
                        m.subject,
                        smtp.host,
                        smtp.port
                    );
                }
                m.tries += 1;
                let wait = FIRST_BACKOFF.saturating_mul(1 << m.tries.min(16)).min(MAX_BACKOFF);
                m.next = now + wait;
                i += 1;
            }
        }
    }
}

/// The SMTP password, from its environment variable or file (never from `takt.toml`).
fn password(smtp: &Smtp) -> Result<Option<String>, String> {
    crate::secret::smtp(smtp.password_env.as_deref(), smtp.password_file.as_deref())
}

fn send(smtp: &Smtp, m: &Mail) -> Result<(), String> {
    use lettre::message::header::ContentType;
    use lettre::message::{Attachment, MultiPart, SinglePart};
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    use lettre::{Message, SmtpTransport, Transport};

    let mut builder = Message::builder()
        .from(
            smtp.from
                .parse()
                .map_err(|e| format!("[smtp] from {:?}: {e}", smtp.from))?,
        )
        .subject(&m.subject);
    for to in &m.to {
        builder = builder.to(to.parse().map_err(|e| format!("e-mail address {to:?}: {e}"))?);
    }
    let pdf = ContentType::parse("application/pdf").map_err(|e| e.to_string())?;
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(m.body.clone()));
    for (name, bytes) in &m.attachments {
        parts = parts.singlepart(Attachment::new(name.clone()).body(bytes.clone(), pdf.clone()));
    }
    let message = builder.multipart(parts).map_err(|e| e.to_string())?;
    let tls = || TlsParameters::new(smtp.host.clone()).map_err(|e| e.to_string());
    let mut transport = SmtpTransport::builder_dangerous(&smtp.host)
        .port(smtp.port)
        .timeout(Some(Duration::from_secs(30)))
        .tls(match smtp.security {
            SmtpSecurity::StartTls => Tls::Required(tls()?),
            SmtpSecurity::Tls => Tls::Wrapper(tls()?),
            SmtpSecurity::None => Tls::None,
        });
    if let (Some(user), Some(password)) = (&smtp.user, password(smtp)?) {
        transport = transport.credentials(Credentials::new(user.clone(), password));
    }
    transport.build().send(&message).map(|_| ()).map_err(|e| e.to_string())
}

/// The daily copy of `db`: `takt-YYYY-MM-DD.db` (the plant-local day it is taken on) in the
/// plan's folder, written beside it first and renamed, so the folder never holds half a
/// copy; then the oldest copies beyond `keep` go. Other files in the folder are never
/// touched.
fn backup(db: &Path, base: &Path, plan: &BackupPlan, day: &str) -> Result<PathBuf, String> {
    let dir = base.join(&plan.folder);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("takt-{day}.db"));
    let part = dir.join(format!("takt-{day}.db.part"));
    takt_store::backup::backup(db, &part, true, None).map_err(|e| e.to_string())?;
    std::fs::rename(&part, &path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut copies: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(is_copy))
        .collect();
    // The names sort by their day.
    copies.sort();
    let extra = copies.len().saturating_sub(plan.keep as usize);
    for old in &copies[..extra] {
        match std::fs::remove_file(old) {
            Ok(()) => tracing::info!("backup removed (keep = {}): {}", plan.keep, old.display()),
            Err(e) => tracing::warn!("backup: cannot remove {}: {e}", old.display()),
        }
    }
    Ok(path)
}

/// Whether a file name is one of the daily copies: `takt-YYYY-MM-DD.db`.
fn is_copy(name: &str) -> bool {
    name.strip_prefix("takt-")
        .and_then(|r| r.strip_suffix(".db"))
        .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() && d.len() == 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_is_reported_once_its_last_readings_are_recorded_not_at_its_end() {
        // CI saw a mail made at 14:00:00 count 3 parts fewer than the same report made
        // later: the readings of the shift's last second were still on their way.
        let config = Config::parse(
            "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n\n[[machine]]\nid = \"m\"\nideal_cycle_s = 1.0\nconnection = { modbus_tcp = \"127.0.0.1:1\" }\n",
            "takt.toml",
        )
        .unwrap()
        .config;
        let cal = Calendar::new(&config);
        let end = takt_core::time::parse_rfc3339("2026-11-24T14:00:00Z").unwrap();
        let after = Ts(end.0 - 60_000);
        for early in [0, 500, crate::service::SETTLE_MS - 1] {
            assert!(
                due(&cal, ScheduleAt::ShiftEnd, after, Ts(end.0 + early)).is_empty(),
                "{early} ms"
            );
        }
        let due = due(&cal, ScheduleAt::ShiftEnd, after, Ts(end.0 + crate::service::SETTLE_MS));
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].label.as_str(), due[0].to), ("2026-11-24 A", end));
    }

    #[test]
    fn only_the_daily_copies_are_ever_pruned() {
        assert!(is_copy("takt-2026-11-24.db"));
        for other in [
            "takt.db",
            "takt-2026-11-24.db.part",
            "takt-2026-11-24.db-wal",
            "notes-2026-11-24.db",
            "takt-2026-13-01.db",
            "takt-26-11-24.db",
        ] {
            assert!(!is_copy(other), "{other}");
        }
    }
}
