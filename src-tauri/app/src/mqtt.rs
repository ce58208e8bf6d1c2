//! Live data on MQTT (`[mqtt]`): the recorder publishes what it sees to the company's
//! broker, under `<topic_prefix>/`, as JSON with plant-local RFC 3339 times and the units
//! in the field names. Every figure is the one the tile or the report shows, from the
//! same code: the shift figures are the live snapshot's (the tile's), a stop is a row of
//! `takt report downtime`, a shift report a row of `takt report oee --by shift`.
//!
//! | topic | retained | when |
//! |---|---|---|
//! | `<prefix>/status` | yes | `online` on connecting; `offline` on stopping, and as the last will |
//! | `<prefix>/<machine>/state` | yes | on every change |
//! | `<prefix>/<machine>/shift` | yes | every `interval_s`, and on a change of state |
//! | `<prefix>/<machine>/process/<signal>` | yes | every `interval_s`, when it moved |
//! | `<prefix>/<machine>/stops` | no | each stop as it ends |
//! | `<prefix>/<machine>/report/shift` | yes | at each shift's end: the machine's row |
//! | `<prefix>/report/shift` | yes | at each shift's end: the plant's `ALL` row |
//!
//! Everything goes at QoS 1. Publishing runs on a thread of its own, the connection on
//! the service's runtime: a broker that does not answer never holds up polling or
//! recording. Its outage is logged once; on reconnecting the retained topics are
//! published afresh, stops and shift reports not acknowledged are sent again, and the
//! shifts that ended meanwhile are sent from the store. A shift's reports are stamped as
//! delivered in the store once the broker acknowledged every one of them (so a restart
//! neither loses nor repeats them). Takt subscribes to nothing.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rumqttc::{AsyncClient, ConnectionError, Event, EventLoop, LastWill, MqttOptions, Outgoing, Packet, QoS};
use serde_json::{Value, json};
use takt_core::calendar::Calendar;
use takt_core::config::{Config, Mqtt, ScheduleAt};
use takt_core::ids::MachineId;
use takt_core::live::{MachineLive, Snapshot};
use takt_core::report::{ALL, By};
use takt_core::schedule::{Ended, ended};
use takt_core::table::{Report, fixed, json_row};
use takt_core::time::Ts;
use takt_store::{Reader, WriterHandle};
use tokio::sync::watch;

use crate::reports::{self, Query};

/// How often the thread looks at the snapshot and the network.
const LOOK: Duration = Duration::from_millis(100);

/// How often finished stops and ended shifts are looked for.
const LOOK_STORE: Duration = Duration::from_secs(1);

/// The wait between two tries to reach a broker that does not answer.
const RECONNECT: Duration = Duration::from_secs(1);

/// How long stopping waits for the broker to acknowledge `offline`.
const GOODBYE: Duration = Duration::from_secs(2);

/// How far back, after a restart, shifts that ended while Takt was away are still sent.
const CATCH_UP_MS: i64 = 7 * takt_core::time::DAY_MS;

/// Requests the client queues for its connection: a plant's snapshot several times over.
const QUEUE: usize = 4096;

/// The largest message either way (a shift report's row is about 2 kB).
const MAX_PACKET: usize = 256 * 1024;

/// The connection options for `[mqtt]`, with `client_id` as the client's id: the user and
/// its password (read now), TLS for `mqtts://` against the computer's certificate store,
/// and `offline` on `<prefix>/status` as the last will.
pub fn options(mqtt: &Mqtt, client_id: &str) -> Result<MqttOptions, String> {
    let mut o = MqttOptions::new(client_id, mqtt.host.clone(), mqtt.port);
    o.set_keep_alive(Duration::from_secs(30));
    o.set_max_packet_size(MAX_PACKET, MAX_PACKET);
    o.set_last_will(LastWill::new(status_topic(mqtt), "offline", QoS::AtLeastOnce, true));
    if let Some(user) = &mqtt.user {
        let password = match &mqtt.password {
            Some(p) => crate::secret::read("[mqtt]", p)?,
            None => String::new(),
        };
        o.set_credentials(user.clone(), password);
    }
    if mqtt.tls {
        o.set_transport(rumqttc::Transport::tls_with_config(takt_store::tls_config()?.into()));
    }
    Ok(o)
}

fn status_topic(mqtt: &Mqtt) -> String {
    format!("{}/status", mqtt.topic_prefix)
}

/// What went wrong reaching a broker, in the words a plant's IT would use: name lookup,
/// refused, TLS, authentication or permission.
pub fn describe(e: &ConnectionError) -> String {
    use rumqttc::ConnectReturnCode as Code;
    match e {
        ConnectionError::ConnectionRefused(Code::BadUserNamePassword) => {
            "authentication failed: the broker refused the user or password".into()
        }
        // Mosquitto answers a wrong password so too.
        ConnectionError::ConnectionRefused(Code::NotAuthorized) => {
            "not authorized: the broker refused this user (a wrong password, or no permission to connect)".into()
        }
        ConnectionError::ConnectionRefused(Code::BadClientId) => "the broker refused the client id".into(),
        ConnectionError::ConnectionRefused(code) => format!("the broker refused the connection ({code:?})"),
        ConnectionError::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused: nothing listens at that port".into(),
            std::io::ErrorKind::TimedOut => "timed out: the host did not answer".into(),
            _ if io.to_string().contains("lookup") || io.to_string().contains("resolve") => {
                format!("name lookup (DNS) failed: {io}")
            }
            _ => format!("network: {io}"),
        },
        ConnectionError::Tls(t) => format!("TLS: {t}"),
        ConnectionError::NetworkTimeout => "timed out: the broker did not answer".into(),
        ConnectionError::FlushTimeout => "timed out writing to the broker".into(),
        other => other.to_string(),
    }
}

/// Connects once to the broker of `[mqtt]` as `<client_id>-check` (not to take the
/// running recorder's session over) and hangs up: `takt check`'s test.
pub async fn check(mqtt: &Mqtt) -> Result<(), String> {
    let (client, mut eventloop) = AsyncClient::new(options(mqtt, &format!("{}-check", mqtt.client_id))?, 10);
    let connected = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(_))) => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(describe(&e)),
            }
        }
    })
    .await
    .unwrap_or_else(|_| Err("timed out: no answer from the broker in 10 s".into()));
    if connected.is_ok() {
        let _ = client.try_disconnect();
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Ok(ev) = eventloop.poll().await {
                if matches!(ev, Event::Outgoing(Outgoing::Disconnect)) {
                    break;
                }
            }
        })
        .await;
    }
    connected
}

/// A machine's state as published on `<prefix>/<machine>/state`.
pub fn state_payload(m: &MachineLive, tz: chrono_tz::Tz) -> Value {
    json!({
        "state": m.state.map_or("unknown", |s| s.as_str()),
        "since": m.since.map(|t| t.rfc3339(tz)),
        "reason": m.reason.as_ref().map(ToString::to_string),
        "on_break": m.on_break,
        "fault_code": m.fault_code,
        "product": m.product.as_ref().map(ToString::to_string),
        "shift": m.shift,
    })
}

/// A ratio with the report's 4 digits.
fn ratio(x: Option<f64>) -> Value {
    x.and_then(|v| fixed(v, 4).parse::<serde_json::Number>().ok())
        .map_or(Value::Null, Value::Number)
}

/// A machine's shift so far as published on `<prefix>/<machine>/shift`: the tile's figures.
pub fn shift_payload(m: &MachineLive, t: Ts, tz: chrono_tz::Tz) -> Value {
    json!({
        "t": t.rfc3339(tz),
        "shift": m.shift,
        "total": m.parts,
        "good": m.good,
        "reject": m.parts.saturating_sub(m.good),
        "availability": ratio(m.availability),
        "performance": ratio(m.performance),
        "quality": ratio(m.quality),
        "oee": ratio(m.oee),
    })
}

/// Each process value of a machine as published on `<prefix>/<machine>/process/<signal>`.
pub fn process_payloads(m: &MachineLive, t: Ts, tz: chrono_tz::Tz) -> Vec<(String, Value)> {
    m.process
        .iter()
        .map(|p| {
            let alarm = m.alarms.iter().find(|a| a.signal == p.name && a.open);
            (
                p.name.clone(),
                json!({
                    "t": t.rfc3339(tz),
                    "value": p.value,
                    "unit": p.unit,
                    "low": p.low,
                    "high": p.high,
                    "alarm": alarm.map(|a| a.kind.as_str()),
                }),
            )
        })
        .collect()
}

/// The messages of a shift's report: each machine's row on its topic, the plant's `ALL`
/// row on `<prefix>/report/shift`.
fn report_messages(config: &Config, prefix: &str, report: &Report) -> Vec<(String, Vec<u8>)> {
    let columns = report.columns();
    let machine = columns.iter().position(|c| c.name == "machine");
    report
        .rows()
        .map(|cells| {
            let row = json_row(&columns, &cells, config.plant.timezone);
            let who = machine.and_then(|i| row.get(&columns[i].name)).and_then(Value::as_str);
            let topic = match who {
                Some(m) if m != ALL => format!("{prefix}/{m}/report/shift"),
                _ => format!("{prefix}/report/shift"),
            };
            (topic, Value::Object(row).to_string().into_bytes())
        })
        .collect()
}

/// What the connection tells the publishing thread.
#[derive(Debug)]
enum Net {
    /// Connected (again): a new session, nothing of the last one kept.
    Connected,
    /// The connection failed; everything not acknowledged is gone.
    Down,
    /// A publish went out with this packet id.
    Sent(u16),
    /// The broker acknowledged this packet id.
    Acked(u16),
    /// The goodbye went out.
    Closed,
}

/// The publisher: a thread, and the connection's task on the service's runtime.
pub struct Publisher {
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
    connection: tokio::task::JoinHandle<()>,
}

impl Publisher {
    /// Starts publishing `config`'s `[mqtt]` from the snapshots of `live` and the store
    /// `db` (written through `writer`); shift reports from the last one delivered (at
    /// most a week back), or from `start`. `None` without `[mqtt]`, or when its password
    /// cannot be read (logged). Must be called on a tokio runtime.
    pub fn spawn(
        config: &Config,
        db: &Path,
        live: watch::Receiver<Snapshot>,
        writer: WriterHandle,
        start: Ts,
    ) -> Option<Publisher> {
        let mqtt = config.mqtt.as_ref()?;
        let opts = options(mqtt, &mqtt.client_id)
            .map_err(|e| tracing::error!("[mqtt] {}: not publishing: {e}", mqtt.url))
            .ok()?;
        let (client, eventloop) = AsyncClient::new(opts, QUEUE);
        let (net_tx, net_rx) = mpsc::channel();
        let up = Arc::new(AtomicBool::new(false));
        let connection = tokio::spawn(drive(eventloop, net_tx, up.clone(), mqtt.url.clone()));
        let (stop, stopped) = mpsc::channel();
        let state = Thread {
            config: config.clone(),
            cal: Calendar::new(config),
            mqtt: mqtt.clone(),
            db: db.to_path_buf(),
            writer,
            client,
            up,
            connected: false,
            outbox: Outbox::default(),
            machines: BTreeMap::new(),
            latest: None,
            reports_after: start,
            start,
        };
        let thread = std::thread::Builder::new()
            .name("takt-mqtt".into())
            .spawn(move || state.run(&net_rx, &live, &stopped))
            .map_err(|e| tracing::error!("[mqtt]: cannot start its thread: {e}"))
            .ok();
        let Some(thread) = thread else {
            connection.abort();
            return None;
        };
        Some(Publisher {
            stop,
            thread: Some(thread),
            connection,
        })
    }

    /// Publishes `offline` (waiting up to 2 s for the broker), hangs up and stops.
    pub async fn stop(mut self) {
        let _ = self.stop.send(());
        if let Some(t) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || t.join()).await;
        }
        self.connection.abort();
    }
}

/// Drives the connection: reconnects every second while the broker does not answer
/// (logging the outage once, and its end), and tells the thread what happened.
async fn drive(mut eventloop: EventLoop, net: mpsc::Sender<Net>, up: Arc<AtomicBool>, url: String) {
    let mut down_since: Option<Instant> = None;
    loop {
        let told = match eventloop.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                up.store(true, Ordering::SeqCst);
                match down_since.take() {
                    Some(t) => tracing::info!(
                        "[mqtt] {url}: the broker answers again after {:.0} s; publishing again",
                        t.elapsed().as_secs_f64()
                    ),
                    None => tracing::info!("[mqtt] {url}: connected"),
                }
                net.send(Net::Connected)
            }
            Ok(Event::Incoming(Packet::PubAck(a))) => net.send(Net::Acked(a.pkid)),
            Ok(Event::Outgoing(Outgoing::Publish(pkid))) => net.send(Net::Sent(pkid)),
            Ok(Event::Outgoing(Outgoing::Disconnect)) => {
                let _ = net.send(Net::Closed);
                return;
            }
            Ok(_) => Ok(()),
            Err(e) => {
                up.store(false, Ordering::SeqCst);
                if down_since.is_none() {
                    tracing::warn!(
                        "[mqtt] {url}: {}; polling and recording go on, and publishing resumes when the broker answers",
                        describe(&e)
                    );
                    down_since = Some(Instant::now());
                }
                let told = net.send(Net::Down);
                tokio::time::sleep(RECONNECT).await;
                told
            }
        };
        if told.is_err() {
            return;
        }
    }
}

/// A message that must reach the broker: sent again until acknowledged.
struct Tracked {
    topic: String,
    payload: Vec<u8>,
    retain: bool,
    /// The shift whose report it is part of.
    period: Option<Ended>,
    /// Handed to the client in this session.
    submitted: bool,
}

/// The messages that must reach the broker, and which packet each went out as.
#[derive(Default)]
struct Outbox {
    next: u64,
    waiting: BTreeMap<u64, Tracked>,
    /// Every publish handed to the client this session, in order: the client numbers them
    /// in this order as they go out (`Some` for tracked ones).
    queued: VecDeque<Option<u64>>,
    /// Packet ids out and not acknowledged.
    inflight: HashMap<u16, Option<u64>>,
}

struct Machine {
    state: Option<Value>,
    since: Option<Ts>,
    /// Stops ending up to here were published.
    stops_to: Ts,
    /// Stops to look for: ended in `(from, to]`.
    stops: Option<(Ts, Ts)>,
    process: HashMap<String, Value>,
}

struct Thread {
    config: Config,
    cal: Calendar,
    mqtt: Mqtt,
    db: std::path::PathBuf,
    writer: WriterHandle,
    client: AsyncClient,
    /// The connection's own view: up from its connect to its first error.
    up: Arc<AtomicBool>,
    /// The thread's view: from `Net::Connected` to `Net::Down`.
    connected: bool,
    outbox: Outbox,
    machines: BTreeMap<MachineId, Machine>,
    latest: Option<Snapshot>,
    reports_after: Ts,
    start: Ts,
}

impl Thread {
    fn run(mut self, net: &mpsc::Receiver<Net>, live: &watch::Receiver<Snapshot>, stopped: &mpsc::Receiver<()>) {
        let key = self.key();
        let reader = Reader::open(&self.db)
            .map_err(|e| tracing::error!("[mqtt]: the store: {e}; no stops or shift reports"))
            .ok();
        if let Some(r) = &reader
            && let Ok(done) = r.deliveries(&key, Ts(i64::MIN))
            && let Some(last) = done.last()
        {
            // Away longer than a week: the week's shifts, not all of them.
            self.reports_after = last.to.max(Ts(self.start.0 - CATCH_UP_MS));
        }
        let mut live = live.clone();
        let every = Duration::from_secs(u64::from(self.mqtt.interval_s));
        let (mut next_figures, mut next_store) = (Instant::now(), Instant::now());
        loop {
            match net.recv_timeout(LOOK) {
                Ok(ev) => self.on_net(ev),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            while let Ok(ev) = net.try_recv() {
                self.on_net(ev);
            }
            if !matches!(stopped.try_recv(), Err(mpsc::TryRecvError::Empty)) {
                break;
            }
            match live.has_changed() {
                Ok(true) => {
                    let snapshot = live.borrow_and_update().clone();
                    self.on_snapshot(snapshot);
                }
                Ok(false) => {}
                Err(_) => break,
            }
            if Instant::now() >= next_figures {
                next_figures = Instant::now() + every;
                self.publish_figures();
            }
            if Instant::now() >= next_store {
                next_store = Instant::now() + LOOK_STORE;
                if let Some(r) = &reader {
                    self.look_at_store(r);
                }
            }
        }
        self.goodbye(net);
    }

    /// The store's record of shift reports delivered to this broker and prefix.
    fn key(&self) -> String {
        format!("mqtt|{}|{}", self.mqtt.url, self.mqtt.topic_prefix)
    }

    fn topic(&self, machine: &MachineId, rest: &str) -> String {
        format!("{}/{machine}/{rest}", self.mqtt.topic_prefix)
    }

    /// Hands a message to the client; `false` when its queue is full.
    fn publish(&mut self, topic: String, payload: Vec<u8>, retain: bool) -> bool {
        self.publish_as(topic, payload, retain, None)
    }

    /// [`Thread::publish`], remembering which tracked message (if any) it is.
    fn publish_as(&mut self, topic: String, payload: Vec<u8>, retain: bool, id: Option<u64>) -> bool {
        // Only while connected: what is queued while the connection is down is dropped
        // by it on reconnecting, and would put the packet numbering out of step.
        if !self.connected || !self.up.load(Ordering::SeqCst) {
            return false;
        }
        match self.client.try_publish(topic, QoS::AtLeastOnce, retain, payload) {
            Ok(()) => {
                self.outbox.queued.push_back(id);
                true
            }
            Err(_) => false,
        }
    }

    /// Keeps a message until the broker acknowledged it, and hands it to the client.
    fn track(&mut self, topic: String, payload: Vec<u8>, retain: bool, period: Option<Ended>) {
        let id = self.outbox.next;
        self.outbox.next += 1;
        self.outbox.waiting.insert(
            id,
            Tracked {
                topic,
                payload,
                retain,
                period,
                submitted: false,
            },
        );
        self.submit(id);
    }

    fn submit(&mut self, id: u64) {
        let Some(t) = self.outbox.waiting.get(&id) else {
            return;
        };
        if t.submitted {
            return;
        }
        let (topic, payload, retain) = (t.topic.clone(), t.payload.clone(), t.retain);
        if self.publish_as(topic, payload, retain, Some(id))
            && let Some(t) = self.outbox.waiting.get_mut(&id)
        {
            t.submitted = true;
        }
    }

    fn on_net(&mut self, ev: Net) {
        match ev {
            Net::Connected => {
                // A new session: nothing queued or in flight in the last one goes out.
                self.connected = true;
                self.outbox.queued.clear();
                self.outbox.inflight.clear();
                for t in self.outbox.waiting.values_mut() {
                    t.submitted = false;
                }
                let status = status_topic(&self.mqtt);
                self.publish(status, b"online".to_vec(), true);
                // The retained topics afresh.
                for m in self.machines.values_mut() {
                    m.state = None;
                    m.process.clear();
                }
                if let Some(s) = self.latest.take() {
                    self.on_snapshot(s);
                }
                self.publish_figures();
                let ids: Vec<u64> = self.outbox.waiting.keys().copied().collect();
                for id in ids {
                    self.submit(id);
                }
            }
            Net::Down => self.connected = false,
            Net::Sent(pkid) => {
                // A packet id still in flight is that packet sent again.
                if !self.outbox.inflight.contains_key(&pkid) {
                    let id = self.outbox.queued.pop_front().flatten();
                    self.outbox.inflight.insert(pkid, id);
                }
            }
            Net::Acked(pkid) => {
                if let Some(Some(id)) = self.outbox.inflight.remove(&pkid)
                    && let Some(t) = self.outbox.waiting.remove(&id)
                    && let Some(period) = t.period
                {
                    self.reported(&period);
                }
            }
            Net::Closed => {}
        }
    }

    /// A message of `period`'s reports was acknowledged: when it was the last, the store
    /// records the period as delivered.
    fn reported(&mut self, period: &Ended) {
        if self.outbox.waiting.values().any(|t| t.period.as_ref() == Some(period)) {
            return;
        }
        let record = takt_store::Delivery {
            schedule: self.key(),
            from: period.from,
            to: period.to,
            label: period.label.clone(),
            written: crate::clock::now(),
            mailed: None,
        };
        match self.writer.delivered(record) {
            Ok(()) => tracing::debug!("[mqtt]: the shift report of {} delivered", period.label),
            Err(e) => tracing::error!("[mqtt]: recording the shift report of {} as sent: {e}", period.label),
        }
    }

    fn on_snapshot(&mut self, s: Snapshot) {
        let tz = self.config.plant.timezone;
        let mut changed = Vec::new();
        for m in &s.machines {
            let entry = self.machines.entry(m.id.clone()).or_insert_with(|| Machine {
                state: None,
                // Stops that ended before Takt started were published by the run before.
                since: m.since,
                stops_to: m.since.unwrap_or(s.t),
                stops: None,
                process: HashMap::new(),
            });
            if m.since != entry.since {
                // The machine's last state ended: any stop in it is over.
                if let Some(to) = m.since.filter(|to| *to > entry.stops_to) {
                    let from = entry.stops.map_or(entry.stops_to, |(f, _)| f);
                    entry.stops = Some((from, to));
                    entry.stops_to = to;
                }
                entry.since = m.since;
            }
            let state = state_payload(m, tz);
            if entry.state.as_ref() != Some(&state) {
                changed.push((m.id.clone(), state));
            }
        }
        for (id, state) in changed {
            let topic = self.topic(&id, "state");
            if self.publish(topic, state.to_string().into_bytes(), true) {
                if let Some(m) = self.machines.get_mut(&id) {
                    m.state = Some(state);
                }
                if let Some(m) = s.machines.iter().find(|m| m.id == id) {
                    let topic = self.topic(&id, "shift");
                    self.publish(topic, shift_payload(m, s.t, tz).to_string().into_bytes(), true);
                }
            }
        }
        self.latest = Some(s);
    }

    /// Every machine's shift figures, and its process values that moved.
    fn publish_figures(&mut self) {
        let Some(s) = self.latest.take() else {
            return;
        };
        let tz = self.config.plant.timezone;
        for m in &s.machines {
            let topic = self.topic(&m.id, "shift");
            self.publish(topic, shift_payload(m, s.t, tz).to_string().into_bytes(), true);
            for (name, payload) in process_payloads(m, s.t, tz) {
                let last = self.machines.get(&m.id).and_then(|x| x.process.get(&name));
                // The time alone moving is no news.
                let same = last
                    .is_some_and(|l| l.get("value") == payload.get("value") && l.get("alarm") == payload.get("alarm"));
                if same {
                    continue;
                }
                let topic = self.topic(&m.id, &format!("process/{name}"));
                if self.publish(topic, payload.to_string().into_bytes(), true)
                    && let Some(x) = self.machines.get_mut(&m.id)
                {
                    x.process.insert(name, payload);
                }
            }
        }
        self.latest = Some(s);
    }

    /// Stops that ended and shifts that ended, from the store.
    fn look_at_store(&mut self, reader: &Reader) {
        if !self.connected {
            return;
        }
        // What the client's queue had no room for a moment ago.
        let unsent: Vec<u64> = self
            .outbox
            .waiting
            .iter()
            .filter(|(_, t)| !t.submitted)
            .map(|(id, _)| *id)
            .collect();
        for id in unsent {
            self.submit(id);
        }
        let due: Vec<(MachineId, (Ts, Ts))> = self
            .machines
            .iter()
            .filter_map(|(id, m)| m.stops.map(|w| (id.clone(), w)))
            .collect();
        let now = crate::clock::now();
        let periods = ended(
            &self.cal,
            ScheduleAt::ShiftEnd,
            self.reports_after,
            crate::service::settled(now),
        );
        if due.is_empty() && periods.is_empty() {
            return;
        }
        // What the service handed the writer is in the store before it is read.
        if let Err(e) = self.writer.flush() {
            tracing::error!("[mqtt]: the writer: {e}");
            return;
        }
        for (id, (from, to)) in due {
            match self.stops(reader, &id, from, to) {
                Ok(messages) => {
                    for (topic, payload) in messages {
                        self.track(topic, payload, false, None);
                    }
                    if let Some(m) = self.machines.get_mut(&id) {
                        m.stops = None;
                    }
                }
                Err(e) => tracing::error!("[mqtt]: the stops of {id}: {e}"),
            }
        }
        for period in periods {
            let q = Query {
                from: period.from,
                to: period.to,
                machines: self.config.machines.iter().map(|m| m.id.clone()).collect(),
                by: Some(By::Shift),
                now,
            };
            match reports::oee(&self.config, reader, &q, &mut || {}) {
                Ok(rows) => {
                    for (topic, payload) in report_messages(&self.config, &self.mqtt.topic_prefix, &Report::Oee(rows)) {
                        self.track(topic, payload, true, Some(period.clone()));
                    }
                    self.reports_after = period.to;
                }
                Err(e) => {
                    tracing::error!("[mqtt]: the shift report of {}: {e}", period.label);
                    break;
                }
            }
        }
    }

    /// A machine's stops that ended in `(from, to]`, as `takt report downtime` has them.
    fn stops(&self, reader: &Reader, id: &MachineId, from: Ts, to: Ts) -> takt_store::Result<Vec<(String, Vec<u8>)>> {
        let q = Query {
            from,
            to,
            machines: vec![id.clone()],
            by: None,
            now: to,
        };
        let report = Report::Downtime(reports::downtime(&self.config, reader, &q)?);
        let columns = report.columns();
        let tz = self.config.plant.timezone;
        let topic = self.topic(id, "stops");
        Ok(report
            .rows()
            .map(|cells| {
                let mut row = json_row(&columns, &cells, tz);
                row.remove("machine");
                (topic.clone(), Value::Object(row).to_string().into_bytes())
            })
            .collect())
    }

    /// `offline`, acknowledged or after [`GOODBYE`], then the disconnect.
    fn goodbye(mut self, net: &mpsc::Receiver<Net>) {
        if !self.connected {
            return;
        }
        let status = status_topic(&self.mqtt);
        self.track(status, b"offline".to_vec(), true, None);
        let until = Instant::now() + GOODBYE;
        while Instant::now() < until && self.outbox.waiting.values().any(|t| t.topic.ends_with("/status")) {
            match net.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(ev) => self.on_net(ev),
                Err(_) => break,
            }
        }
        let unsent = self.outbox.waiting.len().saturating_sub(1);
        if unsent > 0 {
            tracing::warn!("[mqtt]: {unsent} stops and shift reports not acknowledged before Takt stopped");
        }
        if self.client.try_disconnect().is_ok() {
            let until = Instant::now() + Duration::from_millis(500);
            while let Ok(ev) = net.recv_timeout(until.saturating_duration_since(Instant::now())) {
                if matches!(ev, Net::Closed) {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::ids::ReasonCode;
    use takt_core::live::ProcessLive;
    use takt_core::model::{AlarmEpisode, LimitKind, MachineState};
    use takt_core::table::Cell;

    fn tile() -> MachineLive {
        MachineLive {
            id: MachineId::new("press-1").unwrap(),
            name: "Press 1".into(),
            state: Some(MachineState::Down),
            since: Some(Ts(1_764_050_400_000)),
            reason: Some(ReasonCode::new("mech/jam").unwrap()),
            on_break: false,
            fault_code: Some(3),
            product: None,
            shift: Some("Early".into()),
            parts: 1_000,
            good: 950,
            availability: Some(0.812_345_6),
            performance: Some(0.9),
            quality: Some(0.95),
            oee: Some(0.812_345_6 * 0.9 * 0.95),
            process: vec![ProcessLive {
                name: "oil_temp".into(),
                value: 71.5,
                unit: Some("°C".into()),
                low: Some(20.0),
                high: Some(70.0),
            }],
            alert: None,
            alarms: vec![AlarmEpisode {
                signal: "oil_temp".into(),
                kind: LimitKind::High,
                limit: 70.0,
                worst: 71.5,
                start: Ts(1_764_050_400_000),
                end: Ts(1_764_050_460_000),
                open: true,
            }],
            strip: Vec::new(),
            strip_span: None,
        }
    }

    #[test]
    fn the_payloads_carry_the_tiles_figures_with_the_reports_digits_and_plant_local_times() {
        let tz = chrono_tz::Europe::Istanbul;
        let m = tile();
        let state = state_payload(&m, tz);
        assert_eq!(state["state"], "down");
        assert_eq!(state["since"], "2025-11-25T09:00:00+03:00");
        assert_eq!(state["reason"], "mech/jam");
        let shift = shift_payload(&m, Ts(1_764_050_460_000), tz);
        assert_eq!(
            (
                shift["total"].as_u64(),
                shift["good"].as_u64(),
                shift["reject"].as_u64()
            ),
            (Some(1000), Some(950), Some(50))
        );
        // A ratio is what the CSV writes of it, 4 digits.
        for (field, value) in [("availability", m.availability), ("oee", m.oee)] {
            let csv = Cell::Ratio(value).text(tz);
            assert_eq!(shift[field].as_f64(), csv.parse::<f64>().ok(), "{field}");
        }
        assert_eq!(shift["availability"].to_string(), "0.8123");
        let process = process_payloads(&m, Ts(1_764_050_460_000), tz);
        assert_eq!(process[0].0, "oil_temp");
        assert_eq!(process[0].1["alarm"], "high");
        assert_eq!(process[0].1["unit"], "°C");
    }

    #[test]
    fn a_report_row_goes_to_its_machines_topic_and_the_all_row_to_the_plants() {
        let config = Config::parse(
            "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[mqtt]\nurl = \"mqtt://127.0.0.1\"\n",
            "takt.toml",
        )
        .unwrap()
        .config;
        let period = takt_core::kpi::Period {
            label: "2025-11-25 A".into(),
            start: Ts(0),
            end: Ts(3_600_000),
        };
        let rows = takt_core::report::combine(
            &period,
            [
                (
                    "press-1".to_string(),
                    takt_core::kpi::Terms::default(),
                    takt_core::kpi::Extra::default(),
                ),
                (
                    "press-2".to_string(),
                    takt_core::kpi::Terms::default(),
                    takt_core::kpi::Extra::default(),
                ),
            ],
            Some(ALL),
        );
        let messages = report_messages(&config, "takt/p", &Report::Oee(rows));
        let topics: Vec<&str> = messages.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(
            topics,
            [
                "takt/p/press-1/report/shift",
                "takt/p/press-2/report/shift",
                "takt/p/report/shift"
            ]
        );
        let row: Value = serde_json::from_slice(&messages[2].1).unwrap();
        assert_eq!(row["machine"], "ALL");
        assert_eq!(row["period"], "2025-11-25 A");
    }
}
