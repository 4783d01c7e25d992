"""cxscore.dask.journeys against cxscore.journeys, the reference: on the two-worker LocalCluster test_dask.py runs on,
every table equals the pandas API's (counts exactly, other numbers to 1e-12) for 1, 3 and 16 partitions of events
in time order, so that customers are split across partitions; the same partitioning gives the same bits twice;
bad rows give the same error, or the same rows set aside."""

from __future__ import annotations

import pytest

import cxscore
from conftest import PARTITIONS, assert_same_bits, assert_same_journeys, run_docs_example, with_bad_experiences

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'cxscore[dask]'")
import cxscore.dask  # noqa: E402
from test_dask import partitions_with, row_of_partition  # noqa: E402

pytestmark = pytest.mark.usefixtures("cluster")  # conftest.py: the cluster test_dask.py runs on

HELPDESK = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brand_with_outcomes_as_in_pandas(journey_brand, npartitions):
    events, journey_map, outcomes = journey_brand
    want = cxscore.journeys(events, journey_map, outcomes)
    ddf = dd.from_pandas(events, npartitions=npartitions, sort=False)
    if npartitions > 1:
        assert partitions_with(ddf, "customer").max() > 1, "no customer is split: the test would prove less"
    got = cxscore.dask.journeys(ddf, journey_map, outcomes)
    assert_same_journeys(got, want)
    if npartitions == 16:  # the same partitioning again: the same bits
        assert_same_bits(cxscore.dask.journeys(ddf, journey_map, outcomes), got)


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_helpdesk_log_without_a_map_as_in_pandas(helpdesk_log, npartitions):
    """Touchpoints discovered from the log: each partition numbers its own, the merge puts them in order of first
    appearance over all events."""
    log, _ = helpdesk_log
    want = cxscore.journeys(log, min_edge_count=3, min_variant_count=2, **HELPDESK)
    got = cxscore.dask.journeys(dd.from_pandas(log, npartitions=npartitions, sort=False), min_edge_count=3,
                                min_variant_count=2, **HELPDESK)
    assert_same_journeys(got, want)


def test_the_helpdesk_log_with_its_map_as_in_pandas(helpdesk_log):
    log, journey_map = helpdesk_log
    want = cxscore.journeys(log, journey_map, **HELPDESK)
    assert want.variants["mean_score"].notna().any()  # the gaps are measured: the means are compared
    assert_same_journeys(cxscore.dask.journeys(dd.from_pandas(log, npartitions=16, sort=False), journey_map,
                                               **HELPDESK), want)


def test_a_bad_row_in_partition_7_of_16_raises_the_pandas_error(journey_brand):
    events, journey_map, outcomes = journey_brand
    bad = with_bad_experiences(events, [row_of_partition(events, 16, 6)])
    with pytest.raises(cxscore.InputError) as want:
        cxscore.journeys(bad, journey_map, outcomes)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.journeys(dd.from_pandas(bad, npartitions=16, sort=False), journey_map, outcomes)
    assert (got.value.row, got.value.column, got.value.value) == (want.value.row, want.value.column, want.value.value)
    assert str(got.value) == str(want.value)


def test_lenient_mode_sets_aside_the_same_rows(journey_brand):
    events, journey_map, outcomes = journey_brand
    bad = with_bad_experiences(events, [row_of_partition(events, 16, k) for k in (6, 11, 15)])
    want = cxscore.journeys(bad, journey_map, outcomes, lenient=True)
    got = cxscore.dask.journeys(dd.from_pandas(bad, npartitions=16, sort=False), journey_map, outcomes, lenient=True)
    assert len(want.rejected) == 3
    assert_same_journeys(got, want)


def test_a_customer_without_an_outcome_raises_the_pandas_error(journey_brand):
    events, journey_map, outcomes = journey_brand
    fewer = outcomes.iloc[::2]  # the first customer missing, in code order, lies in some partition
    with pytest.raises(cxscore.InputError) as want:
        cxscore.journeys(events, journey_map, fewer)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.journeys(dd.from_pandas(events, npartitions=16, sort=False), journey_map, fewer)
    assert str(got.value) == str(want.value)


def test_the_docs_example_runs(capsys):
    """The docs' Dask journeys example, as written, prints the pandas API's variants."""
    run_docs_example("scaling.md", "cxscore.dask.journeys")
    printed = capsys.readouterr().out
    sim = cxscore.simulate(customers=2000, seed=1)
    want = cxscore.journeys(sim.events, sim.journey_map, sim.outcomes)
    assert printed.startswith(str(want.variants.head(3)) + "\n")
