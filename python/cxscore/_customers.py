"""A customers DataFrame (``customer``, optional ``weight`` and ``segment``) to the core's customer table."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError, describe
from ._labels import label_positions


def customer_table(customers: pd.DataFrame, customer_labels: pd.Index, customer_column: str,
                   lenient: bool) -> tuple[Any, int, list[tuple[Any, str, Any, str]]]:
    """(table, rows naming customers without events, rejected rows as (label, column, value, reason)).

    Ids come from the ``customer_column`` column, or from the index when there is no such column. Without
    a weight column every weight is 1; a missing (NaN) weight is refused like any non-finite one. A
    missing segment is "unassigned".
    """
    if not isinstance(customers, pd.DataFrame):
        raise TypeError(f"customers must be a pandas DataFrame, not {type(customers).__name__}")
    ids = customers[customer_column] if customer_column in customers.columns else customers.index.to_series()
    codes = label_positions(customer_labels, ids)
    if "weight" in customers.columns:
        weight_column = customers["weight"]
        if not pd.api.types.is_numeric_dtype(weight_column.dtype) or pd.api.types.is_bool_dtype(weight_column.dtype):
            raise TypeError(f"customers column 'weight' has dtype {weight_column.dtype}: weights must be numeric")
        weights = np.ascontiguousarray(weight_column.to_numpy(dtype=np.float64, na_value=np.nan))
    else:
        weights = np.ones(len(customers))
    if "segment" in customers.columns:
        segment_codes, segments = pd.factorize(customers["segment"], use_na_sentinel=True)
        segment_labels = [str(s) for s in segments]
    else:
        segment_codes, segment_labels = np.full(len(customers), -1), []
    table, without_events, problems = _core.build_customer_table(
        np.ascontiguousarray(codes), weights, np.ascontiguousarray(segment_codes, dtype=np.int64), segment_labels,
        len(customer_labels))
    rejected = []
    for position, column, reason in problems:
        label = customers.index[position]
        value = weights[position] if column == "weight" else ids.iloc[position]
        name = customer_column if column == "customer" else column
        if not lenient:
            raise InputError(describe("customers DataFrame", label, name, value, reason),
                             file="customers DataFrame", row=label, column=name, value=str(value), reason=reason)
        rejected.append((label, name, value, reason))
    return table, without_events, rejected


def checked_customers(customers: Optional[pd.DataFrame], customer_labels: pd.Index, customer_column: str,
                      lenient: bool, rejected: pd.DataFrame) -> tuple[Any, int, pd.DataFrame]:
    """(table or None, rows naming customers without events, ``rejected`` with the customers' bad rows
    appended): the customers of score, owners and monitor, strict or lenient alike."""
    if customers is None:
        return None, 0, rejected
    table, without_events, bad = customer_table(customers, customer_labels, customer_column, lenient)
    if bad:
        extra = pd.DataFrame([(c, str(v), r) for _, c, v, r in bad], columns=["column", "value", "reason"],
                             index=pd.Index([label for label, *_ in bad], name="row"))
        rejected = pd.concat([rejected, extra])
    return table, without_events, rejected
