//! The typed report model: which reports there are ([`ReportKind`]), and each report as a
//! [`Table`] of typed columns and cells. The report rows of [`crate::report`] become tables
//! here, once; the CSV writer, the window's preview and the PDF render tables and compute
//! nothing. Adding a report kind touches this model and the query that fills it.

use serde::{Deserialize, Serialize};

use crate::condition::ConditionRow;
use crate::energy::EnergyRow;
use crate::kpi::SixLosses;
use crate::maintenance::{CONFIDENCE, ComponentRow, DueRow, GrowthRow};
use crate::process::{AlarmRow, ProcessRow};
use crate::quality::DriverRow;
use crate::report::{By, DowntimeGroup, DowntimeRow, OeeRow, ScrapGroup};
use crate::time::Ts;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// OEE with availability, performance, quality and the six big losses.
    Oee,
    /// Stops with their reasons.
    Downtime,
    /// Scrap and its cost.
    Scrap,
    /// Life models per component (Weibull), or per machine (Crow-AMSAA) by machine.
    Maintenance,
    /// Where each process value with limits is heading, and when it crosses one.
    Condition,
    /// Energy used, while running, standing and away, per good part and run hour.
    Energy,
    /// Process values outside their limits, episode by episode.
    Alarms,
    /// Process capability: each process value's spread against its limits.
    Process,
    /// What drives scrap: reject rates by bands of each process value.
    QualityDrivers,
    /// Tasks due by the maintenance plans (`takt maintenance due`; not a `takt report`).
    MaintenanceDue,
    /// The maintenance log (`takt maintenance list`; not a `takt report`).
    MaintenanceLog,
}

impl ReportKind {
    /// Every report of `takt report`, in the order the window offers them.
    pub const ALL: [ReportKind; 9] = [
        ReportKind::Oee,
        ReportKind::Downtime,
        ReportKind::Scrap,
        ReportKind::Energy,
        ReportKind::Alarms,
        ReportKind::Process,
        ReportKind::QualityDrivers,
        ReportKind::Maintenance,
        ReportKind::Condition,
    ];

    /// From its name (`oee`, `downtime`, `scrap`).
    pub fn parse(s: &str) -> Option<ReportKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Its name, as `takt report` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Oee => "oee",
            ReportKind::Downtime => "downtime",
            ReportKind::Scrap => "scrap",
            ReportKind::Maintenance => "maintenance",
            ReportKind::Condition => "condition",
            ReportKind::Energy => "energy",
            ReportKind::Alarms => "alarms",
            ReportKind::Process => "process",
            ReportKind::QualityDrivers => "quality-drivers",
            ReportKind::MaintenanceDue => "maintenance-due",
            ReportKind::MaintenanceLog => "maintenance-log",
        }
    }

    /// Its title, for headings.
    pub fn title(self) -> &'static str {
        match self {
            ReportKind::Oee => "OEE",
            ReportKind::Downtime => "Downtime",
            ReportKind::Scrap => "Scrap",
            ReportKind::Maintenance => "Maintenance",
            ReportKind::Condition => "Condition trends",
            ReportKind::Energy => "Energy",
            ReportKind::Alarms => "Process alarms",
            ReportKind::Process => "Process capability",
            ReportKind::QualityDrivers => "What drives scrap",
            ReportKind::MaintenanceDue => "Maintenance due",
            ReportKind::MaintenanceLog => "Maintenance log",
        }
    }

    /// Its title in the plant's language (the PDF's heading, the mail's subject).
    pub fn title_in(self, l: crate::i18n::Locale) -> String {
        l.t(&format!("title-{}", self.title().to_lowercase().replace(' ', "-")))
    }

    /// Whether a grouping makes sense for this report: an explanation when it does not.
    pub fn check_by(self, by: Option<By>) -> Result<(), String> {
        match (self, by) {
            (ReportKind::Oee, Some(By::Reason)) => {
                Err("oee has no grouping by reason: expected shift, day, week, machine or product".into())
            }
            (ReportKind::Downtime, Some(By::Product)) => {
                Err("downtime has no grouping by product: expected shift, day, week, machine or reason".into())
            }
            (ReportKind::Maintenance | ReportKind::MaintenanceDue | ReportKind::MaintenanceLog, Some(b))
                if b != By::Machine =>
            {
                Err("maintenance is by component, or by machine with --by machine: expected machine or no --by".into())
            }
            (ReportKind::Condition, Some(_)) => {
                Err("condition has no grouping: a row per process value with limits; expected no --by".into())
            }
            (ReportKind::Energy, Some(By::Reason)) => {
                Err("energy has no grouping by reason: expected shift, day, week, machine or product".into())
            }
            (ReportKind::Alarms, Some(_)) => Err(
                "alarms has no grouping: a row per episode; expected no --by (and --machine to pick machines)".into(),
            ),
            (ReportKind::Process, Some(_)) => {
                Err("process has no grouping: a row per machine and process value; expected no --by".into())
            }
            (ReportKind::QualityDrivers, Some(_)) => {
                Err("quality-drivers has no grouping: a row per band of each process value; expected no --by".into())
            }
            _ => Ok(()),
        }
    }
}

/// What a column holds; renderers format and align by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Words: a machine, a period label, a reason.
    Text,
    /// A whole number of things (parts, stops).
    Count,
    /// A time span in seconds.
    Seconds,
    /// A ratio as a decimal fraction (0.7481).
    Ratio,
    /// Money.
    Money,
    /// An instant, shown in plant-local time with its offset.
    Time,
    /// Yes or no.
    Bool,
    /// A real number (a shape, a rate).
    Number,
    /// Hours.
    Hours,
    /// Energy in kWh.
    Energy,
}

/// A column of a report table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Its name, as in the CSV header (SPEC section 4).
    pub name: String,
    /// What it holds.
    pub kind: ColumnType,
    /// Its unit (`s`, `parts`), when it has one.
    pub unit: Option<String>,
}

/// A value of a report table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "t", content = "v")]
pub enum Cell {
    /// Words.
    Text(String),
    /// A count.
    Count(u64),
    /// Milliseconds, shown as seconds.
    Ms(i64),
    /// Seconds that are not whole milliseconds (ideal times).
    Seconds(f64),
    /// A ratio; `None` where it has no denominator.
    Ratio(Option<f64>),
    /// Money.
    Money(f64),
    /// An instant.
    Time(Ts),
    /// Yes or no.
    Bool(bool),
    /// A real number, shown with 6 significant digits; `None` where it has none.
    Number(Option<f64>),
    /// Nothing (a value that does not apply).
    Empty,
}

impl Cell {
    /// The cell as CSV writes it (SPEC section 4): ratios with 4 digits, seconds whole or
    /// with up to 3 decimals, money with 2, times RFC 3339 with the plant's offset.
    pub fn text(&self, tz: chrono_tz::Tz) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Ms(ms) => seconds_ms(*ms),
            Cell::Seconds(s) => seconds(*s),
            Cell::Ratio(x) => x.map_or(String::new(), |v| fixed(v, 4)),
            Cell::Money(x) => fixed(*x, 2),
            Cell::Time(t) => t.rfc3339(tz),
            Cell::Bool(b) => b.to_string(),
            Cell::Number(x) => x.filter(|x| x.is_finite()).map_or(String::new(), significant),
            Cell::Empty => String::new(),
        }
    }
}

impl Cell {
    /// The cell as a PDF's table shows it in the plant's language: English as the CSV
    /// writes it; Turkish and German with a decimal comma and times as the plant writes
    /// them (`24.11.2026 06:00:00`), every digit the CSV has kept.
    pub fn text_in(&self, tz: chrono_tz::Tz, l: crate::i18n::Locale) -> String {
        if l.language == crate::i18n::Language::En {
            return self.text(tz);
        }
        match self {
            Cell::Text(_) | Cell::Empty | Cell::Count(_) | Cell::Bool(_) => self.text(tz),
            Cell::Time(t) => {
                let local = t.to_local(tz);
                format!("{} {}", l.date(local.date_naive()), local.format("%H:%M:%S"))
            }
            _ => self.text(tz).replace('.', ","),
        }
    }
}

/// `x` with `decimals` digits after the point, exactly as `format!("{x:.decimals$}")`
/// (which rounds the binary value, ties to even), but with integer arithmetic where the
/// value is not within a hair of a tie; a report writes hundreds of thousands of these.
pub fn fixed(x: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let scaled = x * scale;
    let frac = scaled - scaled.floor();
    if !scaled.is_finite() || scaled.abs() >= 1e15 || (frac - 0.5).abs() < 1e-6 {
        return format!("{x:.decimals$}");
    }
    let n = scaled.round() as i64;
    let p = 10i64.pow(decimals as u32);
    // As `format!`: the sign of the value, also where it rounds to zero (`-0.00`).
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (whole, part) = (n.unsigned_abs() / p as u64, n.unsigned_abs() % p as u64);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{part:0decimals$}")
    }
}

/// `x` to 6 significant digits (whole numbers from a million on), without trailing
/// zeros: 1.84536, 412.345, 0.00511932, 100.
pub fn significant(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs().log10().floor() as i32;
    let s = fixed(x, (5 - magnitude).clamp(0, 15) as usize);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Seconds from milliseconds: whole seconds as integers, else up to 3 decimals.
pub fn seconds_ms(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let (s, rest) = (ms.unsigned_abs() / 1000, ms.unsigned_abs() % 1000);
    if rest == 0 {
        format!("{sign}{s}")
    } else {
        let part = format!("{rest:03}");
        format!("{sign}{s}.{}", part.trim_end_matches('0'))
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

/// A report as a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Which report.
    pub kind: ReportKind,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, a cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// A row as a JSON object keyed by the CSV's column names, each value the CSV's text of
/// its cell (so the same digits): numbers as JSON numbers, an empty cell as `null`,
/// times as RFC 3339 strings with the plant's offset. What MQTT and other machine
/// readers get of a report row.
pub fn json_row(columns: &[Column], cells: &[Cell], tz: chrono_tz::Tz) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    columns
        .iter()
        .zip(cells)
        .map(|(c, cell)| {
            let text = cell.text(tz);
            let v = match cell {
                _ if text.is_empty() => Value::Null,
                Cell::Text(_) | Cell::Time(_) => Value::String(text),
                Cell::Bool(b) => Value::Bool(*b),
                _ => text
                    .parse::<serde_json::Number>()
                    .map_or(Value::String(text), Value::Number),
            };
            (c.name.clone(), v)
        })
        .collect()
}

fn columns(spec: &[(&str, ColumnType)]) -> Vec<Column> {
    spec.iter()
        .map(|&(name, kind)| Column {
            name: name.to_string(),
            kind,
            unit: match kind {
                ColumnType::Seconds => Some("s".to_string()),
                ColumnType::Hours => Some("h".to_string()),
                ColumnType::Energy => Some("kWh".to_string()),
                _ => None,
            },
        })
        .collect()
}

use ColumnType::{Bool, Count, Energy, Hours, Money, Number, Ratio, Seconds, Text, Time};

/// The OEE report's columns: SPEC section 4's first, then the six big losses, TEEP (not
/// an ISO 22400 KPI), MTBF/MTTR, what the ratios leave out, and the ISO 22400-2 KPIs.
pub const OEE_COLUMNS: [(&str, ColumnType); 48] = [
    ("machine", Text),
    ("period_start", Time),
    ("period_end", Time),
    ("planned_s", Seconds),
    ("run_s", Seconds),
    ("down_s", Seconds),
    ("total", Count),
    ("good", Count),
    ("reject", Count),
    ("availability", Ratio),
    ("performance", Ratio),
    ("quality", Ratio),
    ("oee", Ratio),
    ("period", Text),
    ("product", Text),
    ("teep", Ratio),
    ("all_s", Seconds),
    ("scheduled_s", Seconds),
    ("planned_stop_s", Seconds),
    ("no_data_s", Seconds),
    ("breakdowns_s", Seconds),
    ("setups_s", Seconds),
    ("small_stops_s", Seconds),
    ("reduced_speed_s", Seconds),
    ("production_rejects_s", Seconds),
    ("startup_rejects_s", Seconds),
    ("failures", Count),
    ("mtbf_s", Seconds),
    ("mttr_s", Seconds),
    ("no_data_total", Count),
    ("unscheduled_total", Count),
    ("reject_cost", Money),
    ("flags", Text),
    ("allocation_efficiency", Ratio),
    ("utilisation_efficiency", Ratio),
    ("technical_efficiency", Ratio),
    ("setup_rate", Ratio),
    ("nee", Ratio),
    ("throughput_per_h", Number),
    ("first_pass_yield", Ratio),
    ("scrap_ratio", Ratio),
    ("rework_ratio", Ratio),
    ("rework", Count),
    ("mttf_s", Seconds),
    ("mttr_stop_s", Seconds),
    ("corrective_maintenance_ratio", Ratio),
    ("kwh", Energy),
    ("kwh_per_good", Number),
];

/// The downtime report's columns, one row per stop.
pub const DOWNTIME_COLUMNS: [(&str, ColumnType); 8] = [
    ("machine", Text),
    ("start", Time),
    ("end", Time),
    ("duration_s", Seconds),
    ("reason", Text),
    ("kind", Text),
    ("stop_start", Time),
    ("on_break", Bool),
];

/// The downtime report's columns with `--by`.
pub const DOWNTIME_GROUP_COLUMNS: [(&str, ColumnType); 7] = [
    ("group", Text),
    ("stops", Count),
    ("duration_s", Seconds),
    ("small_stops", Count),
    ("small_stop_s", Seconds),
    ("planned_stops", Count),
    ("planned_s", Seconds),
];

/// The scrap report's columns.
pub const SCRAP_COLUMNS: [(&str, ColumnType); 5] = [
    ("group", Text),
    ("total", Count),
    ("reject", Count),
    ("scrap_rate", Ratio),
    ("cost", Money),
];

/// The energy report's columns.
pub const ENERGY_COLUMNS: [(&str, ColumnType); 12] = [
    ("group", Text),
    ("kwh", Energy),
    ("run_kwh", Energy),
    ("idle_kwh", Energy),
    ("no_data_kwh", Energy),
    ("good", Count),
    ("kwh_per_good", Number),
    ("kwh_per_run_h", Number),
    ("cost", Money),
    ("run_s", Seconds),
    ("idle_share", Ratio),
    ("cost_per_good", Number),
];

/// The alarms report's columns, a row per episode.
pub const ALARM_COLUMNS: [(&str, ColumnType); 10] = [
    ("machine", Text),
    ("signal", Text),
    ("kind", Text),
    ("limit", Number),
    ("worst", Number),
    ("start", Time),
    ("end", Time),
    ("duration_s", Seconds),
    ("unit", Text),
    ("open", Bool),
];

/// The process report's columns, a row per machine and process value.
pub const PROCESS_COLUMNS: [(&str, ColumnType); 13] = [
    ("machine", Text),
    ("signal", Text),
    ("unit", Text),
    ("n", Count),
    ("mean", Number),
    ("sd", Number),
    ("min", Number),
    ("max", Number),
    ("low", Number),
    ("high", Number),
    ("cp", Number),
    ("cpk", Number),
    ("out_of_limit_s", Seconds),
];

/// The quality-drivers report's columns, a row per band of a machine's process value.
pub const DRIVER_COLUMNS: [(&str, ColumnType); 12] = [
    ("machine", Text),
    ("signal", Text),
    ("band", Count),
    ("low", Number),
    ("high", Number),
    ("minutes", Count),
    ("total", Count),
    ("reject", Count),
    ("reject_rate", Ratio),
    ("ratio_to_best", Number),
    ("significant", Bool),
    ("p_value", Number),
];

/// The maintenance report's columns, a row per machine and component: SPEC section 4's
/// first, then the 90 % bounds, the mean life, the basis and a note on empty cells.
pub const MAINTENANCE_COLUMNS: [(&str, ColumnType); 20] = [
    ("machine", Text),
    ("component", Text),
    ("failures", Count),
    ("suspensions", Count),
    ("weibull_beta", Number),
    ("weibull_eta_h", Hours),
    ("mtbf_h", Hours),
    ("mttr_h", Hours),
    ("b10_h", Hours),
    ("p_fail_30d", Ratio),
    ("next_due", Time),
    ("beta_lo", Number),
    ("beta_hi", Number),
    ("eta_lo", Hours),
    ("eta_hi", Hours),
    ("b10_lo", Hours),
    ("b10_hi", Hours),
    ("mttf_h", Hours),
    ("life_basis", Text),
    ("note", Text),
];

/// The maintenance report's columns by machine (Crow-AMSAA).
pub const GROWTH_COLUMNS: [(&str, ColumnType); 10] = [
    ("machine", Text),
    ("failures", Count),
    ("mtbf_h", Hours),
    ("mttr_h", Hours),
    ("amsaa_beta", Number),
    ("amsaa_lambda", Number),
    ("amsaa_mtbf_h", Hours),
    ("trend", Text),
    ("life_basis", Text),
    ("note", Text),
];

/// The condition report's columns, a row per process value with a limit.
pub const CONDITION_COLUMNS: [(&str, ColumnType); 15] = [
    ("machine", Text),
    ("signal", Text),
    ("unit", Text),
    ("last", Number),
    ("low", Number),
    ("high", Number),
    ("slope_per_day", Number),
    ("cross_at", Time),
    ("cross_earliest", Time),
    ("cross_latest", Time),
    ("points", Count),
    ("note", Text),
    ("limit", Text),
    ("beyond", Bool),
    ("trend_from", Time),
];

/// The columns of the tasks due.
pub const DUE_COLUMNS: [(&str, ColumnType); 11] = [
    ("machine", Text),
    ("task", Text),
    ("component", Text),
    ("every", Number),
    ("unit", Text),
    ("since_last", Number),
    ("remaining", Number),
    ("due_at", Time),
    ("overdue", Bool),
    ("counted_from", Time),
    ("note", Text),
];

/// The maintenance log's columns: the import format (SPEC section 4), so a list can be
/// imported into another database as it is.
pub const LOG_COLUMNS: [(&str, ColumnType); 6] = [
    ("machine", Text),
    ("component", Text),
    ("time", Time),
    ("kind", Text),
    ("duration_min", Number),
    ("note", Text),
];

fn opt_time(t: Option<Ts>) -> Cell {
    t.map_or(Cell::Empty, Cell::Time)
}

fn opt_seconds(s: Option<f64>) -> Cell {
    s.map_or(Cell::Empty, Cell::Seconds)
}

/// A report's rows, as computed, with the one rendering of each into cells. Renderers
/// walk [`Report::rows`] (the CSV writer streams them); the window gets [`Report::table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// The OEE report.
    Oee(Vec<OeeRow>),
    /// The downtime report, stop by stop.
    Downtime(Vec<DowntimeRow>),
    /// The downtime report grouped.
    DowntimeGroups(Vec<DowntimeGroup>),
    /// The scrap report.
    Scrap(Vec<ScrapGroup>),
    /// The maintenance report, by component.
    Maintenance(Vec<ComponentRow>),
    /// The maintenance report by machine.
    Growth(Vec<GrowthRow>),
    /// The condition trends.
    Condition(Vec<ConditionRow>),
    /// The energy report.
    Energy(Vec<EnergyRow>),
    /// The alarm episodes.
    Alarms(Vec<AlarmRow>),
    /// Process capability.
    Process(Vec<ProcessRow>),
    /// What drives scrap.
    Drivers(Vec<DriverRow>),
    /// The tasks due.
    Due(Vec<DueRow>),
    /// The maintenance log.
    Log(Vec<(crate::ids::MachineId, crate::model::MaintenanceEvent)>),
}

impl Report {
    /// Which report.
    pub fn kind(&self) -> ReportKind {
        match self {
            Report::Oee(_) => ReportKind::Oee,
            Report::Downtime(_) | Report::DowntimeGroups(_) => ReportKind::Downtime,
            Report::Scrap(_) => ReportKind::Scrap,
            Report::Maintenance(_) | Report::Growth(_) => ReportKind::Maintenance,
            Report::Condition(_) => ReportKind::Condition,
            Report::Energy(_) => ReportKind::Energy,
            Report::Alarms(_) => ReportKind::Alarms,
            Report::Process(_) => ReportKind::Process,
            Report::Drivers(_) => ReportKind::QualityDrivers,
            Report::Due(_) => ReportKind::MaintenanceDue,
            Report::Log(_) => ReportKind::MaintenanceLog,
        }
    }

    /// Its columns.
    pub fn columns(&self) -> Vec<Column> {
        columns(match self {
            Report::Oee(_) => &OEE_COLUMNS[..],
            Report::Downtime(_) => &DOWNTIME_COLUMNS[..],
            Report::DowntimeGroups(_) => &DOWNTIME_GROUP_COLUMNS[..],
            Report::Scrap(_) => &SCRAP_COLUMNS[..],
            Report::Maintenance(_) => &MAINTENANCE_COLUMNS[..],
            Report::Growth(_) => &GROWTH_COLUMNS[..],
            Report::Condition(_) => &CONDITION_COLUMNS[..],
            Report::Energy(_) => &ENERGY_COLUMNS[..],
            Report::Alarms(_) => &ALARM_COLUMNS[..],
            Report::Process(_) => &PROCESS_COLUMNS[..],
            Report::Drivers(_) => &DRIVER_COLUMNS[..],
            Report::Due(_) => &DUE_COLUMNS[..],
            Report::Log(_) => &LOG_COLUMNS[..],
        })
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        match self {
            Report::Oee(r) => r.len(),
            Report::Downtime(r) => r.len(),
            Report::DowntimeGroups(r) => r.len(),
            Report::Scrap(r) => r.len(),
            Report::Maintenance(r) => r.len(),
            Report::Growth(r) => r.len(),
            Report::Condition(r) => r.len(),
            Report::Energy(r) => r.len(),
            Report::Alarms(r) => r.len(),
            Report::Process(r) => r.len(),
            Report::Drivers(r) => r.len(),
            Report::Due(r) => r.len(),
            Report::Log(r) => r.len(),
        }
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each row as cells, a cell per column.
    pub fn rows(&self) -> impl Iterator<Item = Vec<Cell>> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// Row `i` as cells (`i` below [`Report::len`]).
    pub fn row(&self, i: usize) -> Vec<Cell> {
        match self {
            Report::Oee(r) => oee_cells(&r[i]),
            Report::Downtime(r) => downtime_cells(&r[i]),
            Report::DowntimeGroups(r) => downtime_group_cells(&r[i]),
            Report::Scrap(r) => scrap_cells(&r[i]),
            Report::Maintenance(r) => component_cells(&r[i]),
            Report::Growth(r) => growth_cells(&r[i]),
            Report::Condition(r) => condition_cells(&r[i]),
            Report::Energy(r) => energy_cells(&r[i]),
            Report::Alarms(r) => alarm_cells(&r[i]),
            Report::Process(r) => process_cells(&r[i]),
            Report::Drivers(r) => driver_cells(&r[i]),
            Report::Due(r) => due_cells(&r[i]),
            Report::Log(r) => {
                let (m, e) = &r[i];
                vec![
                    Cell::Text(m.to_string()),
                    Cell::Text(e.component.clone()),
                    Cell::Time(e.t),
                    Cell::Text(e.kind.as_str().to_string()),
                    Cell::Number(Some(e.duration_min)),
                    Cell::Text(e.note.clone()),
                ]
            }
        }
    }

    /// The whole report as a table.
    pub fn table(&self) -> Table {
        Table {
            kind: self.kind(),
            columns: self.columns(),
            rows: self.rows().collect(),
        }
    }
}

/// An OEE report row as cells.
fn oee_cells(r: &OeeRow) -> Vec<Cell> {
    let (t, x) = (&r.terms, &r.extra);
    let l = t.losses();
    vec![
        Cell::Text(r.machine.clone()),
        Cell::Time(r.period.start),
        Cell::Time(r.period.end),
        Cell::Ms(t.planned_ms()),
        Cell::Ms(t.run_ms()),
        Cell::Ms(t.down_ms),
        Cell::Count(t.total),
        Cell::Count(t.good()),
        Cell::Count(t.reject),
        Cell::Ratio(t.availability()),
        Cell::Ratio(t.performance()),
        Cell::Ratio(t.quality()),
        Cell::Ratio(t.oee()),
        Cell::Text(r.period.label.clone()),
        Cell::Text(r.product.as_ref().map_or(String::new(), |p| p.to_string())),
        Cell::Ratio(t.teep()),
        Cell::Ms(t.all_ms),
        Cell::Ms(t.scheduled_ms),
        Cell::Ms(t.planned_stop_ms),
        Cell::Ms(t.no_data_ms),
        Cell::Seconds(l.breakdowns_s),
        Cell::Seconds(l.setups_s),
        Cell::Seconds(l.small_stops_s),
        Cell::Seconds(l.reduced_speed_s),
        Cell::Seconds(l.production_rejects_s),
        Cell::Seconds(l.startup_rejects_s),
        Cell::Count(t.failures),
        opt_seconds(t.mtbf_s()),
        opt_seconds(x.mttr_s()),
        Cell::Count(t.no_data_total),
        Cell::Count(t.unscheduled_total),
        Cell::Money(t.reject_cost),
        Cell::Text(r.flag_messages().join("; ")),
        Cell::Ratio(t.allocation_efficiency()),
        Cell::Ratio(t.utilisation_efficiency()),
        Cell::Ratio(t.technical_efficiency()),
        Cell::Ratio(t.setup_rate()),
        Cell::Ratio(t.nee()),
        Cell::Number(t.throughput_per_h()),
        Cell::Ratio(t.first_pass_yield()),
        Cell::Ratio(t.scrap_ratio()),
        Cell::Ratio(t.rework_ratio()),
        Cell::Count(t.rework),
        opt_seconds(x.mttf_s(t)),
        opt_seconds(t.mttr_stop_s()),
        Cell::Ratio(x.corrective_ratio()),
        Cell::Number(x.energy.map(|e| e.energy.kwh)),
        Cell::Number(x.kwh_per_good()),
    ]
}

/// A key figure of a period's terms.
type Figure<'a> = &'a dyn Fn(&crate::kpi::Terms) -> Cell;

/// One of the six big losses, in seconds.
type Loss = fn(&SixLosses) -> f64;

/// The key figures a manager reads first: OEE with availability, performance and quality,
/// the parts, the six big losses largest first, and the stop reasons with the most down
/// time, for the period (`now`, the OEE report's combined row) against the one of the same
/// length before it (`before`; `None` where nothing was recorded then). Three small tables
/// the PDF puts on its first page; every value is a cell, rendered as the CSV renders it.
pub fn key_figures(
    now: &crate::kpi::Terms,
    before: Option<&crate::kpi::Terms>,
    reasons: &[DowntimeGroup],
    l: crate::i18n::Locale,
) -> Vec<Table> {
    // The names in the plant's language (the figures stay cells).
    let col = |spec: &[(&str, ColumnType)]| {
        let words: Vec<(String, ColumnType)> = spec.iter().map(|(k, t)| (l.t(k), *t)).collect();
        let named: Vec<(&str, ColumnType)> = words.iter().map(|(w, t)| (w.as_str(), *t)).collect();
        columns(&named)
    };
    let pair = |f: &dyn Fn(&crate::kpi::Terms) -> Cell| vec![f(now), before.map_or(Cell::Empty, f)];
    let mut figures = Table {
        kind: ReportKind::Oee,
        columns: col(&[
            ("kf-key-figure", Text),
            ("kf-this-period", Ratio),
            ("kf-period-before", Ratio),
        ]),
        rows: Vec::new(),
    };
    let rows: [(&str, Figure<'_>); 7] = [
        ("kf-oee", &|t| Cell::Ratio(t.oee())),
        ("kf-availability", &|t| Cell::Ratio(t.availability())),
        ("kf-performance", &|t| Cell::Ratio(t.performance())),
        ("kf-quality", &|t| Cell::Ratio(t.quality())),
        ("kf-parts", &|t| Cell::Count(t.total)),
        ("kf-good-parts", &|t| Cell::Count(t.good())),
        ("kf-down-time-s", &|t| Cell::Ms(t.down_ms)),
    ];
    for (name, f) in rows {
        let mut r = vec![Cell::Text(l.t(name))];
        r.extend(pair(f));
        figures.rows.push(r);
    }
    let named: [(&str, Loss); 6] = [
        ("kf-breakdowns", |l| l.breakdowns_s),
        ("kf-setups", |l| l.setups_s),
        ("kf-small-stops", |l| l.small_stops_s),
        ("kf-reduced-speed", |l| l.reduced_speed_s),
        ("kf-production-rejects", |l| l.production_rejects_s),
        ("kf-startup-rejects", |l| l.startup_rejects_s),
    ];
    let (l_now, l_before) = (now.losses(), before.map(|t| t.losses()));
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by(|&a, &b| (named[b].1)(&l_now).total_cmp(&(named[a].1)(&l_now)));
    let losses = Table {
        kind: ReportKind::Oee,
        columns: col(&[
            ("kf-largest-losses", Text),
            ("kf-this-period-s", Seconds),
            ("kf-period-before-s", Seconds),
        ]),
        rows: order
            .into_iter()
            .take(3)
            .map(|i| {
                vec![
                    Cell::Text(l.t(named[i].0)),
                    Cell::Seconds((named[i].1)(&l_now)),
                    l_before
                        .as_ref()
                        .map_or(Cell::Empty, |l| Cell::Seconds((named[i].1)(l))),
                ]
            })
            .collect(),
    };
    let mut top: Vec<&DowntimeGroup> = reasons.iter().filter(|g| g.duration_ms > 0).collect();
    top.sort_by(|a, b| b.duration_ms.cmp(&a.duration_ms).then(a.group.cmp(&b.group)));
    let reasons = Table {
        kind: ReportKind::Downtime,
        columns: col(&[
            ("kf-top-stop-reasons", Text),
            ("kf-stops", Count),
            ("kf-duration-s", Seconds),
        ]),
        rows: top
            .into_iter()
            .take(5)
            .map(|g| {
                vec![
                    Cell::Text(g.group.clone()),
                    Cell::Count(g.stops),
                    Cell::Ms(g.duration_ms),
                ]
            })
            .collect(),
    };
    vec![figures, losses, reasons]
}

/// A stop (or the part of one a break cut) as cells.
fn downtime_cells(r: &DowntimeRow) -> Vec<Cell> {
    let s = &r.stop;
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Time(s.start),
        Cell::Time(s.end),
        Cell::Ms(s.end.since(s.start)),
        Cell::Text(s.reason.as_ref().map_or(String::new(), |x| x.to_string())),
        Cell::Text(s.kind.as_str().to_string()),
        Cell::Time(s.stop_start),
        Cell::Bool(s.on_break),
    ]
}

/// A downtime group as cells.
fn downtime_group_cells(g: &DowntimeGroup) -> Vec<Cell> {
    vec![
        Cell::Text(g.group.clone()),
        Cell::Count(g.stops),
        Cell::Ms(g.duration_ms),
        Cell::Count(g.small_stops),
        Cell::Ms(g.small_stop_ms),
        Cell::Count(g.planned_stops),
        Cell::Ms(g.planned_ms),
    ]
}

/// A scrap group as cells.
fn scrap_cells(g: &ScrapGroup) -> Vec<Cell> {
    vec![
        Cell::Text(g.group.clone()),
        Cell::Count(g.total),
        Cell::Count(g.reject),
        Cell::Ratio(g.scrap_rate()),
        Cell::Money(g.cost),
    ]
}

/// A component's life model as cells: the fit's figures and its 90 % bounds.
fn component_cells(r: &ComponentRow) -> Vec<Cell> {
    let fit = r.fit.as_ref().ok();
    let num = |f: &dyn Fn(&crate::reliability::Weibull) -> f64| Cell::Number(fit.map(f));
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Text(r.component.clone()),
        Cell::Count(r.failures() as u64),
        Cell::Count(r.suspensions() as u64),
        num(&|w| w.beta),
        num(&|w| w.eta),
        Cell::Number(r.mtbf_h),
        Cell::Number(r.mttr_h),
        num(&|w| w.life_at(0.1)),
        Cell::Ratio(r.p_fail_30d),
        opt_time(r.next_due),
        num(&|w| w.beta_bounds(CONFIDENCE).lo),
        num(&|w| w.beta_bounds(CONFIDENCE).hi),
        num(&|w| w.eta_bounds(CONFIDENCE).lo),
        num(&|w| w.eta_bounds(CONFIDENCE).hi),
        num(&|w| w.life_bounds(0.1, CONFIDENCE).lo),
        num(&|w| w.life_bounds(0.1, CONFIDENCE).hi),
        num(&|w| w.mttf()),
        Cell::Text(r.basis.as_str().to_string()),
        Cell::Text(r.notes.join("; ")),
    ]
}

/// A machine's growth model as cells.
fn growth_cells(r: &GrowthRow) -> Vec<Cell> {
    let fit = r.fit.as_ref();
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Count(r.failures as u64),
        Cell::Number(r.mtbf_h),
        Cell::Number(r.mttr_h),
        Cell::Number(fit.map(|c| c.beta)),
        Cell::Number(fit.map(|c| c.lambda)),
        Cell::Number(fit.map(|c| c.mtbf())),
        Cell::Text(fit.map_or(String::new(), |c| c.trend(CONFIDENCE).as_str().to_string())),
        Cell::Text(r.basis.as_str().to_string()),
        Cell::Text(r.notes.join("; ")),
    ]
}

/// A condition trend as cells.
fn condition_cells(r: &ConditionRow) -> Vec<Cell> {
    let c = r.crossing.as_ref();
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Text(r.signal.clone()),
        Cell::Text(r.unit.clone()),
        Cell::Number(r.last),
        Cell::Number(r.low),
        Cell::Number(r.high),
        Cell::Number(r.slope_per_day),
        opt_time(c.map(|c| c.at)),
        opt_time(c.map(|c| c.earliest)),
        opt_time(c.and_then(|c| c.latest)),
        Cell::Count(r.points as u64),
        Cell::Text(r.note.clone()),
        Cell::Text(c.map_or(String::new(), |c| c.limit.as_str().to_string())),
        Cell::Bool(c.is_some_and(|c| c.beyond)),
        opt_time(r.since),
    ]
}

/// An energy group as cells.
fn energy_cells(r: &EnergyRow) -> Vec<Cell> {
    let e = &r.piece.energy;
    vec![
        Cell::Text(r.group.clone()),
        Cell::Number(Some(e.kwh)),
        Cell::Number(Some(e.run_kwh)),
        Cell::Number(Some(e.idle_kwh())),
        Cell::Number(Some(e.no_data_kwh)),
        Cell::Count(r.piece.good),
        Cell::Number(r.kwh_per_good()),
        Cell::Number(r.kwh_per_run_h()),
        r.cost.map_or(Cell::Empty, Cell::Money),
        Cell::Ms(r.piece.run_ms),
        Cell::Ratio(r.idle_share()),
        // Cost per good part: more decimals than money has, so as a number.
        Cell::Number(
            r.cost
                .zip((r.piece.good > 0).then_some(r.piece.good))
                .map(|(c, g)| c / g as f64),
        ),
    ]
}

/// An alarm episode as cells.
fn alarm_cells(r: &AlarmRow) -> Vec<Cell> {
    let a = &r.episode;
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Text(a.signal.clone()),
        Cell::Text(a.kind.as_str().to_string()),
        Cell::Number(Some(a.limit)),
        Cell::Number(Some(a.worst)),
        Cell::Time(a.start),
        if a.open { Cell::Empty } else { Cell::Time(a.end) },
        Cell::Ms(r.duration_ms()),
        Cell::Text(r.unit.clone()),
        Cell::Bool(a.open),
    ]
}

/// A process value's capability as cells.
fn process_cells(r: &ProcessRow) -> Vec<Cell> {
    let s = r.stats.as_ref();
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Text(r.signal.clone()),
        Cell::Text(r.unit.clone()),
        Cell::Count(s.map_or(0, |s| s.n)),
        Cell::Number(s.map(|s| s.mean)),
        Cell::Number(s.and_then(|s| s.sd)),
        Cell::Number(s.map(|s| s.min)),
        Cell::Number(s.map(|s| s.max)),
        Cell::Number(r.low),
        Cell::Number(r.high),
        Cell::Number(r.cp()),
        Cell::Number(r.cpk()),
        Cell::Ms(r.out_of_limit_ms),
    ]
}

/// A band of a process value as cells.
fn driver_cells(r: &DriverRow) -> Vec<Cell> {
    let b = &r.band;
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Text(r.signal.clone()),
        Cell::Count(u64::from(b.band)),
        Cell::Number(Some(b.low)),
        Cell::Number(Some(b.high)),
        Cell::Count(b.minutes),
        Cell::Count(b.total),
        Cell::Count(b.reject),
        Cell::Ratio(b.rate()),
        Cell::Number(r.ratio_to_best),
        Cell::Bool(r.significant()),
        Cell::Number(r.p_value),
    ]
}

/// A task due as cells.
fn due_cells(r: &DueRow) -> Vec<Cell> {
    vec![
        Cell::Text(r.machine.to_string()),
        Cell::Text(r.task.clone()),
        Cell::Text(r.component.clone()),
        Cell::Number(Some(r.every)),
        Cell::Text(r.unit.clone()),
        Cell::Number(Some(r.since_last)),
        Cell::Number(Some(r.remaining)),
        opt_time(r.due_at),
        Cell::Bool(r.overdue),
        Cell::Time(r.last),
        Cell::Text(r.note.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_row_holds_the_csv_values_as_json_types() {
        let columns = columns(&[
            ("machine", ColumnType::Text),
            ("start", ColumnType::Time),
            ("duration_s", ColumnType::Seconds),
            ("oee", ColumnType::Ratio),
            ("quality", ColumnType::Ratio),
            ("on_break", ColumnType::Bool),
        ]);
        let cells = [
            Cell::Text("press-1".into()),
            Cell::Time(Ts(1_764_050_400_000)),
            Cell::Ms(1_500),
            Cell::Ratio(Some(0.747_936)),
            Cell::Ratio(None),
            Cell::Bool(false),
        ];
        let row = json_row(&columns, &cells, chrono_tz::Europe::Istanbul);
        assert_eq!(
            serde_json::Value::Object(row).to_string(),
            r#"{"duration_s":1.5,"machine":"press-1","oee":0.7479,"on_break":false,"quality":null,"start":"2025-11-25T09:00:00+03:00"}"#
        );
    }

    #[test]
    fn number_forms() {
        let tz = chrono_tz::UTC;
        assert_eq!(Cell::Ms(25_200_000).text(tz), "25200");
        assert_eq!(Cell::Ms(1_500).text(tz), "1.5");
        assert_eq!(Cell::Ms(-1_500).text(tz), "-1.5");
        assert_eq!(Cell::Seconds(2820.0).text(tz), "2820");
        assert_eq!(Cell::Seconds(0.0004).text(tz), "0");
        assert_eq!(Cell::Ratio(Some(0.747_936)).text(tz), "0.7479");
        assert_eq!(Cell::Ratio(None).text(tz), "");
        assert_eq!(Cell::Money(9.0).text(tz), "9.00");
        assert_eq!(Cell::Number(Some(1.870_217_84)).text(tz), "1.87022");
        assert_eq!(Cell::Number(Some(452.467_255_4)).text(tz), "452.467");
        assert_eq!(Cell::Number(Some(0.003_810_347_33)).text(tz), "0.00381035");
        assert_eq!(Cell::Number(Some(100.0)).text(tz), "100");
        assert_eq!(Cell::Number(Some(-2.5)).text(tz), "-2.5");
        assert_eq!(Cell::Number(Some(1_234_567.8)).text(tz), "1234568");
        assert_eq!(Cell::Number(Some(f64::NAN)).text(tz), "");
        assert_eq!(Cell::Number(None).text(tz), "");
    }

    proptest::proptest! {
        #[test]
        fn fixed_is_format(x in -1e6f64..1e6, d in 0usize..5) {
            proptest::prop_assert_eq!(fixed(x, d), format!("{x:.d$}"));
        }

        #[test]
        fn fixed_is_format_for_ratios(x in 0f64..2.0) {
            proptest::prop_assert_eq!(fixed(x, 4), format!("{x:.4}"));
            proptest::prop_assert_eq!(fixed(x * 1000.0, 2), format!("{:.2}", x * 1000.0));
        }

        #[test]
        fn seconds_are_as_before(ms in -10_000_000i64..10_000_000) {
            let old = if ms % 1000 == 0 {
                (ms / 1000).to_string()
            } else {
                format!("{:.3}", ms as f64 / 1000.0).trim_end_matches('0').to_string()
            };
            proptest::prop_assert_eq!(seconds_ms(ms), old);
        }
    }

    #[test]
    fn fixed_at_the_edges() {
        for (x, d) in [
            (0.5, 0),
            (1.5, 0),
            (2.5, 0),
            (0.125, 2),
            (-0.0, 2),
            (-0.001, 2),
            (0.00005, 4),
            (0.99995, 4),
            (1e20, 2),
        ] {
            assert_eq!(fixed(x, d), format!("{x:.d$}"), "{x} {d}");
        }
    }

    #[test]
    fn every_row_has_a_cell_per_column() {
        let g = ScrapGroup {
            group: "m".into(),
            total: 10,
            reject: 1,
            cost: 0.5,
        };
        let t = Report::Scrap(vec![g]).table();
        assert_eq!(t.rows[0].len(), t.columns.len());
        assert_eq!(t.column("scrap_rate"), Some(3));
    }
}
