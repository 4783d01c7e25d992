"""``progress=True``: read_events (a CSV's bytes, a Parquet file's rows) and score (its steps) draw a bar on
standard error, tqdm's when it is installed, else a line of tqdm's form; standard output stays empty and the
results are those of a call without it. The line itself: percentages that never go down, ending at 100%."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

import cxscore
from cxscore import _progress


@pytest.fixture(params=["tqdm", "own line"])
def bar_kind(request, monkeypatch):
    """Each test twice: with tqdm (when installed), and with the line drawn without it."""
    if request.param == "tqdm":
        pytest.importorskip("tqdm", reason="tqdm is not installed: the line of its form is tested instead")
    else:
        monkeypatch.setattr(_progress, "_tqdm", lambda *args: None)
    return request.param


@pytest.fixture(scope="module")
def event_files(tmp_path_factory):
    sim = cxscore.simulate(customers=3000, seed=2)
    root = tmp_path_factory.mktemp("progress")
    csv = root / "events.csv"
    sim.events.assign(time=sim.events["time"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(csv, index=False)
    parquet = root / "events.parquet"
    pytest.importorskip("pyarrow")
    sim.events.to_parquet(parquet, index=False)
    return sim, csv, parquet


def percentages(text: str) -> list[int]:
    return [int(p) for p in re.findall(r"(\d+)%\|", text)]


def test_the_line_counts_up_to_its_total_and_never_goes_back(monkeypatch):
    monkeypatch.setattr(_progress, "_tqdm", lambda *args: None)  # the line of tqdm's form, with or without tqdm
    out = io.StringIO()
    bar = _progress.ProgressBar(1_000_000, "reading x.csv", "B", file=out)
    for _ in range(10):
        bar.update(100_000)
    bar.close()
    text = out.getvalue()
    shown = percentages(text)
    assert shown == sorted(shown) and shown[-1] == 100
    assert "| 1.0M/1.0M [00:00<00:00, " in text and "\r" not in text  # not a terminal: whole lines
    assert text.startswith("reading x.csv:")


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_read_events_shows_progress_on_standard_error_only(event_files, bar_kind, kind, capsys):
    sim, csv, parquet = event_files
    path = csv if kind == "csv" else parquet
    quiet = cxscore.read_events(path)
    assert capsys.readouterr().err == ""
    shown = cxscore.read_events(path, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"reading {path.name}" in captured.err
    assert percentages(captured.err)[-1] == 100
    pd.testing.assert_frame_equal(shown, quiet)
    if kind == "csv":
        assert f"{len(sim.events):,} rows" in captured.err


def test_score_shows_its_steps_on_standard_error_only(event_files, bar_kind, capsys):
    sim = event_files[0]
    quiet = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    shown = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cxscore.score" in captured.err and "2/2" in captured.err
    assert f"checking {len(sim.events):,} events" in captured.err
    pd.testing.assert_frame_equal(shown.customers, quiet.customers)
    pd.testing.assert_frame_equal(shown.touchpoints, quiet.touchpoints)


def test_a_strict_error_ends_the_line_and_raises_as_without_progress(event_files, bar_kind, capsys):
    sim = event_files[0]
    bad = sim.events.copy()
    bad["experience"] = bad["experience"].astype(object)
    bad.loc[7, "experience"] = "n/a"
    with pytest.raises(cxscore.InputError) as quiet:
        cxscore.score(bad, sim.journey_map, sim.model, sim.customers)
    with pytest.raises(cxscore.InputError) as shown:
        cxscore.score(bad, sim.journey_map, sim.model, sim.customers, progress=True)
    assert str(shown.value) == str(quiet.value)
    assert capsys.readouterr().out == ""
