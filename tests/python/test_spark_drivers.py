"""cxscore.spark.drivers and cxscore.spark.driver_table against the pandas API, the reference: on the local[2]
session of the tests (conftest), every number within 1e-12 relative for 1, 3 and 16 partitions, linear and logistic (the
same IRLS iterations), with bootstrap intervals; the simulated brand's chain from events (customers split across
partitions) and R's swiss and mtcars data; bad values give the pandas API's errors, rows named by their place."""

from __future__ import annotations

import pandas as pd
import pytest

import cxscore
import drivers_cases
from conftest import PARTITIONS
from drivers_cases import assert_same_drivers, reference, with_infinite, with_missing

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'cxscore[spark]'")
import cxscore.spark  # noqa: E402
import test_spark  # noqa: E402, F401  (it skips the module where Java is missing)
from conftest import slices, spark_frame  # noqa: E402  (the tests' local[2] session is conftest's `spark`)

simulated = drivers_cases.simulated


def with_id(table: pd.DataFrame) -> pd.DataFrame:
    """A driver table with its customer ids as a column, as Spark holds it."""
    return table.reset_index()


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brands_drivers_are_the_pandas_ones(spark, simulated, npartitions):
    _, _, nps, retained = simulated
    want = cxscore.drivers(nps, "nps")
    got = cxscore.spark.drivers(spark_frame(spark, with_id(nps), npartitions), "nps", id="customer")
    assert_same_drivers(got, want)
    if npartitions == 16:  # the logistic fit's passes on the most partitions (mtcars' below on every partitioning)
        want = cxscore.drivers(retained, "retained")
        got = cxscore.spark.drivers(spark_frame(spark, with_id(retained), 16), "retained", id="customer")
        assert_same_drivers(got, want)
        assert got.attrs["logistic"]["iterations"] > 2


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_rs_data_give_the_pandas_drivers_and_bootstrap_intervals(spark, npartitions):
    swiss = reference("swiss").reset_index(drop=True)
    want = cxscore.drivers(swiss, "Fertility", bootstrap=40, seed=3)
    got = cxscore.spark.drivers(spark_frame(spark, swiss, npartitions), "Fertility", bootstrap=40, seed=3)
    assert_same_drivers(got, want)
    if npartitions == 16:  # 47 rows in 64 partitions: some hold no row, and send nothing
        want = cxscore.drivers(swiss, "Fertility", bootstrap=40, seed=3)
        assert_same_drivers(cxscore.spark.drivers(spark_frame(spark, swiss, 64), "Fertility", bootstrap=40, seed=3),
                            want)
    mtcars = reference("mtcars").reset_index(drop=True)
    want = cxscore.drivers(mtcars, "am", ["wt", "hp"])
    got = cxscore.spark.drivers(spark_frame(spark, mtcars, npartitions), "am", ["wt", "hp"])
    assert_same_drivers(got, want)


def test_the_chain_from_events_is_the_pandas_chain(spark, simulated):
    sim, events, nps, _ = simulated
    table = cxscore.spark.driver_table(spark_frame(spark, events, 16), sim.journey_map, sim.model, sim.outcomes,
                                       outcome="nps")
    rows = table.toPandas().set_index("customer")
    assert sorted(rows.index) == sorted(nps.index)
    pd.testing.assert_frame_equal(rows.loc[nps.index], nps, check_exact=True, check_index_type=False)
    assert_same_drivers(cxscore.spark.drivers(table, "nps", id="customer"), cxscore.drivers(nps, "nps"))


def test_rows_are_named_by_their_place_in_the_frame(spark, simulated):
    _, _, nps, _ = simulated
    gaps = with_missing(nps, [5, 150, 290], nps.columns[0]).reset_index(drop=True)
    want = cxscore.drivers(gaps, "nps")
    got = cxscore.spark.drivers(spark_frame(spark, gaps, 16), "nps")
    assert [e["row"] for e in got.attrs["excluded"]] == [5, 150, 290]
    assert_same_drivers(got, want)
    start = slices(len(nps), 16)[6][0] + 3  # a row of partition 7 of 16
    bad = with_infinite(nps.reset_index(drop=True), start, "nps")
    with pytest.raises(cxscore.InputError) as want_error:
        cxscore.drivers(bad, "nps")
    with pytest.raises(cxscore.InputError) as got_error:
        cxscore.spark.drivers(spark_frame(spark, bad, 16), "nps")
    assert str(got_error.value) == str(want_error.value)
    assert got_error.value.row == start


def test_what_pandas_refuses_is_refused(spark, simulated):
    sim, events, nps, retained = simulated
    with pytest.raises(ValueError, match="collect the table"):
        cxscore.spark.drivers(spark_frame(spark, with_id(retained), 3), "retained", id="customer", bootstrap=10)
    with pytest.raises(TypeError, match="numeric"):
        cxscore.spark.drivers(spark_frame(spark, with_id(nps), 3), "nps")  # the ids are no driver
    bad = events.copy()
    bad["touchpoint"] = bad["touchpoint"].astype(object)
    row = slices(len(events), 16)[6][0] + 5
    bad.loc[row, "touchpoint"] = "no such touchpoint"
    with pytest.raises(cxscore.InputError) as want:
        cxscore.driver_table(bad, sim.journey_map, sim.model, sim.outcomes, outcome="nps")
    with pytest.raises(cxscore.InputError) as got:
        cxscore.spark.driver_table(spark_frame(spark, bad, 16), sim.journey_map, sim.model, sim.outcomes,
                                   outcome="nps")
    assert str(got.value) == str(want.value)
