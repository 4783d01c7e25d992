"""cxscore.spark.service, owners and monitor against the pandas API, the reference: on the tests' local[2]
session, for 1, 3 and 16 partitions of events in time order (customers split across partitions), the service
table and its brand figures equal the pandas API's to the bit, the owners' and the monitor's tables to 1e-12;
the same partitioning gives the same bits; bad rows give the same error (named by their place, counted from
0), or the same rows set aside."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

import cxscore
from conftest import (
    PARTITIONS,
    as_text,
    assert_same_frame,
    assert_same_service_owners_monitor,
    service_owners_monitor,
    slices,
    spark_frame,
    spark_row_of_partition,
    with_bad_experiences,
    with_unknown_touchpoint,
)

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'cxscore[spark]'")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17 or later), and neither `java` nor JAVA_HOME is found", allow_module_level=True)
import cxscore.spark  # noqa: E402

HELPDESK = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}


def most_slices_of_a_customer(events: pd.DataFrame, customer: str, npartitions: int) -> int:
    """The most partitions of spark_frame(events, npartitions) any one customer's events lie in."""
    part = pd.Series(0, index=events.index)
    for k, (start, stop) in enumerate(slices(len(events), npartitions)):
        part.iloc[start:stop] = k
    return int(part.groupby(events[customer].to_numpy()).nunique().max())


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brand_as_in_pandas(spark, brand, npartitions):
    events, journey_map, model, customers = brand
    if npartitions > 1:
        assert most_slices_of_a_customer(events, "customer", npartitions) > 1, "no customer is split"
    want = service_owners_monitor(cxscore, events, journey_map, model, customers)
    got = service_owners_monitor(cxscore.spark, spark_frame(spark, events, npartitions), journey_map, model,
                                 customers)
    assert_same_service_owners_monitor(got, want)


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_helpdesk_log_as_in_pandas_with_nothing_to_attribute(spark, helpdesk_log, npartitions):
    log, journey_map = helpdesk_log
    want = service_owners_monitor(cxscore, log, journey_map, "prospect", None, **HELPDESK)
    got = service_owners_monitor(cxscore.spark, spark_frame(spark, log, npartitions), journey_map, "prospect", None,
                                 **HELPDESK)
    assert_same_service_owners_monitor(got, want)
    assert got[0].attrs["nothing_to_attribute"].startswith("every touchpoint of the map is a service one")


def test_the_same_partitioning_gives_the_same_bits(spark, brand):
    events, journey_map, model, customers = brand
    sdf = spark_frame(spark, events, 3)  # 16 in test_dask_service.py: the same merging code, fewer Spark tasks
    first = service_owners_monitor(cxscore.spark, sdf, journey_map, model, customers)
    second = service_owners_monitor(cxscore.spark, sdf, journey_map, model, customers)
    for got, want in ((first[0], second[0]), (first[1].scorecard, second[1].scorecard),
                      (first[1].trend, second[1].trend), (first[2].brand, second[2].brand),
                      (first[2].touchpoints, second[2].touchpoints)):
        assert_same_frame(got, want, "re-run", exact=True)


def test_a_bad_row_in_partition_7_of_16_raises_the_pandas_error(spark, brand):
    events, journey_map, model, customers = brand
    bad = as_text(with_bad_experiences(events, [spark_row_of_partition(events, 16, 6)]))
    sdf = spark_frame(spark, bad, 16)
    for name in ("service", "owners", "monitor"):
        with pytest.raises(cxscore.InputError) as want:
            getattr(cxscore, name)(bad, journey_map, model, customers)
        with pytest.raises(cxscore.InputError) as got:
            getattr(cxscore.spark, name)(sdf, journey_map, model, customers)
        assert (got.value.row, got.value.column, got.value.value) == (want.value.row, "experience", "n/a"), name
        assert str(got.value) == str(want.value), name


def test_lenient_mode_sets_aside_the_same_rows(spark, brand):
    events, journey_map, model, customers = brand
    bad = with_bad_experiences(events, [spark_row_of_partition(events, 16, k) for k in (6, 11, 15)])
    bad = as_text(with_unknown_touchpoint(bad, spark_row_of_partition(events, 16, 2)))
    listed = customers.copy()
    listed.loc[listed.index[3], "weight"] = -1.0  # a customers row refused in every partition, listed once
    want = service_owners_monitor(cxscore, bad, journey_map, model, listed, lenient=True)
    got = service_owners_monitor(cxscore.spark, spark_frame(spark, bad, 16), journey_map, model, listed,
                                 lenient=True)
    assert len(want[0].attrs["rejected"]) == 5 and len(want[1].rejected) == 5 and len(want[2].rejected) == 5
    assert_same_service_owners_monitor(got, want)


def test_no_rows_give_what_pandas_gives(spark, brand):
    events, journey_map, model, customers = brand
    none = spark_frame(spark, events, 2).where("false")  # Spark plans it as no partitions at all
    want = service_owners_monitor(cxscore, none.toPandas(), journey_map, model, customers)
    got = service_owners_monitor(cxscore.spark, none, journey_map, model, customers)
    assert len(got[2].brand) == 0
    assert_same_service_owners_monitor(got, want)
