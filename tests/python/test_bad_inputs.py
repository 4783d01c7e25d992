"""Every bad input of the `cxscore score` command fails as cleanly from Python: InputError (a ValueError)
naming the source, the row, the column and the value; TypeError for a column of the wrong kind."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import cxscore

MAP = {"touchpoints": [{"name": "web", "promise": 3}, {"name": "survey", "scale": [1, 7]}]}
HEADER = "customer,touchpoint,time,experience,expectation\n"


def score_file(tmp_path, text, **kwargs):
    path = tmp_path / "events.csv"
    path.write_text(text)
    return cxscore.score(cxscore.read_events(path), MAP, **kwargs)


@pytest.mark.parametrize("rows, row, column, value", [
    ("a,web,0,4,\na,shop,0,4,\n", 3, "touchpoint", "shop"),
    ("a,web,0,,\n", 2, "experience", "nan"),
    ("a,web,0,four,\n", 2, "experience", "four"),
    ("a,web,0,NaN,\n", 2, "experience", "nan"),
    ("a,web,0,inf,\n", 2, "experience", "inf"),
    ("a,survey,0,8,4\n", 2, "experience", "8"),
    ("a,survey,0,4,9\n", 2, "expectation", "9"),
    ("a,web,last tuesday,4,\n", 2, "time", "last tuesday"),
    ("a,survey,0,4,\n", 2, "expectation", "nan"),
    ("a,web,0,4,\na,web,0,4,nan\n", 3, "expectation", "nan"),  # written NaN is refused, not read as empty
    ("a,web,0,4,\n,web,0,4,\n", 3, "customer", ""),
])
def test_bad_event_rows_name_file_row_column_and_value(tmp_path, rows, row, column, value):
    with pytest.raises(cxscore.InputError) as caught:
        score_file(tmp_path, HEADER + rows)
    e = caught.value
    assert isinstance(e, ValueError)
    assert (e.file, e.row, e.column, e.value.lower()) == (str(tmp_path / "events.csv"), row, column, value)
    assert f"row {row}, column '{column}'" in str(e) and e.file in str(e)


@pytest.mark.parametrize("text, expect", [
    ("customer,touchpoint,time\na,web,0\n", "missing required column 'experience'"),
    ("customer,touchpoint,time,experience,customer\n", "duplicate column"),
    ("", "empty"),
    (HEADER + '"a,web,0,4,\n', "events.csv"),
])
def test_bad_files(tmp_path, text, expect):
    with pytest.raises(cxscore.InputError, match=expect):
        score_file(tmp_path, text)


@pytest.mark.parametrize("touchpoints, expect", [
    ([{"name": "web", "weight": -1}], "weight"),
    ([{"name": "web", "scale": [5, 5]}], "lo < hi"),
    ([{"name": "web"}, {"name": "web"}], "duplicate touchpoint"),
])
def test_bad_maps(touchpoints, expect):
    with pytest.raises(cxscore.InputError, match=expect):
        cxscore.JourneyMap.from_json({"touchpoints": touchpoints})


def test_transition_to_an_unknown_touchpoint():
    with pytest.raises(cxscore.InputError, match="moon"):
        cxscore.JourneyMap.from_json({"touchpoints": [{"name": "web"}], "transitions": [["web", "moon"]]})


@pytest.mark.parametrize("params, key", [
    ({"lambda_": 0}, "lambda"), ({"alpha": 1.2}, "alpha"), ({"beta": 0}, "beta"), ({"recovery": 1.5}, "recovery"),
    ({"peak_end": -0.1}, "peak_end"), ({"half_life_days": 0}, "half_life_days"),
    ({"weights": {"web": -2}}, "weights.web"),
])
def test_bad_model_parameters(params, key):
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.Model(**params)
    assert caught.value.column == key
    as_json = {("lambda" if k == "lambda_" else k): v for k, v in params.items()}
    with pytest.raises(cxscore.InputError, match=key):
        cxscore.Model.from_json(as_json)


def test_unknown_model_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="gamma"):
        cxscore.Model(gamma=1)


def test_model_weight_for_an_unknown_touchpoint(tmp_path):
    with pytest.raises(cxscore.InputError, match="moon"):
        score_file(tmp_path, HEADER + "a,web,0,4,\n", model=cxscore.Model(weights={"moon": 2}))


def test_nan_customer_weight_names_the_customers_row():
    events = pd.DataFrame({"customer": ["ann"], "touchpoint": ["web"], "time": [0.0], "experience": [4.0]})
    customers = pd.DataFrame({"customer": ["ann"], "weight": [np.nan]}, index=[7])
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP, customers=customers)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("customers DataFrame", 7, "weight")


def test_customer_listed_twice():
    events = pd.DataFrame({"customer": ["ann"], "touchpoint": ["web"], "time": [0.0], "experience": [4.0]})
    customers = pd.DataFrame({"customer": ["ann", "ann"], "weight": [1.0, 2.0]})
    with pytest.raises(cxscore.InputError, match="listed twice"):
        cxscore.score(events, MAP, customers=customers)


def test_a_customer_whose_weights_sum_to_zero_is_named_by_label():
    jm = {"touchpoints": [{"name": "web", "promise": 3, "weight": 0}, {"name": "app", "promise": 3}]}
    events = pd.DataFrame({"customer": ["a", "zed"], "touchpoint": ["app", "web"], "time": [0.0, 0.0],
                           "experience": [4.0, 4.0]})
    with pytest.raises(cxscore.InputError, match="value 'zed'"):
        cxscore.score(events, jm)


def test_all_customer_weights_zero():
    events = pd.DataFrame({"customer": ["a"], "touchpoint": ["web"], "time": [0.0], "experience": [4.0]})
    with pytest.raises(cxscore.InputError, match="sum to 0"):
        cxscore.score(events, MAP, customers=pd.DataFrame({"customer": ["a"], "weight": [0.0]}))


def test_frame_errors_name_the_index_label_and_the_callers_column_name():
    events = pd.DataFrame({"who": ["a", "b"], "touchpoint": ["web", "web"], "time": [0.0, 1.0],
                           "rating": [4.0, 6.5]}, index=["first", "second"])
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP, customer="who", experience="rating")
    e = caught.value
    assert (e.file, e.row, e.column, e.value) == ("events DataFrame", "second", "rating", "6.5")
    assert "outside the scale" in str(e)


def test_the_first_bad_row_is_reported_whichever_check_finds_it():
    events = pd.DataFrame({"customer": ["a", "b"], "touchpoint": ["web", "moon"], "time": [0.0, 1.0],
                           "experience": [9.0, 4.0]})
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP)
    assert (caught.value.row, caught.value.column) == (0, "experience")


@pytest.mark.parametrize("threads", [1, 2, None])
def test_the_first_bad_row_of_a_large_frame_is_reported_whatever_the_threads(threads):
    # 600,000 rows: the core screens them in several pieces, on several threads; the bad rows sit in the
    # second half, the first of them in a later piece than the frame's middle, a second bad row after it.
    n = 600_000
    events = pd.DataFrame({"customer": np.arange(n, dtype=np.int64) // 4, "touchpoint": pd.Categorical.from_codes(
        np.arange(n) % 2, categories=["web", "survey"]), "time": np.zeros(n), "experience": np.full(n, 4.0),
        "expectation": np.where(np.arange(n) % 2 == 1, 4.0, np.nan)}, index=np.arange(n) + 1000)  # web: its promise
    events.loc[events.index[[450_001, 590_000]], "experience"] = [9.5, -3.0]  # survey rows: scale [1, 7]
    events.loc[events.index[520_001], "expectation"] = 8.0
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP, threads=threads)
    e = caught.value
    assert (e.row, e.column, e.value) == (451_001, "experience", "9.5")
    assert "outside the scale [1, 7] of touchpoint 'survey'" in str(e)


@pytest.mark.parametrize("layout", ["customer-sorted", "shuffled", "one long customer"])
def test_the_core_screens_rows_as_it_scores_and_names_the_first_bad_one(layout):
    # The core screens customer-sorted rows a chunk at a time as it scores them; a bad row, or rows in another
    # order, make it screen every row first. Either way the first bad row is named, and clean rows score as the
    # rows a lenient run kept (the lenient path screens every row before scoring).
    n = 300_000
    rng = np.random.default_rng(29)
    customer = np.zeros(n, dtype=np.int64) if layout == "one long customer" else np.arange(n, dtype=np.int64) // 3
    if layout == "shuffled":
        customer = rng.permutation(customer)
    events = pd.DataFrame({"customer": customer, "touchpoint": pd.Categorical.from_codes(
        np.arange(n) % 2, categories=["web", "survey"]), "time": np.zeros(n), "experience": np.full(n, 4.0),
        "expectation": np.where(np.arange(n) % 2 == 1, 4.0, np.nan)})
    events["experience"] = rng.integers(1, 6, n).astype(float)  # within both scales
    clean = cxscore.score(events, MAP).customers
    events.loc[[200_001, 250_001], "experience"] = [9.5, -3.0]  # survey rows: scale [1, 7]
    for threads in (1, None):
        with pytest.raises(cxscore.InputError) as caught:
            cxscore.score(events, MAP, threads=threads)
        assert (caught.value.row, caught.value.column, caught.value.value) == (200_001, "experience", "9.5")
    lenient = cxscore.score(events, MAP, lenient=True)
    assert lenient.rejected.index.tolist() == [200_001, 250_001]
    kept = cxscore.score(events.drop(index=[200_001, 250_001]), MAP).customers
    pd.testing.assert_frame_equal(lenient.customers, kept)
    assert len(clean) == len(kept)


@pytest.mark.parametrize("column, values", [
    ("experience", pd.to_datetime(["2026-01-01"])),
    ("experience", [True]),
    ("time", [pd.Timedelta(1, "s")]),
])
def test_columns_of_the_wrong_kind_are_type_errors(column, values):
    events = pd.DataFrame({"customer": ["a"], "touchpoint": ["web"], "time": [0.0], "experience": [4.0]})
    events[column] = values
    with pytest.raises(TypeError, match=column):
        cxscore.score(events, MAP)


def test_missing_column_and_wrong_argument_types():
    with pytest.raises(cxscore.InputError, match="missing required column 'experience'"):
        cxscore.score(pd.DataFrame({"customer": [], "touchpoint": [], "time": []}), MAP)
    with pytest.raises(TypeError, match="DataFrame"):
        cxscore.score({"customer": ["a"]}, MAP)
    with pytest.raises(TypeError, match="journey_map"):
        cxscore.score(pd.DataFrame(), 42)


def test_lenient_mode_lists_every_bad_row_and_scores_the_rest():
    events = pd.DataFrame({"customer": ["a", None, "b", "c", "d"], "touchpoint": ["web", "web", "moon", "web", "web"],
                           "time": [0.0, 1.0, 2.0, np.nan, 4.0], "experience": [4.0, 4.0, 4.0, 4.0, 0.5]},
                          index=[10, 11, 12, 13, 14])
    result = cxscore.score(events, MAP, lenient=True)
    assert result.rejected.index.tolist() == [11, 12, 13, 14]
    assert result.rejected["column"].tolist() == ["customer", "touchpoint", "time", "experience"]
    assert result.customers.index.tolist() == ["a"]
    assert result.summary["rejected_rows"] == 4


@pytest.mark.parametrize("model", [cxscore.Model.servqual(), cxscore.Model(half_life_days=30)],
                         ids=["reads no times", "reads times"])
@pytest.mark.parametrize("time, value, reason", [
    (np.nan, "nan", "missing or unparsable time"),
    (np.inf, "inf", "missing or unparsable time"),
    (-np.inf, "-inf", "missing or unparsable time"),
    (1e13, "1e+13", "beyond the year 9999"),        # finite
    (-7e10, "-7e+10", "before the year 1"),         # finite
    (np.int64(10**12), "1e+12", "beyond the year 9999"),  # an integer column
])
def test_numeric_times_outside_the_calendar_are_named_whatever_the_model_reads(model, time, value, reason):
    # The core screens numeric times as it scores (Python does not check them first), whether or not the model
    # reads them; a bad time must name its row, also when it is finite, with the reason Python's checks give.
    times = np.array([0, 1, time, 3], dtype=np.int64 if isinstance(time, np.int64) else np.float64)
    events = pd.DataFrame({"customer": ["a", "a", "b", "b"], "touchpoint": ["web"] * 4, "time": times,
                           "experience": [4.0] * 4}, index=[10, 11, 12, 13])
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(events, MAP, model)
    e = caught.value
    assert (e.row, e.column) == (12, "time")
    assert e.value.lower() in {value, str(time).lower()}
    assert e.reason.startswith(reason)
    lenient = cxscore.score(events, MAP, model, lenient=True)
    assert lenient.rejected.index.tolist() == [12]
    assert lenient.customers.loc["b", "events"] == 1


@pytest.mark.parametrize("model", [cxscore.Model.servqual(), cxscore.Model(half_life_days=30)],
                         ids=["reads no times", "reads times"])
def test_the_first_bad_row_is_named_when_numeric_times_are_left_to_the_core(model):
    # Row 11: a missing time; row 13: an unknown touchpoint (Python's check) or an experience off the scale (the
    # core's). The first bad row is named, with Python's reason for the time, whichever check finds the other.
    times = [0.0, np.nan, 2.0, 3.0]
    for touchpoint, experience in (("moon", 4.0), ("web", 99.0)):
        events = pd.DataFrame({"customer": ["a", "a", "b", "b"], "touchpoint": ["web", "web", "web", touchpoint],
                               "time": times, "experience": [4.0, 4.0, 4.0, experience]}, index=[10, 11, 12, 13])
        with pytest.raises(cxscore.InputError) as caught:
            cxscore.score(events, MAP, model)
        assert (caught.value.row, caught.value.column) == (11, "time")
        assert caught.value.reason.startswith("missing or unparsable time")
        later = events.assign(time=[0.0, 1.0, 2.0, 3.0])
        later.loc[13, "time"] = np.nan  # the same row as the other problem: the time comes first in role order
        later.loc[11, "experience"] = 99.0  # off the scale, before it
        with pytest.raises(cxscore.InputError) as caught:
            cxscore.score(later, MAP, model)
        assert (caught.value.row, caught.value.column) == (11, "experience")


def test_input_errors_pickle():
    e = cxscore.InputError("x, row 2: bad", file="x", row=2, column="c", value="v", reason="bad")
    back = pickle.loads(pickle.dumps(e))
    assert (str(back), back.file, back.row, back.column, back.value, back.reason) == (str(e), "x", 2, "c", "v", "bad")
