"""cxscore.metrics: NPS, CSAT and CES with confidence intervals, overall and by group (the C++ core's
``cx_metrics``; the same table as ``cxscore metrics``)."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core
from ._columns import numbers
from ._errors import InputError

SOURCE = "metrics DataFrame"
COLUMNS = ["group", "metric", "n", "value", "se", "lower", "upper"]


def _ratings(df: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(answered ratings as float64, their positions in ``df``); NaN = not answered, text not a number raises."""
    if column not in df.columns:
        raise InputError.at(SOURCE, 0, column, column, "no such column")
    values, bad = numbers(df[column], column)
    if bad is not None and bad.any():
        position = int(np.flatnonzero(bad)[0])
        label, value = df.index[position], df[column].iloc[position]
        raise InputError.at(SOURCE, label, column, value, "not a number")
    answered = np.flatnonzero(~np.isnan(values))
    return np.ascontiguousarray(values[answered]), answered


def metrics(df: pd.DataFrame, nps: Optional[str] = None, csat: Optional[str] = None, ces: Optional[str] = None,
            by: Optional[str] = None, confidence: float = 0.95) -> pd.DataFrame:
    """The standard CX metrics of a frame of responses, as the CLI's ``metrics.csv``: columns ``group``
    (``"all"``, then each value of ``by`` in order of first appearance), ``metric`` (``nps``, ``csat``,
    ``ces``, ``ces_low_effort``), ``n``, ``value``, ``se``, ``lower``, ``upper`` (normal intervals at
    ``confidence``).

    ``nps`` names a column of 0-10 ratings (value 100 (p - d), se ``100 sqrt((p + d - (p - d)^2) / n)``),
    ``csat`` 1-5 (top-2-box percent), ``ces`` 1-7 (the mean, and the percent answering 5-7). NaN means
    not answered. A rating off the scale or not whole raises InputError naming the row (index label)
    and column.

    >>> import cxscore, pandas as pd
    >>> df = pd.DataFrame({"ltr": [10, 9, 7, 3]})
    >>> m = cxscore.metrics(df, nps="ltr")
    >>> m[["group", "metric", "n", "value"]].to_dict("records")
    [{'group': 'all', 'metric': 'nps', 'n': 4, 'value': 25.0}]
    >>> f"{m['se'][0]:.4f}"  # 100 sqrt((0.5 + 0.25 - 0.25^2) / 4)
    '41.4578'
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"metrics() takes a pandas DataFrame, not {type(df).__name__}")
    chosen = [(k, c) for k, c in (("nps", nps), ("csat", csat), ("ces", ces), ("ces_low_effort", ces)) if c]
    if not chosen:
        raise ValueError("name at least one of nps=, csat=, ces=")
    if by is not None:
        if by not in df.columns:
            raise InputError.at(SOURCE, 0, by, by, "no such column")
        text = df[by].map(lambda v: "" if pd.isna(v) else str(v).strip())
        empty = (text == "").to_numpy()
        if empty.any():
            row = int(empty.argmax())
            raise InputError.at(SOURCE, df.index[row], by, df[by].iloc[row], "group is empty")
        # The overall rows are the group "all": a group of that name could be told from them only by order.
        called_all = (text == "all").to_numpy()
        if called_all.any():
            raise InputError.at(SOURCE, df.index[int(called_all.argmax())], by, "all",
                                "a group cannot be called 'all' (the overall rows in metrics.csv)")
        codes, groups = pd.factorize(text)
        codes = codes.astype(np.uint32)
    else:
        codes, groups = np.zeros(len(df), np.uint32), pd.Index([])
    rows: list[list[Any]] = []
    for kind, column in chosen:
        ratings, positions = _ratings(df, column)
        try:
            estimates = _core.metric_estimates(kind, ratings, np.ascontiguousarray(codes[positions]), len(groups),
                                               float(confidence), SOURCE)
        except InputError as e:
            if not e.row:
                raise
            label = df.index[positions[int(e.row) - 1]]
            raise InputError.at(SOURCE, label, column, e.value, e.reason) from None
        names = ["all"] + [str(g) for g in groups]
        rows += [[name, kind, *estimate] for name, estimate in zip(names, estimates) if estimate[0] > 0]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["n"] = out["n"].astype(np.int64)
    return out
