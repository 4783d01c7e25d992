"""cxscore.dask.drivers and cxscore.dask.driver_table against the pandas API, the reference: on the two-worker
LocalCluster of test_dask.py, every number within 1e-12 relative for 1, 3 and 16 partitions, linear and logistic
(the same IRLS iterations), with bootstrap intervals; the simulated brand's chain from events (customers split
across partitions) and R's swiss and mtcars data; bad values give the pandas API's errors."""

from __future__ import annotations

import pandas as pd
import pytest

import cxscore
import drivers_cases
from conftest import PARTITIONS
from drivers_cases import assert_same_drivers, reference, with_infinite, with_missing

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'cxscore[dask]'")
pytest.importorskip("distributed", reason="distributed is not installed: pip install 'cxscore[dask]'")
import cxscore.dask  # noqa: E402
import test_dask  # noqa: E402
from test_dask import row_of_partition  # noqa: E402

cluster = test_dask.cluster  # the LocalCluster of test_dask.py, started for this module too
simulated = drivers_cases.simulated


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brands_drivers_are_the_pandas_ones(simulated, npartitions):
    _, _, nps, retained = simulated
    for table, outcome in ((nps, "nps"), (retained, "retained")):
        want = cxscore.drivers(table, outcome)
        got = cxscore.dask.drivers(dd.from_pandas(table, npartitions=npartitions, sort=False), outcome)
        assert_same_drivers(got, want)
    assert got.attrs["outcome_model"] == "logistic" and got.attrs["logistic"]["iterations"] > 2


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_rs_data_give_the_pandas_drivers_and_bootstrap_intervals(npartitions):
    swiss = reference("swiss")
    want = cxscore.drivers(swiss, "Fertility", bootstrap=40, seed=3)
    got = cxscore.dask.drivers(dd.from_pandas(swiss, npartitions=npartitions, sort=False), "Fertility",
                               bootstrap=40, seed=3)
    assert_same_drivers(got, want)
    mtcars = reference("mtcars")
    want = cxscore.drivers(mtcars, "am", ["wt", "hp"])
    got = cxscore.dask.drivers(dd.from_pandas(mtcars, npartitions=npartitions, sort=False), "am", ["wt", "hp"])
    assert_same_drivers(got, want)
    assert want.attrs["logistic"]["iterations"] == got.attrs["logistic"]["iterations"]


def test_the_chain_from_events_is_the_pandas_chain(simulated):
    sim, events, nps, _ = simulated
    ddf = dd.from_pandas(events, npartitions=16, sort=False)
    table = cxscore.dask.driver_table(ddf, sim.journey_map, sim.model, sim.outcomes, outcome="nps")
    rows = table.compute()
    assert sorted(rows.index) == sorted(nps.index)
    pd.testing.assert_frame_equal(rows.loc[nps.index], nps, check_exact=True, check_index_type=False)
    assert_same_drivers(cxscore.dask.drivers(table, "nps"), cxscore.drivers(nps, "nps"))


def test_excluded_rows_and_the_same_bits_twice(simulated):
    _, _, nps, _ = simulated
    gaps = with_missing(nps, [5, 150, 290], nps.columns[0])
    want = cxscore.drivers(gaps, "nps")
    ddf = dd.from_pandas(gaps, npartitions=16, sort=False)
    first, second = cxscore.dask.drivers(ddf, "nps"), cxscore.dask.drivers(ddf, "nps")
    assert want.attrs["excluded_rows"] == 3
    assert_same_drivers(first, want)
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_a_bad_value_in_partition_7_of_16_raises_the_pandas_error(simulated):
    _, _, nps, retained = simulated
    bad = with_infinite(nps, row_of_partition(nps.reset_index(drop=True), 16, 6), "nps")
    with pytest.raises(cxscore.InputError) as want:
        cxscore.drivers(bad, "nps")
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.drivers(dd.from_pandas(bad, npartitions=16, sort=False), "nps")
    assert (got.value.row, got.value.column, got.value.value) == (want.value.row, want.value.column, want.value.value)
    assert str(got.value) == str(want.value)
    odd = retained.copy()
    odd.iloc[row_of_partition(retained.reset_index(drop=True), 16, 6), -1] = 0.5
    with pytest.raises(cxscore.InputError) as want:
        cxscore.drivers(odd, "retained", method="logistic")
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.drivers(dd.from_pandas(odd, npartitions=16, sort=False), "retained", method="logistic")
    assert str(got.value) == str(want.value)


def test_what_pandas_refuses_is_refused(simulated):
    _, events, nps, retained = simulated
    ddf = dd.from_pandas(nps, npartitions=3, sort=False)
    with pytest.raises(TypeError, match="numeric"):
        cxscore.dask.drivers(dd.from_pandas(nps.assign(web="x"), npartitions=3, sort=False), "nps")
    with pytest.raises(cxscore.InputError, match="no such column"):
        cxscore.dask.drivers(ddf, "nps", ["no such driver"])
    with pytest.raises(cxscore.InputError, match="constant"):
        cxscore.dask.drivers(dd.from_pandas(nps.assign(nps=1.0), npartitions=3, sort=False), "nps")
    with pytest.raises(ValueError, match="collect the table"):
        cxscore.dask.drivers(dd.from_pandas(retained, npartitions=3, sort=False), "retained", bootstrap=10)
    with pytest.raises(TypeError, match="Dask DataFrame"):
        cxscore.dask.drivers(nps, "nps")
    bad = events.copy()
    bad["touchpoint"] = bad["touchpoint"].astype(object)
    bad.loc[row_of_partition(events, 16, 6), "touchpoint"] = "no such touchpoint"
    sim = simulated[0]
    with pytest.raises(cxscore.InputError) as want:
        cxscore.driver_table(bad, sim.journey_map, sim.model, sim.outcomes, outcome="nps")
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.driver_table(dd.from_pandas(bad, npartitions=16, sort=False), sim.journey_map, sim.model,
                                  sim.outcomes, outcome="nps")
    assert str(got.value) == str(want.value)
