//! Beyond one plant: `takt run` publishing to a real MQTT broker (Debian's mosquitto,
//! started by the test on 127.0.0.1) and read back by mosquitto's own client; two plants
//! rolling up into a throwaway PostgreSQL (Debian's). Linux: the peers are Debian's.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::live::{Counter, PLANT, free_port, run_at, takt};
use common::{KillOnDrop, Row, stdout_of, terminate, wait_for};
use serde_json::Value;

/// A mosquitto broker on 127.0.0.1, keeping its sessions across a restart (as a broker
/// with persistence does). Run by root, it stays root (`user root`) to read the test's
/// files; run by another user, that line does nothing.
struct Broker {
    port: u16,
    conf: PathBuf,
    log: PathBuf,
    child: Option<KillOnDrop>,
}

impl Broker {
    fn start(dir: &Path) -> Broker {
        let port = free_port();
        let conf = dir.join("mosquitto.conf");
        std::fs::write(
            &conf,
            format!(
                "user root\nlistener {port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {}/\nlog_dest stderr\n",
                dir.display()
            ),
        )
        .unwrap();
        let mut b = Broker {
            port,
            conf,
            log: dir.join("mosquitto.log"),
            child: None,
        };
        b.up();
        b
    }

    /// Starts it (again) on its port and waits until it accepts connections.
    fn up(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        // Debian puts the broker in /usr/sbin, outside a user's PATH.
        let program = Path::new("/usr/sbin/mosquitto");
        let child = Command::new(if program.exists() {
            program
        } else {
            Path::new("mosquitto")
        })
        .arg("-c")
        .arg(&self.conf)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("mosquitto (cargo xtask setup installs it)");
        self.child = Some(KillOnDrop(child));
        wait_for(20, "mosquitto to listen", || {
            std::net::TcpStream::connect(("127.0.0.1", self.port)).ok().map(|_| ())
        });
    }

    /// Stops it as a service stop does (SIGTERM: it saves its sessions).
    fn down(&mut self) {
        let mut c = self.child.take().unwrap();
        terminate(&c.0);
        c.0.wait().unwrap();
    }
}

/// `mosquitto_sub` on `topics` with a persistent session at QoS 1, each message a line
/// `retained topic payload` in `out`.
fn subscribe(port: u16, topics: &str, out: &Path) -> KillOnDrop {
    KillOnDrop(
        Command::new("mosquitto_sub")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-q",
                "1",
                "-c",
                "-i",
                "test-sub",
            ])
            .args(["-t", topics, "-F", "%r %t %p"])
            .stdout(std::fs::File::create(out).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("mosquitto_sub (cargo xtask setup installs mosquitto-clients)"),
    )
}

/// The messages received so far: (retained, topic, payload).
fn messages(out: &Path) -> Vec<(bool, String, Value)> {
    std::fs::read_to_string(out)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, ' ');
            let retained = parts.next()? == "1";
            let topic = parts.next()?.to_string();
            let payload = parts.next()?;
            let v = serde_json::from_str(payload).unwrap_or_else(|_| Value::String(payload.to_string()));
            Some((retained, topic, v))
        })
        .collect()
}

fn on(msgs: &[(bool, String, Value)], topic: &str) -> Vec<Value> {
    msgs.iter().filter(|m| m.1 == topic).map(|m| m.2.clone()).collect()
}

/// The range of shift A on the tests' day.
const SHIFT_A: [&str; 4] = ["--from", "2026-11-24T06:00:00Z", "--to", "2026-11-24T14:00:00Z"];

/// A JSON value as the CSV writes it: numbers and strings as they are, `null` empty.
fn as_csv(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Asserts that a published row holds the report row's every column.
fn same_row(published: &Value, report: &Row, skip: &[&str]) {
    for (column, want) in report {
        if skip.contains(&column.as_str()) {
            continue;
        }
        let got = published.get(column).map(as_csv);
        // JSON keeps a number's value, not its digits: 1.0000 is 1.0.
        let number = |s: &str| s.parse::<f64>().ok();
        if let (Some(a), Some(b)) = (got.as_deref().and_then(number), number(want)) {
            assert_eq!(a, b, "{column}: {published} vs {report:?}");
            continue;
        }
        assert_eq!(
            got.as_deref(),
            Some(want.as_str()),
            "{column}: {published} vs {report:?}"
        );
    }
}

#[test]
fn mqtt_carries_state_stops_and_the_shift_report_and_a_20_s_broker_outage_loses_and_repeats_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, press_toml) = Counter::start(&rt, "press");
    let (lathe, lathe_toml) = Counter::start_with_oil(&rt, "lathe");
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, log, sub_out) = (
        dir.path().join("takt.toml"),
        dir.path().join("takt.db"),
        dir.path().join("run.log"),
        dir.path().join("sub.txt"),
    );
    let mut broker = Broker::start(dir.path());
    std::fs::write(
        &cfg,
        format!(
            "{PLANT}\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n\n[[shift]]\nname = \"B\"\nstart = \"14:00\"\nend = \"22:00\"\n\n[mqtt]\nurl = \"mqtt://127.0.0.1:{}\"\ninterval_s = 1\n{press_toml}{lathe_toml}",
            broker.port
        ),
    )
    .unwrap();
    let _sub = subscribe(broker.port, "takt/p/#", &sub_out);
    wait_for(20, "the subscriber", || {
        std::fs::read_to_string(&broker.log)
            .ok()
            .filter(|l| l.contains("test-sub"))
            .map(|_| ())
    });
    // Shift A ends 20 s after takt run starts, while the broker is down.
    let (mut p, mut l) = (100u64, 500u64);
    press.set(true, p);
    lathe.set(true, l);
    lathe.set_oil(50.0);
    let mut run = run_at(&cfg, &db, "@2026-11-24 13:59:40", &log);
    let mut produce = |press_running: bool| {
        if press_running {
            p += 2;
        }
        l += 1;
        press.set(press_running, p);
        lathe.set(true, l);
    };
    wait_for(30, "online and both machines' state", || {
        let m = messages(&sub_out);
        let online = on(&m, "takt/p/status").last() == Some(&Value::String("online".into()));
        let states = ["press", "lathe"]
            .iter()
            .all(|x| !on(&m, &format!("takt/p/{x}/state")).is_empty());
        (online && states).then_some(())
    });
    // A stop while the broker is up: published as it ends.
    for _ in 0..25 {
        produce(false);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    wait_for(20, "the first stop", || {
        produce(true);
        let m = messages(&sub_out);
        (on(&m, "takt/p/press/stops").len() == 1).then_some(())
    });
    let m = messages(&sub_out);
    let state = on(&m, "takt/p/press/state");
    assert!(
        state.iter().any(|s| s["state"] == "down") && state.last().unwrap()["state"] == "running",
        "{state:?}"
    );
    let shift = on(&m, "takt/p/lathe/shift");
    assert_eq!(shift.last().unwrap()["shift"], "A", "{shift:?}");
    // A process value with its unit and limits, and its alarm once beyond one.
    let oil = on(&m, "takt/p/lathe/process/oil_temp");
    let first = oil.first().unwrap_or_else(|| panic!("no oil_temp in {m:?}"));
    assert_eq!(
        (first["value"].as_f64(), first["unit"].as_str()),
        (Some(50.0), Some("°C"))
    );
    assert_eq!(
        (first["low"].as_f64(), first["high"].as_f64(), &first["alarm"]),
        (Some(20.0), Some(70.0), &Value::Null)
    );
    lathe.set_oil(75.0);
    let hot = wait_for(20, "the oil's alarm", || {
        produce(true);
        std::thread::sleep(std::time::Duration::from_millis(100));
        on(&messages(&sub_out), "takt/p/lathe/process/oil_temp")
            .into_iter()
            .find(|x| x["alarm"] == "high")
    });
    assert_eq!(hot["value"].as_f64(), Some(75.0));

    // The broker goes away for 20 s: a second stop and the end of shift A fall in it.
    let lathe_states = on(&m, "takt/p/lathe/state").len();
    broker.down();
    let down_at = std::time::Instant::now();
    for _ in 0..30 {
        produce(false);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    while down_at.elapsed() < std::time::Duration::from_secs(20) {
        produce(true);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    broker.up();
    let m = wait_for(60, "shift A's reports and the second stop after the outage", || {
        produce(true);
        let m = messages(&sub_out);
        let reports = ["press", "lathe"]
            .iter()
            .all(|x| !on(&m, &format!("takt/p/{x}/report/shift")).is_empty())
            && !on(&m, "takt/p/report/shift").is_empty();
        (reports && on(&m, "takt/p/press/stops").len() >= 2).then_some(m)
    });
    // The retained topics were published afresh: the lathe ran all along, yet its state
    // came again after the outage.
    assert!(
        on(&m, "takt/p/lathe/state").len() > lathe_states,
        "{:?}",
        on(&m, "takt/p/lathe/state")
    );
    // Polling and recording went on: the outage was logged once.
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        text.matches("publishing resumes when the broker answers").count(),
        1,
        "{text}"
    );
    assert!(text.contains("the broker answers again"), "{text}");

    // Let anything sent twice arrive, then stop takt: `offline`, retained.
    std::thread::sleep(std::time::Duration::from_secs(3));
    terminate(&run.0);
    assert!(run.0.wait().unwrap().success());
    wait_for(20, "offline", || {
        (on(&messages(&sub_out), "takt/p/status").last() == Some(&Value::String("offline".into()))).then_some(())
    });
    let m2 = messages(&sub_out);
    assert!(m2.len() >= m.len());

    // Each stop once, as `takt report downtime` has it.
    let report = |args: &[&str]| -> Vec<Row> {
        let out = takt(&cfg, &db).arg("report").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        common::parse_csv(&out.stdout)
    };
    let stops: Vec<Row> = report(&[
        "downtime",
        "--machine",
        "press",
        "--from",
        "2026-11-24T13:59:00Z",
        "--to",
        "2026-11-24T14:10:00Z",
    ]);
    let published = on(&m2, "takt/p/press/stops");
    assert_eq!(published.len(), stops.len(), "{published:?}\n{stops:?}");
    for (p, r) in published.iter().zip(&stops) {
        same_row(p, r, &["machine"]);
    }
    assert!(on(&m2, "takt/p/lathe/stops").is_empty());

    // Shift A's report once per machine and once for the plant, with the figures of
    // `takt report oee --by shift` for that shift.
    let rows = report(&[&["oee", "--by", "shift"][..], &SHIFT_A].concat());
    assert_eq!(rows.len(), 3, "{rows:?}");
    for (topic, machine) in [
        ("takt/p/press/report/shift", "press"),
        ("takt/p/lathe/report/shift", "lathe"),
        ("takt/p/report/shift", "ALL"),
    ] {
        let got = on(&m2, topic);
        assert_eq!(got.len(), 1, "{topic}: {got:?}");
        let row = rows.iter().find(|r| r["machine"] == machine).unwrap();
        same_row(&got[0], row, &[]);
    }

    // What a dashboard starting now gets at once: the retained topics, stops not.
    let kept = dir.path().join("retained.txt");
    let status = Command::new("mosquitto_sub")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &broker.port.to_string(),
            "-t",
            "takt/p/#",
            "-F",
            "%r %t %p",
        ])
        .args(["--retained-only", "-W", "3"])
        .stdout(std::fs::File::create(&kept).unwrap())
        .status()
        .unwrap();
    assert!(status.success() || status.code() == Some(27), "{status:?}");
    let mut topics: Vec<String> = messages(&kept).into_iter().map(|x| x.1).collect();
    topics.sort();
    assert_eq!(
        topics,
        [
            "takt/p/lathe/process/oil_temp",
            "takt/p/lathe/report/shift",
            "takt/p/lathe/shift",
            "takt/p/lathe/state",
            "takt/p/press/report/shift",
            "takt/p/press/shift",
            "takt/p/press/state",
            "takt/p/report/shift",
            "takt/p/status",
        ]
    );
}

/// `takt check` with `[mqtt]` (`extra` added to the section) against `url`: its exit
/// status and its output.
fn check(dir: &Path, url: &str, extra: &str, env: &[(&str, &str)]) -> (bool, String) {
    let cfg = dir.join("check.toml");
    std::fs::write(&cfg, format!("{PLANT}\n[mqtt]\nurl = \"{url}\"\n{extra}")).unwrap();
    let out = takt(&cfg, &dir.join("check.db"))
        .arg("check")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A CA of the test's own (`ca.pem`) and a certificate it signed for `localhost`
/// (`server.pem`, `server.key`), in `d`.
fn test_ca(d: &Path) {
    let openssl = |args: &[&str]| {
        let ok = Command::new("openssl")
            .current_dir(d)
            .args(args)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success(), "openssl {args:?}");
    };
    let days = ["-days", "2"];
    openssl(
        &[
            &[
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            ][..],
            &days,
            &["-subj", "/CN=Test CA"],
        ]
        .concat(),
    );
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    std::fs::write(d.join("san.ext"), "subjectAltName=DNS:localhost\n").unwrap();
    openssl(
        &[
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
            ][..],
            &days,
            &["-extfile", "san.ext"],
        ]
        .concat(),
    );
}

#[test]
fn takt_check_tries_the_broker_and_says_what_failed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A broker that wants a user and its password, on plain TCP and on TLS with a
    // certificate of the test's own CA.
    let pw = d.join("passwords");
    let ok = Command::new("mosquitto_passwd")
        .arg("-b")
        .arg("-c")
        .arg(&pw)
        .args(["takt", "right"])
        .status()
        .unwrap();
    assert!(ok.success());
    test_ca(d);
    let mut broker = Broker::start(d);
    let tls_port = free_port();
    broker.down();
    let conf = std::fs::read_to_string(&broker.conf).unwrap();
    std::fs::write(
        &broker.conf,
        format!(
            "per_listener_settings false\nallow_anonymous false\npassword_file {}\n{}\nlistener {tls_port} 127.0.0.1\ncertfile {}\nkeyfile {}\n",
            pw.display(),
            conf.replace("allow_anonymous true\n", ""),
            d.join("server.pem").display(),
            d.join("server.key").display()
        ),
    )
    .unwrap();
    broker.up();
    let plain = format!("mqtt://127.0.0.1:{}", broker.port);
    let user = "user = \"takt\"\npassword_env = \"TAKT_MQTT_PASSWORD\"\n";

    let (passed, text) = check(d, &plain, user, &[("TAKT_MQTT_PASSWORD", "right")]);
    assert!(passed, "{text}");
    assert!(
        text.contains(&format!("mqtt       {plain}: connected as takt-p-check")),
        "{text}"
    );

    let (passed, text) = check(d, &plain, user, &[("TAKT_MQTT_PASSWORD", "wrong")]);
    assert!(!passed, "{text}");
    assert!(
        text.contains(&format!("{plain}: not authorized: the broker refused this user")),
        "{text}"
    );
    assert!(text.contains("takt: the MQTT broker could not be reached"), "{text}");

    let (passed, text) = check(d, &plain, user, &[]);
    assert!(!passed);
    assert!(
        text.contains("[mqtt] password_env: the environment variable TAKT_MQTT_PASSWORD is not set"),
        "{text}"
    );

    let closed = format!("mqtt://127.0.0.1:{}", free_port());
    let (passed, text) = check(d, &closed, "", &[]);
    assert!(!passed);
    assert!(
        text.contains(&format!("{closed}: connection refused: nothing listens at that port")),
        "{text}"
    );

    let (passed, text) = check(d, "mqtt://no-such-host.invalid", "", &[]);
    assert!(!passed);
    assert!(
        text.contains("mqtt://no-such-host.invalid: name lookup (DNS) failed"),
        "{text}"
    );

    // TLS: a certificate of a CA the computer does not trust is refused, in words; once
    // the CA is among the trusted ones (SSL_CERT_FILE here), it connects.
    let tls = format!("mqtts://localhost:{tls_port}");
    let (passed, text) = check(d, &tls, user, &[("TAKT_MQTT_PASSWORD", "right")]);
    assert!(!passed);
    assert!(
        text.contains(&format!("{tls}: TLS: ")) && text.contains("UnknownIssuer"),
        "{text}"
    );
    let ca = d.join("ca.pem");
    let env = [("TAKT_MQTT_PASSWORD", "right"), ("SSL_CERT_FILE", ca.to_str().unwrap())];
    let (passed, text) = check(d, &tls, user, &env);
    assert!(passed, "{text}");
    assert!(text.contains(&format!("{tls}: connected as takt-p-check")), "{text}");
}

/// A throwaway PostgreSQL (Debian's): `initdb` into a folder of the test, `pg_ctl` on a
/// free port of 127.0.0.1, user `takt` with a password. Run by root, its programs run as
/// the `postgres` user (PostgreSQL refuses root).
struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// The password of the test database's user `takt`.
const PG_PASSWORD: &str = "pg-secret";

impl Postgres {
    fn start(dir: &Path) -> Postgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL (cargo xtask setup installs it)")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("initdb").exists())
            .max()
            .expect("initdb under /usr/lib/postgresql");
        let as_postgres = stdout_of(Command::new("id").arg("-u")).trim() == "0";
        let base = dir.join("pg");
        std::fs::create_dir(&base).unwrap();
        let pw = base.join("pw");
        std::fs::write(&pw, PG_PASSWORD).unwrap();
        if as_postgres {
            // The postgres user walks into the test's folder and owns the cluster's.
            use std::os::unix::fs::PermissionsExt;
            let uid: u32 = stdout_of(Command::new("id").args(["-u", "postgres"]))
                .trim()
                .parse()
                .unwrap();
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
            std::os::unix::fs::chown(&base, Some(uid), None).unwrap();
            std::os::unix::fs::chown(&pw, Some(uid), None).unwrap();
        }
        let pg = Postgres {
            bin,
            data: base.join("data"),
            port: free_port(),
            as_postgres,
        };
        let data = pg.data.display().to_string();
        let pwfile = format!("--pwfile={}", pw.display());
        stdout_of(&mut pg.command(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "takt",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                &pwfile,
                "-E",
                "UTF8",
                "--no-sync",
            ],
        ));
        pg.up();
        pg.psql("postgres", "CREATE DATABASE company");
        pg
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program);
        let mut c = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        c.args(args).stdin(Stdio::null());
        c
    }

    fn up(&self) {
        let data = self.data.display().to_string();
        let opts = format!("-p {} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off", self.port);
        let log = format!("{data}/../log");
        stdout_of(&mut self.command("pg_ctl", &["-D", &data, "-o", &opts, "-l", &log, "-w", "start"]));
    }

    fn down(&self) {
        let data = self.data.display().to_string();
        stdout_of(&mut self.command("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"]));
    }

    fn url(&self) -> String {
        format!("postgresql://takt@127.0.0.1:{}/company", self.port)
    }

    /// Restarts it with TLS on, with the certificate and key of [`test_ca`] in `d`.
    fn with_tls(&self, d: &Path) {
        self.down();
        let key = self.data.join("../server.key");
        std::fs::copy(d.join("server.key"), &key).unwrap();
        std::fs::copy(d.join("server.pem"), self.data.join("../server.pem")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        if self.as_postgres {
            let uid: u32 = stdout_of(Command::new("id").args(["-u", "postgres"]))
                .trim()
                .parse()
                .unwrap();
            std::os::unix::fs::chown(&key, Some(uid), None).unwrap();
        }
        let conf = self.data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).unwrap();
        text.push_str(&format!(
            "\nssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\n",
            self.data.join("../server.pem").display(),
            key.display()
        ));
        std::fs::write(&conf, text).unwrap();
        self.up();
    }

    /// Runs SQL as `takt` and returns psql's unaligned rows.
    fn psql(&self, db: &str, sql: &str) -> String {
        stdout_of(&mut self.psql_command(db, sql))
    }

    /// [`Postgres::psql`], or `None` when it fails (a table not made yet).
    fn try_psql(&self, db: &str, sql: &str) -> Option<String> {
        let out = self.psql_command(db, sql).stderr(Stdio::null()).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn psql_command(&self, db: &str, sql: &str) -> Command {
        let port = self.port.to_string();
        let data = self.data.display().to_string();
        self.command(
            "psql",
            &["-h", &data, "-p", &port, "-U", "takt", "-d", db, "-AtX", "-c", sql],
        )
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data.display().to_string();
        let _ = self
            .command("pg_ctl", &["-D", &data, "-m", "immediate", "stop"])
            .output();
    }
}

/// A plant of its own: a folder with its config (`[central]` at `url`) and database,
/// and one simulated machine.
struct Site {
    dir: tempfile::TempDir,
    cfg: PathBuf,
    db: PathBuf,
    machine: Counter,
    count: u64,
}

impl Site {
    fn new(rt: &tokio::runtime::Runtime, name: &str, id: &str, machine: &str, url: &str) -> Site {
        let (counter, toml) = Counter::start(rt, machine);
        let dir = tempfile::tempdir().unwrap();
        let (cfg, db) = (dir.path().join("takt.toml"), dir.path().join("takt.db"));
        std::fs::write(
            &cfg,
            format!(
                "[plant]\nname = \"{name}\"\nid = \"{id}\"\ntimezone = \"UTC\"\n\n[[shift]]\nname = \"A\"\nstart = \"06:00\"\nend = \"14:00\"\n\n[[shift]]\nname = \"B\"\nstart = \"14:00\"\nend = \"22:00\"\n\n[central]\npostgres = \"{url}\"\npassword_env = \"TAKT_PG_PASSWORD\"\n{toml}"
            ),
        )
        .unwrap();
        Site {
            dir,
            cfg,
            db,
            machine: counter,
            count: 0,
        }
    }

    fn produce(&mut self, running: bool, parts: u64) {
        if running {
            self.count += parts;
        }
        self.machine.set(running, self.count);
    }

    fn report(&self, args: &[&str]) -> Vec<Row> {
        let out = takt(&self.cfg, &self.db).arg("report").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        common::parse_csv(&out.stdout)
    }
}

#[test]
fn two_plants_roll_up_into_one_postgresql_and_the_company_report_gives_each_its_own_figures() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pg = Postgres::start(dir.path());
    let url = pg.url();
    let mut bursa = Site::new(&rt, "Bursa Pres", "bursa", "press", &url);
    let mut izmir = Site::new(&rt, "İzmir", "izmir", "lathe", &url);
    bursa.produce(true, 10);
    izmir.produce(true, 10);
    let runs: Vec<KillOnDrop> = [&bursa, &izmir]
        .iter()
        .map(|s| {
            let mut r = takt(&s.cfg, &s.db);
            r.args(["run", "--for", "5m"])
                .env("TAKT_PG_PASSWORD", PG_PASSWORD)
                .env("LD_PRELOAD", common::live::faketime())
                .env("FAKETIME", "@2026-11-24 13:59:35")
                .env("TZ", "UTC")
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(s.dir.path().join("run.log")).unwrap());
            KillOnDrop(r.spawn().unwrap())
        })
        .collect();
    let started = std::time::Instant::now();
    let tick = || std::thread::sleep(std::time::Duration::from_millis(100));
    wait_for(30, "both plants' running shift in the central database", || {
        bursa.produce(true, 2);
        izmir.produce(true, 1);
        tick();
        let n = pg.try_psql(
            "company",
            "SELECT count(DISTINCT plant) FROM takt_shift WHERE NOT complete",
        );
        (n.as_deref().map(str::trim) == Some("2")).then_some(())
    });
    // A stop at the press, then the database goes away over the end of shift A.
    for _ in 0..30 {
        bursa.produce(false, 0);
        izmir.produce(true, 1);
        tick();
    }
    // Shift A ends 25 s after the start, while the database is away (the parts of its
    // last seconds count: the minute the machines were first seen in is theirs).
    assert!(
        started.elapsed() < std::time::Duration::from_secs(25),
        "the database must go away before shift A ends"
    );
    pg.down();
    let down = std::time::Instant::now();
    while down.elapsed() < std::time::Duration::from_secs(20) {
        bursa.produce(true, 2);
        izmir.produce(true, 1);
        tick();
    }
    pg.up();
    wait_for(60, "shift A complete for both plants after the outage", || {
        bursa.produce(true, 2);
        izmir.produce(true, 1);
        tick();
        let n = pg.psql(
            "company",
            "SELECT count(*) FROM takt_shift WHERE complete AND shift = '2026-11-24 A'",
        );
        (n.trim() == "2").then_some(())
    });
    for (site, run) in [&bursa, &izmir].iter().zip(runs) {
        let log = std::fs::read_to_string(site.dir.path().join("run.log")).unwrap();
        assert_eq!(
            log.matches("the roll-up catches up when the database answers").count(),
            1,
            "{log}"
        );
        assert!(log.contains("the database answers again"), "{log}");
        terminate(&run.0);
        let mut run = run;
        assert!(run.0.wait().unwrap().success());
    }
    // Every write is an upsert: one row per machine and shift, whatever the retries.
    assert_eq!(
        pg.psql(
            "company",
            "SELECT plant, machine, count(*) FROM takt_shift GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        "bursa|press|2\nizmir|lathe|2\n"
    );
    let stops = bursa.report(&[
        "downtime",
        "--from",
        "2026-11-24T13:00:00Z",
        "--to",
        "2026-11-24T15:00:00Z",
    ]);
    assert!(!stops.is_empty());
    assert_eq!(
        pg.psql("company", "SELECT count(*) FROM takt_stop WHERE plant = 'bursa'")
            .trim(),
        stops.len().to_string()
    );

    // The company report: each plant's figures are those of its own report.
    let company = |by: &str| -> Vec<Row> {
        let out = takt(&bursa.cfg, &bursa.db)
            .args(["report", "oee", "--central", &url, "--by", by])
            .args(SHIFT_A)
            .env("TAKT_PG_PASSWORD", PG_PASSWORD)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        common::parse_csv(&out.stdout)
    };
    let figures = [
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
    let by_shift = company("shift");
    for (site, name) in [(&bursa, "bursa/press"), (&izmir, "izmir/lathe")] {
        let own = site.report(&[&["oee", "--by", "shift"][..], &SHIFT_A].concat());
        assert_eq!(own.len(), 1, "{own:?}");
        let central = by_shift
            .iter()
            .find(|r| r["machine"] == name)
            .unwrap_or_else(|| panic!("{name}: {by_shift:?}"));
        assert_eq!(central["period_start"], own[0]["period_start"]);
        for f in figures {
            assert_eq!(central[f], own[0][f], "{name} {f}");
        }
    }
    let lines: Vec<String> = company("line").iter().map(|r| r["machine"].clone()).collect();
    assert_eq!(lines, ["bursa/-", "izmir/-", "ALL"]);
    let by_plant = company("plant");
    let names: Vec<&str> = by_plant.iter().map(|r| r["machine"].as_str()).collect();
    assert_eq!(names, ["bursa", "izmir", "ALL"]);
    assert!(by_plant.iter().all(|r| r["total"] != "0"), "{by_plant:?}");
    for (site, row) in [&bursa, &izmir].iter().zip(&by_plant) {
        let own = site.report(&[&["oee", "--by", "machine"][..], &SHIFT_A].concat());
        for f in figures {
            assert_eq!(row[f], own[0][f], "{} {f}", row["machine"]);
        }
    }
    // ALL: the terms summed, then divided.
    let sum = |f: &str| -> f64 { by_plant[..2].iter().map(|r| r[f].parse::<f64>().unwrap()).sum() };
    let all = &by_plant[2];
    assert_eq!(all["total"].parse::<f64>().unwrap(), sum("total"));
    assert_eq!(all["availability"], format!("{:.4}", sum("run_s") / sum("planned_s")));
    assert_eq!(all["quality"], format!("{:.4}", sum("good") / sum("total")));
}

#[test]
fn takt_check_tries_the_central_database_and_says_what_failed() {
    let dir = tempfile::tempdir().unwrap();
    let pg = Postgres::start(dir.path());
    pg.psql(
        "company",
        "CREATE ROLE reader LOGIN PASSWORD 'r'; REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    );
    let check = |url: &str, env: &[(&str, &str)]| -> (bool, String) {
        let cfg = dir.path().join("check.toml");
        std::fs::write(
            &cfg,
            format!("{PLANT}\n[central]\npostgres = \"{url}\"\npassword_env = \"TAKT_PG_PASSWORD\"\n"),
        )
        .unwrap();
        let out = takt(&cfg, &dir.path().join("check.db"))
            .arg("check")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let url = pg.url();
    let (ok, text) = check(&url, &[("TAKT_PG_PASSWORD", PG_PASSWORD)]);
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!("central    {url}: connected to company as takt")),
        "{text}"
    );
    let (ok, text) = check(&url, &[("TAKT_PG_PASSWORD", "wrong")]);
    assert!(!ok);
    assert!(text.contains(&format!("{url}: authentication failed")), "{text}");
    assert!(
        text.contains("takt: the central database could not be reached"),
        "{text}"
    );
    let reader = url.replace("takt@", "reader@");
    let (ok, text) = check(&reader, &[("TAKT_PG_PASSWORD", "r")]);
    assert!(!ok);
    assert!(
        text.contains("permission denied: reader may not create Takt's tables in company"),
        "{text}"
    );
    let closed = format!("postgresql://takt@127.0.0.1:{}/company", free_port());
    let (ok, text) = check(&closed, &[("TAKT_PG_PASSWORD", PG_PASSWORD)]);
    assert!(!ok);
    assert!(text.contains("connection refused"), "{text}");
    let (ok, text) = check(
        "postgresql://takt@no-such-host.invalid/company",
        &[("TAKT_PG_PASSWORD", PG_PASSWORD)],
    );
    assert!(!ok);
    assert!(text.contains("name lookup (DNS) failed"), "{text}");

    // TLS when the URL asks for it: a certificate of a CA the computer does not trust is
    // refused, in words; once it is trusted (SSL_CERT_FILE here), it connects.
    test_ca(dir.path());
    pg.with_tls(dir.path());
    let tls = format!("postgresql://takt@localhost:{}/company?sslmode=require", pg.port);
    let (ok, text) = check(&tls, &[("TAKT_PG_PASSWORD", PG_PASSWORD)]);
    assert!(!ok);
    assert!(
        text.contains(&format!("{tls}: TLS: ")) && text.contains("UnknownIssuer"),
        "{text}"
    );
    let ca = dir.path().join("ca.pem");
    let (ok, text) = check(
        &tls,
        &[
            ("TAKT_PG_PASSWORD", PG_PASSWORD),
            ("SSL_CERT_FILE", ca.to_str().unwrap()),
        ],
    );
    assert!(ok, "{text}");
    assert!(text.contains("connected to company as takt"), "{text}");
}
