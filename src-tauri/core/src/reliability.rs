//! Life and reliability-growth models, pure arithmetic: the 2-parameter Weibull fitted by
//! maximum likelihood with right censoring and its Fisher-matrix bounds, and the
//! Crow-AMSAA (power-law NHPP) model of a repairable machine with its trend test.
//!
//! The formulas are the textbook ones (Abernethy, *The New Weibull Handbook*; ReliaSoft's
//! Life Data Analysis reference; MIL-HDBK-189C for Crow-AMSAA), and the test suite checks
//! them against the Python `reliability` package.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Why no Weibull model could be fitted: in words, for the report's `note`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NoFit {
    /// Fewer than 2 failures: a life model needs at least two.
    #[error("{0} failure{s} recorded: a life model needs at least 2", s = if *.0 == 1 { "" } else { "s" })]
    TooFewFailures(usize),
    /// Every failure at the longest life: the likelihood has no finite maximum.
    #[error("every failure came at the same life, longer than every suspension: no spread to fit a shape to")]
    NoSpread,
    /// A life that is not a positive, finite number of hours.
    #[error("a life of {0} h: expected a positive number of hours")]
    BadLife(f64),
}

/// A 2-parameter Weibull model fitted to lives: failures and right-censored suspensions
/// (units replaced before they failed, or still running).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weibull {
    /// Shape: below 1 early failures, 1 random, above 1 wear-out.
    pub beta: f64,
    /// Scale (characteristic life), hours: 63.2 % have failed by then.
    pub eta: f64,
    /// Failures fitted.
    pub failures: usize,
    /// Suspensions fitted.
    pub suspensions: usize,
    /// The log-likelihood at the estimate.
    pub log_likelihood: f64,
    /// Covariance of (eta, beta): the inverse of the observed Fisher information.
    pub cov: [[f64; 2]; 2],
}

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

/// The standard normal quantile that leaves `(1 - confidence) / 2` in each tail (1.6449
/// for 90 %).
pub fn z_two_sided(confidence: f64) -> f64 {
    Normal::standard().inverse_cdf(1.0 - (1.0 - confidence) / 2.0)
}

/// The log-likelihood of Weibull (`beta`, `eta`) for failures and right-censored lives:
/// the sum of ln f(t) over failures and ln R(t) over suspensions, where
/// f(t) = (beta / eta) (t / eta)^(beta - 1) exp(-(t / eta)^beta) and R(t) = exp(-(t / eta)^beta).
pub fn weibull_log_likelihood(beta: f64, eta: f64, failures: &[f64], suspensions: &[f64]) -> f64 {
    let ln_f: f64 = failures
        .iter()
        .map(|&t| (beta / eta).ln() + (beta - 1.0) * (t / eta).ln() - (t / eta).powf(beta))
        .sum();
    let ln_r: f64 = suspensions.iter().map(|&t| -(t / eta).powf(beta)).sum();
    ln_f + ln_r
}

impl Weibull {
    /// Fits by maximum likelihood. With `r` failures, for a given shape the likelihood is
    /// largest at eta^beta = sum(t^beta) / r over every life; what is left is one equation
    /// in beta,
    ///   1/beta + mean(ln t, failures) - sum(t^beta ln t) / sum(t^beta) = 0,
    /// whose left side falls strictly as beta grows, so bisection on ln(beta) finds its
    /// root to the last bit. Lives are divided by the longest first, so t^beta stays
    /// within [0, 1] for any shape.
    pub fn fit(failures: &[f64], suspensions: &[f64]) -> Result<Weibull, NoFit> {
        if failures.len() < 2 {
            return Err(NoFit::TooFewFailures(failures.len()));
        }
        if let Some(&t) = failures
            .iter()
            .chain(suspensions)
            .find(|t| !(t.is_finite() && **t > 0.0))
        {
            return Err(NoFit::BadLife(t));
        }
        let scale = failures.iter().chain(suspensions).copied().fold(0.0, f64::max);
        let f: Vec<f64> = failures.iter().map(|t| (t / scale).ln()).collect();
        let all: Vec<f64> = f
            .iter()
            .copied()
            .chain(suspensions.iter().map(|t| (t / scale).ln()))
            .collect();
        let r = f.len() as f64;
        let mean_ln_f = f.iter().sum::<f64>() / r;
        let g = |beta: f64| {
            let (mut s, mut sl) = (0.0, 0.0);
            for &u in &all {
                let w = (beta * u).exp();
                s += w;
                sl += w * u;
            }
            1.0 / beta + mean_ln_f - sl / s
        };
        let (mut lo, mut hi) = (1e-4f64.ln(), 1e4f64.ln());
        if g(hi.exp()) >= 0.0 {
            return Err(NoFit::NoSpread);
        }
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if g(mid.exp()) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
            if hi - lo < 1e-15 {
                break;
            }
        }
        let beta = (0.5 * (lo + hi)).exp();
        let sum_w: f64 = all.iter().map(|u| (beta * u).exp()).sum();
        let eta = scale * (sum_w / r).powf(1.0 / beta);
        let mut fit = Weibull {
            beta,
            eta,
            failures: failures.len(),
            suspensions: suspensions.len(),
            log_likelihood: weibull_log_likelihood(beta, eta, failures, suspensions),
            cov: [[0.0; 2]; 2],
        };
        fit.cov = fit.covariance(failures, suspensions);
        Ok(fit)
    }

    /// The inverse of the observed information matrix -H at the estimate, H the Hessian
    /// of the log-likelihood in (eta, beta). With z = t / eta and r failures:
    ///   d2/deta2     = r beta / eta^2 - beta (beta + 1) / eta^2 sum(z^beta)
    ///   d2/deta dbeta = -r / eta + 1/eta sum(z^beta) + beta / eta sum(z^beta ln z)
    ///   d2/dbeta2    = -r / beta^2 - sum(z^beta (ln z)^2)
    /// (sums over every life).
    fn covariance(&self, failures: &[f64], suspensions: &[f64]) -> [[f64; 2]; 2] {
        let (b, e) = (self.beta, self.eta);
        let r = failures.len() as f64;
        let (mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0);
        for &t in failures.iter().chain(suspensions) {
            let u = (t / e).ln();
            let w = (b * u).exp();
            s0 += w;
            s1 += w * u;
            s2 += w * u * u;
        }
        let h_ee = r * b / (e * e) - b * (b + 1.0) / (e * e) * s0;
        let h_eb = -r / e + s0 / e + b / e * s1;
        let h_bb = -r / (b * b) - s2;
        // F = -H; its inverse.
        let (f_ee, f_eb, f_bb) = (-h_ee, -h_eb, -h_bb);
        let det = f_ee * f_bb - f_eb * f_eb;
        [[f_bb / det, -f_eb / det], [-f_eb / det, f_ee / det]]
    }

    /// Bounds on beta (two-sided, `confidence` such as 0.9), log-transformed:
    /// beta exp(+-z se(beta) / beta).
    pub fn beta_bounds(&self, confidence: f64) -> Interval {
        log_bounds(self.beta, self.cov[1][1], confidence)
    }

    /// Bounds on eta, log-transformed: eta exp(+-z se(eta) / eta).
    pub fn eta_bounds(&self, confidence: f64) -> Interval {
        log_bounds(self.eta, self.cov[0][0], confidence)
    }

    /// The probability a new unit has failed by `t` hours.
    pub fn cdf(&self, t: f64) -> f64 {
        -(-(t / self.eta).powf(self.beta)).exp_m1()
    }

    /// The life by which a fraction `p` of units have failed (B10 for 0.1):
    /// eta (-ln(1 - p))^(1 / beta).
    pub fn life_at(&self, p: f64) -> f64 {
        self.eta * (-(-p).ln_1p()).powf(1.0 / self.beta)
    }

    /// Bounds on [`Weibull::life_at`], Fisher-matrix and log-transformed on u = ln t with
    /// u = ln eta + y / beta, y = ln(-ln(1 - p)):
    ///   var(u) = var(eta) / eta^2 + y^2 var(beta) / beta^4 - 2 y cov(eta, beta) / (eta beta^2),
    /// and t exp(+-z sqrt(var u)).
    pub fn life_bounds(&self, p: f64, confidence: f64) -> Interval {
        let t = self.life_at(p);
        let y = (-(-p).ln_1p()).ln();
        let (b, e) = (self.beta, self.eta);
        let var_u =
            self.cov[0][0] / (e * e) + y * y * self.cov[1][1] / b.powi(4) - 2.0 * y * self.cov[0][1] / (e * b * b);
        let d = z_two_sided(confidence) * var_u.max(0.0).sqrt();
        Interval {
            lo: t * (-d).exp(),
            hi: t * d.exp(),
        }
    }

    /// Mean time to failure: eta Gamma(1 + 1 / beta).
    pub fn mttf(&self) -> f64 {
        self.eta * statrs::function::gamma::gamma(1.0 + 1.0 / self.beta)
    }

    /// The probability that a unit that has lived `age` hours fails within the next
    /// `more` hours: 1 - R(age + more) / R(age).
    pub fn conditional_failure(&self, age: f64, more: f64) -> f64 {
        let h = |t: f64| (t / self.eta).powf(self.beta);
        -(h(age) - h(age + more)).exp_m1()
    }

    /// The age at which a unit that has lived `age` hours has reached a probability
    /// `risk` of having failed since: R(a) / R(age) = 1 - risk, so
    /// a = eta ((age / eta)^beta - ln(1 - risk))^(1 / beta).
    pub fn age_at_conditional_risk(&self, age: f64, risk: f64) -> f64 {
        self.eta * ((age / self.eta).powf(self.beta) - (-risk).ln_1p()).powf(1.0 / self.beta)
    }
}

/// Where each failure goes on a Weibull probability plot: (life, unreliability F),
/// failures in order of life. Suspensions shift the ranks of the failures after them by
/// Johnson's adjustment (each failure's rank grows by (n + 1 - previous rank) / (1 +
/// the lives from it on)); F is Benard's median rank (rank - 0.3) / (n + 0.4). Ties put
/// failures before suspensions.
pub fn plotting_positions(failures: &[f64], suspensions: &[f64]) -> Vec<(f64, f64)> {
    let mut lives: Vec<(f64, bool)> = failures
        .iter()
        .map(|&t| (t, true))
        .chain(suspensions.iter().map(|&t| (t, false)))
        .collect();
    lives.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let n = lives.len() as f64;
    let mut rank = 0.0;
    let mut out = Vec::with_capacity(failures.len());
    for (i, &(t, failed)) in lives.iter().enumerate() {
        if failed {
            let left = n - i as f64;
            rank += (n + 1.0 - rank) / (1.0 + left);
            out.push((t, (rank - 0.3) / (n + 0.4)));
        }
    }
    out
}

fn log_bounds(x: f64, var: f64, confidence: f64) -> Interval {
    let d = z_two_sided(confidence) * var.max(0.0).sqrt() / x;
    Interval {
        lo: x * (-d).exp(),
        hi: x * d.exp(),
    }
}

/// What the failures of a repairable machine say about its reliability over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// Failures come ever more often (beta significantly above 1).
    Worsening,
    /// Failures come ever less often (beta significantly below 1).
    Improving,
    /// beta = 1 cannot be rejected.
    NoClearTrend,
}

impl Trend {
    /// As the report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Worsening => "worsening",
            Trend::Improving => "improving",
            Trend::NoClearTrend => "no clear trend",
        }
    }
}

/// The Crow-AMSAA model of one machine: failure intensity lambda beta t^(beta - 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrowAmsaa {
    /// Failures.
    pub failures: usize,
    /// The end of observation T, hours.
    pub end: f64,
    /// Shape: above 1 the machine deteriorates, below 1 it improves.
    pub beta: f64,
    /// Scale.
    pub lambda: f64,
}

impl CrowAmsaa {
    /// Fits by maximum likelihood, time terminated at `end` (hours), failures at `times`
    /// (hours from the start, each in (0, end]): beta = n / sum(ln(T / t_i)),
    /// lambda = n / T^beta. `None` with fewer than 2 failures, or when every failure is
    /// at T (no time to fit a shape to).
    pub fn fit(times: &[f64], end: f64) -> Option<CrowAmsaa> {
        if times.len() < 2 || !(end.is_finite() && end > 0.0) {
            return None;
        }
        if times.iter().any(|t| !(t.is_finite() && *t > 0.0 && *t <= end)) {
            return None;
        }
        let s: f64 = times.iter().map(|t| (end / t).ln()).sum();
        if s <= 0.0 {
            return None;
        }
        let n = times.len() as f64;
        let beta = n / s;
        Some(CrowAmsaa {
            failures: times.len(),
            end,
            beta,
            lambda: n / end.powf(beta),
        })
    }

    /// The instantaneous MTBF at T: 1 / (lambda beta T^(beta - 1)).
    pub fn mtbf(&self) -> f64 {
        1.0 / (self.lambda * self.beta * self.end.powf(self.beta - 1.0))
    }

    /// The trend by a two-sided test of beta = 1 at `confidence` (0.9): for time-terminated
    /// data 2n / beta-hat = 2 sum(ln(T / t_i)) follows chi-squared with 2n degrees of
    /// freedom when beta = 1 (MIL-HDBK-189C, the Crow test for trend). Below its
    /// (1 - confidence) / 2 quantile the failures come significantly faster (worsening),
    /// above its upper quantile significantly slower (improving).
    pub fn trend(&self, confidence: f64) -> Trend {
        let n = self.failures as f64;
        let Ok(chi) = ChiSquared::new(2.0 * n) else {
            return Trend::NoClearTrend;
        };
        let stat = 2.0 * n / self.beta;
        let tail = (1.0 - confidence) / 2.0;
        if stat < chi.inverse_cdf(tail) {
            Trend::Worsening
        } else if stat > chi.inverse_cdf(1.0 - tail) {
            Trend::Improving
        } else {
            Trend::NoClearTrend
        }
    }
}

#[cfg(test)]
mod tests;
