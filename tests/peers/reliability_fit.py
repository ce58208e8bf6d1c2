"""The Python `reliability` package (PyPI) as the peer of Takt's life models.

Reads JSON from stdin, {"weibull": [{"failures": [...], "suspensions": [...]}, ...],
"growth": [[t1, t2, ...], ...]}, and prints the package's figures for each as JSON:
Fit_Weibull_2P (MLE, 90 % two-sided Fisher bounds, B10 with its bounds) and
reliability_growth (Crow-AMSAA, failure terminated at the last time); and, for the
condition trends, scipy's theilslopes (scipy comes with `reliability`) for each
{"x": [...], "y": [...]} of "theil", at 90 %, with the intercept the median of y - slope x.
"""

import json
import sys
import warnings

warnings.filterwarnings("ignore")
import matplotlib

matplotlib.use("Agg")
from reliability.Fitters import Fit_Weibull_2P  # noqa: E402
from reliability.Repairable_systems import reliability_growth  # noqa: E402
from scipy.stats import theilslopes  # noqa: E402

data = json.load(sys.stdin)
out = {"weibull": [], "growth": [], "theil": []}
for case in data["weibull"]:
    fit = Fit_Weibull_2P(
        failures=case["failures"],
        right_censored=case["suspensions"] or None,
        method="MLE",
        CI=0.9,
        quantiles=[0.1],
        show_probability_plot=False,
        print_results=False,
    )
    q = fit.quantiles.to_dict("records")[0]
    out["weibull"].append(
        {
            "beta": fit.beta,
            "eta": fit.alpha,
            "beta_lo": fit.beta_lower,
            "beta_hi": fit.beta_upper,
            "eta_lo": fit.alpha_lower,
            "eta_hi": fit.alpha_upper,
            "b10": q["Point Estimate"],
            "b10_lo": q["Lower Estimate"],
            "b10_hi": q["Upper Estimate"],
            "log_likelihood": fit.loglik,
        }
    )
for times in data["growth"]:
    g = reliability_growth(times=times, model="Crow-AMSAA", show_plot=False, print_results=False)
    out["growth"].append({"beta": g.Beta, "lambda": g.Lambda, "mtbf": g.DMTBF_I})
for case in data.get("theil", []):
    r = theilslopes(case["y"], case["x"], 0.90, method="joint")
    out["theil"].append({"slope": r[0], "intercept": r[1], "lo": r[2], "hi": r[3]})
json.dump(out, sys.stdout)
