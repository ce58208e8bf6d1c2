//! The simulator: a plant model served as real Modbus TCP servers.

pub mod encode;
pub mod model;
pub mod server;
