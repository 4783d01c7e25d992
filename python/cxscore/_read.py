"""Reading cxscore's file formats into the objects and DataFrames the API takes."""

from __future__ import annotations

import os
from typing import Mapping, Optional, Union

import pandas as pd

from ._core import JourneyMap

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
    names = {role: (columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")}
    text_columns = {names["customer"]: str, names["touchpoint"]: str, names["dimension"]: str}
    header = pd.read_csv(path, nrows=0).columns
    frame = pd.read_csv(path, dtype={k: v for k, v in text_columns.items() if k in header},
                        keep_default_na=False, na_values={k: [""] for k in header if k not in text_columns})
    time_name = (columns or {}).get("time", "time")
    if time_name in frame.columns and frame[time_name].dtype == object:
        parsed = pd.to_datetime(frame[time_name], utc=True, errors="coerce", format="ISO8601")
        if parsed.notna().all():
            frame[time_name] = parsed
    frame.attrs["cxscore_source"] = os.fspath(path)
    return frame
