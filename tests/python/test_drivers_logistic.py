"""Key drivers of a 0/1 outcome (churn): `cxscore.drivers(method="logistic")` and `cxscore drivers`.

The logistic fit is checked against R's published `glm` output and a NumPy Newton–Raphson; the relative
weights against a NumPy transcription of Tonidandel & LeBreton's (2010) steps as their RWA-Web code and
R's `rwa::rwa_logit` take them (SVD orthogonalisation, Lambda by least squares, logistic regression on
the orthogonal predictors, R² = squared correlation of outcome and fitted probability). None of this
shares code with the library.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import assert_frame_matches_csv, assert_summary_matches, data_file, run


def newton(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton–Raphson on [1, x] from zero: intercept, then coefficients."""
    a = np.column_stack([np.ones(len(y)), x])
    b = np.zeros(a.shape[1])
    for _ in range(200):
        mu = 1 / (1 + np.exp(-a @ b))
        step = np.linalg.solve(a.T @ (a * (mu * (1 - mu))[:, None]), a.T @ (y - mu))
        b += step
        if np.abs(step).max() < 1e-13 * (1 + np.abs(b).max()):
            return b
    raise AssertionError("Newton-Raphson did not converge")


def rwa_logit(x: np.ndarray, y: np.ndarray):
    """(weights, R²) step by step as rwa::rwa_logit."""
    xs = (x - x.mean(0)) / x.std(0, ddof=1)
    u, _, vt = np.linalg.svd(xs, full_matrices=False)
    z = u @ vt
    zs = (z - z.mean(0)) / z.std(0, ddof=1)
    lam = np.linalg.solve(zs.T @ zs, zs.T @ xs)
    b = newton(zs, y)
    logit = b[0] + zs @ b[1:]  # rwa takes log(p / (1 - p)), which loses digits where p is near 0 or 1
    fitted = 1 / (1 + np.exp(-logit))
    r2 = np.corrcoef(fitted, y)[0, 1] ** 2
    beta = b[1:] * np.sqrt(r2) / logit.std(ddof=1)
    return (lam ** 2) @ beta ** 2, r2


def mtcars() -> pd.DataFrame:
    return pd.read_csv(data_file("reference/mtcars.csv"), index_col="rownames")


def churn(n: int = 600, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    x = np.column_stack([0.6 * common + rng.normal(size=n) for _ in range(4)])
    eta = 0.9 * x[:, 0] - 0.6 * x[:, 1] + 0.2 * x[:, 3] - 0.3
    frame = pd.DataFrame(x, columns=["delivery", "billing", "web", "support"])
    frame["churned"] = rng.random(n) < 1 / (1 + np.exp(-eta))
    return frame


@pytest.mark.parametrize("case", ["mtcars", "churn"])
def test_logistic_weights_equal_the_rwa_web_steps_and_sum_to_the_pseudo_r2(case):
    frame = mtcars()[["mpg", "hp", "drat", "am"]] if case == "mtcars" else churn()
    outcome = frame.columns[-1]
    x = frame.drop(columns=outcome).to_numpy(dtype=float)
    y = frame[outcome].to_numpy(dtype=float)
    d = cxscore.drivers(frame, outcome=outcome)  # auto: all 0/1 -> logistic
    weights, r2 = rwa_logit(x, y)
    assert d.attrs["outcome_model"] == "logistic" and d.attrs["importance"] == "relative_weight"
    assert d.attrs["logistic"]["converged"] and not d.attrs["logistic"]["separation"]
    np.testing.assert_allclose(d["relative_weight"], weights, rtol=0, atol=1e-9)
    assert d.attrs["r2"] == pytest.approx(r2, abs=1e-10)
    assert d["relative_weight"].sum() == pytest.approx(d.attrs["r2"], abs=1e-12)
    assert d["lmg"].isna().all()
    coefficients = newton(x, y)
    assert d.attrs["intercept"] == pytest.approx(coefficients[0], abs=1e-8)
    np.testing.assert_allclose(list(d.attrs["coefficients"].values()), coefficients[1:], rtol=1e-8, atol=1e-10)


def test_transmission_coefficients_equal_rs_published_glm():
    # summary(glm(am ~ wt + hp, data = mtcars, family = binomial)): 18.86630, -8.08348, 0.03626.
    d = cxscore.drivers(mtcars(), outcome="am", drivers=["wt", "hp"], method="logistic")
    assert d.attrs["intercept"] == pytest.approx(18.86630, abs=5e-6)
    assert d.attrs["coefficients"]["wt"] == pytest.approx(-8.08348, abs=5e-6)
    assert d.attrs["coefficients"]["hp"] == pytest.approx(0.03626, abs=5e-6)
    assert d.attrs["logistic"]["deviance"] == pytest.approx(10.059, abs=5e-4)


def test_separation_is_reported_and_linear_is_available():
    frame = churn(80, 5)
    frame["churned"] = frame["delivery"] > 0  # one driver decides: the likelihood has no maximum
    d = cxscore.drivers(frame, outcome="churned")
    assert d.attrs["logistic"]["separation"]
    assert d["relative_weight"].sum() == pytest.approx(d.attrs["r2"], abs=1e-12)
    linear = cxscore.drivers(frame, outcome="churned", method="linear")
    assert linear.attrs["outcome_model"] == "linear probability (binary outcome)"
    assert "logistic" not in linear.attrs and linear["lmg"].sum() == pytest.approx(linear.attrs["r2"], abs=1e-12)


def test_logistic_cli_equals_python_with_bootstrap(cli, tmp_path):
    frame = churn()
    frame["churned"] = frame["churned"].map({True: "yes", False: "no"})
    table = tmp_path / "churn.csv"
    frame.rename_axis("customer").to_csv(table)
    out = tmp_path / "out"
    done = run(cli, "drivers", "--table", table, "--outcome", "churned", "--bootstrap", 60, "--seed", 4, "--out", out)
    assert done.returncode == 0, done.stderr
    d = cxscore.drivers(churn(), outcome="churned", bootstrap=60, seed=4)
    assert_frame_matches_csv(d, out / "drivers.csv")
    expected = json.loads((out / "summary.json").read_text())
    del expected["table"]
    assert_summary_matches(d.attrs, expected)
    ranked = cxscore.fix_first(d, churn())
    assert_frame_matches_csv(ranked, out / "fix_first.csv")
    assert list(ranked.index) == pd.read_csv(out / "fix_first.csv")["driver"].tolist()


def test_logistic_weights_find_the_simulated_brands_three_heaviest_touchpoints_for_retention():
    sim = cxscore.simulate(customers=20000, seed=11)
    table = cxscore.driver_table(sim.events, sim.journey_map, sim.model, sim.outcomes[["customer", "retained"]])
    d = cxscore.drivers(table, outcome="retained")
    truth = sim.truth["weights"]
    assert d.attrs["outcome_model"] == "logistic" and d.attrs["logistic"]["converged"]
    assert set(d["relative_weight"].nlargest(3).index) == set(sorted(truth, key=truth.get)[-3:])
    weights = cxscore.importance_weights(d)  # relative-weight shares x drivers
    share = d["relative_weight"] / d["relative_weight"].sum()
    assert weights == pytest.approx((share * len(share)).to_dict(), abs=1e-12)
