"""A customers DataFrame (``customer``, optional ``weight`` and ``segment``) to the core's customer table."""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError, describe
from ._labels import label_positions, text_buffers, text_hashes


class ListedCustomers(NamedTuple):
    """A customers frame read against the events' customers (see :func:`listed_customers`)."""

    table: Any                 # the core's customer table
    without_events: int        # accepted rows naming a customer without events
    problems: list[tuple[int, Any, str, Any, str]]  # (position, index label, column, value, reason), row order
    codes: np.ndarray          # per row, the customer's event code (-1: none)
    segment_codes: np.ndarray  # per row, the code of its label in segment_labels (-1: missing)
    segment_labels: list[str]
    rows: Optional[np.ndarray] = None  # the rows of ``codes`` (None: every row, in order)


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
    read = ReadCustomers(customers, customer_column)
    return read.listed(customer_labels, with_events, (positions or label_positions)(customer_labels, read.ids))


class ReadCustomers:
    """A customers frame's columns as the core takes them, read once: its ids, weights and segment codes.
    ``indexed``: also its ids' 64-bit hashes in sorted order, so that :meth:`listed_among` finds the rows naming
    a few customers (a partition's) without comparing every id (each partition of cxscore.dask and
    cxscore.spark reads one such object rather than the whole frame)."""

    def __init__(self, customers: pd.DataFrame, customer_column: str, *, indexed: bool = False) -> None:
        if not isinstance(customers, pd.DataFrame):
            raise TypeError(f"customers must be a pandas DataFrame, not {type(customers).__name__}")
        self.index = customers.index  # what names a row in errors; the frame itself is not kept (nor sent)
        self.rows = len(customers)
        self.column = customer_column
        self.ids = customers[customer_column] if customer_column in customers.columns else customers.index.to_series()
        if "weight" in customers.columns:
            weight_column = customers["weight"]
            if (not pd.api.types.is_numeric_dtype(weight_column.dtype)
                    or pd.api.types.is_bool_dtype(weight_column.dtype)):
                raise TypeError(f"customers column 'weight' has dtype {weight_column.dtype}: weights must be numeric")
            self.weights = np.ascontiguousarray(weight_column.to_numpy(dtype=np.float64, na_value=np.nan))
        else:
            self.weights = np.ones(len(customers))
        if "segment" in customers.columns:
            segment_codes, segments = pd.factorize(customers["segment"], use_na_sentinel=True)
            self.segment_labels = [str(s) for s in segments]
        else:
            segment_codes, self.segment_labels = np.full(len(customers), -1), []
        self.segment_codes = np.ascontiguousarray(segment_codes, dtype=np.int64)
        self.kind = _id_kind(self.ids) if indexed else None
        if self.kind is not None:
            hashes = id_hashes(self.ids)
            order = np.argsort(hashes)
            self.sorted_hashes = hashes[order]
            self.order = order.astype(np.int32) if len(order) < 1 << 31 else order  # half the bytes sent
            # Per sorted position, the end of its run of equal hashes (ids listed twice, or sharing a hash); None
            # when every hash is distinct, each run then one position long.
            starts = np.flatnonzero(np.diff(self.sorted_hashes, prepend=~self.sorted_hashes[:1]) != 0)
            self.run_ends: Optional[np.ndarray] = None
            if len(starts) < len(hashes):
                ends = np.append(starts[1:], len(hashes)).astype(np.int64)
                self.run_ends = np.repeat(ends, ends - starts)
            self.missing = np.flatnonzero(self.ids.isna().to_numpy())  # compared always: NA has many forms
            # The rows refused whatever the events (their weight), found once: each listing reads only the rows
            # naming its customers.
            _, _, self.refused = _core.build_customer_table(np.full(len(self.ids), -1, dtype=np.int64), self.weights,
                                                            self.segment_codes, self.segment_labels, 0)
            self.refused_rows = np.array([p[0] for p in self.refused], dtype=np.int64)

    def __len__(self) -> int:
        return self.rows

    def listed_among(self, customer_labels: pd.Index, with_events: Optional[np.ndarray] = None,
                     hashes: Optional[np.ndarray] = None) -> ListedCustomers:
        """listed_customers(customers, customer_labels, customer_column, with_events), the ids compared with
        the labels only on the rows whose id's hash is a label's (every row when the ids and labels are not
        both text or both integers, whose hashes agree whatever their dtype). ``hashes``: the labels'
        id_hashes, where the caller has them."""
        if self.kind is None or _id_kind(customer_labels.to_series()) != self.kind:
            return self.listed(customer_labels, with_events, label_positions(customer_labels, self.ids))
        if hashes is None:
            hashes = id_hashes(customer_labels.to_series())
        wanted = np.sort(hashes)  # sorted: the searches walk the hashes once
        first = np.searchsorted(self.sorted_hashes, wanted, side="left")
        at = np.minimum(first, max(len(self.sorted_hashes) - 1, 0))
        if not len(self.sorted_hashes):
            counts = np.zeros(len(wanted), dtype=np.int64)
        else:
            found = self.sorted_hashes[at] == wanted
            counts = found.astype(np.int64) if self.run_ends is None else np.where(found, self.run_ends[at] - first, 0)
        # Every sorted position first .. first + count - 1 of each wanted hash, then the rows there.
        starts = np.repeat(first - np.cumsum(counts) + counts, counts)
        # Each sorted position once: no row twice.
        rows = np.sort(self.order[starts + np.arange(len(starts))]).astype(np.int64, copy=False)
        if len(self.missing):
            rows = np.union1d(rows, self.missing)
        return self.listed(customer_labels, with_events, label_positions(customer_labels, self.ids.iloc[rows]), rows)

    def listed(self, customer_labels: pd.Index, with_events: Optional[np.ndarray], codes: np.ndarray,
               rows: Optional[np.ndarray] = None) -> ListedCustomers:
        """The ListedCustomers of ``codes``, each row's position among ``customer_labels`` (-1: none); ``rows``:
        the rows of ``codes`` (in order; every other row names none of the labels), None for every row."""
        codes = np.ascontiguousarray(codes, dtype=np.int64)
        if with_events is not None:
            codes[codes >= 0] = np.where(with_events[codes[codes >= 0]], codes[codes >= 0], -1)
        if rows is None:
            table, without_events, found = _core.build_customer_table(codes, self.weights, self.segment_codes,
                                                                      self.segment_labels, len(customer_labels))
        else:
            table, without_events, found = _core.build_customer_table(
                codes, np.ascontiguousarray(self.weights[rows]), np.ascontiguousarray(self.segment_codes[rows]),
                self.segment_labels, len(customer_labels))
            found = [(int(rows[k]), column, reason) for k, column, reason in found]
            # Every row outside ``rows`` names no customer here, so is refused or without events, as found once.
            refused_outside = len(self.refused) - int(np.isin(self.refused_rows, rows).sum())
            without_events += len(self.ids) - len(rows) - refused_outside
            found = sorted({p[0]: p for p in [*self.refused, *found]}.values())
        problems = []
        for position, column, reason in found:
            value = self.weights[position] if column == "weight" else self.ids.iloc[position]
            name = self.column if column == "customer" else column
            problems.append((position, self.index[position], name, value, reason))
        return ListedCustomers(table, without_events, problems, codes, self.segment_codes, self.segment_labels, rows)


def _id_kind(ids: pd.Series) -> Optional[str]:
    """"text" or "integer" for ids whose hashes (id_hashes) are equal exactly when the ids are, whatever
    their dtype (object, str, categorical, int32, Int64...), else None."""
    dtype = ids.dtype
    values: Any = ids
    if isinstance(dtype, pd.CategoricalDtype):
        values = dtype.categories
        dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return None
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_string_dtype(dtype) and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return "text"
    return None


def id_hashes(ids: pd.Series) -> np.ndarray:
    """Each id's 64-bit hash, the same in every process: text by its UTF-8 bytes (``text_hashes``; a missing id
    hashes as empty text), whatever its dtype, other ids by pandas' SipHash with a fixed key."""
    if isinstance(ids.dtype, pd.CategoricalDtype) and _id_kind(ids) == "text":
        codes = np.asarray(ids.array.codes)
        by_code = id_hashes(pd.Series(ids.dtype.categories))
        return np.append(by_code, text_hashes(*text_buffers([""])))[codes]  # code -1 (missing): the last
    if _id_kind(ids) == "text":
        return text_hashes(*text_buffers(ids.fillna("") if ids.hasnans else ids))
    return pd.util.hash_pandas_object(ids, index=False).to_numpy(dtype=np.uint64)


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
