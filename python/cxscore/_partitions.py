"""Analysing partitions that each hold whole customers, and merging them: what cxscore.dask and cxscore.spark share.
What every analysis's partitions share (ORDER, a partition's rows in input order, its bad rows as a
:class:`RowReport`, the first of them or all of them over every partition) comes first; score's own part follows.

An engine (Dask, Spark) groups the events into partitions of whole customers (moving only the events of customers
split over input partitions, ``_whole_customers``), keeping each event's place in the input in the column ``ORDER``,
and calls an analysis's partition function on each partition where it runs: :func:`score_partition` here, the others
in ``_partitioned_<analysis>``. Each checks its rows as the pandas API would (:func:`checked_partition`) and returns
a :class:`Report`, small whatever the partition's size, which travels to the driver (score's per-customer results
stay with the engine). There the reports, in partition order, give the pandas API's error (:func:`checked_reports`),
its rows set aside (:func:`rejected_rows`), and, merged, its tables (:func:`merged_tables` for score).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, NoReturn, Optional

import numpy as np
import pandas as pd

from . import _core
from ._columns import PreparedEvents, column_names
from ._customers import ReadCustomers, customers_error, customers_rejected, labels_with_events
from ._errors import InputError
from ._inputs import as_journey_map, as_model, as_seconds, as_thread_count
from ._rows import core_call, found_problems, relabelled, row_label, source, without_bad_rows
from ._score import ScoreResult
from ._score import score as score_frame

# Each event's place in the input, kept wherever the event moves: its input partition's number in the bits above
# ROW_BITS, its row within that partition below, so that sorting a partition by it restores the input order.
ORDER = "_cxscore_order"
ROW_BITS = 40
ROW_MASK = (1 << ROW_BITS) - 1  # an ORDER's row within its partition


def order_keys(partition: int, first_row: int, rows: int, engine: str) -> np.ndarray:
    """The ORDER of rows ``first_row`` .. ``first_row + rows - 1`` of input partition ``partition``."""
    if first_row + rows >= 1 << ROW_BITS:
        raise ValueError(f"partition {partition} has {first_row + rows} rows; {engine} takes at most 2^{ROW_BITS} "
                         "each")
    first = (int(partition) << ROW_BITS) + first_row
    return np.arange(first, first + rows, dtype=np.int64)  # one pass over fresh memory, no sum of two arrays


@dataclass
class RowReport:
    """What a partition of any analysis reports about its events rows (each analysis's report extends it)."""

    python_found: bool = False            # Python's checks refused a row (they come first, as in the pandas API)
    events_rejected: Optional[pd.DataFrame] = None  # order, row, column, value, reason (strict: the first only)
    error: Optional[InputError] = None    # raised by the core (after every row passed its checks)

    def keep_first_rejected(self) -> None:
        """Strict: only the first bad row travels, the one an error names."""
        if self.events_rejected is not None:
            self.events_rejected = self.events_rejected.iloc[:1]


def partition_events(part: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """(the events of a partition in input order without ORDER, their ORDER)."""
    part = part.sort_values(ORDER, kind="stable")
    return part.drop(columns=ORDER), part[ORDER].to_numpy()


def checked_rows(report: RowReport, events: pd.DataFrame, order: np.ndarray, journey_map: Any,
                 names: dict[str, str], **checks: Any) -> tuple[PreparedEvents, pd.DataFrame]:
    """(prepared columns, bad rows as found_problems lists them) of a partition's events, every bad row also in
    ``report`` with its ORDER and its row label; ``checks`` as found_problems takes them."""
    prepared, problems, report.python_found = found_problems(events, journey_map, names, every_row=True, **checks)
    reported(report, events, order, problems)
    return prepared, problems


def reported(report: RowReport, events: pd.DataFrame, order: np.ndarray, problems: pd.DataFrame) -> None:
    """Every bad row of ``problems`` (found_problems' form) in ``report`` with its ORDER and its row label."""
    if len(problems) == 0:
        report.events_rejected = None
        return
    positions = problems["position"].to_numpy()
    found = problems.assign(position=order[positions], row=[row_label(events, p) for p in positions])
    report.events_rejected = found.rename(columns={"position": "order"})


def first_rejected(reports: list[Any]) -> Optional[pd.Series]:
    """The first bad events row of every partition's, by input order (with the core's), or None."""
    firsts = [r.events_rejected for r in reports if r.events_rejected is not None and len(r.events_rejected)]
    return min(firsts, key=lambda f: int(f["order"].iloc[0])).iloc[0] if firsts else None


def raise_rejected(name: str, row: pd.Series) -> NoReturn:
    """The InputError about a bad events row, naming its file where it has one, else ``name``."""
    raise InputError.at(row.get("file", name), row["row"], row["column"], row["value"], row["reason"])


def rejected_events(reports: list[Any]) -> pd.DataFrame:
    """The events rows every partition set aside, in input order, as the pandas API lists them."""
    found = [r.events_rejected for r in reports if r.events_rejected is not None and len(r.events_rejected)]
    events = pd.concat(found).sort_values("order", kind="stable") if found else pd.DataFrame(
        {"order": [], "row": [], "column": [], "value": [], "reason": []})
    listed = pd.DataFrame({"column": events["column"].tolist(), "value": events["value"].tolist(),
                           "reason": events["reason"].tolist()}, index=pd.Index(events["row"].tolist(), name="row"))
    if "file" in events.columns:  # rows of several files: each row's number is its file's
        listed.insert(0, "file", events["file"].tolist())
    return listed


@dataclass
class Arguments:
    """score's arguments, checked once on the driver and sent with every partition."""

    journey_map: _core.JourneyMap
    model: _core.Model
    names: dict[str, str]                 # role -> column name, without the dimension where it cannot matter
    columns: list[str]                    # the events columns scoring reads: all a shuffle needs to move
    as_of: Any                            # as given (for a call of cxscore.score itself)
    seconds: float                        # as_of in epoch seconds, NaN for none: what the core takes
    times: bool                           # whether the time column is read
    threads: int
    lenient: bool


def checked_arguments(empty_events: pd.DataFrame, journey_map: Any, model: Any, customers: Optional[pd.DataFrame],
                      names: dict[str, str], lenient: bool, as_of: Any, threads: Optional[int],
                      engine: str, *, every_role: bool = False) -> Arguments:
    """The Arguments of a score call on events with the columns and dtypes of ``empty_events``: the errors of
    cxscore.score's arguments (a missing column, say) are raised here, before any partition is read.
    ``every_role``: the arguments of an analysis that reads every role's column as its pandas API does
    (service, owners, monitor: times always, the dimension whatever the model's weights)."""
    if customers is not None and not isinstance(customers, pd.DataFrame):
        raise TypeError(f"customers must be a pandas DataFrame, not {type(customers).__name__}")
    if ORDER in empty_events.columns:
        raise ValueError(f"events has a column named {ORDER}, the name {engine} keeps each row's place under")
    m = as_model(model)
    names = dict(names)
    if not every_role and all(w == 1.0 for w in m.dimension_weights.values()):
        del names["dimension"]  # as cxscore.score: a column that cannot change a number is not read
    used = column_names(empty_events, names)  # a missing column: the InputError cxscore.score raises
    columns = list(dict.fromkeys(used.values()))
    return Arguments(as_journey_map(journey_map), m, names, columns, as_of, as_seconds(as_of),
                     every_role or m.reads_time or as_of is not None, as_thread_count(threads), lenient)


@dataclass
class Report(RowReport):
    """What a scored partition sends the driver: small, whatever the partition's size."""

    summaries: Optional[bytes] = None     # ScoreSummaries.to_bytes(); None: no events
    segment_names: list[str] = field(default_factory=list)  # the partition's segment codes' labels
    segment_first: dict[str, int] = field(default_factory=dict)  # label -> first customers row applied
    listed_with_events: int = 0           # customers rows with a valid weight naming this partition's customers
    listed_valid: int = 0                 # customers rows with a valid weight (the same in every partition)
    customer_problems: list[tuple[int, Any, str, Any, str]] = field(default_factory=list)
    empty_customers: Optional[pd.DataFrame] = None  # the customers frame's columns and dtypes
    sums: dict[str, bytes] = field(default_factory=dict)  # other analyses' summaries (to_bytes()) by name


def _segment_first(listed: Any, refused: list[int]) -> dict[str, int]:
    """The first row applied for each segment label: what orders the segments, as in build_customer_table
    (a missing or empty label is "unassigned")."""
    rows = np.flatnonzero(listed.codes >= 0)
    if listed.rows is not None:
        rows = listed.rows[rows]
    rows = rows[~np.isin(rows, refused)]
    labels = np.array([*listed.segment_labels, ""], dtype=object)[listed.segment_codes[rows]]
    labels[labels == ""] = "unassigned"
    first = pd.Series(rows, index=pd.Index(labels, dtype=object)).groupby(level=0, sort=False).min()
    return {str(label): int(row) for label, row in first.items()}


@dataclass
class CheckedPartition:
    """A partition's rows to analyse: as the pandas API keeps them after its checks."""

    events: pd.DataFrame                  # the partition's rows in input order, ORDER dropped
    prepared: PreparedEvents              # their prepared columns, without the rows set aside
    table: Any                            # the customer table of the partition's customers, or None
    rejected: pd.DataFrame                # the rows set aside, as the pandas API lists them


def shared_customers(customers: Optional[pd.DataFrame], args: Arguments) -> Optional[ReadCustomers]:
    """The customers frame as an engine sends it to every partition: read and indexed once (``ReadCustomers``),
    so that each partition compares only the rows naming its own customers."""
    return None if customers is None else ReadCustomers(customers, args.names["customer"], indexed=True)


def checked_partition(part: pd.DataFrame, args: Arguments,
                      customers: Optional[pd.DataFrame | ReadCustomers]) -> tuple[Report, Optional[CheckedPartition]]:
    """(report, rows to analyse) of a partition that holds whole customers, its rows in any order, each with its
    place in the input in ``ORDER``; the index labels name the rows in errors and ``rejected``. The report holds
    the bad rows and the customers frame's accounting (every row of it: each partition reports the frame's
    refused rows and its count of valid rows, only the rows naming the partition's customers counting as
    with events); the rows are None where there is nothing to analyse (no rows, or a bad row in strict mode).
    ``customers``: the frame, or shared_customers of it."""
    events, order = partition_events(part)
    report = Report()
    if len(events) == 0:
        return report, None
    prepared, problems = checked_rows(report, events, order, args.journey_map, args.names, times=args.times)
    table = customer_table_of(report, prepared, customers, args)
    if not args.lenient and (len(problems) or report.customer_problems):
        report.keep_first_rejected()
        return report, None
    prepared, rejected = without_bad_rows(events, prepared, problems)
    return report, CheckedPartition(events, prepared, table, rejected)


def customer_table_of(report: Report, prepared: PreparedEvents, customers: Optional[pd.DataFrame | ReadCustomers],
                      args: Arguments, hashes: Optional[np.ndarray] = None) -> Any:
    """The core's customer table of a partition's customers (None without a customers frame), the frame's
    accounting in ``report``: every refused row of it, its count of valid rows, those naming the partition's
    customers, and each segment's first row applied. ``hashes``: the customer labels' id_hashes, if known."""
    if customers is None:
        return None
    # Only the customers whose events are here count as having events: a partition's labels may name
    # others (a range of integer ids, a categorical's categories), which have their events elsewhere.
    here = labels_with_events(prepared.columns["customer"], len(prepared.customer_labels))
    read = customers if isinstance(customers, ReadCustomers) else ReadCustomers(customers, args.names["customer"])
    listed = read.listed_among(prepared.customer_labels, here, hashes)
    report.customer_problems = listed.problems
    refused = [p[0] for p in listed.problems]
    weight_refused = sum(1 for p in listed.problems if p[2] == "weight")
    report.listed_valid = len(customers) - weight_refused
    report.listed_with_events = report.listed_valid - listed.without_events
    report.segment_first = _segment_first(listed, refused)
    return listed.table


def core_result(report: Report, rows: CheckedPartition, function: Callable[..., Any], *args: Any) -> Any:
    """``function(prepared columns, *args, source)``, or None with its InputError (naming the frame's row) kept in
    ``report.error``, raised on the driver in its turn among the other partitions' errors."""
    try:
        return core_call(rows.events, rows.prepared, function, *args)
    except InputError as e:
        report.error = e
        return None


def score_partition(part: pd.DataFrame, args: Arguments,
                    customers: Optional[pd.DataFrame | ReadCustomers]) -> tuple[pd.DataFrame, Report]:
    """(per-customer results, report) of a partition that holds whole customers (as checked_partition)."""
    report, rows = checked_partition(part, args, customers)
    if rows is None:
        return pd.DataFrame(), report
    events = rows.events
    return scored_rows(report, rows.prepared, rows.table, rows.rejected, args, source(events),
                       lambda e: relabelled(events, rows.prepared, e))


def scored_rows(report: Report, prepared: PreparedEvents, table: Any, rejected: pd.DataFrame, args: Arguments,
                name: str, relabel: Callable[[InputError], InputError]) -> tuple[pd.DataFrame, Report]:
    """(per-customer results, report) of a partition's checked rows, scored by the core with the customer table
    ``table``; the core's InputError, named by ``relabel``, kept in ``report.error``."""
    try:
        raw = _core.score_columns(prepared.columns, args.journey_map, args.model, table, args.seconds, name,
                                  prepared.customer_labels, 0, 0, args.threads)
    except InputError as e:
        report.error = relabel(e)
        return pd.DataFrame(), report
    report.summaries = raw["summaries"].to_bytes()
    result = ScoreResult(raw, prepared.customer_labels, table, rejected, args.journey_map)
    report.segment_names = list(result.segments.index)
    frame = result.customers
    frame["segment"] = frame["segment"].astype(object)
    report.empty_customers = frame.iloc[:0]
    return frame, report


def _raise_first_problem(reports: list[Report], name: str) -> None:
    """Raises the InputError cxscore.score raises on the same rows: Python's refusals of events rows first (with
    the core's, the first by input order), then the customers frame's, then rows only the core refuses, then
    what scoring refuses."""
    events_first = first_rejected(reports)
    if events_first is not None and any(r.python_found for r in reports):
        raise_rejected(name, events_first)
    customer_problems = sorted({p[0]: p for r in reports for p in r.customer_problems}.values())
    if customer_problems:
        _, label, column, value, reason = customer_problems[0]
        raise customers_error(label, column, value, reason)
    if events_first is not None:
        raise_rejected(name, events_first)
    for r in reports:
        if r.error is not None:
            raise r.error


def checked_reports(reports: list[Report], lenient: bool, name: str) -> None:
    """Raises the InputError the pandas API raises on the same rows (strict), or that computing raised (either
    mode), if any; ``name`` is the events' source."""
    if not lenient:
        _raise_first_problem(reports, name)
    for r in reports:
        if r.error is not None:
            raise r.error


def rejected_rows(reports: list[Report], lenient: bool) -> pd.DataFrame:
    """The rows set aside over all partitions, as the pandas API lists them (none in strict mode)."""
    return _rejected(reports) if lenient else pd.DataFrame({"column": [], "value": [], "reason": []})


def merged_sums(pieces: list[bytes], from_bytes: Callable[[bytes], Any]) -> Any:
    """The summaries of ``pieces`` (to_bytes() forms, in partition order) merged in that order: the same
    partitioning gives the same bits."""
    merged = from_bytes(pieces[0])
    for piece in pieces[1:]:
        merged.merge(from_bytes(piece))
    return merged


def _rejected(reports: list[Report]) -> pd.DataFrame:
    """The rows set aside, as cxscore.score lists them: the events' in input order, then the customers frame's."""
    rejected = rejected_events(reports)
    bad = sorted({p[0]: p for r in reports for p in r.customer_problems}.values())
    if bad:
        rejected = pd.concat([rejected, customers_rejected([p[1:] for p in bad])])
    return rejected


def _segment_order(reports: list[Report], with_customers: bool) -> Optional[list[str]]:
    """Every partition's segments in one order: "unassigned", then by the first customers row applied, as
    cxscore.score numbers them over all customers at once."""
    if not with_customers:
        return None
    first: dict[str, int] = {}
    for r in reports:
        for label, position in r.segment_first.items():
            first[label] = min(position, first.get(label, position))
    first.pop("unassigned", None)
    return ["unassigned", *sorted(first, key=first.__getitem__)]


@dataclass
class Merged:
    """The reports merged: the tables as cxscore.score makes them, and the customers frame's empty form."""

    tables: ScoreResult
    empty_customers: pd.DataFrame         # columns and dtypes, the segment a categorical of every segment
    any_rows: bool                        # False: no partition held a row, and ``tables`` is cxscore.score's of none


def merged_tables(reports: list[Report], args: Arguments, customers: Optional[pd.DataFrame],
                  empty_events: pd.DataFrame) -> Merged:
    """The reports of every partition, in partition order (the same partitioning gives the same bits), merged
    into cxscore.score's tables; strict: its InputError instead. ``empty_events`` has the events' columns."""
    checked_reports(reports, args.lenient, source(empty_events))
    segment_names = _segment_order(reports, customers is not None)
    merged = None
    for r in reports:
        if r.summaries is None:
            continue
        piece = _core.ScoreSummaries.from_bytes(r.summaries)
        if segment_names is not None:
            piece = piece.with_segment_codes([segment_names.index(s) for s in r.segment_names], len(segment_names))
        if merged is None:
            merged = piece
        else:
            merged.merge(piece)
    if merged is None:  # no partition holds a row: what cxscore.score makes of no rows
        one = score_frame(empty_events, args.journey_map, args.model, customers, lenient=args.lenient, as_of=args.as_of,
                          threads=args.threads, progress=False, **args.names)
        return Merged(one, one.customers, any_rows=False)
    rejected = rejected_rows(reports, args.lenient)
    without_events = 0
    if customers is not None:
        listed_valid = next(r.listed_valid for r in reports if r.summaries is not None)
        without_events = listed_valid - sum(r.listed_with_events for r in reports)
    raw = _core.score_tables(merged, args.journey_map, args.model, segment_names, len(rejected), without_events)
    tables = ScoreResult(raw, pd.Index([]), None, rejected, args.journey_map)
    empty = next(r.empty_customers for r in reports if r.empty_customers is not None)
    empty = empty.astype({"segment": pd.CategoricalDtype(segment_names or ["unassigned"])})
    return Merged(tables, empty, any_rows=True)


class PartitionedScoreResult:
    """The pandas tables and figures of :class:`cxscore.ScoreResult` (``touchpoints``, ``owners``, ``phases``,
    ``channels``, ``segments``, ``summary``, ``rejected``, ``brand_score``, ``brand_index``) beside an engine's
    frame of ``customers``."""

    def __init__(self, tables: ScoreResult) -> None:
        self._tables = tables
        self.touchpoints = tables.touchpoints
        self.owners = tables.owners
        self.phases = tables.phases
        self.channels = tables.channels
        self.segments = tables.segments
        self.summary = tables.summary
        self.rejected = tables.rejected
        self.journey_map = tables.journey_map

    @property
    def brand_score(self) -> float:
        """The weighted mean journey score (before the peak-end blend): the sum of all contributions."""
        return self._tables.brand_score

    @property
    def brand_index(self) -> float:
        """The brand score on a 0-100 scale."""
        return self._tables.brand_index

    def __repr__(self) -> str:
        return type(self).__name__.replace("ScoreResult", "") + repr(self._tables)
