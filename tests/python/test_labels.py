"""Text labels looked up and numbered in the core (cxscore._labels, python/src/labels_binding.cpp) against
pandas and pyarrow doing the same: label_positions against Index.get_indexer, categorical_of_chunks against
pyarrow's own unification of a ChunkedArray's dictionaries (ChunkedArray.to_pandas)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxscore import _core
from cxscore._labels import categorical_of_chunks, label_positions

pa = pytest.importorskip("pyarrow")

labels_text = st.text(alphabet=st.sampled_from(list("ab\u00e9\u4e2d ,\"")), max_size=4)


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(labels_text, unique=True, max_size=30), queries=st.lists(labels_text, max_size=40),
       dtype=st.sampled_from([object, "str"]))
def test_label_positions_equal_get_indexer(labels, queries, dtype):
    index = pd.Index(labels, dtype=dtype)
    expected = index.get_indexer(pd.Index(queries, dtype=dtype)).astype(np.int64)
    found = label_positions(index, pd.Series(queries, dtype=dtype))
    assert found.dtype == np.int64
    np.testing.assert_array_equal(found, expected)


def test_label_positions_of_numbers_or_missing_ids_go_through_pandas():
    numbers = pd.Index([10, 20, 30])
    np.testing.assert_array_equal(label_positions(numbers, [30, 5, 10]), [2, -1, 0])
    text = pd.Index(["a", "b"], dtype=object)
    np.testing.assert_array_equal(label_positions(text, pd.Series(["b", None, "a"], dtype=object)), [1, -1, 0])


def test_text_positions_refuses_offsets_outside_the_bytes():
    good = (np.array([0, 1], dtype=np.int64), np.frombuffer(b"a", dtype=np.uint8))
    with pytest.raises(ValueError, match="not within 1 bytes"):
        _core.text_positions(*good, np.array([0, 2], dtype=np.int64), np.frombuffer(b"a", dtype=np.uint8))
    with pytest.raises(ValueError, match="offsets are empty"):
        _core.text_positions(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8), *good)


def expect_same_categorical(chunked):
    expected = chunked.to_pandas()
    found = categorical_of_chunks(chunked)
    assert list(found.categories) == list(expected.cat.categories)
    np.testing.assert_array_equal(np.asarray(found.codes), expected.cat.codes.to_numpy())


def test_chunks_sharing_a_dictionary_and_chunks_with_their_own_unify_as_pyarrow_does():
    shared = pa.array(["x", "y", "z\u00e9"])
    other = pa.array(["w", "z\u00e9", "x", ""])
    chunks = [pa.DictionaryArray.from_arrays(pa.array([2, 0, 0], pa.int32()), shared),
              pa.DictionaryArray.from_arrays(pa.array([1, 1], pa.int32()), shared),
              pa.DictionaryArray.from_arrays(pa.array([3, 0, None, 2], pa.int32()), other),
              pa.DictionaryArray.from_arrays(pa.array([1], pa.int32()), shared.slice(1))]
    expect_same_categorical(pa.chunked_array(chunks))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(labels_text, unique=True, min_size=1, max_size=8),
                          st.lists(st.integers(-1, 7), max_size=12)), max_size=5))
def test_any_chunks_unify_as_pyarrow_does(spec):
    chunks = []
    for labels, rows in spec:
        indices = pa.array([None if r < 0 else r % len(labels) for r in rows], pa.int32())
        chunks.append(pa.DictionaryArray.from_arrays(indices, pa.array(labels, pa.string())))
    expect_same_categorical(pa.chunked_array(chunks, pa.dictionary(pa.int32(), pa.string())))


def test_an_index_outside_its_dictionary_is_refused():
    dictionary = (np.array([0, 1], dtype=np.int64), np.frombuffer(b"a", dtype=np.uint8))
    with pytest.raises(ValueError, match="1 indices are outside"):
        _core.unify_dictionary_chunks([dictionary], [0], [np.array([0, 1], dtype=np.int32)])
    with pytest.raises(ValueError, match="names dictionary 1 of 1"):
        _core.unify_dictionary_chunks([dictionary], [1], [np.array([0], dtype=np.int32)])


def test_read_events_of_a_parquet_file_in_many_row_groups_equals_pyarrows_frame(tmp_path):
    import pyarrow.parquet as pq

    import cxscore

    rng = np.random.default_rng(3)
    n = 5000
    table = pa.table({"customer": [f"C{c}" for c in rng.integers(0, 700, n)],
                      "touchpoint": rng.choice(["web", "shop", "support"], n),
                      "time": pd.date_range("2026-01-01", periods=n, freq="min", tz="UTC"),
                      "experience": rng.uniform(1, 5, n),
                      "dimension": rng.choice(["speed", "care", None], n)})
    path = tmp_path / "events.parquet"
    pq.write_table(table, path, row_group_size=700)
    frame = cxscore.read_events(path)
    expected = pq.read_table(path, read_dictionary=["customer", "touchpoint", "dimension"]).to_pandas()
    assert list(frame.columns) == list(expected.columns)
    for name in ("customer", "touchpoint", "dimension"):
        assert list(frame[name].cat.categories) == list(expected[name].cat.categories), name
        np.testing.assert_array_equal(frame[name].cat.codes.to_numpy(), expected[name].cat.codes.to_numpy())
    pd.testing.assert_series_equal(frame["experience"], expected["experience"])
    pd.testing.assert_series_equal(frame["time"], expected["time"])
