"""cxscore.dask.score against cxscore.score, the reference: on a two-worker LocalCluster the tests start and
stop, every table equals the pandas API's to 1e-12 (the per-customer results to the bit) for 1, 3 and 16
partitions of events in time order, so that customers are split across partitions; the same partitioning
gives the same bits twice; bad rows give the same error, or the same rows set aside."""

from __future__ import annotations

import pandas as pd
import pytest

import cxscore
from conftest import (
    GROUPS,
    PARTITIONS,
    TOLERANCE,
    assert_same_customers,
    assert_same_tables,
    imported_by_cxscore,
    module_examples,
    with_bad_experiences,
    with_integer_ids,
    with_unknown_touchpoint,
)
from cxscore import _core

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'cxscore[dask]'")
distributed = pytest.importorskip("distributed", reason="distributed is not installed: pip install 'cxscore[dask]'")
import cxscore.dask  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def cluster(dask_client):
    """The session's two-worker cluster (conftest), or the synchronous scheduler where none can start."""
    return dask_client


def partitions_with(events: dd.DataFrame, customer: str) -> pd.Series:
    """For each customer, how many input partitions hold some of its events."""
    seen = events.map_partitions(lambda p: pd.Series(p[customer].unique())).compute()
    return seen.value_counts()


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brand_scores_as_in_pandas(brand, npartitions):
    events, journey_map, model, customers = brand
    want = cxscore.score(events, journey_map, model, customers)
    ddf = dd.from_pandas(events, npartitions=npartitions, sort=False)
    if npartitions > 1:
        assert partitions_with(ddf, "customer").max() > 1, "no customer is split: the test would prove less"
    got = cxscore.dask.score(ddf, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)
    assert got.brand_index == pytest.approx(want.brand_index, rel=TOLERANCE)


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_helpdesk_log_scores_as_in_pandas(helpdesk_log, npartitions):
    log, journey_map = helpdesk_log
    names = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}
    want = cxscore.score(log, journey_map, "prospect", **names)
    ddf = dd.from_pandas(log, npartitions=npartitions, sort=False)
    if npartitions > 1:
        assert partitions_with(ddf, "case_id").max() > 1
    got = cxscore.dask.score(ddf, journey_map, "prospect", **names)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_decay_peak_end_and_as_of_score_as_in_pandas(brand):
    """Recency decay and the peak-end blend read each customer's events in input order (ties included): the
    order the shuffle must restore."""
    events, journey_map, _, customers = brand
    model = cxscore.Model(half_life_days=30, peak_end=0.3, recovery=0.5)
    same_day = events.assign(time=events["time"].dt.floor("D"))  # ties: the end is the last in input order
    for frame, as_of in ((events, None), (events, "2026-09-01"), (same_day, None)):
        want = cxscore.score(frame, journey_map, model, customers, as_of=as_of)
        got = cxscore.dask.score(dd.from_pandas(frame, npartitions=16, sort=False), journey_map, model, customers,
                                 as_of=as_of, threads=2)
        assert_same_tables(got, want)
        assert_same_customers(got.customers.compute(), want.customers)


def test_integer_customer_ids_score_as_in_pandas(brand):
    events, journey_map, model, customers = brand
    events, customers = with_integer_ids(events, customers)
    want = cxscore.score(events, journey_map, model, customers)
    got = cxscore.dask.score(dd.from_pandas(events, npartitions=16, sort=False), journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_the_same_partitioning_gives_the_same_bits(brand):
    events, journey_map, model, customers = brand
    ddf = dd.from_pandas(events, npartitions=16, sort=False)
    first = cxscore.dask.score(ddf, journey_map, model, customers)
    second = cxscore.dask.score(ddf, journey_map, model, customers)
    for name in GROUPS:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), check_exact=True)
    assert first.summary == second.summary
    pd.testing.assert_frame_equal(first.customers.compute(), second.customers.compute(), check_exact=True)


def row_of_partition(events: pd.DataFrame, npartitions: int, partition: int) -> int:
    """A row label in partition `partition` (0-based) of dd.from_pandas(events, npartitions, sort=False)."""
    ddf = dd.from_pandas(events, npartitions=npartitions, sort=False)
    labels = ddf.partitions[partition].index.compute()
    return int(labels[len(labels) // 2])


def test_a_bad_row_in_partition_7_of_16_raises_the_pandas_error(brand):
    events, journey_map, model, customers = brand
    bad = with_bad_experiences(events, [row_of_partition(events, 16, 6)])
    with pytest.raises(cxscore.InputError) as want:
        cxscore.score(bad, journey_map, model, customers)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.score(dd.from_pandas(bad, npartitions=16, sort=False), journey_map, model, customers)
    assert (got.value.row, got.value.column, got.value.value) == (want.value.row, want.value.column, want.value.value)
    assert str(got.value) == str(want.value)
    assert got.value.value == "n/a"


def test_the_first_bad_row_is_named_whichever_partition_fails_first(brand):
    events, journey_map, model, customers = brand
    rows = [row_of_partition(events, 16, k) for k in (12, 6, 9)]
    bad = with_unknown_touchpoint(with_bad_experiences(events, rows), row_of_partition(events, 16, 3))
    with pytest.raises(cxscore.InputError) as want:
        cxscore.score(bad, journey_map, model, customers)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.score(dd.from_pandas(bad, npartitions=16, sort=False), journey_map, model, customers)
    assert str(got.value) == str(want.value)


def test_lenient_mode_sets_aside_the_same_rows(brand):
    events, journey_map, model, customers = brand
    bad = with_bad_experiences(events, [row_of_partition(events, 16, k) for k in (6, 11, 15)])
    bad = with_unknown_touchpoint(bad, row_of_partition(events, 16, 2))
    listed = customers.copy()
    listed.loc[listed.index[3], "weight"] = -1.0  # a customers row refused in every partition, listed once
    want = cxscore.score(bad, journey_map, model, listed, lenient=True)
    got = cxscore.dask.score(dd.from_pandas(bad, npartitions=16, sort=False), journey_map, model, listed,
                             lenient=True)
    assert len(want.rejected) == 5
    assert got.summary["rejected_rows"] == 5
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_customers_listed_without_events_are_counted_once(brand):
    events, journey_map, model, customers = brand
    extra = pd.DataFrame({"customer": ["nobody", "no one"], "weight": [2.0, 1.0], "segment": ["new", "b2b"]})
    listed = pd.concat([extra, customers], ignore_index=True)
    want = cxscore.score(events, journey_map, model, listed)
    got = cxscore.dask.score(dd.from_pandas(events, npartitions=3, sort=False), journey_map, model, listed)
    assert got.summary["customers_file_rows_without_events"] == 2
    assert_same_tables(got, want)


def test_no_rows_give_what_pandas_gives(brand):
    events, journey_map, model, customers = brand
    want = cxscore.score(events.iloc[:0], journey_map, model, customers)
    got = cxscore.dask.score(dd.from_pandas(events.iloc[:0], npartitions=2), journey_map, model, customers)
    assert got.summary["events"] == 0
    assert_same_tables(got, want)
    assert len(got.customers.compute()) == 0


def test_summaries_travel_as_versioned_bytes(brand):
    events, journey_map, model, customers = brand
    one = cxscore.score(events, journey_map, model, customers)
    summaries = one._raw["summaries"]
    data = summaries.to_bytes()
    assert data[:4] == b"CXSB"
    assert _core.ScoreSummaries.from_bytes(data).to_bytes() == data
    with pytest.raises(cxscore.InputError, match="magic"):
        _core.ScoreSummaries.from_bytes(b"PK" + data[2:])
    with pytest.raises(cxscore.InputError, match="payload"):
        _core.ScoreSummaries.from_bytes(data[:-1])
    tiny = pd.DataFrame({"customer": ["a"], "touchpoint": ["x"], "time": [0.0], "experience": [3.0]})
    other = cxscore.score(tiny, {"touchpoints": [{"name": "x", "scale": [1, 5], "promise": 3}]}, model)
    with pytest.raises(cxscore.InputError, match="touchpoints"):
        _core.ScoreSummaries.from_bytes(data).merge(other._raw["summaries"])


def test_importing_cxscore_does_not_import_dask():
    assert not imported_by_cxscore("dask")


def test_the_module_example_runs():
    failures, tries = module_examples(cxscore.dask)
    assert failures == 0
    assert tries >= 5
