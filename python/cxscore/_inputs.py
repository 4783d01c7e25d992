"""Arguments that may come in several forms: a map or model object, a dict, a path, a preset name, a time."""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np
import pandas as pd

from ._core import JourneyMap, Model


def as_journey_map(value: Any) -> JourneyMap:
    """A JourneyMap, or one read from a dict or a JSON file path."""
    if isinstance(value, JourneyMap):
        return value
    if isinstance(value, (dict, str, os.PathLike)):
        return JourneyMap.from_json(value)
    raise TypeError(f"journey_map must be a JourneyMap, a dict or a path, not {type(value).__name__}")


def as_model(value: Any) -> Model:
    """A Model; None = the prospect preset; else a preset name, a dict or a JSON file path."""
    if value is None:
        return Model.prospect()
    if isinstance(value, Model):
        return value
    if isinstance(value, (dict, str, os.PathLike)):
        return Model.from_json(value)
    raise TypeError(f"model must be a Model, a preset name, a dict or a path, not {type(value).__name__}")


def as_seconds(value: Any) -> float:
    """Epoch seconds of a time given as None (NaN), a number, a datetime or text (naive = UTC)."""
    if value is None:
        return math.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.value / 1e9


def utc_times(seconds: np.ndarray) -> pd.DatetimeIndex:
    """The core's epoch seconds (float64) as UTC times to the nanosecond; NaN becomes NaT."""
    nanoseconds = np.round(np.asarray(seconds, dtype=np.float64) * 1e9)
    missing = np.isnan(nanoseconds)
    ticks = np.where(missing, 0, nanoseconds).astype(np.int64)
    ticks[missing] = np.iinfo(np.int64).min  # NaT
    return pd.to_datetime(ticks, unit="ns", utc=True)


def utc_datetimes(times: np.ndarray) -> Any:
    """datetime64[ns] read as UTC, as a datetime64[ns, UTC] column over the same memory where pandas allows it:
    its constructor from the values themselves (``tz_localize`` copies them, and a fresh copy of 10^7 times
    costs as much again in page faults)."""
    simple_new = getattr(pd.arrays.DatetimeArray, "_simple_new", None)
    try:
        if simple_new is not None:
            return simple_new(times, dtype=pd.DatetimeTZDtype("ns", "UTC"))
    except (TypeError, ValueError, AssertionError):
        pass
    return pd.Series(times, copy=False).dt.tz_localize("UTC")


def iso_times(values: Any) -> Any:
    """Text as UTC times where a cell is an ISO 8601 time (one without an offset taken as UTC), NaT elsewhere: how
    every text time a frame or a Parquet file brings is read."""
    return pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")


def iso_datetimes(values: pd.Series) -> Any:
    """Text times as datetime64[ns, UTC] when every cell is an ISO 8601 time within the years 1677-2262 (one
    without an offset taken as UTC), as the core's CSV reader types a time column; else None: the text is kept,
    so that scoring names the cell it cannot read."""
    if values.isna().any():
        return None
    parsed = iso_times(values)
    if parsed.isna().any():
        return None
    try:
        return parsed.dt.as_unit("ns")
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        return None


def utc_time(seconds: float) -> pd.Timestamp:
    """One of the core's epoch seconds as a UTC Timestamp (NaT for NaN)."""
    return utc_times(np.array([seconds]))[0]


def as_thread_count(threads: Any) -> int:
    """The core's thread count: 0 (every core) for None, else the positive integer given."""
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be None or a positive integer, not {threads!r}")
    return int(threads)
