"""A customers DataFrame (``customer``, optional ``weight`` and ``segment``) to the core's customer table."""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError, describe
from ._labels import label_positions


class ListedCustomers(NamedTuple):
    """A customers frame read against the events' customers (see :func:`listed_customers`)."""

    table: Any                 # the core's customer table
    without_events: int        # accepted rows naming a customer without events
    problems: list[tuple[int, Any, str, Any, str]]  # (position, index label, column, value, reason), row order
    codes: np.ndarray          # per row, the customer's event code (-1: none)
    segment_codes: np.ndarray  # per row, the code of its label in segment_labels (-1: missing)
    segment_labels: list[str]


def listed_customers(customers: pd.DataFrame, customer_labels: pd.Index, customer_column: str,
                     with_events: Optional[np.ndarray] = None,
                     positions: Optional[Callable[[pd.Index, Any], np.ndarray]] = None) -> ListedCustomers:
    """The customer table of ``customers`` and every refused row. ``with_events`` (by customer code) says
    which labels have events; default: every label (a label comes from the events). ``positions(customer_labels,
    ids)`` finds the ids among the labels (default: label_positions).

    Ids come from the ``customer_column`` column, or from the index when there is no such column. Without
    a weight column every weight is 1; a missing (NaN) weight is refused like any non-finite one. A
    missing segment is "unassigned".
    """
    if not isinstance(customers, pd.DataFrame):
        raise TypeError(f"customers must be a pandas DataFrame, not {type(customers).__name__}")
    ids = customers[customer_column] if customer_column in customers.columns else customers.index.to_series()
    codes = np.ascontiguousarray((positions or label_positions)(customer_labels, ids))
    if with_events is not None:
        codes[codes >= 0] = np.where(with_events[codes[codes >= 0]], codes[codes >= 0], -1)
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
    segment_codes = np.ascontiguousarray(segment_codes, dtype=np.int64)
    table, without_events, found = _core.build_customer_table(codes, weights, segment_codes, segment_labels,
                                                              len(customer_labels))
    problems = []
    for position, column, reason in found:
        value = weights[position] if column == "weight" else ids.iloc[position]
        name = customer_column if column == "customer" else column
        problems.append((position, customers.index[position], name, value, reason))
    return ListedCustomers(table, without_events, problems, codes, segment_codes, segment_labels)


def labels_with_events(customer_codes: np.ndarray, labels: int) -> np.ndarray:
    """By customer code, whether the events hold that code: labels may also name customers without events (the
    ids of a dense integer range, a categorical's unused categories, customers whose events lie elsewhere)."""
    with_events = np.zeros(labels, dtype=bool)
    with_events[customer_codes] = True
    return with_events


def customer_table(customers: pd.DataFrame, customer_labels: pd.Index, customer_column: str, lenient: bool,
                   with_events: Optional[np.ndarray] = None,
                   positions: Optional[Callable[[pd.Index, Any], np.ndarray]] = None
                   ) -> tuple[Any, int, list[tuple[Any, str, Any, str]]]:
    """(table, rows naming customers without events, rejected rows as (label, column, value, reason)); the
    first refused row raises InputError unless ``lenient``. See :func:`listed_customers`."""
    listed = listed_customers(customers, customer_labels, customer_column, with_events, positions)
    rejected = []
    for _, label, name, value, reason in listed.problems:
        if not lenient:
            raise customers_error(label, name, value, reason)
        rejected.append((label, name, value, reason))
    return listed.table, listed.without_events, rejected


def customers_error(label: Any, column: str, value: Any, reason: str) -> InputError:
    """The InputError about a refused row of a customers frame."""
    return InputError(describe("customers DataFrame", label, column, value, reason), file="customers DataFrame",
                      row=label, column=column, value=str(value), reason=reason)


def customers_rejected(bad: list[tuple[Any, str, Any, str]]) -> pd.DataFrame:
    """Refused rows of a customers frame as ``result.rejected`` lists them."""
    return pd.DataFrame([(c, str(v), r) for _, c, v, r in bad], columns=["column", "value", "reason"],
                        index=pd.Index([label for label, *_ in bad], name="row"))


def checked_customers(customers: Optional[pd.DataFrame], customer_labels: pd.Index, customer_column: str,
                      lenient: bool, rejected: pd.DataFrame, customer_codes: Optional[np.ndarray] = None,
                      positions: Optional[Callable[[pd.Index, Any], np.ndarray]] = None
                      ) -> tuple[Any, int, pd.DataFrame]:
    """(table or None, rows naming customers without events, ``rejected`` with the customers' bad rows
    appended): the customers of score, owners and monitor, strict or lenient alike. ``customer_codes``, the
    events' codes, say which labels have events: labels may also name customers without any (the ids of a
    dense integer range, a categorical's unused categories), whose rows count as without events."""
    if customers is None:
        return None, 0, rejected
    with_events = None if customer_codes is None else labels_with_events(customer_codes, len(customer_labels))
    table, without_events, bad = customer_table(customers, customer_labels, customer_column, lenient, with_events,
                                                positions)
    if bad:
        rejected = pd.concat([rejected, customers_rejected(bad)])
    return table, without_events, rejected
