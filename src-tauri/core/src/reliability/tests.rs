use super::*;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn weibull_quantities_worked_by_hand() {
    // beta 2, eta 1000 h.
    let w = Weibull {
        beta: 2.0,
        eta: 1000.0,
        failures: 2,
        suspensions: 0,
        log_likelihood: 0.0,
        cov: [[0.0; 2]; 2],
    };
    // B10 = 1000 (-ln 0.9)^(1/2) = 1000 x 0.1053605^0.5 = 324.59 h.
    assert!(close(w.life_at(0.1), 324.592_846, 1e-8));
    assert!(close(w.cdf(324.592_846), 0.1, 1e-6));
    // MTTF = 1000 Gamma(1.5) = 1000 x sqrt(pi) / 2 = 886.23 h.
    assert!(close(w.mttf(), 886.226_925, 1e-8));
    // A unit 500 h old, the next 200 h: 1 - exp(-(0.7^2) + 0.5^2) = 1 - exp(-0.24) = 0.21337.
    assert!(close(w.conditional_failure(500.0, 200.0), 0.213_372_139, 1e-8));
    // The age at which that risk is 10 %: 1000 (0.25 - ln 0.9)^(1/2) = 1000 x 0.3553605^0.5.
    assert!(close(w.age_at_conditional_risk(500.0, 0.1), 596.121_226, 1e-8));
    // Zero bounds where the covariance is zero.
    let b = w.life_bounds(0.1, 0.9);
    assert!(close(b.lo, w.life_at(0.1), 1e-12) && close(b.hi, w.life_at(0.1), 1e-12));
}

#[test]
fn exponential_case_has_no_memory() {
    // beta 1: the risk over the next 100 h is the same at any age, 1 - exp(-100/400).
    let w = Weibull {
        beta: 1.0,
        eta: 400.0,
        failures: 2,
        suspensions: 0,
        log_likelihood: 0.0,
        cov: [[0.0; 2]; 2],
    };
    for age in [0.0, 100.0, 5000.0] {
        assert!(close(w.conditional_failure(age, 100.0), 1.0 - (-0.25f64).exp(), 1e-9));
    }
    assert!(close(w.mttf(), 400.0, 1e-10));
}

#[test]
fn exponential_lives_fit_beta_one_exactly_when_the_equation_says_so() {
    // Two failures at 1 and e^2 (in any unit): mean ln t = 1; with beta = 1 the weighted
    // mean of ln t is (1*0 + e^2*2)/(1 + e^2) = 1.7616, so g(1) = 1 + 1 - 1.7616 > 0 and the
    // shape is above 1. The fit must satisfy its own equation at the root.
    let f = [1.0, std::f64::consts::E.powi(2)];
    let w = Weibull::fit(&f, &[]).unwrap();
    let (s, sl): (f64, f64) = f
        .iter()
        .map(|t: &f64| (t.powf(w.beta), t.powf(w.beta) * t.ln()))
        .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    assert!((1.0 / w.beta + 1.0 - sl / s).abs() < 1e-9, "{w:?}");
    // eta^beta = sum t^beta / r.
    assert!(close(w.eta.powf(w.beta), s / 2.0, 1e-9));
}

#[test]
fn too_few_failures_and_no_spread_are_said_in_words() {
    assert_eq!(Weibull::fit(&[100.0], &[50.0, 70.0]), Err(NoFit::TooFewFailures(1)));
    assert_eq!(
        NoFit::TooFewFailures(1).to_string(),
        "1 failure recorded: a life model needs at least 2"
    );
    assert_eq!(Weibull::fit(&[100.0, 100.0], &[40.0]), Err(NoFit::NoSpread));
    assert!(matches!(Weibull::fit(&[100.0, 0.0], &[]), Err(NoFit::BadLife(_))));
    assert!(matches!(Weibull::fit(&[100.0, f64::NAN], &[]), Err(NoFit::BadLife(_))));
}

#[test]
fn crow_amsaa_worked_by_hand() {
    // Failures at 50, 120, 210, 330, 400, 480 h, observed to 500 h:
    // sum ln(500 / t) = 2.302585 + 1.427116 + 0.867501 + 0.415515 + 0.223144 + 0.040822
    // = 5.276683; beta = 6 / 5.276683 = 1.137078; lambda = 6 / 500^1.137078 = 0.0051193;
    // instantaneous MTBF = 1 / (lambda beta T^(beta - 1)) = T / (n beta) = 73.287 h.
    let c = CrowAmsaa::fit(&[50.0, 120.0, 210.0, 330.0, 400.0, 480.0], 500.0).unwrap();
    assert!(close(c.beta, 1.137_078, 1e-6), "{c:?}");
    assert!(close(c.lambda, 0.005_119_316, 1e-6));
    assert!(close(c.mtbf(), 73.287_264, 1e-6));
    // 2n / beta = 10.553 against chi-squared(12): 5.226 and 21.026 at 5 % and 95 %.
    assert_eq!(c.trend(0.9), Trend::NoClearTrend);
    assert!(CrowAmsaa::fit(&[10.0], 100.0).is_none());
    assert!(CrowAmsaa::fit(&[100.0, 100.0], 100.0).is_none());
    assert!(CrowAmsaa::fit(&[10.0, 200.0], 100.0).is_none());
}

#[test]
fn crow_amsaa_sees_a_trend_both_ways() {
    // Failures crowding toward the end: t_i = T (i / n)^(1/4) for a true beta near 4.
    let n = 20;
    let late: Vec<f64> = (1..=n).map(|i| 1000.0 * (i as f64 / n as f64).powf(0.25)).collect();
    let c = CrowAmsaa::fit(&late, 1000.0).unwrap();
    assert!(c.beta > 2.0);
    assert_eq!(c.trend(0.9), Trend::Worsening);
    // Failures early, then fewer: beta near 1/3.
    let early: Vec<f64> = (1..=n).map(|i| 1000.0 * (i as f64 / n as f64).powi(3)).collect();
    let c = CrowAmsaa::fit(&early, 1000.0).unwrap();
    assert!(c.beta < 0.5);
    assert_eq!(c.trend(0.9), Trend::Improving);
    assert!(close(z_two_sided(0.9), 1.644_853_6, 1e-7));
}

#[test]
fn plotting_positions_worked_by_hand() {
    // Complete data, 4 failures: ranks 1..4, F = (i - 0.3) / 4.4.
    let p = plotting_positions(&[30.0, 10.0, 20.0, 40.0], &[]);
    let f: Vec<f64> = p.iter().map(|x| x.1).collect();
    assert_eq!(p.iter().map(|x| x.0).collect::<Vec<_>>(), [10.0, 20.0, 30.0, 40.0]);
    for (i, f) in f.iter().enumerate() {
        assert!((f - (i as f64 + 0.7) / 4.4).abs() < 1e-12);
    }
    // Failures at 10 and 30, a suspension at 20 (n = 3): the first failure has rank
    // 0 + 4 / (1 + 3) = 1; after the suspension the next has 1 + (4 - 1) / (1 + 1) = 2.5.
    let p = plotting_positions(&[10.0, 30.0], &[20.0]);
    assert!(
        (p[0].1 - 0.7 / 3.4).abs() < 1e-12 && (p[1].1 - 2.2 / 3.4).abs() < 1e-12,
        "{p:?}"
    );
}

proptest::proptest! {
    #[test]
    fn the_fit_is_the_maximum_and_its_bounds_hold_it(
        failures in proptest::collection::vec(1.0f64..5000.0, 2..25),
        suspensions in proptest::collection::vec(1.0f64..5000.0, 0..10),
        step in 0.001f64..0.05,
    ) {
        let Ok(w) = Weibull::fit(&failures, &suspensions) else {
            return Ok(());
        };
        let ll = weibull_log_likelihood(w.beta, w.eta, &failures, &suspensions);
        proptest::prop_assert!((ll - w.log_likelihood).abs() < 1e-9 * ll.abs().max(1.0));
        for (db, de) in [(1.0 + step, 1.0), (1.0 - step, 1.0), (1.0, 1.0 + step), (1.0, 1.0 - step)] {
            let other = weibull_log_likelihood(w.beta * db, w.eta * de, &failures, &suspensions);
            proptest::prop_assert!(other <= ll + 1e-9 * ll.abs().max(1.0), "{other} > {ll} at {db} {de}");
        }
        let (b, e, t) = (w.beta_bounds(0.9), w.eta_bounds(0.9), w.life_bounds(0.1, 0.9));
        proptest::prop_assert!(b.lo <= w.beta && w.beta <= b.hi);
        proptest::prop_assert!(e.lo <= w.eta && w.eta <= e.hi);
        let b10 = w.life_at(0.1);
        proptest::prop_assert!(t.lo <= b10 && b10 <= t.hi);
        proptest::prop_assert!(w.cov[0][0] > 0.0 && w.cov[1][1] > 0.0);
    }
}
