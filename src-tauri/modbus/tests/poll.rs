//! The poller against the simulator over real TCP on 127.0.0.1.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use takt_core::config::{Config, Machine};
use takt_modbus::link::Link;
use takt_modbus::plan::ReadPlan;
use takt_modbus::poller::{MachineReading, Poller, read_machine};
use takt_modbus::sim::server::{Endpoint, ImageDevice, SharedDevice};
use takt_sim::encode::{Logical, blank};
use tokio::net::TcpListener;

fn machine(port: u16, unit: u8, signals: &str) -> Machine {
    let text = format!(
        "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[reason]]\ncode = \"mech/jam\"\nkind = \"downtime\"\n[[machine]]\nid = \"m{unit}\"\nideal_cycle_s = 1.0\npoll_ms = 100\nconnection = {{ modbus_tcp = \"127.0.0.1:{port}\", unit = {unit}, timeout_ms = 300 }}\n[machine.signals]\n{signals}"
    );
    Config::parse(&text, "t.toml").unwrap().config.machines.remove(0)
}

const SIGNALS: &str = r#"running = { coil = 0 }
total_count = { holding = 0, type = "u32", word_order = "little" }
reject_count = { holding = 2 }
fault_code = { holding = 4, reasons = { 7 = "mech/jam" } }
energy_kwh = { input = 0, type = "f64" }
process = [{ name = "t", input = 10, type = "i16", scale = 0.1, low = 20.0, high = 65.0 }]
"#;

async fn endpoint(devices: Vec<(u8, Arc<Mutex<ImageDevice>>)>) -> Endpoint {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let units: BTreeMap<u8, SharedDevice> = devices.into_iter().map(|(u, d)| (u, d as SharedDevice)).collect();
    Endpoint::serve(listener, units).unwrap()
}

fn device(m: &Machine, running: bool, total: u64, fault: u64, kwh: f64, temp: f64) -> Arc<Mutex<ImageDevice>> {
    let s = &m.signals;
    let mut image = blank(s);
    image.set(s.running.as_ref().unwrap(), Logical::Bool(running));
    image.set(s.total_count.as_ref().unwrap(), Logical::Count(total));
    image.set(s.reject_count.as_ref().unwrap(), Logical::Count(3));
    image.set(&s.fault_code.as_ref().unwrap().register, Logical::Count(fault));
    image.set(s.energy_kwh.as_ref().unwrap(), Logical::Measure(kwh));
    image.set(&s.process[0].register, Logical::Measure(temp));
    Arc::new(Mutex::new(ImageDevice { image, online: true }))
}

/// Waits for a reading that satisfies `want`, or fails after 10 s.
async fn wait_for(
    rx: &mut tokio::sync::mpsc::Receiver<MachineReading>,
    want: impl Fn(&MachineReading) -> bool,
) -> MachineReading {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let r = rx.recv().await.expect("poller stopped");
            if want(&r) {
                return r;
            }
        }
    })
    .await
    .expect("no such reading within 10 s")
}

#[tokio::test]
async fn reads_every_signal_decoded() {
    let probe = machine(1, 1, SIGNALS);
    let dev = device(&probe, true, 70_000, 7, 1234.5, 42.3);
    let ep = endpoint(vec![(1, dev)]).await;
    let m = machine(ep.addr.port(), 1, SIGNALS);
    let mut link = Link::new(&m.connection);
    let (v, bad) = read_machine(&mut link, &m, &ReadPlan::new(&m.signals))
        .await
        .map_err(|f| f.message(&m))
        .unwrap();
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(
        (v.running, v.total, v.reject, v.fault),
        (Some(true), Some(70_000), Some(3), Some(7))
    );
    assert_eq!(v.energy_kwh, Some(1234.5));
    assert_eq!(v.process.len(), 1);
    assert!((v.process[0].1 - 42.3).abs() < 1e-9, "{:?}", v.process);
}

#[tokio::test]
async fn exception_messages_name_machine_register_and_code() {
    let probe = machine(1, 1, SIGNALS);
    let dev = device(&probe, true, 1, 0, 0.0, 30.0);
    let ep = endpoint(vec![(1, dev)]).await;
    // Holding register 9 does not exist on the device.
    let m = machine(ep.addr.port(), 1, "fault_code = { holding = 9 }\n");
    let mut link = Link::new(&m.connection);
    let err = read_machine(&mut link, &m, &ReadPlan::new(&m.signals))
        .await
        .unwrap_err();
    assert_eq!(
        err.message(&m),
        format!(
            "m1 127.0.0.1:{} unit 1: holding register 9: Modbus exception 2 (illegal data address)",
            ep.addr.port()
        )
    );
    // The link is still up: an exception is the device saying no, not a broken link.
    assert!(link.is_open());
}

#[tokio::test]
async fn a_machine_that_stops_answering_is_no_data_and_recovers_by_itself() {
    let probe = machine(1, 1, SIGNALS);
    let (a, b) = (
        device(&probe, true, 10, 0, 1.0, 30.0),
        device(&probe, false, 20, 7, 2.0, 31.0),
    );
    let ep = endpoint(vec![(1, a.clone()), (2, b.clone())]).await;
    let machines = vec![machine(ep.addr.port(), 1, SIGNALS), machine(ep.addr.port(), 2, SIGNALS)];
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let poller = Poller::spawn(&machines, tx);
    wait_for(&mut rx, |r| r.machine.as_str() == "m1" && r.reading.values.is_some()).await;
    a.lock().unwrap().online = false;
    wait_for(&mut rx, |r| r.machine.as_str() == "m1" && r.reading.values.is_none()).await;
    // The other machine on the same endpoint keeps being read.
    let other = wait_for(&mut rx, |r| r.machine.as_str() == "m2" && r.reading.values.is_some()).await;
    assert_eq!(other.reading.values.unwrap().total, Some(20));
    a.lock().unwrap().online = true;
    a.lock()
        .unwrap()
        .image
        .set(machines[0].signals.total_count.as_ref().unwrap(), Logical::Count(99));
    let back = wait_for(&mut rx, |r| r.machine.as_str() == "m1" && r.reading.values.is_some()).await;
    assert_eq!(back.reading.values.unwrap().total, Some(99));
    poller.stop().await;
    // Nothing the simulator received was a write.
    for f in [5, 6, 15, 16, 22, 23] {
        assert_eq!(ep.log.count(f), 0, "function {f}");
    }
    assert!(ep.log.count(3) > 0 && ep.log.count(1) > 0);
}

#[tokio::test]
async fn stopping_never_waits_for_a_reader_that_stopped_reading() {
    // A machine answering quickly fills the channel, and nobody reads it any more.
    let probe = machine(1, 1, SIGNALS);
    let ep = endpoint(vec![(1, device(&probe, true, 1, 0, 0.0, 30.0))]).await;
    let m = machine(ep.addr.port(), 1, SIGNALS);
    let (tx, mut rx) = tokio::sync::mpsc::channel(1);
    let poller = Poller::spawn(std::slice::from_ref(&m), tx);
    wait_for(&mut rx, |r| r.reading.values.is_some()).await;
    // Two more polls answered: one reading fills the channel, the next waits for room.
    let per_poll = ReadPlan::new(&m.signals).requests.len() as u64;
    let seen = ep.log.total();
    tokio::time::timeout(Duration::from_secs(10), async {
        while ep.log.total() < seen + 2 * per_poll || rx.is_empty() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the poller kept polling");
    tokio::time::timeout(Duration::from_secs(10), poller.stop())
        .await
        .expect("Poller::stop returned");
    drop(rx);
}

#[tokio::test]
async fn an_answer_of_the_wrong_length_is_malformed_not_a_panic() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A device that answers every read with two registers, whatever was asked.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 7];
        while sock.read_exact(&mut head).await.is_ok() {
            let mut pdu = vec![0u8; usize::from(u16::from_be_bytes([head[4], head[5]])) - 1];
            sock.read_exact(&mut pdu).await.unwrap();
            let body = [pdu[0], 4, 0, 1, 0, 2];
            let mut frame = vec![head[0], head[1], 0, 0, 0, body.len() as u8 + 1, head[6]];
            frame.extend_from_slice(&body);
            sock.write_all(&frame).await.unwrap();
        }
    });
    let m = machine(
        port,
        1,
        "process = [{ name = \"a\", holding = 0 }, { name = \"b\", holding = 1 }, { name = \"c\", holding = 2 }]\n",
    );
    let mut link = Link::new(&m.connection);
    let err = read_machine(&mut link, &m, &ReadPlan::new(&m.signals))
        .await
        .unwrap_err();
    assert_eq!(
        err.message(&m),
        format!("m1 127.0.0.1:{port} unit 1: holding registers 0..2: malformed answer: asked for 3 registers, got 2")
    );
}
