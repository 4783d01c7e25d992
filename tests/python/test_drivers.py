"""cxscore.drivers, driver_table, importance_weights, Model.with_weights and KeyDriverRegressor: against the
`cxscore drivers` command (1e-12), the independent all-subsets NumPy LMG (1e-9), numpy.linalg.lstsq
(1e-10), hand-worked tables and the simulator's true weights."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import assert_frame_matches_csv, assert_summary_matches, data_file, run, simulated_brand
from cxscore import _drivers
from test_drivers_reference import lmg_reference, relative_weights_reference, standardised_betas

CASES = [("swiss.csv", "Fertility"), ("mtcars.csv", "mpg")]


def reference_frame(name):
    return pd.read_csv(data_file(f"reference/{name}"), index_col="rownames")


@pytest.mark.parametrize("name,outcome", CASES)
@pytest.mark.parametrize("bootstrap", [0, 200])
def test_drivers_equal_the_cli(cli, tmp_path, name, outcome, bootstrap):
    out = tmp_path / "out"
    done = run(cli, "drivers", "--table", data_file(f"reference/{name}"), "--outcome", outcome,
               "--bootstrap", bootstrap, "--seed", 7, "--out", out)
    assert done.returncode == 0, done.stderr
    d = cxscore.drivers(reference_frame(name), outcome=outcome, bootstrap=bootstrap, seed=7)
    assert_frame_matches_csv(d, out / "drivers.csv")
    assert list(d.columns) == list(pd.read_csv(out / "drivers.csv", nrows=0).columns[1:])
    expected = json.loads((out / "summary.json").read_text())
    del expected["table"]
    assert_summary_matches(d.attrs, expected)


@pytest.mark.parametrize("name,outcome", CASES)
def test_drivers_equal_independent_all_subsets_and_lmg_sums_to_r2(name, outcome):
    frame = reference_frame(name)
    x = frame.drop(columns=outcome).to_numpy(dtype=float)
    y = frame[outcome].to_numpy(dtype=float)
    lmg, r2 = lmg_reference(x, y)
    d = cxscore.drivers(frame, outcome=outcome)
    np.testing.assert_allclose(d["lmg"], lmg, rtol=0, atol=1e-9)
    np.testing.assert_allclose(d["relative_weight"], relative_weights_reference(x, y), rtol=0, atol=1e-9)
    np.testing.assert_allclose(d["beta"], standardised_betas(x, y), rtol=0, atol=1e-9)
    assert abs(d.attrs["r2"] - r2) < 1e-9
    assert abs(d["lmg"].sum() - d.attrs["r2"]) < 1e-12
    assert abs(d["lmg_share"].sum() - 1) < 1e-12


def test_bootstrap_intervals_do_not_depend_on_threads():
    frame = reference_frame("swiss.csv")
    one = cxscore.drivers(frame, outcome="Fertility", bootstrap=100, seed=3, threads=1)
    two = cxscore.drivers(frame, outcome="Fertility", bootstrap=100, seed=3, threads=2)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    other_seed = cxscore.drivers(frame, outcome="Fertility", bootstrap=100, seed=4, threads=2)
    assert not np.array_equal(one["lmg_lower"], other_seed["lmg_lower"])
    assert (one["lmg_lower"] <= one["lmg"]).all() and (one["lmg"] <= one["lmg_upper"]).all()


def test_a_float64_frame_in_order_crosses_without_a_copy():
    rng = np.random.default_rng(1)
    data = np.asfortranarray(rng.normal(size=(50, 3)))
    frame = pd.DataFrame(data, columns=["a", "b", "y"])
    raw, _ = _drivers._analyse(frame, "y", None, 0, 1, 0.95, 1, "auto")
    assert raw["input_address"] == frame.to_numpy().__array_interface__["data"][0]
    linear = cxscore.drivers(frame, outcome="y", method="linear")
    assert list(linear.columns) == ["lmg", "lmg_share", "relative_weight", "relative_weight_share", "beta"]


def test_nan_rows_are_excluded_and_reported_and_constant_drivers_listed():
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(rng.normal(size=(40, 2)), columns=["a", "b"], index=[f"c{i}" for i in range(40)])
    frame["y"] = frame["a"] + 0.5 * frame["b"] + rng.normal(size=40)
    frame["flat"] = 3.0
    frame.loc["c5", "b"] = np.nan
    frame.loc["c9", "y"] = np.nan
    d = cxscore.drivers(frame, outcome="y", drivers=["a", "b", "flat"])
    assert d.attrs["n"] == 38 and d.attrs["excluded_rows"] == 2
    assert d.attrs["excluded"] == [{"row": "c5", "id": "c5", "column": "b", "reason": "missing value"},
                                   {"row": "c9", "id": "c9", "column": "y", "reason": "missing value"}]
    assert d.attrs["constant_drivers"] == ["flat"] and abs(d.loc["flat", "lmg"]) < 1e-12
    assert np.isnan(d.loc["flat", "beta"])
    kept = frame.drop(index=["c5", "c9"])
    same = cxscore.drivers(kept, outcome="y", drivers=["a", "b", "flat"])
    pd.testing.assert_frame_equal(d, same, check_exact=False, rtol=1e-12)


def test_bad_driver_inputs():
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "name": list("vwxyz"), "y": [1.0, 3, 2, 5, 4]})
    with pytest.raises(TypeError, match="name"):
        cxscore.drivers(frame, outcome="y")
    with pytest.raises(cxscore.InputError, match="no such column"):
        cxscore.drivers(frame, outcome="nope")
    with pytest.raises(cxscore.InputError, match="constant"):
        cxscore.drivers(frame.assign(y=1.0), outcome="y", drivers=["a"])
    with pytest.raises(ValueError, match="method"):
        cxscore.drivers(frame, outcome="y", drivers=["a"], method="lmg")
    with pytest.raises(cxscore.InputError) as e:
        cxscore.drivers(frame.assign(a=[1.0, np.inf, 3, 4, 5]), outcome="y", drivers=["a"])
    assert e.value.row == 1 and e.value.column == "a" and e.value.reason == "not a finite number"
    churn = cxscore.drivers(frame.assign(y=[True, False, True, True, False]), outcome="y", drivers=["a"],
                            method="linear")
    assert churn.attrs["outcome_model"] == "linear probability (binary outcome)"
    with pytest.raises(cxscore.InputError) as e:
        cxscore.drivers(frame, outcome="y", drivers=["a"], method="logistic")
    assert e.value.column == "y" and e.value.reason == "the logistic method needs a 0/1 outcome"


MAP = {"touchpoints": [{"name": "delivery", "scale": [0, 240], "direction": "lower", "promise": 48},
                       {"name": "support", "scale": [0, 10], "direction": "higher", "promise": 5}]}


def small_events():
    return pd.DataFrame({
        "customer": ["a", "a", "a", "b", "c", "d"],
        "touchpoint": ["delivery", "delivery", "support", "support", "delivery", "delivery"],
        "time": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-01", "2026-01-04",
                                "2026-01-05"]),
        "experience": [24.0, 96.0, 8.0, 2.0, 0.0, 48.0],
    })


def test_driver_table_by_hand():
    outcomes = pd.DataFrame({"customer": ["a", "b", "c", "e"], "nps": [9, 2, 10, 5]})
    t = cxscore.driver_table(small_events(), MAP, outcomes=outcomes, value="gap")
    # a: delivery (+24 - 48) / 240 / 2 = -0.05, support (8 - 5) / 10 = 0.3; b: support -0.3, delivery not
    # visited = 0; c: delivery +48 / 240 = 0.2; d has no outcome.
    expected = pd.DataFrame({"delivery": [-0.05, 0.0, 0.2], "support": [0.3, -0.3, 0.0], "nps": [9.0, 2.0, 10.0]},
                            index=pd.Index(["a", "b", "c"], name="customer"))
    pd.testing.assert_frame_equal(t, expected, check_exact=False, rtol=1e-12)
    assert t.attrs["excluded"] == [{"row": "d", "id": "d", "column": "nps", "reason": "no outcome"}]

    mean = cxscore.driver_table(small_events(), MAP, outcomes=outcomes, value="gap", unvisited="mean")
    assert mean.loc["b", "delivery"] == pytest.approx((-0.05 + 0.2) / 2, abs=1e-15)
    assert mean.loc["c", "support"] == pytest.approx(0.0, abs=1e-15)  # (0.3 - 0.3) / 2
    drop = cxscore.driver_table(small_events(), MAP, outcomes=outcomes, value="gap", unvisited="drop")
    assert drop.index.tolist() == ["a"]

    # Prospect values of the same gaps: g^0.88 for gains, -2.25 (-g)^0.88 for losses.
    value = cxscore.driver_table(small_events(), MAP, "prospect", outcomes["nps"].set_axis(outcomes["customer"]))
    v = lambda g: g ** 0.88 if g >= 0 else -2.25 * (-g) ** 0.88  # noqa: E731
    assert value.loc["a", "delivery"] == pytest.approx((v(0.1) + v(-0.2)) / 2, rel=1e-12)
    assert value.loc["b", "support"] == pytest.approx(v(-0.3), rel=1e-12)
    with pytest.raises(cxscore.InputError, match="unvisited"):
        cxscore.driver_table(small_events(), MAP, outcomes=outcomes, unvisited="impute")


def test_driver_table_names_a_bad_event_row():
    events = small_events()
    events.loc[3, "touchpoint"] = "checkout"
    with pytest.raises(cxscore.InputError) as e:
        cxscore.driver_table(events, MAP, outcomes=pd.Series({"a": 1.0}, name="nps"))
    assert e.value.row == 3 and e.value.column == "touchpoint"


def test_lmg_finds_the_simulated_brands_three_heaviest_touchpoints():
    sim = cxscore.simulate(customers=20000, seed=11)
    table = cxscore.driver_table(sim.events, sim.journey_map, sim.model, sim.outcomes[["customer", "nps"]])
    d = cxscore.drivers(table, outcome="nps")
    truth = sim.truth["weights"]
    assert set(d["lmg"].nlargest(3).index) == set(sorted(truth, key=truth.get)[-3:])
    assert abs(d["lmg"].sum() - d.attrs["r2"]) < 1e-12

    weights = cxscore.importance_weights(d)
    assert set(weights) == set(d.index)
    assert sum(weights.values()) / len(weights) == pytest.approx(1, abs=1e-12)
    tuned = sim.model.with_weights(weights)
    assert tuned.weights == pytest.approx(weights, abs=0)


def test_with_weights_returns_a_new_validated_model_whose_scores_change():
    sim = cxscore.simulate(customers=300, seed=2)
    before = cxscore.score(sim.events, sim.journey_map, sim.model)
    worst = before.touchpoints["contribution"].idxmin()
    base = sim.model.weights.get(worst, 1.0)
    heavier = sim.model.with_weights({worst: 3 * base})
    assert heavier.weights[worst] == 3 * base and sim.model.weights.get(worst, 1.0) == base
    after = cxscore.score(sim.events, sim.journey_map, heavier)
    pd.testing.assert_series_equal(after.touchpoints["mean_gap"], before.touchpoints["mean_gap"])
    assert after.touchpoints.loc[worst, "contribution"] < before.touchpoints.loc[worst, "contribution"]
    assert after.brand_score < before.brand_score
    with pytest.raises(cxscore.InputError):
        sim.model.with_weights({worst: -1.0})


def test_estimator_equals_lstsq():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(300, 4)) * [1, 10, 0.1, 3] + [0, 100, 5, -2]
    y = 2 + X @ [1.5, -0.2, 4.0, 0.7] + rng.normal(size=300)
    design = np.column_stack([np.ones(len(y)), X])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    model = cxscore.KeyDriverRegressor(threads=1).fit(X, y)
    np.testing.assert_allclose(model.coef_, coef[1:], rtol=1e-10, atol=1e-10)
    assert model.intercept_ == pytest.approx(coef[0], rel=1e-10, abs=1e-10)
    np.testing.assert_allclose(model.predict(X), design @ coef, rtol=1e-10, atol=1e-10)
    residual = y - design @ coef
    r2 = 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))
    assert model.score(X, y) == pytest.approx(r2, abs=1e-10)
    assert model.r2_ == pytest.approx(r2, abs=1e-10)
    assert model.lmg_.sum() == pytest.approx(model.r2_, abs=1e-12)
    assert len(model.relative_weights_) == 4 and model.n_ == 300
    assert model.get_params() == {"bootstrap": 0, "seed": 1, "confidence": 0.95, "threads": 1}
    assert model.set_params(bootstrap=20, seed=9).get_params()["seed"] == 9
    with pytest.raises(ValueError):
        model.set_params(alpha=1)


def test_estimator_bad_inputs():
    rng = np.random.default_rng(6)
    X = pd.DataFrame(rng.normal(size=(60, 2)), columns=["a", "b"])
    X["flat"] = 1.0
    y = X["a"] - X["b"] + rng.normal(size=60)
    X.loc[4, "a"] = np.nan
    model = cxscore.KeyDriverRegressor().fit(X, y)
    assert model.constant_ == ["flat"] and model.n_ == 59 and len(model.excluded_) == 1
    assert np.isnan(model.coef_[2])
    assert np.isfinite(model.predict(X.drop(index=4))).all()
    with pytest.raises(TypeError):
        cxscore.KeyDriverRegressor().fit(X.assign(b="text"), y)
    with pytest.raises(AttributeError):
        cxscore.KeyDriverRegressor().predict(X)


@pytest.mark.parametrize("outcome,value,unvisited", [("nps", "value", "zero"), ("retained", "gap", "mean")])
def test_cli_drivers_from_events_equal_driver_table_then_drivers(cli, tmp_path, outcome, value, unvisited):
    brand = simulated_brand(cli, tmp_path / "sim", 1500, 4)
    out = tmp_path / "out"
    done = run(cli, "drivers", "--map", brand / "map.json", "--events", brand / "events.csv", "--model",
               brand / "model.json", "--outcomes", brand / "outcomes.csv", "--outcome", outcome, "--value", value,
               "--unvisited", unvisited, "--out", out)
    assert done.returncode == 0, done.stderr
    outcomes = pd.read_csv(brand / "outcomes.csv", dtype={"customer": str})
    outcomes["retained"] = outcomes["retained"] == "yes"
    table = cxscore.driver_table(cxscore.read_events(brand / "events.csv"), cxscore.read_map(brand / "map.json"),
                                 str(brand / "model.json"), outcomes[["customer", outcome]], value=value,
                                 unvisited=unvisited)
    d = cxscore.drivers(table, outcome=outcome)
    assert_frame_matches_csv(d, out / "drivers.csv")
    expected = json.loads((out / "summary.json").read_text())
    assert [expected.pop(k) for k in ("events", "map", "outcomes", "value", "unvisited")][3:] == [value, unvisited]
    assert_summary_matches(d.attrs, expected)
    assert d.attrs["outcome_model"] == ("logistic" if outcome == "retained" else "linear")
    ranked = cxscore.fix_first(d, table)
    assert_frame_matches_csv(ranked, out / "fix_first.csv")
    assert list(ranked.index) == pd.read_csv(out / "fix_first.csv")["driver"].tolist()


def test_fix_first_by_hand_and_bad_gaps():
    d = pd.DataFrame({"lmg": [0.1, 0.3, 0.2]}, index=["web", "delivery", "billing"])  # shares 1/6, 1/2, 1/3
    ranked = cxscore.fix_first(d, pd.Series({"web": -0.6, "delivery": -0.1, "billing": 0.4}))
    # priorities: web 0.6 / 6 = 0.1, delivery 0.1 / 2 = 0.05, billing met: 0
    assert ranked.index.tolist() == ["web", "delivery", "billing"]
    np.testing.assert_allclose(ranked["priority"], [0.1, 0.05, 0.0], rtol=0, atol=1e-15)
    np.testing.assert_allclose(ranked["importance"], [1 / 6, 1 / 2, 1 / 3], rtol=0, atol=1e-15)
    with pytest.raises(cxscore.InputError, match="no gap"):
        cxscore.fix_first(d, pd.Series({"web": -0.6}))
    with pytest.raises(cxscore.InputError, match="no such column"):
        cxscore.fix_first(d, pd.DataFrame({"web": [1.0]}))
    with pytest.raises(TypeError):
        cxscore.fix_first(d, [-0.6, -0.1, 0.4])


def test_estimator_clones_and_runs_in_a_sklearn_pipeline():
    pytest.importorskip("sklearn")
    from sklearn.base import clone, is_regressor
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(8)
    X = rng.normal(size=(240, 3)) * [1, 5, 0.2] + [0, 3, 1]
    y = 1 + X @ [0.5, -0.3, 2.0] + rng.normal(size=240)
    pipe = make_pipeline(StandardScaler(), cxscore.KeyDriverRegressor(threads=1))
    assert is_regressor(pipe)
    design = lambda rows: np.column_stack([np.ones(len(rows)), rows])  # noqa: E731
    scores = cross_val_score(pipe, X, y, cv=KFold(3))
    for score, (train, test) in zip(scores, KFold(3).split(X)):  # each fold's R² by least squares
        coef, *_ = np.linalg.lstsq(design(X[train]), y[train], rcond=None)
        residual = y[test] - design(X[test]) @ coef
        centred = y[test] - y[test].mean()
        assert score == pytest.approx(1 - residual @ residual / (centred @ centred), abs=1e-10)
    copy = clone(cxscore.KeyDriverRegressor(bootstrap=5, seed=3))
    assert copy.get_params() == {"bootstrap": 5, "seed": 3, "confidence": 0.95, "threads": None}
    fitted = pipe.fit(X, y)
    assert fitted[-1].lmg_.sum() == pytest.approx(fitted[-1].r2_, abs=1e-12)

