"""The scoring peers of bench/peers/scoring_peers.py (pandas, NumPy, Polars, DuckDB) give cxscore's numbers.

The benchmark times them against cxscore only after this agreement; here it is checked on small data: the
simulated brand, the same brand under a model that uses every branch the peers write (recovery < 1, model
touchpoint weights over the map's, unequal dimension weights), and a hand-worked example.
"""

from __future__ import annotations

import math
import sys

import pandas as pd
import pytest

import cxscore
from conftest import ROOT

for _package in ("polars", "duckdb", "pyarrow"):  # pyarrow: Polars reads pandas categoricals through it
    pytest.importorskip(_package, reason=f"{_package} is not installed: the scoring peers are not checked "
                                         "(pip install polars duckdb pyarrow)")
sys.path.insert(0, str(ROOT / "bench" / "peers"))
import scoring_peers  # noqa: E402

PEERS = ("pandas", "NumPy", "Polars", "DuckDB")


def inputs_for(sim, model) -> scoring_peers.Inputs:
    return scoring_peers.Inputs(sim.events, sim.customers, sim.journey_map, model,
                                scoring_peers.constants(sim.journey_map, model))


@pytest.fixture(scope="module")
def sim():
    return cxscore.simulate(customers=2000, seed=4)


def test_every_peer_agrees_with_cxscore_on_the_simulated_brand(sim):
    differences = scoring_peers.agreement(scoring_peers.peers(inputs_for(sim, sim.model)))
    assert sorted(differences) == sorted(PEERS)
    assert all(d <= scoring_peers.TOLERANCE for d in differences.values())


def test_every_peer_agrees_under_recovery_and_model_weights(sim):
    model = cxscore.Model(recovery=0.4, weights={"delivery": 2.5, "support_chat": 0.5, "billing": 0.0},
                          dimension_weights={"reliability": 0.5, "empathy": 0.1, "tangibles": 0.2})
    inputs = inputs_for(sim, model)
    k = inputs.constants.touchpoints
    assert k.loc["support_chat", "recovery"] == 0.4 and k.loc["checkout", "recovery"] == 1.0
    assert (k.loc["delivery", "weight"], k.loc["social_ad", "weight"]) == (2.5, 1.0)
    runners = scoring_peers.peers(inputs)
    differences = scoring_peers.agreement(runners)
    assert all(d <= scoring_peers.TOLERANCE for d in differences.values())
    # The branches changed the numbers: a service touchpoint's mean value falls with recovery < 1, and
    # billing (weight 0) contributes nothing to the brand score.
    plain = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers).touchpoints
    mine = runners["cxscore"]()[1]
    assert mine.loc["support_chat", "mean_value"] < plain.loc["support_chat", "mean_value"]
    assert mine.loc["billing", "contribution"] == 0.0 and plain.loc["billing", "contribution"] != 0.0


def test_peers_reproduce_a_hand_worked_example():
    # One delivery touchpoint, 0-240 h, lower is better, promise 48 h; servqual model (v = g).
    # a: 24 h -> g = +24/240 = 0.1; 96 h -> g = -48/240 = -0.2: score -0.05, index 50 - 2.5 = 47.5.
    # b: 48 h -> g = 0, score 0, index 50. psi = 2 (a) and 1 (b).
    jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "delivery", "scale": [0, 240],
                                                         "direction": "lower", "promise": 48}]})
    events = pd.DataFrame({
        "customer": pd.Categorical(["a", "a", "b"]), "touchpoint": pd.Categorical(["delivery"] * 3),
        "time": pd.to_datetime(["2026-01-01", "2026-01-05", "2026-01-02"], utc=True),
        "experience": [24.0, 96.0, 48.0], "expectation": math.nan,
        "dimension": pd.Categorical([None, None, None], categories=["reliability"])})
    customers = pd.DataFrame({"customer": ["a", "b"], "weight": [2.0, 1.0], "segment": ["x", "y"]})
    model = cxscore.Model.servqual()
    inputs = scoring_peers.Inputs(events, customers, jm, model, scoring_peers.constants(jm, model))
    runners = scoring_peers.peers(inputs)
    for name in ("cxscore", *PEERS):
        cust, tps = scoring_peers.as_pandas(*runners[name]())
        assert cust.loc["a", "score"] == pytest.approx(-0.05, abs=1e-15), name
        assert cust.loc["a", "index"] == pytest.approx(47.5, abs=1e-12), name
        assert (cust.loc["b", "score"], cust.loc["b", "index"]) == (0.0, 50.0), name
        row = tps.loc["delivery"]
        # psi-weighted: mean gap (2*0.1 + 2*(-0.2) + 0) / 5 = -0.04; unmet share 2/5; contribution
        # (2*(0.5*0.1 + 0.5*(-0.2)) + 1*0) / 3 = -1/30, impact 2*0.5*(-0.2) / 3 = -1/15.
        assert row["count"] == 3, name
        assert row["mean_gap"] == pytest.approx(-0.04, abs=1e-15), name
        assert row["unmet_share"] == pytest.approx(0.4, abs=1e-15), name
        assert row["contribution"] == pytest.approx(-1 / 30, abs=1e-15), name
        assert row["impact"] == pytest.approx(-1 / 15, abs=1e-15), name


def test_a_disagreement_beyond_the_tolerance_is_named(sim):
    runners = scoring_peers.peers(inputs_for(sim, sim.model))
    expected = scoring_peers.as_pandas(*runners["cxscore"]())
    cust, tps = scoring_peers.as_pandas(*runners["NumPy"]())
    tps.loc["delivery", "impact"] *= 1 + 1e-8
    with pytest.raises(AssertionError, match=r"touchpoints\.impact at 'delivery'"):
        scoring_peers.largest_difference("NumPy", (cust, tps), expected)
    cust.loc[cust.index[0], "score"] = math.nan
    with pytest.raises(AssertionError, match=r"customers\.score"):
        scoring_peers.largest_difference("NumPy", (cust, tps), expected)


@pytest.mark.parametrize("parameters", [{"half_life_days": 30.0}, {"peak_end": 0.5}])
def test_a_model_the_peers_do_not_implement_is_refused(sim, parameters):
    with pytest.raises(ValueError, match="without recency decay and peak-end"):
        scoring_peers.constants(sim.journey_map, cxscore.Model(**parameters))
