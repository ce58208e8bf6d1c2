//! The one clock. The core has none (it is given times); everything that asks "now"
//! (report ranges, the live tile, operator entries) asks here, and the poller stamps its
//! readings with the same clock.

use takt_core::time::Ts;

/// Now, in UTC milliseconds.
pub fn now() -> Ts {
    takt_modbus::poller::now()
}
