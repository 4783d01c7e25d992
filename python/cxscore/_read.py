"""Reading cxscore's file formats into the objects and DataFrames the API takes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from ._core import JourneyMap, read_csv_columns
from ._errors import InputError
from ._labels import categorical_of_chunks, categorical_of_text

PathLike = Union[str, "os.PathLike[str]"]


def read_map(path: PathLike) -> JourneyMap:
    """Reads a journey map JSON file.

    >>> jm = cxscore.read_map("examples/data/map.json")  # doctest: +SKIP
    """
    return JourneyMap.from_json(path)


def read_events(path: PathLike, *, columns: Optional[Mapping[str, str]] = None) -> pd.DataFrame:
    """Reads an events file (customer, touchpoint, time, experience[, expectation][, dimension]) into a
    DataFrame ready for :func:`cxscore.score`. ``columns`` maps roles to the file's names
    (``{"customer": "case_id"}``); the frame keeps the file's names. Rows are checked when scored; errors
    then name this file and its row numbers (header = row 1 in a CSV; a Parquet file's rows count from 0).

    A CSV, read by the core's reader as the command reads it (gzip-compressed or not; fields separated by
    whichever of , ; tab or | its header shows), on every core: ids, touchpoints and dimensions as categoricals
    (each label stored once; the codes are what the core reads), time as datetime64[ns, UTC] when every cell
    is ISO 8601 within the years 1677-2262 (a time without an offset taken as UTC), any other column as
    float64 when every cell is a number or empty (NaN), else as text. A Parquet file (``pip install
    pyarrow``): read by pyarrow, text ids, touchpoints and dimensions as categoricals, timestamps as UTC (a
    naive one is taken as UTC), numbers as stored.

    >>> events = cxscore.read_events("examples/data/events.csv")  # doctest: +SKIP
    """
    source = os.fspath(path)
    if _is_parquet(source):
        return _read_events_parquet(source, columns)
    labels = [(columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")]
    read = read_csv_columns(source, labels, (columns or {}).get("time", "time"))
    frame = pd.DataFrame({name: _frame_column(source, name, kind, data, as_categorical=name in labels)
                          for name, kind, *data in read}, copy=False)
    frame.attrs["cxscore_source"] = source
    return frame


def _frame_column(source: str, name: str, kind: str, data: list[np.ndarray], as_categorical: bool) -> Any:
    """A column the core read (read_csv_columns) as pandas holds it: text of a role that names things as a
    categorical, other text as pandas' strings."""
    if kind == "time":  # nanoseconds since the epoch, UTC
        return _utc_times(data[0].view("datetime64[ns]"))
    if kind == "label":
        codes, offsets, text = data
        labels = categorical_of_text(codes.view(np.int32), offsets, text, source, name)
        return labels if as_categorical else pd.Series(labels.categories.take(labels.codes), copy=False)
    return data[0]


def _utc_times(times: np.ndarray) -> Any:
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


def _is_parquet(source: str) -> bool:
    """Whether the file starts with Parquet's magic bytes (whatever its name)."""
    try:
        with open(source, "rb") as f:
            return f.read(4) == b"PAR1"
    except OSError:
        return False  # the CSV reader says why it cannot be opened


def _is_arrow_text(pa, arrow_type) -> bool:  # type: ignore[no-untyped-def]
    """Whether an Arrow column holds text (pandas 3 writes its strings as large_string)."""
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))


def _is_utc_nanoseconds(pa, arrow_type) -> bool:  # type: ignore[no-untyped-def]
    """Whether an Arrow column holds nanosecond timestamps in UTC, or without a zone."""
    return bool(pa.types.is_timestamp(arrow_type) and arrow_type.unit == "ns" and arrow_type.tz in (None, "UTC"))


def _read_events_parquet(source: str, columns: Optional[Mapping[str, str]]) -> pd.DataFrame:
    """A Parquet file's events: text labels as categoricals, timestamps as UTC."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        reason = "reading Parquet needs pyarrow: pip install pyarrow"
        raise InputError(f"{source}: {reason}", file=source, reason=reason) from None
    try:
        schema = pq.read_schema(source)
        names = [(columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")]
        labels = [name for name in names if name in schema.names and _is_arrow_text(pa, schema.field(name).type)]
        table = pq.read_table(source, read_dictionary=labels)
    except (pa.ArrowException, OSError) as e:
        raise InputError(f"{source}: {e}", file=source, reason=str(e)) from None
    # Each text label column as one categorical, its chunks' dictionaries unified in the core.
    coded = [name for name in labels if pa.types.is_dictionary(table.schema.field(name).type)]
    time_name = (columns or {}).get("time", "time")
    # Times in nanoseconds, in UTC or naive (taken as UTC), cross as numpy's datetime64[ns]: pyarrow's own
    # conversion of a zoned column makes a pass per value.
    utc = [time_name] if time_name in table.column_names \
        and _is_utc_nanoseconds(pa, table.schema.field(time_name).type) else []
    # One block per column (split_blocks) and one frame built from them all: no copy to consolidate the
    # numbers into a 2-D block, and none to insert the categoricals one at a time.
    rest = table.select([name for name in table.column_names if name not in coded and name not in utc]) \
        .to_pandas(split_blocks=True)
    frame = pd.DataFrame({name: categorical_of_chunks(table.column(name)) if name in coded
                          else _utc_times(table.column(name).to_numpy()) if name in utc else rest[name]
                          for name in table.column_names}, copy=False)
    naive_times = time_name in frame.columns and isinstance(frame[time_name].dtype, np.dtype) \
        and frame[time_name].dtype.kind == "M"
    if naive_times:
        frame[time_name] = frame[time_name].dt.tz_localize("UTC")  # naive: taken as UTC, as in a CSV
    frame.attrs["cxscore_source"] = source
    frame.attrs["cxscore_first_row"] = 0  # errors name rows as pyarrow numbers them
    return frame
