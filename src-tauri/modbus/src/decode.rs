//! Register words and bits to values: every type, word order, scale and offset of SPEC
//! section 2. A float that is NaN or infinite is a bad reading, never a value.

use takt_core::config::{Register, ValueType, WordOrder};

/// What a register decodes to before scale and offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A bit.
    Bool(bool),
    /// An unsigned integer.
    Unsigned(u64),
    /// A signed integer.
    Signed(i64),
    /// A float (finite).
    Float(f64),
}

/// Why a reading is not a value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    /// The response had fewer words or bits than the type needs.
    #[error("expected {need} {what}, got {got}")]
    Short {
        /// Needed.
        need: usize,
        /// Got.
        got: usize,
        /// "registers" or "bits".
        what: &'static str,
    },
    /// A float that is NaN or infinite.
    #[error("{0} is not a number")]
    NotFinite(f64),
    /// A negative value where a code or a count is expected.
    #[error("{0} is negative: expected a code of 0 or more")]
    Negative(i64),
    /// A bit where a number is expected.
    #[error("a single bit where a number is expected")]
    NotANumber,
}

/// Decodes the bits or words at a register's address.
pub fn decode_bits(bits: &[bool]) -> Result<Value, DecodeError> {
    bits.first().map(|b| Value::Bool(*b)).ok_or(DecodeError::Short {
        need: 1,
        got: 0,
        what: "bits",
    })
}

/// Decodes the words of a register value (`words` starts at the register's address).
pub fn decode_words(reg: &Register, words: &[u16]) -> Result<Value, DecodeError> {
    let n = usize::from(reg.value_type.width());
    if words.len() < n {
        return Err(DecodeError::Short {
            need: n,
            got: words.len(),
            what: "registers",
        });
    }
    let words = &words[..n];
    // Within a register the bytes are big-endian (Modbus); `word_order` orders the registers.
    let mut raw: u64 = 0;
    let mut push = |w: u16| raw = (raw << 16) | u64::from(w);
    match reg.word_order {
        WordOrder::Big => words.iter().for_each(|w| push(*w)),
        WordOrder::Little => words.iter().rev().for_each(|w| push(*w)),
    }
    let v = match reg.value_type {
        ValueType::Bool => Value::Bool(raw != 0),
        ValueType::U16 | ValueType::U32 | ValueType::U64 => Value::Unsigned(raw),
        ValueType::I16 => Value::Signed(i64::from(raw as u16 as i16)),
        ValueType::I32 => Value::Signed(i64::from(raw as u32 as i32)),
        ValueType::F32 => Value::Float(f64::from(f32::from_bits(raw as u32))),
        ValueType::F64 => Value::Float(f64::from_bits(raw)),
    };
    match v {
        Value::Float(f) if !f.is_finite() => Err(DecodeError::NotFinite(f)),
        v => Ok(v),
    }
}

impl Value {
    /// As a run signal: a bit, or a register that is not 0.
    pub fn as_bool(self) -> bool {
        match self {
            Value::Bool(b) => b,
            Value::Unsigned(u) => u != 0,
            Value::Signed(i) => i != 0,
            Value::Float(f) => f != 0.0,
        }
    }

    /// As a counter or a code.
    pub fn as_u64(self) -> Result<u64, DecodeError> {
        match self {
            Value::Unsigned(u) => Ok(u),
            Value::Signed(i) if i >= 0 => Ok(i as u64),
            Value::Signed(i) => Err(DecodeError::Negative(i)),
            Value::Bool(b) => Ok(u64::from(b)),
            Value::Float(_) => Err(DecodeError::NotANumber),
        }
    }

    /// As a measurement: `raw * scale + offset`, finite.
    pub fn scaled(self, reg: &Register) -> Result<f64, DecodeError> {
        let raw = match self {
            Value::Unsigned(u) => u as f64,
            Value::Signed(i) => i as f64,
            Value::Float(f) => f,
            Value::Bool(_) => return Err(DecodeError::NotANumber),
        };
        let v = raw * reg.scale + reg.offset;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(DecodeError::NotFinite(v))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takt_core::config::RegisterTable;

    fn reg(value_type: ValueType, word_order: WordOrder) -> Register {
        Register {
            table: RegisterTable::Holding,
            address: 0,
            value_type,
            word_order,
            scale: 1.0,
            offset: 0.0,
        }
    }

    /// Every type and word order against register images written by hand.
    #[test]
    fn register_images() {
        use ValueType::*;
        use WordOrder::*;
        let cases: &[(ValueType, WordOrder, &[u16], Value)] = &[
            (U16, Big, &[0xFFFF], Value::Unsigned(65535)),
            (I16, Big, &[0xFFFF], Value::Signed(-1)),
            (I16, Big, &[0x8000], Value::Signed(-32768)),
            (Bool, Big, &[0x0000], Value::Bool(false)),
            (Bool, Big, &[0x0100], Value::Bool(true)),
            // 0x0001_0002 = 65538: the first register is the high word in big order...
            (U32, Big, &[0x0001, 0x0002], Value::Unsigned(65538)),
            // ...and the low word in little order: 0x0002_0001 = 131073.
            (U32, Little, &[0x0001, 0x0002], Value::Unsigned(131_073)),
            (I32, Big, &[0xFFFF, 0xFFFE], Value::Signed(-2)),
            (I32, Little, &[0xFFFE, 0xFFFF], Value::Signed(-2)),
            (
                U64,
                Big,
                &[0x0001, 0x0002, 0x0003, 0x0004],
                Value::Unsigned(0x0001_0002_0003_0004),
            ),
            (
                U64,
                Little,
                &[0x0004, 0x0003, 0x0002, 0x0001],
                Value::Unsigned(0x0001_0002_0003_0004),
            ),
            // 1.5f32 = 0x3FC0_0000.
            (F32, Big, &[0x3FC0, 0x0000], Value::Float(1.5)),
            (F32, Little, &[0x0000, 0x3FC0], Value::Float(1.5)),
            // -2.25f64 = 0xC002_0000_0000_0000.
            (F64, Big, &[0xC002, 0, 0, 0], Value::Float(-2.25)),
            (F64, Little, &[0, 0, 0, 0xC002], Value::Float(-2.25)),
            // Extra words beyond the type's width are ignored.
            (U16, Big, &[7, 8, 9], Value::Unsigned(7)),
        ];
        for &(t, o, words, want) in cases {
            assert_eq!(decode_words(&reg(t, o), words), Ok(want), "{t:?} {o:?} {words:04x?}");
        }
    }

    #[test]
    fn nan_and_infinities_are_bad_readings() {
        let f32r = reg(ValueType::F32, WordOrder::Big);
        // 0x7FC0_0000 NaN, 0x7F80_0000 +inf, 0xFF80_0000 -inf.
        for words in [[0x7FC0, 0], [0x7F80, 0], [0xFF80, 0]] {
            assert!(
                matches!(decode_words(&f32r, &words), Err(DecodeError::NotFinite(_))),
                "{words:04x?}"
            );
        }
        let f64r = reg(ValueType::F64, WordOrder::Little);
        assert!(matches!(
            decode_words(&f64r, &[0, 0, 0, 0x7FF8]),
            Err(DecodeError::NotFinite(_))
        ));
        assert!(matches!(
            decode_words(&f64r, &[0, 0, 0, 0xFFF0]),
            Err(DecodeError::NotFinite(_))
        ));
    }

    #[test]
    fn scale_and_offset() {
        let mut r = reg(ValueType::I16, WordOrder::Big);
        r.scale = 0.1;
        r.offset = -40.0;
        // raw -5 (0xFFFB) x 0.1 - 40 = -40.5.
        let v = decode_words(&r, &[0xFFFB]).unwrap().scaled(&r).unwrap();
        assert!((v + 40.5).abs() < 1e-12, "{v}");
        // A huge f64 times a huge scale overflows to infinity: rejected.
        let mut big = reg(ValueType::F64, WordOrder::Big);
        big.scale = 1e300;
        let words = [0x7FEF, 0xFFFF, 0xFFFF, 0xFFFF]; // f64::MAX
        assert!(matches!(
            decode_words(&big, &words).unwrap().scaled(&big),
            Err(DecodeError::NotFinite(_))
        ));
    }

    #[test]
    fn short_responses_and_codes() {
        let r = reg(ValueType::U32, WordOrder::Big);
        assert_eq!(
            decode_words(&r, &[1]),
            Err(DecodeError::Short {
                need: 2,
                got: 1,
                what: "registers"
            })
        );
        assert_eq!(Value::Signed(-3).as_u64(), Err(DecodeError::Negative(-3)));
        assert_eq!(Value::Signed(3).as_u64(), Ok(3));
        assert!(Value::Unsigned(2).as_bool());
        assert_eq!(
            decode_bits(&[]),
            Err(DecodeError::Short {
                need: 1,
                got: 0,
                what: "bits"
            })
        );
    }
}
