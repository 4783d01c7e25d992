"""cxscore.spark.score against cxscore.score, the reference: on a local[2] Spark session the tests start and stop,
every table equals the pandas API's to 1e-12 (the per-customer results to the bit) for 1, 3 and 16 partitions of
events in time order, so that customers are split across partitions; the same partitioning gives the same bits
twice; bad rows give the same error, or the same rows set aside."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

import cxscore
from conftest import (
    GROUPS,
    PARTITIONS,
    TOLERANCE,
    as_text,
    assert_same_customers,
    assert_same_tables,
    imported_by_cxscore,
    module_examples,
    run_docs_example,
    spark_frame,
    spark_row_of_partition,
    with_bad_experiences,
    with_integer_ids,
    with_unknown_touchpoint,
)

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'cxscore[spark]'")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17 or later), and neither `java` nor JAVA_HOME is found", allow_module_level=True)
from pyspark.sql import SparkSession  # noqa: E402

import cxscore.spark  # noqa: E402

pytestmark = pytest.mark.usefixtures("spark")  # conftest.py: one session for every module that needs one


def customers_of(result) -> pd.DataFrame:
    """result.customers as cxscore.score gives them: indexed by customer, the segment a categorical."""
    frame = result.customers.toPandas().set_index("customer")
    return frame.astype({"segment": pd.CategoricalDtype(list(result.segments.index))})


def partitions_with(events, customer: str) -> int:
    """The most input partitions any one customer's events lie in."""
    from pyspark.sql import functions

    per_partition = events.select(customer, functions.spark_partition_id().alias("p")).distinct()
    return per_partition.groupBy(customer).count().agg(functions.max("count")).first()[0]


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brand_scores_as_in_pandas(spark, brand, npartitions):
    events, journey_map, model, customers = brand
    want = cxscore.score(events, journey_map, model, customers)
    sdf = spark_frame(spark, events, npartitions)
    assert sdf.rdd.getNumPartitions() == npartitions
    if npartitions > 1:
        assert partitions_with(sdf, "customer") > 1, "no customer is split: the test would prove less"
    got = cxscore.spark.score(sdf, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(customers_of(got), want.customers)
    assert got.brand_index == pytest.approx(want.brand_index, rel=TOLERANCE)


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_helpdesk_log_scores_as_in_pandas(spark, helpdesk_log, npartitions):
    log, journey_map = helpdesk_log
    names = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}
    want = cxscore.score(log, journey_map, "prospect", **names)
    sdf = spark_frame(spark, log, npartitions)
    if npartitions > 1:
        assert partitions_with(sdf, "case_id") > 1
    got = cxscore.spark.score(sdf, journey_map, "prospect", **names)
    assert_same_tables(got, want)
    assert_same_customers(customers_of(got), want.customers)


def test_decay_and_peak_end_read_each_customer_in_input_order(spark, brand):
    """The peak and the end are the earliest and the last in input order on a tie in time: the order each
    partition must restore after the shuffle."""
    events, journey_map, _, customers = brand
    model = cxscore.Model(half_life_days=30, peak_end=0.3, recovery=0.5)
    same_day = events.assign(time=events["time"].dt.floor("D"))
    want = cxscore.score(same_day, journey_map, model, customers, as_of="2026-09-01")
    got = cxscore.spark.score(spark_frame(spark, same_day, 16), journey_map, model, customers, as_of="2026-09-01",
                              threads=2)
    assert_same_tables(got, want)
    assert_same_customers(customers_of(got), want.customers)


def test_integer_customer_ids_score_as_in_pandas(spark, brand):
    events, journey_map, model, customers = brand
    events, customers = with_integer_ids(events, customers)
    want = cxscore.score(events, journey_map, model, customers)
    got = cxscore.spark.score(spark_frame(spark, events, 16), journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(customers_of(got), want.customers)


def test_the_same_partitioning_gives_the_same_bits(spark, brand):
    events, journey_map, model, customers = brand
    sdf = spark_frame(spark, events, 16)
    first = cxscore.spark.score(sdf, journey_map, model, customers)
    first_customers = customers_of(first)
    first.unpersist()  # else Spark would hand the second call the first's cached results of the same plan
    second = cxscore.spark.score(sdf, journey_map, model, customers)
    for name in GROUPS:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), check_exact=True)
    assert first.summary == second.summary
    pd.testing.assert_frame_equal(first_customers.sort_index(), customers_of(second).sort_index(), check_exact=True)


def cached_rdds(spark: SparkSession) -> int:
    return spark.sparkContext._jsc.getPersistentRDDs().size()


def test_the_customers_are_scored_once_and_cached_until_unpersisted(spark, brand):
    events, journey_map, model, customers = brand
    spark.catalog.clearCache()  # a plan cached before (by an earlier test) would be found, not cached again
    got = cxscore.spark.score(spark_frame(spark, events, 3), journey_map, model, customers)
    assert cached_rdds(spark) == 1
    assert "InMemoryTableScan" in got.customers._jdf.queryExecution().executedPlan().toString()
    assert got.customers.count() == len(cxscore.score(events, journey_map, model, customers).customers)
    got.unpersist()
    assert cached_rdds(spark) == 0


def test_a_bad_row_in_partition_7_of_16_raises_the_pandas_error(spark, brand):
    events, journey_map, model, customers = brand
    bad = as_text(with_bad_experiences(events, [spark_row_of_partition(events, 16, 6)]))
    with pytest.raises(cxscore.InputError) as want:
        cxscore.score(bad, journey_map, model, customers)
    cached = cached_rdds(spark)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.spark.score(spark_frame(spark, bad, 16), journey_map, model, customers)
    assert (got.value.row, got.value.column, got.value.value) == (want.value.row, want.value.column, want.value.value)
    assert str(got.value) == str(want.value)
    assert got.value.value == "n/a"
    assert cached_rdds(spark) == cached, "a failed score keeps nothing cached"


def test_the_first_bad_row_is_named_whichever_partition_fails_first(spark, brand):
    events, journey_map, model, customers = brand
    rows = [spark_row_of_partition(events, 16, k) for k in (12, 6, 9)]
    bad = as_text(with_unknown_touchpoint(with_bad_experiences(events, rows), spark_row_of_partition(events, 16, 3)))
    with pytest.raises(cxscore.InputError) as want:
        cxscore.score(bad, journey_map, model, customers)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.spark.score(spark_frame(spark, bad, 16), journey_map, model, customers)
    assert str(got.value) == str(want.value)
    assert got.value.column == "touchpoint"


def test_lenient_mode_sets_aside_the_same_rows(spark, brand):
    events, journey_map, model, customers = brand
    bad = with_bad_experiences(events, [spark_row_of_partition(events, 16, k) for k in (6, 11, 15)])
    bad = as_text(with_unknown_touchpoint(bad, spark_row_of_partition(events, 16, 2)))
    listed = customers.copy()
    listed.loc[listed.index[3], "weight"] = -1.0  # a customers row refused in every partition, listed once
    want = cxscore.score(bad, journey_map, model, listed, lenient=True)
    got = cxscore.spark.score(spark_frame(spark, bad, 16), journey_map, model, listed, lenient=True)
    assert len(want.rejected) == 5
    assert got.summary["rejected_rows"] == 5
    assert_same_tables(got, want)
    assert_same_customers(customers_of(got), want.customers)


def test_no_rows_give_what_pandas_gives(spark, brand):
    """The reference is pandas on the rows as Spark holds them: text, where the simulation's are categoricals,
    whose categories would name customers without rows."""
    events, journey_map, model, customers = brand
    none = spark_frame(spark, events, 2).where("false")  # Spark plans it as no partitions at all
    want = cxscore.score(none.toPandas(), journey_map, model, customers)
    got = cxscore.spark.score(none, journey_map, model, customers)
    assert got.summary["events"] == 0
    assert_same_tables(got, want)
    assert got.customers.count() == 0


def test_importing_cxscore_does_not_import_pyspark():
    assert not imported_by_cxscore("pyspark")


def test_the_module_example_runs():
    failures, tries = module_examples(cxscore.spark)
    assert failures == 0
    assert tries >= 6


def test_the_docs_example_runs(capsys):
    """The docs' Spark example, as written (its session is the tests' own: getOrCreate finds it)."""
    run_docs_example("scaling.md", "cxscore.spark")
    printed = capsys.readouterr().out
    sim = cxscore.simulate(customers=2000, seed=1)
    want = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    assert printed.startswith(f"brand index {want.brand_index:.2f}\n")
