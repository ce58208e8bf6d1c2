//! The counter rule of SPEC section 3, in one place: the live tracker and anything else
//! that turns cumulative register values into increments call [`movement`].

/// How a counter got from its last value to the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// Counted up by this many.
    Forward(u64),
    /// Passed the top of its range and started again: this many parts in all.
    Wrap(u64),
    /// The machine restarted its counter: the new value is the parts since.
    Reset(u64),
}

impl Movement {
    /// Parts made.
    pub fn parts(self) -> u64 {
        match self {
            Movement::Forward(n) | Movement::Wrap(n) | Movement::Reset(n) => n,
        }
    }
}

/// The most parts a machine can plausibly make in `elapsed_ms`: four times its ideal
/// rate, plus ten. Used to tell a wrap from a reset; `None` without an ideal cycle time.
pub fn max_plausible_parts(elapsed_ms: i64, ideal_cycle_s: Option<f64>) -> Option<u64> {
    let ideal = ideal_cycle_s.filter(|c| *c > 0.0)?;
    let parts = elapsed_ms.max(0) as f64 / 1000.0 / ideal * 4.0;
    Some((parts.min(u64::MAX as f64 / 2.0)) as u64 + 10)
}

/// The movement of a `bits`-wide counter from `last` to `now`.
///
/// A lower value is a wrap when the wrapped distance is under half the range and no
/// more than `max_plausible` parts (65535 -> 3 is +4 for u16); otherwise the machine
/// reset its counter and made `now` parts since.
pub fn movement(last: u64, now: u64, bits: u32, max_plausible: Option<u64>) -> Movement {
    if now >= last {
        return Movement::Forward(now - last);
    }
    if bits >= 64 || bits == 0 {
        return Movement::Reset(now);
    }
    let range: u128 = 1u128 << bits;
    let wrapped = range - u128::from(last) + u128::from(now);
    let under_half = wrapped < range / 2;
    let plausible = max_plausible.is_none_or(|m| wrapped <= u128::from(m));
    if under_half && plausible {
        Movement::Wrap(wrapped as u64)
    } else {
        Movement::Reset(now)
    }
}

/// The movement of a cumulative meter (energy) from `last` to `now`. A meter read from
/// an integer register wraps at `range` (2^bits x scale, in the meter's unit): a lower
/// value is a wrap when the wrapped distance is under half the range, as for counters.
/// Otherwise (and always for a float meter, `range` `None`) a lower value is a reset and
/// the new value is the use since.
pub fn meter_movement(last: f64, now: f64, range: Option<f64>) -> f64 {
    if now >= last {
        return now - last;
    }
    if let Some(range) = range.filter(|r| r.is_finite() && *r > 0.0) {
        let wrapped = range - last + now;
        if wrapped >= 0.0 && wrapped < range / 2.0 {
            return wrapped;
        }
    }
    now.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(u64, u64, u32, Option<u64>, Movement)] = &[
            (10, 15, 16, None, Movement::Forward(5)),
            (65535, 3, 16, None, Movement::Wrap(4)),
            (65530, 3, 16, Some(20), Movement::Wrap(9)),
            // Wrapped distance 13 is more than the 12 parts the machine could make: a reset.
            (65526, 3, 16, Some(12), Movement::Reset(3)),
            (100, 3, 16, None, Movement::Reset(3)),
            (u32::MAX as u64, 0, 32, None, Movement::Wrap(1)),
            (5, 2, 64, None, Movement::Reset(2)),
            (7, 7, 16, None, Movement::Forward(0)),
        ];
        for &(last, now, bits, max, want) in cases {
            assert_eq!(
                movement(last, now, bits, max),
                want,
                "{last} -> {now} ({bits} bits, max {max:?})"
            );
        }
    }

    #[test]
    fn plausibility_scales_with_time() {
        assert_eq!(max_plausible_parts(500, Some(1.0)), Some(12));
        assert_eq!(max_plausible_parts(3_600_000, Some(2.0)), Some(7210));
        assert_eq!(max_plausible_parts(1000, None), None);
    }

    #[test]
    fn meters() {
        assert_eq!(meter_movement(10.0, 12.5, None), 2.5);
        assert_eq!(meter_movement(99_999.0, 3.0, None), 3.0);
        // A u32 register of 0.01 kWh wraps at 42,949,672.96 kWh.
        let range = Some(2f64.powi(32) * 0.01);
        assert!((meter_movement(42_949_672.0, 1.5, range) - 2.46).abs() < 1e-6);
        // Far from the top: a reset, not a wrap.
        assert_eq!(meter_movement(1000.0, 3.0, range), 3.0);
    }
}
