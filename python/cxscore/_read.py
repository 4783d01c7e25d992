"""Reading cxscore's file formats into the objects and DataFrames the API takes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from ._core import JourneyMap, read_csv_columns
from ._inputs import utc_datetimes
from ._labels import categorical_of_text
from ._progress import ProgressBar
from ._read_parquet import read_events_parquet

PathLike = Union[str, "os.PathLike[str]"]


def read_map(path: PathLike) -> JourneyMap:
    """Reads a journey map JSON file.

    >>> jm = cxscore.read_map("examples/data/map.json")  # doctest: +SKIP
    """
    return JourneyMap.from_json(path)


def read_events(path: PathLike, *, columns: Optional[Mapping[str, str]] = None, progress: bool = False) -> pd.DataFrame:
    """Reads an events file (customer, touchpoint, time, experience[, expectation][, dimension]) into a
    DataFrame ready for :func:`cxscore.score`. ``columns`` maps roles to the file's names
    (``{"customer": "case_id"}``); the frame keeps the file's names. Rows are checked when scored; errors
    then name this file and its row numbers (header = row 1 in a CSV; a Parquet file's rows count from 0).

    A CSV, read by the core's reader as the command reads it (gzip-compressed or not; fields separated by
    whichever of , ; tab or | its header shows), on every core: ids, touchpoints and dimensions as categoricals
    (each label stored once; the codes are what the core reads), time as datetime64[ns, UTC] when every cell
    is ISO 8601 within the years 1677-2262 (a time without an offset taken as UTC), any other column as
    float64 when every cell is a number or empty (NaN), else as text. A Parquet file (``pip install
    pyarrow``): read by pyarrow, text ids, touchpoints and dimensions as categoricals (ids coded in the core as
    they are read), timestamps as UTC (a naive one is taken as UTC), times stored as text typed as a CSV's are,
    numbers as stored. To score a file,
    ``cxscore.score(path, ...)`` is faster still: a Parquet file goes to the core without a DataFrame.

    ``progress=True`` shows a progress bar on standard error while the file is read (tqdm's when tqdm is
    installed): a CSV's bytes, a Parquet file's rows.

    >>> events = cxscore.read_events("examples/data/events.csv")  # doctest: +SKIP
    """
    source = os.fspath(path)
    if is_parquet(source):
        return read_events_parquet(source, columns, progress)
    labels = [(columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")]
    with _ReadingBar(source) if progress else contextlib.nullcontext() as bar:
        read = read_csv_columns(source, labels, (columns or {}).get("time", "time"), progress=bar)
    frame = pd.DataFrame({name: _frame_column(source, name, kind, data, as_categorical=name in labels)
                          for name, kind, *data in read}, copy=False)
    frame.attrs["cxscore_source"] = source
    return frame


class _ReadingBar:
    """read_csv_columns' progress callback: a bar of the file's bytes, made at the first call (which brings the
    total: a gzip file's text is larger than the file)."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._bar: Optional[ProgressBar] = None

    def __call__(self, bytes_read: int, bytes_total: int, rows: int) -> None:
        if self._bar is None:
            self._bar = ProgressBar(bytes_total, f"reading {os.path.basename(self._source)}", "B")
        if bytes_read == bytes_total:
            self._bar.stage(f"{rows:,} rows")
        self._bar.set(bytes_read)

    def __enter__(self) -> _ReadingBar:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.close()


def _frame_column(source: str, name: str, kind: str, data: list[np.ndarray], as_categorical: bool) -> Any:
    """A column the core read (read_csv_columns) as pandas holds it: text of a role that names things as a
    categorical, other text as pandas' strings."""
    if kind == "time":  # nanoseconds since the epoch, UTC
        return utc_datetimes(data[0].view("datetime64[ns]"))
    if kind == "label":
        codes, offsets, text = data
        labels = categorical_of_text(codes.view(np.int32), offsets, text, source, name)
        return labels if as_categorical else pd.Series(labels.categories.take(labels.codes), copy=False)
    return data[0]


def is_parquet(source: str) -> bool:
    """Whether the file starts with Parquet's magic bytes (whatever its name)."""
    try:
        with open(source, "rb") as f:
            return f.read(4) == b"PAR1"
    except OSError:
        return False  # the CSV reader says why it cannot be opened
