//! The inverse of [`crate::decode`]: a simulated machine's values written into register
//! images, so the simulator serves exactly what a real PLC would.

use std::collections::BTreeMap;

use takt_core::config::{Register, RegisterTable, Signals, ValueType, WordOrder};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{Value, decode_words};
    use proptest::prelude::*;

    fn reg(value_type: ValueType, word_order: WordOrder, scale: f64, offset: f64) -> Register {
        Register {
            table: RegisterTable::Holding,
            address: 10,
            value_type,
            word_order,
            scale,
            offset,
        }
    }

    #[test]
    fn counters_wrap_like_a_plc() {
        let r = reg(ValueType::U16, WordOrder::Big, 1.0, 0.0);
        assert_eq!(words(&r, Logical::Count(65_536 + 3)), vec![3]);
        let r = reg(ValueType::U32, WordOrder::Little, 1.0, 0.0);
        assert_eq!(words(&r, Logical::Count(0x0001_0002)), vec![0x0002, 0x0001]);
    }

    proptest! {
        #[test]
        fn decode_undoes_encode_for_integers(n in any::<u64>(), little in any::<bool>()) {
            let o = if little { WordOrder::Little } else { WordOrder::Big };
            for (t, mask) in [(ValueType::U16, 0xFFFFu64), (ValueType::U32, 0xFFFF_FFFF), (ValueType::U64, u64::MAX)] {
                let r = reg(t, o, 1.0, 0.0);
                prop_assert_eq!(decode_words(&r, &words(&r, Logical::Count(n))).unwrap(), Value::Unsigned(n & mask));
            }
        }

        #[test]
        fn decode_undoes_encode_for_measures(x in -1000.0f64..1000.0, little in any::<bool>()) {
            let o = if little { WordOrder::Little } else { WordOrder::Big };
            let r = reg(ValueType::F64, o, 1.0, 0.0);
            prop_assert_eq!(decode_words(&r, &words(&r, Logical::Measure(x))).unwrap().scaled(&r).unwrap(), x);
            let r = reg(ValueType::F32, o, 1.0, 0.0);
            let back = decode_words(&r, &words(&r, Logical::Measure(x))).unwrap().scaled(&r).unwrap();
            prop_assert!((back - x).abs() <= x.abs() * 1e-6 + 1e-6);
            // i16 with scale 0.1 and an offset: within half a step.
            let r = reg(ValueType::I16, o, 0.1, -40.0);
            let y = x.clamp(-3000.0, 3000.0);
            let back = decode_words(&r, &words(&r, Logical::Measure(y))).unwrap().scaled(&r).unwrap();
            prop_assert!((back - y).abs() <= 0.05 + 1e-9, "{} -> {}", y, back);
        }
    }
}
