//! `[display]`: `takt check` writes the display's token, `takt run` serves the live view to
//! browsers that carry it, and refuses everyone else.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Stdio;
use std::time::Duration;

use common::live::{Counter, PLANT, takt};
use common::{KillOnDrop, wait_for};

/// `takt run` with its log in `log`, and the address its display listens on.
fn run_display(cfg: &std::path::Path, db: &std::path::Path, log: &std::path::Path) -> (KillOnDrop, SocketAddr) {
    std::fs::write(log, "").unwrap();
    let run = KillOnDrop(
        takt(cfg, db)
            .args(["run", "--for", "5m"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap(),
    );
    let addr = wait_for(30, "the display to listen", || {
        let log = std::fs::read_to_string(log).unwrap_or_default();
        let at = log.find("display: listening on ")?;
        log[at..].lines().next()?.rsplit(' ').next()?.parse().ok()
    });
    (run, addr)
}

/// Stops `takt run` as the service manager does (SIGTERM) and waits for it; how it ended.
fn stop_run(run: &mut KillOnDrop) -> std::process::ExitStatus {
    common::terminate(&run.0);
    wait_for(30, "takt run to stop", || run.0.try_wait().unwrap())
}

/// A response: status, headers (names lower-case), body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.0 == name).map(|h| h.1.as_str())
    }
}

/// `GET path` over HTTP/1.1 with `extra` header lines, read to the end.
fn get(addr: SocketAddr, path: &str, extra: &[&str]) -> Reply {
    request(addr, "GET", path, extra, "")
}

/// `METHOD path` over HTTP/1.1 with `extra` header lines and `body`, read to the end.
fn request(addr: SocketAddr, method: &str, path: &str, extra: &[&str], body: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for h in extra {
        req.push_str(h);
        req.push_str("\r\n");
    }
    if method == "POST" {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

#[test]
fn the_display_serves_the_live_view_to_its_token_and_nothing_to_anyone_else() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (_dir, cfg, db, log) = common::live::files();
    let written = format!("{PLANT}\n# The TV in the hall.\n[display]\nlisten = \"127.0.0.1:0\"\n{toml}");
    std::fs::write(&cfg, &written).unwrap();

    // `takt check` writes a token into the file (the rest as it was) and says where to go.
    let check = takt(&cfg, &db).args(["check", "--offline"]).output().unwrap();
    let out = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(
        check.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let text = std::fs::read_to_string(&cfg).unwrap();
    let config = takt_core::config::Config::parse(&text, "takt.toml").unwrap().config;
    let token = config.display.and_then(|d| d.token).expect("a token in takt.toml");
    assert_eq!(token.len(), 32, "{token}");
    assert!(
        out.contains("a new token was written") && out.contains(&format!("?token={token}")),
        "{out}"
    );
    assert!(
        text.contains("# The TV in the hall.\n[display]\nlisten = \"127.0.0.1:0\""),
        "{text}"
    );
    assert_eq!(
        text.replace(&format!("token = \"{token}\"\n"), ""),
        written,
        "only the token added"
    );
    // A second check keeps it.
    let again = takt(&cfg, &db).args(["check", "--offline"]).output().unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains(&token));
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), text);

    press.set(true, 1000);
    let (mut run, addr) = run_display(&cfg, &db, &log);
    let snapshot = |extra: &[&str], path: &str| {
        let r = get(addr, path, extra);
        (r.status == 200).then(|| serde_json::from_str::<serde_json::Value>(&r.body).unwrap())
    };
    wait_for(30, "the press running in the live view", || {
        let s = snapshot(&[], &format!("/api/snapshot?token={token}"))?;
        (s["machines"][0]["state"] == "running").then_some(())
    });
    press.set(true, 1500);
    let s = wait_for(30, "500 parts in the live view", || {
        let s = snapshot(&[&format!("Authorization: Bearer {token}")], "/api/snapshot")?;
        (s["machines"][0]["parts"] == 500).then_some(s)
    });
    assert_eq!(s["machines"][0]["id"], "press");
    // A state change at the machine reaches the view within seconds.
    press.set(false, 1500);
    wait_for(10, "the press down in the live view", || {
        let s = snapshot(&[&format!("Cookie: takt_display={token}")], "/api/snapshot")?;
        (s["machines"][0]["state"] == "down").then_some(())
    });

    // The token in the URL once: the response sets the cookie the browser then sends.
    let first = get(addr, &format!("/api/snapshot?token={token}"), &[]);
    assert_eq!(first.status, 200);
    let cookie = first.header("set-cookie").unwrap_or_default();
    assert!(cookie.starts_with(&format!("takt_display={token}")), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert_eq!(first.header("content-type"), Some("application/json"));
    // Without the token, or with a wrong one: 401 and nothing else.
    for (path, extra) in [
        ("/api/snapshot", vec![]),
        ("/api/snapshot?token=0123456789abcdef0123456789abcdef", vec![]),
        ("/api/snapshot", vec!["Cookie: takt_display=guess"]),
        ("/api/snapshot", vec!["Authorization: Bearer x"]),
        ("/../../etc/passwd", vec![]),
    ] {
        let r = get(addr, path, &extra);
        assert_eq!(r.status, 401, "{path} {extra:?}");
        assert!(r.body.is_empty(), "{path}: {}", r.body);
    }
    // Every response carries the security headers; no path reaches a file of the disk
    // (the UI's page, or 404 in the build without the window).
    let r = get(
        addr,
        "/static/../../../etc/passwd",
        &[&format!("Cookie: takt_display={token}")],
    );
    assert!(!r.body.contains("root:"), "{}", r.body);
    assert_eq!(r.status, if cfg!(feature = "gui") { 200 } else { 404 });
    for r in [first, r] {
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    // The window's commands the display answers, as the window answers them (the plant
    // without where its machines are on the network); others are 404 in the window's
    // error shape.
    let post = |name: &str| {
        let cookie = format!("Cookie: takt_display={token}");
        let r = request(addr, "POST", &format!("/api/invoke/{name}"), &[&cookie], "{}");
        (r.status.to_string(), r.body)
    };
    let (status, plant) = post("plant");
    assert_eq!(status, "200", "{plant}");
    let plant: takt_core::api::PlantInfo = serde_json::from_str(&plant).unwrap();
    assert_eq!((plant.name.as_str(), plant.machines[0].id.as_str()), ("P", "press"));
    assert!(plant.machines[0].connection.is_empty() && plant.config_path.is_empty());
    let (status, live) = post("snapshot");
    assert_eq!(status, "200");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&live).unwrap()["machines"][0]["id"],
        "press"
    );
    let (status, refused) = post("save_config");
    assert_eq!(status, "404");
    assert!(refused.contains("no command"), "{refused}");
    // The live view as server-sent events: the window's event name and payload.
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /api/events HTTP/1.1\r\nHost: {addr}\r\nCookie: takt_display={token}\r\n\r\n"
    )
    .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("\n\n") || !seen.contains("data: ") {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "the event stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    let data = seen.split("event: takt://snapshot\ndata: ").nth(1).unwrap_or_default();
    let data = data.split("\n").next().unwrap_or_default();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(data).unwrap()["machines"][0]["id"],
        "press",
        "{seen}"
    );
    drop(s);
    // The UI's page at /display and its files, from the binary (the build with the window).
    let page = get(addr, "/display", &[&format!("Cookie: takt_display={token}")]);
    if cfg!(feature = "gui") {
        assert_eq!(page.status, 200);
        assert!(page.body.contains("main.js"), "{}", page.body);
        let wasm = get(
            addr,
            "/display/takt_ui_bg.wasm",
            &[&format!("Cookie: takt_display={token}")],
        );
        assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    } else {
        assert_eq!(page.status, 404);
    }
    // One client asking too fast is held back (429), with the token or without.
    let statuses: Vec<u16> = (0..80).map(|_| get(addr, "/api/snapshot", &[]).status).collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    // A browser still following the live view does not keep the service from stopping
    // (regression: the server's graceful shutdown waited for the event stream forever).
    wait_for(30, "the rate limit to let a request through again", || {
        (get(addr, "/api/snapshot", &[&format!("Cookie: takt_display={token}")]).status == 200).then_some(())
    });
    let mut follower = TcpStream::connect(addr).unwrap();
    follower.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        follower,
        "GET /api/events HTTP/1.1\r\nHost: {addr}\r\nCookie: takt_display={token}\r\n\r\n"
    )
    .unwrap();
    let mut buf = [0u8; 1024];
    assert!(follower.read(&mut buf).unwrap() > 0, "the event stream answers");
    let status = stop_run(&mut run);
    assert!(status.success(), "{status:?}");
}

/// The display's live view is the terminal table's: `takt run` on a terminal (a pty from
/// util-linux's `script`) draws its table while the display serves, and the press's line in
/// the table and its entry in `/api/snapshot` say the same state and parts, running and
/// then stopped.
#[test]
fn the_display_shows_what_the_terminal_table_shows() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (dir, cfg, db, _log) = common::live::files();
    let port = common::live::free_port();
    let token = "0123456789abcdef0123456789abcdef";
    std::fs::write(
        &cfg,
        format!("{PLANT}\n[display]\nlisten = \"127.0.0.1:{port}\"\ntoken = \"{token}\"\n{toml}"),
    )
    .unwrap();
    press.set(true, 1000);
    let typescript = dir.path().join("table.txt");
    let command = format!(
        "{} --config {} --db {} run --for 5m",
        assert_cmd::cargo::cargo_bin("takt").display(),
        cfg.display(),
        db.display()
    );
    let _run = KillOnDrop(
        std::process::Command::new("script")
            .args(["-qfec", &command])
            .arg(&typescript)
            .env_remove("TAKT_CONFIG")
            .env_remove("TAKT_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let cookie = format!("Cookie: takt_display={token}");
    // The press's line as the table last drew it: (state word, parts).
    let table = || -> Option<(String, u64)> {
        let text = String::from_utf8_lossy(&std::fs::read(&typescript).ok()?).to_string();
        let last = text.rsplit("\x1b[H\x1b[2J").next()?;
        let plain: String = {
            let mut out = String::new();
            let mut chars = last.chars();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    // An escape sequence: up to its final letter.
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() {
                            break;
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            out
        };
        let line = plain.lines().find(|l| l.starts_with("press "))?.to_string();
        let cells: Vec<&str> = line.split_whitespace().collect();
        // `press  running  23:23:03  all day  234  91.3 %`: parts is the last whole number.
        Some((
            cells.get(1)?.to_string(),
            cells.iter().rev().find_map(|c| c.parse().ok())?,
        ))
    };
    let view = || -> Option<(String, u64)> {
        TcpStream::connect(addr).ok()?;
        let r = get(addr, "/api/snapshot", &[&cookie]);
        let s: serde_json::Value = serde_json::from_str(&r.body).ok()?;
        let m = &s["machines"][0];
        Some((m["state"].as_str()?.to_string(), m["parts"].as_u64()?))
    };
    // The counter's first reading is its baseline.
    wait_for(30, "the press running in the view", || {
        (view()?.0 == "running").then_some(())
    });
    for (running, count, state, parts) in [(true, 1234, "running", 234), (false, 1234, "down", 234)] {
        press.set(running, count);
        let both = wait_for(30, &format!("the table and the view at {state}, {parts} parts"), || {
            let (t, v) = (table(), view());
            let (t, v) = (t?, v?);
            (t == v && v == (state.to_string(), parts)).then_some((t, v))
        });
        assert_eq!(both.0, both.1);
    }
}

/// An operator at a tablet: `takt check` hashes the PIN typed into takt.toml; with it, a
/// stop gets its reason and scrap is recorded through the Stops page's checks, each stored
/// with the operator's name, and the reason is in `takt report downtime`; a wrong PIN is
/// refused with nothing written, and five lock the tablet. The Machine page's detail
/// agrees with `takt report oee`.
#[test]
fn an_operator_gives_a_stop_its_reason_at_a_tablet_with_a_pin() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (_dir, cfg, db, log) = common::live::files();
    let reasons = "[[reason]]\ncode = \"mech/jam\"\nname = \"Jam\"\nkind = \"downtime\"\n\n[[reason]]\ncode = \"burr\"\nname = \"Burr\"\nkind = \"scrap\"\n";
    let operators = "[[operator]]\nname = \"Ayşe Kaya\"\npin = \"2468\"  # hashed by takt check\n";
    std::fs::write(
        &cfg,
        format!("{PLANT}\n{reasons}\n[display]\nlisten = \"127.0.0.1:0\"\n\n{operators}\n{toml}"),
    )
    .unwrap();
    let check = takt(&cfg, &db).args(["check", "--offline"]).output().unwrap();
    let out = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(
        check.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        out.contains("replaced by their Argon2id hashes") && out.contains("Ayşe Kaya"),
        "{out}"
    );
    assert!(!out.contains("as typed"), "the warning is gone with the PIN: {out}");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        !text.contains("2468") && text.contains("pin_hash = \"$argon2id$v=19$"),
        "{text}"
    );
    let token = takt_core::config::Config::parse(&text, "takt.toml")
        .unwrap()
        .config
        .display
        .and_then(|d| d.token)
        .unwrap();

    press.set(true, 100);
    let (mut run, addr) = run_display(&cfg, &db, &log);
    let cookie = format!("Cookie: takt_display={token}");
    let invoke = |name: &str, input: serde_json::Value| {
        let r = request(
            addr,
            "POST",
            &format!("/api/invoke/{name}"),
            &[&cookie],
            &serde_json::json!({ "input": input }).to_string(),
        );
        (
            r.status,
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap_or_default(),
        )
    };
    wait_for(30, "the press running", || {
        let r = get(addr, "/api/snapshot", &[&cookie]);
        r.body.contains("\"running\"").then_some(())
    });
    press.set(true, 160);
    wait_for(30, "60 parts", || {
        let r = get(addr, "/api/snapshot", &[&cookie]);
        r.body.contains("\"parts\":60").then_some(())
    });
    press.set(false, 160);
    let now = || chrono::Utc::now().timestamp_millis();
    let day = 86_400_000;
    let stop = wait_for(30, "the stop on the tablet's list", || {
        let (status, rows) = invoke(
            "stops",
            serde_json::json!({ "from": now() - day, "to": now() + day, "uncoded": false }),
        );
        assert_eq!(status, 200, "{rows}");
        rows.as_array()?.iter().find(|r| r["machine"] == "press").cloned()
    });
    let start = stop["stop_start"].as_i64().unwrap();
    let reason = |pin: &str| {
        invoke(
            "operator_entry",
            serde_json::json!({ "operator": "Ayşe Kaya", "pin": pin, "entry": { "entry": "reason", "machine": "press", "stop_start": start, "reason": "mech/jam" } }),
        )
    };
    let written = |table: &str| -> Vec<(String, Option<String>)> {
        let conn = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let col = if table == "scrap_entry" {
            "CAST(quantity AS TEXT)"
        } else {
            "reason"
        };
        conn.prepare(&format!("SELECT {col}, operator FROM {table}"))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // A wrong PIN: refused at the PIN, nothing written.
    let (status, errors) = reason("1357");
    assert_eq!(status, 403, "{errors}");
    assert_eq!(errors[0]["field"], "pin", "{errors}");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("4 tries left"),
        "{errors}"
    );
    assert!(written("reason_assignment").is_empty());
    // The right one: the reason, with the operator's name.
    let (status, answer) = reason("2468");
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        written("reason_assignment"),
        [("mech/jam".to_string(), Some("Ayşe Kaya".to_string()))]
    );
    // The Stops page's list (the tablet's too) says who gave it.
    let (_, rows) = invoke(
        "stops",
        serde_json::json!({ "from": now() - day, "to": now() + day, "uncoded": false }),
    );
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["stop_start"] == start)
        .cloned()
        .unwrap();
    assert_eq!(
        (row["reason"].as_str(), row["entered_by"].as_str()),
        (Some("mech/jam"), Some("Ayşe Kaya")),
        "{row}"
    );
    // Scrap, through the Stops page's checks: a reason of the config or nothing is written.
    let scrap = |reason: &str| {
        invoke(
            "operator_entry",
            serde_json::json!({ "operator": "Ayşe Kaya", "pin": "2468", "entry": { "entry": "scrap", "machine": "press", "t": now(), "quantity": 3, "reason": reason, "product": null } }),
        )
    };
    let (status, errors) = scrap("bur");
    assert_eq!(status, 400, "{errors}");
    assert_eq!(errors[0]["field"], "reason", "{errors}");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("did you mean \"burr\""),
        "{errors}"
    );
    assert_eq!(scrap("burr").0, 200);
    assert_eq!(
        written("scrap_entry"),
        [("3".to_string(), Some("Ayşe Kaya".to_string()))]
    );
    // A tablet neither splits stops nor logs maintenance.
    let (status, _) = invoke(
        "operator_entry",
        serde_json::json!({ "operator": "Ayşe Kaya", "pin": "2468", "entry": { "entry": "split", "machine": "press", "stop_start": start, "at": start + 1000 } }),
    );
    assert_eq!(status, 400);
    // The reason is the downtime report's.
    let from = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let to = (chrono::Utc::now() + chrono::Duration::days(1))
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let report = takt(&cfg, &db)
        .args(["report", "downtime", "--from", &from, "--to", &to, "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&report.stdout).to_string();
    assert!(
        report.status.success(),
        "{csv}{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert!(
        csv.lines().any(|l| l.starts_with("press,") && l.contains(",mech/jam,")),
        "{csv}"
    );
    // The Machine page's figures are the OEE report's.
    let (status, detail) = invoke(
        "machine_detail",
        serde_json::json!({ "machine": "press", "from": now() - day, "to": now() + day }),
    );
    assert_eq!(status, 200, "{detail}");
    assert_eq!(
        (detail["total"].as_u64(), detail["reject"].as_u64()),
        (Some(60), Some(3)),
        "{detail}"
    );
    let (status, page) = invoke(
        "first_page",
        serde_json::json!({ "kind": "oee", "from": now() - day, "to": now() + day, "machines": ["press"], "by": null }),
    );
    assert_eq!(status, 200, "{page}");
    assert!(page["charts"].as_array().is_some_and(|c| !c.is_empty()), "{page}");

    // Five wrong PINs in a row lock this tablet (the right one above started the count
    // afresh): then even the right one is refused, and each wrong PIN is in the log with
    // the name it was for.
    for _ in 0..5 {
        assert_eq!(reason("0000").0, 403);
    }
    let (status, errors) = reason("2468");
    assert_eq!(status, 403, "{errors}");
    assert!(errors[0]["message"].as_str().unwrap().contains("locked"), "{errors}");
    assert_eq!(written("reason_assignment").len(), 1);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert_eq!(logged.matches("a wrong PIN refused").count(), 6, "{logged}");
    assert_eq!(
        logged.matches("a PIN from a locked tablet refused").count(),
        1,
        "{logged}"
    );
    assert!(logged.contains("Ayşe Kaya") && !logged.contains("0000"), "{logged}");
    stop_run(&mut run);
}

/// HTTPS from `[display] cert` and `key` (a certificate made by Debian's openssl, read
/// back by curl against that certificate only): the live view over TLS, a `Secure` cookie,
/// plain HTTP refused on that port; and `takt check` names a key file that is no key.
#[test]
fn the_display_serves_https_with_the_certificate_it_is_given() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (dir, cfg, db, log) = common::live::files();
    std::fs::create_dir(dir.path().join("tls")).unwrap();
    // The display's certificate, and another one whose key is not the display's.
    for name in ["cert", "other"] {
        let made = std::process::Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ])
            .args(["-nodes", "-subj", "/CN=takt display", "-days", "2"])
            .args(["-addext", "subjectAltName=IP:127.0.0.1"])
            .args([
                "-keyout",
                &format!("tls/{name}.key"),
                "-out",
                &format!("tls/{name}.pem"),
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    }
    let token = "0123456789abcdef0123456789abcdef";
    let display = |key: &str| {
        format!(
            "{PLANT}\n[display]\nlisten = \"127.0.0.1:0\"\ntoken = \"{token}\"\ncert = \"tls/cert.pem\"\nkey = \"{key}\"\n{toml}"
        )
    };
    // A certificate where the key should be, and another certificate's key: `takt check`
    // says which file and what it expected.
    for (key, expected) in [
        ("tls/cert.pem", "expected the certificate's private key as PEM"),
        ("tls/other.key", "expected the private key of the certificate"),
    ] {
        std::fs::write(&cfg, display(key)).unwrap();
        let check = takt(&cfg, &db).args(["check", "--offline"]).output().unwrap();
        let err = String::from_utf8_lossy(&check.stderr).to_string();
        assert!(!check.status.success(), "{err}");
        assert!(err.contains(key) && err.contains(expected), "{err}");
    }
    // Relative to takt.toml's folder, wherever takt runs from.
    std::fs::write(&cfg, display("tls/cert.key")).unwrap();
    let check = takt(&cfg, &db)
        .args(["check", "--offline"])
        .current_dir("/")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(
        check.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(out.contains("https://127.0.0.1:0/display?token="), "{out}");

    press.set(true, 7);
    let (mut run, addr) = run_display(&cfg, &db, &log);
    let curl = |url: String| {
        let o = std::process::Command::new("curl")
            .args(["--silent", "--show-error", "--include", "--max-time", "10", "--cacert"])
            .arg(dir.path().join("tls/cert.pem"))
            .arg(&url)
            .output()
            .unwrap();
        (o.status.success(), String::from_utf8_lossy(&o.stdout).to_string())
    };
    let reply = wait_for(30, "the press over HTTPS", || {
        let (ok, reply) = curl(format!("https://{addr}/api/snapshot?token={token}"));
        (ok && reply.contains("\"state\":\"running\"")).then_some(reply)
    });
    let cookie = reply
        .lines()
        .find(|l| l.to_lowercase().starts_with("set-cookie:"))
        .unwrap_or_default();
    assert!(cookie.contains("HttpOnly") && cookie.contains("; Secure"), "{reply}");
    // Without the token, 401 over HTTPS too; plain HTTP on that port gets no answer.
    assert!(
        curl(format!("https://{addr}/api/snapshot"))
            .1
            .starts_with("HTTP/1.1 401")
    );
    let (ok, plain) = curl(format!("http://{addr}/api/snapshot?token={token}"));
    assert!(!ok && !plain.contains("parts"), "{plain}");
    stop_run(&mut run);
}

/// The display under abuse, as a fuzz pass: bad request lines and paths (random bytes
/// among them), a huge header, a huge body, and clients that trickle their requests. No
/// panic, every bad request answered or closed, slow clients cut off after the head's
/// deadline while others are served, and the service's memory stays bounded.
#[test]
fn the_display_survives_bad_paths_huge_headers_and_slow_clients() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, toml) = Counter::start(&rt, "press");
    let (_dir, cfg, db, log) = common::live::files();
    let token = "0123456789abcdef0123456789abcdef";
    std::fs::write(
        &cfg,
        format!("{PLANT}\n[display]\nlisten = \"127.0.0.1:0\"\ntoken = \"{token}\"\n{toml}"),
    )
    .unwrap();
    press.set(true, 1);
    let (mut run, addr) = run_display(&cfg, &db, &log);
    let rss = || -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", run.0.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap().to_string();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let cookie = format!("Cookie: takt_display={token}");
    // Alive: any answer at all (429 too: this client has been asking a lot).
    let alive = || {
        wait_for(30, "the display to answer", || {
            let r = get(addr, "/api/snapshot", &[&cookie]);
            (r.status == 200 || r.status == 429).then_some(())
        })
    };
    alive();
    let before = rss();
    // Sends raw bytes, reads what comes back (until the server closes or 5 s pass).
    let raw = |bytes: &[u8]| -> Vec<u8> {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.write_all(bytes);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        out
    };
    let status = |reply: &[u8]| -> u16 {
        String::from_utf8_lossy(reply)
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    };
    let long = "a".repeat(20_000);
    let fixed: Vec<Vec<u8>> = vec![
        b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET //// HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        format!("GET /display/..%2f..%2fCargo.toml HTTP/1.1\r\nHost: x\r\n{cookie}\r\n\r\n").into_bytes(),
        b"GET * HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET /\r\n\r\n".to_vec(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
        b"GET /\xff\xfe HTTP/1.1\r\nHost: \xc3\x28\r\n\r\n".to_vec(),
        format!("GET /{long} HTTP/1.1\r\nHost: x\r\n\r\n").into_bytes(),
        format!("POST /api/invoke/operator_entry HTTP/1.1\r\nHost: x\r\n{cookie}\r\nContent-Length: 99999999\r\n\r\n{{").into_bytes(),
        format!("POST /api/invoke/operator_entry HTTP/1.1\r\nHost: x\r\n{cookie}\r\nContent-Length: 5\r\n\r\n{{\"in").into_bytes(),
        format!("POST /api/invoke/machine_detail HTTP/1.1\r\nHost: x\r\n{cookie}\r\nContent-Length: 14\r\n\r\n{{\"input\": 1e9}}").into_bytes(),
        format!("GET /api/snapshot?token={token}&token=x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n").into_bytes(),
    ];
    for req in &fixed {
        let reply = raw(req);
        let text = String::from_utf8_lossy(&reply);
        assert!(!text.contains("root:") && !text.contains("[workspace]"), "{text}");
        let code = status(&reply);
        assert!(code == 0 || (400..500).contains(&code) || code == 200, "{code}: {text}");
    }
    // A huge header: 431, the service goes on.
    let huge = format!(
        "GET /api/snapshot HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(1 << 20)
    );
    let code = status(&raw(huge.as_bytes()));
    assert!(code == 431 || code == 0, "{code}");
    // A body larger than a command's: 413, before any of it is kept.
    let big = format!(
        "POST /api/invoke/stops HTTP/1.1\r\nHost: x\r\n{cookie}\r\nContent-Length: {}\r\n\r\n{}",
        1 << 20,
        "{".repeat(1 << 20)
    );
    let code = status(&raw(big.as_bytes()));
    assert!(code == 413 || code == 429, "{code}");
    // Random bytes and random request lines, from a fixed seed (the same pass every run).
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..300 {
        let len = (next() % 300) as usize;
        let junk: Vec<u8> = (0..len).map(|_| (next() & 0xff) as u8).collect();
        let req = if i % 2 == 0 {
            junk
        } else {
            let path: String = junk
                .iter()
                .map(|b| char::from(b' ' + b % 95))
                .filter(|c| *c != ' ')
                .collect();
            format!("GET /{path} HTTP/1.1\r\nHost: x\r\n{cookie}\r\n\r\n").into_bytes()
        };
        let reply = raw(&req);
        let code = status(&reply);
        assert!(code == 0 || (200..500).contains(&code), "{code}");
    }
    alive();
    // Slow clients: 200 connections each sending part of a head, then nothing. A normal
    // client is served meanwhile, and each slow one is closed after the head's deadline.
    let mut slow: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"GET /api/snapshot HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect();
    alive();
    let cut = wait_for(60, "the slow clients to be cut off", || {
        let mut closed = 0;
        for s in &mut slow {
            s.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
            let mut buf = [0u8; 512];
            match s.read(&mut buf) {
                Ok(0) => closed += 1,
                Ok(_) => closed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(_) => closed += 1,
            }
        }
        (closed == slow.len()).then_some(closed)
    });
    assert_eq!(cut, 200);
    alive();
    let after = rss();
    eprintln!("the service's memory: {before} kB before the fuzz pass, {after} kB after");
    assert!(after < before + 64 * 1024, "{before} kB before, {after} kB after");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(!logged.contains("panicked"), "{logged}");
    let status = stop_run(&mut run);
    assert!(status.success(), "{status:?}");
}

/// The display in a real browser: headless Chromium opens `/display?token=...`, shows a
/// tile per machine in the TV's layout, a state change at a machine reaches its tile
/// within 2 s, and after the service restarts the page carries on by itself.
#[cfg(feature = "gui")]
#[test]
fn a_browser_shows_the_plant_live_and_carries_on_after_the_service_restarts() {
    use std::io::{BufRead, BufReader};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (press, press_toml) = Counter::start(&rt, "press");
    let (saw, saw_toml) = Counter::start(&rt, "saw");
    let (_dir, cfg, db, log) = common::live::files();
    // A port of its own, kept across the restart (the page reconnects to it).
    let port = common::live::free_port();
    let token = "0123456789abcdef0123456789abcdef";
    let press_toml = press_toml.replace("id = \"press\"", "id = \"press\"\nline = \"Stamping\"");
    std::fs::write(
        &cfg,
        format!("{PLANT}\n[[reason]]\ncode = \"mech/jam\"\nname = \"Jam\"\nkind = \"downtime\"\n\n[display]\nlisten = \"127.0.0.1:{port}\"\ntoken = \"{token}\"\n\n[[operator]]\nname = \"Eda\"\npin = \"8642\"\n{press_toml}{saw_toml}"),
    )
    .unwrap();
    press.set(true, 10);
    saw.set(false, 5);
    let (run, addr) = run_display(&cfg, &db, &log);
    let mut browser = KillOnDrop(
        std::process::Command::new(common::python())
            .arg(common::repo().join("tests/display/browser.py"))
            .arg(format!("http://{addr}/display?token={token}"))
            .arg("press,saw")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut to = browser.0.stdin.take().unwrap();
    // Its lines through a channel, so that a browser that hangs fails the test in time.
    let (lines, from) = std::sync::mpsc::channel::<String>();
    let stdout = browser.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let next = |what: &str| -> String {
        let line = from
            .recv_timeout(Duration::from_secs(180))
            .unwrap_or_else(|e| panic!("no {what} from browser.py: {e}"));
        line.strip_prefix(what)
            .unwrap_or_else(|| panic!("{what} expected: {line}"))
            .trim()
            .to_string()
    };
    let ready: serde_json::Value = serde_json::from_str(&next("READY")).unwrap();
    // One tile per machine with its state in words, the TV's header, no navigation, and
    // nothing the page's policy refused.
    assert_eq!(ready["tiles"]["press"]["state"], "running", "{ready}");
    assert_eq!(ready["tiles"]["press"]["word"], "running", "{ready}");
    assert_eq!(ready["tiles"]["saw"]["state"], "down", "{ready}");
    assert!(ready["header"].as_str().unwrap().starts_with('P'), "{ready}");
    assert_eq!(ready["nav"], 0, "{ready}");
    assert_eq!(ready["errors"], serde_json::json!([]), "{ready}");
    // A state change at the machine reaches the tile within 2 s.
    press.set(false, 10);
    writeln!(to, "WAIT press down").unwrap();
    let ms: u64 = next("SEEN").parse().unwrap();
    eprintln!("the tile changed {ms} ms after the machine");
    assert!(ms < 2000, "the tile changed {ms} ms after the machine");
    // The service restarts; the page reconnects by itself and goes on showing the plant.
    let mut run = run;
    assert!(stop_run(&mut run).success());
    saw.set(true, 6);
    let (_run, addr) = run_display(&cfg, &db, &log);
    writeln!(to, "WAIT saw running").unwrap();
    next("SEEN");
    // Readable from 10 m on a 1080p TV. Signage's rule: letters are read from 250 times
    // their height. On a 55" TV (685 mm high, 0.634 mm a pixel) the state word's capitals
    // (0.73 of its size in DejaVu Sans) must then be 40 mm: 87 px type. Every tile on the
    // one screen, nothing cut off.
    writeln!(to, "TV").unwrap();
    let tv: serde_json::Value = serde_json::from_str(&next("TV")).unwrap();
    let metres = |px: f64| px * 0.73 * 685.0 / 1080.0 * 250.0 / 1000.0;
    let state = tv["state"].as_f64().unwrap();
    eprintln!(
        "the TV layout: {tv}; the state word read from {:.1} m on a 55\" TV",
        metres(state)
    );
    assert_eq!(tv["viewport"], serde_json::json!([1920, 1080]), "{tv}");
    assert_eq!(
        (tv["tiles"].as_u64(), tv["overflow"].as_u64()),
        (Some(2), Some(0)),
        "{tv}"
    );
    assert!(metres(state) >= 10.0, "{tv}");
    assert!(metres(tv["figure"].as_f64().unwrap()) >= 10.0, "{tv}");
    assert!(tv["name"].as_f64().unwrap() >= 40.0, "{tv}");
    assert!(tv["bottom"].as_f64().unwrap() <= 1080.0, "{tv}");
    // The Plant page in a browser (not the TV's): the reading pages only, and a tile opens
    // its Machine page with its figures.
    writeln!(to, "PLANT http://{addr}/").unwrap();
    let m: serde_json::Value = serde_json::from_str(&next("MACHINE")).unwrap();
    assert_eq!(m["nav"].as_array().map(Vec::len), Some(2), "{m}");
    assert_eq!(m["clicked"], m["shown"], "{m}");
    assert!(
        m["oee"].as_str().is_some_and(|o| o.contains('%') || o.contains('–')),
        "{m}"
    );
    // The line's tablet: the press's stop gets its reason from Eda with her PIN.
    writeln!(to, "TABLET http://{addr}/line/Stamping Eda 8642").unwrap();
    let saved = next("SAVED");
    assert!(saved.contains("mech/jam") && saved.contains("Eda"), "{saved}");
    let conn = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let by: String = conn
        .query_row(
            "SELECT operator FROM reason_assignment WHERE machine = 'press'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, "Eda");
    writeln!(to, "QUIT").unwrap();
    assert!(browser.0.wait().unwrap().success());
}
