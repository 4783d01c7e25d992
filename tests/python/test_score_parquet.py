"""cxscore.score of a Parquet file's path: the file goes to the core's columns without a DataFrame, and every number,
error and lenient listing is what scoring the frame pandas reads from the same file gives."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import cxscore
from cxscore import _read_parquet, _score

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROW_GROUP = 700  # rows per row group: a few hundred customers' events make several
BATCH = 300      # rows per record batch: batches straddle the row groups


@pytest.fixture(scope="module")
def sim() -> cxscore.Simulation:
    return cxscore.simulate(customers=400, seed=11)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(_read_parquet, "_BATCH_ROWS", BATCH)


@pytest.fixture
def no_frame(monkeypatch):
    """Fails a test whose file would be read into a DataFrame: the path must go straight to the core."""
    def refuse(*args, **kwargs):
        raise AssertionError("score read the file into a DataFrame")
    monkeypatch.setattr(_score, "read_events", refuse)


def time_ordered(sim: cxscore.Simulation, ids: str) -> pa.Table:
    """The simulated events as a log has them (time order), customer ids as text, integers or a dictionary."""
    events = sim.events.sort_values("time", kind="stable").reset_index(drop=True)
    text = events["customer"].astype(str)
    customer = {"text": pa.array(text.tolist(), pa.string()),
                "integer": pa.array(text.str[1:].astype(np.int64)),
                "dictionary": pa.array(text.tolist(), pa.string()).dictionary_encode()}[ids]
    return pa.table({"customer": customer,
                     "touchpoint": pa.array(events["touchpoint"].astype(str).tolist(), pa.string()),
                     "time": pa.array(events["time"]),
                     "experience": pa.array(events["experience"]),
                     "expectation": pa.array(events["expectation"], from_pandas=True),
                     "dimension": pa.array(events["dimension"].astype(object).where(events["dimension"].notna(),
                                                                                     None).tolist(), pa.string())})


def with_a_struct_first(table: pa.Table) -> pa.Table:
    """The table behind a struct column of two fields: in Parquet two leaves, so each column's leaf index is one
    more than its field's."""
    pairs = pa.StructArray.from_arrays([pa.array(np.arange(table.num_rows)), pa.array(["x"] * table.num_rows)],
                                       ["k", "text"])
    return pa.table({"meta": pairs, **{name: table[name] for name in table.column_names}})


def people(sim: cxscore.Simulation, ids: str) -> pd.DataFrame:
    customers = sim.customers.copy()
    if ids == "integer":
        customers["customer"] = customers["customer"].astype(str).str[1:].astype(np.int64)
    return customers


def write(table: pa.Table, path) -> str:
    pq.write_table(table, path, row_group_size=ROW_GROUP)
    return str(path)


def assert_same_result(actual: cxscore.ScoreResult, expected: cxscore.ScoreResult) -> None:
    """The same numbers to the last bit, customers in the same order."""
    pd.testing.assert_frame_equal(actual.customers, expected.customers, check_exact=True, check_index_type=False)
    for group in ("touchpoints", "owners", "phases", "channels", "segments"):
        pd.testing.assert_frame_equal(getattr(actual, group), getattr(expected, group), check_exact=True, obj=group)
    assert json.dumps(actual.summary, sort_keys=True) == json.dumps(expected.summary, sort_keys=True)  # NaN too
    pd.testing.assert_frame_equal(actual.rejected, expected.rejected, check_index_type=False)


@pytest.mark.parametrize("ids", ["text", "integer", "dictionary"])
def test_a_parquet_path_scores_as_the_frame_pandas_reads_from_it(tmp_path, sim, ids, no_frame):
    path = write(time_ordered(sim, ids), tmp_path / "events.parquet")
    assert pq.ParquetFile(path).metadata.num_row_groups > 5
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model, people(sim, ids))
    actual = cxscore.score(path, sim.journey_map, sim.model, people(sim, ids))
    assert_same_result(actual, expected)
    assert actual.summary["events"] == len(sim.events)
    actual.to_folder(tmp_path / "path")
    expected.to_folder(tmp_path / "frame")
    for name in ("customers.csv", "touchpoints.csv", "segments.csv", "summary.json"):
        assert (tmp_path / "path" / name).read_bytes() == (tmp_path / "frame" / name).read_bytes(), name


@pytest.mark.parametrize("stored", ["dictionary pages", "plain pages", "dictionary falling back to plain"])
@pytest.mark.parametrize("order", ["customer", "time"])
def test_text_ids_score_the_same_however_the_file_stores_them(tmp_path, sim, order, stored, no_frame):
    # Text ids in dictionary pages are read as a dictionary (a lookup per row group's label, not per row);
    # plain pages, and dictionaries a writer abandoned for plain pages, as text: both number the customers in
    # order of first appearance, as pandas.factorize of the frame does.
    table = time_ordered(sim, "text")
    if order == "customer":
        table = table.take(pa.array(np.argsort(table["customer"].to_numpy(zero_copy_only=False), kind="stable")))
    options = {"dictionary pages": {}, "plain pages": {"use_dictionary": ["touchpoint", "dimension"]},
               "dictionary falling back to plain": {"dictionary_pagesize_limit": 64, "data_page_size": 256,
                                                    "write_batch_size": 32}}[stored]
    path = str(tmp_path / "events.parquet")
    pq.write_table(table, path, row_group_size=ROW_GROUP, **options)
    assert _read_parquet._stored_as_dictionary(pq.read_metadata(path), "customer") == (stored == "dictionary pages")
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model, people(sim, "text"))
    assert_same_result(cxscore.score(path, sim.journey_map, sim.model, people(sim, "text")), expected)
    frame = cxscore.read_events(path)
    assert frame["customer"].cat.categories.tolist() == pd.unique(table["customer"].to_numpy(
        zero_copy_only=False)).tolist()


def test_the_ids_storage_is_read_from_their_own_leaf_beside_nested_columns(tmp_path, sim):
    # A struct column before the ids holds two Parquet leaves: the ids' leaf is the third, their field the second.
    table = time_ordered(sim, "text")
    path = str(tmp_path / "events.parquet")
    pq.write_table(with_a_struct_first(table), path, row_group_size=ROW_GROUP, use_dictionary=["customer"])
    assert _read_parquet._stored_as_dictionary(pq.read_metadata(path), "customer")
    assert not _read_parquet._stored_as_dictionary(pq.read_metadata(path), "touchpoint")  # plain pages
    assert not _read_parquet._stored_as_dictionary(pq.read_metadata(path), "meta")  # no leaf of that path
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model)
    assert_same_result(cxscore.score(path, sim.journey_map, sim.model), expected)


def test_a_missing_time_beside_nested_columns_is_found_when_the_model_reads_no_times(tmp_path, sim):
    # The model reads no times, so they are only checked by the file's statistics: those of the time column's own
    # leaf, not of the leaf at the time field's position (a struct column before it holds two leaves).
    table = time_ordered(sim, "text")
    times = table["time"].to_pylist()
    times[table.num_rows - 9] = None
    table = table.set_column(table.column_names.index("time"), "time", pa.array(times, table["time"].type))
    path = str(tmp_path / "events.parquet")
    pq.write_table(with_a_struct_first(table), path, row_group_size=ROW_GROUP)
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(path, sim.journey_map, sim.model)
    with pytest.raises(cxscore.InputError) as from_frame:
        cxscore.score(cxscore.read_events(path), sim.journey_map, sim.model)
    assert (caught.value.row, caught.value.column) == (table.num_rows - 9, "time")
    assert str(caught.value) == str(from_frame.value)


def test_a_model_that_reads_times_gets_the_files_times(tmp_path, sim, no_frame):
    path = write(time_ordered(sim, "text"), tmp_path / "events.parquet")
    model = {"preset": "prospect", "half_life_days": 7, "peak_end": 0.3}
    as_of = sim.events["time"].max() + pd.Timedelta(days=1)
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, model, as_of=as_of)
    assert_same_result(cxscore.score(path, sim.journey_map, model, as_of=as_of), expected)
    assert_same_result(cxscore.score(path, sim.journey_map, model), cxscore.score(pd.read_parquet(path),
                                                                                 sim.journey_map, model))


def test_the_columns_are_found_under_the_names_given(tmp_path, sim, no_frame):
    table = time_ordered(sim, "text").rename_columns(["case", "step", "at", "rating", "expected", "item"])
    path = write(table, tmp_path / "events.parquet")
    names = dict(customer="case", touchpoint="step", time="at", experience="rating", expectation="expected",
                 dimension="item")
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model, **names)
    assert_same_result(cxscore.score(path, sim.journey_map, sim.model, **names), expected)


def test_a_bad_value_in_a_late_row_group_is_named_by_the_files_row(tmp_path, sim, no_frame):
    table = time_ordered(sim, "text")
    row = table.num_rows - 123  # in the last row groups
    experience = table["experience"].to_numpy().copy()
    experience[row] = 1e9
    path = write(table.set_column(3, "experience", pa.array(experience)), tmp_path / "events.parquet")
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(path, sim.journey_map, sim.model)
    with pytest.raises(cxscore.InputError) as from_frame:
        cxscore.score(cxscore.read_events(path), sim.journey_map, sim.model)
    assert (caught.value.file, caught.value.row, caught.value.column, caught.value.value) == \
        (path, row, "experience", "1e+09")
    assert str(caught.value) == str(from_frame.value)


@pytest.mark.parametrize("column, value", [("touchpoint", "teleport"), ("touchpoint", None), ("customer", None),
                                           ("time", None)])
def test_a_row_only_the_frame_path_judges_is_named_as_it_names_it(tmp_path, sim, column, value):
    table = time_ordered(sim, "text")
    row = table.num_rows - 45
    cells = table[column].to_pylist()
    cells[row] = value
    k = table.column_names.index(column)
    path = write(table.set_column(k, column, pa.array(cells, table[column].type)), tmp_path / "events.parquet")
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(path, sim.journey_map, sim.model)
    with pytest.raises(cxscore.InputError) as from_frame:
        cxscore.score(cxscore.read_events(path), sim.journey_map, sim.model)
    assert (caught.value.file, caught.value.row, caught.value.column) == (path, row, column)
    assert str(caught.value) == str(from_frame.value)


def test_a_file_without_a_needed_column_lists_the_columns_it_has(tmp_path, sim):
    path = write(time_ordered(sim, "text").drop_columns(["experience"]), tmp_path / "events.parquet")
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(path, sim.journey_map, sim.model)
    assert caught.value.file == path and caught.value.column == "experience"
    assert "missing required column 'experience'" in str(caught.value)
    assert "['customer', 'touchpoint', 'time', 'expectation', 'dimension']" in str(caught.value)


def test_lenient_lists_the_rows_the_frame_pandas_reads_lists(tmp_path, sim):
    # A missing and an unknown touchpoint: rows only the frame path judges, so the file is read as a frame.
    table = time_ordered(sim, "text")
    touchpoints = table["touchpoint"].to_pylist()
    experience = table["experience"].to_numpy().copy()
    touchpoints[17], touchpoints[table.num_rows - 5] = "teleport", None
    experience[900], experience[table.num_rows - 300] = -5.0, np.nan
    path = write(table.set_column(1, "touchpoint", pa.array(touchpoints, pa.string()))
                 .set_column(3, "experience", pa.array(experience)), tmp_path / "events.parquet")
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model, people(sim, "text"), lenient=True)
    actual = cxscore.score(path, sim.journey_map, sim.model, people(sim, "text"), lenient=True)
    assert_same_result(actual, expected)
    assert actual.rejected.index.tolist() == [17, 900, table.num_rows - 300, table.num_rows - 5]
    assert actual.rejected["column"].tolist() == ["touchpoint", "experience", "experience", "touchpoint"]


def test_lenient_with_rows_only_the_core_refuses_reads_no_frame(tmp_path, sim, no_frame):
    table = time_ordered(sim, "text")
    experience = table["experience"].to_numpy().copy()
    experience[[3, table.num_rows - 77]] = [-5.0, np.inf]
    path = write(table.set_column(3, "experience", pa.array(experience)), tmp_path / "events.parquet")
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model, lenient=True)
    actual = cxscore.score(path, sim.journey_map, sim.model, lenient=True)
    assert_same_result(actual, expected)
    assert actual.rejected.index.tolist() == [3, table.num_rows - 77]
    clean = write(time_ordered(sim, "text"), tmp_path / "clean.parquet")
    assert len(cxscore.score(clean, sim.journey_map, sim.model, lenient=True).rejected) == 0


def test_blank_and_missing_dimensions_are_no_dimension(tmp_path, sim, no_frame):
    table = time_ordered(sim, "text")
    dimensions = table["dimension"].to_pylist()
    filled = [k for k, d in enumerate(dimensions) if d is not None]
    for k in filled[::7]:
        dimensions[k] = " "
    path = write(table.set_column(5, "dimension", pa.array(dimensions, pa.string())), tmp_path / "events.parquet")
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model)
    assert_same_result(cxscore.score(path, sim.journey_map, sim.model), expected)


def test_a_csv_path_scores_as_its_read_events_frame(tmp_path, sim):
    path = tmp_path / "events.csv"
    sim.events.to_csv(path, index=False)
    expected = cxscore.score(cxscore.read_events(path), sim.journey_map, sim.model)
    assert_same_result(cxscore.score(str(path), sim.journey_map, sim.model), expected)


def test_times_of_another_type_are_judged_by_the_frame_path_even_when_the_model_reads_none(tmp_path, sim):
    table = time_ordered(sim, "text")
    text = [t.isoformat() for t in table["time"].to_pylist()]
    text[-9] = "last tuesday"
    path = write(table.set_column(2, "time", pa.array(text, pa.string())), tmp_path / "events.parquet")
    with pytest.raises(cxscore.InputError) as caught:
        cxscore.score(path, sim.journey_map, sim.model)
    assert (caught.value.row, caught.value.column, caught.value.value) == (table.num_rows - 9, "time", "last tuesday")


def test_an_empty_file_scores_as_its_frame_does(tmp_path, sim, no_frame):
    path = write(time_ordered(sim, "text").slice(0, 0), tmp_path / "events.parquet")
    expected = cxscore.score(pd.read_parquet(path), sim.journey_map, sim.model)
    actual = cxscore.score(path, sim.journey_map, sim.model)
    assert_same_result(actual, expected)
    assert actual.summary["events"] == 0


def test_a_file_pandas_wrote_scores_as_the_frame_it_wrote(tmp_path, sim, no_frame):
    # Categoricals become dictionary columns (ids, touchpoints and dimensions), text large_string.
    events = sim.events.sort_values("time", kind="stable").reset_index(drop=True)
    path = str(tmp_path / "events.parquet")
    events.to_parquet(path, row_group_size=ROW_GROUP)
    expected = cxscore.score(events, sim.journey_map, sim.model, sim.customers)
    assert_same_result(cxscore.score(path, sim.journey_map, sim.model, sim.customers), expected)
    events["customer"] = events["customer"].astype(str)
    events.to_parquet(path, row_group_size=ROW_GROUP)
    assert pq.read_schema(path).field("customer").type in (pa.large_string(), pa.string())
    assert_same_result(cxscore.score(path, sim.journey_map, sim.model, sim.customers),
                       cxscore.score(events, sim.journey_map, sim.model, sim.customers))
