//! The poller: one task per bus (a TCP endpoint or a serial port). Machines that share a
//! bus are polled in turn, never at once. A machine that fails is `no data` (its reading
//! carries no values), its problem is logged once (not once per poll), and it is retried
//! with exponential backoff up to 30 s, with jitter, until it answers again.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use takt_core::config::{Machine, Signals};
use takt_core::ids::MachineId;
use takt_core::time::Ts;
use takt_core::tracker::{Reading, Values};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::link::{Link, PollError, describe};
use crate::plan::{Block, ReadPlan};

/// Longest wait between retries of a failing machine.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// A reading of one machine.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineReading {
    /// Which machine.
    pub machine: MachineId,
    /// What was read.
    pub reading: Reading,
}

/// Wall-clock time now, as Takt stores it.
pub fn now() -> Ts {
    Ts(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64))
}

/// A failed poll: which request (if it got that far) and why.
#[derive(Debug)]
pub struct PollFailure {
    /// The request that failed, `None` when the connection could not be opened.
    pub request: Option<crate::plan::ReadRequest>,
    /// Why.
    pub error: PollError,
}

impl PollFailure {
    /// `press-1 192.168.1.50:502 unit 1: holding register 4: Modbus exception 2 (illegal data address)`.
    pub fn message(&self, machine: &Machine) -> String {
        let at = format!("{} {}", machine.id, machine.connection);
        match (&self.request, &self.error) {
            (
                Some(req),
                e @ (PollError::Exception(_) | PollError::Timeout(_) | PollError::Protocol(_) | PollError::Io(_)),
            ) => {
                format!("{at}: {}: {e}", describe(req))
            }
            (_, e) => format!("{at}: {e}"),
        }
    }
}

/// A machine's own timeout for each request.
pub fn timeout_of(machine: &Machine) -> Duration {
    let ms = match &machine.connection {
        takt_core::config::Connection::Tcp { timeout_ms, .. }
        | takt_core::config::Connection::Rtu { timeout_ms, .. } => *timeout_ms,
    };
    Duration::from_millis(u64::from(ms))
}

/// Reads every request of a machine's plan, in order; the first failure stops it. A
/// machine without signals still has its connection opened, so a check reaches it.
pub async fn read_blocks(link: &mut Link, machine: &Machine, plan: &ReadPlan) -> Result<Vec<Block>, PollFailure> {
    link.connect()
        .await
        .map_err(|error| PollFailure { request: None, error })?;
    let mut blocks = Vec::with_capacity(plan.requests.len());
    for req in &plan.requests {
        match link.read(machine.connection.unit(), req, timeout_of(machine)).await {
            Ok(b) => blocks.push(b),
            Err(error) => {
                let request = (!matches!(error, PollError::Connect(_) | PollError::ConnectTimeout(_))).then_some(*req);
                return Err(PollFailure { request, error });
            }
        }
    }
    Ok(blocks)
}

/// Reads a machine once and decodes its signals.
pub async fn read_machine(
    link: &mut Link,
    machine: &Machine,
    plan: &ReadPlan,
) -> Result<(Values, Vec<(String, crate::decode::DecodeError)>), PollFailure> {
    let blocks = read_blocks(link, machine, plan).await?;
    Ok(plan.values(&machine.signals, &blocks))
}

/// The running poller.
pub struct Poller {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Poller {
    /// Starts polling `machines`, sending every reading to `tx`.
    pub fn spawn(machines: &[Machine], tx: mpsc::Sender<MachineReading>) -> Poller {
        let (stop, stop_rx) = watch::channel(false);
        let mut buses: BTreeMap<String, Vec<Machine>> = BTreeMap::new();
        for m in machines {
            if !m.signals.is_empty() {
                buses.entry(m.connection.bus().to_string()).or_default().push(m.clone());
            }
        }
        let tasks = buses
            .into_values()
            .map(|ms| tokio::spawn(bus(ms, tx.clone(), stop_rx.clone())))
            .collect();
        Poller { stop, tasks }
    }

    /// Stops every bus task and waits for them; no reading is sent after this returns.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

struct Polled {
    machine: Machine,
    plan: ReadPlan,
    due: Instant,
    backoff: Option<Duration>,
    failing: Option<String>,
    bad_signals: HashSet<String>,
    log: LogLimit,
}

/// How often a machine's problems are logged: each kind of problem the first time it
/// happens, in words; a kind seen before (a device flapping between timeouts and garbage)
/// at most once a minute, with a count of what was not said; and "answers again" when
/// the failure it ends was said.
#[derive(Debug, Default)]
struct LogLimit {
    last: Option<Instant>,
    unsaid: u32,
    kinds: HashSet<String>,
    said_failing: bool,
}

/// The least time between two messages about a kind of problem already said.
const LOG_EVERY: Duration = Duration::from_secs(60);

impl LogLimit {
    /// Whether to say that the machine now fails with `kind`, and how much went unsaid
    /// before it.
    fn failing(&mut self, kind: &str, now: Instant) -> Option<u32> {
        let new = self.kinds.insert(kind.to_string());
        if !new && self.last.is_some_and(|l| now.duration_since(l) < LOG_EVERY) {
            self.unsaid += 1;
            return None;
        }
        self.last = Some(now);
        self.said_failing = true;
        Some(std::mem::take(&mut self.unsaid))
    }

    /// Whether to say that the machine answers again.
    fn answers(&mut self) -> bool {
        std::mem::take(&mut self.said_failing)
    }
}

/// " (3 more changes since the last message)", or nothing.
fn unsaid(n: u32) -> String {
    match n {
        0 => String::new(),
        1 => " (1 more change since the last message)".into(),
        n => format!(" ({n} more changes since the last message)"),
    }
}

/// A pseudo-random factor in [0.8, 1.2) from the clock: enough to keep retries of many
/// machines from lining up.
fn jitter(d: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let x = u64::from(nanos).wrapping_mul(6_364_136_223_846_793_005) >> 40;
    let factor = 0.8 + 0.4 * (x % 1000) as f64 / 1000.0;
    d.mul_f64(factor)
}

async fn bus(machines: Vec<Machine>, tx: mpsc::Sender<MachineReading>, mut stop: watch::Receiver<bool>) {
    let Some(first) = machines.first() else { return };
    let mut link = Link::new(&first.connection);
    let start = Instant::now();
    let mut polled: Vec<Polled> = machines
        .into_iter()
        .map(|machine| Polled {
            plan: ReadPlan::new(&machine.signals),
            machine,
            due: start,
            backoff: None,
            failing: None,
            bad_signals: HashSet::new(),
            log: LogLimit::default(),
        })
        .collect();
    loop {
        let Some(next) = polled.iter_mut().min_by_key(|p| p.due) else {
            return;
        };
        tokio::select! {
            _ = stop.changed() => return,
            () = tokio::time::sleep_until(next.due) => {}
        }
        if *stop.borrow() {
            return;
        }
        let started = Instant::now();
        let t = now();
        let period = Duration::from_millis(u64::from(next.machine.poll_ms));
        // A stop must not wait for a machine that takes its time to answer.
        let result = tokio::select! {
            _ = stop.changed() => return,
            r = read_machine(&mut link, &next.machine, &next.plan) => r,
        };
        let values = match result {
            Ok((values, bad)) => {
                if next.failing.take().is_some() && next.log.answers() {
                    tracing::info!(machine = %next.machine.id, "{} answers again", next.machine.id);
                }
                next.backoff = None;
                report_bad_signals(next, &bad);
                // Fixed rate: the next poll is one period after this one started.
                next.due = (next.due + period).max(started);
                Some(values)
            }
            Err(f) => {
                let key = f.error.key();
                if next.failing.as_deref() != Some(key.as_str()) {
                    if let Some(n) = next.log.failing(&key, Instant::now()) {
                        tracing::warn!(machine = %next.machine.id, "{}{}", f.message(&next.machine), unsaid(n));
                    }
                    next.failing = Some(key);
                }
                let backoff = next
                    .backoff
                    .map_or(period.max(Duration::from_millis(500)), |b| (b * 2).min(MAX_BACKOFF));
                next.backoff = Some(backoff);
                next.due = Instant::now() + jitter(backoff);
                None
            }
        };
        let reading = MachineReading {
            machine: next.machine.id.clone(),
            reading: Reading { t, values },
        };
        // Nor for room in the channel: whoever stops the poller may no longer be reading it.
        // Biased: a reading already taken is handed over when there is room, even if a
        // stop arrived meanwhile.
        tokio::select! {
            biased;
            sent = tx.send(reading) => if sent.is_err() { return },
            _ = stop.changed() => return,
        }
    }
}

/// Logs a signal that would not decode (NaN, short answer) once, until it decodes again.
fn report_bad_signals(p: &mut Polled, bad: &[(String, crate::decode::DecodeError)]) {
    let now_bad: HashSet<String> = bad.iter().map(|(n, _)| n.clone()).collect();
    for (name, e) in bad {
        if !p.bad_signals.contains(name) {
            tracing::warn!(machine = %p.machine.id, "{} {}: signal `{name}`: bad reading, not stored: {e}", p.machine.id, p.machine.connection);
        }
    }
    p.bad_signals = now_bad;
}

/// Signals as `name = value` for display, from one reading.
pub fn describe_values(signals: &Signals, v: &Values) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if signals.running.is_some() {
        out.push(("running".into(), v.running.map_or("-".into(), |b| b.to_string())));
    }
    if signals.total_count.is_some() {
        out.push(("total_count".into(), v.total.map_or("-".into(), |x| x.to_string())));
    }
    if signals.reject_count.is_some() {
        out.push(("reject_count".into(), v.reject.map_or("-".into(), |x| x.to_string())));
    }
    if let Some(f) = &signals.fault_code {
        let shown = v.fault.map_or("-".into(), |c| match f.codes.get(&c) {
            Some(r) => format!("{c} ({r})"),
            None if c == 0 => "0 (no fault)".into(),
            None => format!("{c} (no reason configured)"),
        });
        out.push(("fault_code".into(), shown));
    }
    if let Some(p) = &signals.product_code {
        let shown = v.product.map_or("-".into(), |c| match p.codes.get(&c) {
            Some(id) => format!("{c} ({id})"),
            None => format!("{c} (no product configured)"),
        });
        out.push(("product_code".into(), shown));
    }
    if let Some(r) = &signals.energy_kwh {
        out.push((
            "energy_kwh".into(),
            v.energy_kwh
                .map_or("-".into(), |x| format!("{} kWh", r.format_value(x))),
        ));
    }
    for p in &signals.process {
        let value = v.process.iter().find(|(n, _)| *n == p.name).map(|(_, x)| *x);
        let unit = p.unit.as_deref().map_or(String::new(), |u| format!(" {u}"));
        out.push((
            p.name.clone(),
            value.map_or("-".into(), |x| format!("{}{unit}", p.register.format_value(x))),
        ));
    }
    out
}

#[cfg(test)]
mod log_tests {
    use super::*;

    #[test]
    fn each_kind_of_problem_is_said_once_and_flapping_once_a_minute() {
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut l = LogLimit::default();
        assert_eq!(l.failing("timeout", at(0)), Some(0));
        assert_eq!(l.failing("protocol", at(1)), Some(0), "a new kind is said at once");
        assert!(l.answers());
        // Flapping between the kinds already said: quiet for a minute.
        for s in 2..30 {
            assert_eq!(l.failing(if s % 2 == 0 { "timeout" } else { "protocol" }, at(s)), None);
            assert!(!l.answers(), "nobody was told it failed");
        }
        assert_eq!(l.failing("timeout", at(62)), Some(28));
        assert!(l.answers());
        assert_eq!(unsaid(28), " (28 more changes since the last message)");
    }
}
