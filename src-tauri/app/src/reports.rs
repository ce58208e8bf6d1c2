//! Reports: what the store recorded, fed through the core's KPI functions. The CLI and
//! the window both call these, so a figure is the same wherever it is shown.

use takt_core::calendar::Calendar;
use takt_core::config::{Config, Machine};
use takt_core::energy::{self, EnergyRow};
use takt_core::ids::MachineId;
use takt_core::kpi::{self, Flag, Grouping, History, MachineContext, Observed, Period};
use takt_core::process::{AlarmRow, ProcessRow, Stats, out_of_limit_ms};
use takt_core::quality::{self, DriverRow};
use takt_core::report::{self, By, DowntimeGroup, DowntimeRow, OeeRow, ScrapGroup};
use takt_core::table::Report;
use takt_core::time::Ts;
use takt_store::Reader;

/// What a report covers.
#[derive(Debug, Clone)]
pub struct Query {
    /// Start, inclusive.
    pub from: Ts,
    /// End, exclusive.
    pub to: Ts,
    /// Machines, in the order to show them (every configured machine when the user named none).
    pub machines: Vec<MachineId>,
    /// Grouping.
    pub by: Option<By>,
    /// Now: the end of every machine's observation (nothing after it is reported).
    pub now: Ts,
}

/// Errors while reading a report's data.
pub type Result<T> = std::result::Result<T, takt_store::StoreError>;

/// Why a report was not made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The request is wrong: `field` names what (`to`, `by`, `machine`).
    #[error("{message}")]
    Request {
        /// The field of the request.
        field: &'static str,
        /// What is wrong and what is expected.
        message: String,
    },
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] takt_store::StoreError),
    /// Writing the output failed.
    #[error(transparent)]
    Write(#[from] takt_report::ReportError),
    /// Drawing a chart failed.
    #[error(transparent)]
    Chart(#[from] takt_chart::ChartError),
}

impl Query {
    /// A checked query for a report of `kind`: an end after the start, a grouping the
    /// report has, machines of the config (every one when none is named).
    pub fn new(
        config: &Config,
        kind: Kind,
        (from, to): (Ts, Ts),
        machines: &[String],
        by: Option<By>,
        now: Ts,
    ) -> std::result::Result<Query, ReportError> {
        if to <= from {
            let tz = config.plant.timezone;
            return Err(ReportError::Request {
                field: "to",
                message: format!(
                    "the end {} is not after the start {}: expected a later end",
                    to.rfc3339(tz),
                    from.rfc3339(tz)
                ),
            });
        }
        kind.check_by(by)
            .map_err(|message| ReportError::Request { field: "by", message })?;
        let machines = crate::entries::machines(config, machines).map_err(|e| ReportError::Request {
            field: "machine",
            message: e.to_string(),
        })?;
        Ok(Query {
            from,
            to,
            machines,
            by,
            now,
        })
    }
}

fn grouping(by: Option<By>, default: Grouping) -> Grouping {
    match by {
        Some(By::Shift) => Grouping::Shift,
        Some(By::Day) => Grouping::Day,
        Some(By::Week) => Grouping::Week,
        Some(By::Machine | By::Product | By::Reason) => Grouping::Whole,
        None => default,
    }
}

/// Each selected machine of the config with when it was observed: from its first record
/// to now. Machines with no record yet are left out.
fn observed<'c>(config: &'c Config, reader: &Reader, q: &Query) -> Result<Vec<(&'c Machine, Observed)>> {
    let mut out = Vec::new();
    for id in &q.machines {
        let Some(machine) = config.machine(id.as_str()) else {
            continue;
        };
        if let Some(start) = reader.first_seen(id)?.filter(|s| *s < q.now) {
            out.push((machine, Observed { start, end: q.now }));
        }
    }
    Ok(out)
}

/// Runs `each` for every machine, on up to as many threads as there are cores (each with a
/// read connection of its own, in one read transaction), and returns the results in the
/// machines' order. `progress` is called as each machine is done. A report over one
/// machine uses `reader` itself.
pub(crate) fn each_machine<I: Sync, T: Send>(
    reader: &Reader,
    items: &[I],
    progress: &mut dyn FnMut(),
    each: impl Fn(&Reader, &I) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return reader.snapshot(|r| {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(each(r, item)?);
                progress();
            }
            Ok(out)
        });
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<T>)>();
    let path = reader.path().to_path_buf();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (tx, next, each, path) = (tx.clone(), &next, &each, &path);
            scope.spawn(move || {
                let work = |r: &Reader| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return Ok(()) };
                        if tx.send((i, each(r, item))).is_err() {
                            return Ok(());
                        }
                    }
                };
                let done = Reader::open(path).and_then(|r| r.snapshot(work));
                if let Err(e) = done {
                    let _ = tx.send((usize::MAX, Err(e)));
                }
            });
        }
        drop(tx);
        let mut out: Vec<Option<T>> = (0..items.len()).map(|_| None).collect();
        let mut first_error = None;
        for (i, result) in rx {
            match result {
                Ok(t) => {
                    out[i] = Some(t);
                    progress();
                }
                Err(e) => {
                    // Stop handing out work; the error is the report's.
                    next.store(items.len(), std::sync::atomic::Ordering::Relaxed);
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(out.into_iter().flatten().collect()),
        }
    })
}

/// The query's range clipped to what was observed of its machines: a range beyond the
/// data costs nothing (`None`: nothing was observed in it).
fn clipped(q: &Query, machines: &[(&Machine, Observed)]) -> Option<(Ts, Ts)> {
    let start = machines.iter().map(|(_, o)| o.start).min()?;
    Observed { start, end: q.now }.clip(q.from, q.to)
}

/// The periods of a query (over its range clipped to what was observed).
fn periods(config: &Config, range: Option<(Ts, Ts)>, by: Option<By>, default: Grouping) -> Vec<Period> {
    range.map_or_else(Vec::new, |(from, to)| {
        kpi::periods(&Calendar::new(config), from, to, grouping(by, default))
    })
}

/// The OEE report (default grouping: by shift). `progress` is called after each machine.
pub fn oee(config: &Config, reader: &Reader, q: &Query, progress: &mut dyn FnMut()) -> Result<Vec<OeeRow>> {
    Ok(oee_and_reasons(config, reader, q, progress, false)?.0)
}

/// The OEE report, and with `reasons` the query's stops by reason too ([`stop_reasons`]),
/// each machine's from the intervals its OEE was computed from (read once: a PDF needs
/// both).
fn oee_and_reasons(
    config: &Config,
    reader: &Reader,
    q: &Query,
    progress: &mut dyn FnMut(),
    reasons: bool,
) -> Result<(Vec<OeeRow>, Option<Vec<DowntimeGroup>>)> {
    let cal = Calendar::new(config);
    let machines = observed(config, reader, q)?;
    let range = clipped(q, &machines);
    let periods = periods(config, range, q.by, Grouping::Shift);
    let by_product = q.by == Some(By::Product);
    // Counts are summed in SQL per span that classifies alike; a year of per-minute
    // buckets never crosses into Rust one by one.
    let spans = kpi::count_spans(&cal, &periods);
    let Some((from, to)) = range else {
        return Ok((Vec::new(), reasons.then(Vec::new)));
    };
    let per_machine = each_machine(reader, &machines, progress, |reader, &(machine, observed)| {
        let id = &machine.id;
        let intervals = reader.intervals(id, from, to)?;
        let by_reason = reasons.then(|| reason_groups(config, &cal, (machine, observed), &intervals, (from, to)));
        let counts = reader.count_sums(id, &spans)?;
        let scrap = reader.scrap(id, from, to)?;
        let products = if by_product {
            reader.product_runs(id, from, to)?
        } else {
            Vec::new()
        };
        let history = History {
            intervals: &intervals,
            counts: &counts,
            scrap: &scrap,
            products: &products,
            observed,
        };
        let ctx = MachineContext { config, machine };
        let mut rows = kpi::machine_terms(ctx, &cal, &periods, history, by_product);
        if !by_product {
            let (logs, energy) = extras(reader, machine, &periods, &history, q.from)?;
            for r in &mut rows {
                r.extra = kpi::Extra::new(&r.terms, logs[r.period], energy[r.period]);
            }
        }
        if rows
            .iter()
            .any(|r| r.flags.iter().any(|f| matches!(f, Flag::PerformanceAboveOne { .. })))
        {
            // What the ideal cycle time should probably be, from the minutes themselves.
            let minutes = reader.counts(id, from, to)?;
            kpi::suggest_cycle(&mut rows, kpi::best_sustained_cycle_s(&intervals, &minutes));
        }
        Ok(((id.clone(), rows), by_reason))
    })?;
    let (per_machine, by_reason): (Vec<_>, Vec<_>) = per_machine.into_iter().unzip();
    let by_reason = reasons.then(|| report::merge_downtime_groups(by_reason.into_iter().flatten().flatten()));
    Ok((report::oee_rows(&periods, &per_machine, by_product), by_reason))
}

/// One machine's stops in `[from, to)` by reason, from its intervals: the groups of
/// [`stop_reasons`].
fn reason_groups(
    config: &Config,
    cal: &Calendar,
    (machine, observed): (&Machine, Observed),
    intervals: &[takt_core::model::StateInterval],
    (from, to): (Ts, Ts),
) -> Vec<DowntimeGroup> {
    report::downtime_groups(
        &stops_of(config, cal, (machine, observed), intervals, (from, to)),
        By::Reason,
        &[],
    )
}

/// Every stop of the selected machines in the range, machine by machine, classified as
/// the OEE report classifies time.
pub fn downtime(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<DowntimeRow>> {
    let cal = Calendar::new(config);
    let machines = observed(config, reader, q)?;
    let Some((from, to)) = clipped(q, &machines) else {
        return Ok(Vec::new());
    };
    let per_machine = each_machine(reader, &machines, &mut || {}, |reader, &(machine, observed)| {
        machine_stops(config, &cal, reader, (machine, observed), (from, to))
    })?;
    Ok(per_machine.into_iter().flatten().collect())
}

/// One machine's stops in `[from, to)`, classified as the OEE report classifies time.
fn machine_stops(
    config: &Config,
    cal: &Calendar,
    reader: &Reader,
    (machine, observed): (&Machine, Observed),
    (from, to): (Ts, Ts),
) -> Result<Vec<DowntimeRow>> {
    let intervals = reader.intervals(&machine.id, from, to)?;
    Ok(stops_of(config, cal, (machine, observed), &intervals, (from, to)))
}

/// One machine's stops among its intervals in `[from, to)`, classified as the OEE report
/// classifies time.
fn stops_of(
    config: &Config,
    cal: &Calendar,
    (machine, observed): (&Machine, Observed),
    intervals: &[takt_core::model::StateInterval],
    (from, to): (Ts, Ts),
) -> Vec<DowntimeRow> {
    kpi::stops(MachineContext { config, machine }, cal, observed, intervals, from, to)
        .into_iter()
        .map(|stop| DowntimeRow {
            machine: machine.id.clone(),
            stop,
        })
        .collect()
}

/// Stops grouped by `q.by`.
pub fn downtime_groups(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<DowntimeGroup>> {
    let rows = downtime(config, reader, q)?;
    let by = q.by.unwrap_or(By::Machine);
    let range = clipped(q, &observed(config, reader, q)?);
    Ok(report::downtime_groups(
        &rows,
        by,
        &periods(config, range, q.by, Grouping::Shift),
    ))
}

/// The scrap report (default grouping: by machine).
pub fn scrap(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<ScrapGroup>> {
    let by = q.by.unwrap_or(By::Machine);
    if by == By::Reason {
        // Parts summed per product in SQL (from the hourly rollup), not a year of minutes.
        let mut machines = Vec::new();
        for id in &q.machines {
            machines.push((
                reader.count_sums(id, &[(q.from, q.to)])?,
                reader.scrap(id, q.from, q.to)?,
            ));
        }
        return Ok(report::scrap_by_reason(config, &machines));
    }
    let rows = oee(
        config,
        reader,
        &Query {
            by: Some(by),
            ..q.clone()
        },
        &mut || {},
    )?;
    let groups = rows
        .into_iter()
        .filter(|r| r.machine != report::ALL)
        .map(|r| ScrapGroup {
            group: match by {
                By::Machine => r.machine,
                By::Product => r
                    .product
                    .map_or_else(|| report::NO_PRODUCT.to_string(), |p| p.to_string()),
                _ => r.period.label,
            },
            total: r.terms.total,
            reject: r.terms.reject,
            cost: r.terms.reject_cost,
        });
    let mut merged = report::merge_scrap(groups);
    // Periods stay in time order; machines and products go biggest loss first.
    if matches!(by, By::Machine | By::Product) {
        merged.sort_by(|a, b| b.reject.cmp(&a.reject).then(a.group.cmp(&b.group)));
    }
    Ok(merged)
}

/// The energy report (default grouping: by machine) over the machines with an energy
/// meter: each machine's pieces ([`energy::pieces`]) over the periods, the whole range,
/// or its product runs, summed by group.
pub fn energy(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<EnergyRow>> {
    let by = q.by.unwrap_or(By::Machine);
    let metered: Vec<(&Machine, Observed)> = observed(config, reader, q)?
        .into_iter()
        .filter(|(m, _)| m.signals.energy_kwh.is_some())
        .collect();
    let range = clipped(q, &metered);
    let periods = periods(config, range, Some(by), Grouping::Whole);
    let Some((from, to)) = range else {
        return Ok(Vec::new());
    };
    let per_machine = each_machine(reader, &metered, &mut || {}, |reader, &(machine, _)| {
        let id = &machine.id;
        let spans: Vec<(String, (Ts, Ts))> = match by {
            By::Product => product_spans(&reader.product_runs(id, from, to)?, from, to),
            By::Machine | By::Reason => vec![(id.to_string(), (from, to))],
            By::Shift | By::Day | By::Week => periods.iter().map(|p| (p.label.clone(), (p.start, p.end))).collect(),
        };
        let scrap = reader.scrap(id, from, to)?;
        let intervals = reader.intervals(id, from, to)?;
        let mut spans_only: Vec<(Ts, Ts)> = spans.iter().map(|(_, s)| *s).collect();
        from_its_minute(&mut spans_only, q.from);
        let pieces = machine_energy(reader, id, &spans_only, &scrap, &intervals)?;
        if !energy::recorded(&pieces) {
            return Ok(Vec::new());
        }
        Ok(pieces
            .into_iter()
            .zip(spans)
            .map(|(piece, (label, _))| (label, piece))
            .collect::<Vec<_>>())
    })?;
    Ok(energy::rows(
        per_machine.into_iter().flatten(),
        config.plant.energy_price,
        matches!(by, By::Machine | By::Product),
    ))
}

/// What a machine made over `[from, to)`, span by span: its product runs, and the time
/// outside them (or a machine that reports no product) as [`report::NO_PRODUCT`].
fn product_spans(runs: &[takt_core::model::ProductRun], from: Ts, to: Ts) -> Vec<(String, (Ts, Ts))> {
    let none = || report::NO_PRODUCT.to_string();
    let mut out = Vec::new();
    let mut at = from;
    for r in runs {
        let (a, b) = (r.start.max(at), r.end.min(to));
        if a >= b {
            continue;
        }
        if at < a {
            out.push((none(), (at, a)));
        }
        let label = r.product.as_ref().map_or_else(none, |p| p.to_string());
        out.push((label, (a, b)));
        at = b;
    }
    if at < to {
        out.push((none(), (at, to)));
    }
    out
}

/// Starts the first span at the start of its minute (but not before `not_before`):
/// energy is kept per minute, and a report clipped to a machine's first reading, a
/// moment into a minute, would otherwise leave that minute out.
fn from_its_minute(spans: &mut [(Ts, Ts)], not_before: Ts) {
    if let Some(first) = spans.first_mut() {
        first.0 = first.0.minute_floor().max(not_before).min(first.0);
    }
}

/// One machine's energy pieces over `spans` (sorted, not overlapping), with its scrap
/// and intervals over them.
fn machine_energy(
    reader: &Reader,
    id: &MachineId,
    spans: &[(Ts, Ts)],
    scrap: &[takt_core::model::ScrapEntry],
    intervals: &[takt_core::model::StateInterval],
) -> Result<Vec<energy::Piece>> {
    let sums = reader.energy_sums(id, spans)?;
    let counts = reader.count_sums(id, spans)?;
    Ok(energy::pieces(spans, &sums, &counts, scrap, intervals))
}

/// A machine's maintenance log over each period (`None` for every period when it has no
/// log at all) and its energy pieces (`None` without a meter): the OEE rows' extras.
type Extras = (Vec<Option<kpi::LogPart>>, Vec<Option<energy::Piece>>);

fn extras(
    reader: &Reader,
    machine: &Machine,
    periods: &[Period],
    history: &History<'_>,
    not_before: Ts,
) -> Result<Extras> {
    let id = &machine.id;
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut logs = vec![None; periods.len()];
    if reader.has_maintenance(id)? {
        let mut parts = vec![kpi::LogPart::default(); periods.len()];
        for e in reader.maintenance(id, first.start, last.end)? {
            let Some(p) = periods.partition_point(|p| p.start <= e.t).checked_sub(1) else {
                continue;
            };
            if e.t >= periods[p].end {
                continue;
            }
            if e.kind == takt_core::model::MaintenanceKind::Failure {
                parts[p].failures += 1;
                parts[p].repair_min += e.duration_min;
            } else {
                parts[p].preventive_min += e.duration_min;
            }
        }
        logs = parts.into_iter().map(Some).collect();
    }
    let mut energy = vec![None; periods.len()];
    if machine.signals.energy_kwh.is_some() {
        let mut spans: Vec<(Ts, Ts)> = periods.iter().map(|p| (p.start, p.end)).collect();
        from_its_minute(&mut spans, not_before);
        let pieces = machine_energy(reader, id, &spans, history.scrap, history.intervals)?;
        if energy::recorded(&pieces) {
            energy = pieces.into_iter().map(Some).collect();
        }
    }
    Ok((logs, energy))
}

/// One machine's energy over `[from, to)` as the energy report's row by machine gives it
/// (`None` without a meter): the Machine page's figures.
pub fn machine_energy_row(
    config: &Config,
    reader: &Reader,
    id: &MachineId,
    from: Ts,
    to: Ts,
    now: Ts,
) -> Result<Option<EnergyRow>> {
    let q = Query {
        from,
        to,
        machines: vec![id.clone()],
        by: Some(By::Machine),
        now,
    };
    Ok(energy(config, reader, &q)?.into_iter().next())
}

/// The alarm episodes of the selected machines that overlap the range, machine by
/// machine, by start.
pub fn alarms(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<AlarmRow>> {
    let mut out = Vec::new();
    for id in &q.machines {
        let Some(machine) = config.machine(id.as_str()) else {
            continue;
        };
        for episode in reader.alarms(id, q.from, q.to)? {
            let unit = machine
                .signals
                .process
                .iter()
                .find(|p| p.name == episode.signal)
                .and_then(|p| p.unit.clone())
                .unwrap_or_default();
            out.push(AlarmRow {
                machine: id.clone(),
                episode,
                unit,
            });
        }
    }
    Ok(out)
}

/// Process capability of every process value of the selected machines over the range,
/// from its per-minute means, with the time its alarm episodes spent beyond a limit.
pub fn process(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<ProcessRow>> {
    let machines: Vec<&Machine> = q
        .machines
        .iter()
        .filter_map(|id| config.machine(id.as_str()))
        .filter(|m| !m.signals.process.is_empty())
        .collect();
    let per_machine = each_machine(reader, &machines, &mut || {}, |reader, machine| {
        let episodes = reader.alarms(&machine.id, q.from, q.to)?;
        let mut rows = Vec::new();
        for p in &machine.signals.process {
            let means = reader.process_means(&machine.id, &p.name, q.from, q.to)?;
            let mine: Vec<_> = episodes.iter().filter(|a| a.signal == p.name).cloned().collect();
            rows.push(ProcessRow {
                machine: machine.id.clone(),
                signal: p.name.clone(),
                unit: p.unit.clone().unwrap_or_default(),
                stats: Stats::of(means.iter().map(|m| m.1)),
                low: p.low,
                high: p.high,
                out_of_limit_ms: out_of_limit_ms(&mine, q.from, q.to.min(q.now)),
            });
        }
        Ok(rows)
    })?;
    Ok(per_machine.into_iter().flatten().collect())
}

/// What drives scrap: for each selected machine with a reject counter, each process value's
/// minutes in five bands by their mean, with the reject rate of each.
pub fn quality_drivers(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<DriverRow>> {
    let machines: Vec<&Machine> = q
        .machines
        .iter()
        .filter_map(|id| config.machine(id.as_str()))
        .filter(|m| m.signals.reject_count.is_some() && !m.signals.process.is_empty())
        .collect();
    let to = q.to.min(q.now);
    let per_machine = each_machine(reader, &machines, &mut || {}, |reader, machine| {
        let id = &machine.id;
        // The parts are read once, over the minutes any of the values was read in.
        let mut span: Option<(Ts, Ts)> = None;
        for p in &machine.signals.process {
            if let Some((a, b)) = reader.process_span(id, &p.name, q.from, to)? {
                span = Some(span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
            }
        }
        let Some((first, last)) = span else {
            return Ok(Vec::new());
        };
        let parts = reader.minute_parts(id, first, Ts(last.0 + 1))?;
        let mut rows = Vec::new();
        for p in &machine.signals.process {
            let means = reader.process_means(id, &p.name, first, Ts(last.0 + 1))?;
            rows.extend(quality::driver_rows(id, &p.name, &quality::join(&means, &parts)));
        }
        Ok(rows)
    })?;
    Ok(per_machine.into_iter().flatten().collect())
}

/// Which report (the core's report model).
pub use takt_core::table::ReportKind as Kind;

/// A report: the one computation every view renders (CSV, the window's preview, PDF).
/// `progress` is called after each machine of an OEE or maintenance report.
pub fn report(
    config: &Config,
    reader: &Reader,
    kind: Kind,
    q: &Query,
    progress: &mut dyn FnMut(),
) -> std::result::Result<Report, ReportError> {
    Ok(match kind {
        Kind::Oee => Report::Oee(oee(config, reader, q, progress)?),
        Kind::Downtime if q.by.is_none() => Report::Downtime(downtime(config, reader, q)?),
        Kind::Downtime => Report::DowntimeGroups(downtime_groups(config, reader, q)?),
        Kind::Scrap => Report::Scrap(scrap(config, reader, q)?),
        Kind::Maintenance if q.by == Some(By::Machine) => {
            Report::Growth(crate::maintenance::growth(config, reader, q, progress)?)
        }
        Kind::Maintenance => Report::Maintenance(crate::maintenance::components(
            config,
            reader,
            q,
            config.plant.maintenance_risk,
            progress,
        )?),
        Kind::Condition => Report::Condition(crate::maintenance::condition(config, reader, q, progress)?),
        Kind::Energy => Report::Energy(energy(config, reader, q)?),
        Kind::Alarms => Report::Alarms(alarms(config, reader, q)?),
        Kind::Process => Report::Process(process(config, reader, q)?),
        Kind::QualityDrivers => Report::Drivers(quality_drivers(config, reader, q)?),
        Kind::MaintenanceDue => Report::Due(crate::maintenance::due(config, reader, &q.machines, q.now)?),
        Kind::MaintenanceLog => Report::Log(crate::maintenance::log(reader, &q.machines, (q.from, q.to))?),
    })
}

/// Writes a report as CSV (SPEC section 4). `progress` is called after each machine of
/// an OEE report.
pub fn write_csv(
    config: &Config,
    reader: &Reader,
    kind: Kind,
    q: &Query,
    out: &mut Vec<u8>,
    progress: &mut dyn FnMut(),
) -> std::result::Result<(), ReportError> {
    let t = report(config, reader, kind, q, progress)?;
    takt_report::csv(&t, config.plant.timezone, out)?;
    Ok(())
}

/// Writes a report as PDF on `paper`: the same table as the CSV (one computation), with a
/// header naming the plant, the report, its period in plant-local time and when it was
/// made. `progress` is called after each machine of an OEE report, `on_page(done, pages)`
/// after each page written.
pub fn write_pdf(
    config: &Config,
    reader: &Reader,
    kind: Kind,
    q: &Query,
    paper: takt_core::config::Paper,
    progress: &mut dyn FnMut(),
    on_page: &mut dyn FnMut(usize, usize),
) -> std::result::Result<Vec<u8>, ReportError> {
    // An OEE PDF's stops by reason (its key figures, its Pareto) come from the intervals
    // its OEE is computed from, read once.
    let (t, reasons) = match kind {
        Kind::Oee => {
            let (rows, reasons) = oee_and_reasons(config, reader, q, progress, true)?;
            (Report::Oee(rows), reasons)
        }
        _ => (report(config, reader, kind, q, progress)?, None),
    };
    let first = first_page(config, reader, kind, q, Some(&t), reasons)?;
    let summary = first.key_figures;
    let charts: Vec<String> = first.charts.into_iter().map(|d| d.svg).collect();
    let tz = config.plant.timezone;
    let l = crate::locale(Some(config));
    let local = |t: Ts| l.day_time(t.to_local(tz).naive_local());
    let heading = takt_report::Heading {
        plant: config.plant.name.clone(),
        period: l.t_with(
            "pdf-period",
            &[
                ("from", local(q.from).into()),
                ("to", local(q.to).into()),
                ("tz", tz.to_string().into()),
            ],
        ),
        generated: local(q.now),
        locale: l,
    };
    Ok(takt_report::pdf(t, &summary, &charts, tz, paper, &heading, on_page)?)
}

/// What a report's PDF shows before its table, and the window's preview of it: the key
/// figures (OEE reports) and the charts of the report's kind.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstPage {
    /// The key figures (empty but for OEE reports).
    pub key_figures: Vec<takt_core::table::Table>,
    /// The charts, in the order the PDF places them.
    pub charts: Vec<Drawn>,
}

/// The first page of a report (its key figures and charts), the one computation the PDF
/// and the window's preview show. `report` is the query's report when it is at hand (the
/// charts use its rows where they hold what they show), `reasons` its stops by reason
/// ([`stop_reasons`]) when they are.
pub fn first_page(
    config: &Config,
    reader: &Reader,
    kind: Kind,
    q: &Query,
    report: Option<&Report>,
    reasons: Option<Vec<DowntimeGroup>>,
) -> std::result::Result<FirstPage, ReportError> {
    // The stops by reason, once: the key figures' top reasons and the Pareto are one.
    let reasons = match (report, kind) {
        _ if reasons.is_some() => reasons,
        (Some(Report::DowntimeGroups(groups)), _) if q.by == Some(By::Reason) => Some(groups.clone()),
        (_, Kind::Oee | Kind::Downtime | Kind::Scrap | Kind::Energy) => Some(stop_reasons(config, reader, q)?),
        _ => None,
    };
    let key_figures = match (report, kind) {
        (Some(Report::Oee(rows)), _) => {
            key_figures(config, reader, q, Some(rows), reasons.as_deref().unwrap_or_default())?
        }
        // The production reports open with the plant's key figures over their machines
        // and period; the maintenance and process reports (often over all of the history)
        // go straight to their charts.
        (_, Kind::Oee | Kind::Downtime | Kind::Scrap | Kind::Energy) => {
            key_figures(config, reader, q, None, reasons.as_deref().unwrap_or_default())?
        }
        _ => Vec::new(),
    };
    let mut charts = Vec::new();
    for &c in takt_chart::ChartKind::of_report(kind) {
        charts.extend(chart(config, reader, c, q, report, reasons.as_deref())?);
    }
    Ok(FirstPage { key_figures, charts })
}

/// The grouping of a trend chart over a query: the query's own when it is by shift, day or
/// week; else by shift over a week or less, by day over three months or less, by week.
fn trend_by(q: &Query) -> By {
    match q.by {
        Some(b @ (By::Shift | By::Day | By::Week)) => b,
        _ if q.to.0 - q.from.0 <= 7 * takt_core::time::DAY_MS => By::Shift,
        _ if q.to.0 - q.from.0 <= 92 * takt_core::time::DAY_MS => By::Day,
        _ => By::Week,
    }
}

/// A chart drawn: SVG, and what it is of when a query has one per component or process
/// value (`machine` and the component or value).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// Which chart.
    pub chart: takt_chart::ChartKind,
    /// `(machine, component or process value)` of a chart drawn per item.
    pub item: Option<(MachineId, String)>,
    /// The chart.
    pub svg: String,
}

/// The charts of a query: `takt chart`, and the charts of a PDF report; one, or one per
/// component with failures (Weibull) or per process value with limits (condition).
/// `report` is the query's report when it is at hand and `reasons` its stops by reason:
/// a chart uses them where they hold what it shows, and computes its figures with the
/// report's own functions where they do not.
pub fn chart(
    config: &Config,
    reader: &Reader,
    c: takt_chart::ChartKind,
    q: &Query,
    report: Option<&Report>,
    reasons: Option<&[DowntimeGroup]>,
) -> std::result::Result<Vec<Drawn>, ReportError> {
    // A chart's words and numbers in the plant's language, as the PDF around it.
    let l = crate::locale(Some(config));
    let one = |svg: String| {
        vec![Drawn {
            chart: c,
            item: None,
            svg,
        }]
    };
    use std::borrow::Cow;
    use takt_chart::ChartKind as C;
    let with = |by: By| Query {
        by: Some(by),
        ..q.clone()
    };
    let oee_rows = |by: By| -> Result<Cow<'_, [OeeRow]>> {
        Ok(match report {
            Some(Report::Oee(rows)) if q.by == Some(by) || by == By::Machine => Cow::Borrowed(rows.as_slice()),
            _ => Cow::Owned(oee(config, reader, &with(by), &mut || {})?),
        })
    };
    Ok(match c {
        C::OeeTrend => one(takt_chart::trend(&takt_chart::oee_trend(&oee_rows(trend_by(q))?, l))?),
        C::Losses => one(takt_chart::waterfall(&takt_chart::losses(&oee_rows(By::Machine)?, l))?),
        C::DowntimePareto => {
            let groups = match reasons {
                Some(r) => Cow::Borrowed(r),
                None => Cow::Owned(stop_reasons(config, reader, q)?),
            };
            one(takt_chart::pareto(&takt_chart::downtime_pareto(&groups, l))?)
        }
        C::ScrapReasons => one(takt_chart::pareto(&takt_chart::scrap_pareto(
            &scrap(config, reader, &with(By::Reason))?,
            takt_chart::ScrapOf::Reason,
            l,
        ))?),
        C::ScrapProducts => one(takt_chart::pareto(&takt_chart::scrap_pareto(
            &scrap(config, reader, &with(By::Product))?,
            takt_chart::ScrapOf::Product,
            l,
        ))?),
        C::EnergyTrend => one(takt_chart::trend(&takt_chart::energy_trend(
            &energy(config, reader, &with(trend_by(q)))?,
            l,
        ))?),
        C::Weibull => {
            let rows = match report {
                Some(Report::Maintenance(rows)) => Cow::Borrowed(rows.as_slice()),
                _ => Cow::Owned(crate::maintenance::components(
                    config,
                    reader,
                    q,
                    config.plant.maintenance_risk,
                    &mut || {},
                )?),
            };
            rows.iter()
                .filter(|r| r.failures() > 0)
                .map(|r| {
                    Ok(Drawn {
                        chart: c,
                        item: Some((r.machine.clone(), r.component.clone())),
                        svg: takt_chart::weibull(&takt_chart::weibull_plot(r, l))?,
                    })
                })
                .collect::<std::result::Result<Vec<_>, ReportError>>()?
        }
        C::Condition => crate::maintenance::trends(config, reader, q, &mut || {})?
            .iter()
            .map(|t| {
                Ok(Drawn {
                    chart: c,
                    item: Some((t.row.machine.clone(), t.row.signal.clone())),
                    svg: takt_chart::time_chart(&takt_chart::condition(t, config.plant.timezone, l))?,
                })
            })
            .collect::<std::result::Result<Vec<_>, ReportError>>()?,
    })
}

/// The query's stops by reason (the downtime report `--by reason`), summed machine by
/// machine so that a year of stops is never held at once.
pub fn stop_reasons(config: &Config, reader: &Reader, q: &Query) -> Result<Vec<DowntimeGroup>> {
    let cal = Calendar::new(config);
    let machines = observed(config, reader, q)?;
    Ok(match clipped(q, &machines) {
        None => Vec::new(),
        Some((from, to)) => {
            let per_machine = each_machine(reader, &machines, &mut || {}, |reader, &(machine, observed)| {
                let intervals = reader.intervals(&machine.id, from, to)?;
                Ok(reason_groups(config, &cal, (machine, observed), &intervals, (from, to)))
            })?;
            report::merge_downtime_groups(per_machine.into_iter().flatten())
        }
    })
}

/// The key figures of a query's machines (the OEE report's combined rows summed over the
/// range, against the range of the same length before it) and its top stop reasons: the
/// first page of a PDF report, from the same functions as the reports themselves. `rows`
/// are the OEE report's rows of the query when they are at hand (summed, not computed
/// again).
pub fn key_figures(
    config: &Config,
    reader: &Reader,
    q: &Query,
    rows: Option<&[OeeRow]>,
    reasons: &[DowntimeGroup],
) -> Result<Vec<takt_core::table::Table>> {
    let sum = |rows: &[OeeRow]| -> Option<kpi::Terms> {
        // The combined rows where there are several machines, else the machine's.
        let all = rows.iter().any(|r| r.machine == report::ALL);
        let mut terms: Option<kpi::Terms> = None;
        for r in rows.iter().filter(|r| !all || r.machine == report::ALL) {
            *terms.get_or_insert_with(kpi::Terms::default) += r.terms;
        }
        terms
    };
    let whole = |from: Ts, to: Ts| -> Result<Option<kpi::Terms>> {
        let rows = oee(
            config,
            reader,
            &Query {
                from,
                to,
                by: Some(By::Machine),
                ..q.clone()
            },
            &mut || {},
        )?;
        Ok(sum(&rows))
    };
    let now = match rows {
        Some(rows) => sum(rows),
        None => whole(q.from, q.to)?,
    };
    let Some(now) = now else {
        return Ok(Vec::new());
    };
    let before = whole(Ts(q.from.0 - (q.to.0 - q.from.0)), q.from)?;
    Ok(takt_core::table::key_figures(
        &now,
        before.as_ref(),
        reasons,
        crate::locale(Some(config)),
    ))
}

/// How far back `takt check` looks for cycles faster than the ideal.
pub const CYCLE_CHECK_DAYS: i64 = 30;

/// Each machine (and product) whose best cycle sustained over an hour of running, in the
/// [`CYCLE_CHECK_DAYS`] before `now`, beats its ideal cycle time: the figure the OEE report's
/// "performance above 1" flag suggests, from the same function.
pub fn cycle_findings(config: &Config, reader: &Reader, now: Ts) -> Result<Vec<(MachineId, kpi::CycleFinding)>> {
    let from = Ts(now.0 - CYCLE_CHECK_DAYS * takt_core::time::DAY_MS);
    let machines: Vec<&Machine> = config
        .machines
        .iter()
        .filter(|m| m.signals.total_count.is_some())
        .collect();
    let found = each_machine(reader, &machines, &mut || {}, |reader, machine| {
        let intervals = reader.intervals(&machine.id, from, now)?;
        let counts = reader.counts(&machine.id, from, now)?;
        Ok(kpi::cycle_findings(machine, &config.products, &intervals, &counts)
            .into_iter()
            .map(|f| (machine.id.clone(), f))
            .collect::<Vec<_>>())
    })?;
    Ok(found.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::ids::ProductId;
    use takt_core::model::ProductRun;

    #[test]
    fn product_spans_cover_the_range_with_none_between_runs() {
        let run = |a: i64, b: i64, p: Option<&str>| ProductRun {
            start: Ts(a),
            end: Ts(b),
            product: p.map(|p| ProductId::new(p).unwrap()),
        };
        let spans = product_spans(
            &[run(-5, 10, Some("a")), run(20, 30, None), run(30, 50, Some("b"))],
            Ts(0),
            Ts(40),
        );
        let got: Vec<(&str, i64, i64)> = spans.iter().map(|(l, (a, b))| (l.as_str(), a.0, b.0)).collect();
        assert_eq!(got, [("a", 0, 10), ("none", 10, 20), ("none", 20, 30), ("b", 30, 40)]);
        assert_eq!(product_spans(&[], Ts(0), Ts(5)), [("none".to_string(), (Ts(0), Ts(5)))]);
    }

    #[test]
    fn the_first_span_starts_at_its_minute_but_not_before_the_report() {
        let mut spans = [(Ts(90_500), Ts(200_000)), (Ts(200_000), Ts(300_000))];
        from_its_minute(&mut spans, Ts(0));
        assert_eq!(spans[0], (Ts(60_000), Ts(200_000)));
        let mut spans = [(Ts(90_500), Ts(200_000))];
        from_its_minute(&mut spans, Ts(90_500));
        assert_eq!(spans[0].0, Ts(90_500));
    }
}
