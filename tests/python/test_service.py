"""cxscore.service, cxscore.owners and cxscore.LiveScorer equal `cxscore service`, `cxscore owners` and
cxscore.score on the same simulated brand; the threshold callback fires as worked out by hand."""

from __future__ import annotations

import math
import pickle
import re

import numpy as np
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
    """`cxscore <command>` and cxscore.<command> on the brand with its model and customers, ``period``, an
    fdr of 10% and a minimum effect of 0.5 points."""
    out = tmp_path / "out"
    done = run(cli, command, "--map", brand / "map.json", "--events", brand / "events.csv", "--model",
               brand / "model.json", "--customers", brand / "customers.csv", "--period", period, "--fdr", "0.1",
               "--min-effect", "0.5", "--out", out)
    assert done.returncode == 0, done.stderr
    customers = pd.read_csv(brand / "customers.csv", dtype={"customer": str, "segment": str})
    result = getattr(cxscore, command)(cxscore.read_events(brand / "events.csv"), brand / "map.json",
                                       brand / "model.json", customers, period=period, fdr=0.1,
                                       min_effect=0.5)
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
    events["touchpoint"] = events["touchpoint"].cat.add_categories("teleport")  # read as a categorical
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
    dirty["touchpoint"] = dirty["touchpoint"].cat.add_categories("teleport")  # read as a categorical
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
    tested = int(result.touchpoints["p_value"].notna().sum())
    assert f"Touchpoint changes flagged: {len(result.flagged)} of {tested} tested" in done.stdout
    again = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(again.touchpoints, result.touchpoints)


def test_monitor_flag_rule_by_hand():
    # servqual: v = g = (E - 3) / 4. Week 10: -1/2, -1/4 (mean -3/8, SE sqrt(2)/16); week 11: +1/4, +1/2
    # (mean 3/8, same SE). Change 3/4 with SE 1/8 = 6 SE: p = erfc(6 / sqrt 2), the only change tested so
    # q = p; 37.5 index points. Flagged at fdr 5% and a minimum effect of 1 point, not at 40 points nor at
    # an fdr below q.
    jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "web", "promise": 3}]})
    events = pd.DataFrame({"customer": ["a", "b", "a", "b"], "touchpoint": "web",
                           "time": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-09", "2026-03-15"]),
                           "experience": [1.0, 2.0, 4.0, 5.0]})
    weekly = cxscore.monitor(events, jm, "servqual").brand
    assert list(weekly.index) == ["2026-W10", "2026-W11"]
    assert weekly["score"].tolist() == [-0.375, 0.375]
    assert weekly["standard_error"].tolist() == pytest.approx([math.sqrt(2) / 16] * 2, rel=1e-14)
    assert weekly["change_se"].iloc[1] == pytest.approx(0.125, rel=1e-14)
    assert weekly["q_value"].iloc[1] == pytest.approx(math.erfc(6 / math.sqrt(2)), rel=1e-12)
    assert weekly["index_change"].iloc[1] == pytest.approx(37.5, rel=1e-14)
    assert weekly["flagged"].tolist() == [False, True]
    assert cxscore.monitor(events, jm, "servqual", min_effect=40).brand["flagged"].tolist() == [False, False]
    assert cxscore.monitor(events, jm, "servqual", fdr=1e-9).brand["flagged"].tolist() == [False, False]
    # ISO weeks start on Monday: week 10 of 2026 is 2 March 00:00 UTC up to 9 March.
    assert weekly["start"].tolist() == [pd.Timestamp("2026-03-02", tz="UTC"), pd.Timestamp("2026-03-09", tz="UTC")]
    assert weekly["end"].tolist() == [pd.Timestamp("2026-03-09", tz="UTC"), pd.Timestamp("2026-03-16", tz="UTC")]
    with pytest.raises(cxscore.InputError, match="false-discovery rate must"):
        cxscore.monitor(events, jm, "servqual", fdr=0)
    with pytest.raises(cxscore.InputError, match="minimum effect must"):
        cxscore.monitor(events, jm, "servqual", min_effect=-1)


def _by_hand_events():
    jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "web", "promise": 3}]})
    events = pd.DataFrame({"customer": ["a", "b", "a", "b"], "touchpoint": "web",
                           "time": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-09", "2026-03-15"]),
                           "experience": [1.0, 2.0, 4.0, 5.0]})
    return events, jm


def test_monitor_and_owners_columns_have_the_types_they_mean():
    events, jm = _by_hand_events()
    result = cxscore.monitor(events, jm, "servqual")
    trend = cxscore.owners(events, jm, "servqual", period="week").trend
    for frame in (result.brand, result.touchpoints, trend):
        assert str(frame["start"].dtype) == "datetime64[ns, UTC]" and str(frame["end"].dtype) == "datetime64[ns, UTC]"
        assert frame["count"].dtype == np.int64 and frame["flagged"].dtype == np.bool_
        for column in ("score", "index", "standard_error", "mean_gap", "unmet_share", "change", "change_se",
                       "index_change", "p_value", "q_value"):
            assert frame[column].dtype == np.float64, column
        assert frame["count"].tolist() == [2, 2]
        assert (frame["end"] - frame["start"] == pd.Timedelta(days=7)).all()
    assert result.brand.index.tolist() == ["2026-W10", "2026-W11"]
    assert result.touchpoints["touchpoint"].tolist() == ["web", "web"] and trend["owner"].tolist() == ["unassigned"] * 2
    assert math.isnan(result.brand["change"].iloc[0])  # a first window has no change
    assert result.flagged["window"].tolist() == ["2026-W11"]


def test_service_and_owner_counts_are_ints():
    sim = cxscore.simulate(customers=300, seed=1)
    table = cxscore.service(sim.events, sim.journey_map)
    assert table["unmet_visits"].dtype == np.int64 and isinstance(table.attrs["service_contacts"], int)
    card = cxscore.owners(sim.events, sim.journey_map, sim.model, sim.customers).scorecard
    for column in ("touchpoints", "encounters", "handled_contacts"):
        assert card[column].dtype == np.int64, column
    assert card["touchpoints"].sum() == len(sim.journey_map)
    assert card["encounters"].sum() == len(sim.events)
    assert all(isinstance(v, str) and v for v in card["verdict"])


@pytest.mark.parametrize("function", ["monitor", "owners"])
def test_monitor_errors_name_the_events_frame_not_fdr(function):
    events, jm = _by_hand_events()
    with pytest.raises(cxscore.InputError) as e:
        getattr(cxscore, function)(events, jm, "servqual", fdr=0)
    assert (e.value.file, e.value.column, e.value.value) == ("events DataFrame", "fdr", "0")
    assert str(e.value).startswith("events DataFrame, column 'fdr', value '0': the false-discovery rate must")
    # A frame read from a file is named by its file, as cxscore.score names it.
    read = cxscore.read_events(EXAMPLES / "events.csv")
    with pytest.raises(cxscore.InputError) as e:
        getattr(cxscore, function)(read, EXAMPLES / "map.json", min_effect=-1)
    assert e.value.file == read.attrs["cxscore_source"] and e.value.file != "min_effect"


def test_a_time_span_too_long_names_the_events_frame():
    # Epoch seconds 0 and 2e11 (year 8307) are both calendar times, but 2.3 million days apart: more
    # windows than monitor builds.
    jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "web", "promise": 3}]})
    events = pd.DataFrame({"customer": ["a", "b"], "touchpoint": "web", "time": [0.0, 2e11],
                           "experience": [1.0, 2.0]})
    with pytest.raises(cxscore.InputError, match="more than 10.6 windows") as e:
        cxscore.monitor(events, jm, "servqual", period="day")
    assert (e.value.file, e.value.column) == ("events DataFrame", "time")


def test_service_window_error_names_the_events_frame():
    events, jm = _by_hand_events()
    with pytest.raises(cxscore.InputError) as e:
        cxscore.service(events, jm, window_days=-1)
    assert (e.value.file, e.value.column, e.value.value) == ("events DataFrame", "window_days", "-1")


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
    # The alerting events' times (days 1, 2 and 7 after the epoch) as UTC Timestamps.
    assert [a.time for a in alerts] == [pd.Timestamp(f"1970-01-{d:02}", tz="UTC") for d in (2, 3, 8)]
    assert all(isinstance(a.time, pd.Timestamp) for a in alerts)
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
