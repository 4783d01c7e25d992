"""cxscore.dask's partitions of whole customers (grouped_by_customer, _whole_customers): only customers present in
two or more input partitions move. Checked on frames sorted by customer (only the customers at the partitions'
boundaries are split), in time order (nearly every customer split), of one partition and with empty partitions:
every customer in one partition, every row once with its ORDER, and each analysis's results those of the pandas
API (score's per-customer results to the bit, tables to 1e-12)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import (
    assert_same_customers,
    assert_same_journeys,
    assert_same_service_owners_monitor,
    assert_same_tables,
    boundary_customers,
    service_owners_monitor,
    slices,
    with_bad_experiences,
)
from cxscore import _partitions, _whole_customers

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'cxscore[dask]'")
pytest.importorskip("distributed", reason="distributed is not installed: pip install 'cxscore[dask]'")
import dask  # noqa: E402

import cxscore.dask  # noqa: E402

pytestmark = pytest.mark.usefixtures("cluster")  # conftest.py: one cluster for every module that needs one


def frame_of(events: pd.DataFrame, bounds: list[tuple[int, int]]) -> dd.DataFrame:
    """A Dask DataFrame whose partitions are the rows ``events.iloc[start:stop]`` of each (start, stop)."""
    return dd.from_delayed([dask.delayed(events.iloc[a:b]) for a, b in bounds], meta=events.iloc[:0],
                           verify_meta=False)


def counts_of(frame: dd.DataFrame, customer: str = "customer") -> list[tuple[np.ndarray, np.ndarray]]:
    return [_whole_customers.customer_counts(_whole_customers.keyed_partition(p, k, customer, "test"))
            for k, p in enumerate(dask.compute(*frame.to_delayed()))]


def grouped(frame: dd.DataFrame, customer: str = "customer") -> list[pd.DataFrame]:
    with cxscore.dask.grouped_by_customer(frame, customer) as parts:
        return list(dask.compute(*parts))


def assert_whole_customers(parts: list[pd.DataFrame], events: pd.DataFrame, bounds: list[tuple[int, int]],
                           customer: str = "customer") -> None:
    """Every customer in one partition; every row once, with its index label and its ORDER (input partition and
    row within it, as the bounds give them)."""
    seen = pd.concat([pd.Series(p[customer].unique()) for p in parts])
    assert not seen.duplicated().any(), "a customer in two partitions"
    rows = pd.concat(parts)
    assert len(rows) == len(events)
    want = np.concatenate([_partitions.order_keys(k, 0, b - a, "test") for k, (a, b) in enumerate(bounds)])
    got = rows.sort_values(_partitions.ORDER)
    assert got[_partitions.ORDER].to_numpy().tolist() == want.tolist()
    assert got.index.tolist() == events.index.tolist()
    # Dask's shuffle may hand a categorical column back as its values.
    pd.testing.assert_frame_equal(got.drop(columns=_partitions.ORDER).astype(object), events.astype(object))


def test_split_customers_are_the_hashes_in_two_partitions():
    """By hand: hash 5 in partitions 0 and 2, hash 9 twice in partition 1 (two ids of one hash: split too)."""
    counts = [(np.array([5, 7], np.uint64), np.array([3, 4])), (np.array([9, 9, 8], np.uint64), np.array([1, 2, 6])),
              (np.array([5], np.uint64), np.array([10]))]
    split = _whole_customers.split_customers(counts)
    assert [f.tolist() for f in split.flags] == [[True, False], [True, True, False], [True]]
    assert split.whole.tolist() == [4, 6, 0]
    assert split.split.tolist() == [3, 3, 10]
    # 26 rows over 3 partitions: at most 9 a partition; 16 split rows fill 2, joining the partitions with the
    # fewest whole rows (2 with none, then 0 with 4).
    assert _whole_customers.split_partitions(split).tolist() == [2, 0]
    none = _whole_customers.split_customers([])
    assert (none.flags, _whole_customers.split_partitions(none).tolist()) == ([], [])


def test_a_customer_sorted_frame_moves_only_the_boundary_customers(by_customer):
    events, journey_map, model, customers = by_customer
    bounds = slices(len(events), 16)
    frame = frame_of(events, bounds)
    split = _whole_customers.split_customers(counts_of(frame))
    boundary = boundary_customers(events, bounds)
    assert 0 < sum(int(f.sum()) for f in split.flags) == 2 * len(boundary)  # each in the two partitions it spans
    home = int(np.argmin(split.whole))
    assert _whole_customers.split_partitions(split).tolist() == [home]
    parts = grouped(frame)
    assert len(parts) == 16  # the split customers together, in the partition with the fewest whole rows
    for k, part in enumerate(parts):
        moved = set(part["customer"]) & boundary
        assert moved == (boundary if k == home else set()), k
    assert_whole_customers(parts, events, bounds)
    want = cxscore.score(events, journey_map, model, customers)
    got = cxscore.dask.score(frame, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_a_time_ordered_frame_shuffles_its_split_customers(brand):
    events, *_ = brand
    bounds = slices(len(events), 16)
    frame = frame_of(events, bounds)
    split = _whole_customers.split_customers(counts_of(frame))
    assert split.split.sum() > 0.9 * len(events)
    parts = grouped(frame)
    assert len(_whole_customers.split_partitions(split)) == 16
    assert len(parts) == 16
    assert_whole_customers(parts, events, bounds)


def test_one_partition_and_empty_partitions(by_customer, brand):
    events, journey_map, model, customers = by_customer
    one = [(0, len(events))]
    parts = grouped(frame_of(events, one))
    assert len(parts) == 1
    assert_whole_customers(parts, events, one)
    half = len(events) // 2
    gaps = [(0, 0), (0, half), (half, half), (half, len(events)), (len(events), len(events))]
    frame = frame_of(events, gaps)
    assert_whole_customers(grouped(frame), events, gaps)
    want = cxscore.score(events, journey_map, model, customers)
    got = cxscore.dask.score(frame, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)
    nothing = frame_of(events.iloc[:0], [(0, 0), (0, 0)])
    assert [len(p) for p in grouped(nothing)] == [0, 0]


def test_the_analyses_of_a_customer_sorted_frame_are_the_pandas_ones(by_customer, journey_brand):
    events, journey_map, model, customers = by_customer
    frame = frame_of(events, slices(len(events), 7))
    want = service_owners_monitor(cxscore, events, journey_map, model, customers)
    assert_same_service_owners_monitor(service_owners_monitor(cxscore.dask, frame, journey_map, model, customers),
                                       want)
    journey_events, journey_map, outcomes = journey_brand
    journey_events = journey_events.sort_values("customer", kind="stable").reset_index(drop=True)
    want_journeys = cxscore.journeys(journey_events, journey_map, outcomes)
    got = cxscore.dask.journeys(frame_of(journey_events, slices(len(journey_events), 7)), journey_map, outcomes)
    assert_same_journeys(got, want_journeys)


def test_a_bad_row_of_a_whole_or_a_split_customer_raises_the_pandas_error(by_customer):
    """The first bad row by input order is named, whether its customer stays in place or moves."""
    events, journey_map, model, customers = by_customer
    bounds = slices(len(events), 16)
    moved = bounds[5][1]  # the first row of partition 6: a boundary customer's, unless a customer starts there
    for rows in ([bounds[9][0] + 3], [moved, bounds[9][0] + 3], [moved - 1]):
        bad = with_bad_experiences(events, rows)
        with pytest.raises(cxscore.InputError) as want:
            cxscore.score(bad, journey_map, model, customers)
        with pytest.raises(cxscore.InputError) as got:
            cxscore.dask.score(frame_of(bad, bounds), journey_map, model, customers)
        assert str(got.value) == str(want.value)
    lenient = with_bad_experiences(events, [moved, bounds[9][0] + 3])
    want_lenient = cxscore.score(lenient, journey_map, model, customers, lenient=True)
    got_lenient = cxscore.dask.score(frame_of(lenient, bounds), journey_map, model, customers, lenient=True)
    assert got_lenient.summary["rejected_rows"] == 2
    assert_same_tables(got_lenient, want_lenient)
