//! Report writers. CSV exactly in the formats of SPEC section 4: RFC 4180 (CRLF line
//! ends, quoted where needed), UTF-8 without a byte-order mark so the header is exactly
//! `machine,...`, `.` decimals, RFC 3339 times with the plant's offset, ratios as
//! fractions with 4 digits (empty where undefined, such as availability without planned
//! time).

use std::io::Write;

use chrono_tz::Tz;
use takt_core::report::{DowntimeGroup, DowntimeRow, OeeRow, ScrapGroup};

/// Writing a report failed.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output failed.
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("writing the report: {0}")]
    Csv(#[from] csv::Error),
}

/// The first columns of the OEE report, as SPEC section 4 fixes them.
pub const OEE_COLUMNS: [&str; 13] = [
    "machine",
    "period_start",
    "period_end",
    "planned_s",
    "run_s",
    "down_s",
    "total",
    "good",
    "reject",
    "availability",
    "performance",
    "quality",
    "oee",
];

/// Columns after the fixed ones: the six big losses, TEEP, MTBF/MTTR and what the ratios
/// leave out.
pub const OEE_EXTRA: [&str; 20] = [
    "period",
    "product",
    "teep",
    "all_s",
    "scheduled_s",
    "planned_stop_s",
    "no_data_s",
    "breakdowns_s",
    "setups_s",
    "small_stops_s",
    "reduced_speed_s",
    "production_rejects_s",
    "startup_rejects_s",
    "failures",
    "mtbf_s",
    "mttr_s",
    "no_data_total",
    "unscheduled_total",
    "reject_cost",
    "flags",
];

/// A ratio with 4 digits, or empty.
pub fn ratio(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v:.4}"))
}

/// Seconds from milliseconds: whole seconds as integers, else up to 3 decimals.
pub fn seconds_ms(ms: i64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        let s = format!("{:.3}", ms as f64 / 1000.0);
        s.trim_end_matches('0').to_string()
    }
}

/// Seconds as a float, up to 3 decimals.
pub fn seconds(s: f64) -> String {
    let r = (s * 1000.0).round();
    if r == 0.0 {
        return "0".into();
    }
    seconds_ms(r as i64)
}

/// Seconds, or empty.
fn opt_seconds(s: Option<f64>) -> String {
    s.map_or(String::new(), seconds)
}

/// Money with 2 decimals.
pub fn money(x: f64) -> String {
    format!("{x:.2}")
}

fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// `takt report oee --format csv`.
pub fn oee_csv<W: Write>(rows: &[OeeRow], tz: Tz, out: W) -> Result<(), ReportError> {
    let mut w = writer(out);
    w.write_record(OEE_COLUMNS.iter().chain(OEE_EXTRA.iter()))?;
    for r in rows {
        let t = &r.terms;
        let l = t.losses();
        let record: Vec<String> = vec![
            r.machine.clone(),
            r.period.start.rfc3339(tz),
            r.period.end.rfc3339(tz),
            seconds_ms(t.planned_ms()),
            seconds_ms(t.run_ms()),
            seconds_ms(t.down_ms),
            t.total.to_string(),
            t.good().to_string(),
            t.reject.to_string(),
            ratio(t.availability()),
            ratio(t.performance()),
            ratio(t.quality()),
            ratio(t.oee()),
            r.period.label.clone(),
            r.product.as_ref().map_or(String::new(), |p| p.to_string()),
            ratio(t.teep()),
            seconds_ms(t.all_ms),
            seconds_ms(t.scheduled_ms),
            seconds_ms(t.planned_stop_ms),
            seconds_ms(t.no_data_ms),
            seconds(l.breakdowns_s),
            seconds(l.setups_s),
            seconds(l.small_stops_s),
            seconds(l.reduced_speed_s),
            seconds(l.production_rejects_s),
            seconds(l.startup_rejects_s),
            t.failures.to_string(),
            opt_seconds(t.mtbf_s()),
            opt_seconds(t.mttr_s()),
            t.no_data_total.to_string(),
            t.unscheduled_total.to_string(),
            money(t.reject_cost),
            r.flag_messages().join("; "),
        ];
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

/// `takt report downtime --format csv` without `--by`: one row per stop.
pub fn downtime_csv<W: Write>(rows: &[DowntimeRow], tz: Tz, out: W) -> Result<(), ReportError> {
    let mut w = writer(out);
    w.write_record([
        "machine",
        "start",
        "end",
        "duration_s",
        "reason",
        "kind",
        "stop_start",
        "on_break",
    ])?;
    for r in rows {
        let s = &r.stop;
        w.write_record([
            r.machine.to_string(),
            s.start.rfc3339(tz),
            s.end.rfc3339(tz),
            seconds_ms(s.end.since(s.start)),
            s.reason.as_ref().map_or(String::new(), |x| x.to_string()),
            s.kind.as_str().to_string(),
            s.stop_start.rfc3339(tz),
            s.on_break.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// `takt report downtime --by ... --format csv`.
pub fn downtime_groups_csv<W: Write>(groups: &[DowntimeGroup], out: W) -> Result<(), ReportError> {
    let mut w = writer(out);
    w.write_record([
        "group",
        "stops",
        "duration_s",
        "small_stops",
        "small_stop_s",
        "planned_stops",
        "planned_s",
    ])?;
    for g in groups {
        w.write_record([
            g.group.clone(),
            g.stops.to_string(),
            seconds_ms(g.duration_ms),
            g.small_stops.to_string(),
            seconds_ms(g.small_stop_ms),
            g.planned_stops.to_string(),
            seconds_ms(g.planned_ms),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// `takt report scrap --format csv`.
pub fn scrap_csv<W: Write>(groups: &[ScrapGroup], out: W) -> Result<(), ReportError> {
    let mut w = writer(out);
    w.write_record(["group", "total", "reject", "scrap_rate", "cost"])?;
    for g in groups {
        w.write_record([
            g.group.clone(),
            g.total.to_string(),
            g.reject.to_string(),
            ratio(g.scrap_rate()),
            money(g.cost),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_forms() {
        assert_eq!(seconds_ms(25_200_000), "25200");
        assert_eq!(seconds_ms(1_500), "1.5");
        assert_eq!(seconds_ms(-1_500), "-1.5");
        assert_eq!(seconds(2820.0), "2820");
        assert_eq!(seconds(0.0004), "0");
        assert_eq!(ratio(Some(0.747_936)), "0.7479");
        assert_eq!(ratio(None), "");
        assert_eq!(money(9.0), "9.00");
    }
}
