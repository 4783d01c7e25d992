"""Journeys of partitions that each hold whole customers, and merging them: what cxscore.dask.journeys and
cxscore.spark.journeys share.

An engine groups the events into partitions of whole customers (each row keeping its place in the input in
``_partitions.ORDER``) and calls :func:`journeys_partition` on each partition. That returns a :class:`Report`, small
whatever the partition's size: its journeys' summaries as bytes (directly-follows, path and Markov counts), the
touchpoints it discovered with the place of their first row, and its bad rows. :func:`merged_journeys` turns the
reports, in partition order, into what :func:`cxscore.journeys` returns for all events at once: the same error, or
the same tables. Counts are sums (exact), the Markov chain is solved once from the merged counts (the same bits),
means are sums over another grouping (equal to the rounding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core, _partitions
from ._columns import column_names
from ._customers import labels_with_events
from ._errors import InputError
from ._inputs import as_journey_map
from ._journeys import (
    MISSING_OUTCOME,
    REQUIRED,
    JourneysResult,
    checked_outcomes,
    journey_checks,
    journey_names,
    outcomes_error,
    without_unused,
)
from ._rows import relabelled, source, without_bad_rows


@dataclass
class Arguments:
    """journeys' arguments, checked once on the driver and sent with every partition."""

    journey_map: Optional[_core.JourneyMap]
    names: dict[str, str]                 # role -> column name
    columns: list[str]                    # the events columns the journeys read: all a shuffle needs to move
    outcome: str
    min_edge_count: int
    min_variant_count: int
    min_path_share: float
    lenient: bool


def checked_arguments(empty_events: pd.DataFrame, journey_map: Any, outcomes: Optional[pd.DataFrame],
                      names: dict[str, str], outcome: str, min_edge_count: int, min_variant_count: int,
                      min_path_share: float, lenient: bool, engine: str) -> Arguments:
    """The Arguments of a journeys call on events with the columns of ``empty_events``: a missing column raises
    the InputError cxscore.journeys raises, before any partition is read."""
    if outcomes is not None and not isinstance(outcomes, pd.DataFrame):
        raise TypeError(f"outcomes must be a pandas DataFrame, not {type(outcomes).__name__}")
    if _partitions.ORDER in empty_events.columns:
        raise ValueError(f"events has a column named {_partitions.ORDER}, the name {engine} keeps each row's place "
                         "under")
    jm = None if journey_map is None else as_journey_map(journey_map)
    names = journey_names(jm, **names)
    used = column_names(empty_events, names, REQUIRED)
    return Arguments(jm, names, list(dict.fromkeys(used.values())), outcome, int(min_edge_count),
                     int(min_variant_count), float(min_path_share), lenient)


@dataclass
class Report(_partitions.RowReport):
    """What a partition's journeys send the driver: small, whatever the partition's size."""

    summaries: Optional[tuple[bytes, bytes, Optional[bytes]]] = None  # JourneySummaries.to_bytes(); None: no rows
    touchpoint_first: dict[str, int] = field(default_factory=dict)  # discovered touchpoint -> ORDER of its first row
    rows: int = 0                         # the rows the journeys read (strict: all of them)
    outcome_problem: Optional[tuple[int, Any, str, Any, str]] = None  # the outcomes frame's first bad row
    outcome_missing: Optional[tuple[Any, Any]] = None  # (key in code order, label): first customer without outcome


def _code_order_key(events: pd.DataFrame, order: np.ndarray, column: str, label: Any) -> Any:
    """Where ``label`` comes in the customer codes of all events at once: ascending integer ids by value,
    categories by their place, other ids by their first row."""
    values = events[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        return int(values.array.categories.get_loc(label))
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu":
        return int(label)
    return int(order[int(np.argmax((values == label).to_numpy()))])


def journeys_partition(part: pd.DataFrame, args: Arguments, outcomes: Optional[pd.DataFrame]) -> Report:
    """The report of a partition that holds whole customers, its rows in any order, each with its place in the
    input in ``ORDER``; the index labels name the rows in errors and ``rejected``."""
    events, order = _partitions.partition_events(part)
    report = Report()
    if len(events) == 0:
        return report
    jm = args.journey_map
    prepared, problems = _partitions.checked_rows(report, events, order, jm, args.names, **journey_checks(jm))
    # Strict, a bad row is the answer, unless only the core refuses it: cxscore.journeys reads the outcomes first.
    refused = not args.lenient and len(problems) > 0
    if refused:
        report.keep_first_rejected()
        report.rows = len(events)
        if report.python_found:
            return report
    else:
        prepared, rejected = without_bad_rows(events, prepared, problems)
        kept = np.ones(len(events), dtype=bool)
        kept[problems["position"].to_numpy()] = False
        report.rows = int(kept.sum())
        if report.rows == 0:
            return report
        if len(rejected):
            prepared = without_unused(prepared, discovered=jm is None)
        if jm is None:
            codes, first = np.unique(prepared.columns["touchpoint"], return_index=True)
            report.touchpoint_first = {prepared.touchpoint_names[c]: int(o)
                                       for c, o in zip(codes, order[kept][first])}
    outcome_codes = None
    if outcomes is not None:
        labels = prepared.customer_labels
        checked = checked_outcomes(outcomes, labels, args.names["customer"], args.outcome,
                                   labels_with_events(prepared.columns["customer"], len(labels)))
        report.outcome_problem = checked.problem
        if len(checked.missing):
            label = labels[checked.missing[0]]
            report.outcome_missing = (_code_order_key(events, order, args.names["customer"], label), label)
        if report.outcome_problem is not None or report.outcome_missing is not None:
            return report
        outcome_codes = checked.codes
    if refused:
        return report
    try:
        summaries = _core.journey_summaries_columns(prepared.columns, prepared.touchpoint_names, jm, outcome_codes,
                                                    source(events))
    except InputError as e:
        report.error = relabelled(events, prepared, e)
        return report
    report.summaries = summaries.to_bytes()
    return report


def _raise_first_problem(reports: list[Report], name: str, customer: str, strict: bool) -> None:
    """Raises the InputError cxscore.journeys raises on the same rows, in its order: Python's refusals of events
    rows (with the core's, the first by input order), no events at all, the outcomes frame's refusals, then rows
    only the core refuses, then what the core refused while summarising."""
    events_first = _partitions.first_rejected(reports) if strict else None
    if events_first is not None and any(r.python_found for r in reports):
        _partitions.raise_rejected(name, events_first)
    if sum(r.rows for r in reports) == 0:
        raise InputError(f"{name}: no events", file=name, reason="no events")
    problems = [r.outcome_problem for r in reports if r.outcome_problem is not None]
    if problems:
        raise outcomes_error(*min(problems, key=lambda p: p[0])[1:])
    missing = [r.outcome_missing for r in reports if r.outcome_missing is not None]
    if missing:
        raise outcomes_error(0, customer, min(missing, key=lambda m: m[0])[1], MISSING_OUTCOME)
    if events_first is not None:
        _partitions.raise_rejected(name, events_first)
    for r in reports:
        if r.error is not None:
            raise r.error


def merged_journeys(reports: list[Report], args: Arguments, empty_events: pd.DataFrame) -> JourneysResult:
    """The reports of every partition, in partition order (the same partitioning gives the same bits), merged
    into cxscore.journeys' result; or its InputError. ``empty_events`` has the events' columns."""
    name = source(empty_events)
    _raise_first_problem(reports, name, args.names["customer"], strict=not args.lenient)
    jm = args.journey_map
    if jm is None:
        first: dict[str, int] = {}
        for r in reports:
            for touchpoint, place in r.touchpoint_first.items():
                first[touchpoint] = min(place, first.get(touchpoint, place))
        names = sorted(first, key=first.__getitem__)
    else:
        names = list(jm.touchpoint_names)
    code = {touchpoint: k for k, touchpoint in enumerate(names)}
    merged = None
    for r in reports:
        if r.summaries is None:
            continue
        piece = _core.JourneySummaries.from_bytes(*r.summaries)
        if jm is None:
            piece = piece.recoded([code[t] for t in piece.touchpoint_names], names)
        if merged is None:
            merged = piece
        else:
            merged.merge(piece)
    assert merged is not None, "a partition with rows and no error has summaries"
    raw = _core.journeys_tables(merged, jm, args.min_edge_count, args.min_variant_count, args.min_path_share)
    rejected = _partitions.rejected_events(reports) if args.lenient else pd.DataFrame(
        {"column": [], "value": [], "reason": []})
    return JourneysResult(raw, rejected)
