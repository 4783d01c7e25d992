"""cxscore.service, cxscore.owners and cxscore.LiveScorer equal `cxscore service`, `cxscore owners` and
cxscore.score on the same simulated brand; the threshold callback fires as worked out by hand."""

from __future__ import annotations

import math
import pickle
import re

import pandas as pd
import pytest

import cxscore
from conftest import EXAMPLES, TOLERANCE, assert_same_rows, run, simulated_brand


@pytest.fixture(scope="module")
def brand(cli, tmp_path_factory):
    return simulated_brand(cli, tmp_path_factory.mktemp("brand"), customers=1500, seed=9)


def test_service_equals_the_cli(cli, brand, tmp_path):
    done = run(cli, "service", "--map", brand / "map.json", "--events", brand / "events.csv", "--window-days", "3",
               "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    table = cxscore.service(cxscore.read_events(brand / "events.csv"), brand / "map.json", window_days=3)
    assert table.index.name == "touchpoint"
    assert_same_rows(table, tmp_path / "out" / "service.csv")
    contacts, share = re.search(r"(\d+) service contacts over .*; ([\d.]+)% of them explained", done.stdout).groups()
    assert table.attrs["service_contacts"] == int(contacts)
    assert round(100 * table.attrs["brand_share"], 1) == float(share)
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(table)), table)


@pytest.mark.parametrize("period", ["month", "week"])
def test_owners_equal_the_cli(cli, brand, tmp_path, period):
    done = run(cli, "owners", "--map", brand / "map.json", "--events", brand / "events.csv", "--model",
               brand / "model.json", "--customers", brand / "customers.csv", "--period", period, "--z", "2.5",
               "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    customers = pd.read_csv(brand / "customers.csv", dtype={"customer": str, "segment": str})
    result = cxscore.owners(cxscore.read_events(brand / "events.csv"), brand / "map.json", brand / "model.json",
                            customers, period=period, z=2.5)
    assert result.scorecard.index.name == "owner"
    assert_same_rows(result.scorecard, tmp_path / "out" / "owners.csv")
    assert_same_rows(result.trend, tmp_path / "out" / "owner_trend.csv")
    assert result.verdicts.to_dict() == result.scorecard["verdict"].to_dict()
    again = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(again.trend, result.trend)


def test_service_and_owners_name_bad_rows():
    events = cxscore.read_events(EXAMPLES / "events.csv")
    events.loc[3, "touchpoint"] = "teleport"
    with pytest.raises(cxscore.InputError) as e:
        cxscore.service(events, EXAMPLES / "map.json")
    assert (e.value.row, e.value.column) == (5, "touchpoint")  # the file's row (header = 1)
    with pytest.raises(cxscore.InputError) as e:
        cxscore.owners(events, EXAMPLES / "map.json")
    assert (e.value.row, e.value.column) == (5, "touchpoint")


def test_bad_period_is_refused():
    events = cxscore.read_events(EXAMPLES / "events.csv")
    with pytest.raises(cxscore.InputError, match="period"):
        cxscore.owners(events, EXAMPLES / "map.json", period="fortnight")


def test_live_scores_equal_batch_scores_with_decay_and_peak_end():
    sim = cxscore.simulate(customers=400, seed=3)
    model = cxscore.Model.from_json({**sim.model.to_dict(), "half_life_days": 30, "peak_end": 0.4})
    batch = cxscore.score(sim.events, sim.journey_map, model).customers["score"]
    live = cxscore.LiveScorer(sim.journey_map, model, dimensions=sim.events["dimension"].cat.categories)
    for e in sim.events.itertuples(index=False):
        live.update(e.customer, e.touchpoint, e.time, e.experience,
                    None if math.isnan(e.expectation) else e.expectation,
                    None if pd.isna(e.dimension) else e.dimension)
    assert len(live) == len(batch)
    for customer, expected in batch.items():
        assert abs(live.score(customer) - expected) <= TOLERANCE * max(1.0, abs(expected)), customer
    assert math.isnan(live.score("nobody"))


def test_threshold_callback_by_hand():
    # servqual: value = gap, score = mean gap, index = 50 (1 + score). Delivery promise 48 h on [0, 240] h,
    # lower is better: 24 h -> g 0.1, 240 h -> g -0.8, 0 h -> g 0.2.
    jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "delivery", "scale": [0, 240],
                                                        "direction": "lower", "promise": 48}]})
    live = cxscore.LiveScorer(jm, "servqual")
    alerts = []
    live.on_threshold(50, alerts.append)
    hours = [("a", 24), ("a", 240),          # 55 -> 32.5: falls below (alert 1)
             ("b", 240),                     # first event at 10: below at once (alert 2)
             ("a", 0), ("a", 0), ("a", 0),   # 41.67, 47.5, 49: still below, no alert
             ("a", 0),                       # (0.1 - 0.8 + 0.8) / 6 -> 50.83: back above
             ("a", 240)]                     # (0.1 - 0.8 + 0.8 - 0.8) / 7 = -0.1 -> 45: below again (alert 3)
    for day, (customer, h) in enumerate(hours):
        live.update(customer, "delivery", day * 86400.0, h)
    assert [(a.customer, round(a.index, 9), a.touchpoint) for a in alerts] == [
        ("a", 32.5, "delivery"), ("b", 10.0, "delivery"), ("a", 45.0, "delivery")]
    assert math.isnan(alerts[1].previous_index) and alerts[2].previous_index == pytest.approx(50 + 50 / 60)
    assert live.index("a") == pytest.approx(45.0)


def test_live_scorer_refuses_bad_events_and_keeps_its_state():
    live = cxscore.LiveScorer(EXAMPLES / "map.json", EXAMPLES / "model.json")
    with pytest.raises(cxscore.InputError) as e:
        live.update("x", "teleport", 0, 3)
    assert e.value.column == "touchpoint"
    assert len(live) == 0
    live.update("x", "website", 0, 4)
    before = live.score("x")
    with pytest.raises(cxscore.InputError) as e:
        live.update("x", "website", 1, 99)
    assert e.value.column == "experience"
    assert live.score("x") == before
