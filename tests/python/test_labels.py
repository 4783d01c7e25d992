"""Text labels looked up and numbered in the core (cxscore._labels, python/src/labels_binding.cpp) against
pandas and pyarrow doing the same: label_positions against Index.get_indexer, DictionaryPieces against
pyarrow's own unification of a ChunkedArray's dictionaries (ChunkedArray.to_pandas)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxscore import _core
from cxscore._labels import DictionaryPieces, label_positions

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
    pieces = DictionaryPieces(len(chunked))
    for chunk in chunked.chunks:
        pieces.add(chunk)
    found = pieces.categorical()
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


def test_an_index_outside_its_dictionary_or_a_slice_of_the_wrong_size_or_type_is_refused():
    unifier = _core.DictionaryUnifier()
    handle = unifier.add_dictionary(np.array([0, 1], dtype=np.int64), np.frombuffer(b"a", dtype=np.uint8))
    out = np.zeros(2, dtype=np.int32)
    with pytest.raises(ValueError, match="1 indices are outside"):
        unifier.code(handle, np.array([0, 1], dtype=np.int32), out)
    with pytest.raises(ValueError, match="dictionary 1 of 1"):
        unifier.code(1, np.array([0, 0], dtype=np.int32), out)
    with pytest.raises(ValueError, match="2 indices but room for 1 codes"):
        unifier.code(handle, np.array([0, 0], dtype=np.int32), out[:1])
    with pytest.raises(TypeError):  # never a converted copy that the codes would be written into and lost
        unifier.code(handle, np.array([0, 0], dtype=np.int32), np.zeros(2, dtype=np.int64))
    unifier.forget_dictionaries()
    with pytest.raises(ValueError, match="dictionary 0 of 0"):
        unifier.code(handle, np.array([0], dtype=np.int32), out[:1])


def test_a_dictionary_seen_again_after_another_keeps_its_labels_codes():
    unifier = _core.DictionaryUnifier()
    first = (np.array([0, 1, 2], dtype=np.int64), np.frombuffer(b"xy", dtype=np.uint8))
    second = (np.array([0, 1, 2], dtype=np.int64), np.frombuffer(b"zx", dtype=np.uint8))
    out = np.full(6, 99, dtype=np.int32)
    unifier.code(unifier.add_dictionary(*first), np.array([1, -1], dtype=np.int32), out[0:2])
    unifier.forget_dictionaries()
    unifier.code(unifier.add_dictionary(*second), np.array([0, 1], dtype=np.int32), out[2:4])
    unifier.forget_dictionaries()
    unifier.code(unifier.add_dictionary(*first), np.array([0, 1], dtype=np.int32), out[4:6])
    offsets, text = unifier.labels()
    labels = [bytes(text[offsets[k]:offsets[k + 1]]).decode() for k in range(len(offsets) - 1)]
    assert labels == ["x", "y", "z"]
    np.testing.assert_array_equal(out, [1, -1, 2, 0, 0, 1])


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


def test_read_events_of_parquet_batches_across_row_groups_converts_every_column_as_pyarrow_does(tmp_path,
                                                                                              monkeypatch):
    import pyarrow.parquet as pq

    import cxscore
    from cxscore import _read_parquet

    rng = np.random.default_rng(5)
    n = 2300
    missing = rng.random(n) < 0.1
    table = pa.table({"case": pa.array([f"K{c}" for c in rng.integers(0, 90, n)]).dictionary_encode(),
                      "touchpoint": rng.choice(["web", "shop"], n),
                      "time": pa.array(pd.date_range("2026-03-01", periods=n, freq="s").to_numpy()),
                      "experience": pa.array(rng.uniform(1, 5, n).astype(np.float32), mask=missing),
                      "visits": pa.array(rng.integers(0, 9, n), mask=missing),
                      "channel": rng.choice(["app", "store"], n),
                      "returned": rng.random(n) < 0.5})
    path = tmp_path / "events.parquet"
    pq.write_table(table, path, row_group_size=700)
    monkeypatch.setattr(_read_parquet, "_BATCH_ROWS", 300)  # batches that straddle the row groups
    frame = cxscore.read_events(path, columns={"customer": "case"})
    expected = pq.read_table(path, read_dictionary=["case", "touchpoint"]).to_pandas()
    expected["time"] = expected["time"].dt.tz_localize("UTC")  # naive: taken as UTC
    assert list(frame.columns) == list(expected.columns)
    for name in expected.columns:
        pd.testing.assert_series_equal(frame[name], expected[name], check_categorical=True, obj=name)


def test_read_events_of_an_empty_parquet_file_gives_empty_typed_columns(tmp_path):
    import pyarrow.parquet as pq

    import cxscore

    table = pa.table({"customer": pa.array([], pa.string()), "touchpoint": pa.array([], pa.string()),
                      "time": pa.array([], pa.timestamp("ns", "UTC")), "experience": pa.array([], pa.float64())})
    path = tmp_path / "empty.parquet"
    pq.write_table(table, path)
    frame = cxscore.read_events(path)
    assert len(frame) == 0
    assert isinstance(frame["customer"].dtype, pd.CategoricalDtype)
    assert str(frame["time"].dtype) == "datetime64[ns, UTC]"
    assert frame["experience"].dtype == np.float64
