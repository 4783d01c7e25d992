"""ScoreResult.to_folder: the command's output folder, written from Python (its bytes against the command's are
checked in test_cli_agreement.py)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

import cxscore

MAP = {"touchpoints": [{"name": "web", "promise": 3, "owner": "ecommerce"},
                       {"name": "delivery", "scale": [0, 240], "direction": "lower", "promise": 48,
                        "owner": "logistics"}]}


def events(customers) -> pd.DataFrame:
    return pd.DataFrame({"customer": customers, "touchpoint": ["web", "delivery", "web", "web"],
                         "time": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]),
                         "experience": [4.0, 96.0, 2.0, 3.0]})


def rows(path) -> dict[str, list[str]]:
    with open(path, newline="") as f:
        return {row[0]: row[1:] for row in csv.reader(f)}


@pytest.mark.parametrize("ids", [["ann", "ann", "bob, \"the\" builder", "cat"], [17, 17, 4, 900000000000],
                                 pd.Categorical(["ann", "ann", "bob", "cat"])])
def test_customers_csv_holds_every_customer_with_its_numbers_in_round_trip_form(tmp_path, ids):
    result = cxscore.score(events(ids), MAP, "servqual")
    result.to_folder(tmp_path / "out")
    written = rows(tmp_path / "out" / "customers.csv")
    assert written.pop("customer") == ["score", "index", "events"]
    frame = result.customers
    assert sorted(written) == sorted(str(c) for c in frame.index)
    for label, (score, index, count) in written.items():
        row = frame.loc[next(c for c in frame.index if str(c) == label)]
        assert (float(score), float(index), int(count)) == (row["score"], row["index"], row["events"])
    # ann: web 4 against 3 on 1-5 (+0.25), delivery 96 h against 48 on 0-240, lower is better (-0.2): mean 0.025
    assert float(written[str(ids[0])][0]) == pytest.approx((0.25 - 0.2) / 2, abs=1e-15)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["customers"] == 3 and summary["events"] == 4
    touchpoints = pd.read_csv(tmp_path / "out" / "touchpoints.csv", index_col=0)
    pd.testing.assert_frame_equal(touchpoints, result.touchpoints, check_dtype=False, check_names=False,
                                  rtol=0, atol=0)


def test_an_earlier_output_is_replaced_and_any_other_folder_refused_unchanged(tmp_path):
    result = cxscore.score(events(["a", "a", "b", "c"]), MAP)
    out = tmp_path / "out"
    result.to_folder(out)
    cxscore.score(events(["x", "x", "y", "y"]), MAP).to_folder(out)  # an earlier output: replaced whole
    assert sorted(rows(out / "customers.csv")) == ["customer", "x", "y"]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(cxscore.InputError):
        result.to_folder(mine)
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert (mine / "notes.txt").read_text() == "keep me"


def test_rejected_rows_are_written_beside_the_results_in_lenient_mode(tmp_path):
    frame = events(["a", "a", "b", "c"])
    frame.loc[2, "touchpoint"] = "moon"
    result = cxscore.score(frame, MAP, lenient=True)
    result.to_folder(tmp_path / "out")
    rejected = pd.read_csv(tmp_path / "out" / "rejected.csv")
    assert rejected.columns.tolist() == ["row", "column", "value", "reason"]
    assert rejected[["row", "column", "value"]].values.tolist() == [[2, "touchpoint", "moon"]]
    assert np.isclose(json.loads((tmp_path / "out" / "summary.json").read_text())["rejected_rows"], 1)
