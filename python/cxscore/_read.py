"""Reading cxscore's file formats into the objects and DataFrames the API takes."""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from typing import Optional, Union

import pandas as pd

from ._core import JourneyMap
from ._errors import InputError, describe

PathLike = Union[str, "os.PathLike[str]"]


def read_map(path: PathLike) -> JourneyMap:
    """Reads a journey map JSON file.

    >>> jm = cxscore.read_map("examples/data/map.json")  # doctest: +SKIP
    """
    return JourneyMap.from_json(path)


def read_events(path: PathLike, *, columns: Optional[Mapping[str, str]] = None) -> pd.DataFrame:
    """Reads an events CSV (customer, touchpoint, time, experience[, expectation][, dimension]) into a
    DataFrame ready for :func:`cxscore.score`: ids and dimensions as text, time as datetime64[ns, UTC]
    when every cell is ISO 8601 (else as written), numbers as float64. ``columns`` maps roles to the
    file's names (``{"customer": "case_id"}``); the frame keeps the file's names. Rows are checked when
    scored; errors then name this file and its row numbers (header = row 1).

    >>> events = cxscore.read_events("examples/data/events.csv")  # doctest: +SKIP
    """
    source = os.fspath(path)
    header = _header(source)
    names = {role: (columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")}
    text_columns = {name: str for name in names.values() if name in header}
    try:
        frame = pd.read_csv(source, dtype=text_columns, keep_default_na=False,
                            na_values={k: [""] for k in header if k not in text_columns})
    except (pd.errors.ParserError, ValueError) as e:
        raise InputError(f"{source}: {e}", file=source, reason=str(e)) from None
    _refuse_written_nan(source, frame, text_columns)
    time_name = (columns or {}).get("time", "time")
    # Text, whatever its dtype: object in pandas 1-2, the string dtype ("str") in pandas 3.
    if time_name in frame.columns and _is_text(frame[time_name]):
        parsed = pd.to_datetime(frame[time_name], utc=True, errors="coerce", format="ISO8601")
        if parsed.notna().all():
            try:  # pandas 3 parses to the text's own resolution (us): the promised unit is ns
                frame[time_name] = parsed.astype("datetime64[ns, UTC]")
            except (pd.errors.OutOfBoundsDatetime, OverflowError):
                pass  # beyond ns's years 1677-2262: kept as written, as pandas 2 did (NaT there)
    frame.attrs["cxscore_source"] = source
    return frame


def _is_text(values: pd.Series) -> bool:
    """Whether a column read from the file holds text (not numbers): object or the string dtype."""
    return pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)


def _refuse_written_nan(source: str, frame: pd.DataFrame, text_columns: Mapping[str, type]) -> None:
    """pandas reads a cell "nan" as NaN, the same as an empty cell; the core refuses it (an empty
    expectation means "use the promise", a written NaN is a broken number), so this reader does too."""
    suspects = [name for name in frame.columns
                if name not in text_columns and frame[name].dtype.kind == "f" and frame[name].isna().any()]
    if not suspects:
        return
    written = pd.read_csv(source, usecols=suspects, dtype=str, keep_default_na=False)
    for name in suspects:
        text = written[name].str.strip()
        bad = frame[name].isna().to_numpy() & (text != "").to_numpy()
        if bad.any():
            at = int(bad.argmax())
            reason = "not a finite number (NaN and infinities are refused)"
            raise InputError(describe(source, at + 2, name, text.iloc[at], reason), file=source, row=at + 2,
                             column=name, value=text.iloc[at], reason=reason)


def _header(source: str) -> list[str]:
    """The header row; an empty file or a repeated column name raises InputError, as in the core's reader."""
    with open(source, newline="", encoding="utf-8") as f:
        first = next(csv.reader(f), None)
    if not first:
        raise InputError(f"{source}: the file is empty: a header row is needed", file=source,
                         reason="the file is empty: a header row is needed")
    names = [name.strip() for name in first]
    for k, name in enumerate(names):
        if name in names[:k]:
            raise InputError(describe(source, 1, name, name, "duplicate column in the header"), file=source, row=1,
                             column=name, value=name, reason="duplicate column in the header")
    return names
