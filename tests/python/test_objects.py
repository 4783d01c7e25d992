"""Maps, models and results print readably, compare, and survive pickling (Dask and multiprocessing need it)."""

from __future__ import annotations

import json
import math
import pickle

import pandas as pd
import pytest

import cxscore
from conftest import EXAMPLES


def test_model_presets_and_keywords():
    p = cxscore.Model.prospect()
    assert (p.alpha, p.beta, p.lambda_, p.half_life_days) == (0.88, 0.88, 2.25, None)
    s = cxscore.Model.servqual()
    assert (s.alpha, s.lambda_, s.recovery) == (1.0, 1.0, 1.0)
    m = cxscore.Model(preset="servqual", half_life_days=90, weights={"delivery": 2})
    assert (m.preset, m.alpha, m.half_life_days, m.weights) == ("servqual", 1.0, 90.0, {"delivery": 2.0})
    assert cxscore.Model(**{"lambda": 3}).lambda_ == 3.0
    assert repr(m) == ("Model(preset='servqual', alpha=1, beta=1, lambda_=1, recovery=1, half_life_days=90, "
                       "peak_end=0, weights={'delivery': 2})")


def test_model_json_round_trip_and_pickle():
    m = cxscore.Model.from_json(EXAMPLES / "model.json")
    assert (m.recovery, m.half_life_days, m.peak_end) == (0.5, 90.0, 0.2)
    assert cxscore.Model.from_json(m.to_dict()) == m
    assert pickle.loads(pickle.dumps(m)) == m
    assert cxscore.Model.from_json("servqual") == cxscore.Model.servqual()
    assert m != cxscore.Model.prospect()


@pytest.mark.parametrize("model", [cxscore.Model.prospect(), cxscore.Model.from_json(EXAMPLES / "model.json"),
                                   cxscore.Model(preset="servqual", alpha=0.1, half_life_days=1 / 3,
                                                 dimension_weights={"care": 0.7, "speed": 1.3})])
def test_model_dict_is_its_json_document(model):
    # The dict is built from the parameters, not parsed from text: the same keys, order and bits as the JSON.
    d = model.to_dict()
    assert d == json.loads(model.to_json())
    assert list(d) == list(json.loads(model.to_json()))
    assert list(d) == ["preset", "alpha", "beta", "lambda", "recovery", "half_life_days", "peak_end", "weights",
                       "dimension_weights"]


def test_journey_map_reads_prints_compares_and_pickles():
    jm = cxscore.read_map(EXAMPLES / "map.json")
    assert jm.name == "small-shop" and len(jm) == 6 and "delivery" in jm and "moon" not in jm
    assert jm.touchpoint_names[:3] == ["website", "checkout", "delivery"]
    assert repr(jm).startswith("JourneyMap('small-shop', 6 touchpoints: website, checkout")
    assert cxscore.JourneyMap.from_json(jm.to_dict()) == jm
    assert pickle.loads(pickle.dumps(jm)) == jm
    assert jm.outcomes == ["retained", "lost"]
    with pytest.raises(TypeError):
        cxscore.JourneyMap.from_json(3)


def test_score_results_pickle_with_their_tables():
    sim = cxscore.simulate(customers=300, seed=2)
    result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    touchpoints_before = result.touchpoints  # one table built before pickling, the others after
    back = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(back.touchpoints, touchpoints_before)
    pd.testing.assert_frame_equal(back.customers, result.customers)
    pd.testing.assert_frame_equal(back.owners, result.owners)
    assert back.summary == result.summary
    assert repr(back).startswith("ScoreResult(300 customers")


def test_result_tables_are_consistent_with_each_other():
    sim = cxscore.simulate(customers=400, seed=3)
    r = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    # Every roll-up partitions the encounters, so counts and contributions add up to the brand's.
    for table in (r.touchpoints, r.owners, r.phases, r.channels, r.segments):
        assert table["count"].sum() == r.summary["events"]
        assert math.isclose(table["contribution"].sum(), r.brand_score, abs_tol=1e-13)
    assert r.customers["events"].sum() == r.summary["events"]
    weighted = (r.customers["journey_score"] * r.customers["weight"]).sum() / r.customers["weight"].sum()
    assert math.isclose(weighted, r.brand_score, abs_tol=1e-13)


def test_index_points_add_up_to_the_index_and_the_loss():
    # The demo's brand: each table's contribution points add up to the brand index - 50, and its impact
    # points to the loss in points, 50 loss / lambda (the loss is sum of impacts; lambda 2.25).
    sim = cxscore.simulate(customers=2000, seed=42)
    r = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    for table in (r.touchpoints, r.owners, r.phases, r.channels, r.segments):
        assert table["contribution_points"].sum() == pytest.approx(r.brand_index - 50, abs=1e-9)
        assert table["impact_points"].sum() == pytest.approx(r.summary["loss_points"], abs=1e-9)
        assert (table["impact_points"] <= 0).all()
    assert r.summary["loss_points"] == pytest.approx(50 * r.touchpoints["impact"].sum() / 2.25, rel=1e-12)
    scale = 50 if r.brand_score >= 0 else 50 / 2.25
    assert r.touchpoints["contribution_points"].to_numpy() == pytest.approx(
        scale * r.touchpoints["contribution"].to_numpy(), rel=1e-12)


def test_counts_in_reprs_agree_in_number():
    events = pd.DataFrame({"customer": ["a"], "touchpoint": ["web"], "time": [0.0], "experience": [4.0]})
    jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "web", "promise": 3}]})
    assert repr(cxscore.score(events, jm, "servqual")).startswith("ScoreResult(1 customer, 1 encounter, ")
