"""cxscore.spark's partitions of whole customers (grouped_by_customer, _whole_customers): only customers present in
two or more input partitions are repartitioned. Checked on frames sorted by customer (only the customers at the
partitions' boundaries are split) and in time order (nearly every customer split): every customer in one
partition, every row once with its ORDER, and each analysis's results those of the pandas API (score's
per-customer results to the bit, tables to 1e-12)."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

import cxscore
from conftest import (
    as_text,
    assert_same_customers,
    assert_same_journeys,
    assert_same_service_owners_monitor,
    assert_same_tables,
    boundary_customers,
    service_owners_monitor,
    slices,
    spark_frame,
    with_bad_experiences,
)
from cxscore import _partitions

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'cxscore[spark]'")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17 or later), and neither `java` nor JAVA_HOME is found", allow_module_level=True)
from pyspark.sql import functions  # noqa: E402

import cxscore.spark  # noqa: E402
from test_spark import customers_of  # noqa: E402

pytestmark = pytest.mark.usefixtures("spark")  # conftest.py: one session for every module that needs one


def grouped_partitions(sdf) -> pd.DataFrame:
    """Each row's customer, ORDER and partition after grouped_by_customer."""
    grouped = cxscore.spark.grouped_by_customer(sdf, "customer")
    return grouped.select("customer", _partitions.ORDER, functions.spark_partition_id().alias("p")).toPandas()


def assert_whole_customers(rows: pd.DataFrame, bounds: list[tuple[int, int]]) -> None:
    """Every customer in one partition; every row once, with its input partition and row within it."""
    assert (rows.groupby("customer")["p"].nunique() == 1).all(), "a customer in two partitions"
    want = [(k << _partitions.ROW_BITS) + r for k, (a, b) in enumerate(bounds) for r in range(b - a)]
    assert sorted(rows[_partitions.ORDER].tolist()) == want


def test_a_customer_sorted_frame_moves_only_the_boundary_customers(spark, by_customer):
    events, journey_map, model, customers = by_customer
    bounds = slices(len(events), 16)
    sdf = spark_frame(spark, events, 16)
    rows = grouped_partitions(sdf)
    assert_whole_customers(rows, bounds)
    boundary = boundary_customers(events, bounds)
    assert boundary
    # The input's 16 partitions keep their whole customers; the split ones, few, fill one partition more.
    assert rows["p"].nunique() == 17
    assert set(rows.loc[rows["p"] == 16, "customer"]) == boundary
    want = cxscore.score(events, journey_map, model, customers)
    got = cxscore.spark.score(sdf, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(customers_of(got), want.customers)
    got.unpersist()


def test_a_time_ordered_frame_repartitions_its_split_customers(spark, brand):
    events, *_ = brand
    bounds = slices(len(events), 16)
    rows = grouped_partitions(spark_frame(spark, events, 16))
    assert_whole_customers(rows, bounds)
    assert (rows["p"] >= 16).mean() > 0.9  # nearly every row moved, into partitions of their own


def test_the_analyses_of_a_customer_sorted_frame_are_the_pandas_ones(spark, by_customer, journey_brand):
    events, journey_map, model, customers = by_customer
    sdf = spark_frame(spark, events, 7)
    want = service_owners_monitor(cxscore, events, journey_map, model, customers)
    assert_same_service_owners_monitor(service_owners_monitor(cxscore.spark, sdf, journey_map, model, customers),
                                       want)
    journey_events, journey_map, outcomes = journey_brand
    journey_events = journey_events.sort_values("customer", kind="stable").reset_index(drop=True)
    want_journeys = cxscore.journeys(journey_events, journey_map, outcomes)
    got = cxscore.spark.journeys(spark_frame(spark, journey_events, 7), journey_map, outcomes)
    assert_same_journeys(got, want_journeys)


def test_a_bad_row_of_a_whole_or_a_split_customer_raises_the_pandas_error(spark, by_customer):
    """The first bad row by input order is named (by its place, counted from 0), whether its customer stays in
    place or moves."""
    events, journey_map, model, customers = by_customer
    bounds = slices(len(events), 16)
    moved = bounds[5][1]  # the first row of partition 6: a boundary customer's, unless a customer starts there
    for rows in ([bounds[9][0] + 3], [moved, bounds[9][0] + 3], [moved - 1]):
        bad = as_text(with_bad_experiences(events, rows))
        with pytest.raises(cxscore.InputError) as want:
            cxscore.score(bad, journey_map, model, customers)
        with pytest.raises(cxscore.InputError) as got:
            cxscore.spark.score(spark_frame(spark, bad, 16), journey_map, model, customers)
        assert str(got.value) == str(want.value)
