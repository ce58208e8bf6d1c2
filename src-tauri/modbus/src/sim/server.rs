//! Simulated machines served as real Modbus TCP servers (tokio-modbus's server).
//!
//! One server per endpoint; machines behind one endpoint are told apart by unit id, as
//! behind a gateway. A simulated machine answers reads of the registers its signals
//! occupy, exception 2 for any other address, exception 1 for writes (no simulated
//! machine takes commands), and nothing at all while it is off the network.

use std::collections::BTreeMap;
use std::future::{Ready, ready};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use takt_core::config::{RegisterTable, Signals};
use takt_core::time::Ts;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_modbus::server::tcp::{Server, accept_tcp_connection};
use tokio_modbus::{ExceptionCode, Request, Response, SlaveRequest};

use crate::plan::{MAX_BITS, MAX_REGISTERS};
use crate::poller::now;
use takt_sim::encode::{Image, image_of};
use takt_sim::model::MachineModel;

/// A simulated device: its register image at an instant.
pub trait Device: Send {
    /// The image at `t`, or `None` while the device does not answer.
    fn image(&mut self, t: Ts) -> Option<Image>;
}

/// A device shared between its server and whoever drives it.
pub type SharedDevice = Arc<Mutex<dyn Device>>;

/// A device whose image a test (or a bench) sets directly.
#[derive(Debug, Clone, Default)]
pub struct ImageDevice {
    /// What it serves.
    pub image: Image,
    /// Whether it answers.
    pub online: bool,
}

impl Device for ImageDevice {
    fn image(&mut self, _t: Ts) -> Option<Image> {
        self.online.then(|| self.image.clone())
    }
}

/// A machine of the plant model, serving its config's signals.
#[derive(Debug)]
pub struct ModelDevice {
    /// The machine's timeline.
    pub model: MachineModel,
    /// Where its signals live.
    pub signals: Signals,
}

impl Device for ModelDevice {
    fn image(&mut self, t: Ts) -> Option<Image> {
        let o = self.model.observe(t);
        o.online.then(|| image_of(&self.signals, &o))
    }
}

/// Counts of the requests a server answered, by function code.
#[derive(Debug)]
pub struct FunctionLog {
    counts: [AtomicU64; 128],
}

impl Default for FunctionLog {
    fn default() -> Self {
        FunctionLog {
            counts: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl FunctionLog {
    fn record(&self, function: u8) {
        if let Some(c) = self.counts.get(usize::from(function)) {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Requests received with this function code.
    pub fn count(&self, function: u8) -> u64 {
        self.counts
            .get(usize::from(function))
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// All requests received.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|c| c.load(Ordering::Relaxed)).sum()
    }
}

#[derive(Clone)]
struct Service {
    units: Arc<BTreeMap<u8, SharedDevice>>,
    log: Arc<FunctionLog>,
}

fn function_code(r: &Request<'_>) -> u8 {
    match r {
        Request::ReadCoils(..) => 1,
        Request::ReadDiscreteInputs(..) => 2,
        Request::ReadHoldingRegisters(..) => 3,
        Request::ReadInputRegisters(..) => 4,
        Request::WriteSingleCoil(..) => 5,
        Request::WriteSingleRegister(..) => 6,
        Request::WriteMultipleCoils(..) => 15,
        Request::WriteMultipleRegisters(..) => 16,
        Request::MaskWriteRegister(..) => 22,
        Request::ReadWriteMultipleRegisters(..) => 23,
        _ => 0,
    }
}

impl tokio_modbus::server::Service for Service {
    type Request = SlaveRequest<'static>;
    type Response = Option<Response>;
    type Exception = ExceptionCode;
    type Future = Ready<Result<Option<Response>, ExceptionCode>>;

    fn call(&self, req: SlaveRequest<'static>) -> Self::Future {
        self.log.record(function_code(&req.request));
        let Some(device) = self.units.get(&req.slave) else {
            return ready(Err(ExceptionCode::GatewayTargetDevice));
        };
        let image = match device.lock() {
            Ok(mut d) => d.image(now()),
            Err(_) => return ready(Err(ExceptionCode::ServerDeviceFailure)),
        };
        // Off the network: no answer at all.
        let Some(image) = image else { return ready(Ok(None)) };
        let (table, start, count) = match req.request {
            Request::ReadCoils(a, n) => (RegisterTable::Coil, a, n),
            Request::ReadDiscreteInputs(a, n) => (RegisterTable::Discrete, a, n),
            Request::ReadInputRegisters(a, n) => (RegisterTable::Input, a, n),
            Request::ReadHoldingRegisters(a, n) => (RegisterTable::Holding, a, n),
            _ => return ready(Err(ExceptionCode::IllegalFunction)),
        };
        let limit = if table.is_bits() { MAX_BITS } else { MAX_REGISTERS };
        if count == 0 || count > limit {
            return ready(Err(ExceptionCode::IllegalDataValue));
        }
        if !image.covers(table, start, count) {
            return ready(Err(ExceptionCode::IllegalDataAddress));
        }
        let addrs = (0..count).map(|i| start.wrapping_add(i));
        let response = if table.is_bits() {
            let bits: Vec<bool> = addrs
                .map(|a| image.bits.get(&(table, a)).copied().unwrap_or(false))
                .collect();
            if table == RegisterTable::Coil {
                Response::ReadCoils(bits)
            } else {
                Response::ReadDiscreteInputs(bits)
            }
        } else {
            let words: Vec<u16> = addrs
                .map(|a| image.words.get(&(table, a)).copied().unwrap_or(0))
                .collect();
            if table == RegisterTable::Holding {
                Response::ReadHoldingRegisters(words)
            } else {
                Response::ReadInputRegisters(words)
            }
        };
        ready(Ok(Some(response)))
    }
}

/// A running simulated endpoint.
pub struct Endpoint {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What it was asked.
    pub log: Arc<FunctionLog>,
    task: JoinHandle<()>,
}

impl Endpoint {
    /// Serves `units` on `listener` until the endpoint is dropped.
    pub fn serve(listener: TcpListener, units: BTreeMap<u8, SharedDevice>) -> std::io::Result<Endpoint> {
        let addr = listener.local_addr()?;
        let log = Arc::new(FunctionLog::default());
        let service = Service {
            units: Arc::new(units),
            log: log.clone(),
        };
        let task = tokio::spawn(async move {
            let server = Server::new(listener);
            let on_connected = |stream, peer| {
                let service = service.clone();
                async move { accept_tcp_connection(stream, peer, move |_| Ok(Some(service.clone()))) }
            };
            if let Err(e) = server
                .serve(&on_connected, |e| tracing::debug!("simulator connection: {e}"))
                .await
            {
                tracing::warn!("simulator on {addr}: {e}");
            }
        });
        Ok(Endpoint { addr, log, task })
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}
