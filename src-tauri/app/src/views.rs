//! What the window's pages and the display's browsers ask for, answered once: the Machine
//! page's detail and a report's first page. The window's commands and the display's
//! `POST /api/invoke/NAME` both call these.

use takt_core::api::{
    ApiError, ApiResult, ChartSvg, FirstPage, MachineDetail, MachineEnergy, MachineQuery, ProcessSeries, ReportQuery,
    TimelineSpan,
};
use takt_core::config::Config;
use takt_core::report::By;
use takt_core::time::Ts;
use takt_store::Reader;

use crate::entries::{self, EntryError};
use crate::reports::{self, Kind, Query, ReportError};

fn err(e: impl std::fmt::Display) -> Vec<ApiError> {
    vec![ApiError::new(e.to_string())]
}

/// An entry's refusal, at the field it is about.
pub fn entry_err(e: EntryError) -> Vec<ApiError> {
    vec![ApiError {
        field: e.field().map(Into::into),
        message: e.to_string(),
    }]
}

/// A report's refusal, at the field it is about.
pub fn report_err(e: ReportError) -> Vec<ApiError> {
    match e {
        ReportError::Request { field, message } => vec![ApiError {
            field: Some(field.into()),
            message,
        }],
        e => err(e),
    }
}

/// One machine over a range: timeline, OEE, losses, process values, energy, alarms.
pub fn machine_detail(c: &Config, r: &Reader, input: &MachineQuery, now: Ts) -> ApiResult<MachineDetail> {
    let m = entries::machine(c, &input.machine).map_err(entry_err)?;
    let q = Query {
        from: input.from,
        to: input.to,
        machines: vec![m.id.clone()],
        by: Some(By::Machine),
        now,
    };
    let rows = reports::oee(c, r, &q, &mut || {}).map_err(err)?;
    let t = rows.first().map(|row| row.terms).unwrap_or_default();
    let timeline = TimelineSpan::of(
        &r.intervals(&m.id, input.from, input.to).map_err(err)?,
        input.from,
        input.to,
    );
    let mut process = Vec::new();
    for p in &m.signals.process {
        process.push(ProcessSeries {
            name: p.name.clone(),
            unit: p.unit.clone(),
            low: p.low,
            high: p.high,
            minutes: r.process_minutes(&m.id, &p.name, input.from, input.to).map_err(err)?,
        });
    }
    let energy = reports::machine_energy_row(c, r, &m.id, input.from, input.to, now)
        .map_err(err)?
        .map(|row| MachineEnergy::from(&row));
    let alarms = r.alarms(&m.id, input.from, input.to).map_err(err)?;
    Ok(MachineDetail {
        machine: m.id.to_string(),
        name: m.name.clone(),
        from: input.from,
        to: input.to,
        timeline,
        planned_s: t.planned_ms() as f64 / 1000.0,
        run_s: t.run_ms() as f64 / 1000.0,
        total: t.total,
        good: t.good(),
        reject: t.reject,
        availability: t.availability(),
        performance: t.performance(),
        quality: t.quality(),
        oee: t.oee(),
        losses: t.losses(),
        process,
        energy,
        alarms,
    })
}

/// The report a query asks for, checked like `takt report`.
pub fn query_of(c: &Config, input: &ReportQuery, now: Ts) -> ApiResult<(Kind, Query)> {
    let kind = Kind::parse(&input.kind).ok_or_else(|| {
        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        err(format!(
            "no report \"{}\": expected one of {}",
            input.kind,
            known.join(", ")
        ))
    })?;
    let q = Query::new(c, kind, (input.from, input.to), &input.machines, input.by, now).map_err(report_err)?;
    Ok((kind, q))
}

/// A report's first page as its PDF has it: the key figures and the charts (SVG), from the
/// function the PDF is made with.
pub fn first_page(c: &Config, r: &Reader, input: &ReportQuery, now: Ts) -> ApiResult<FirstPage> {
    let (kind, q) = query_of(c, input, now)?;
    let page = reports::first_page(c, r, kind, &q, None, None).map_err(report_err)?;
    Ok(FirstPage {
        key_figures: page.key_figures,
        charts: page
            .charts
            .into_iter()
            .map(|d| ChartSvg {
                name: d.chart.name().to_string(),
                item: d.item.map(|(m, i)| format!("{m} {i}")),
                svg: d.svg,
            })
            .collect(),
    })
}
