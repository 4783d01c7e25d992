"""cxscore.dask.score of Parquet files given by path (a directory, a glob, a list), a partition a file read by
cxscore itself: the pandas API's tables to 1e-12 and its per-customer results to the bit, the same customers as
the Dask DataFrame dd.read_parquet makes of the same files, for files in time order (most customers split over
files) and sorted by customer; a bad row in file 7 of 16 gives the error cxscore.score gives on that file (its
name, row, column and value); lenient mode sets aside the rows the pandas API sets aside, each named by file and
row. The two-worker cluster is conftest.py's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import assert_same_customers, assert_same_tables, with_integer_ids, with_unknown_touchpoint

dd = pytest.importorskip("dask.dataframe", reason="dask is not installed: pip install 'cxscore[dask]'")
pytest.importorskip("distributed", reason="distributed is not installed: pip install 'cxscore[dask]'")
pytest.importorskip("pyarrow", reason="reading Parquet needs pyarrow: pip install pyarrow")
import cxscore.dask  # noqa: E402

pytestmark = pytest.mark.usefixtures("cluster")  # conftest.py: one cluster for every module that needs one

FILES = 16


def written(frames: list[pd.DataFrame], directory) -> list[str]:
    """``frames`` as Parquet files part-0 ... in ``directory``, their paths in order."""
    directory.mkdir()
    paths = []
    for k, frame in enumerate(frames):
        paths.append(str(directory / f"part-{k}.parquet"))
        frame.to_parquet(paths[-1], index=False)
    return paths


def pieces(events: pd.DataFrame, count: int) -> list[pd.DataFrame]:
    return [events.iloc[rows] for rows in np.array_split(np.arange(len(events)), count)]


@pytest.fixture(scope="module")
def in_time_order(brand, tmp_path_factory):
    """The brand's events in time order as FILES Parquet files: most customers have events in several."""
    return written(pieces(brand[0], FILES), tmp_path_factory.mktemp("time") / "events")


def test_files_in_time_order_score_as_in_pandas_and_as_their_dask_frame(brand, in_time_order):
    events, journey_map, model, customers = brand
    directory = in_time_order[0].rsplit("/", 1)[0]
    want = cxscore.score(events, journey_map, model, customers)
    got = cxscore.dask.score(directory, journey_map, model, customers)
    assert got.customers.npartitions == FILES
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)
    frame = cxscore.dask.score(dd.read_parquet(directory), journey_map, model, customers)
    assert_same_customers(got.customers.compute(), frame.customers.compute())


def sorted_by_customer(events: pd.DataFrame, customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events stored customer by customer: only the customers at the files' edges are split."""
    return events.sort_values("customer", kind="stable").reset_index(drop=True), customers


@pytest.mark.parametrize(("made", "files"), [(sorted_by_customer, 3), (with_integer_ids, FILES)])
def test_files_sorted_by_customer_or_with_integer_ids_score_as_in_pandas(brand, tmp_path, made, files):
    events, journey_map, model, customers = brand
    events, customers = made(events, customers)
    paths = written(pieces(events, files), tmp_path / "events")
    want = cxscore.score(events, journey_map, model, customers)
    got = cxscore.dask.score(paths, journey_map, model, customers)
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_a_directory_a_glob_and_a_list_are_the_same_files(brand, in_time_order):
    _, journey_map, model, customers = brand
    directory = in_time_order[0].rsplit("/", 1)[0]
    results = [cxscore.dask.score(given, journey_map, model, customers)
               for given in (directory, directory + "/*.parquet", in_time_order)]
    assert len({r.brand_index for r in results}) == 1, "the same partitioning gives the same bits"


def with_missing_experience(frame: pd.DataFrame, position: int) -> pd.DataFrame:
    """``frame`` with no experience at ``position``: a row the core refuses."""
    bad = frame.copy()
    bad.iloc[position, bad.columns.get_loc("experience")] = np.nan
    return bad


def test_a_bad_row_in_file_7_of_16_raises_the_error_of_that_file(brand, tmp_path):
    events, journey_map, model, customers = brand
    frames = pieces(events, FILES)
    frames[6] = with_missing_experience(frames[6], len(frames[6]) // 2)
    paths = written(frames, tmp_path / "events")
    with pytest.raises(cxscore.InputError) as want:
        cxscore.score(paths[6], journey_map, model, customers)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.score(paths, journey_map, model, customers)
    assert (got.value.file, got.value.row, got.value.column) == (paths[6], len(frames[6]) // 2, "experience")
    assert (got.value.file, got.value.row, got.value.column, got.value.value) == \
        (want.value.file, want.value.row, want.value.column, want.value.value)
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize(("core_file", "python_file"), [(9, 6), (6, 9)])
def test_the_first_bad_row_in_input_order_is_named_whichever_check_finds_it(brand, tmp_path, core_file, python_file):
    events, journey_map, model, customers = brand
    frames = [f.reset_index(drop=True) for f in pieces(events, FILES)]
    frames[core_file] = with_missing_experience(frames[core_file], 3)
    frames[python_file] = with_unknown_touchpoint(frames[python_file], 5)  # the file is read as a frame
    paths = written(frames, tmp_path / "events")
    with pytest.raises(cxscore.InputError) as want:
        cxscore.score(pd.concat(frames, ignore_index=True), journey_map, model, customers)
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.score(paths, journey_map, model, customers)
    first = min(core_file, python_file)
    assert (got.value.file, got.value.row) == (paths[first], 3 if first == core_file else 5)
    assert (got.value.column, got.value.value, got.value.reason) == \
        (want.value.column, want.value.value, want.value.reason)


def test_lenient_mode_sets_aside_the_same_rows_named_by_file(brand, tmp_path):
    events, journey_map, model, customers = brand
    frames = [f.reset_index(drop=True) for f in pieces(events, FILES)]
    for k in (6, 11, 15):
        frames[k] = with_missing_experience(frames[k], 4)
    frames[2] = with_unknown_touchpoint(frames[2], 7)
    paths = written(frames, tmp_path / "events")
    listed = customers.copy()
    listed.loc[listed.index[3], "weight"] = -1.0  # a customers row refused in every partition, listed once
    want = cxscore.score(pd.concat(frames, ignore_index=True), journey_map, model, listed, lenient=True)
    got = cxscore.dask.score(paths, journey_map, model, listed, lenient=True)
    assert len(want.rejected) == 5
    assert got.summary["rejected_rows"] == 5
    events_rows = got.rejected.iloc[:4]
    assert list(zip(events_rows["file"], events_rows.index)) == [(paths[2], 7), (paths[6], 4), (paths[11], 4),
                                                                 (paths[15], 4)]
    pd.testing.assert_frame_equal(got.rejected.drop(columns="file").reset_index(drop=True),
                                  want.rejected.reset_index(drop=True))
    got.rejected = want.rejected  # checked above, rows named by file; every other table as the pandas API's
    assert_same_tables(got, want)
    assert_same_customers(got.customers.compute(), want.customers)


def test_a_file_without_a_required_column_is_named(brand, tmp_path):
    events, journey_map, model, customers = brand
    frames = pieces(events, 3)
    frames[1] = frames[1].drop(columns="experience")
    paths = written(frames, tmp_path / "events")
    with pytest.raises(cxscore.InputError) as got:
        cxscore.dask.score(paths, journey_map, model, customers)
    assert got.value.file == paths[1]
    assert got.value.column == "experience"


def test_no_parquet_file_is_an_input_error(brand, tmp_path):
    _, journey_map, model, customers = brand
    with pytest.raises(cxscore.InputError, match="no Parquet file"):
        cxscore.dask.score(str(tmp_path / "nothing-*.parquet"), journey_map, model, customers)
