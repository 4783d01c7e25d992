"""cxscore.spark.journeys against cxscore.journeys, the reference: on the local[2] Spark session test_spark.py runs on,
every table equals the pandas API's (counts exactly, other numbers to 1e-12) for 1, 3 and 16 partitions of events
in time order, so that customers are split across partitions; the same partitioning gives the same bits twice;
bad rows give the same error, or the same rows set aside. Spark's sixteen partitions cost seconds each on two cores,
so only the brand and the bad row are run on sixteen."""

from __future__ import annotations

import pytest

import cxscore
from conftest import PARTITIONS, assert_same_bits, assert_same_journeys, with_bad_experiences

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'cxscore[spark]'")
import cxscore.spark  # noqa: E402
from conftest import as_text, spark_frame  # noqa: E402
from conftest import spark_row_of_partition as row_of_partition  # noqa: E402
from test_spark import partitions_with  # noqa: E402

pytestmark = pytest.mark.usefixtures("spark")  # conftest.py: the session test_spark.py runs on

HELPDESK = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brand_with_outcomes_as_in_pandas(spark, journey_brand, npartitions):
    events, journey_map, outcomes = journey_brand
    want = cxscore.journeys(events, journey_map, outcomes)
    sdf = spark_frame(spark, events, npartitions)
    if npartitions > 1:
        assert partitions_with(sdf, "customer") > 1, "no customer is split: the test would prove less"
    got = cxscore.spark.journeys(sdf, journey_map, outcomes)
    assert_same_journeys(got, want)
    if npartitions == 3:  # the same partitioning again: the same bits (three: Spark's sixteen cost seconds)
        assert_same_bits(cxscore.spark.journeys(sdf, journey_map, outcomes), got)


def test_the_helpdesk_log_with_and_without_its_map_as_in_pandas(spark, helpdesk_log):
    """Without a map each partition numbers the touchpoints it discovers; the merge puts them in order of first
    appearance over all events."""
    log, journey_map = helpdesk_log
    sdf = spark_frame(spark, log, 3)
    assert_same_journeys(cxscore.spark.journeys(sdf, min_edge_count=3, **HELPDESK),
                         cxscore.journeys(log, min_edge_count=3, **HELPDESK))
    assert_same_journeys(cxscore.spark.journeys(sdf, journey_map, **HELPDESK),
                         cxscore.journeys(log, journey_map, **HELPDESK))


def test_a_bad_row_in_partition_7_of_16_raises_the_pandas_error(spark, journey_brand):
    events, journey_map, outcomes = journey_brand
    bad = as_text(with_bad_experiences(events, [row_of_partition(events, 16, 6)]))
    with pytest.raises(cxscore.InputError) as want:
        cxscore.journeys(bad, journey_map, outcomes)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.spark.journeys(spark_frame(spark, bad, 16), journey_map, outcomes)
    assert (got.value.row, got.value.column, got.value.value) == (want.value.row, want.value.column, want.value.value)
    assert str(got.value) == str(want.value)


def test_lenient_mode_sets_aside_the_same_rows(spark, journey_brand):
    events, journey_map, outcomes = journey_brand
    bad = as_text(with_bad_experiences(events, [row_of_partition(events, 16, k) for k in (6, 11, 15)]))
    want = cxscore.journeys(bad, journey_map, outcomes, lenient=True)
    got = cxscore.spark.journeys(spark_frame(spark, bad, 3), journey_map, outcomes, lenient=True)
    assert len(want.rejected) == 3
    assert_same_journeys(got, want)
