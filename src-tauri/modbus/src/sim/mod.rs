//! The simulator's Modbus side: the plant model of `takt-sim` served as real Modbus TCP
//! servers, and its history read through the poller's own decoding.

pub mod history;
pub mod server;

#[cfg(test)]
mod roundtrip {
    use crate::decode::{Value, decode_words};
    use proptest::prelude::*;
    use takt_core::config::{Register, RegisterTable, ValueType, WordOrder};
    use takt_sim::encode::{Logical, words};

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
