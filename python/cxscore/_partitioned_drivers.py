"""Key drivers of a table held in partitions, one row per customer: what cxscore.dask and cxscore.spark share.

**Why the drivers are exact under merging.** Every linear statistic (OLS, R², LMG, Johnson's relative weights,
standardised betas) is a function of the Gram matrix ``[X y]ᵀ[X y]``, the column sums and the row count, and
the Gram matrix is a sum of per-row outer products: each partition's Gram summary (``_core.GramSummary``, sent
as versioned bytes) merged with the others' in partition order is the Gram summary of the whole table, to the
rounding of another order of addition (within 1e-12 relative). The logistic fit (IRLS) reads the rows once per
iteration, and what it reads is again a sum over rows (the deviance, the weighted Gram matrix ``AᵀWA`` and the
score ``Aᵀ(y - μ)``): each iteration is one map-reduce pass over the partitions, driven by the core's own loop
(the same step halving and convergence test as on one machine, so the same iterations are taken). Bootstrap
replicates of a linear analysis resample rows by their place in the whole table with the core's counter-based
generator, so each partition works out how often each of its rows is drawn in every replicate and sends the
replicates' Gram summaries: the same resamples as the pandas API draws.

An engine supplies ``each(function, *arguments)``: ``function(piece, *for_partition(k, arguments))`` for the
:class:`Piece` of every partition k (a partition of no rows may have none), the results in partition order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np
import pandas as pd

from . import _core
from ._drivers import METHODS, SOURCE, _check_numeric, _design, _importance_frame, driver_table
from ._errors import InputError
from ._inputs import as_thread_count


@dataclass
class Piece:
    """A partition's rows as the analysis reads them: the block of rows kept (drivers, then the outcome; float64,
    Fortran order), the rows excluded for NaN, or the InputError of a value no analysis takes."""

    number: int                                # the partition's number
    rows: int                                  # the partition's rows, kept or not
    block: Optional[np.ndarray] = None
    excluded: list[dict[str, Any]] = field(default_factory=list)
    error: Optional[InputError] = None


def piece_of(part: pd.DataFrame, number: int, outcome: str, drivers: list[str]) -> Piece:
    """The Piece of partition ``number``, its rows named by its index (as :func:`cxscore.drivers` names them)."""
    try:
        block, _, excluded = _design(part, outcome, drivers)
    except InputError as e:
        return Piece(number, len(part), error=e)
    return Piece(number, len(part), block, excluded)


@dataclass
class Summary:
    """What a partition sends the driver first: small, whatever the partition's size."""

    number: int
    rows: int
    kept: int = 0
    gram: Optional[bytes] = None               # GramSummary.to_bytes() of the rows kept
    not_binary: Optional[tuple[int, float]] = None  # the first kept row whose outcome is not 0 or 1, its value
    excluded: list[dict[str, Any]] = field(default_factory=list)
    error: Optional[InputError] = None


def summary_of(piece: Piece) -> Summary:
    if piece.error is not None or piece.block is None:
        return Summary(piece.number, piece.rows, error=piece.error)
    gram = _core.GramSummary(piece.block.shape[1])
    gram.add(piece.block)
    y = piece.block[:, -1]
    odd = np.flatnonzero((y != 0) & (y != 1))
    not_binary = (int(odd[0]), float(y[odd[0]])) if len(odd) else None
    return Summary(piece.number, piece.rows, len(piece.block), gram.to_bytes(), not_binary, piece.excluded)


def logistic_sums_of(piece: Piece, kept: list[int], mean: np.ndarray, sd: np.ndarray, b: np.ndarray,
                     last: bool) -> tuple[Any, ...]:
    assert piece.block is not None
    return _core.logistic_piece_sums(piece.block, kept, mean, sd, b, last)


def resamples_of(piece: Piece, rows: int, first_row: int, replicates: int, seed: int) -> list[bytes]:
    assert piece.block is not None
    return [g.to_bytes() for g in _core.resample_grams(piece.block, rows, first_row, replicates, seed)]


def checked_columns(empty: pd.DataFrame, outcome: str, drivers: Optional[Sequence[str]], method: str,
                    label: Optional[str] = None) -> list[Any]:
    """The driver names, after the checks :func:`cxscore.drivers` makes before reading a row (on the frame's
    columns and dtypes alone); ``label`` is a column naming the rows, never a driver."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)}, not {method!r}")
    if outcome not in empty.columns:
        raise InputError.at(SOURCE, 0, outcome, outcome, "no such column")
    names: list[Any] = [c for c in empty.columns if c not in (outcome, label)] if drivers is None else list(drivers)
    for name in names:
        if name == outcome or name not in empty.columns:
            reason = "the outcome cannot also be a driver" if name == outcome else "no such column"
            raise InputError.at(SOURCE, 0, name, name, reason)
    _check_numeric(empty, names + [outcome])
    return names


def analysed(each: Callable[..., list[Any]], outcome: str, names: list[str], method: str, bootstrap: int, seed: int,
             confidence: float, threads: Optional[int],
             relabel: Callable[[list[Summary]], None] = lambda summaries: None) -> pd.DataFrame:
    """:func:`cxscore.drivers`' frame of the partitions ``each`` runs on. ``relabel`` names the rows of the
    summaries' errors and exclusions as the pandas API would (Spark's rows have no index)."""
    summaries: list[Summary] = each(summary_of)
    relabel(summaries)
    for s in summaries:
        if s.error is not None:
            raise s.error
    merged = _core.GramSummary(len(names) + 1)
    for s in summaries:
        if s.gram is not None:
            merged.merge(_core.GramSummary.from_bytes(s.gram))
    first = np.concatenate([[0], np.cumsum([s.kept for s in summaries])]).astype(int).tolist()
    odd = [(first[k] + s.not_binary[0] + 1, s.not_binary[1]) for k, s in enumerate(summaries) if s.not_binary]
    binary = not odd
    if bootstrap > 0 and (method == "logistic" or (method == "auto" and binary)):
        raise ValueError("bootstrap intervals of a logistic analysis refit the logistic regression on every "
                         "resample, a pass over all partitions per iteration and replicate: collect the table "
                         "(one row per customer) and call cxscore.drivers(..., bootstrap=...), or use "
                         "method='linear'")
    replicates: list[Any] = []
    if bootstrap > 0 and merged.n > len(names) + 1:
        offsets = PerPartition({s.number: first[k] for k, s in enumerate(summaries)})
        sent = each(resamples_of, merged.n, offsets, int(bootstrap), int(seed))
        replicates = [_core.GramSummary(len(names) + 1) for _ in range(int(bootstrap))]
        for piece in sent:
            for r, data in enumerate(piece):
                replicates[r].merge(_core.GramSummary.from_bytes(data))

    def logistic_pass(kept: list[int], mean: np.ndarray, sd: np.ndarray, b: np.ndarray,
                      last: bool) -> list[tuple[Any, ...]]:
        return each(logistic_sums_of, kept, mean, sd, b, last)

    row, value = odd[0] if odd else (0, 0.0)
    raw = _core.analyse_summaries(merged, [str(n) for n in names], str(outcome), binary, row, value, logistic_pass,
                                  replicates, int(bootstrap), int(seed), float(confidence), as_thread_count(threads),
                                  method)
    excluded = [e for s in summaries for e in s.excluded]
    return _importance_frame(raw, excluded, outcome, bootstrap, seed, confidence)


@dataclass
class PerPartition:
    """An argument of ``each`` that differs by partition: partition k is handed ``values[k]``."""

    values: dict[int, Any]


def for_partition(k: int, arguments: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments partition k is handed."""
    return tuple(a.values[k] if isinstance(a, PerPartition) else a for a in arguments)


def table_maker(journey_map: Any, model: Any, outcomes: Any, unvisited: str,
                **keywords: Any) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The pandas API's driver table of some events with these arguments, for partitions holding whole
    customers. ``unvisited="mean"`` imputes the mean over all customers, which no partition holds: refused."""
    if unvisited == "mean":
        raise ValueError("unvisited='mean' imputes the mean over all customers, which no partition holds: build "
                         "the table with unvisited='zero' or 'drop', or with cxscore.driver_table")

    def table(events: pd.DataFrame) -> pd.DataFrame:
        return driver_table(events, journey_map, model, outcomes, unvisited=unvisited, **keywords)

    return table


@dataclass
class TablePart:
    """A partition's share of the driver table (it holds whole customers), or the InputError it raised with
    the input place (ORDER) of the row it names: the first by input order is the pandas API's."""

    frame: Optional[pd.DataFrame] = None
    excluded: list[dict[str, Any]] = field(default_factory=list)
    error: Optional[InputError] = None
    error_order: tuple[int, int] = (0, 0)   # (0, ORDER) for an events row, (1, 0) for anything else


def table_of(part: pd.DataFrame, order: str, table: Callable[[pd.DataFrame], pd.DataFrame]) -> TablePart:
    """The driver table of a partition holding whole customers (rows in any order, each with its input place
    in the column ``order``), made by ``table`` (the pandas API with its arguments) on the rows in input order."""
    part = part.sort_values(order, kind="stable")
    events = part.drop(columns=order)
    if len(events) == 0:
        return TablePart()
    try:
        frame = table(events)
    except InputError as e:
        try:
            at = np.flatnonzero(np.asarray(events.index == e.row))
        except (TypeError, ValueError):
            at = np.array([], dtype=np.int64)
        where = (0, int(part[order].to_numpy()[at[0]])) if len(at) else (1, 0)
        return TablePart(error=e, error_order=where)
    excluded = frame.attrs.get("excluded", [])
    frame.attrs.clear()
    return TablePart(frame, excluded)


def first_failed(parts: list[TablePart]) -> Optional[TablePart]:
    """The part whose error the pandas API raises on all rows at once: the first by input order."""
    failed = [p for p in parts if p.error is not None]
    return min(failed, key=lambda p: p.error_order) if failed else None
