//! What drives scrap: a machine's reject rate against each of its process values. The
//! minutes it made parts are ranked by the value's per-minute mean and cut into five
//! bands of equal minutes (quintiles); each band's reject rate is compared with the best
//! band's by Pearson's chi-square test on their 2x2 table (rejects and good parts, one
//! degree of freedom). A band is flagged when its rate is more than twice the best's and
//! the test says so at 95 %.

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::ids::MachineId;
use crate::time::Ts;

/// How many bands.
pub const BANDS: usize = 5;

/// A band is flagged when its reject rate is more than this many times the best band's.
pub const RATIO: f64 = 2.0;

/// The significance level of the test.
pub const ALPHA: f64 = 0.05;

/// One minute a machine made parts in: the process value's mean over it and the parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Minute {
    /// The value's mean over the minute.
    pub mean: f64,
    /// Parts made.
    pub total: u64,
    /// Of which rejected by the machine.
    pub reject: u64,
}

/// The minutes in both: a value's per-minute means and the parts made per minute (each
/// sorted by minute), joined on the minute.
pub fn join(means: &[(Ts, f64)], parts: &[(Ts, u64, u64)]) -> Vec<Minute> {
    let mut out = Vec::with_capacity(means.len().min(parts.len()));
    let mut j = 0usize;
    for &(t, mean) in means {
        while j < parts.len() && parts[j].0 < t {
            j += 1;
        }
        if let Some(&(u, total, reject)) = parts.get(j)
            && u == t
        {
            out.push(Minute { mean, total, reject });
        }
    }
    out
}

/// A band of a value's per-minute means.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// 1 (lowest values) to [`BANDS`].
    pub band: u8,
    /// Its lowest mean.
    pub low: f64,
    /// Its highest mean.
    pub high: f64,
    /// Minutes in it.
    pub minutes: u64,
    /// Parts made in them.
    pub total: u64,
    /// Of which rejected.
    pub reject: u64,
}

impl Band {
    /// Rejects over parts.
    pub fn rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.reject as f64 / self.total as f64)
    }
}

/// The minutes cut into [`BANDS`] bands of (as near as may be) equal numbers of minutes,
/// by rank of their mean; fewer bands when there are fewer minutes. Minutes without
/// parts or with a mean that is not a number are left out.
pub fn bands(minutes: &[Minute]) -> Vec<Band> {
    let mut m: Vec<Minute> = minutes
        .iter()
        .copied()
        .filter(|m| m.total > 0 && m.mean.is_finite())
        .collect();
    m.sort_by(|a, b| a.mean.total_cmp(&b.mean));
    let n = m.len();
    let k = BANDS.min(n);
    (0..k)
        .map(|b| {
            let part = &m[b * n / k..(b + 1) * n / k];
            Band {
                band: b as u8 + 1,
                low: part.first().map_or(f64::NAN, |x| x.mean),
                high: part.last().map_or(f64::NAN, |x| x.mean),
                minutes: part.len() as u64,
                total: part.iter().map(|x| x.total).sum(),
                reject: part.iter().map(|x| x.reject).sum(),
            }
        })
        .collect()
}

/// Pearson's chi-square test of two rates (`a` rejects of `a_total` parts against `b`
/// of `b_total`), without continuity correction: the p-value. `None` where the test does
/// not hold (an expected cell count under 5) or the table has an empty row or column.
pub fn chi_square_p((a, a_total): (u64, u64), (b, b_total): (u64, u64)) -> Option<f64> {
    let cells = [
        a as f64,
        a_total.checked_sub(a)? as f64,
        b as f64,
        b_total.checked_sub(b)? as f64,
    ];
    let (r1, r2) = (a_total as f64, b_total as f64);
    let (c1, c2) = (cells[0] + cells[2], cells[1] + cells[3]);
    let n = r1 + r2;
    let expected = [r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n];
    if n == 0.0 || expected.iter().any(|e| *e < 5.0) {
        return None;
    }
    let chi2: f64 = cells.iter().zip(expected).map(|(o, e)| (o - e) * (o - e) / e).sum();
    let dist = ChiSquared::new(1.0).ok()?;
    Some(1.0 - dist.cdf(chi2))
}

/// One row of the quality-drivers report: a band of one value of one machine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverRow {
    /// The machine.
    pub machine: MachineId,
    /// The process value.
    pub signal: String,
    /// The band.
    pub band: Band,
    /// Its reject rate over the best band's (`None` when the best band rejected nothing).
    pub ratio_to_best: Option<f64>,
    /// The test's p-value against the best band (`None` for the best band itself, or
    /// where the test does not hold).
    pub p_value: Option<f64>,
}

impl DriverRow {
    /// More than [`RATIO`] times the best band's rate, and significant at 95 %.
    pub fn significant(&self) -> bool {
        self.ratio_to_best.is_some_and(|r| r > RATIO) && self.p_value.is_some_and(|p| p < ALPHA)
    }
}

/// The rows of one machine's value: its bands, each against the best (lowest-rate) one.
pub fn driver_rows(machine: &MachineId, signal: &str, minutes: &[Minute]) -> Vec<DriverRow> {
    let bands = bands(minutes);
    let best = bands
        .iter()
        .filter(|b| b.total > 0)
        .min_by(|a, b| a.rate().unwrap_or(1.0).total_cmp(&b.rate().unwrap_or(1.0)))
        .copied();
    bands
        .iter()
        .map(|b| {
            let against = best.filter(|x| x.band != b.band);
            DriverRow {
                machine: machine.clone(),
                signal: signal.to_string(),
                band: *b,
                ratio_to_best: best
                    .and_then(|x| x.rate())
                    .filter(|r| *r > 0.0)
                    .and_then(|r| Some(b.rate()? / r)),
                p_value: against.and_then(|x| chi_square_p((b.reject, b.total), (x.reject, x.total))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_join_on_the_minute() {
        let means = [(Ts(0), 1.0), (Ts(60_000), 2.0), (Ts(180_000), 4.0)];
        let parts = [(Ts(60_000), 10, 1), (Ts(120_000), 5, 0), (Ts(180_000), 7, 2)];
        let j = join(&means, &parts);
        assert_eq!(
            j,
            [
                Minute {
                    mean: 2.0,
                    total: 10,
                    reject: 1
                },
                Minute {
                    mean: 4.0,
                    total: 7,
                    reject: 2
                }
            ]
        );
    }

    #[test]
    fn chi_square_by_hand() {
        // 30 of 1000 against 10 of 1000: chi2 = 2000 (30 x 990 - 970 x 10)^2 /
        // (1000 x 1000 x 40 x 1960) = 10.2041; p = 0.0014 (1 degree of freedom).
        let p = chi_square_p((30, 1000), (10, 1000)).unwrap();
        assert!((p - 0.001_401_9).abs() < 1e-6, "{p}");
        // The same rates on a tenth of the parts: expected rejects under 5, no test.
        assert_eq!(chi_square_p((3, 100), (1, 100)), None);
        assert_eq!(chi_square_p((3, 2), (1, 100)), None);
    }

    #[test]
    fn bands_have_equal_minutes_by_rank() {
        let minutes: Vec<Minute> = (0..23)
            .rev()
            .map(|i| Minute {
                mean: i as f64,
                total: 10,
                reject: u64::from(i >= 18),
            })
            .chain([Minute {
                mean: 99.0,
                total: 0,
                reject: 0,
            }])
            .collect();
        let b = bands(&minutes);
        assert_eq!(b.iter().map(|b| b.minutes).collect::<Vec<_>>(), [4, 5, 4, 5, 5]);
        assert_eq!((b[0].low, b[0].high, b[4].low, b[4].high), (0.0, 3.0, 18.0, 22.0));
        assert_eq!((b[4].total, b[4].reject), (50, 5));
        assert!(bands(&[]).is_empty());
    }

    #[test]
    fn a_hot_band_that_rejects_three_times_as_often_is_flagged() {
        // 500 minutes of 20 parts each; the hottest fifth rejects 6 %, the rest 2 %.
        let minutes: Vec<Minute> = (0..500)
            .map(|i| Minute {
                mean: 40.0 + i as f64 * 0.05,
                total: 20,
                reject: if i >= 400 {
                    1 + u64::from(i % 5 == 0)
                } else {
                    u64::from(i % 5 < 2)
                },
            })
            .collect();
        let rows = driver_rows(&MachineId::new("m").unwrap(), "t", &minutes);
        assert_eq!(rows.len(), 5);
        let hot = &rows[4];
        // 100 minutes, 2000 parts, 120 rejects (6 %), against 40 of 2000 (2 %) in the best.
        assert_eq!((hot.band.total, hot.band.reject), (2000, 120));
        assert!((hot.ratio_to_best.unwrap() - 3.0).abs() < 1e-12);
        assert!(hot.significant());
        assert!(rows[..4].iter().all(|r| !r.significant()));
    }
}
