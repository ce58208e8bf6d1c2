//! The inverse of the poller's decoding (`takt_modbus::decode`): a simulated machine's
//! values written into register images, so the simulator serves exactly what a real PLC
//! would. (The round trip is tested in `takt-modbus`, beside the decoder.)

use std::collections::BTreeMap;

use takt_core::config::{ProcessSignal, Register, RegisterTable, Signals, ValueType, WordOrder};

use crate::model::Observed;

/// A machine's register images, by table and address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image {
    /// Coils and discrete inputs.
    pub bits: BTreeMap<(RegisterTable, u16), bool>,
    /// Input and holding registers.
    pub words: BTreeMap<(RegisterTable, u16), u16>,
}

/// A logical value to encode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Logical {
    /// A bit (or 0/1 in a register).
    Bool(bool),
    /// A count or code; wraps at the register's width like a PLC counter does.
    Count(u64),
    /// A measurement before scale and offset are undone.
    Measure(f64),
}

/// The words of a value of `reg`'s type, in its word order.
pub fn words(reg: &Register, value: Logical) -> Vec<u16> {
    let raw: u64 = match (reg.value_type, value) {
        (_, Logical::Bool(b)) => u64::from(b),
        (ValueType::F32, Logical::Measure(x)) => u64::from((((x - reg.offset) / reg.scale) as f32).to_bits()),
        (ValueType::F64, Logical::Measure(x)) => ((x - reg.offset) / reg.scale).to_bits(),
        (ValueType::F32, Logical::Count(n)) => u64::from((n as f32).to_bits()),
        (ValueType::F64, Logical::Count(n)) => (n as f64).to_bits(),
        (ValueType::I16 | ValueType::I32, Logical::Measure(x)) => ((x - reg.offset) / reg.scale).round() as i64 as u64,
        (_, Logical::Measure(x)) => ((x - reg.offset) / reg.scale).round().max(0.0) as u64,
        (_, Logical::Count(n)) => n,
    };
    let n = usize::from(reg.value_type.width());
    let mut ws: Vec<u16> = (0..n).rev().map(|i| (raw >> (16 * i)) as u16).collect();
    if reg.word_order == WordOrder::Little {
        ws.reverse();
    }
    ws
}

impl Image {
    /// Writes a value at a register.
    pub fn set(&mut self, reg: &Register, value: Logical) {
        if reg.table.is_bits() {
            let b = match value {
                Logical::Bool(b) => b,
                Logical::Count(n) => n != 0,
                Logical::Measure(x) => x != 0.0,
            };
            self.bits.insert((reg.table, reg.address), b);
            return;
        }
        for (i, w) in words(reg, value).into_iter().enumerate() {
            self.words.insert((reg.table, reg.address.wrapping_add(i as u16)), w);
        }
    }

    /// Whether every address of `[start, start + count)` is in the image (a real device
    /// answers exception 2 otherwise).
    pub fn covers(&self, table: RegisterTable, start: u16, count: u16) -> bool {
        // A read past register 65535 does not wrap round to 0: a real device refuses it.
        if u32::from(start) + u32::from(count) > 65536 {
            return false;
        }
        (0..count).all(|i| {
            let a = start.wrapping_add(i);
            if table.is_bits() {
                self.bits.contains_key(&(table, a))
            } else {
                self.words.contains_key(&(table, a))
            }
        })
    }
}

/// Every address a machine's signals occupy, zeroed: the image of a machine that has just
/// been switched on.
pub fn blank(signals: &Signals) -> Image {
    let mut img = Image::default();
    for (_, reg) in signals.registers() {
        if reg.table.is_bits() {
            img.bits.insert((reg.table, reg.address), false);
        } else {
            for i in 0..reg.value_type.width() {
                img.words.insert((reg.table, reg.address.wrapping_add(i)), 0);
            }
        }
    }
    img
}

/// A machine's registers showing what the model says.
pub fn image_of(signals: &Signals, o: &Observed) -> Image {
    let mut img = blank(signals);
    if let Some(r) = &signals.running {
        img.set(r, Logical::Bool(o.running));
    }
    if let Some(r) = &signals.total_count {
        img.set(r, Logical::Count(o.total));
    }
    if let Some(r) = &signals.reject_count {
        img.set(r, Logical::Count(o.reject));
    }
    if let Some(f) = &signals.fault_code {
        img.set(&f.register, Logical::Count(o.fault));
    }
    if let Some(p) = &signals.product_code {
        img.set(&p.register, Logical::Count(o.product));
    }
    if let Some(r) = &signals.energy_kwh {
        img.set(r, Logical::Measure(o.kwh));
    }
    for p in &signals.process {
        img.set(&p.register, Logical::Measure(process_value(p, o)));
    }
    img
}

/// The P-F interval of the demo's wearing parts, run hours: from the point where a
/// failure starts to show in a process value to the failure itself.
pub const PF_INTERVAL_H: f64 = 150.0;

/// A process value as the model shows it: in the lower third of its band while the first
/// component is sound, creeping up a little with its wear, then climbing over the last
/// [`PF_INTERVAL_H`] run hours of its life, as a failing bearing heats its oil: it
/// crosses the upper limit some 50 run hours (two to three days of running) before the
/// failure. A
/// daily swing and noise on top, and a little more while running.
pub fn process_value(p: &ProcessSignal, o: &Observed) -> f64 {
    let (low, high) = match (p.low, p.high) {
        (Some(l), Some(h)) => (l, h),
        (Some(l), None) => (l, l + 100.0),
        (None, Some(h)) => (h - 100.0, h),
        (None, None) => (0.0, 100.0),
    };
    let failing = crate::model::failing(o.remaining_h);
    let share = 0.30 + 0.04 * o.wiggle + 0.1 * o.wear.min(1.0) + 0.9 * failing + if o.running { 0.04 } else { 0.0 };
    low + (high - low) * share
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_wrap_like_a_plc() {
        let r = Register {
            table: RegisterTable::Holding,
            address: 10,
            value_type: ValueType::U16,
            word_order: WordOrder::Big,
            scale: 1.0,
            offset: 0.0,
        };
        assert_eq!(words(&r, Logical::Count(65_536 + 3)), vec![3]);
        let r = Register {
            value_type: ValueType::U32,
            word_order: WordOrder::Little,
            ..r
        };
        assert_eq!(words(&r, Logical::Count(0x0001_0002)), vec![0x0002, 0x0001]);
    }
}
