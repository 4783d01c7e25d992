"""Reading cxscore's file formats into the objects and DataFrames the API takes."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, Optional, Union

import numpy as np
import pandas as pd

from ._core import JourneyMap, csv_file_header
from ._errors import InputError, describe
from ._labels import categorical_of_chunks

PathLike = Union[str, "os.PathLike[str]"]


def read_map(path: PathLike) -> JourneyMap:
    """Reads a journey map JSON file.

    >>> jm = cxscore.read_map("examples/data/map.json")  # doctest: +SKIP
    """
    return JourneyMap.from_json(path)


def read_events(path: PathLike, *, columns: Optional[Mapping[str, str]] = None) -> pd.DataFrame:
    """Reads an events file (customer, touchpoint, time, experience[, expectation][, dimension]) into a
    DataFrame ready for :func:`cxscore.score`. ``columns`` maps roles to the file's names
    (``{"customer": "case_id"}``); the frame keeps the file's names. Rows are checked when scored; errors
    then name this file and its row numbers (header = row 1 in a CSV; a Parquet file's rows count from 0).

    A CSV (gzip-compressed or not; fields separated by whichever of , ; tab or | its header shows, as for the
    command): ids and dimensions as text, time as datetime64[ns, UTC] when every cell is ISO
    8601 (else as written), numbers as float64. A Parquet file (``pip install pyarrow``): read by pyarrow,
    text ids, touchpoints and dimensions as categoricals (each label stored once, and the codes are what
    the core reads), timestamps as UTC (a naive one is taken as UTC), numbers as stored.

    >>> events = cxscore.read_events("examples/data/events.csv")  # doctest: +SKIP
    """
    source = os.fspath(path)
    if _is_parquet(source):
        return _read_events_parquet(source, columns)
    # The core checks the format and the header and finds the separator, as for the command's reader.
    separator, header = csv_file_header(source)
    compression: Optional[Literal["gzip"]] = "gzip" if _starts_with(source, b"\x1f\x8b") else None
    names = {role: (columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")}
    text_columns = {name: str for name in names.values() if name in header}
    try:
        frame = pd.read_csv(source, dtype=text_columns, keep_default_na=False,
                            na_values={k: [""] for k in header if k not in text_columns}, sep=separator,
                            compression=compression)
    except (pd.errors.ParserError, ValueError) as e:
        raise InputError(f"{source}: {e}", file=source, reason=str(e)) from None
    _refuse_written_nan(source, frame, text_columns, separator, compression)
    time_name = (columns or {}).get("time", "time")
    # Text, whatever its dtype: object in pandas 1-2, the string dtype ("str") in pandas 3.
    if time_name in frame.columns and _is_text(frame[time_name]):
        parsed = pd.to_datetime(frame[time_name], utc=True, errors="coerce", format="ISO8601")
        if parsed.notna().all():
            try:  # pandas 3 parses to the text's own resolution (us): the promised unit is ns
                frame[time_name] = parsed.astype("datetime64[ns, UTC]")
            except (pd.errors.OutOfBoundsDatetime, OverflowError):
                pass  # beyond ns's years 1677-2262: kept as written, as pandas 2 did (NaT there)
    frame.attrs["cxscore_source"] = source
    return frame


def _starts_with(source: str, magic: bytes) -> bool:
    """Whether the file starts with these bytes (a format's magic number, whatever the file's name)."""
    try:
        with open(source, "rb") as f:
            return f.read(len(magic)) == magic
    except OSError:
        return False  # the CSV reader says why it cannot be opened


def _is_parquet(source: str) -> bool:
    return _starts_with(source, b"PAR1")


def _is_arrow_text(pa, arrow_type) -> bool:  # type: ignore[no-untyped-def]
    """Whether an Arrow column holds text (pandas 3 writes its strings as large_string)."""
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))


def _read_events_parquet(source: str, columns: Optional[Mapping[str, str]]) -> pd.DataFrame:
    """A Parquet file's events: text labels as categoricals, timestamps as UTC."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        reason = "reading Parquet needs pyarrow: pip install pyarrow"
        raise InputError(f"{source}: {reason}", file=source, reason=reason) from None
    try:
        schema = pq.read_schema(source)
        names = [(columns or {}).get(role, role) for role in ("customer", "touchpoint", "dimension")]
        labels = [name for name in names if name in schema.names and _is_arrow_text(pa, schema.field(name).type)]
        table = pq.read_table(source, read_dictionary=labels)
    except (pa.ArrowException, OSError) as e:
        raise InputError(f"{source}: {e}", file=source, reason=str(e)) from None
    # Each text label column as one categorical, its chunks' dictionaries unified in the core.
    coded = [name for name in labels if pa.types.is_dictionary(table.schema.field(name).type)]
    # One block per column (split_blocks) and one frame built from them all: no copy to consolidate the
    # numbers into a 2-D block, and none to insert the categoricals one at a time.
    rest = table.select([name for name in table.column_names if name not in coded]).to_pandas(split_blocks=True)
    frame = pd.DataFrame({name: categorical_of_chunks(table.column(name)) if name in coded else rest[name]
                          for name in table.column_names}, copy=False)
    time_name = (columns or {}).get("time", "time")
    naive_times = time_name in frame.columns and isinstance(frame[time_name].dtype, np.dtype) \
        and frame[time_name].dtype.kind == "M"
    if naive_times:
        frame[time_name] = frame[time_name].dt.tz_localize("UTC")  # naive: taken as UTC, as in a CSV
    frame.attrs["cxscore_source"] = source
    frame.attrs["cxscore_first_row"] = 0  # errors name rows as pyarrow numbers them
    return frame


def _is_text(values: pd.Series) -> bool:
    """Whether a column read from the file holds text (not numbers): object or the string dtype."""
    return pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)


def _refuse_written_nan(source: str, frame: pd.DataFrame, text_columns: Mapping[str, type],
                        separator: str, compression: Optional[Literal["gzip"]]) -> None:
    """pandas reads a cell "nan" as NaN, the same as an empty cell; the core refuses it (an empty
    expectation means "use the promise", a written NaN is a broken number), so this reader does too."""
    suspects = [name for name in frame.columns
                if name not in text_columns and frame[name].dtype.kind == "f" and frame[name].isna().any()]
    if not suspects:
        return
    written = pd.read_csv(source, usecols=suspects, dtype=str, keep_default_na=False, sep=separator,
                          compression=compression)
    for name in suspects:
        text = written[name].str.strip()
        bad = frame[name].isna().to_numpy() & (text != "").to_numpy()
        if bad.any():
            at = int(bad.argmax())
            reason = "not a finite number (NaN and infinities are refused)"
            raise InputError(describe(source, at + 2, name, text.iloc[at], reason), file=source, row=at + 2,
                             column=name, value=text.iloc[at], reason=reason)
