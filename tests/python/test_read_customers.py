"""ReadCustomers.listed_among (a partition's customers looked up by their ids' hashes) against listed_customers
(every id compared with the labels): the same table, accounting and refused rows, whatever the ids' dtypes; the
listing reads only the rows naming the labels (``rows``), every other row's code being -1."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxscore._customers import ReadCustomers, listed_customers


def _assert_same(customers: pd.DataFrame, labels: pd.Index, with_events: np.ndarray | None) -> None:
    expected = listed_customers(customers, labels, "customer", with_events)
    got = ReadCustomers(customers, "customer", indexed=True).listed_among(labels, with_events)
    assert got.without_events == expected.without_events
    assert [tuple(map(str, p)) for p in got.problems] == [tuple(map(str, p)) for p in expected.problems]
    codes = np.full(len(customers), -1, dtype=np.int64)  # a row outside got.rows names none of the labels
    codes[np.arange(len(customers)) if got.rows is None else got.rows] = got.codes
    np.testing.assert_array_equal(codes, expected.codes)
    np.testing.assert_array_equal(got.segment_codes, expected.segment_codes)
    assert got.segment_labels == expected.segment_labels
    np.testing.assert_array_equal(got.table.weight, expected.table.weight)
    np.testing.assert_array_equal(got.table.segment, expected.table.segment)
    assert got.table.segment_names == expected.table.segment_names


def _frame(ids: list, weights: list[float], segments: list) -> pd.DataFrame:
    return pd.DataFrame({"customer": ids, "weight": weights, "segment": segments},
                        index=pd.Index([f"r{k}" for k in range(len(ids))]))


TEXT = _frame(["a", "b", "c", None, "b", "zz", "d"], [1.0, 2.0, np.nan, 1.0, 3.0, 1.0, -1.0],
              ["x", None, "y", "x", "y", "z", "x"])


@pytest.mark.parametrize("dtype", [object, "str", "category"])
def test_text_ids_of_any_dtype_find_the_rows_every_id_compared_finds(dtype: object) -> None:
    customers = TEXT.astype({"customer": dtype})
    labels = pd.Index(["b", "d", "q", "a"], dtype="str")
    _assert_same(customers, labels, None)
    _assert_same(customers, labels, np.array([True, True, False, False]))  # a listed twice only where with events


@pytest.mark.parametrize("ids", [
    pd.array([1, 2, 3, None, 2, 7, 4], dtype="Int64"),
    np.array([1, 2, 3, 9, 2, 7, 4], dtype=np.int32),
    pd.Categorical([1, 2, 3, None, 2, 7, 4]),
    np.array([1.0, 2.0, 3.0, np.nan, 2.0, 7.0, 4.0]),   # floats and integer labels: every id compared
    np.array([1, 2, 3, None, 2, 7, 4], dtype=object),   # Python ints hash unlike int64: every id compared
])
def test_integer_ids_of_any_dtype_find_the_rows_every_id_compared_finds(ids: object) -> None:
    customers = _frame(list(range(7)), [1.0, 2.0, np.nan, 1.0, 3.0, 1.0, -1.0], ["x", None, "y", "x", "y", "z", "x"])
    customers["customer"] = ids
    labels = pd.Index([2, 4, 11, 1], dtype=np.int64)
    _assert_same(customers, labels, None)
    _assert_same(customers, labels, np.array([True, True, False, False]))


def test_ids_in_the_index_and_no_weight_or_segment_column() -> None:
    customers = pd.DataFrame({"other": range(4)}, index=pd.Index(["b", "a", "b", "e"], name="customer"))
    _assert_same(customers, pd.Index(["a", "b"], dtype="str"), None)


def test_no_label_matches() -> None:
    _assert_same(TEXT, pd.Index(["q"], dtype="str"), None)
    _assert_same(TEXT, pd.Index([], dtype="str"), None)
