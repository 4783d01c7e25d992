"""Text labels handed to the core in Arrow's layout (int64 offsets and the bytes), so that looking them up
and numbering them takes no Python object per label (python/src/labels_binding.cpp)."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError, describe


def _arrow_views(pa: Any, array: Any) -> tuple[np.ndarray, np.ndarray]:
    """(offsets as stored: int32 for string, int64 for large_string; uint8 bytes) of a pyarrow string or
    large_string array, its slice offset applied: views of its buffers, no copy."""
    _, offsets, data = array.buffers()
    dtype = np.int64 if pa.types.is_large_string(array.type) else np.int32
    starts = np.frombuffer(offsets, dtype=dtype)[array.offset:array.offset + len(array) + 1]
    text = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return starts, text


def _arrow_buffers(pa: Any, array: Any) -> tuple[np.ndarray, np.ndarray]:
    """(int64 offsets, uint8 bytes) of a pyarrow string or large_string array, its slice offset applied."""
    starts, text = _arrow_views(pa, array)
    return np.ascontiguousarray(starts, dtype=np.int64), text


def _arrow_text(values: Any) -> Optional[tuple[np.ndarray, np.ndarray]]:
    """(int64 offsets, uint8 bytes) of a column or index that is all text, none missing; None otherwise
    (numbers, a missing label, or no pyarrow)."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.null_count or not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return None
    return _arrow_buffers(pa, array)


def text_buffers(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """(int64 offsets, uint8 bytes) of labels as text: through pyarrow where it can, else each encoded as UTF-8
    (numbers written as str writes them)."""
    found = _arrow_text(values)
    if found is not None:
        return found
    encoded = [str(value).encode() for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return offsets, np.frombuffer(b"".join(encoded), dtype=np.uint8)


def text_hashes(offsets: np.ndarray, text: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each label of ``(offsets, text)`` (text_buffers' form) from its UTF-8 bytes alone, the same
    in every process (``_core.text_hashes``)."""
    return _core.text_hashes(np.ascontiguousarray(offsets, dtype=np.int64), text)


def label_positions(labels: pd.Index, queries: Any) -> np.ndarray:
    """``labels.get_indexer(queries)`` as int64: for text in the core's dictionary, else through pandas."""
    if pd.api.types.is_string_dtype(labels.dtype) or pd.api.types.is_object_dtype(labels.dtype):
        known = _arrow_text(labels)
        asked = _arrow_text(queries) if known is not None else None
        if known is not None and asked is not None:
            return _core.text_positions(*known, *asked)
    return labels.get_indexer(pd.Index(queries)).astype(np.int64)


class DictionaryPieces:
    """A text column that arrives in pieces (pyarrow arrays, e.g. a Parquet file's record batches), coded into one
    column of int32 codes as the pieces come (-1 where missing). Dictionary-encoded pieces: the labels numbered in
    order of first appearance among the pieces' dictionaries, as pyarrow's ``unify_dictionaries`` numbers them.
    Plain text pieces (string or large_string): each label looked up in the core as it comes, numbered in order of
    first appearance among the rows, as ``pandas.factorize`` numbers them; no dictionary is built per piece (which
    for ids, nearly all distinct within a piece, costs more than the lookup it saves)."""

    def __init__(self, rows: int) -> None:
        self._unifier = _core.DictionaryUnifier()
        self._codes = _core.empty_column(rows, np.dtype(np.int32))  # huge pages when large: every row is written
        self._filled = 0
        # The dictionary last looked up, by its bytes' address, offset and length, and held so that its address
        # cannot be reused: consecutive pieces mostly share one (each batch of a row group carries its row
        # group's), and a dictionary seen again later is only looked up again, its labels keeping their codes.
        self._current: Optional[tuple[tuple[int, int, int], int, Any]] = None

    def add(self, piece: Any) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_dictionary(piece.type):
            self._add_text(pa, piece)
            return
        dictionary = piece.dictionary
        key = (dictionary.buffers()[1].address, dictionary.offset, len(dictionary))
        if self._current is None or self._current[0] != key:
            self._unifier.forget_dictionaries()
            self._current = (key, self._unifier.add_dictionary(*_arrow_buffers(pa, dictionary)), dictionary)
        indices = piece.indices if piece.null_count == 0 else pc.fill_null(piece.indices, -1)
        rows = np.ascontiguousarray(indices.to_numpy(zero_copy_only=False), dtype=np.int32)
        self._unifier.code(self._current[1], rows, self._codes[self._filled:self._filled + len(rows)])
        self._filled += len(rows)

    def _add_text(self, pa: Any, piece: Any) -> None:
        codes = self._codes[self._filled:self._filled + len(piece)]
        self._unifier.encode(*_arrow_views(pa, piece), codes)
        if piece.null_count:  # a missing label reads as empty text: its rows are missing
            codes[piece.is_null().to_numpy(zero_copy_only=False)] = -1
        self._filled += len(piece)

    def positions(self, labels: pd.Index, queries: Any) -> np.ndarray:
        """label_positions(labels, queries) where ``labels`` are this column's categories: text queries are looked
        up in the core's numbering of them, which is not built again."""
        asked = _arrow_text(queries)
        return label_positions(labels, queries) if asked is None else self._unifier.find(*asked)

    def categorical(self) -> pd.Categorical:
        return _categorical(self._codes[:self._filled], _categories(*self._unifier.labels()))


def categorical_of_text(codes: np.ndarray, offsets: np.ndarray, text: np.ndarray, source: str,
                        column: str) -> pd.Categorical:
    """A label column the core read from a CSV (int32 codes; labels as int64 offsets and bytes) as a Categorical;
    InputError naming the file, row, column and cell for a label that is not UTF-8 text."""
    try:
        categories = _categories(offsets, text, check_text=True)
    except UnicodeDecodeError as e:
        label = next(k for k in range(len(offsets) - 1) if not _is_utf8(bytes(text[offsets[k]:offsets[k + 1]])))
        row = int(np.argmax(codes == label)) + 2  # the header is row 1
        value = bytes(text[offsets[label]:offsets[label + 1]]).decode("utf-8", "backslashreplace")
        reason = f"not UTF-8 text ({e.reason}): save the file as UTF-8"
        raise InputError(describe(source, row, column, value, reason), file=source, row=row, column=column,
                         value=value, reason=reason) from None
    return _categorical(codes, categories)


def _is_utf8(label: bytes) -> bool:
    try:
        label.decode()
        return True
    except UnicodeDecodeError:
        return False


def _categories(offsets: np.ndarray, text: np.ndarray, check_text: bool = False) -> pd.Index:
    """Distinct labels as int64 offsets and bytes, as an Index of str: through pyarrow where installed, else each
    decoded. With check_text, UnicodeDecodeError for bytes that are not UTF-8 (pyarrow's own arrays are)."""
    try:
        import pyarrow as pa
    except ImportError:
        return pd.Index([bytes(text[offsets[k]:offsets[k + 1]]).decode() for k in range(len(offsets) - 1)],
                        dtype=object if len(offsets) == 1 else None)
    labels = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(text))
    if check_text:
        try:
            labels.validate(full=True)
        except pa.ArrowInvalid as e:
            raise UnicodeDecodeError("utf-8", b"", 0, 1, str(e)) from None
    return pd.Index(labels.to_pandas())


def _categorical(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    """A Categorical of distinct categories and codes in range, built without checking either again."""
    # The labels are distinct by construction: pandas' own fast path skips hashing them all again to check.
    from_fastpath = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    dtype = from_fastpath(categories, False) if from_fastpath else pd.CategoricalDtype(categories)
    try:  # the codes are in range by construction: no pass to check them
        return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    except TypeError:  # pandas before 2.1 always checks
        return pd.Categorical.from_codes(codes, dtype=dtype)
