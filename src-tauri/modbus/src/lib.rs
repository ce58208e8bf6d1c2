//! Takt's Modbus side. The poller only reads: this crate has no write call.
//!
//! - [`decode`]: register words and bits to values.
//! - [`plan`]: a machine's signals to as few read requests as the protocol allows.

pub mod decode;
pub mod link;
pub mod plan;
pub mod poller;
pub mod sim;
