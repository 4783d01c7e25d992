"""Events from a Parquet file, read by pyarrow in record batches that are poured into the frame's columns as they
come: text labels coded into categoricals, timestamps and floats copied into their one array. Memory holds the
frame and the batch in hand, never the whole decoded table beside the frame."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

import numpy as np
import pandas as pd

from ._errors import InputError
from ._inputs import utc_datetimes
from ._labels import DictionaryPieces
from ._progress import batches_shown

# Rows of a record batch: large enough that a batch's Python bookkeeping is noise, small enough that two in
# memory (the one poured, the one read ahead) stay a small share of the frame.
_BATCH_ROWS = 1 << 19


def read_events_parquet(source: str, columns: Optional[Mapping[str, str]], progress: bool = False) -> pd.DataFrame:
    """A Parquet file's events: text labels as categoricals, timestamps as UTC, other columns as pyarrow
    converts them; ``progress``: a bar of the rows read on standard error."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        reason = "reading Parquet needs pyarrow: pip install pyarrow"
        raise InputError(f"{source}: {reason}", file=source, reason=reason) from None
    try:
        schema = pq.read_schema(source)
        names = [(columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")]
        labels = [name for name in names if name in schema.names and _is_text(pa, schema.field(name).type)]
        parquet = pq.ParquetFile(source, read_dictionary=labels)
        schema = parquet.schema_arrow
        rows = parquet.metadata.num_rows
        poured = {field.name: _column_of(pa, field.type, rows) for field in schema}
        for batch in batches_shown(_read_ahead(parquet.iter_batches(batch_size=_BATCH_ROWS)), rows, source, progress):
            for name, column in poured.items():
                column.add(batch.column(name))
    except (pa.ArrowException, OSError) as e:
        raise InputError(f"{source}: {e}", file=source, reason=str(e)) from None
    frame = pd.DataFrame({name: column.values() for name, column in poured.items()}, copy=False)
    time_name = (columns or {}).get("time", "time")
    naive_times = time_name in frame.columns and isinstance(frame[time_name].dtype, np.dtype) \
        and frame[time_name].dtype.kind == "M"
    if naive_times:
        frame[time_name] = frame[time_name].dt.tz_localize("UTC")  # naive: taken as UTC, as in a CSV
    frame.attrs["cxscore_source"] = source
    frame.attrs["cxscore_first_row"] = 0  # errors name rows as pyarrow numbers them
    return frame


def _read_ahead(batches: Iterator[Any]) -> Iterator[Any]:
    """The batches, the next one read (pyarrow, without the GIL) while the caller pours this one."""
    with ThreadPoolExecutor(max_workers=1) as reader:
        ahead = reader.submit(next, batches, None)
        while (batch := ahead.result()) is not None:
            ahead = reader.submit(next, batches, None)
            yield batch


class _PouredNumbers:
    """Floats, or nanosecond timestamps in UTC or without a zone (taken as UTC), copied batch by batch into one
    array: what pyarrow's own conversion gives (NaN or NaT where missing), without the concatenated copy."""

    def __init__(self, dtype: np.dtype, rows: int, times: bool) -> None:
        self._values = np.empty(rows, dtype=dtype)
        self._filled = 0
        self._times = times

    def add(self, piece: Any) -> None:
        n = len(piece)
        self._values[self._filled:self._filled + n] = piece.to_numpy(zero_copy_only=False)
        self._filled += n

    def values(self) -> Any:
        values = self._values[:self._filled]
        return utc_datetimes(values) if self._times else values


class _PouredLabels:
    """Dictionary-encoded text as one categorical."""

    def __init__(self, rows: int) -> None:
        self._pieces = DictionaryPieces(rows)

    def add(self, piece: Any) -> None:
        self._pieces.add(piece)

    def values(self) -> Any:
        return self._pieces.categorical()


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


def _column_of(pa: Any, arrow_type: Any, rows: int) -> Any:
    if pa.types.is_dictionary(arrow_type) and _is_text(pa, arrow_type.value_type):
        return _PouredLabels(rows)
    if pa.types.is_floating(arrow_type):
        return _PouredNumbers(np.dtype(arrow_type.to_pandas_dtype()), rows, times=False)
    if pa.types.is_timestamp(arrow_type) and arrow_type.unit == "ns" and arrow_type.tz in (None, "UTC"):
        return _PouredNumbers(np.dtype("datetime64[ns]"), rows, times=True)
    return _KeptPieces(arrow_type)


def _is_text(pa: Any, arrow_type: Any) -> bool:
    """Whether an Arrow column holds text (pandas 3 writes its strings as large_string)."""
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))
