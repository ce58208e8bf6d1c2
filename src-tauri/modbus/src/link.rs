//! A read-only Modbus link to one bus (a TCP endpoint or a serial port).
//!
//! It wraps tokio-modbus's client and exposes reads only, so nothing above it can write
//! to a machine. Every request has a timeout (tokio-modbus has none of its own); after a
//! timeout or a broken frame the connection is dropped and opened again on the next
//! request, because a late answer would otherwise be taken for the next one.
//! "The device said no" ([`PollError::Exception`]) stays apart from "the link failed".

use std::fmt;
use std::time::Duration;

use takt_core::config::{Connection, Parity, RegisterTable};
use tokio_modbus::client::{Client as _, Context};
use tokio_modbus::prelude::SlaveContext as _;
use tokio_modbus::{ExceptionCode, Request, Response, Slave};

use crate::plan::{Block, ReadRequest};

/// Why a read failed.
#[derive(Debug)]
pub enum PollError {
    /// No connection could be opened.
    Connect(std::io::Error),
    /// No connection within the timeout.
    ConnectTimeout(Duration),
    /// No answer within the timeout.
    Timeout(Duration),
    /// The connection broke (reset, closed mid-frame).
    Io(std::io::Error),
    /// The machine answered with an exception.
    Exception(ExceptionCode),
    /// The answer was not a valid frame for the request.
    Protocol(String),
}

impl PollError {
    /// A short key: the same key twice in a row is the same problem (logged once).
    pub fn key(&self) -> String {
        match self {
            PollError::Connect(e) | PollError::Io(e) => format!("{:?}", e.kind()),
            PollError::ConnectTimeout(_) => "connect timeout".into(),
            PollError::Timeout(_) => "timeout".into(),
            PollError::Exception(c) => format!("exception {}", exception_number(*c)),
            PollError::Protocol(_) => "protocol".into(),
        }
    }

    /// Whether the link itself failed (rather than the device refusing a request).
    pub fn is_link(&self) -> bool {
        !matches!(self, PollError::Exception(_))
    }
}

/// The number of an exception code as the Modbus specification gives it.
pub fn exception_number(c: ExceptionCode) -> u8 {
    match c {
        ExceptionCode::IllegalFunction => 1,
        ExceptionCode::IllegalDataAddress => 2,
        ExceptionCode::IllegalDataValue => 3,
        ExceptionCode::ServerDeviceFailure => 4,
        ExceptionCode::Acknowledge => 5,
        ExceptionCode::ServerDeviceBusy => 6,
        ExceptionCode::MemoryParityError => 8,
        ExceptionCode::GatewayPathUnavailable => 10,
        ExceptionCode::GatewayTargetDevice => 11,
        ExceptionCode::Custom(n) => n,
    }
}

fn exception_name(c: ExceptionCode) -> &'static str {
    match c {
        ExceptionCode::IllegalFunction => "illegal function",
        ExceptionCode::IllegalDataAddress => "illegal data address",
        ExceptionCode::IllegalDataValue => "illegal data value",
        ExceptionCode::ServerDeviceFailure => "server device failure",
        ExceptionCode::Acknowledge => "acknowledge",
        ExceptionCode::ServerDeviceBusy => "server device busy",
        ExceptionCode::MemoryParityError => "memory parity error",
        ExceptionCode::GatewayPathUnavailable => "gateway path unavailable",
        ExceptionCode::GatewayTargetDevice => "gateway target device failed to respond",
        ExceptionCode::Custom(_) => "device specific",
    }
}

impl fmt::Display for PollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PollError::Connect(e) => write!(f, "cannot connect: {e}"),
            PollError::ConnectTimeout(d) => write!(f, "cannot connect: no answer within {} ms", d.as_millis()),
            PollError::Timeout(d) => write!(f, "no answer within {} ms", d.as_millis()),
            PollError::Io(e) => write!(f, "connection lost: {e}"),
            PollError::Exception(c) => write!(f, "Modbus exception {} ({})", exception_number(*c), exception_name(*c)),
            PollError::Protocol(m) => write!(f, "malformed answer: {m}"),
        }
    }
}

/// What a request reads, as messages name it: `holding register 4`, `coils 0..7`.
pub fn describe(req: &ReadRequest) -> String {
    let (one, many) = match req.table {
        RegisterTable::Coil => ("coil", "coils"),
        RegisterTable::Discrete => ("discrete input", "discrete inputs"),
        RegisterTable::Input => ("input register", "input registers"),
        RegisterTable::Holding => ("holding register", "holding registers"),
    };
    if req.count == 1 {
        format!("{one} {}", req.start)
    } else {
        format!(
            "{many} {}..{}",
            req.start,
            u32::from(req.start) + u32::from(req.count) - 1
        )
    }
}

/// A read-only link to one bus.
pub struct Link {
    connection: Connection,
    timeout: Duration,
    ctx: Option<Context>,
}

impl fmt::Debug for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Link")
            .field("bus", &self.connection.bus())
            .field("connected", &self.ctx.is_some())
            .finish()
    }
}

impl Link {
    /// A link for a machine's connection (not opened until the first read).
    pub fn new(connection: &Connection) -> Link {
        let timeout_ms = match connection {
            Connection::Tcp { timeout_ms, .. } | Connection::Rtu { timeout_ms, .. } => *timeout_ms,
        };
        Link {
            connection: connection.clone(),
            timeout: Duration::from_millis(u64::from(timeout_ms)),
            ctx: None,
        }
    }

    /// Whether a connection is open.
    pub fn is_open(&self) -> bool {
        self.ctx.is_some()
    }

    /// Closes the connection; the next read opens it again.
    pub fn close(&mut self) {
        self.ctx = None;
    }

    async fn open(connection: &Connection, timeout: Duration) -> Result<Context, PollError> {
        match connection {
            Connection::Tcp { address, .. } => {
                let connect = tokio::net::TcpStream::connect(address.as_str());
                let stream = tokio::time::timeout(timeout, connect)
                    .await
                    .map_err(|_| PollError::ConnectTimeout(timeout))?
                    .map_err(PollError::Connect)?;
                let _ = stream.set_nodelay(true);
                Ok(tokio_modbus::client::tcp::attach(stream))
            }
            Connection::Rtu {
                port,
                baud,
                parity,
                data_bits,
                stop_bits,
                ..
            } => {
                let builder = tokio_serial::new(port, *baud)
                    .parity(match parity {
                        Parity::None => tokio_serial::Parity::None,
                        Parity::Even => tokio_serial::Parity::Even,
                        Parity::Odd => tokio_serial::Parity::Odd,
                    })
                    .data_bits(if *data_bits == 7 {
                        tokio_serial::DataBits::Seven
                    } else {
                        tokio_serial::DataBits::Eight
                    })
                    .stop_bits(if *stop_bits == 2 {
                        tokio_serial::StopBits::Two
                    } else {
                        tokio_serial::StopBits::One
                    });
                let stream = tokio_serial::SerialStream::open(&builder)
                    .map_err(|e| PollError::Connect(std::io::Error::other(e.to_string())))?;
                Ok(tokio_modbus::client::rtu::attach(stream))
            }
        }
    }

    /// Opens the connection if it is not open.
    pub async fn connect(&mut self) -> Result<(), PollError> {
        if self.ctx.is_none() {
            self.ctx = Some(Self::open(&self.connection, self.timeout).await?);
        }
        Ok(())
    }

    /// Reads one request from a unit, waiting at most `timeout` for the answer (each
    /// machine on a bus has its own). Link failures close the connection.
    pub async fn read(&mut self, unit: u8, req: &ReadRequest, timeout: Duration) -> Result<Block, PollError> {
        self.connect().await?;
        let Some(ctx) = self.ctx.as_mut() else {
            return Err(PollError::Protocol("no connection".into()));
        };
        ctx.set_slave(Slave(unit));
        let (start, count) = (req.start, req.count);
        // `call` with our own matching, not the typed read helpers: those debug-assert the
        // answer's length, and a machine's answer must never panic the poller.
        let request = match req.table {
            RegisterTable::Coil => Request::ReadCoils(start, count),
            RegisterTable::Discrete => Request::ReadDiscreteInputs(start, count),
            RegisterTable::Input => Request::ReadInputRegisters(start, count),
            RegisterTable::Holding => Request::ReadHoldingRegisters(start, count),
        };
        let answer = tokio::time::timeout(timeout, ctx.call(request)).await.map(|r| {
            r.map(|x| {
                x.and_then(|response| match (req.table, response) {
                    (RegisterTable::Coil, Response::ReadCoils(b))
                    | (RegisterTable::Discrete, Response::ReadDiscreteInputs(b)) => Ok(Block::Bits(b)),
                    (RegisterTable::Input, Response::ReadInputRegisters(w))
                    | (RegisterTable::Holding, Response::ReadHoldingRegisters(w)) => Ok(Block::Words(w)),
                    // A different kind of answer: the link is confused; treated as malformed.
                    _ => Err(ExceptionCode::Custom(0)),
                })
            })
        });
        let result = match answer {
            Err(_) => Err(PollError::Timeout(timeout)),
            // Bytes that are no Modbus frame: said in words, never echoed.
            Ok(Err(tokio_modbus::Error::Transport(e))) if e.kind() == std::io::ErrorKind::InvalidData => Err(
                PollError::Protocol(format!("bytes that are not a Modbus frame ({})", short(&e.to_string()))),
            ),
            Ok(Err(tokio_modbus::Error::Transport(e))) => Err(PollError::Io(e)),
            Ok(Err(tokio_modbus::Error::Protocol(e))) => Err(PollError::Protocol(protocol_words(&e))),
            Ok(Ok(Err(ExceptionCode::Custom(0)))) => {
                Err(PollError::Protocol("an answer of another kind than the request".into()))
            }
            Ok(Ok(Err(code))) => Err(PollError::Exception(code)),
            Ok(Ok(Ok(block))) => check_length(block, count),
        };
        if result.as_ref().is_err_and(PollError::is_link) {
            self.ctx = None;
        }
        result
    }
}

/// At most this much of a message from the link goes into ours.
const SHORT: usize = 80;

fn short(s: &str) -> String {
    if s.chars().count() <= SHORT {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(SHORT).collect::<String>())
    }
}

/// A protocol error in words: tokio-modbus prints the whole answer it got with `{:?}`
/// (188,000 characters for a device sending garbage); we show what kind of mismatch it
/// was and at most the answer's first 16 bytes, in hex.
fn protocol_words(e: &tokio_modbus::ProtocolError) -> String {
    let first = |r: &Result<Response, tokio_modbus::ExceptionResponse>| match r {
        Ok(Response::Custom(code, bytes)) => {
            let hex: Vec<String> = bytes.iter().take(16).map(|b| format!("{b:02x}")).collect();
            format!(
                "; it was function {code:#04x} with {} bytes{}{}",
                bytes.len(),
                if hex.is_empty() {
                    String::new()
                } else {
                    format!(": {}", hex.join(" "))
                },
                if bytes.len() > 16 { " ..." } else { "" }
            )
        }
        Ok(r) => format!("; it was an answer to function {}", r.function_code().value()),
        Err(x) => format!("; it was exception {}", exception_number(x.exception)),
    };
    match e {
        // Its message is tokio-modbus's `Header { transaction_id: .. }` debug text: words
        // instead.
        tokio_modbus::ProtocolError::HeaderMismatch { result, .. } => format!(
            "an answer whose header does not match the request (another transaction, unit or protocol id){}",
            first(result)
        ),
        tokio_modbus::ProtocolError::FunctionCodeMismatch { request, result } => {
            format!(
                "an answer of another function than the request's {}{}",
                request.value(),
                first(result)
            )
        }
    }
}

/// Bits come in whole bytes: keep the ones asked for. Fewer than asked is malformed.
fn check_length(block: Block, count: u16) -> Result<Block, PollError> {
    let want = usize::from(count);
    match block {
        Block::Bits(mut b) if b.len() >= want => {
            b.truncate(want);
            Ok(Block::Bits(b))
        }
        Block::Words(w) if w.len() == want => Ok(Block::Words(w)),
        Block::Bits(b) => Err(PollError::Protocol(format!("asked for {want} bits, got {}", b.len()))),
        Block::Words(w) => Err(PollError::Protocol(format!(
            "asked for {want} registers, got {}",
            w.len()
        ))),
    }
}
