//! Maintenance, shared by `takt maintenance`, `takt report maintenance` and the
//! Maintenance page: the checks of a logged event, the log, the tasks due by the plans,
//! and the life and growth models, each read from the store and computed by the core's
//! [`takt_core::maintenance`] functions once.

use std::collections::BTreeMap;

use takt_core::api::{MaintenanceView, TrendChart};
use takt_core::condition::{self, ConditionRow};
use takt_core::config::{Config, Machine, MaintenanceInterval, MaintenancePlan};
use takt_core::i18n::Locale;
use takt_core::ids::MachineId;
use takt_core::import::check_maintenance;
use takt_core::maintenance::{
    self as m, Basis, ComponentRow, DueRow, GrowthRow, MachineHistory, PlanUsage, USAGE_DAYS, Usage,
};
use takt_core::model::{MaintenanceEvent, MaintenanceKind};
use takt_core::table::Report;
use takt_core::time::{DAY_MS, HOUR_MS, MINUTE_MS, Ts};
use takt_store::{Reader, StoreError};

use crate::reports::{Query, Result, each_machine};

/// The earliest instant the log is read from (the log may hold events from before the
/// machine's first record, imported from paper).
const BEGINNING: Ts = Ts(i64::MIN / 4);

/// A maintenance event as a technician gives it: the CLI's flags or the page's form.
#[derive(Debug, Clone, Copy)]
pub struct LogForm<'a> {
    /// The machine's id.
    pub machine: &'a str,
    /// The component.
    pub component: &'a str,
    /// `failure`, `replacement`, `service` or `inspection`.
    pub kind: &'a str,
    /// When the work was done.
    pub at: Ts,
    /// How long it took, minutes (`None`: `.1`, what was given, is not a duration).
    pub duration_min: (Option<f64>, &'a str),
    /// A note.
    pub note: &'a str,
}

/// Why a maintenance event was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// Fields that are wrong, each with what is expected (the import's checks).
    #[error("{}", .0.iter().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join("; "))]
    Fields(takt_core::import::FieldErrors),
    /// A time after now.
    #[error("at: {at} is in the future (now {now}): expected the time the work was done")]
    Future {
        /// The time given, plant-local.
        at: String,
        /// Now, plant-local.
        now: String,
    },
    /// The same event is already in the log.
    #[error("{kind} of \"{component}\" at {at} is already logged for {machine}: expected each event once")]
    Duplicate {
        /// The machine.
        machine: String,
        /// The component.
        component: String,
        /// The kind, with its article.
        kind: &'static str,
        /// The kind.
        event: MaintenanceKind,
        /// When, plant-local.
        at: String,
    },
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LogError {
    /// What is wrong, in language `l` (English as `Display` has it); a field's problem
    /// is named by its field.
    pub fn message_in(&self, l: Locale) -> String {
        match self {
            LogError::Fields(fields) => fields
                .iter()
                .map(|(f, m)| format!("{f}: {}", m.text(l)))
                .collect::<Vec<_>>()
                .join("; "),
            LogError::Future { at, now } => l.t_with(
                "log-future",
                &[("at", at.as_str().into()), ("now", now.as_str().into())],
            ),
            LogError::Duplicate {
                machine,
                component,
                event,
                at,
                ..
            } => {
                let key = match event {
                    MaintenanceKind::Failure => "log-duplicate-failure",
                    MaintenanceKind::Replacement => "log-duplicate-replacement",
                    MaintenanceKind::Service => "log-duplicate-service",
                    MaintenanceKind::Inspection => "log-duplicate-inspection",
                };
                let args = [
                    ("machine", machine.as_str().into()),
                    ("component", component.as_str().into()),
                    ("at", at.as_str().into()),
                ];
                l.t_with(key, &args)
            }
            LogError::Store(e) => e.to_string(),
        }
    }

    /// The first field the error is about, for the form that sent it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            LogError::Fields(f) => f.first().map(|(f, _)| *f),
            LogError::Future { .. } | LogError::Duplicate { .. } => Some("at"),
            LogError::Store(_) => None,
        }
    }
}

/// How far ahead of the PC's clock a logged time may be (another device's clock).
const FUTURE_SLACK_MS: i64 = 5 * MINUTE_MS;

/// Checks a maintenance event before it is written: the fields as `takt import
/// maintenance` checks them, a time not in the future, and not an event already logged.
pub fn check_log(
    config: &Config,
    reader: &Reader,
    now: Ts,
    f: LogForm<'_>,
) -> std::result::Result<(MachineId, MaintenanceEvent), LogError> {
    let tz = config.plant.timezone;
    let (machine, kind, duration_min) =
        check_maintenance(config, f.machine, f.component, f.kind, f.duration_min).map_err(LogError::Fields)?;
    if f.at.0 > now.0 + FUTURE_SLACK_MS {
        return Err(LogError::Future {
            at: f.at.rfc3339(tz),
            now: now.rfc3339(tz),
        });
    }
    let component = f.component.trim().to_string();
    if reader
        .maintenance(&machine, f.at, Ts(f.at.0 + 1))?
        .iter()
        .any(|e| e.component == component && e.kind == kind)
    {
        return Err(LogError::Duplicate {
            machine: machine.to_string(),
            component,
            kind: kind.with_article(),
            event: kind,
            at: f.at.rfc3339(tz),
        });
    }
    Ok((
        machine,
        MaintenanceEvent {
            component,
            t: f.at,
            kind,
            duration_min,
            note: f.note.to_string(),
        },
    ))
}

/// The log of the machines in `[from, to)`, oldest first.
pub fn log(
    reader: &Reader,
    machines: &[MachineId],
    (from, to): (Ts, Ts),
) -> Result<Vec<(MachineId, MaintenanceEvent)>> {
    let mut out = Vec::new();
    for id in machines {
        out.extend(reader.maintenance(id, from, to)?.into_iter().map(|e| (id.clone(), e)));
    }
    out.sort_by(|a, b| a.1.t.cmp(&b.1.t).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

/// What a machine's maintenance figures are made from, read once.
struct Read {
    first: Ts,
    events: Vec<MaintenanceEvent>,
    usage: Usage,
}

fn read(reader: &Reader, id: &MachineId, end: Ts) -> Result<Option<Read>> {
    let Some(first) = reader.first_seen(id)?.filter(|f| *f < end) else {
        return Ok(None);
    };
    Ok(Some(Read {
        first,
        events: reader.maintenance(id, BEGINNING, end)?,
        usage: Usage::new(&reader.intervals(id, first, end)?),
    }))
}

/// Parts made in each span (sorted, not overlapping).
fn parts(reader: &Reader, id: &MachineId, spans: &[(Ts, Ts)]) -> Result<Vec<u64>> {
    let sums = reader.count_sums(id, spans)?;
    Ok(spans
        .iter()
        .map(|&(a, _)| sums.iter().filter(|r| r.t == a).map(|r| r.total).sum())
        .collect())
}

/// How a plan's usage stands at `now`.
fn plan_usage(
    reader: &Reader,
    id: &MachineId,
    r: &Read,
    plan: &MaintenancePlan,
    last: Ts,
    now: Ts,
) -> Result<PlanUsage> {
    let recent = Ts((now.0 - USAGE_DAYS * DAY_MS).max(r.first.0));
    let recent_days = now.since(recent) as f64 / DAY_MS as f64;
    let per_day = |x: f64| if recent_days > 0.0 { x / recent_days } else { 0.0 };
    Ok(match plan.every {
        MaintenanceInterval::RunHours(h) => PlanUsage {
            since_last: Basis::RunHours.hours(&r.usage, last, now),
            per_day: Basis::RunHours.rate_per_day(&r.usage, r.first, now),
            reached: r
                .usage
                .reaches(last, (h * HOUR_MS as f64).round() as i64)
                .filter(|t| *t <= now),
        },
        MaintenanceInterval::Days(d) => {
            let at = Ts(last.0 + i64::from(d) * DAY_MS);
            PlanUsage {
                since_last: now.since(last) as f64 / DAY_MS as f64,
                per_day: 1.0,
                reached: (at <= now).then_some(at),
            }
        }
        MaintenanceInterval::Cycles(n) => {
            let since = parts(reader, id, &[(last, now)])?[0];
            let recent_parts = parts(reader, id, &[(recent, now)])?[0];
            let reached = if since >= n {
                cycles_reached(reader, id, last, now, n)?
            } else {
                None
            };
            PlanUsage {
                since_last: since as f64,
                per_day: per_day(recent_parts as f64),
                reached,
            }
        }
    })
}

/// The minute in which the parts made since `last` reached `n`: the day from daily sums,
/// then the minute from that day's buckets.
fn cycles_reached(reader: &Reader, id: &MachineId, last: Ts, now: Ts, n: u64) -> Result<Option<Ts>> {
    let mut days = Vec::new();
    let mut t = last;
    while t < now {
        let next = Ts((t.0 + DAY_MS).min(now.0));
        days.push((t, next));
        t = next;
    }
    let mut sum = 0u64;
    for (&(a, b), made) in days.iter().zip(parts(reader, id, &days)?) {
        if sum + made >= n {
            for row in reader.counts(id, a, b)? {
                sum += row.total;
                if sum >= n {
                    return Ok(Some(row.t));
                }
            }
            return Ok(Some(b));
        }
        sum += made;
    }
    Ok(None)
}

/// The rows of a machine's plans at `now`.
fn machine_due(reader: &Reader, machine: &Machine, r: Option<&Read>, now: Ts) -> Result<Vec<DueRow>> {
    let mut out = Vec::new();
    for plan in &machine.maintenance {
        let row = match r {
            Some(r) => {
                let last = m::last_reset(&plan.component, &r.events, r.first, now);
                let u = plan_usage(reader, &machine.id, r, plan, last, now)?;
                m::due_row(&machine.id, plan, last, now, u)
            }
            None => {
                let mut row = m::due_row(
                    &machine.id,
                    plan,
                    now,
                    now,
                    PlanUsage {
                        since_last: 0.0,
                        per_day: 0.0,
                        reached: None,
                    },
                );
                row.note = "nothing recorded of this machine yet: counted from its first record".into();
                row
            }
        };
        out.push(row);
    }
    Ok(out)
}

/// The tasks due at `now` on the machines' plans, overdue first. Empty when no machine
/// has a plan (the caller says so).
pub fn due(config: &Config, reader: &Reader, machines: &[MachineId], now: Ts) -> Result<Vec<DueRow>> {
    let with_plans: Vec<&Machine> = machines
        .iter()
        .filter_map(|id| config.machine(id.as_str()))
        .filter(|m| !m.maintenance.is_empty())
        .collect();
    let per_machine = each_machine(reader, &with_plans, &mut || {}, |reader, machine| {
        let r = read(reader, &machine.id, now)?;
        machine_due(reader, machine, r.as_ref(), now)
    })?;
    let mut rows: Vec<DueRow> = per_machine.into_iter().flatten().collect();
    m::sort_due(&mut rows);
    Ok(rows)
}

/// Whether any machine of the config has a maintenance plan.
pub fn has_plans(config: &Config) -> bool {
    config.machines.iter().any(|m| !m.maintenance.is_empty())
}

/// The maintenance report by component: the Weibull row of every component of every
/// selected machine (its plans' and its log's), over the query's period. `progress` is
/// called after each machine.
pub fn components(
    config: &Config,
    reader: &Reader,
    q: &Query,
    risk: f64,
    progress: &mut dyn FnMut(),
) -> Result<Vec<ComponentRow>> {
    let end = q.to.min(q.now);
    let machines: Vec<&Machine> = q.machines.iter().filter_map(|id| config.machine(id.as_str())).collect();
    let per_machine = each_machine(reader, &machines, progress, |reader, machine| {
        let Some(r) = read(reader, &machine.id, end)? else {
            return Ok(Vec::new());
        };
        let due = machine_due(reader, machine, Some(&r), end)?;
        let h = MachineHistory {
            machine: &machine.id,
            events: &r.events,
            first: r.first,
            usage: &r.usage,
        };
        Ok(m::components(&machine.maintenance, &r.events)
            .iter()
            .map(|c| {
                let plan_due = due.iter().filter(|d| &d.component == c).filter_map(|d| d.due_at).min();
                m::component_row(h, c, (q.from, end), plan_due, risk)
            })
            .collect::<Vec<_>>())
    })?;
    Ok(per_machine.into_iter().flatten().collect())
}

/// The maintenance report by machine: the Crow-AMSAA row of each selected machine with a
/// record, over the query's period.
pub fn growth(config: &Config, reader: &Reader, q: &Query, progress: &mut dyn FnMut()) -> Result<Vec<GrowthRow>> {
    let end = q.to.min(q.now);
    let machines: Vec<&Machine> = q.machines.iter().filter_map(|id| config.machine(id.as_str())).collect();
    let rows = each_machine(reader, &machines, progress, |reader, machine| {
        Ok(read(reader, &machine.id, end)?.map(|r| {
            let h = MachineHistory {
                machine: &machine.id,
                events: &r.events,
                first: r.first,
                usage: &r.usage,
            };
            m::growth_row(h, (q.from, end))
        }))
    })?;
    Ok(rows.into_iter().flatten().collect())
}

/// The condition report: a trend for each process value with a limit of the selected
/// machines, as it stands at the end of the query's period (not after now), fitted to
/// its hourly means since [`condition::trend_start`]. `progress` is called after each
/// machine.
pub fn condition(config: &Config, reader: &Reader, q: &Query, progress: &mut dyn FnMut()) -> Result<Vec<ConditionRow>> {
    Ok(trends(config, reader, q, progress)?
        .into_iter()
        .map(|t| t.row)
        .collect())
}

/// The condition trends with the hourly means each was fitted to.
pub fn trends(config: &Config, reader: &Reader, q: &Query, progress: &mut dyn FnMut()) -> Result<Vec<TrendChart>> {
    let end = q.to.min(q.now);
    let machines: Vec<&Machine> = q
        .machines
        .iter()
        .filter_map(|id| config.machine(id.as_str()))
        .filter(|m| m.signals.process.iter().any(|p| p.low.is_some() || p.high.is_some()))
        .collect();
    let rows = each_machine(reader, &machines, progress, |reader, machine| {
        let events = reader.maintenance(&machine.id, BEGINNING, end)?;
        let from = condition::trend_start(&events, q.from, end, config.plant.trend_days);
        machine
            .signals
            .process
            .iter()
            .filter(|p| p.low.is_some() || p.high.is_some())
            .map(|p| {
                let hours = reader.process_hours(&machine.id, &p.name, from, end)?;
                Ok(TrendChart {
                    row: condition::condition_row(&machine.id, p, &hours, end),
                    hours,
                })
            })
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(rows.into_iter().flatten().collect())
}

/// A query over every machine's whole history up to `now`.
fn everything(config: &Config, now: Ts) -> Query {
    Query {
        from: BEGINNING,
        to: now,
        machines: config.machines.iter().map(|m| m.id.clone()).collect(),
        by: None,
        now,
    }
}

/// Each machine's maintenance badge for the Plant tiles ([`m::alerts`]): its tasks
/// overdue, and process values beyond a limit or to cross one within days.
pub fn alerts(config: &Config, reader: &Reader, now: Ts) -> Result<BTreeMap<MachineId, String>> {
    let q = everything(config, now);
    let due = due(config, reader, &q.machines, now)?;
    let conditions = condition(config, reader, &q, &mut || {})?;
    Ok(m::alerts(&due, &conditions, now))
}

/// What the Maintenance page shows at `now`: each table as the command line computes it.
pub fn view(config: &Config, reader: &Reader, now: Ts) -> Result<MaintenanceView> {
    let q = everything(config, now);
    let due = due(config, reader, &q.machines, now)?;
    let components = components(config, reader, &q, config.plant.maintenance_risk, &mut || {})?;
    let plots = components.iter().map(ComponentRow::plot).collect();
    let growth = growth(config, reader, &q, &mut || {})?;
    let trends = trends(config, reader, &q, &mut || {})?;
    let mut recent = log(reader, &q.machines, (Ts(now.0 - 30 * DAY_MS), Ts(now.0 + 1)))?;
    recent.reverse();
    Ok(MaintenanceView {
        now,
        due_table: Report::Due(due.clone()).table(),
        due,
        components: Report::Maintenance(components).table(),
        plots,
        growth: Report::Growth(growth).table(),
        conditions: Report::Condition(trends.iter().map(|t| t.row.clone()).collect()).table(),
        trends,
        log: Report::Log(recent).table(),
    })
}
