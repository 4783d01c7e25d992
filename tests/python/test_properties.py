"""Properties that hold for every map, model and set of events (hypothesis draws them)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import cxscore

finite = dict(allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw):
    n_touchpoints = draw(st.integers(1, 4))
    touchpoints = []
    for t in range(n_touchpoints):
        lo = draw(st.floats(-10, 10, **finite))
        width = draw(st.floats(0.5, 200, **finite))
        touchpoints.append({"name": f"t{t}", "scale": [lo, lo + width],
                            "direction": draw(st.sampled_from(["higher", "lower"])),
                            "promise": lo + width * draw(st.floats(0, 1)),
                            "weight": draw(st.floats(0.1, 5)),
                            "role": draw(st.sampled_from(["experience", "service"]))})
    n = draw(st.integers(1, 30))
    rows = []
    for _ in range(n):
        t = draw(st.integers(0, n_touchpoints - 1))
        lo, hi = touchpoints[t]["scale"]
        rows.append({"customer": f"c{draw(st.integers(0, 4))}", "touchpoint": f"t{t}",
                     "time": float(draw(st.integers(0, 10**7))), "experience": lo + (hi - lo) * draw(st.floats(0, 1))})
    model = cxscore.Model(alpha=draw(st.floats(0.1, 1)), beta=draw(st.floats(0.1, 1)), lambda_=draw(st.floats(0.5, 3)),
                          recovery=draw(st.floats(0, 1)), peak_end=draw(st.floats(0, 1)),
                          half_life_days=draw(st.one_of(st.none(), st.floats(1, 100))))
    return cxscore.JourneyMap.from_json({"touchpoints": touchpoints}), pd.DataFrame(rows), model


@settings(max_examples=150, deadline=None)
@given(cases())
def test_every_index_is_within_0_and_100(case):
    jm, events, model = case
    result = cxscore.score(events, jm, model)
    index = result.customers["index"]
    assert ((index >= 0) & (index <= 100)).all()
    assert 0 <= result.brand_index <= 100


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_a_customers_score_rises_when_one_experience_rises(case, data):
    jm, events, model = case
    row = data.draw(st.integers(0, len(events) - 1))
    tp = jm.to_dict()["touchpoints"][int(events.loc[row, "touchpoint"][1:])]
    lo, hi = tp["scale"]
    better = 1.0 if tp["direction"] == "higher" else -1.0
    end = hi if better > 0 else lo
    step = data.draw(st.floats(0.05, 1)) * (end - events.loc[row, "experience"])
    if abs(step) < 1e-6 * (hi - lo):
        return  # already at the best end of the scale
    improved = events.copy()
    improved.loc[row, "experience"] = min(max(events.loc[row, "experience"] + step, lo), hi)  # rounding stays in scale
    customer = events.loc[row, "customer"]
    before = cxscore.score(events, jm, model).customers.loc[customer, "score"]
    after = cxscore.score(improved, jm, model).customers.loc[customer, "score"]
    assert after >= before - 1e-12
    # Strictly, unless the blend ignores the journey or a service touchpoint keeps nothing of a gain.
    repairs = tp["role"] == "experience" or model.recovery > 1e-6
    # With decay, an encounter dozens of half-lives before the customer's latest one weighs ~0.
    latest = events.loc[events["customer"] == customer, "time"].max()
    counts = model.half_life_days is None or latest - events.loc[row, "time"] < 20 * model.half_life_days * 86400
    if model.peak_end < 1 - 1e-9 and repairs and counts:  # a blend of (almost) only peak and end may not move
        assert after > before


@settings(max_examples=100, deadline=None)
@given(cases(), st.floats(1e-3, 1e3))
def test_scaling_every_weight_changes_nothing(case, factor):
    jm, events, model = case
    weights = {tp["name"]: tp["weight"] * factor for tp in jm.to_dict()["touchpoints"]}
    scaled = cxscore.Model.from_json({**model.to_dict(), "weights": weights})
    customer_weights = pd.DataFrame({"customer": events["customer"].unique(), "weight": factor})
    a = cxscore.score(events, jm, model)
    b = cxscore.score(events, jm, scaled, customer_weights)
    np.testing.assert_allclose(b.customers["score"], a.customers["score"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(b.touchpoints["contribution"], a.touchpoints["contribution"], rtol=1e-12, atol=1e-12)
    assert abs(b.brand_score - a.brand_score) <= 1e-12
