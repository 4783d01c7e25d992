"""Events partitions read straight from Parquet files, one a file: what ``cxscore.dask.score`` does with a path.

Each file is read where its task runs into the core's columns without a DataFrame (``_parquet_columns``; a file
holding rows only the frame path judges, or columns of types only it converts, is read into a frame and prepared
as a frame), and checked there over every row, so that its bad rows, named by file and row, travel in its report
(lenient: they are set aside before anything moves). Its customers' 64-bit hashes and row counts find the
customers split over files (``_whole_customers.split_customers``); each file keeps the rows of its whole
customers, and the split customers' rows, cut into pieces by customer hash, join the partitions that
``_whole_customers.split_partitions`` names. Rows move as the core's columns (:class:`Rows`): ids, dimensions
and touchpoints coded, each piece's codes mapped onto the codes of the partition it joins. Every row keeps its
place in the input (``_partitions.ORDER``: the file's number, then its row in the file), so each partition
scores its rows in input order and an error names the file and row of the input.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, replace
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core, _partitions
from ._columns import REQUIRED, PreparedEvents, Problems, kept_rows
from ._customers import ReadCustomers, id_hashes
from ._errors import InputError, describe
from ._parquet_columns import parquet_prepared, present_columns
from ._read_parquet import pyarrow_for, read_errors_named
from ._rows import first_problems, found_problems, without_bad_rows


def parquet_files(events: Any) -> list[str]:
    """The Parquet files of ``events``: a file, a directory (its ``*.parquet`` files), a glob pattern, or a list
    of any of these, in the order dd.read_parquet takes them (names sorted naturally, part-2 before part-10)."""
    from dask.utils import natural_sort_key

    given = list(events) if isinstance(events, (list, tuple)) else [events]
    files: list[str] = []
    for item in given:
        path = os.fspath(item)
        if os.path.isdir(path):
            found = glob.glob(os.path.join(path, "*.parquet"))
        elif os.path.exists(path):
            found = [path]
        else:
            found = glob.glob(path)
        if not found:
            raise InputError(f"{path}: no Parquet file found", file=path, reason="no Parquet file found")
        files.extend(sorted(found, key=natural_sort_key))
    return files


def empty_events(source: str, names: dict[str, str]) -> pd.DataFrame:
    """The events columns of Parquet file ``source`` without rows, as a frame read from it holds them; an
    InputError naming the file for a required column it lacks."""
    pa = pyarrow_for(source)
    import pyarrow.parquet as pq

    with read_errors_named(source):
        schema = pq.read_schema(source)
    present_columns(source, schema.names, {role: names[role] for role in REQUIRED})
    fields = [f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in schema]
    empty = pa.schema(fields).empty_table().to_pandas()
    empty.attrs["cxscore_source"] = source
    return empty


@dataclass
class Rows:
    """Events rows as the core reads them (``prepared``, without problems), each with its ORDER."""

    prepared: PreparedEvents
    order: np.ndarray
    hashes: Optional[np.ndarray] = None   # the customer labels' id_hashes, where known


@dataclass
class FilePart:
    """A file as read on its worker: its rows (lenient: without the bad ones; their customers' hashes are
    ``hashes``), its bad rows in ``report``, and per customer code its row count (what the split search reads)."""

    rows: Rows
    report: _partitions.Report
    counts: np.ndarray

    @property
    def hashes(self) -> np.ndarray:
        """Per customer code, its id_hashes (the file's rows hold them)."""
        assert self.rows.hashes is not None
        return self.rows.hashes

    def has_problems(self) -> bool:
        rejected = self.report.events_rejected
        return rejected is not None and len(rejected) > 0


def read_file(source: str, number: int, args: _partitions.Arguments) -> FilePart:
    """File ``number`` of the input read and checked (every row, as the pandas API checks a file's)."""
    touchpoints = args.journey_map.touchpoint_names
    found = parquet_prepared(source, touchpoints, args.names, args.times)
    report = _partitions.Report()
    if found is not None:
        prepared, frame = found
        problems = first_problems(prepared, *_core.find_bad_rows(prepared.columns, args.journey_map))
    else:
        from ._read import read_events

        frame = read_events(source, columns=args.names)
        present_columns(source, list(frame.columns), {role: args.names[role] for role in REQUIRED})
        prepared, problems, report.python_found = found_problems(frame, args.journey_map, args.names, every_row=True,
                                                                 times=args.times)
    order = _partitions.order_keys(number, 0, len(frame), "cxscore.dask")
    _partitions.reported(report, frame, order, problems)
    if report.events_rejected is not None:
        report.events_rejected["file"] = source  # rows of several files: each named by its own
    if args.lenient and len(problems):
        keep = np.ones(len(order), dtype=bool)
        keep[problems["position"].to_numpy()] = False
        prepared, _ = without_bad_rows(frame, prepared, problems)
        order = order[keep]
    elif len(problems):
        report.keep_first_rejected()
    prepared.problems = Problems()
    prepared.customer_positions = None  # the reader's, which stays where it was read (rows move)
    counts = np.bincount(prepared.columns["customer"], minlength=len(prepared.customer_labels)).astype(np.int64)
    return FilePart(Rows(prepared, order, id_hashes(prepared.customer_labels.to_series())), report, counts)


def customer_counts(part: FilePart) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, rows) of the file's customers: what the split search gathers of it."""
    return part.hashes, part.counts


def _split_rows(part: FilePart, split: Any, number: int) -> np.ndarray:
    """Whether each row of the file is one of a split customer."""
    flags = split.flags[number]
    if not flags.any():
        return np.zeros(len(part.rows.order), dtype=bool)
    return flags[part.rows.prepared.columns["customer"]]


def whole_rows(part: FilePart, split: Any, number: int) -> Rows:
    """The file's rows of its whole customers."""
    moved = _split_rows(part, split, number)
    return _taken(part.rows, ~moved) if moved.any() else part.rows


def split_pieces(part: FilePart, split: Any, number: int, count: int) -> tuple[Rows, ...]:
    """The file's rows of split customers in ``count`` pieces by customer hash (piece j of every file together
    hold the whole of each of their customers), each with only its own customers' labels."""
    moved = np.flatnonzero(_split_rows(part, split, number))
    piece = (part.hashes % np.uint64(count))[part.rows.prepared.columns["customer"][moved]]
    return tuple(_taken(part.rows, moved[piece == j], compact=True) for j in range(count))


def _taken(rows: Rows, keep: np.ndarray, compact: bool = False) -> Rows:
    """The rows ``keep`` keeps (a mask, or row positions in order); ``compact``: only the labels of their customers
    kept."""
    selected = kept_rows(keep)  # the mask read once, for the columns and the ORDER alike
    prepared, hashes = rows.prepared.take(selected), rows.hashes
    if compact:
        codes = prepared.columns["customer"]
        used, renumbered = np.unique(codes, return_inverse=True)
        columns = dict(prepared.columns, customer=renumbered.astype(np.uint32), customer_count=len(used))
        prepared = PreparedEvents(columns, rows.prepared.customer_labels[used], prepared.names, Problems(),
                                  prepared.touchpoint_names)
        hashes = None if hashes is None else hashes[used]
    return Rows(prepared, rows.order[selected], hashes)


def _touchpoints(columns: dict[str, Any]) -> np.ndarray:
    """Each row's touchpoint code in the map (a byte column read through its table)."""
    table = columns.get("touchpoint_table")
    return columns["touchpoint"] if table is None else table[columns["touchpoint"]]


def _dimensions(columns: dict[str, Any]) -> np.ndarray:
    """Each row's dimension code among the column's dimension_names (-1: none)."""
    table = columns.get("dimension_table")
    return columns["dimension"] if table is None else table[columns["dimension"]]


def joined(parts: list[Rows]) -> Rows:
    """Rows of several parts as one, in input order: each part's customer and dimension codes mapped onto the
    codes of all their labels together."""
    parts = [p for p in parts if len(p.order)] or parts[:1]
    if len(parts) == 1:
        return parts[0]
    first = parts[0].prepared
    labels = [p.prepared.customer_labels for p in parts]
    numbered, uniques = pd.factorize(labels[0].append(labels[1:]))  # the labels' dtype kept
    bounds = np.cumsum([0, *[len(x) for x in labels]])
    customer = np.concatenate([numbered[bounds[k]:bounds[k + 1]][p.prepared.columns["customer"]]
                               for k, p in enumerate(parts)]).astype(np.uint32)
    columns: dict[str, Any] = {"customer": customer, "customer_count": len(uniques),
                               "touchpoint": np.concatenate([_touchpoints(p.prepared.columns) for p in parts])
                               .astype(np.uint32)}
    times = [p.prepared.columns.get("time") for p in parts]
    columns["time"] = np.concatenate([t for t in times if t is not None]) if all(t is not None for t in times) \
        else None  # times the model does not read (a file read as a frame may hold them converted)
    rows = [len(p.order) for p in parts]
    for role in ("experience", "expectation"):
        if any(role in p.prepared.columns for p in parts):
            columns[role] = np.concatenate([p.prepared.columns.get(role, np.full(n, np.nan))
                                            for p, n in zip(parts, rows)])
    if any("dimension" in p.prepared.columns for p in parts):
        names: dict[str, int] = {}
        coded = []
        for p, n in zip(parts, rows):
            if "dimension" not in p.prepared.columns:
                coded.append(np.full(n, -1, dtype=np.int32))
                continue
            mapped = [names.setdefault(name, len(names)) for name in p.prepared.columns["dimension_names"]]
            coded.append(np.array([*mapped, -1], dtype=np.int32)[_dimensions(p.prepared.columns)])
        columns["dimension"] = np.concatenate(coded)
        columns["dimension_names"] = list(names)
    order = np.concatenate([p.order for p in parts])
    if len(order) > 1 and (np.diff(order) < 0).any():
        by_order = np.argsort(order, kind="stable")
        order = order[by_order]
        for role in ("customer", "touchpoint", "time", "experience", "expectation", "dimension"):
            if isinstance(columns.get(role), np.ndarray):
                columns[role] = np.ascontiguousarray(columns[role][by_order])
    prepared = PreparedEvents(columns, pd.Index(uniques), first.names, Problems(), first.touchpoint_names)
    return Rows(prepared, order)


def score_rows(rows: Rows, part: FilePart, args: _partitions.Arguments, files: list[str],
               customers: Optional[ReadCustomers]) -> tuple[pd.DataFrame, _partitions.Report]:
    """(per-customer results, report) of a partition: file ``part``'s whole customers with the pieces joined to
    them (``rows``), its bad rows in the report. Strict: a file with a bad row is not scored."""
    report = replace(part.report)
    table = _partitions.customer_table_of(report, rows.prepared, customers, args, rows.hashes)
    if len(rows.order) == 0 or not args.lenient and (part.has_problems() or report.customer_problems):
        return pd.DataFrame(), report
    return _partitions.scored_rows(report, rows.prepared, table, pd.DataFrame({"column": [], "value": [],
                                                                               "reason": []}),
                                   args, files[0], lambda e: _relabelled(e, rows, files))


def _relabelled(e: InputError, rows: Rows, files: list[str]) -> InputError:
    """The core's InputError about a row of ``rows``, naming the file and row it was read from."""
    if not e.row:
        return e
    order = int(rows.order[int(e.row) - 1])
    source, row = files[order >> _partitions.ROW_BITS], order & _partitions.ROW_MASK
    column = rows.prepared.names.get(e.column, e.column)
    return InputError(describe(source, row, column, e.value, e.reason), file=source, row=row, column=column,
                      value=e.value, reason=e.reason)
