"""The C++ column conversions of preparing a DataFrame (_core.take_by_code, _core.ticks_to_seconds,
_core.integer_id_codes) against NumPy and pandas doing the same, on more rows than one piece (2^20) so that
the split across threads is exercised."""

import numpy as np
import pandas as pd
import pytest

from cxscore import _core

ROWS = (1 << 20) * 2 + 12_345  # three pieces, the last one short


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_take_by_code_equals_numpy_take_with_missing_reading_the_last_entry(dtype):
    rng = np.random.default_rng(7)
    codes = rng.integers(-1, 5, ROWS).astype(dtype)
    lookup = np.array([3, 0, 99, 2, 99, 4242], dtype=np.uint32)  # code -1 reads 4242
    mapped, flagged = _core.take_by_code(codes, lookup, 99)
    expected = lookup[np.where(codes < 0, len(lookup) - 1, codes)]
    assert mapped.dtype == np.uint32
    np.testing.assert_array_equal(mapped, expected)
    assert flagged == int(np.count_nonzero(expected == 99))


def test_take_by_code_refuses_a_code_outside_the_table():
    codes = np.zeros(ROWS, dtype=np.int32)
    codes[ROWS - 1] = 5  # table of 5 entries: codes 0..3, then the missing entry
    with pytest.raises(ValueError, match="1 codes are outside the lookup table"):
        _core.take_by_code(codes, np.arange(5, dtype=np.uint32), 0)
    codes[ROWS - 1] = -2
    with pytest.raises(ValueError, match="outside the lookup table"):
        _core.take_by_code(codes, np.arange(5, dtype=np.uint32), 0)
    with pytest.raises(ValueError, match="empty"):
        _core.take_by_code(codes, np.zeros(0, dtype=np.uint32), 0)


def test_take_by_code_reads_a_read_only_categorical_codes_array_in_place():
    codes = np.arange(-1, 3, dtype=np.int8)
    codes.flags.writeable = False
    mapped, flagged = _core.take_by_code(codes, np.array([10, 11, 12, 13], dtype=np.uint32), 13)
    assert mapped.tolist() == [13, 10, 11, 12] and flagged == 1


@pytest.mark.parametrize("per_second", [1, 10**3, 10**6, 10**9])
def test_ticks_to_seconds_is_bitwise_numpy_true_divide_and_counts_nat(per_second):
    rng = np.random.default_rng(11)
    ticks = rng.integers(-(2**62), 2**62, ROWS, dtype=np.int64)
    nat = np.iinfo(np.int64).min
    ticks[[0, 17, ROWS - 1]] = nat
    seconds, missing = _core.ticks_to_seconds(ticks, per_second)
    expected = ticks / per_second
    expected[ticks == nat] = 0.0
    assert missing == 3
    np.testing.assert_array_equal(seconds.view(np.int64), expected.view(np.int64))


def test_ticks_to_seconds_without_converting_only_counts_nat():
    ticks = np.arange(ROWS, dtype=np.int64)
    ticks[[3, ROWS - 2]] = np.iinfo(np.int64).min
    assert _core.ticks_to_seconds(ticks, 10**9, convert=False) == (None, 2)
    assert _core.ticks_to_seconds(ticks[:0], 10**9, convert=False) == (None, 0)


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_integer_id_codes_of_sparse_ids_equal_pandas_factorize_sorted(order):
    rng = np.random.default_rng(13)
    ids = np.repeat(np.cumsum(rng.integers(1, 2**40, ROWS // 4, dtype=np.int64)) - 2**50, 4)[:ROWS]
    if order == "shuffled":
        rng.shuffle(ids)
    codes, first, count, by_code = _core.integer_id_codes(ids)
    expected_codes, expected_ids = pd.factorize(ids, sort=True)
    assert codes.dtype == np.uint32 and by_code is not None
    np.testing.assert_array_equal(codes, expected_codes)
    np.testing.assert_array_equal(by_code, expected_ids)
    assert count == len(expected_ids)


def test_integer_id_codes_of_dense_ids_are_the_ids_less_the_first():
    ids = np.random.default_rng(17).integers(-1000, 1000, ROWS, dtype=np.int64)
    codes, first, count, by_code = _core.integer_id_codes(ids)
    assert by_code is None and first == ids.min() and count == ids.max() - ids.min() + 1
    np.testing.assert_array_equal(codes, (ids - ids.min()).astype(np.uint32))
    assert _core.integer_id_codes(np.zeros(0, dtype=np.int64))[2] == 0


@pytest.mark.parametrize("start", [-(2**63), -5, 2**63 - 1 - 3 * ROWS])
@pytest.mark.parametrize("order", ["sorted", "first row the largest", "shuffled"])
def test_integer_id_codes_of_dense_ids_read_once_are_the_ids_less_the_smallest(start, order):
    # The codes are written as each id less the first row's, then shifted when a later id is smaller: every order
    # gives id - smallest, also where id - first row's id wraps around 2^32 or 2^64.
    rng = np.random.default_rng(19)
    ids = start + np.sort(rng.integers(0, 2 * ROWS, ROWS, dtype=np.int64))
    if order == "first row the largest":
        ids[[0, -1]] = ids[[-1, 0]]
    elif order == "shuffled":
        rng.shuffle(ids)
    codes, first, count, by_code = _core.integer_id_codes(ids)
    smallest = int(ids.min())
    assert by_code is None and first == smallest and count == int(ids.max()) - smallest + 1
    np.testing.assert_array_equal(codes, (ids - ids.min()).astype(np.uint32))  # the span fits int64


def test_integer_id_codes_of_sorted_sparse_ids_count_runs_across_pieces():
    # Runs that cross the pieces' borders (2^20 rows) are one code each: the run starts counted in the first pass.
    piece = 1 << 20
    ids = np.repeat(np.arange(5, dtype=np.int64) * 2**40, [piece - 1, 2, piece, 1, ROWS - 2 * piece - 2])
    codes, first, count, by_code = _core.integer_id_codes(ids)
    expected_codes, expected_ids = pd.factorize(ids, sort=True)
    np.testing.assert_array_equal(codes, expected_codes)
    np.testing.assert_array_equal(by_code, expected_ids)
    assert count == 5


def test_times_outside_calendar_counts_what_the_core_refuses_on_every_piece():
    values = np.random.default_rng(23).random(ROWS) * 2e11  # up to the year 8307
    assert _core.times_outside_calendar(values) == 0
    # cxscore/time.hpp's calendar: from 0001-01-01 to the last double before 10000-01-01, both kept.
    earliest, latest = -62135596800.0, 253402300800.0 - 1.0 / 32768
    values[[1, 2]] = [earliest, latest]
    assert _core.times_outside_calendar(values) == 0
    outside = [np.nan, np.inf, -np.inf, np.nextafter(earliest, -np.inf), np.nextafter(latest, np.inf),
               np.finfo(np.float64).max]
    places = [0, (1 << 20) - 1, 1 << 20, ROWS // 2, ROWS - 2, ROWS - 1]
    values[places] = outside
    expected = int(np.count_nonzero(~((values >= earliest) & (values <= latest))))
    assert _core.times_outside_calendar(values) == len(outside) == expected
    assert _core.times_outside_calendar(values[:0]) == 0
