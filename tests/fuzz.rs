//! Fuzzing, time-bounded: what a file, a machine or a user sends must never panic Takt.
//! (No nightly toolchain reaches this machine, so no cargo-fuzz: these are mutation
//! harnesses seeded from the examples, run for a given time.)
//!
//! Targets: the config reader, each CSV import format, the Modbus answer decoding through
//! the poller's frame checks (a real TCP server on 127.0.0.1 answering noise), and the
//! report arguments (times, durations, the report request's checks).
//!
//! The normal test run gives each target `TAKT_FUZZ_SECONDS` (default 2); `cargo xtask
//! fuzz 600` runs them ten minutes each, in release. A failing input is written to
//! `target/fuzz-failures/` and the test fails naming it. Each target prints how many
//! inputs it tried.

mod common;

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use common::repo;

/// A small deterministic generator (xorshift64*), seeded per target.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Bytes that often matter to parsers of text, numbers and CSV.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"=",
    b"[",
    b"]",
    b"{",
    b"}",
    b"[[",
    b"]]",
    b"#",
    b"-",
    b"+",
    b".",
    b"0",
    b"9",
    b"1e308",
    b"-1",
    b"18446744073709551615",
    b"9223372036854775807",
    b"NaN",
    b"inf",
    b"\xff",
    b"\xc3",
    b"\0",
    b"T",
    b":",
    b"+03:00",
    b"Z",
    b"0000-01-01",
    b"9999-12-31",
];

/// One mutation of `input`: a byte flipped, bytes inserted, deleted, repeated, or a piece
/// of another seed spliced in.
fn mutate(rng: &mut Rng, input: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(at..at, piece.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if !v.is_empty() => {
                let i = rng.below(v.len());
                let end = (i + rng.below(64)).min(v.len());
                let piece = v[i..end].to_vec();
                for _ in 0..rng.below(8) {
                    v.splice(at.min(v.len())..at.min(v.len()), piece.iter().copied());
                }
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let end = (i + rng.below(200)).min(other.len());
                    v.splice(at..at, other[i..end].iter().copied());
                }
            }
            5 => {
                let b = rng.next() as u8;
                v.insert(at, b);
            }
            _ => {
                // A digit run, to reach numbers' edges.
                let digits: Vec<u8> = (0..=rng.below(24)).map(|_| b'0' + rng.below(10) as u8).collect();
                v.splice(at..at, digits);
            }
        }
    }
    v.truncate(1 << 20);
    v
}

fn seconds() -> f64 {
    std::env::var("TAKT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0)
}

/// Runs `target` on mutations of `seeds` for the configured time; a panic fails the test
/// with the input saved. Returns how many inputs were tried.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, mut target: impl FnMut(&[u8])) -> u64 {
    let mut rng = Rng(0x7a6b_7400
        ^ name
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds());
    let mut corpus = seeds.clone();
    let mut tried = 0u64;
    // Panics are caught per input: silence the default hook's noise, keep the message.
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failure = None;
    while Instant::now() < deadline {
        let base = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, base, &seeds);
        tried += 1;
        if let Err(p) = std::panic::catch_unwind(AssertUnwindSafe(|| target(&input))) {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failure = Some((input, msg));
            break;
        }
        // Keep some mutants as bases, so inputs drift further from the seeds.
        if rng.below(16) == 0 && corpus.len() < 4096 {
            corpus.push(input);
        }
    }
    std::panic::set_hook(quiet);
    if let Some((input, msg)) = failure {
        let dir = repo().join("target/fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{name}-{tried}.bin"));
        std::fs::write(&file, &input).unwrap();
        panic!(
            "{name}: input {tried} panicked: {msg}; the input is in {}",
            file.display()
        );
    }
    println!("fuzz {name}: {tried} inputs in {:.0} s, no panic", seconds());
    tried
}

fn example_config() -> String {
    std::fs::read_to_string(repo().join("examples/takt.toml")).unwrap()
}

#[test]
fn the_config_reader() {
    let seeds = vec![
        example_config().into_bytes(),
        include_bytes!("../src-tauri/core/src/config/tests.rs")
            .split(|b| *b == b'#')
            .next()
            .unwrap_or_default()
            .to_vec(),
        b"[plant]\nname = \"P\"\ntimezone = \"UTC\"\n".to_vec(),
    ];
    let tried = fuzz("config", seeds, |input| {
        let text = String::from_utf8_lossy(input);
        let _ = takt_core::config::Config::parse(&text, "fuzz.toml");
    });
    assert!(tried > 0);
}

fn import_format(kind: takt_core::import::Kind, file: &str) {
    let config = takt_core::config::Config::parse(&example_config(), "takt.toml")
        .unwrap()
        .config;
    let text = std::fs::read(repo().join(format!("examples/history/{file}.csv"))).unwrap();
    // A few hundred lines of each are seed enough, and keep each input quick.
    let head: Vec<u8> = text
        .split_inclusive(|b| *b == b'\n')
        .take(200)
        .flatten()
        .copied()
        .collect();
    fuzz(&format!("import-{file}"), vec![head], |input| {
        let text = String::from_utf8_lossy(input);
        let _ = takt_core::import::parse(kind, "fuzz.csv", &text, &config, &mut |_| {});
    });
}

#[test]
fn the_states_import() {
    import_format(takt_core::import::Kind::States, "states");
}

#[test]
fn the_counts_import() {
    import_format(takt_core::import::Kind::Counts, "counts");
}

#[test]
fn the_scrap_import() {
    import_format(takt_core::import::Kind::Scrap, "scrap");
}

#[test]
fn the_maintenance_import() {
    import_format(takt_core::import::Kind::Maintenance, "maintenance");
}

#[test]
fn the_report_arguments() {
    use takt_app::reports::{Kind, Query};
    let config = takt_core::config::Config::parse(&example_config(), "takt.toml")
        .unwrap()
        .config;
    let tz = config.plant.timezone;
    let seeds: Vec<Vec<u8>> = [
        "2026-11-24T06:00:00+03:00|2026-11-25 06:00|90s|press-1",
        "2026-11-24|2026-11-24 06:00:30.5|1h30m|cnc-1",
        "0001-01-01|9999-12-31|7d|",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    fuzz("report-arguments", seeds, |input| {
        let text = String::from_utf8_lossy(input);
        let parts: Vec<&str> = text.split('|').collect();
        let from = parts.first().and_then(|s| takt_core::time::parse_user_time(s, tz));
        let to = parts.get(1).and_then(|s| takt_core::time::parse_user_time(s, tz));
        let _ = parts.get(2).map(|s| takt_core::time::parse_duration_ms(s));
        let machines: Vec<String> = parts.get(3).map(|s| vec![s.to_string()]).unwrap_or_default();
        if let (Some(from), Some(to)) = (from, to) {
            for kind in Kind::ALL {
                let _ = Query::new(&config, kind, (from, to), &machines, None, to);
            }
        }
    });
}

#[test]
fn the_modbus_answer_decoding() {
    use takt_modbus::link::Link;
    use takt_modbus::plan::{Block, ReadPlan};
    use takt_modbus::poller::read_machine;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    // The answer the server sends next, set per input.
    let answer = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    let served = answer.clone();
    rt.spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let served = served.clone();
            tokio::spawn(async move {
                let mut head = [0u8; 7];
                // One answer per connection, then the connection ends: a short answer is
                // decoded at once instead of waiting out the timeout.
                if sock.read_exact(&mut head).await.is_ok() {
                    let len = usize::from(u16::from_be_bytes([head[4], head[5]]));
                    let mut pdu = vec![0u8; len.saturating_sub(1)];
                    if sock.read_exact(&mut pdu).await.is_err() {
                        return;
                    }
                    // The request's transaction id over the answer's, so that the noise
                    // reaches the decoding and not only the header check.
                    let mut frame = served.lock().unwrap().clone();
                    if frame.len() >= 2 {
                        frame[0] = head[0];
                        frame[1] = head[1];
                    }
                    let _ = sock.write_all(&frame).await;
                    let _ = sock.shutdown().await;
                }
            });
        }
    });
    let text = format!(
        "[plant]\nname = \"P\"\ntimezone = \"UTC\"\n[[machine]]\nid = \"m\"\nideal_cycle_s = 1.0\nconnection = {{ modbus_tcp = \"127.0.0.1:{port}\", timeout_ms = 50 }}\n[machine.signals]\nrunning = {{ coil = 0 }}\ntotal_count = {{ holding = 0, type = \"u32\" }}\nreject_count = {{ holding = 2 }}\nenergy_kwh = {{ input = 0, type = \"f32\", word_order = \"little\" }}\nprocess = [{{ name = \"t\", input = 4, type = \"i16\", scale = 0.1 }}, {{ name = \"p\", input = 5, type = \"f64\" }}]\n"
    );
    let config = takt_core::config::Config::parse(&text, "fuzz.toml").unwrap().config;
    let machine = config.machines[0].clone();
    let plan = ReadPlan::new(&machine.signals);
    // Seeds: good answers to each kind of read, and an exception.
    let good = |fc: u8, data: &[u8]| {
        let mut f = vec![0, 1, 0, 0];
        f.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
        f.extend_from_slice(&[1, fc]);
        f.extend_from_slice(data);
        f
    };
    // Seeds: a good answer to each of the machine's reads (the first byte picks the read),
    // and an exception.
    let pick = |k: u8, frame: Vec<u8>| [vec![k], frame].concat();
    let seeds = vec![
        pick(0, good(1, &[1, 1])),
        pick(1, good(3, &[12, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6])),
        pick(
            2,
            good(
                4,
                &[
                    24, 0, 0, 0x41, 0x20, 0, 215, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    0,
                ],
            ),
        ),
        pick(3, good(4, &[4, 0x41, 0x20, 0, 0])),
        pick(1, good(0x83, &[2])),
    ];
    let mut link = Link::new(&machine.connection);
    fuzz("modbus-answers", seeds, |input| {
        // The input's first byte picks which of the machine's reads it answers; the rest
        // is the answer. A good answer is decoded with the other reads' good blocks, as
        // the poller decodes a machine's whole reading.
        let Some((&pick, answer_bytes)) = input.split_first() else {
            return;
        };
        let i = usize::from(pick) % plan.requests.len();
        *answer.lock().unwrap() = answer_bytes.to_vec();
        // The server answers once per connection.
        link.close();
        let got = rt.block_on(link.read(1, &plan.requests[i], Duration::from_millis(50)));
        if let Ok(block) = got {
            let blocks: Vec<Block> = plan
                .requests
                .iter()
                .enumerate()
                .map(|(k, q)| {
                    if k == i {
                        block.clone()
                    } else if q.table.is_bits() {
                        Block::Bits(vec![false; usize::from(q.count)])
                    } else {
                        Block::Words(vec![0; usize::from(q.count)])
                    }
                })
                .collect();
            let _ = plan.values(&machine.signals, &blocks);
        }
    });
    // The poller's whole-machine read over the same server, once.
    let _ = rt.block_on(read_machine(&mut link, &machine, &plan));
}
