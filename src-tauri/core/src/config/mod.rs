//! `takt.toml` (SPEC section 2): the typed config and its validation.
//!
//! [`Config::parse`] reads the text with `toml`'s spanned document tree and reports every
//! problem at once, each with its line, what is wrong and what is expected. Serde's
//! `deny_unknown_fields` would stop at the first unknown key, so the reader walks the
//! tree itself and remembers which keys it used.

mod read;
mod sections;
mod share;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, NaiveTime, Timelike, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use crate::ids::{MachineId, PlantId, ProductId, ReasonCode};

/// A validated `takt.toml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// `[plant]`.
    pub plant: Plant,
    /// `[[shift]]`; empty means every hour is scheduled.
    pub shifts: Vec<Shift>,
    /// `[[product]]`.
    pub products: Vec<Product>,
    /// `[[calendar]]`: exceptions to the shift plan.
    pub calendar: Vec<CalendarDay>,
    /// `[[reason]]`: the reason tree.
    pub reasons: Vec<Reason>,
    /// `[[machine]]`.
    pub machines: Vec<Machine>,
    /// `[report]`: how reports are printed, and which are delivered by themselves.
    pub report: ReportSettings,
    /// `[smtp]`: the mail server scheduled reports are sent through.
    pub smtp: Option<Smtp>,
    /// `[backup]`: a daily copy of the database, the last few kept.
    pub backup: Option<BackupPlan>,
    /// `[log] level`: how much Takt logs (`error`, `warn`, `info`, `debug`, `trace`) when
    /// neither `TAKT_LOG` nor `RUST_LOG` says.
    pub log_level: Option<&'static str>,
    /// `[mqtt]`: the broker the recorder publishes live data to.
    pub mqtt: Option<Mqtt>,
    /// `[central]`: the company's PostgreSQL the recorder rolls its figures up into.
    pub central: Option<Central>,
    /// `[display]`: the shop-floor display served to browsers on the plant's network.
    pub display: Option<Display>,
    /// `[[operator]]`: who may give a stop its reason and record scrap at a tablet of
    /// `[display]`, each with a PIN.
    pub operators: Vec<Operator>,
}

/// `[display]`: the recorder serves the shop-floor display over HTTP to browsers that
/// carry its token (off when the section is absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Display {
    /// The address to listen on (`0.0.0.0:8080`, `127.0.0.1:8080`).
    pub listen: core::net::SocketAddr,
    /// The token every request carries; `None` until `takt check` writes one. Never
    /// serialised (a config sent anywhere does not carry it).
    #[serde(skip_serializing)]
    pub token: Option<String>,
    /// HTTPS: the certificate chain and private key (PEM files; relative paths are from
    /// takt.toml's folder). `None`: plain HTTP.
    pub tls: Option<Tls>,
}

impl Display {
    /// The fewest characters a token has (a generated one has 32: 128 bits).
    pub const MIN_TOKEN: usize = 16;
}

/// `[display] cert` and `key`: the display serves HTTPS with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tls {
    /// The certificate chain, PEM, the server's own first.
    pub cert: std::path::PathBuf,
    /// Its private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key: std::path::PathBuf,
}

/// `[[operator]]`: a person who enters stops' reasons and scrap at a tablet, by name and PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operator {
    /// The name each entry is stored with.
    pub name: String,
    /// The PIN, never serialised (a config sent anywhere does not carry it).
    #[serde(skip_serializing)]
    pub pin: Pin,
}

/// An operator's PIN as takt.toml holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// `pin = "4711"`, as typed: `takt check` replaces it with its hash.
    Plain(String),
    /// `pin_hash = "$argon2id$..."`: the PHC string of its Argon2id hash.
    Hash(String),
}

impl Pin {
    /// The fewest digits a PIN has.
    pub const MIN: usize = 4;
    /// The most digits a PIN has.
    pub const MAX: usize = 12;

    /// Whether `pin` is a PIN as takt.toml may hold one: [`Pin::MIN`] to [`Pin::MAX`] digits.
    pub fn well_formed(pin: &str) -> bool {
        (Self::MIN..=Self::MAX).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
    }
}

/// Where a password is read from when it is needed; never `takt.toml` itself (it would
/// be in every backup and in the config history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Password {
    /// An environment variable of the recorder.
    Env(String),
    /// The first line of a file.
    File(std::path::PathBuf),
}

/// `[mqtt]`: live data published to an MQTT broker (the plant's "unified namespace").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mqtt {
    /// The URL as written (`mqtt://broker:1883`), for messages.
    pub url: String,
    /// The broker's host.
    pub host: String,
    /// Its port (1883, or 8883 with TLS, unless given).
    pub port: u16,
    /// TLS (`mqtts://`).
    pub tls: bool,
    /// The client id (`takt-<plant id>` unless set).
    pub client_id: String,
    /// The prefix of every topic (`takt/<plant id>` unless set), without a trailing `/`.
    pub topic_prefix: String,
    /// The user to log in as.
    pub user: Option<String>,
    /// Its password.
    pub password: Option<Password>,
    /// Seconds between two publications of each machine's shift figures (5 unless set).
    pub interval_s: u32,
}

/// `[central]`: the company-wide PostgreSQL the recorder keeps its figures in, per
/// plant, machine and shift, beside its own SQLite file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Central {
    /// The connection URL (`postgresql://takt@db.example/company?sslmode=require`),
    /// without a password.
    pub postgres: String,
    /// The password of the URL's user.
    pub password: Option<Password>,
}

/// `[backup]`: the recorder writes a consistent copy of its database every day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupPlan {
    /// The folder the copies go into (relative to the database's folder).
    pub folder: std::path::PathBuf,
    /// When, plant-local, every day.
    pub at: NaiveTime,
    /// How many copies are kept (the oldest go).
    pub keep: u32,
}

/// `[report]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportSettings {
    /// The paper PDF reports are printed on (`--paper` overrides it).
    pub paper: Paper,
    /// `[[report.schedule]]`: reports written (and mailed) when their period ends.
    pub schedules: Vec<Schedule>,
}

/// `[[report.schedule]]`: reports delivered by themselves at the end of each period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// Which reports (each as PDF).
    pub reports: Vec<crate::table::ReportKind>,
    /// For which machines (empty: every machine).
    pub machines: Vec<MachineId>,
    /// When a period ends.
    pub at: ScheduleAt,
    /// The folder the PDFs are written into (relative to the database's folder).
    pub folder: Option<std::path::PathBuf>,
    /// Who gets them by e-mail (through `[smtp]`).
    pub email: Vec<String>,
}

/// When a scheduled report's period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleAt {
    /// At the end of every shift: the period is the shift.
    ShiftEnd,
    /// Every day at this plant-local time: the period is the 24 hours before it.
    Daily(NaiveTime),
}

/// `[smtp]`: where scheduled reports are mailed from. The password is never in
/// `takt.toml`: it is read from an environment variable or a file when a mail is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Smtp {
    /// The server's host name.
    pub host: String,
    /// Its port (587 for STARTTLS, 465 for TLS, 25 without, unless set).
    pub port: u16,
    /// How the connection is secured.
    pub security: SmtpSecurity,
    /// The user to log in as (none: no login).
    pub user: Option<String>,
    /// The environment variable holding the password.
    pub password_env: Option<String>,
    /// The file holding the password (its first line).
    pub password_file: Option<std::path::PathBuf>,
    /// The sender, `Takt <takt@plant.example>`.
    pub from: String,
}

/// How an SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain, then upgraded to TLS by STARTTLS (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No TLS at all: only for a relay on the same machine or network.
    None,
}

/// The paper a PDF report is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

/// `[plant]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plant {
    /// Display name.
    pub name: String,
    /// Plant-local time zone; shifts are in it.
    pub timezone: Tz,
    /// Stops shorter than this are small stops (performance loss), in seconds.
    pub microstop_s: f64,
    /// The longest span an imported `counts` row may cover, in days: longer is a typo
    /// (`0026-12-01` for `2026-12-01`) far more often than history.
    pub import_max_row_days: u32,
    /// The conditional probability of failure at which a component's life model makes
    /// it due (`next_due` of the maintenance report), 0.10 unless set.
    pub maintenance_risk: f64,
    /// The days of hourly means a condition trend is fitted to, 7 unless set.
    pub trend_days: u32,
    /// The price of a kWh, for the energy report's `cost` (in the plant's currency, as
    /// `unit_cost`); `None`: no cost column values.
    pub energy_price: Option<f64>,
    /// `id`: the plant's id in MQTT topics and the central database (see
    /// [`Config::plant_id`]).
    pub id: Option<PlantId>,
    /// `language`: the window's, the terminal table's and the PDF reports' language and
    /// the plant's way of writing dates and numbers (`tr`, `de`, `en-US`); `None`: the
    /// computer's (see `takt_app::locale`).
    pub language: Option<crate::i18n::Locale>,
}

/// `[[shift]]`: a shift of the weekly plan, in plant-local time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shift {
    /// Name, unique.
    pub name: String,
    /// Local start time.
    pub start: NaiveTime,
    /// Local end time; before or equal to `start` means the shift crosses midnight.
    pub end: NaiveTime,
    /// The weekdays the shift starts on.
    pub days: Vec<Weekday>,
    /// Planned breaks inside the shift.
    pub breaks: Vec<Break>,
}

impl Shift {
    /// Length in minutes on a day without a clock change.
    pub fn nominal_minutes(&self) -> i64 {
        minutes_between(self.start, self.end)
    }

    /// The shift on a week's grid (the Settings page's week view): for each of its days, its
    /// work and its breaks as blocks within a day, a shift that crosses midnight cut there
    /// and marked as going on into the next day (Sunday's into Monday's column).
    pub fn week_blocks(&self) -> Vec<WeekBlock> {
        let minute = |t: NaiveTime| i64::from(t.hour()) * 60 + i64::from(t.minute());
        let (start, len) = (minute(self.start), self.nominal_minutes());
        let mut pieces = vec![(start, start + len, false)];
        for b in &self.breaks {
            let at = start + minutes_between(self.start, b.start) % (24 * 60);
            pieces.push((at, at + i64::from(b.minutes), true));
        }
        let mut out = Vec::new();
        for day in &self.days {
            let d = day.num_days_from_monday() as u8;
            for &(from, to, is_break) in &pieces {
                for (offset, a, b) in [
                    (0u8, from, to.min(24 * 60)),
                    (1, from.max(24 * 60) - 24 * 60, to - 24 * 60),
                ] {
                    if b > a {
                        out.push(WeekBlock {
                            day: (d + offset) % 7,
                            from_min: a as u16,
                            to_min: b as u16,
                            is_break,
                            from_day_before: offset == 1,
                            into_next_day: offset == 0 && to > 24 * 60,
                        });
                    }
                }
            }
        }
        out
    }
}

/// A piece of a shift on the week's grid, within one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekBlock {
    /// 0 = Monday.
    pub day: u8,
    /// Minutes from midnight.
    pub from_min: u16,
    /// Minutes from midnight, up to 1440.
    pub to_min: u16,
    /// A break (else work).
    pub is_break: bool,
    /// The shift began the day before (it crossed midnight).
    pub from_day_before: bool,
    /// The shift goes on past midnight.
    pub into_next_day: bool,
}

/// Minutes from `start` to the next `end` (a whole day when equal).
pub fn minutes_between(start: NaiveTime, end: NaiveTime) -> i64 {
    let d = (end - start).num_minutes();
    if d <= 0 { d + 24 * 60 } else { d }
}

/// A planned break inside a shift.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Break {
    /// Local start time (the first occurrence at or after the shift start).
    pub start: NaiveTime,
    /// Length in minutes.
    pub minutes: u32,
}

/// `[[product]]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    /// Id, unique.
    pub id: ProductId,
    /// Display name.
    pub name: String,
    /// Ideal cycle time in seconds per part for every machine, unless the machine overrides it.
    pub ideal_cycle_s: Option<f64>,
    /// Cost of one scrapped part.
    pub unit_cost: Option<f64>,
}

/// `[[calendar]]`: an exception to the weekly shift plan on one plant-local date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarDay {
    /// The date.
    pub date: NaiveDate,
    /// `Some(list)`: only these shifts start on this date (an empty list is a holiday),
    /// whatever their weekdays. `None`: the weekly plan.
    pub shifts: Option<Vec<String>>,
    /// Extra scheduled blocks (overtime).
    pub extra: Vec<TimeBlock>,
}

/// A block of plant-local time on a date; it may cross midnight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeBlock {
    /// Start.
    pub start: NaiveTime,
    /// End (at or before `start`: the next day).
    pub end: NaiveTime,
}

/// `[[reason]]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Code, a path in the tree.
    pub code: ReasonCode,
    /// Display name.
    pub name: String,
    /// What the reason is for.
    pub kind: ReasonKind,
    /// Which of the six big losses it counts as.
    pub loss: Loss,
}

/// What a reason explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// An unplanned stop.
    Downtime,
    /// A scrapped part.
    Scrap,
    /// A planned stop (removed from planned production time).
    Planned,
}

impl ReasonKind {
    /// As written in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Downtime => "downtime",
            ReasonKind::Scrap => "scrap",
            ReasonKind::Planned => "planned",
        }
    }
}

/// Which big loss a reason counts in. Downtime reasons are breakdowns unless marked
/// `setup`; scrap reasons are production rejects unless marked `startup`; rework reasons
/// (`kind = "rework"`, scrap reasons whose parts are reworked) are production rejects too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Equipment failure (availability).
    Breakdown,
    /// Setup and adjustment, changeovers (availability).
    Setup,
    /// Rejects in steady production (quality).
    Production,
    /// Rejects while warming up (quality).
    Startup,
    /// Parts reworked, not good the first time (quality, as production rejects; counted
    /// apart for the rework ratio). A reason of `kind = "rework"`.
    Rework,
    /// Planned stops are no loss.
    None,
}

/// `[[machine]]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Machine {
    /// Stable id; history is keyed by it.
    pub id: MachineId,
    /// Display name.
    pub name: String,
    /// Production line, for grouping.
    pub line: Option<String>,
    /// Ideal cycle time in seconds per part when the product has none of its own.
    pub ideal_cycle_s: Option<f64>,
    /// Per-product ideal cycle times of this machine (`[machine.ideal_cycle_by_product]`).
    pub ideal_cycle_by_product: BTreeMap<ProductId, f64>,
    /// Poll period in milliseconds.
    pub poll_ms: u32,
    /// How to reach it.
    pub connection: Connection,
    /// What to read.
    pub signals: Signals,
    /// Usage-based maintenance plans.
    pub maintenance: Vec<MaintenancePlan>,
    /// Without a run signal: stopped once no part came for this long (seconds).
    /// Default `max(5 x ideal cycle, 10 s)`.
    pub stop_after_s: Option<f64>,
}

impl Machine {
    /// The ideal cycle time for a product on this machine: the machine's own for that
    /// product, else the product's, else the machine's default.
    pub fn ideal_cycle(&self, product: Option<&ProductId>, products: &[Product]) -> Option<f64> {
        if let Some(p) = product {
            if let Some(&c) = self.ideal_cycle_by_product.get(p) {
                return Some(c);
            }
            if let Some(c) = products.iter().find(|x| &x.id == p).and_then(|x| x.ideal_cycle_s) {
                return Some(c);
            }
        }
        self.ideal_cycle_s
    }

    /// How long without a part before a counter-only machine counts as stopped, in ms.
    pub fn stop_after_ms(&self) -> i64 {
        let s = self
            .stop_after_s
            .unwrap_or_else(|| (5.0 * self.ideal_cycle_s.unwrap_or(0.0)).max(10.0));
        (s * 1000.0).round() as i64
    }
}

/// How Takt reaches a machine.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// Modbus TCP.
    Tcp {
        /// `host:port`.
        address: String,
        /// Unit (slave) id.
        unit: u8,
        /// Per-request timeout.
        timeout_ms: u32,
    },
    /// Modbus RTU on a serial line (RS-485).
    Rtu {
        /// Serial device (`/dev/ttyUSB0`, `COM3`).
        port: String,
        /// Baud rate.
        baud: u32,
        /// Parity.
        parity: Parity,
        /// Data bits (7 or 8).
        data_bits: u8,
        /// Stop bits (1 or 2).
        stop_bits: u8,
        /// Unit (slave) id.
        unit: u8,
        /// Per-request timeout.
        timeout_ms: u32,
    },
}

impl Connection {
    /// The bus this connection is on: machines on one bus are polled in turn.
    pub fn bus(&self) -> &str {
        match self {
            Connection::Tcp { address, .. } => address,
            Connection::Rtu { port, .. } => port,
        }
    }

    /// The unit id.
    pub fn unit(&self) -> u8 {
        match self {
            Connection::Tcp { unit, .. } | Connection::Rtu { unit, .. } => *unit,
        }
    }
}

impl fmt::Display for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Connection::Tcp { address, unit, .. } => write!(f, "{address} unit {unit}"),
            Connection::Rtu {
                port,
                baud,
                parity,
                unit,
                ..
            } => write!(f, "{port} {baud} {parity:?} unit {unit}"),
        }
    }
}

/// Serial parity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parity {
    /// None.
    None,
    /// Even.
    Even,
    /// Odd.
    Odd,
}

/// A Modbus register table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisterTable {
    /// Read-write bits (function 1).
    Coil,
    /// Read-only bits (function 2).
    Discrete,
    /// Read-only 16-bit registers (function 4).
    Input,
    /// Read-write 16-bit registers (function 3).
    Holding,
}

impl RegisterTable {
    /// As written in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            RegisterTable::Coil => "coil",
            RegisterTable::Discrete => "discrete",
            RegisterTable::Input => "input",
            RegisterTable::Holding => "holding",
        }
    }

    /// Whether the table holds bits rather than 16-bit words.
    pub fn is_bits(self) -> bool {
        matches!(self, RegisterTable::Coil | RegisterTable::Discrete)
    }

    /// All tables, in config order.
    pub const ALL: [RegisterTable; 4] = [
        RegisterTable::Coil,
        RegisterTable::Discrete,
        RegisterTable::Input,
        RegisterTable::Holding,
    ];
}

/// How the words of a register value are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// One bit, or a register that is non-zero.
    Bool,
    /// Unsigned 16-bit.
    U16,
    /// Signed 16-bit.
    I16,
    /// Unsigned 32-bit, two registers.
    U32,
    /// Signed 32-bit, two registers.
    I32,
    /// Unsigned 64-bit, four registers.
    U64,
    /// IEEE 754 single, two registers.
    F32,
    /// IEEE 754 double, four registers.
    F64,
}

impl ValueType {
    /// As written in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::Bool => "bool",
            ValueType::U16 => "u16",
            ValueType::I16 => "i16",
            ValueType::U32 => "u32",
            ValueType::I32 => "i32",
            ValueType::U64 => "u64",
            ValueType::F32 => "f32",
            ValueType::F64 => "f64",
        }
    }

    /// Registers (or bits) the value occupies.
    pub fn width(self) -> u16 {
        match self {
            ValueType::Bool | ValueType::U16 | ValueType::I16 => 1,
            ValueType::U32 | ValueType::I32 | ValueType::F32 => 2,
            ValueType::U64 | ValueType::F64 => 4,
        }
    }

    /// For counters: the number of bits after which the register wraps.
    pub fn counter_bits(self) -> Option<u32> {
        match self {
            ValueType::U16 => Some(16),
            ValueType::U32 => Some(32),
            ValueType::U64 => Some(64),
            _ => None,
        }
    }

    /// Every type, in config order.
    pub const ALL: [ValueType; 8] = [
        ValueType::Bool,
        ValueType::U16,
        ValueType::I16,
        ValueType::U32,
        ValueType::I32,
        ValueType::U64,
        ValueType::F32,
        ValueType::F64,
    ];
}

/// Word order of multi-register values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordOrder {
    /// Most significant word first (Modbus convention).
    Big,
    /// Least significant word first.
    Little,
}

/// Where a signal lives and how to decode it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Register {
    /// The table.
    pub table: RegisterTable,
    /// 0-based address.
    pub address: u16,
    /// Value type.
    pub value_type: ValueType,
    /// Word order of multi-register values.
    pub word_order: WordOrder,
    /// `raw * scale + offset`.
    pub scale: f64,
    /// `raw * scale + offset`.
    pub offset: f64,
}

impl Register {
    /// `table start..end` (end exclusive), as in error messages.
    pub fn describe(&self) -> String {
        let end = u32::from(self.address) + u32::from(self.value_type.width()) - 1;
        if end == u32::from(self.address) {
            format!("{} {}", self.table.as_str(), self.address)
        } else {
            format!("{} {}..{}", self.table.as_str(), self.address, end)
        }
    }

    /// The smallest step the signal's value can take after scaling: `scale` for an integer
    /// register, `None` for a float (whose step depends on its size) or a bit.
    pub fn resolution(&self) -> Option<f64> {
        match self.value_type {
            ValueType::Bool | ValueType::F32 | ValueType::F64 => None,
            _ => Some(self.scale.abs()).filter(|s| *s > 0.0 && s.is_finite()),
        }
    }

    /// A decoded value as precisely as the signal can hold it: with as many decimals as
    /// the resolution has (`0.1` gives `21.5`), a 32-bit float with the digits it has
    /// (`0.008429167`, not `0.008429166860878468`).
    pub fn format_value(&self, x: f64) -> String {
        match (self.value_type, self.resolution()) {
            (ValueType::F32, _) if self.scale == 1.0 && self.offset == 0.0 => (x as f32).to_string(),
            (_, Some(r)) => {
                let decimals = (-r.log10() - 1e-9).ceil().clamp(0.0, 12.0) as usize;
                format!("{x:.decimals$}")
            }
            _ => x.to_string(),
        }
    }
}

/// A signal whose integer value maps to a code (fault code to reason, product code to product).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeSignal<T> {
    /// Where it lives.
    pub register: Register,
    /// Raw value to meaning; 0 means none.
    pub codes: BTreeMap<u64, T>,
}

/// A process value with optional limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessSignal {
    /// Name, unique in the machine (`oil_temp`).
    pub name: String,
    /// Where it lives.
    pub register: Register,
    /// Unit for display (`C`, `bar`).
    pub unit: Option<String>,
    /// Lower limit.
    pub low: Option<f64>,
    /// Upper limit.
    pub high: Option<f64>,
    /// A reading is stored when it moved at least this much from the last one stored
    /// (and at least once a minute); `None`: [`ProcessSignal::deadband`]'s default.
    pub deadband: Option<f64>,
}

impl ProcessSignal {
    /// How far a value must move to be stored again: as configured, else the register's
    /// resolution after scaling, else (a float) a thousandth of its limits' span, else any
    /// change at all.
    pub fn deadband(&self) -> f64 {
        self.deadband
            .or_else(|| self.register.resolution())
            .or_else(|| self.low.zip(self.high).map(|(l, h)| (h - l) / 1000.0))
            .unwrap_or(0.0)
    }
}

/// `[machine.signals]`: every signal is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Signals {
    /// On while the machine runs.
    pub running: Option<Register>,
    /// Cumulative part counter.
    pub total_count: Option<Register>,
    /// Cumulative reject counter.
    pub reject_count: Option<Register>,
    /// Current fault code (0 = none) and its reasons.
    pub fault_code: Option<CodeSignal<ReasonCode>>,
    /// Current product code and its products.
    pub product_code: Option<CodeSignal<ProductId>>,
    /// Cumulative energy meter in kWh (after scale).
    pub energy_kwh: Option<Register>,
    /// Process values.
    pub process: Vec<ProcessSignal>,
}

/// The signals a machine has by role, as `[machine.signals]` names them; any other
/// signal is a process value (`process = [{ name = ... }]`).
pub const SIGNAL_ROLES: [&str; 6] = [
    "running",
    "total_count",
    "reject_count",
    "fault_code",
    "product_code",
    "energy_kwh",
];

impl Signals {
    /// Every configured register with the signal's name, in a stable order.
    pub fn registers(&self) -> Vec<(String, &Register)> {
        let mut out = Vec::new();
        let named = [
            ("running", self.running.as_ref()),
            ("total_count", self.total_count.as_ref()),
            ("reject_count", self.reject_count.as_ref()),
            ("fault_code", self.fault_code.as_ref().map(|c| &c.register)),
            ("product_code", self.product_code.as_ref().map(|c| &c.register)),
            ("energy_kwh", self.energy_kwh.as_ref()),
        ];
        for (name, reg) in named {
            if let Some(r) = reg {
                out.push((name.to_string(), r));
            }
        }
        for p in &self.process {
            out.push((format!("process {}", p.name), &p.register));
        }
        out
    }

    /// Whether nothing is configured.
    pub fn is_empty(&self) -> bool {
        self.registers().is_empty()
    }
}

/// `[[machine.maintenance]]`: a usage-based maintenance plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaintenancePlan {
    /// What to do.
    pub task: String,
    /// The component it is for.
    pub component: String,
    /// How often.
    pub every: MaintenanceInterval,
}

/// How often a maintenance task is due.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceInterval {
    /// Every N hours of run time.
    RunHours(f64),
    /// Every N parts.
    Cycles(u64),
    /// Every N calendar days.
    Days(u32),
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The config works but something deserves attention.
    Warning,
    /// The config cannot be used.
    Error,
}

/// One finding about the config file, at a line, a column and a key path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The key the finding is about, as a path into the file: `plant.timezone`,
    /// `machine[3].connection.unit`, `machine[0].signals.process[1].high`, `shift[2]`
    /// (a whole table); empty for the file as a whole (a syntax error, a missing table).
    /// Forms map findings to their fields by this path.
    pub path: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what is expected, in English (`takt check`, the log).
    pub message: String,
    /// The same to be said in any language ([`Diagnostic::message_in`]).
    #[serde(skip)]
    pub text: crate::i18n::Message,
}

impl Diagnostic {
    /// What is wrong and what is expected, in language `l` (a form shows it at its field).
    pub fn message_in(&self, l: crate::i18n::Locale) -> String {
        self.text.text(l)
    }
}

/// Every error found in a config file (warnings included, for context).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors {
    /// The file name used in messages.
    pub file: String,
    /// Sorted by line.
    pub diagnostics: Vec<Diagnostic>,
}

impl ConfigErrors {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        // Errors first: they are what stops the config; warnings follow for context.
        for d in self
            .errors()
            .chain(self.diagnostics.iter().filter(|d| d.severity == Severity::Warning))
        {
            writeln!(f, "{}", render(&self.file, d))?;
        }
        write!(f, "{}: {n} error{}", self.file, if n == 1 { "" } else { "s" })
    }
}

/// `file:line: message` (with `warning: ` for warnings).
pub fn render(file: &str, d: &Diagnostic) -> String {
    match d.severity {
        Severity::Error => format!("{file}:{}: {}", d.line, d.message),
        Severity::Warning => format!("{file}:{}: warning: {}", d.line, d.message),
    }
}

/// A valid config and the warnings about it.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The config.
    pub config: Config,
    /// Things that work but deserve attention.
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// Parses and validates `text`; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<Checked, ConfigErrors> {
        let mut reader = read::Reader::new(text);
        let config = sections::read_config(&mut reader);
        let mut diagnostics = reader.into_diagnostics();
        diagnostics.sort_by_key(|d| (d.line, std::cmp::Reverse(d.severity)));
        match config {
            Some(config) if !diagnostics.iter().any(|d| d.severity == Severity::Error) => Ok(Checked {
                config,
                warnings: diagnostics,
            }),
            _ => Err(ConfigErrors {
                file: file.to_string(),
                diagnostics,
            }),
        }
    }

    /// The plant's id: `[plant] id`, else its name as an id ([`PlantId::from_name`]).
    pub fn plant_id(&self) -> PlantId {
        self.plant
            .id
            .clone()
            .unwrap_or_else(|| PlantId::from_name(&self.plant.name))
    }

    /// The machine with this id.
    pub fn machine(&self, id: &str) -> Option<&Machine> {
        self.machines.iter().find(|m| m.id.as_str() == id)
    }

    /// The reason with this code.
    pub fn reason(&self, code: &str) -> Option<&Reason> {
        self.reasons.iter().find(|r| r.code.as_str() == code)
    }

    /// The product with this id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id.as_str() == id)
    }
}

/// ` (did you mean "x"?)` after a name that is not known, or nothing: what every finding
/// and refusal that suggests a name says (`hint` from [`did_you_mean`]).
pub fn like(hint: Option<&str>) -> crate::i18n::Message {
    match hint {
        Some(h) => crate::i18n::Message::key("cfg-did-you-mean").with("like", h),
        None => crate::i18n::Message::Plain(String::new()),
    }
}

/// The closest of `candidates` to `word`, if it is close enough to suggest.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests;
