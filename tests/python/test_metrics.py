"""cxscore.metrics against the `cxscore metrics` command (1e-12) and NPS worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import TOLERANCE, run


def responses():
    rng = np.random.default_rng(3)
    n = 400
    frame = pd.DataFrame({
        "segment": rng.choice(["gold", "silver", "bronze"], size=n),
        "ltr": rng.integers(0, 11, size=n).astype(float),
        "sat": rng.integers(1, 6, size=n).astype(float),
        "effort": rng.integers(1, 8, size=n).astype(float),
    })
    frame.loc[rng.choice(n, 40, replace=False), "ltr"] = np.nan  # not answered
    frame.loc[rng.choice(n, 25, replace=False), "effort"] = np.nan
    return frame


@pytest.mark.parametrize("by", [None, "segment"])
def test_metrics_equal_the_cli(cli, tmp_path, by):
    frame = responses()
    path = tmp_path / "responses.csv"
    frame.to_csv(path, index=False, float_format="%.0f")
    args = ["metrics", "--table", path, "--nps", "ltr", "--csat", "sat", "--ces", "effort",
            "--confidence", 0.9, "--out", tmp_path / "out"]
    done = run(cli, *(args + (["--by", by] if by else [])))
    assert done.returncode == 0, done.stderr
    expected = pd.read_csv(tmp_path / "out" / "metrics.csv", keep_default_na=False, dtype={"group": str})
    actual = cxscore.metrics(frame, nps="ltr", csat="sat", ces="effort", by=by, confidence=0.9)
    assert list(actual.columns) == list(expected.columns)
    assert actual[["group", "metric", "n"]].values.tolist() == expected[["group", "metric", "n"]].values.tolist()
    for column in ("value", "se", "lower", "upper"):
        a, e = actual[column].to_numpy(), expected[column].to_numpy(dtype=float)
        assert (np.abs(a - e) <= TOLERANCE * np.maximum(1, np.abs(e))).all(), column


def test_nps_and_its_standard_error_by_hand():
    ratings = [10, 10, 9, 9, 9, 8, 7, 6, 5, 0]  # 5 promoters, 3 detractors of 10
    m = cxscore.metrics(pd.DataFrame({"ltr": ratings}), nps="ltr").iloc[0]
    p, d, n = 0.5, 0.3, 10
    assert m["n"] == 10 and m["value"] == pytest.approx(20, abs=1e-12)
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
    assert m["se"] == pytest.approx(se, abs=1e-12)
    assert m["upper"] - m["value"] == pytest.approx(1.959963984540054 * se, rel=1e-12)


def test_a_group_called_all_is_refused_as_by_the_cli(cli, tmp_path):
    # "all" names the overall rows, so a group of that name could not be told from them.
    frame = pd.DataFrame({"segment": ["gold", "all"], "ltr": [9.0, 3.0]}, index=["r1", "r2"])
    with pytest.raises(cxscore.InputError) as e:
        cxscore.metrics(frame, nps="ltr", by="segment")
    assert e.value.row == "r2" and e.value.column == "segment" and e.value.value == "all"
    path = tmp_path / "responses.csv"
    frame.to_csv(path, index=False)
    done = run(cli, "metrics", "--table", path, "--nps", "ltr", "--by", "segment", "--out", tmp_path / "out")
    assert done.returncode == 2 and "row 3, column 'segment', value 'all'" in done.stderr


def test_out_of_scale_rating_names_row_and_column():
    frame = pd.DataFrame({"ltr": [9.0, np.nan, 11.0], "sat": [1, 2, 3]}, index=["r1", "r2", "r3"])
    with pytest.raises(cxscore.InputError) as e:
        cxscore.metrics(frame, csat="sat", nps="ltr")
    assert e.value.row == "r3" and e.value.column == "ltr" and e.value.value == "11"
    assert "r3" in str(e.value) and "whole number from 0 to 10" in str(e.value)
    with pytest.raises(cxscore.InputError) as e:
        cxscore.metrics(pd.DataFrame({"c": [4, 4.5]}), csat="c")
    assert e.value.row == 1 and e.value.column == "c"
    with pytest.raises(cxscore.InputError, match="not a number"):
        cxscore.metrics(pd.DataFrame({"c": ["4", "lots"]}), csat="c")
    with pytest.raises(ValueError):
        cxscore.metrics(frame)


@pytest.mark.parametrize("group", [None, " "])
def test_an_empty_group_is_refused_as_by_the_cli(cli, tmp_path, group):
    # A missing or blank group would be a group named "" in metrics.csv, which reads as no group at all.
    frame = pd.DataFrame({"segment": ["gold", group], "ltr": [9.0, 3.0]}, index=["r1", "r2"])
    with pytest.raises(cxscore.InputError, match="group is empty") as e:
        cxscore.metrics(frame, nps="ltr", by="segment")
    assert e.value.row == "r2" and e.value.column == "segment"
    path = tmp_path / "responses.csv"
    frame.to_csv(path, index=False, quoting=1)  # every cell quoted, so the blank survives as " "
    done = run(cli, "metrics", "--table", path, "--nps", "ltr", "--by", "segment", "--out", tmp_path / "out")
    assert done.returncode == 2 and "row 3, column 'segment'" in done.stderr and "group is empty" in done.stderr
