"""DataFrames from the columns the core hands over (numpy arrays and lists of labels): labels as text,
counts as int64, times as UTC datetime64, flags as bool; the values are the core's own, not reparsed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._inputs import utc_times


def count_text(count: int, noun: str) -> str:
    """A count and its noun, agreeing in number, as the command prints them: "1 customer", "2 customers"."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def table_frame(columns: dict[str, Any], key: str, index: bool = True) -> pd.DataFrame:
    """The columns in the core's order, indexed by ``key`` (or with ``key`` as the first column)."""
    frame = pd.DataFrame(columns)
    return frame.set_index(key) if index else frame


def trend_frame(columns: dict[str, Any], key: str) -> pd.DataFrame:
    """A window series (the core's monitor result) as the CLI's trend CSV: ``key`` names the group
    column (touchpoint, owner); ``""`` is the brand's series, indexed by window. ``start`` and ``end``
    are UTC times, ``flagged`` a bool."""
    columns = dict(columns)
    group = columns.pop("group")
    columns["start"] = utc_times(columns["start"])
    columns["end"] = utc_times(columns["end"])
    if not key:
        return table_frame(columns, "window")
    return table_frame({key: group, **columns}, key, index=False)
