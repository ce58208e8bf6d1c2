//! The window's commands and events: their names and payload types, defined once and used
//! by the backend (Tauri commands) and the UI (wasm) alike.

use serde::{Deserialize, Serialize};

use crate::config::ReasonKind;
use crate::kpi::{SixLosses, StopKind};
use crate::live::Snapshot;
use crate::model::{MachineState, ProcessMinute};
use crate::report::By;
use crate::time::Ts;

/// Command names (`invoke(name, args)`).
pub mod cmd {
    /// [`super::PlantInfo`] of the plant the window shows.
    pub const PLANT: &str = "plant";
    /// Starts the demo plant inside the app; returns [`super::PlantInfo`].
    pub const START_DEMO: &str = "start_demo";
    /// The latest [`super::Snapshot`].
    pub const SNAPSHOT: &str = "snapshot";
    /// [`super::MachineDetail`] for a [`super::MachineQuery`].
    pub const MACHINE: &str = "machine_detail";
    /// Stops in a range ([`super::StopsQuery`] to `Vec<`[`super::StopRow`]`>`).
    pub const STOPS: &str = "stops";
    /// A stop's reason or scrap entered at a tablet of `[display]` with an operator's name
    /// and PIN ([`super::OperatorEntry`]); the display's only write.
    pub const OPERATOR_ENTRY: &str = "operator_entry";
    /// Gives a stop a reason ([`super::AssignReason`]).
    pub const ASSIGN_REASON: &str = "assign_reason";
    /// Splits a stop in two ([`super::SplitStop`]).
    pub const SPLIT_STOP: &str = "split_stop";
    /// Records scrap ([`super::NewScrap`]).
    pub const ADD_SCRAP: &str = "add_scrap";
    /// A report as a preview ([`super::ReportQuery`] to [`super::ReportTable`]).
    pub const REPORT: &str = "report";
    /// A report's first page as its PDF has it: key figures and charts ([`super::ReportQuery`]
    /// to [`super::FirstPage`]).
    pub const FIRST_PAGE: &str = "first_page";
    /// Saves a report through the save dialog ([`super::ReportQuery`] to the path or nothing).
    pub const SAVE_REPORT: &str = "save_report";
    /// Reads one signal once ([`super::SignalTest`] to [`super::SignalReading`]).
    pub const TEST_SIGNAL: &str = "test_signal";
    /// Reads a configured machine once ([`super::MachineTest`] to a
    /// [`super::SignalReading`] per signal, or one with the error).
    pub const TEST_MACHINE: &str = "test_machine";
    /// Adds a machine to `takt.toml` ([`super::NewMachine`] to [`super::PlantInfo`]).
    pub const ADD_MACHINE: &str = "add_machine";
    /// The config file's text ([`super::ConfigText`]).
    pub const CONFIG_TEXT: &str = "config_text";
    /// Checks and saves a new config text ([`super::ConfigText`] to [`super::PlantInfo`]).
    pub const SAVE_CONFIG: &str = "save_config";
    /// The Maintenance page's figures (no arguments; [`super::MaintenanceView`]).
    pub const MAINTENANCE: &str = "maintenance";
    /// Logs a maintenance event ([`super::NewMaintenance`]).
    pub const LOG_MAINTENANCE: &str = "log_maintenance";
    /// A section of `takt.toml` as written ([`super::SectionQuery`] to
    /// [`super::ConfigSection`]).
    pub const CONFIG_SECTION: &str = "config_section";
    /// Checks and saves a section's form ([`super::ConfigSection`] to
    /// [`super::PlantInfo`]; each problem at its key path).
    pub const SAVE_SECTION: &str = "save_section";
    /// Adds a copy of a machine ([`super::CopyMachine`] to [`super::PlantInfo`]).
    pub const COPY_MACHINE: &str = "copy_machine";
    /// Reads a register map CSV into a machine's signals ([`super::RegisterMapImport`] to
    /// [`super::RegisterMapPreview`]; written only when asked, each problem at its line).
    pub const IMPORT_REGISTER_MAP: &str = "import_register_map";

    /// Every command, for the backend's permission manifest.
    pub const ALL: [&str; 22] = [
        PLANT,
        START_DEMO,
        SNAPSHOT,
        MACHINE,
        STOPS,
        ASSIGN_REASON,
        SPLIT_STOP,
        ADD_SCRAP,
        REPORT,
        FIRST_PAGE,
        SAVE_REPORT,
        TEST_SIGNAL,
        TEST_MACHINE,
        ADD_MACHINE,
        CONFIG_TEXT,
        SAVE_CONFIG,
        MAINTENANCE,
        LOG_MAINTENANCE,
        CONFIG_SECTION,
        SAVE_SECTION,
        COPY_MACHINE,
        IMPORT_REGISTER_MAP,
    ];
}

/// Event names (`listen(name, handler)`).
pub mod event {
    /// A [`super::Snapshot`], every second while polling.
    pub const SNAPSHOT: &str = "takt://snapshot";
    /// The plant changed (a demo opened, a machine added, polling started): fetch
    /// [`super::PlantInfo`] again. No payload.
    pub const PLANT: &str = "takt://plant";
}

/// What the app is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// No config yet: the first-run page.
    FirstRun,
    /// Polling the configured machines.
    Running,
    /// Polling the demo plant.
    Demo,
}

/// The plant as the window needs to know it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlantInfo {
    /// What the app is doing.
    pub mode: Mode,
    /// Plant name.
    pub name: String,
    /// IANA time zone name.
    pub timezone: String,
    /// Small stops are shorter than this.
    pub microstop_s: f64,
    /// Machines in config order.
    pub machines: Vec<MachineInfo>,
    /// The reason tree.
    pub reasons: Vec<ReasonInfo>,
    /// Products.
    pub products: Vec<ProductInfo>,
    /// The config file.
    pub config_path: String,
    /// What is wrong with the config file, if anything (`file:line: ...`).
    pub problems: Vec<String>,
    /// The process that records the database, when it is not this window (which is then
    /// its client): `takt run (pid 4242) since 2026-12-07T06:00:00+01:00`.
    #[serde(default)]
    pub recorder: Option<String>,
    /// The plant's language and customs (`tr`, `en-US`): `[plant] language`, else the
    /// computer's.
    #[serde(default)]
    pub language: String,
    /// The names of `[[operator]]`, who enter at the display's tablets.
    #[serde(default)]
    pub operators: Vec<String>,
}

/// A machine in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Line.
    pub line: Option<String>,
    /// `192.168.1.50:502 unit 1`.
    pub connection: String,
}

/// A reason in pickers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonInfo {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ReasonKind,
}

/// A product in pickers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// A machine over a time range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineQuery {
    /// Machine id.
    pub machine: String,
    /// Start.
    pub from: Ts,
    /// End.
    pub to: Ts,
}

/// A state interval on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineSpan {
    /// Start (clipped to the range).
    pub start: Ts,
    /// End (clipped to the range).
    pub end: Ts,
    /// State.
    pub state: MachineState,
    /// Reason.
    pub reason: Option<String>,
}

impl TimelineSpan {
    /// A machine's states over `[from, to)` as recorded (with the operators' entries laid
    /// over them by the caller), each interval clipped to the range: the Machine page's
    /// timeline and the Plant tile's strip.
    pub fn of<'a>(
        intervals: impl IntoIterator<Item = &'a crate::model::StateInterval>,
        from: Ts,
        to: Ts,
    ) -> Vec<TimelineSpan> {
        intervals
            .into_iter()
            .filter(|i| i.end > from && i.start < to)
            .map(|i| TimelineSpan {
                start: i.start.max(from),
                end: i.end.min(to),
                state: i.state,
                reason: i.reason.as_ref().map(|r| r.to_string()),
            })
            .collect()
    }

    /// At most `n` spans for a strip of `[from, to)`: the range cut into `n` equal slots,
    /// each drawn in the state it spent most of its time in (with that span's reason), and
    /// neighbours of one state joined. A strip a few hundred pixels wide shows no more.
    pub fn thin(spans: &[TimelineSpan], from: Ts, to: Ts, n: usize) -> Vec<TimelineSpan> {
        let (len, n) = (to.0 - from.0, n.max(1) as i64);
        if len <= 0 {
            return Vec::new();
        }
        let mut out: Vec<TimelineSpan> = Vec::new();
        let mut k = 0usize;
        for slot in 0..n {
            let (a, b) = (from.0 + len * slot / n, from.0 + len * (slot + 1) / n);
            while k < spans.len() && spans[k].end.0 <= a {
                k += 1;
            }
            let mut best: Option<(i64, &TimelineSpan)> = None;
            for s in spans[k..].iter().take_while(|s| s.start.0 < b) {
                let overlap = s.end.0.min(b) - s.start.0.max(a);
                if overlap > 0 && best.is_none_or(|(o, _)| overlap > o) {
                    best = Some((overlap, s));
                }
            }
            let Some((_, s)) = best else { continue };
            match out.last_mut() {
                Some(last) if last.state == s.state && last.end.0 == a => last.end = Ts(b),
                _ => out.push(TimelineSpan {
                    start: Ts(a),
                    end: Ts(b),
                    state: s.state,
                    reason: s.reason.clone(),
                }),
            }
        }
        out
    }
}

/// A process value's minutes with its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessSeries {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: Option<String>,
    /// Lower limit.
    pub low: Option<f64>,
    /// Upper limit.
    pub high: Option<f64>,
    /// Per-minute min/avg/max.
    pub minutes: Vec<ProcessMinute>,
}

/// The Machine page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineDetail {
    /// Id.
    pub machine: String,
    /// Name.
    pub name: String,
    /// The range.
    pub from: Ts,
    /// The range.
    pub to: Ts,
    /// State timeline.
    pub timeline: Vec<TimelineSpan>,
    /// Planned production time, s.
    pub planned_s: f64,
    /// Run time, s.
    pub run_s: f64,
    /// Parts.
    pub total: u64,
    /// Good parts.
    pub good: u64,
    /// Rejects.
    pub reject: u64,
    /// Availability.
    pub availability: Option<f64>,
    /// Performance.
    pub performance: Option<f64>,
    /// Quality.
    pub quality: Option<f64>,
    /// OEE.
    pub oee: Option<f64>,
    /// The six big losses.
    pub losses: SixLosses,
    /// Process values.
    pub process: Vec<ProcessSeries>,
    /// Energy, as the energy report's row for the machine and range (`None` without a
    /// meter).
    pub energy: Option<MachineEnergy>,
    /// Process alarm episodes that overlap the range, by start.
    pub alarms: Vec<crate::model::AlarmEpisode>,
}

/// A machine's energy over a range: the energy report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineEnergy {
    /// kWh, the meter's movement.
    pub kwh: f64,
    /// Of which while running.
    pub run_kwh: f64,
    /// Of which while standing.
    pub idle_kwh: f64,
    /// Of which over gaps in which Takt was away.
    pub no_data_kwh: f64,
    /// Good parts.
    pub good: u64,
    /// kWh per good part.
    pub kwh_per_good: Option<f64>,
    /// The share of the energy used while standing.
    pub idle_share: Option<f64>,
}

impl From<&crate::energy::EnergyRow> for MachineEnergy {
    fn from(r: &crate::energy::EnergyRow) -> Self {
        let e = &r.piece.energy;
        MachineEnergy {
            kwh: e.kwh,
            run_kwh: e.run_kwh,
            idle_kwh: e.idle_kwh(),
            no_data_kwh: e.no_data_kwh,
            good: r.piece.good,
            kwh_per_good: r.kwh_per_good(),
            idle_share: r.idle_share(),
        }
    }
}

/// A range of time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopsQuery {
    /// Start.
    pub from: Ts,
    /// End.
    pub to: Ts,
    /// Only stops without a reason.
    pub uncoded: bool,
}

/// A stop on the Stops page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopRow {
    /// Machine id.
    pub machine: String,
    /// The stop's start (its key).
    pub stop_start: Ts,
    /// Start, clipped to the range.
    pub start: Ts,
    /// End, clipped to the range.
    pub end: Ts,
    /// Reason, if any.
    pub reason: Option<String>,
    /// Kind.
    pub kind: StopKind,
    /// Seconds of this kind in the range (a stop a break cut in two is one row here: its
    /// time without the break).
    #[serde(default)]
    pub duration_s: f64,
    /// The `[[operator]]` who gave the reason at a tablet (none when it came from the window,
    /// `takt stops` or an import).
    #[serde(default)]
    pub entered_by: Option<String>,
}

/// Gives a stop a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignReason {
    /// Machine id.
    pub machine: String,
    /// The stop's start.
    pub stop_start: Ts,
    /// A reason code of the tree (a planned reason marks the stop planned).
    pub reason: String,
}

/// A configured machine to read once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachineTest {
    /// Machine id.
    pub machine: String,
}

/// Splits a stop in two: from `at` on it is another stop, with a reason of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitStop {
    /// Machine id.
    pub machine: String,
    /// The stop's start (as listed).
    pub stop_start: Ts,
    /// Where to split: strictly inside the stop.
    pub at: Ts,
}

/// Scrap entered by an operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewScrap {
    /// Machine id.
    pub machine: String,
    /// When.
    pub t: Ts,
    /// How many.
    pub quantity: u64,
    /// Scrap reason code, or none.
    pub reason: Option<String>,
    /// Product id, or none.
    pub product: Option<String>,
}

/// An operator entry as the forms send it: checked and written by the process that
/// records the database (`takt_app::entries::enter`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum Entry {
    /// A stop's reason.
    Reason(AssignReason),
    /// A stop split in two.
    Split(SplitStop),
    /// Scrap.
    Scrap(NewScrap),
    /// A maintenance event.
    Maintenance(NewMaintenance),
}

/// An entry made at a tablet of `[display]`: a stop's reason or scrap, signed with the
/// name and PIN of an `[[operator]]` and stored with the name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperatorEntry {
    /// The operator's name, as in `[[operator]] name`.
    pub operator: String,
    /// Their PIN.
    pub pin: String,
    /// A [`Entry::Reason`] or [`Entry::Scrap`] (a tablet neither splits stops nor logs
    /// maintenance).
    pub entry: Entry,
}

/// Which report, over what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportQuery {
    /// `oee`, `downtime` or `scrap`.
    pub kind: String,
    /// Start.
    pub from: Ts,
    /// End.
    pub to: Ts,
    /// Machine ids (empty: all).
    pub machines: Vec<String>,
    /// Grouping.
    pub by: Option<By>,
    /// Save it as PDF (on the config's `[report] paper`), not CSV.
    #[serde(default)]
    pub pdf: bool,
}

/// A report's first page: the key figures (OEE reports) and the charts, each chart an SVG
/// drawn by `takt-chart` (the PDF's, from the same function).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstPage {
    /// The key figures' tables.
    pub key_figures: Vec<ReportTable>,
    /// The charts.
    pub charts: Vec<ChartSvg>,
}

/// A chart as SVG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartSvg {
    /// Its name in `takt chart NAME`.
    pub name: String,
    /// The machine and component or process value of a chart drawn per item.
    pub item: Option<String>,
    /// The SVG.
    pub svg: String,
}

/// A report as a table: the typed model the CSV is written from, so the preview shows
/// exactly the CSV's values without parsing it back.
pub use crate::table::Table as ReportTable;

/// What the Maintenance page shows: the tables of `takt maintenance due`, `takt report
/// maintenance` (by component and by machine) and `takt report condition` over every
/// machine's history up to now, each computed once by the functions the command line
/// uses, with what the page draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaintenanceView {
    /// When the figures were made.
    pub now: Ts,
    /// Tasks due, overdue first (for the progress bars).
    pub due: Vec<crate::maintenance::DueRow>,
    /// The same as a table (its cells are `takt maintenance due --format csv`'s).
    pub due_table: ReportTable,
    /// Life models per component.
    pub components: ReportTable,
    /// Their probability plots, in the same order.
    pub plots: Vec<crate::maintenance::WeibullPlot>,
    /// Crow-AMSAA per machine.
    pub growth: ReportTable,
    /// Condition trends.
    pub conditions: ReportTable,
    /// Their charts, in the same order: the row and the hourly means fitted.
    pub trends: Vec<TrendChart>,
    /// The last 30 days of the log, newest first.
    pub log: ReportTable,
}

/// A condition trend and the hourly means it was fitted to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendChart {
    /// The trend.
    pub row: crate::condition::ConditionRow,
    /// Hourly means: (hour start, mean).
    pub hours: Vec<(Ts, f64)>,
}

/// A maintenance event from the page's form; checked as `takt maintenance log` checks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMaintenance {
    /// Machine id.
    pub machine: String,
    /// The component.
    pub component: String,
    /// `failure`, `replacement`, `service` or `inspection`.
    pub kind: String,
    /// When the work was done.
    pub at: Ts,
    /// How long it took, minutes, as typed.
    pub duration_min: String,
    /// A note.
    pub note: String,
}

/// Where a signal to test is. Numbers come as typed, checked by the backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalTest {
    /// `host:port` for TCP, or a serial port.
    pub address: String,
    /// Whether `address` is a serial port (RTU).
    pub rtu: bool,
    /// Serial baud rate.
    pub baud: String,
    /// Unit id.
    pub unit: String,
    /// `coil`, `discrete`, `input` or `holding`.
    pub table: String,
    /// 0-based address.
    pub register: String,
    /// Value type (`u16`, `f32`, ...).
    pub value_type: String,
    /// `big` or `little`.
    pub word_order: String,
}

/// The outcome of a test read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalReading {
    /// Whether it read.
    pub ok: bool,
    /// The decoded value, or the exact error.
    pub text: String,
}

/// A signal of a new machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSignal {
    /// `running`, `total_count`, `reject_count`, `fault_code`, `product_code`, `energy_kwh`,
    /// or a process value's name.
    pub name: String,
    /// `coil`, `discrete`, `input` or `holding`.
    pub table: String,
    /// 0-based address, as typed.
    pub register: String,
    /// Value type.
    pub value_type: String,
    /// `big` or `little`.
    pub word_order: String,
}

/// The "add your first machine" form. Numbers come as typed, checked by the backend,
/// which names the field of each problem (`id`, `address`, `unit`, `signals[2]`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMachine {
    /// Id (`press-1`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Ideal cycle time, s per part.
    pub ideal_cycle_s: String,
    /// `host:port` or a serial port.
    pub address: String,
    /// Serial (RTU) rather than TCP.
    pub rtu: bool,
    /// Serial baud rate.
    pub baud: String,
    /// Unit id.
    pub unit: String,
    /// Signals.
    pub signals: Vec<NewSignal>,
}

/// A config file's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigText {
    /// The text.
    pub text: String,
}

/// A value of a settings form as `takt.toml` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v")]
pub enum FieldValue {
    /// A string, written as typed (`name`, `start`, `timezone`).
    Text(String),
    /// A number or `true`/`false` where it reads as one, else the text as typed (the
    /// config's check then says what is expected).
    Typed(String),
    /// A list (`days`, `breaks`).
    List(Vec<FieldValue>),
    /// A table (a break's `{ start, minutes }`).
    Table(Vec<(String, FieldValue)>),
}

impl FieldValue {
    /// The value as one line of text (a list's items joined by ", ").
    pub fn text(&self) -> String {
        match self {
            FieldValue::Text(s) | FieldValue::Typed(s) => s.clone(),
            FieldValue::List(items) => items.iter().map(FieldValue::text).collect::<Vec<_>>().join(", "),
            FieldValue::Table(fields) => fields
                .iter()
                .map(|(k, v)| format!("{k} = {}", v.text()))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One table of a section: `[plant]`, or one `[[shift]]` of the shifts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionItem {
    /// Its index in the file as read (`None`: new). Comments go with the table they are on
    /// when tables are removed or moved.
    pub origin: Option<u32>,
    /// Its keys and values, in order; a key left out is removed from the file.
    pub fields: Vec<(String, FieldValue)>,
}

impl SectionItem {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&FieldValue> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` to `value` (`None` removes it), in place or at the end.
    pub fn set(&mut self, key: &str, value: Option<FieldValue>) {
        let at = self.fields.iter().position(|(k, _)| k == key);
        match (at, value) {
            (Some(i), Some(v)) => self.fields[i].1 = v,
            (None, Some(v)) => self.fields.push((key.to_string(), v)),
            (Some(i), None) => {
                self.fields.remove(i);
            }
            (None, None) => {}
        }
    }
}

/// A section of `takt.toml` for its settings form: a table (`plant`) or an array of
/// tables (`shift`, `calendar`, `product`, `reason`, `machine[2].maintenance`), named by
/// the key path the config's findings use, so each finding lands at its field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigSection {
    /// The key path: `plant`, `shift`, `machine[2].maintenance`.
    pub path: String,
    /// A single table rather than an array of tables.
    pub table: bool,
    /// Its tables, in the order they are to be written.
    pub items: Vec<SectionItem>,
}

/// Which section to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionQuery {
    /// Its key path.
    pub path: String,
}

/// "Copy this machine": the same signals and plans under a new id and address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyMachine {
    /// The machine copied.
    pub from: String,
    /// The copy's id.
    pub id: String,
    /// The copy's name (empty: the id).
    pub name: String,
    /// The copy's `host:port` or serial port.
    pub address: String,
    /// The copy's unit id (empty: the original's), for machines on one bus or gateway.
    pub unit: String,
}

/// A register map CSV for a machine (`signal,table,address,type,word_order,scale,unit,
/// low,high`), previewed, or written when `write`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterMapImport {
    /// The machine's id.
    pub machine: String,
    /// The file's name, for messages.
    pub file: String,
    /// Its text.
    pub text: String,
    /// Write it (else only check and preview).
    pub write: bool,
}

/// A register map checked: the machine's signals as they would be (or now are) written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterMapPreview {
    /// One row per signal of the map.
    pub signals: Vec<MapSignal>,
    /// Written to `takt.toml`.
    pub written: bool,
}

/// A signal of a register map as it goes into the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSignal {
    /// The map's line.
    pub line: u64,
    /// The signal.
    pub signal: String,
    /// Where and how it is read (`holding 0 u32 big`).
    pub register: String,
    /// Its unit and limits, when it has them.
    pub limits: String,
    /// A signal of that name is replaced (else it is new).
    pub replaces: bool,
}

/// What went wrong, for the window: the field it concerns (a form field name, or
/// `line:N` in the config) and what is expected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// The field, when the problem is one field.
    pub field: Option<String>,
    /// The message.
    pub message: String,
}

impl ApiError {
    /// An error about no field in particular.
    pub fn new(message: impl Into<String>) -> Self {
        ApiError {
            field: None,
            message: message.into(),
        }
    }
}

/// Answers of commands: the value or every problem found.
pub type ApiResult<T> = Result<T, Vec<ApiError>>;

/// The snapshot a command returns (re-exported for the UI).
pub type SnapshotPayload = Snapshot;

#[cfg(test)]
mod strip_tests {
    use super::*;

    fn span(a: i64, b: i64, state: MachineState) -> TimelineSpan {
        TimelineSpan {
            start: Ts(a),
            end: Ts(b),
            state,
            reason: None,
        }
    }

    #[test]
    fn a_thinned_strip_draws_each_slot_in_its_main_state_and_joins_neighbours() {
        use MachineState::{Down, Running};
        // 0..100 in 10 slots: running, a 3-unit stop inside slot 2 (running wins it), a
        // 25-unit stop over slots 5 to 7 (it wins 5 and 6, running wins 7), then nothing.
        let spans = [
            span(0, 21, Running),
            span(21, 24, Down),
            span(24, 50, Running),
            span(50, 74, Down),
            span(74, 90, Running),
        ];
        let thin = TimelineSpan::thin(&spans, Ts(0), Ts(100), 10);
        let got: Vec<(i64, i64, MachineState)> = thin.iter().map(|s| (s.start.0, s.end.0, s.state)).collect();
        assert_eq!(got, [(0, 50, Running), (50, 70, Down), (70, 90, Running)]);
        // Never more spans than slots, however many stops.
        let many: Vec<TimelineSpan> = (0..1000)
            .map(|i| span(i * 10, i * 10 + 10, if i % 2 == 0 { Running } else { Down }))
            .collect();
        assert!(TimelineSpan::thin(&many, Ts(0), Ts(10_000), 240).len() <= 240);
    }
}
