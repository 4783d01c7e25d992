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
    found = re.search(r"(\d+) service contacts over .*; ([\d.]+)% of them \[([-\d.]+)%, ([-\d.]+)%\] explained",
                      done.stdout)
    contacts, share, low, high = found.groups()
    assert table.attrs["service_contacts"] == int(contacts)
    assert round(100 * table.attrs["brand_share"], 1) == float(share)
    assert [round(100 * x, 1) for x in table.attrs["brand_share_ci"]] == [float(low), float(high)]
    explained_low, explained_high = table.attrs["explained_ci"]
    assert explained_low <= table.attrs["explained_contacts"] <= explained_high
    assert table.attrs["explained_contacts"] == pytest.approx(table.attrs["brand_share"] * int(contacts), rel=1e-12)
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(table)), table)


def cli_and_python(cli, brand, tmp_path, command, period):
    """`cxscore <command>` and cxscore.<command> on the brand with its model and customers, ``period``, z = 2.5."""
    out = tmp_path / "out"
    done = run(cli, command, "--map", brand / "map.json", "--events", brand / "events.csv", "--model",
               brand / "model.json", "--customers", brand / "customers.csv", "--period", period, "--z", "2.5",
               "--out", out)
    assert done.returncode == 0, done.stderr
    customers = pd.read_csv(brand / "customers.csv", dtype={"customer": str, "segment": str})
    result = getattr(cxscore, command)(cxscore.read_events(brand / "events.csv"), brand / "map.json",
                                       brand / "model.json", customers, period=period, z=2.5)
    return done, result, out


@pytest.mark.parametrize("period", ["month", "week"])
def test_owners_equal_the_cli(cli, brand, tmp_path, period):
    _, result, out = cli_and_python(cli, brand, tmp_path, "owners", period)
    assert result.scorecard.index.name == "owner"
    assert_same_rows(result.scorecard, out / "owners.csv")
    assert_same_rows(result.trend, out / "owner_trend.csv")
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


def _dirty_events():
    """The example events with two bad rows (file rows 5 and 7) and the same events without them."""
    events = cxscore.read_events(EXAMPLES / "events.csv")
    dirty = events.copy()
    dirty.loc[3, "touchpoint"] = "teleport"
    dirty.loc[5, "experience"] = float("nan")
    return dirty, events.drop(index=[3, 5])


@pytest.mark.parametrize("function", ["service", "owners", "monitor"])
def test_lenient_skips_bad_rows_lists_them_and_equals_a_clean_run(function):
    dirty, clean = _dirty_events()
    customers = pd.read_csv(EXAMPLES / "customers.csv", dtype={"customer": str, "segment": str})
    bad_customers = customers.copy()
    bad_customers.loc[0, "weight"] = -2.0
    call = getattr(cxscore, function)
    with pytest.raises(cxscore.InputError) as e:
        call(dirty, EXAMPLES / "map.json", EXAMPLES / "model.json", customers)
    assert (e.value.row, e.value.column) == (5, "touchpoint")
    lenient = call(dirty, EXAMPLES / "map.json", EXAMPLES / "model.json", bad_customers, lenient=True)
    strict = call(clean, EXAMPLES / "map.json", EXAMPLES / "model.json", customers.drop(index=[0]))
    rejected = lenient.attrs["rejected"] if function == "service" else lenient.rejected
    assert list(rejected.index) == [5, 7, 0]  # the events' file rows, then the customers frame's label
    assert list(rejected["column"]) == ["touchpoint", "experience", "weight"]
    assert rejected["value"].iloc[0] == "teleport"
    if function == "service":
        pd.testing.assert_frame_equal(lenient, strict)
    elif function == "owners":
        pd.testing.assert_frame_equal(lenient.scorecard, strict.scorecard)
        pd.testing.assert_frame_equal(lenient.trend, strict.trend)
    else:
        pd.testing.assert_frame_equal(lenient.brand, strict.brand)
        pd.testing.assert_frame_equal(lenient.touchpoints, strict.touchpoints)


@pytest.mark.parametrize("period", ["week", "day"])
def test_monitor_equals_the_cli(cli, brand, tmp_path, period):
    done, result, out = cli_and_python(cli, brand, tmp_path, "monitor", period)
    assert result.brand.index.name == "window"
    assert_same_rows(result.brand, out / "brand_trend.csv")
    assert_same_rows(result.touchpoints, out / "touchpoint_trend.csv")
    assert f"Touchpoint changes beyond noise: {len(result.flagged)}" in done.stdout
    again = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(again.touchpoints, result.touchpoints)


def test_monitor_flag_rule_by_hand():
    # servqual: v = g = (E - 3) / 4. Week 10: -1/2, -1/4 (mean -3/8, SE sqrt(2)/16); week 11: +1/4, +1/2
    # (mean 3/8, same SE). Change 3/4 with SE 1/8 = 6 SE: flagged at z = 3, not at z = 7.
    jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "web", "promise": 3}]})
    events = pd.DataFrame({"customer": ["a", "b", "a", "b"], "touchpoint": "web",
                           "time": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-09", "2026-03-15"]),
                           "experience": [1.0, 2.0, 4.0, 5.0]})
    weekly = cxscore.monitor(events, jm, "servqual").brand
    assert list(weekly.index) == ["2026-W10", "2026-W11"]
    assert weekly["score"].tolist() == [-0.375, 0.375]
    assert weekly["standard_error"].tolist() == pytest.approx([math.sqrt(2) / 16] * 2, rel=1e-14)
    assert weekly["change_se"].iloc[1] == pytest.approx(0.125, rel=1e-14)
    assert weekly["flagged"].tolist() == ["no", "yes"]
    assert cxscore.monitor(events, jm, "servqual", z=7).brand["flagged"].tolist() == ["no", "no"]
    with pytest.raises(cxscore.InputError, match="z must be"):
        cxscore.monitor(events, jm, "servqual", z=0)


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
