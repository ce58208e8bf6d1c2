//! Process values against their limits: the alarm episodes the tracker records, and
//! process capability (ISO 22400-2's Cp and Cpk) over per-minute means.

use serde::Serialize;

use crate::ids::MachineId;
use crate::model::AlarmEpisode;
use crate::time::Ts;

/// One row of the alarms report: an episode of one machine's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmRow {
    /// The machine.
    pub machine: MachineId,
    /// The episode.
    pub episode: AlarmEpisode,
    /// The value's unit.
    pub unit: String,
}

impl AlarmRow {
    /// How long the value was beyond its limit: to the reading back inside, or for an
    /// open episode to its latest reading, ms.
    pub fn duration_ms(&self) -> i64 {
        self.episode.end.since(self.episode.start)
    }
}

/// The milliseconds of `[from, to)` that episodes spent beyond a limit (the process
/// report's `out_of_limit_s`, from the alarms the report lists).
pub fn out_of_limit_ms(episodes: &[AlarmEpisode], from: Ts, to: Ts) -> i64 {
    episodes.iter().map(|a| a.overlap_ms(from, to)).sum()
}

/// Mean, spread and range of a sample (per-minute means of a process value).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stats {
    /// How many values.
    pub n: u64,
    /// Their mean.
    pub mean: f64,
    /// Their sample standard deviation (`None` for fewer than 2).
    pub sd: Option<f64>,
    /// The lowest.
    pub min: f64,
    /// The highest.
    pub max: f64,
}

impl Stats {
    /// The statistics of `values` (Welford's running sums: no loss of precision on a
    /// year of minutes of a large value with a small spread); `None` when empty. Values
    /// that are not finite are left out.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Stats> {
        let (mut n, mut mean, mut m2) = (0u64, 0.0f64, 0.0f64);
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for x in values.into_iter().filter(|x| x.is_finite()) {
            n += 1;
            let d = x - mean;
            mean += d / n as f64;
            m2 += d * (x - mean);
            min = min.min(x);
            max = max.max(x);
        }
        (n > 0).then(|| Stats {
            n,
            mean,
            sd: (n > 1).then(|| (m2 / (n - 1) as f64).sqrt()),
            min,
            max,
        })
    }
}

/// Process capability: `Cp = (high - low) / 6 sd`, with both limits only.
pub fn cp(stats: &Stats, low: Option<f64>, high: Option<f64>) -> Option<f64> {
    let (sd, lo, hi) = (stats.sd.filter(|s| *s > 0.0)?, low?, high?);
    Some((hi - lo) / (6.0 * sd))
}

/// Critical process capability: `Cpk = min(high - mean, mean - low) / 3 sd`, over the
/// limits the value has (one-sided with one limit).
pub fn cpk(stats: &Stats, low: Option<f64>, high: Option<f64>) -> Option<f64> {
    let sd = stats.sd.filter(|s| *s > 0.0)?;
    let upper = high.map(|h| (h - stats.mean) / (3.0 * sd));
    let lower = low.map(|l| (stats.mean - l) / (3.0 * sd));
    match (upper, lower) {
        (Some(u), Some(l)) => Some(u.min(l)),
        (u, l) => u.or(l),
    }
}

/// One row of the process report: a machine's process value over the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessRow {
    /// The machine.
    pub machine: MachineId,
    /// The value's name.
    pub signal: String,
    /// Its unit.
    pub unit: String,
    /// The statistics of its per-minute means (`None`: no minute in the period).
    pub stats: Option<Stats>,
    /// Its lower limit.
    pub low: Option<f64>,
    /// Its upper limit.
    pub high: Option<f64>,
    /// Time beyond a limit in the period, ms (from the alarm episodes).
    pub out_of_limit_ms: i64,
}

impl ProcessRow {
    /// Cp.
    pub fn cp(&self) -> Option<f64> {
        self.stats.as_ref().and_then(|s| cp(s, self.low, self.high))
    }

    /// Cpk.
    pub fn cpk(&self) -> Option<f64> {
        self.stats.as_ref().and_then(|s| cpk(s, self.low, self.high))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LimitKind;

    #[test]
    fn capability_by_hand() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
        let s = Stats::of([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_eq!((s.n, s.mean, s.min, s.max), (8, 5.0, 2.0, 9.0));
        let sd = (32.0f64 / 7.0).sqrt();
        assert!((s.sd.unwrap() - sd).abs() < 1e-12);
        // Limits 0 and 14: Cp = 14 / 6 sd; Cpk = min(9, 5) / 3 sd.
        assert!((cp(&s, Some(0.0), Some(14.0)).unwrap() - 14.0 / (6.0 * sd)).abs() < 1e-12);
        assert!((cpk(&s, Some(0.0), Some(14.0)).unwrap() - 5.0 / (3.0 * sd)).abs() < 1e-12);
        // One limit: no Cp, a one-sided Cpk.
        assert_eq!(cp(&s, None, Some(14.0)), None);
        assert!((cpk(&s, None, Some(14.0)).unwrap() - 9.0 / (3.0 * sd)).abs() < 1e-12);
        assert!((cpk(&s, Some(3.5), None).unwrap() - 1.5 / (3.0 * sd)).abs() < 1e-12);
        // A mean outside the limits gives a negative Cpk, as it should.
        assert!(cpk(&s, Some(6.0), Some(14.0)).unwrap() < 0.0);
        // No spread, no capability figure (not an infinity).
        let flat = Stats::of([3.0, 3.0]).unwrap();
        assert_eq!(
            (cp(&flat, Some(0.0), Some(5.0)), cpk(&flat, Some(0.0), Some(5.0))),
            (None, None)
        );
        assert_eq!(Stats::of([1.0]).unwrap().sd, None);
        assert_eq!(Stats::of([f64::NAN]), None);
    }

    #[test]
    fn welford_keeps_precision_on_large_values() {
        // A million plus or minus one: the textbook sum-of-squares formula loses it.
        let xs: Vec<f64> = (0..100_000)
            .map(|i| 1e9 + if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let s = Stats::of(xs).unwrap();
        assert!((s.mean - 1e9).abs() < 1e-6);
        assert!((s.sd.unwrap() - (100_000.0f64 / 99_999.0).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn time_beyond_limits_is_clipped_to_the_period() {
        let a = |start: i64, end: i64| AlarmEpisode {
            signal: "t".into(),
            kind: LimitKind::High,
            limit: 1.0,
            worst: 2.0,
            start: Ts(start),
            end: Ts(end),
            open: false,
        };
        assert_eq!(out_of_limit_ms(&[a(0, 100), a(150, 300)], Ts(50), Ts(200)), 100);
    }
}
