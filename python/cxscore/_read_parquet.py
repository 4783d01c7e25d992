"""Events from a Parquet file, read by pyarrow in record batches that are poured into the frame's columns as they
come: text labels coded into categoricals, timestamps and floats copied into their one array. Memory holds the
frame and the batch in hand, never the whole decoded table beside the frame."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError
from ._inputs import iso_datetimes, utc_datetimes
from ._labels import DictionaryPieces
from ._progress import batches_shown

# Rows of a record batch: large enough that a batch's Python bookkeeping is noise, small enough that two in
# memory (the one poured, the one read ahead) stay a small share of the frame.
_BATCH_ROWS = 1 << 19
_CORE_DTYPES = tuple(np.dtype(t) for t in (np.float64, np.int64, np.int32, np.uint8))  # _core.empty_column's


def read_events_parquet(source: str, columns: Optional[Mapping[str, str]], progress: bool = False) -> pd.DataFrame:
    """A Parquet file's events: text labels as categoricals, timestamps as UTC, other columns as pyarrow
    converts them; ``progress``: a bar of the rows read on standard error."""
    pa = pyarrow_for(source)
    names = [(columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")]
    with read_errors_named(source):
        parquet = opened(source, names[1:], names[0])
        rows = parquet.metadata.num_rows
        poured = {field.name: _column_of(pa, field.type, rows, field.name in names) for field in parquet.schema_arrow}
        pour(parquet, poured, source, progress)
    frame = pd.DataFrame({name: column.values() for name, column in poured.items()}, copy=False)
    time_name = (columns or {}).get("time", "time")
    naive_times = time_name in frame.columns and isinstance(frame[time_name].dtype, np.dtype) \
        and frame[time_name].dtype.kind == "M"
    if naive_times:
        frame[time_name] = frame[time_name].dt.tz_localize("UTC")  # naive: taken as UTC, as in a CSV
    elif time_name in frame.columns and pd.api.types.is_string_dtype(frame[time_name].dtype):
        parsed = iso_datetimes(frame[time_name])  # times stored as text, typed as a CSV's are
        if parsed is not None:
            frame[time_name] = parsed
    frame.attrs["cxscore_source"] = source
    frame.attrs["cxscore_first_row"] = 0  # errors name rows as pyarrow numbers them
    return frame


def pyarrow_for(source: str) -> Any:
    """pyarrow, or an InputError naming the file that needs it."""
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        reason = "reading Parquet needs pyarrow: pip install pyarrow"
        raise InputError(f"{source}: {reason}", file=source, reason=reason) from None
    return pa


def opened(source: str, small_labels: list[str], ids: str) -> Any:
    """The Parquet file, the text columns among ``small_labels`` (touchpoints, dimensions: a few labels, which
    Parquet stores dictionary-encoded) read as dictionaries: their rows come as indices, no text per row. The
    text column ``ids`` too where the file stores it dictionary-encoded (``_stored_as_dictionary``): customer ids
    of a file written customer by customer, whose row groups each hold a fraction of its customers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    metadata = pq.read_metadata(source)
    schema = metadata.schema.to_arrow_schema()
    dictionaries = [name for name in small_labels if name in schema.names and is_text(pa, schema.field(name).type)]
    if ids in schema.names and is_text(pa, schema.field(ids).type) and _stored_as_dictionary(metadata, ids):
        dictionaries.append(ids)
    return pq.ParquetFile(source, metadata=metadata, read_dictionary=dictionaries, pre_buffer=True)


def leaf_of(metadata: Any, name: str) -> Optional[int]:
    """The index among the file's Parquet columns (its leaves) of the top-level column ``name``, None for none: a
    nested column before it holds several leaves, so a field's place in the Arrow schema is not its leaf's."""
    paths = [metadata.schema.column(k).path for k in range(metadata.num_columns)]
    return paths.index(name) if name in paths else None


# Bytes a row of a text column takes in Parquet's PLAIN encoding at the least: each value's 4-byte length.
_PLAIN_BYTES_A_ROW = 4


def _stored_as_dictionary(metadata: Any, name: str) -> bool:
    """Whether every row group keeps the top-level text column ``name`` dictionary-encoded: a dictionary page, and
    fewer bytes than PLAIN pages' lengths alone would take. A writer falls back to PLAIN pages once a row group's
    dictionary grows too large (ids nearly all distinct within it); read as a dictionary, such pages would be
    hashed into one again by pyarrow, where looking each label up once as it comes costs less."""
    column = leaf_of(metadata, name)
    if column is None:
        return False
    for group in range(metadata.num_row_groups):
        chunk = metadata.row_group(group).column(column)
        rows = metadata.row_group(group).num_rows
        if not chunk.has_dictionary_page or chunk.total_uncompressed_size >= _PLAIN_BYTES_A_ROW * rows:
            return False
    return True


def pour(parquet: Any, poured: Mapping[str, Any], source: str = "", progress: bool = False) -> None:
    """Reads the columns of ``poured`` (name -> a column's pourer) batch by batch: the reading thread decodes the
    next batch (on pyarrow's threads) and copies its numbers into place, while this thread codes this batch's
    labels. Labels that come as plain text (ids: a lookup in the core a row, the most work a row takes) leave this
    thread nothing else: then the reading thread pours every other column too (small dictionaries' codes looked
    up). Each pourer is called from one thread only, batch after batch, so each fills its column in order.
    ``progress``: a bar of the rows read (of file ``source``) on standard error."""
    import pyarrow as pa

    batches = parquet.iter_batches(batch_size=_BATCH_ROWS, columns=list(poured), use_threads=True)
    schema = parquet.schema_arrow
    labels = {name: column for name, column in poured.items() if isinstance(column, PouredLabels)}
    text = any(is_text(pa, schema.field(name).type) for name in labels)
    coded = labels if text else {name: column for name, column in poured.items()
                                 if not isinstance(column, PouredNumbers)}
    copied = {name: column for name, column in poured.items() if name not in coded}

    def read_and_copy() -> Any:
        batch = next(batches, None)
        if batch is not None:
            for name, column in copied.items():
                column.add(batch.column(name))
        return batch

    for batch in batches_shown(_read_ahead(read_and_copy), parquet.metadata.num_rows, source, progress):
        for name, column in coded.items():
            column.add(batch.column(name))


@contextmanager
def read_errors_named(source: str) -> Iterator[None]:
    """pyarrow's refusal of a file (not Parquet, damaged, unreadable) as an InputError naming the file."""
    import pyarrow as pa

    try:
        yield
    except (pa.ArrowException, OSError) as e:
        raise InputError(f"{source}: {e}", file=source, reason=str(e)) from None


def fresh_column(rows: int, dtype: Any) -> np.ndarray:
    """An uninitialised column for a file's rows, in huge pages when large (``_core.empty_column``): a reader
    writes every row of it, and at 4 KB a page, faulting fresh pages in costs as much as the pouring."""
    dtype = np.dtype(dtype)
    stored = np.dtype(np.int64) if dtype.kind == "M" else dtype
    if stored not in _CORE_DTYPES:
        return np.empty(rows, dtype=dtype)
    return _core.empty_column(rows, stored).view(dtype)


def _read_ahead(read: Callable[[], Any]) -> Iterator[Any]:
    """What ``read()`` gives until None, the next read (pyarrow, without the GIL) while the caller pours this."""
    with ThreadPoolExecutor(max_workers=1) as reader:
        ahead = reader.submit(read)
        while (batch := ahead.result()) is not None:
            ahead = reader.submit(read)
            yield batch


class PouredNumbers:
    """Numbers (floats; integer ids, as int64), or nanosecond timestamps in UTC or without a zone (taken as UTC),
    copied batch by batch into one array: what pyarrow's own conversion gives (NaN or NaT where missing), without
    the concatenated copy."""

    def __init__(self, dtype: np.dtype, rows: int, times: bool, unmapped_if_null: bool = False) -> None:
        self._values = fresh_column(rows, dtype)
        self._filled = 0
        self._times = times
        self._counts = unmapped_if_null
        self.unmapped = 0  # missing values, counted when asked (a reader that must not take them)

    def add(self, piece: Any) -> None:
        n = len(piece)
        if self._counts:
            self.unmapped += piece.null_count
        self._values[self._filled:self._filled + n] = piece.to_numpy(zero_copy_only=False)
        self._filled += n

    def values(self) -> Any:
        values = self._values[:self._filled]
        return utc_datetimes(values) if self._times else values


class PouredLabels:
    """Dictionary-encoded text as one categorical."""

    def __init__(self, rows: int) -> None:
        self._pieces = DictionaryPieces(rows)

    def add(self, piece: Any) -> None:
        self._pieces.add(piece)

    def values(self) -> Any:
        return self._pieces.categorical()

    def positions(self, labels: pd.Index, queries: Any) -> np.ndarray:
        """Where ``queries`` are among ``labels``, this column's categories (DictionaryPieces.positions)."""
        return self._pieces.positions(labels, queries)


class _KeptPieces:
    """Any other column: its pieces kept, and converted by pyarrow once all are read."""

    def __init__(self, arrow_type: Any) -> None:
        self._type = arrow_type
        self._pieces: list[Any] = []

    def add(self, piece: Any) -> None:
        self._pieces.append(piece)

    def values(self) -> Any:
        import pyarrow as pa

        return pa.chunked_array(self._pieces, self._type).to_pandas()


def _column_of(pa: Any, arrow_type: Any, rows: int, label: bool) -> Any:
    """How a column of this type is poured; ``label``: a role that names things (text read as a categorical)."""
    if pa.types.is_dictionary(arrow_type) and is_text(pa, arrow_type.value_type) or label and is_text(pa, arrow_type):
        return PouredLabels(rows)
    if pa.types.is_floating(arrow_type):
        return PouredNumbers(np.dtype(arrow_type.to_pandas_dtype()), rows, times=False)
    if pa.types.is_timestamp(arrow_type) and arrow_type.unit == "ns" and arrow_type.tz in (None, "UTC"):
        return PouredNumbers(np.dtype("datetime64[ns]"), rows, times=True)
    return _KeptPieces(arrow_type)


def is_text(pa: Any, arrow_type: Any) -> bool:
    """Whether an Arrow column holds text (pandas 3 writes its strings as large_string)."""
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))
