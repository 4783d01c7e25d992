"""cxscore.dask.score of events as Dask reads them from files, and its progress through Dask's own diagnostics:
a directory of Parquet files (dd.read_parquet) and CSV files (dd.read_csv, the times converted as docs/scaling.md's
"Scaling out" shows), each file holding part of most customers' events, give the pandas API's numbers to 1e-12;
distributed.progress follows the persisted per-customer results, dask.diagnostics.ProgressBar a run on a local
scheduler. The two-worker cluster is test_dask.py's."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import assert_same_customers, assert_same_tables

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'cxscore[dask]'")
distributed = pytest.importorskip("distributed", reason="distributed is not installed: pip install 'cxscore[dask]'")
pytest.importorskip("pyarrow", reason="dd.read_parquet needs pyarrow: pip install pyarrow")
import dask  # noqa: E402

import cxscore.dask  # noqa: E402

FILES = 3


def customers_in_several(frames: list[pd.DataFrame]) -> int:
    """How many customers have events in more than one of ``frames``."""
    seen = pd.concat([pd.Series(f["customer"].unique()) for f in frames])
    return int((seen.value_counts() > 1).sum())


@pytest.fixture(scope="module")
def files(brand, tmp_path_factory):
    """The brand's events (in time order) as FILES Parquet files and FILES CSV files, a range of rows each."""
    events = brand[0]
    root = tmp_path_factory.mktemp("events")
    pieces = np.array_split(np.arange(len(events)), FILES)
    frames = [events.iloc[rows] for rows in pieces]
    assert customers_in_several(frames) > 100, "no customer is split: the test would prove less"
    (root / "parquet").mkdir()
    (root / "csv").mkdir()
    for k, frame in enumerate(frames):
        frame.to_parquet(root / "parquet" / f"part-{k}.parquet", index=False)
        plain = frame.assign(time=frame["time"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        plain.to_csv(root / "csv" / f"part-{k}.csv", index=False)
    return root


def test_events_read_from_parquet_files_score_as_in_pandas(brand, files):
    events, journey_map, model, customers = brand
    want = cxscore.score(events, journey_map, model, customers)
    read = dd.read_parquet(files / "parquet")
    assert read.npartitions == FILES
    got = cxscore.dask.score(read, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_events_read_from_csv_files_score_as_in_pandas(brand, files):
    events, journey_map, model, customers = brand
    want = cxscore.score(events, journey_map, model, customers)
    # Dask infers the types from the first rows, where dimension and expectation are mostly empty: say them.
    read = dd.read_csv(str(files / "csv" / "*.csv"), dtype={"dimension": "str", "expectation": "float64"})
    assert read.npartitions >= FILES
    read["time"] = dd.to_datetime(read["time"], utc=True)  # a CSV holds times as text
    got = cxscore.dask.score(read, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_distributed_progress_follows_the_persisted_customers(brand, files, cluster, capsys):  # noqa: F811
    if cluster is None:
        pytest.skip("no LocalCluster here: distributed.progress needs one")
    events, journey_map, model, customers = brand
    got = cxscore.dask.score(dd.read_parquet(files / "parquet"), journey_map, model, customers)
    futures = distributed.futures_of(got.customers)
    assert len(futures) == FILES, "the per-customer results are persisted, a future a partition"
    distributed.progress(got.customers, notebook=False)
    assert "100% Completed" in capsys.readouterr().out
    distributed.wait(futures)
    assert all(f.status == "finished" for f in futures)


def test_the_local_schedulers_progress_bar_follows_a_run(brand, files):
    from dask.diagnostics import ProgressBar

    events, journey_map, model, customers = brand
    bar = io.StringIO()
    with dask.config.set({"scheduler": "threads", "dataframe.shuffle.method": "tasks"}), ProgressBar(out=bar):
        got = cxscore.dask.score(dd.read_parquet(files / "parquet"), journey_map, model, customers)
        got.customers.compute()
    assert "100% Completed" in bar.getvalue()
    want = cxscore.score(events, journey_map, model, customers)
    assert got.brand_index == pytest.approx(want.brand_index, rel=1e-12)
