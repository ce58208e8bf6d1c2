//! The simulator: a plant model served as real Modbus TCP servers, and the demo plant.

pub mod demo;
pub mod encode;
pub mod history;
pub mod model;
pub mod server;
