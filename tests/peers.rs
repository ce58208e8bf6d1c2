//! Takt against independent Modbus peers: the pymodbus server (PyPI) over TCP and over
//! RTU on a socat pty pair, and mbpoll (libmodbus, Debian) reading Takt's simulator.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::live::takt;
use common::{PyServer, query, repo, wait_for};
use serde_json::json;

const WRITES: [u8; 6] = [5, 6, 15, 16, 22, 23];

fn takt_run(config: &Path, db: &Path, secs: u32) -> std::process::Output {
    takt(config, db)
        .args(["run", "--for", &format!("{secs}s")])
        .output()
        .unwrap()
}

/// The latest raw value of each process signal of a machine.
fn process_values(db: &Path, machine: &str) -> BTreeMap<String, f64> {
    query(
        db,
        &format!("SELECT name, value FROM process_raw WHERE machine = '{machine}' ORDER BY t_ms"),
    )
    .into_iter()
    .map(|r| (r[0].clone(), r[1].parse().unwrap()))
    .collect()
}

#[test]
fn pymodbus_serves_every_type_and_word_order_and_never_sees_a_write() {
    let dir = tempfile::tempdir().unwrap();
    // Register images written by hand (the decoded values are in the comments).
    let map = json!({
        "1": {
            "coils": {"0": 1},
            "holding": {"0": 1, "1": 2, "2": 7, "4": 0, "40": 100},   // u32 big 65538; reject 7
            "input": {
                "10": 65531,                          // i16 -5, x 0.1 = -0.5
                "11": 2, "12": 1,                     // u32 little = 65538
                "13": 65535, "14": 65534,             // i32 big = -2
                "15": 16320, "16": 0,                 // f32 big 0x3FC0_0000 = 1.5
                "17": 0, "18": 16320,                 // f32 little = 1.5
                "20": 49154, "21": 0, "22": 0, "23": 0,   // f64 big 0xC002_... = -2.25
                "24": 0, "25": 0, "26": 0, "27": 49154,   // f64 little = -2.25
                "28": 0, "29": 0, "30": 1, "31": 2,       // u64 big = 65538
                "50": 20480, "51": 17562              // f32 little 0x449A_5000 = 1234.5 kWh
            }
        },
        "2": {"discrete": {"0": 0}, "holding": {"0": 42}}
    });
    let server = PyServer::start(dir.path(), &map, None);
    let port = server.port.unwrap();
    let config = format!(
        r#"
[plant]
name = "P"
timezone = "UTC"

[[reason]]
code = "mech/jam"
kind = "downtime"

[[machine]]
id = "a"
ideal_cycle_s = 1.0
poll_ms = 200
connection = {{ modbus_tcp = "127.0.0.1:{port}", unit = 1 }}
[machine.signals]
running      = {{ coil = 0 }}
total_count  = {{ holding = 0, type = "u32" }}
reject_count = {{ holding = 2, type = "u16" }}
fault_code   = {{ holding = 4, reasons = {{ 1 = "mech/jam" }} }}
energy_kwh   = {{ input = 50, type = "f32", word_order = "little" }}
process = [
  {{ name = "i16", input = 10, type = "i16", scale = 0.1 }},
  {{ name = "u32le", input = 11, type = "u32", word_order = "little" }},
  {{ name = "i32", input = 13, type = "i32" }},
  {{ name = "f32", input = 15, type = "f32" }},
  {{ name = "f32le", input = 17, type = "f32", word_order = "little" }},
  {{ name = "f64", input = 20, type = "f64" }},
  {{ name = "f64le", input = 24, type = "f64", word_order = "little" }},
  {{ name = "u64", input = 28, type = "u64" }},
  {{ name = "u16so", holding = 40, type = "u16", scale = 0.5, offset = 10.0 }},
]

[[machine]]
id = "b"
ideal_cycle_s = 1.0
poll_ms = 200
connection = {{ modbus_tcp = "127.0.0.1:{port}", unit = 2 }}
[machine.signals]
running     = {{ discrete = 0 }}
total_count = {{ holding = 0, type = "u16" }}
"#
    );
    let cfg = dir.path().join("takt.toml");
    std::fs::write(&cfg, config).unwrap();
    let db = dir.path().join("takt.db");
    let out = takt_run(&cfg, &db, 3);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let p = process_values(&db, "a");
    let want = [
        ("i16", -0.5),
        ("u32le", 65538.0),
        ("i32", -2.0),
        ("f32", 1.5),
        ("f32le", 1.5),
        ("f64", -2.25),
        ("f64le", -2.25),
        ("u64", 65538.0),
        ("u16so", 60.0),
    ];
    for (name, v) in want {
        assert_eq!(p.get(name), Some(&v), "{name}: {p:?}");
    }
    let baselines = query(
        &db,
        "SELECT machine, counter, raw, meter FROM counter_baseline ORDER BY machine, counter",
    );
    assert_eq!(
        baselines,
        vec![
            vec!["a", "energy", "0", "1234.5"],
            vec!["a", "reject", "7", "0"],
            vec!["a", "total", "65538", "0"],
            vec!["b", "total", "42", "0"],
        ]
    );
    let states = query(
        &db,
        "SELECT machine, state FROM state_interval GROUP BY machine, state ORDER BY machine",
    );
    assert_eq!(states, vec![vec!["a", "running"], vec!["b", "down"]]);

    let f = server.functions();
    assert!(f.len() >= 10, "{f:?}");
    assert!(
        !f.iter().any(|c| WRITES.contains(c)),
        "a write reached the machine: {f:?}"
    );
    assert!(f.iter().all(|c| [1, 2, 3, 4].contains(c)), "{f:?}");
}

#[test]
fn rtu_bus_with_two_units_over_a_socat_pty_pair() {
    let dir = tempfile::tempdir().unwrap();
    let (server_end, takt_end) = (dir.path().join("server"), dir.path().join("takt"));
    let socat = std::process::Command::new("socat")
        .arg(format!("pty,raw,echo=0,link={}", server_end.display()))
        .arg(format!("pty,raw,echo=0,link={}", takt_end.display()))
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("socat runs (cargo xtask setup installs it)");
    let _socat = common::KillOnDrop(socat);
    wait_for(10, "socat's pty pair", || {
        (server_end.exists() && takt_end.exists()).then_some(())
    });
    let map = json!({
        "1": {"coils": {"0": 1}, "holding": {"0": 0, "1": 500}},
        "2": {"coils": {"0": 0}, "holding": {"0": 0, "1": 900}, "input": {"3": 321}}
    });
    let _server = PyServer::start(dir.path(), &map, Some(&server_end));
    // Linux ptys refuse a parity setting (EINVAL from tcsetattr), so this bus runs 8N1;
    // real RS-485 lines keep the default even parity.
    let mut config = String::from("[plant]\nname = \"P\"\ntimezone = \"UTC\"\n");
    for (unit, extra) in [
        (1, ""),
        (2, "process = [{ name = \"temp\", input = 3, scale = 0.1 }]\n"),
    ] {
        config.push_str(&format!(
            "\n[[machine]]\nid = \"u{unit}\"\nideal_cycle_s = 1.0\npoll_ms = 200\nconnection = {{ modbus_rtu = \"{}\", baud = 19200, parity = \"none\", unit = {unit}, timeout_ms = 1000 }}\n[machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\n{extra}",
            takt_end.display()
        ));
    }
    let cfg = dir.path().join("takt.toml");
    std::fs::write(&cfg, config).unwrap();
    let db = dir.path().join("takt.db");
    let out = takt_run(&cfg, &db, 4);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let baselines = query(
        &db,
        "SELECT machine, raw FROM counter_baseline WHERE counter = 'total' ORDER BY machine",
    );
    assert_eq!(baselines, vec![vec!["u1", "500"], vec!["u2", "900"]]);
    let states = query(
        &db,
        "SELECT machine, state FROM state_interval GROUP BY machine, state ORDER BY machine",
    );
    assert_eq!(states, vec![vec!["u1", "running"], vec!["u2", "down"]]);
    assert_eq!(process_values(&db, "u2").get("temp"), Some(&32.1));
}

/// mbpoll's `[ADDR]: VALUE` lines.
fn mbpoll(port: u16, args: &[&str]) -> Vec<(u32, String)> {
    let out = std::process::Command::new("mbpoll")
        .args(["-m", "tcp", "-a", "1", "-0", "-1", "-p", &port.to_string()])
        .args(args)
        .arg("127.0.0.1")
        .output()
        .expect("mbpoll runs (cargo xtask setup installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let (addr, value) = l.strip_prefix('[')?.split_once("]:")?;
            Some((addr.parse().ok()?, value.trim().to_string()))
        })
        .collect()
}

#[test]
fn mbpoll_reads_the_simulator_as_the_plant_model_says() {
    use takt_core::calendar::Calendar;
    use takt_core::config::Config;
    use takt_core::time::{DAY_MS, Ts};
    use takt_modbus::sim::server;
    use takt_sim::encode::image_of;
    use takt_sim::{demo, model::MachineModel};

    let rt = tokio::runtime::Runtime::new().unwrap();
    let machines = demo::machines(6);
    let text = demo::config(&machines, &[1, 2, 3, 4, 5, 6]);
    let config = Config::parse(&text, "demo.toml").unwrap().config;
    let cal = Calendar::new(&config);
    let t0 = Ts(1_764_000_000_000);
    // The press, the moulder and the line a day into the model's timeline, frozen there.
    let mut expected = Vec::new();
    let endpoints: Vec<server::Endpoint> = [0usize, 2, 4]
        .iter()
        .map(|&i| {
            let mut model = MachineModel::new(machines[i].profile.clone(), 7, i as u64, t0, cal.clone());
            let at = Ts(t0.0 + DAY_MS + 37 * 60_000);
            let o = model.observe(at);
            expected.push(o);
            let image = image_of(&config.machines[i].signals, &o);
            let device: server::SharedDevice =
                std::sync::Arc::new(std::sync::Mutex::new(server::ImageDevice { image, online: true }));
            rt.block_on(async {
                let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                server::Endpoint::serve(l, BTreeMap::from([(1u8, device)])).unwrap()
            })
        })
        .collect();
    let (press, moulder, line) = (&expected[0], &expected[1], &expected[2]);
    let port = |i: usize| endpoints[i].addr.port();

    // Press: total_count u32 big at holding 0, fault code at holding 4, run coil 0.
    assert!(press.total > 1000, "{press:?}");
    assert_eq!(
        mbpoll(port(0), &["-t", "4:int", "-B", "-r", "0"]),
        vec![(0, press.total.to_string())]
    );
    assert_eq!(
        mbpoll(port(0), &["-t", "4", "-r", "4"]),
        vec![(4, press.fault.to_string())]
    );
    assert_eq!(
        mbpoll(port(0), &["-t", "0", "-r", "0"]),
        vec![(0, u8::from(press.running).to_string())]
    );
    // Moulder: total u32 little at holding 0; rejects u16 at holding 2; oil temperature i16 x 0.1 at input 10.
    assert_eq!(
        mbpoll(port(1), &["-t", "4:int", "-r", "0"]),
        vec![(0, moulder.total.to_string())]
    );
    assert_eq!(
        mbpoll(port(1), &["-t", "4", "-r", "2"]),
        vec![(2, moulder.reject.to_string())]
    );
    let raw: f64 = mbpoll(port(1), &["-t", "3", "-r", "10"])[0].1.parse().unwrap();
    let oil_temp = &config.machine("moulder-1").unwrap().signals.process[0];
    let oil = takt_sim::encode::process_value(oil_temp, moulder);
    assert!(
        (raw * 0.1 - oil).abs() <= 0.05 + 1e-9,
        "mbpoll {raw} x 0.1 vs model {oil}"
    );
    // Line: energy f32 with the low word first (mbpoll's default order) at input 20.
    let kwh: f64 = mbpoll(port(2), &["-t", "3:float", "-r", "20"])[0].1.parse().unwrap();
    assert!(
        line.kwh > 10.0 && (kwh - line.kwh).abs() <= line.kwh * 1e-5,
        "mbpoll {kwh} vs model {}",
        line.kwh
    );
    // Nothing the simulators received was a write.
    for e in &endpoints {
        assert!(WRITES.iter().all(|f| e.log.count(*f) == 0));
    }
    let _ = repo();
}

/// The CSV rows of a report, as maps from column to value.
fn report_rows(config: &Path, db: &Path, args: &[&str]) -> Vec<BTreeMap<String, String>> {
    let out = takt(config, db)
        .arg("report")
        .args(args)
        .args(["--from", "2000-01-01", "--to", "2100-01-01"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            header
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A machine scripted on the pymodbus server, step by step (each step served whole to
/// exactly 3 polls): a run coil, a part counter, a u32 energy meter of 10 Wh that wraps,
/// and an oil temperature that goes above its high limit and later below its low one.
/// Takt's energy report is the meter's movement, split into run and idle by the state the
/// machine was in, kWh per good part exact; the alarms report has each episode with its
/// kind, limit, worst value, and start and end at the server's own clock.
#[test]
fn a_scripted_pymodbus_machine_gives_exact_energy_and_its_alarm_episodes() {
    let dir = tempfile::tempdir().unwrap();
    let top: u64 = 1 << 32;
    // (running, count, meter raw in 10 Wh, temperature raw in 0.1 C)
    let steps: [(u16, u64, u64, i16); 9] = [
        (1, 1000, top - 296, 500),
        (1, 1010, top - 196, 600), // +1 kWh running
        (1, 1020, top - 96, 660),  // +1 kWh running; 66.0 C is above 65: a high episode
        (0, 1030, 4, 702),         // +1 kWh running (over the wrap); stops; worst 70.2 C
        (0, 1030, 54, 680),        // +0.5 kWh standing
        (0, 1030, 104, 640),       // +0.5 kWh standing; 64.0 C: back inside
        (1, 1030, 129, 150),       // +0.25 kWh standing; 15.0 C is below 20: a low episode
        (1, 1050, 329, 250),       // +2 kWh running; back inside
        (1, 1050, 329, 250),
    ];
    let words = |x: u64| [(x >> 16) as u16, x as u16];
    let step_json: Vec<serde_json::Value> = steps
        .iter()
        .map(|&(run, count, meter, temp)| {
            let (c, m) = (words(count), words(meter));
            json!({
                "coils": {"0": run},
                "holding": {"0": c[0], "1": c[1]},
                "input": {"10": temp as u16, "20": m[0], "21": m[1]}
            })
        })
        .collect();
    let first = &step_json[0];
    let map = json!({"1": first});
    let server = PyServer::start_scripted(dir.path(), &map, &json!({"unit": "1", "hold": 3, "steps": step_json}));
    let port = server.port.unwrap();
    let config = dir.path().join("takt.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[plant]
name = "P"
timezone = "UTC"

[[shift]]
name = "All day"
start = "00:00"
end = "00:00"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[machine]]
id = "m"
ideal_cycle_s = 0.5
poll_ms = 100
connection = {{ modbus_tcp = "127.0.0.1:{port}", unit = 1 }}
[machine.signals]
running     = {{ coil = 0 }}
total_count = {{ holding = 0, type = "u32" }}
energy_kwh  = {{ input = 20, type = "u32", scale = 0.01 }}
process = [
  {{ name = "oil_temp", input = 10, type = "i16", scale = 0.1, unit = "C", low = 20.0, high = 65.0 }},
]
"#
        ),
    )
    .unwrap();
    let db = dir.path().join("takt.db");
    let run = takt(&config, &db)
        .arg("run")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut run = common::KillOnDrop(run);
    // Every step served to its 3 polls, and the last one a few more.
    let ticks = wait_for(60, "the script to play out", || {
        let t = server.ticks();
        (t.len() >= steps.len() * 3 + 3).then_some(t)
    });
    common::terminate(&run.0);
    assert!(run.0.wait().unwrap().success());

    let energy = report_rows(&config, &db, &["energy"]);
    assert_eq!(
        energy.len(),
        1,
        "{energy:?}\n{:?}\n{:?}",
        query(&db, "SELECT * FROM energy_bucket"),
        query(&db, "SELECT * FROM counter_baseline")
    );
    let e = &energy[0];
    let num = |r: &BTreeMap<String, String>, k: &str| -> f64 { r[k].parse().unwrap_or_else(|_| panic!("{k}: {r:?}")) };
    assert_eq!(e["group"], "m");
    assert!((num(e, "kwh") - 6.25).abs() < 1e-6, "{e:?}");
    assert!((num(e, "run_kwh") - 5.0).abs() < 1e-6, "{e:?}");
    assert!((num(e, "idle_kwh") - 1.25).abs() < 1e-6, "{e:?}");
    assert_eq!(num(e, "no_data_kwh"), 0.0, "{e:?}");
    assert_eq!(e["good"], "50", "{e:?}");
    assert_eq!(num(e, "kwh_per_good"), 0.125, "{e:?}");

    // The episodes begin and end where the server began serving those steps.
    let began = |step: usize| ticks.iter().find(|t| t.1 == step).unwrap().2;
    let ms = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis();
    let alarms = report_rows(&config, &db, &["alarms"]);
    assert_eq!(alarms.len(), 2, "{alarms:?}");
    for (a, (kind, limit, worst, from, to)) in alarms
        .iter()
        .zip([("high", "65", "70.2", 2, 5), ("low", "20", "15", 6, 7)])
    {
        assert_eq!(
            (a["machine"].as_str(), a["signal"].as_str(), a["unit"].as_str()),
            ("m", "oil_temp", "C")
        );
        assert_eq!(
            (a["kind"].as_str(), a["limit"].as_str(), a["worst"].as_str()),
            (kind, limit, worst),
            "{a:?}"
        );
        let (start, end) = (ms(&a["start"]), ms(&a["end"]));
        assert!(
            (start - began(from)).abs() < 100,
            "start {start} vs served {}: {a:?}",
            began(from)
        );
        assert!(
            (end - began(to)).abs() < 100,
            "end {end} vs served {}: {a:?}",
            began(to)
        );
        assert!(
            (num(a, "duration_s") * 1000.0 - (end - start) as f64).abs() < 1.0,
            "{a:?}"
        );
    }
    assert_eq!(server.functions().iter().filter(|f| WRITES.contains(f)).count(), 0);
}
