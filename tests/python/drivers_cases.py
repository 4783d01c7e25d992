"""What test_dask_drivers.py and test_spark_drivers.py check cxscore.dask and cxscore.spark's key drivers on, and
how: the pandas API (cxscore.drivers, cxscore.driver_table) is the reference, every number within 1e-12."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import TOLERANCE, data_file


@pytest.fixture(scope="module")
def simulated():
    """The simulated brand's driver tables, by NPS (linear) and by retention (0/1: logistic), from the pandas API;
    the events in time order, so that a customer's events lie in several partitions."""
    sim = cxscore.simulate(customers=300, seed=7)
    events = sim.events.sort_values("time", kind="stable").reset_index(drop=True)
    nps = cxscore.driver_table(events, sim.journey_map, sim.model, sim.outcomes, outcome="nps")
    retained = cxscore.driver_table(events, sim.journey_map, sim.model, sim.outcomes, outcome="retained")
    return sim, events, nps, retained


def reference(name: str) -> pd.DataFrame:
    """R's swiss or mtcars data (tests/data/reference), rows named by the data set's row names."""
    return pd.read_csv(data_file(f"reference/{name}.csv"), index_col=0)


def assert_same_drivers(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """The same drivers and columns, every number within 1e-12 relative (NaN where pandas has NaN), the same
    attrs (numbers within 1e-12, the rest exactly)."""
    assert list(got.index) == list(want.index)
    assert list(got.columns) == list(want.columns)
    for column in want.columns:
        a, e = got[column].to_numpy(np.float64), want[column].to_numpy(np.float64)
        assert np.array_equal(np.isnan(a), np.isnan(e)), column
        ok = np.isnan(e) | (np.abs(a - e) <= TOLERANCE * np.maximum(1.0, np.abs(e)))
        assert ok.all(), f"{column}: {a[~ok]} vs {e[~ok]}"
    assert got.attrs.keys() == want.attrs.keys()
    for key, value in want.attrs.items():
        if key in ("r2", "intercept"):
            assert got.attrs[key] == pytest.approx(value, rel=TOLERANCE, abs=TOLERANCE), key
        elif key == "coefficients":
            assert list(got.attrs[key]) == list(value)
            for name, x in value.items():
                assert got.attrs[key][name] == pytest.approx(x, rel=TOLERANCE, abs=TOLERANCE, nan_ok=True), name
        elif key == "logistic":
            for k, x in value.items():
                assert got.attrs[key][k] == pytest.approx(x, rel=TOLERANCE), k
        else:
            assert got.attrs[key] == value, key


def with_infinite(frame: pd.DataFrame, row: int, column: str) -> pd.DataFrame:
    bad = frame.copy()
    bad.iloc[row, bad.columns.get_loc(column)] = np.inf
    return bad


def with_missing(frame: pd.DataFrame, rows: list[int], column: str) -> pd.DataFrame:
    gaps = frame.copy()
    for row in rows:
        gaps.iloc[row, gaps.columns.get_loc(column)] = np.nan
    return gaps
