//! The simulated plant, pure: no tokio, no sockets, no clock. A seed gives the same plant
//! every time, so tests can use it as ground truth (its Weibull lives, wear and drifts).
//!
//! - [`model`]: each machine's timeline of runs, stops, faults, wear, changeovers and
//!   network outages, and the maintenance log it leaves;
//! - [`demo`]: the demo plant's six machines (SPEC section 6) as a config and profiles;
//! - [`encode`]: a machine's values as the register images a PLC would serve.
//!
//! `takt-modbus` serves these over Modbus TCP and reads their history through the
//! poller's own decoding.

pub mod demo;
pub mod encode;
pub mod model;
