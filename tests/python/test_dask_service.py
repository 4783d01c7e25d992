"""cxscore.dask.service, owners and monitor against the pandas API, the reference: on the tests' two-worker
LocalCluster, for 1, 3 and 16 partitions of events in time order (customers split across partitions), the
service table and its brand figures equal the pandas API's to the bit (its counts merge exactly), the owners'
and the monitor's tables to 1e-12; the same partitioning gives the same bits; bad rows give the same error, or
the same rows set aside."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import (
    PARTITIONS,
    assert_same_frame,
    assert_same_service_owners_monitor,
    run_docs_example,
    service_owners_monitor,
    with_bad_experiences,
    with_unknown_touchpoint,
)
from cxscore import _core, _partitioned_monitor, _partitioned_service, _partitions

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'cxscore[dask]'")
pytest.importorskip("distributed", reason="distributed is not installed: pip install 'cxscore[dask]'")
import cxscore.dask  # noqa: E402
from test_dask import row_of_partition  # noqa: E402

HELPDESK = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}


pytestmark = pytest.mark.usefixtures("cluster")  # conftest.py: one cluster for every module that needs one


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_simulated_brand_as_in_pandas(brand, npartitions):
    events, journey_map, model, customers = brand
    want = service_owners_monitor(cxscore, events, journey_map, model, customers)
    assert want[2].brand["count"].size > 4, "too short a span for the monitor to prove much"
    assert want[2].touchpoints["change"].notna().sum() > 20
    ddf = dd.from_pandas(events, npartitions=npartitions, sort=False)
    if npartitions > 1:
        split = ddf.map_partitions(lambda p: pd.Series(p["customer"].unique())).compute().value_counts()
        assert split.max() > 1, "no customer is split: the test would prove less"
    assert_same_service_owners_monitor(service_owners_monitor(cxscore.dask, ddf, journey_map, model, customers), want)


@pytest.mark.parametrize("npartitions", PARTITIONS)
def test_the_helpdesk_log_as_in_pandas_with_nothing_to_attribute(helpdesk_log, npartitions):
    log, journey_map = helpdesk_log
    want = service_owners_monitor(cxscore, log, journey_map, "prospect", None, **HELPDESK)
    ddf = dd.from_pandas(log, npartitions=npartitions, sort=False)
    got = service_owners_monitor(cxscore.dask, ddf, journey_map, "prospect", None, **HELPDESK)
    assert_same_service_owners_monitor(got, want)
    table = got[0]
    assert len(table) == 0 and table.attrs["service_contacts"] == len(log)  # every activity is a contact
    assert table.attrs["nothing_to_attribute"] == (
        "every touchpoint of the map is a service one: no experience visit comes before a contact to explain it")


def test_the_same_partitioning_gives_the_same_bits(brand):
    events, journey_map, model, customers = brand
    ddf = dd.from_pandas(events, npartitions=16, sort=False)
    first = service_owners_monitor(cxscore.dask, ddf, journey_map, model, customers)
    second = service_owners_monitor(cxscore.dask, ddf, journey_map, model, customers)
    for got, want in ((first[0], second[0]), (first[1].scorecard, second[1].scorecard),
                      (first[1].trend, second[1].trend), (first[2].brand, second[2].brand),
                      (first[2].touchpoints, second[2].touchpoints)):
        assert_same_frame(got, want, "re-run", exact=True)


def test_a_bad_row_in_partition_7_of_16_raises_the_pandas_error(brand):
    events, journey_map, model, customers = brand
    bad = with_bad_experiences(events, [row_of_partition(events, 16, 6)])
    ddf = dd.from_pandas(bad, npartitions=16, sort=False)
    for name in ("service", "owners", "monitor"):
        with pytest.raises(cxscore.InputError) as want:
            getattr(cxscore, name)(bad, journey_map, model, customers)
        with pytest.raises(cxscore.InputError) as got:
            getattr(cxscore.dask, name)(ddf, journey_map, model, customers)
        assert (got.value.row, got.value.column, got.value.value) == (want.value.row, "experience", "n/a"), name
        assert str(got.value) == str(want.value), name


def test_lenient_mode_sets_aside_the_same_rows(brand):
    events, journey_map, model, customers = brand
    bad = with_bad_experiences(events, [row_of_partition(events, 16, k) for k in (6, 11, 15)])
    bad = with_unknown_touchpoint(bad, row_of_partition(events, 16, 2))
    listed = customers.copy()
    listed.loc[listed.index[3], "weight"] = -1.0  # a customers row refused in every partition, listed once
    want = service_owners_monitor(cxscore, bad, journey_map, model, listed, lenient=True)
    ddf = dd.from_pandas(bad, npartitions=16, sort=False)
    got = service_owners_monitor(cxscore.dask, ddf, journey_map, model, listed, lenient=True)
    assert len(want[0].attrs["rejected"]) == 5 and len(want[1].rejected) == 5 and len(want[2].rejected) == 5
    assert_same_service_owners_monitor(got, want)


def test_arguments_the_core_refuses_give_the_pandas_error(brand):
    events, journey_map, model, customers = brand
    ddf = dd.from_pandas(events, npartitions=3, sort=False)
    for call, options in ((lambda m, e: m.service(e, journey_map, window_days=0), "window"),
                          (lambda m, e: m.monitor(e, journey_map, model, fdr=1.5), "false-discovery"),
                          (lambda m, e: m.owners(e, journey_map, model, period="year"), "period")):
        with pytest.raises(cxscore.InputError, match=options) as want:
            call(cxscore, events)
        with pytest.raises(cxscore.InputError) as got:
            call(cxscore.dask, ddf)
        assert str(got.value) == str(want.value)


def test_no_rows_give_what_pandas_gives(brand):
    events, journey_map, model, customers = brand
    want = service_owners_monitor(cxscore, events.iloc[:0], journey_map, model, customers)
    none = dd.from_pandas(events.iloc[:0], npartitions=2)
    got = service_owners_monitor(cxscore.dask, none, journey_map, model, customers)
    assert len(got[2].brand) == 0
    assert_same_service_owners_monitor(got, want)


def test_service_counts_and_window_sums_travel_as_versioned_bytes(brand):
    events, journey_map, model, _ = brand
    names = cxscore._rows.names("customer", "touchpoint", "time", "experience", "expectation", "dimension")
    args = _partitions.checked_arguments(events.iloc[:0], journey_map, model, None, names, False, None, 1, "test",
                                         every_role=True)
    part = events.assign(**{_partitions.ORDER: np.arange(len(events), dtype=np.int64)})
    data = _partitioned_service.service_partition(part, args, None, 2.0).sums["service"]
    assert data[:4] == b"CXSB" and data[6] == 6  # kind service
    counts = _core.ServiceSummaries.from_bytes(data)
    assert counts.service_contacts == cxscore.service(events, journey_map).attrs["service_contacts"]
    assert counts.to_bytes() == data
    sums = _partitioned_monitor.monitor_partition(part, args, None, "week").sums
    brand_sums, by_touchpoint = (_core.WindowSums.from_bytes(sums[k]) for k in ("brand", "touchpoints"))
    assert sums["brand"][6] == 7 and brand_sums.period == "week" and brand_sums.group_count == 1
    assert brand_sums.cell_count == len(cxscore.monitor(events, journey_map, model).brand)
    with pytest.raises(cxscore.InputError, match="kind"):
        _core.ServiceSummaries.from_bytes(sums["brand"])
    with pytest.raises(cxscore.InputError, match="groups"):
        brand_sums.merge(by_touchpoint)


def test_the_docs_example_runs(capsys):
    """The docs' example of service, owners and monitor on Dask, as written (on the tests' cluster)."""
    run_docs_example("scaling.md", "cxscore.dask.service")
    sim = cxscore.simulate(customers=2000, seed=1)
    want = cxscore.service(sim.events, sim.journey_map)
    assert capsys.readouterr().out.startswith(f"{want.attrs['brand_share']:.1%} of service contacts explained\n")
