"""A Parquet file of events straight to the core's columns, without a DataFrame: what ``cxscore.score`` does with
a path. Record batches are poured into the columns the core reads as they come (pyarrow decoding the next batch on
its threads meanwhile): ids coded in the core, touchpoints and dimensions as byte codes through their
dictionaries, numbers copied once; times not read at all when the model reads none and the file's statistics say
no time is missing. Only the columns the scoring reads are read.

The frame path (``read_events`` then ``score``) is the reference: a file holding anything that path would judge
row by row (a missing id, an unknown or missing touchpoint, a missing time, a column of another type) is not
prepared here (None), and the caller takes the frame path, so that every error and every lenient listing is the
frame path's own."""

from __future__ import annotations

from typing import Any, Callable, Optional

import numpy as np
import pandas as pd

from ._columns import REQUIRED, PreparedEvents, Problems, ids_to_codes, seconds
from ._errors import InputError
from ._read_parquet import (
    PouredLabels,
    PouredNumbers,
    fresh_column,
    is_text,
    leaf_of,
    opened,
    pour,
    pyarrow_for,
    read_errors_named,
)

_MISSING = 255  # the byte code of a row without a code (missing, or a label without one)


def parquet_prepared(source: str, touchpoint_names: list[str], names: dict[str, str],
                     times: bool) -> Optional[tuple[PreparedEvents, pd.DataFrame]]:
    """(prepared columns, a stand-in for the file's frame that names its rows in errors) of the events in the
    Parquet file ``source``, columns named by ``names`` (role -> column); None when the frame path must judge the
    file. ``times`` False: the model reads no times (they are only checked for missing ones)."""
    pa = pyarrow_for(source)
    with read_errors_named(source):
        parquet = opened(source, [names["touchpoint"], names.get("dimension", names["touchpoint"])],
                         names["customer"])
        schema = parquet.schema_arrow
        cols = present_columns(source, schema.names, names)
        rows = parquet.metadata.num_rows
        pourers = _pourers(pa, parquet, schema, cols, rows, touchpoint_names, times)
        if pourers is None:
            return None
        try:
            pour(parquet, pourers)
        except _TooManyLabels:
            return None
    if any(getattr(pourer, "unmapped", 0) for pourer in pourers.values()):
        return None  # a missing or unknown touchpoint, a missing time: rows the frame path names
    customer_codes, customer_labels, missing = ids_to_codes(pd.Series(pourers[cols["customer"]].values(), copy=False))
    if missing is not None:
        return None
    touchpoints = pourers[cols["touchpoint"]]
    columns: dict[str, Any] = {"customer": customer_codes, "customer_count": len(customer_labels),
                               "touchpoint": touchpoints.codes,
                               "touchpoint_table": touchpoints.table(np.uint32, list(range(len(touchpoint_names)))),
                               "time": None}
    if times:
        columns["time"], _ = seconds(pd.Series(pourers[cols["time"]].values(), copy=False))
    for role in ("experience", "expectation"):
        if role in cols:
            columns[role] = pourers[cols[role]].values()
    if "dimension" in cols:
        dimensions = pourers[cols["dimension"]]
        columns["dimension"], columns["dimension_names"] = dimensions.codes, dimensions.names
        columns["dimension_table"] = dimensions.table(np.int32)
    stand_in = pd.DataFrame(index=pd.RangeIndex(rows))  # what errors read: the file's name and row numbers
    stand_in.attrs.update(cxscore_source=source, cxscore_first_row=0)
    ids = pourers[cols["customer"]]
    positions = ids.positions if isinstance(ids, PouredLabels) else None
    return PreparedEvents(columns, customer_labels, cols, Problems(), list(touchpoint_names), positions), stand_in


def present_columns(source: str, found: list[str], names: dict[str, str]) -> dict[str, str]:
    """Role -> column of the roles whose column the file has; InputError naming the file and listing its columns
    for a required one it has not."""
    for role in REQUIRED:
        if names[role] not in found:
            reason = f"missing required column '{names[role]}'"
            raise InputError(f"{source}: {reason} (has {found})", file=source, column=names[role], reason=reason)
    return {role: name for role, name in names.items() if name in found}


def _pourers(pa: Any, parquet: Any, schema: Any, cols: dict[str, str], rows: int, touchpoint_names: list[str],
             times: bool) -> Optional[dict[str, Any]]:
    """Column -> what pours it into the core's column, for the columns scoring reads; None when a column is of a
    type only the frame path converts."""
    kinds = {role: schema.field(name).type for role, name in cols.items()}
    pourers: dict[str, Any] = {}
    customer = kinds["customer"]
    if pa.types.is_integer(customer) and customer != pa.uint64():  # uint64 ids past int64: the frame path
        pourers[cols["customer"]] = PouredNumbers(np.dtype(np.int64), rows, times=False, unmapped_if_null=True)
    elif is_text(pa, customer) or pa.types.is_dictionary(customer) and is_text(pa, customer.value_type):
        pourers[cols["customer"]] = PouredLabels(rows)
    else:
        return None
    known = {name: code for code, name in enumerate(touchpoint_names)}
    if not _is_text_dictionary(pa, kinds["touchpoint"]) or len(known) >= _MISSING:
        return None
    pourers[cols["touchpoint"]] = ByteCodes(rows, known.get, _MISSING, missing_is_unmapped=True)
    time = kinds["time"]  # other types and units: the frame path converts them (or names the cells it cannot)
    if not (pa.types.is_timestamp(time) and time.tz in (None, "UTC")):
        return None
    if times or not _none_missing(parquet, cols["time"]):
        if time.unit != "ns":  # times of any unit are only read when they are needed
            return None
        pourers[cols["time"]] = PouredNumbers(np.dtype("datetime64[ns]"), rows, times=True, unmapped_if_null=True)
    for role in ("experience", "expectation"):
        if role in cols:
            if not (pa.types.is_floating(kinds[role]) or pa.types.is_integer(kinds[role])):
                return None
            pourers[cols[role]] = PouredNumbers(np.dtype(np.float64), rows, times=False)
    if "dimension" in cols:
        if not _is_text_dictionary(pa, kinds["dimension"]):
            return None
        pourers[cols["dimension"]] = DimensionCodes(rows)
    return pourers


def _is_text_dictionary(pa: Any, arrow_type: Any) -> bool:
    """Whether a column is read as dictionary-encoded text (see ``opened``)."""
    return bool(pa.types.is_dictionary(arrow_type) and is_text(pa, arrow_type.value_type))


def _none_missing(parquet: Any, name: str) -> bool:
    """Whether the file's statistics show that no row group misses a value of the top-level column ``name``."""
    metadata = parquet.metadata
    column = leaf_of(metadata, name)
    if column is None:
        return False
    for group in range(metadata.num_row_groups):
        stats = metadata.row_group(group).column(column).statistics
        if stats is None or not stats.has_null_count or stats.null_count != 0:
            return False
    return True


class ByteCodes:
    """A dictionary-encoded text column as one byte per row: each piece's dictionary mapped through ``code_of`` (a
    label's byte code, or None for a label without one), ``missing`` where a row is missing or its label has no
    code; ``unmapped`` counts those rows when they make the file one for the frame path."""

    def __init__(self, rows: int, code_of: Callable[[str], Optional[int]], missing: int,
                 missing_is_unmapped: bool) -> None:
        self.codes = fresh_column(rows, np.uint8)
        self.unmapped = 0
        self._filled = 0
        self._code_of = code_of
        self._missing = missing
        self._counts = missing_is_unmapped
        # The dictionary last mapped, by its bytes' address, offset and length, and held so that its address
        # cannot be reused: consecutive pieces mostly share one (each batch of a row group carries its row
        # group's).
        self._current: Optional[tuple[tuple[int, int, int], np.ndarray, Any]] = None

    def add(self, piece: Any) -> None:
        import pyarrow.compute as pc

        dictionary = piece.dictionary
        key = (dictionary.buffers()[1].address, dictionary.offset, len(dictionary))
        if self._current is None or self._current[0] != key:
            codes = [self._code_of(label) if label is not None else None for label in dictionary.to_pylist()]
            by_index = np.array([self._missing if c is None else c for c in codes] + [self._missing], dtype=np.uint8)
            self._current = (key, by_index, dictionary)
        by_index = self._current[1]
        indices = piece.indices if piece.null_count == 0 else pc.fill_null(piece.indices, -1)  # -1: the last
        out = self.codes[self._filled:self._filled + len(piece)]
        np.take(by_index, indices.to_numpy(zero_copy_only=False), out=out)
        self._filled += len(piece)
        if self._counts and (piece.null_count or (by_index[:-1] == self._missing).any()):
            self.unmapped += int(np.count_nonzero(out == self._missing))

    def table(self, dtype: Any, code_of_byte: list[int]) -> np.ndarray:
        """The 256 codes of the byte values (cxscore/code_column.hpp): byte b is ``code_of_byte[b]``; a byte
        without a code reads the largest value of ``dtype``, which the core refuses."""
        table = np.full(256, np.iinfo(dtype).max, dtype=dtype)
        table[:len(code_of_byte)] = code_of_byte
        return table


class DimensionCodes(ByteCodes):
    """Dimension labels as byte codes, numbered in order of first appearance among the pieces' dictionaries; a
    missing or blank label is no dimension (code -1), as the frame path reads it."""

    def __init__(self, rows: int) -> None:
        self.names: list[str] = []
        self._numbered: dict[str, int] = {}
        super().__init__(rows, self._number, _MISSING, missing_is_unmapped=False)

    def _number(self, label: str) -> Optional[int]:
        if label not in self._numbered:
            if len(self.names) >= _MISSING:
                raise _TooManyLabels
            self._numbered[label] = len(self.names)
            self.names.append(label)
        return self._numbered[label]

    def table(self, dtype: Any, code_of_byte: Optional[list[int]] = None) -> np.ndarray:
        """The byte table of the dimension codes (``code_of_byte`` is theirs)."""
        table = super().table(dtype, [-1 if name.strip() == "" else code for code, name in enumerate(self.names)])
        table[self._missing] = -1
        return table


class _TooManyLabels(Exception):
    """More dimension labels than byte codes: the frame path reads the column."""

