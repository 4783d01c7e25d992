"""cxscore.journeys and cxscore.markov_from_paths equal `cxscore journeys` on the same inputs."""

from __future__ import annotations

import math
import pickle

import pandas as pd
import pytest

import cxscore
from conftest import EXAMPLES, assert_same_rows, data_file, run, simulated_brand


def cli_journeys(cli, out, *args):
    done = run(cli, "journeys", "--out", out, "--dot", out.parent / (out.name + ".dot"), *args)
    assert done.returncode == 0, done.stderr
    return out, (out.parent / (out.name + ".dot")).read_text()


def assert_matches(result, out, dot) -> None:
    assert_same_rows(result.edges, out / "edges.csv")
    assert_same_rows(result.variants, out / "variants.csv")
    assert_same_rows(result.loops, out / "loops.csv")
    assert_same_rows(result.key_paths, out / "key_paths.csv")
    assert result.to_dot() == dot
    if result.markov is not None:
        assert_same_rows(result.markov, out / "markov.csv")
        assert_same_rows(result.markov_notes, out / "markov_notes.csv")
        assert result.markov.attrs["notes"] == result.markov_notes["note"].to_dict()
    else:
        assert result.markov_notes is None and not (out / "markov.csv").exists()


@pytest.fixture(scope="module")
def brand(cli, tmp_path_factory):
    return simulated_brand(cli, tmp_path_factory.mktemp("brand"), customers=1200, seed=5)


def test_simulated_brand_with_outcomes(cli, brand, tmp_path):
    out, dot = cli_journeys(cli, tmp_path / "out", "--events", brand / "events.csv", "--map", brand / "map.json",
                            "--outcomes", brand / "outcomes.csv")
    events = cxscore.read_events(brand / "events.csv")
    outcomes = pd.read_csv(brand / "outcomes.csv", dtype={"customer": str, "retained": str})
    result = cxscore.journeys(events, cxscore.read_map(brand / "map.json"), outcomes)
    assert_matches(result, out, dot)
    assert result.markov.attrs["journeys"] == len(outcomes)
    assert result.markov.index.name == "touchpoint"
    again = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(again.markov, result.markov)


def test_worst_experience_path_has_the_support_it_asks_for(cli, brand, tmp_path):
    # The worst-experience key path is the variant of the variants table with the lowest mean score among
    # those taken by at least min_path_share of the journeys, as the CLI's --min-path-share.
    events = cxscore.read_events(brand / "events.csv")
    jm = cxscore.read_map(brand / "map.json")
    for share in (0.0, 0.002):
        out, dot = cli_journeys(cli, tmp_path / f"out{share}", "--events", brand / "events.csv", "--map",
                                brand / "map.json", "--min-path-share", str(share))
        result = cxscore.journeys(events, jm, min_path_share=share)
        assert_matches(result, out, dot)
        assert list(result.key_paths.columns) == ["path", "probability", "customers", "mean_score"]
        support = max(1, math.ceil(share * result.customers))
        variants = result.variants[result.variants["customers"] >= support].dropna(subset=["mean_score"])
        worst = result.key_paths.loc["worst_experience"]
        assert worst["mean_score"] == variants["mean_score"].min()
        assert worst["path"] == variants["mean_score"].idxmin()
        assert worst["customers"] >= support
    with pytest.raises(ValueError, match="min_path_share"):
        cxscore.journeys(events, jm, min_path_share=2)


def test_outcomes_as_booleans_and_filters(cli, brand, tmp_path):
    out, dot = cli_journeys(cli, tmp_path / "out", "--events", brand / "events.csv", "--outcomes",
                            brand / "outcomes.csv", "--min-edge-count", "20", "--min-variant-count", "3")
    events = pd.read_csv(brand / "events.csv")  # no map: discovery alone, experience ignored
    outcomes = pd.read_csv(brand / "outcomes.csv").assign(retained=lambda f: f["retained"] == "yes")
    result = cxscore.journeys(events.drop(columns=["experience"]), outcomes=outcomes, min_edge_count=20,
                              min_variant_count=3)
    assert_matches(result, out, dot)


def test_examples_with_map(cli, tmp_path):
    out, dot = cli_journeys(cli, tmp_path / "out", "--events", EXAMPLES / "events.csv", "--map", EXAMPLES / "map.json")
    result = cxscore.journeys(cxscore.read_events(EXAMPLES / "events.csv"), EXAMPLES / "map.json")
    assert_matches(result, out, dot)
    assert result.markov is None
    assert result.edges["mean_gap"].notna().any()


def test_helpdesk_log(cli, tmp_path):
    log = data_file("helpdesk.csv.gz")
    out, dot = cli_journeys(cli, tmp_path / "out", "--events", log, "--columns",
                            "customer=case_id,touchpoint=activity,time=timestamp")
    frame = pd.read_csv(log, usecols=["case_id", "activity", "timestamp"])
    result = cxscore.journeys(frame, customer="case_id", touchpoint="activity", time="timestamp")
    assert_matches(result, out, dot)


def test_lenient_skips_and_lists_the_rows_the_cli_skips(cli, tmp_path):
    # Row 3 (file row, header = 1) has no time, row 4 an experience outside [1, 5] and row 6 a touchpoint
    # not in the map; c9's only row is bad, so c9 is no journey at all (and needs no outcome).
    text = ("customer,touchpoint,time,experience\n"
            "c1,website,2026-03-01T10:00:00Z,4\nc1,checkout,,3\nc2,website,2026-03-01T10:00:00Z,9\n"
            "c2,checkout,2026-03-01T11:00:00Z,2\nc9,teleport,2026-03-01T12:00:00Z,3\nc3,website,2026-03-02,\n")
    (tmp_path / "events.csv").write_text(text)
    outcomes = pd.DataFrame({"customer": ["c1", "c2", "c3"], "retained": ["yes", "no", "yes"]})
    outcomes.to_csv(tmp_path / "outcomes.csv", index=False)
    out, dot = cli_journeys(cli, tmp_path / "out", "--events", tmp_path / "events.csv", "--map", EXAMPLES / "map.json",
                            "--outcomes", tmp_path / "outcomes.csv", "--lenient")
    events = cxscore.read_events(tmp_path / "events.csv")
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(events, EXAMPLES / "map.json", outcomes)
    assert e.value.row == 3
    result = cxscore.journeys(events, EXAMPLES / "map.json", outcomes, lenient=True)
    assert_matches(result, out, dot)
    cli_rejected = pd.read_csv(out / "rejected.csv", keep_default_na=False)
    assert result.rejected.index.tolist() == cli_rejected["row"].tolist() == [3, 4, 6]
    assert result.rejected["column"].tolist() == cli_rejected["column"].tolist() == ["time", "experience", "touchpoint"]
    assert result.rejected["reason"].str.contains("scale").tolist() == [False, True, False]
    assert result.customers == 3 and result.events == 3
    # Without a map, discovery keeps the touchpoints of the rows kept, in order of first appearance.
    plain = cxscore.journeys(events.drop(columns="experience"), lenient=True)
    out2, dot2 = cli_journeys(cli, tmp_path / "plain", "--events", tmp_path / "events.csv", "--lenient")
    assert_matches(plain, out2, dot2)
    assert plain.rejected.index.tolist() == [3]
    assert cxscore.journeys(events.drop(index=[1]).drop(columns="experience")).rejected.empty


def test_markov_from_paths_hand_solved(cli, tmp_path):
    # C1 > C2 > C3 converts once; C1 and C2 > C3 do not: P = 1/3. Without C1 the 2/3 of journeys that start
    # there fail and start -> C2 -> C3 converts half the time: P = 1/3 * 1/2 = 1/6, effect 1 - (1/6) / (1/3)
    # = 0.5. Every conversion passes C2 and C3: without either nothing converts, effect 1.
    paths = pd.DataFrame({"path": ["C1 > C2 > C3", "C1", "C2 > C3"], "total_conversions": [1, 0, 0],
                          "total_null": [0, 1, 1]})
    markov = cxscore.markov_from_paths(paths)
    assert markov["removal_effect"].to_dict() == pytest.approx({"C1": 0.5, "C2": 1.0, "C3": 1.0}, abs=1e-12)
    assert markov["credit"].sum() == pytest.approx(1.0)
    assert markov.attrs["success_probability"] == pytest.approx(1 / 3)
    assert list(markov.columns) == ["removal_effect", "credit"] and markov.attrs["notes"] == {}
    never = cxscore.markov_from_paths(paths.assign(total_conversions=0))
    assert never["removal_effect"].tolist() == [0.0, 0.0, 0.0]
    assert never.attrs["notes"] == {c: "the outcome is never reached" for c in ("C1", "C2", "C3")}
    paths.to_csv(tmp_path / "paths.csv", index=False)
    done = run(cli, "journeys", "--paths", tmp_path / "paths.csv", "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert_same_rows(markov, tmp_path / "out" / "markov.csv")


def test_bad_paths_name_the_row():
    paths = pd.DataFrame({"path": ["a > b", "b"], "total_conversions": [1, -2]}, index=["x", "y"])
    with pytest.raises(cxscore.InputError) as e:
        cxscore.markov_from_paths(paths)
    assert e.value.row == "y" and e.value.column == "total_conversions"


COUNT_REASON = "expected a count from 0 to 1e15 (max_path_count)"


@pytest.mark.parametrize("column, cells, row, value, reason", [
    ("path", ["a > b", None], "y", "", "the path is empty"),
    ("path", ["a >  > b", "b"], "x", "a >  > b", "a channel name between ' > ' is empty"),
    ("total_conversions", [1, "lots"], "y", "lots", COUNT_REASON),
    ("total_null", [0.0, float("nan")], "y", "nan", COUNT_REASON),
    ("total_null", [0.0, 1e16], "y", "1e+16", COUNT_REASON),
])
def test_bad_paths_name_the_frame_row_and_cell(column, cells, row, value, reason):
    # As `cxscore journeys --paths` refuses a file's rows, with the frame's row label and the cell as it is there.
    paths = pd.DataFrame({"path": ["a > b", "b"], "total_conversions": [1, 0], "total_null": [0, 2]}, index=["x", "y"])
    paths[column] = cells
    with pytest.raises(cxscore.InputError) as e:
        cxscore.markov_from_paths(paths)
    assert (e.value.file, e.value.row, e.value.column, e.value.value, e.value.reason) == (
        "paths DataFrame", row, column, value, reason)


def test_paths_frame_columns_as_the_file_header():
    with pytest.raises(cxscore.InputError) as e:
        cxscore.markov_from_paths(pd.DataFrame({"path": ["a"], "total_null": [1]}))
    assert e.value.column == "total_conversions"
    assert e.value.reason.startswith("missing required column 'total_conversions' (the header has 'path'")
    with pytest.raises(cxscore.InputError, match="no paths"):
        cxscore.markov_from_paths(pd.DataFrame({"path": [], "total_conversions": []}))
    # Counts given as text are read as numbers, and total_null is optional.
    markov = cxscore.markov_from_paths(pd.DataFrame({"path": ["a > b", "a"], "total_conversions": ["2", "1"]}))
    assert markov.attrs["journeys"] == 3 and markov.attrs["successes"] == 3


def test_unknown_touchpoint_with_a_map_names_row_and_column():
    events = pd.DataFrame({"who": ["a", "a"], "touchpoint": ["website", "teleport"], "time": [0.0, 1.0]},
                          index=[10, 11])
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(events, EXAMPLES / "map.json", customer="who")
    assert (e.value.row, e.value.column, e.value.value) == (11, "touchpoint", "teleport")
    assert "row 11" in str(e.value)


@pytest.mark.parametrize("name, reason", [("__start__", "reserved"), ("__end__", "reserved"),
                                          (" web", "blanks"), ("web ", "blanks")])
def test_without_a_map_a_touchpoint_no_map_could_have_is_refused(name, reason):
    # As `cxscore journeys --events` without --map: edges.csv marks starts and ends with __start__/__end__, and
    # " web" would be a second touchpoint beside "web".
    events = pd.DataFrame({"customer": ["a", "a", "b"], "touchpoint": ["web", name, "web"], "time": [0.0, 1.0, 2.0]},
                          index=[7, 8, 9])
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(events)
    assert (e.value.row, e.value.column, e.value.value) == (8, "touchpoint", name)
    assert reason in e.value.reason
    assert len(cxscore.journeys(events, lenient=True).rejected) == 1


def test_experience_outside_the_scale_names_row_and_column():
    events = pd.DataFrame({"customer": ["a", "a"], "touchpoint": ["website", "website"], "time": [0.0, 1.0],
                           "rating": [3.0, 99.0]}, index=["r1", "r2"])
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(events, EXAMPLES / "map.json", experience="rating")
    assert (e.value.row, e.value.column) == ("r2", "rating")


def test_bad_outcomes():
    events = pd.DataFrame({"customer": ["a", "b"], "touchpoint": ["web", "web"], "time": [0.0, 1.0]})
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(events, outcomes=pd.DataFrame({"customer": ["a", "b"], "won": ["yes", "maybe"]}),
                         outcome="won")
    assert (e.value.row, e.value.column, e.value.value) == (1, "won", "maybe")
    with pytest.raises(cxscore.InputError, match="no outcome row"):
        cxscore.journeys(events, outcomes=pd.DataFrame({"customer": ["a"], "retained": [1]}))
    with pytest.raises(cxscore.InputError, match="listed twice"):
        cxscore.journeys(events, outcomes=pd.DataFrame({"customer": ["a", "b", "a"], "retained": [1, 0, 1]}))


def test_missing_time_names_row():
    events = pd.DataFrame({"customer": ["a", "a"], "touchpoint": ["web", "call"], "time": ["2026-01-01", "soon"]})
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(events)
    assert (e.value.row, e.value.column) == (1, "time")


def test_integer_ids_between_customers_need_no_outcome():
    """Dense integer ids number the ids between them too (2 here, which has no events): only a customer with events
    needs an outcome row, and the chain counts the journeys that happened."""
    log = pd.DataFrame({"customer": [1, 1, 3], "touchpoint": ["web", "shop", "web"], "time": [0, 60, 0]})
    won = pd.DataFrame({"customer": [1, 3, 2], "retained": ["yes", "no", "yes"]})
    r = cxscore.journeys(log, outcomes=won)
    assert r.markov.attrs["journeys"] == 2
    assert r.markov.attrs["successes"] == 1
    with pytest.raises(cxscore.InputError, match="the customer has events but no outcome row") as e:
        cxscore.journeys(log, outcomes=won.iloc[[0, 2]])
    assert e.value.value == "3"


def test_outcome_errors_name_the_first_bad_row():
    log = pd.DataFrame({"customer": ["a", "b"], "touchpoint": ["web", "web"], "time": [0, 0]})
    twice = pd.DataFrame({"customer": ["a", "b", "a", "c"], "retained": ["yes", "no", "no", "maybe"]},
                         index=[10, 11, 12, 13])
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(log, outcomes=twice)
    assert (e.value.row, e.value.column, e.value.reason) == (12, "customer", "the customer is listed twice")
    with pytest.raises(cxscore.InputError) as e:
        cxscore.journeys(log, outcomes=twice.iloc[[0, 1, 3, 2]])
    assert (e.value.row, e.value.column, e.value.value) == (13, "retained", "maybe")


def test_journey_summaries_travel_as_bytes():
    """The summaries a partition sends: three byte forms that read back to the same bytes, pickle as them, and
    refuse what is not theirs."""
    from cxscore import _core
    from cxscore._columns import prepare_events

    log = pd.DataFrame({"customer": ["a", "a", "b"], "touchpoint": ["web", "shop", "web"], "time": [0, 60, 0]})
    prepared = prepare_events(log, None, {"customer": "customer", "touchpoint": "touchpoint", "time": "time"},
                              ("customer", "touchpoint", "time"), byte_codes=False)
    outcome = pd.array([1, 0], dtype="int8").to_numpy()
    s = _core.journey_summaries_columns(prepared.columns, prepared.touchpoint_names, None, outcome)
    dfg, paths, markov = s.to_bytes()
    assert dfg[:4] == b"CXSB" and (dfg[6], paths[6], markov[6]) == (2, 4, 3)
    back = _core.JourneySummaries.from_bytes(dfg, paths, markov)
    assert back.to_bytes() == (dfg, paths, markov)
    assert pickle.loads(pickle.dumps(s)).to_bytes() == (dfg, paths, markov)
    assert (back.touchpoint_names, back.customers, back.events) == (["web", "shop"], 2, 3)
    back.merge(s)
    assert (back.customers, back.events) == (4, 6)
    tables = _core.journeys_tables(back)
    assert tables["variants"]["customers"].tolist() == [2, 2]
    assert tables["markov"]["journeys"] == 4
    with pytest.raises(cxscore.InputError) as e:
        _core.JourneySummaries.from_bytes(paths, dfg, markov)
    assert e.value.column == "kind"
    with pytest.raises(ValueError):  # with outcomes and without
        back.merge(_core.journey_summaries_columns(prepared.columns, prepared.touchpoint_names))
    swapped = back.recoded([1, 0], ["shop", "web"])
    assert swapped.touchpoint_names == ["shop", "web"]
    assert _core.journeys_tables(swapped)["variants"]["variant"] == _core.journeys_tables(back)["variants"]["variant"]
