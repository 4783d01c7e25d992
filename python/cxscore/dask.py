"""cxscore.dask: :func:`cxscore.score` on a Dask DataFrame of events (the extra ``cxscore[dask]``).

A customer's score needs all of that customer's events, in input order. The events are therefore shuffled
by customer (Dask's own shuffle) with each event's place in the input kept beside it, so that every
partition holds whole customers and restores their input order. Each partition is scored by the core; its
summaries travel to the client as bytes (``ScoreSummaries.to_bytes``) and are merged there in partition
order into the brand figures and the small tables. A customer's score, index and events depend on its own
events and the model alone, never on the brand's totals, so the per-customer results stay on the workers
as a Dask DataFrame.

>>> import cxscore, cxscore.dask, dask.dataframe as dd
>>> sim = cxscore.simulate(customers=300, seed=1)
>>> events = dd.from_pandas(sim.events, npartitions=3, sort=False)
>>> result = cxscore.dask.score(events, sim.journey_map, sim.model, sim.customers)
>>> one = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
>>> abs(result.brand_index - one.brand_index) < 1e-9
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.delayed import Delayed, delayed

from . import _core
from ._columns import column_names
from ._customers import customers_error, customers_rejected, listed_customers
from ._errors import InputError
from ._inputs import as_journey_map, as_model, as_seconds, as_thread_count
from ._rows import found_problems, relabelled, row_label, source, without_bad_rows
from ._score import ScoreResult
from ._score import score as score_frame

__all__ = ["DaskScoreResult", "score"]

# Each event's place in the input, kept through the shuffle: its partition's number in the bits above
# ROW_BITS, its row within that partition below, so that sorting by it restores the input order.
ORDER = "_cxscore_order"
ROW_BITS = 40


def _with_order(part: pd.DataFrame, number: int) -> pd.DataFrame:
    if len(part) >= 1 << ROW_BITS:
        raise ValueError(f"partition {number} has {len(part)} rows; cxscore.dask takes at most 2^{ROW_BITS} each")
    keyed = part.copy(deep=False)
    keyed[ORDER] = (np.int64(number) << ROW_BITS) + np.arange(len(part), dtype=np.int64)
    return keyed


@dataclass
class _Report:
    """What a scored partition sends the client: small, whatever the partition's size."""

    summaries: Optional[bytes] = None     # ScoreSummaries.to_bytes(); None: no events
    segment_names: list[str] = field(default_factory=list)  # the partition's segment codes' labels
    segment_first: dict[str, int] = field(default_factory=dict)  # label -> first customers row applied
    listed_with_events: int = 0           # customers rows with a valid weight naming this partition's customers
    listed_valid: int = 0                 # customers rows with a valid weight (the same in every partition)
    python_found: bool = False            # Python's checks refused a row (they come first, as in cxscore.score)
    events_rejected: Optional[pd.DataFrame] = None  # order, row, column, value, reason (strict: the first only)
    customer_problems: list[tuple[int, Any, str, Any, str]] = field(default_factory=list)
    error: Optional[InputError] = None    # raised while scoring (after every row passed its checks)
    empty_customers: Optional[pd.DataFrame] = None  # the customers frame's columns and dtypes


def _segment_first(listed: Any, refused: list[int]) -> dict[str, int]:
    """The first row applied for each segment label: what orders the segments, as in build_customer_table
    (a missing or empty label is "unassigned")."""
    rows = np.flatnonzero(listed.codes >= 0)
    rows = rows[~np.isin(rows, refused)]
    labels = np.array([*listed.segment_labels, ""], dtype=object)[listed.segment_codes[rows]]
    labels[labels == ""] = "unassigned"
    first = pd.Series(rows, index=pd.Index(labels, dtype=object)).groupby(level=0, sort=False).min()
    return {str(label): int(row) for label, row in first.items()}


def _score_partition(part: pd.DataFrame, journey_map: Any, model: Any, customers: Optional[pd.DataFrame],
                     names: dict[str, str], lenient: bool, as_of: float, threads: int,
                     times: bool) -> tuple[pd.DataFrame, _Report]:
    """(per-customer results, report) of a partition that holds whole customers."""
    part = part.sort_values(ORDER, kind="stable")
    order = part[ORDER].to_numpy()
    events = part.drop(columns=ORDER)
    report = _Report()
    if len(events) == 0:
        return pd.DataFrame(), report
    prepared, problems, report.python_found = found_problems(events, journey_map, names, times=times,
                                                             every_row=True)
    positions = problems["position"].to_numpy()
    found = problems.assign(position=order[positions], row=[row_label(events, p) for p in positions])
    report.events_rejected = found.rename(columns={"position": "order"})
    table = None
    if customers is not None:
        # Only the customers whose events are here count as having events: a partition's labels may name
        # others (a range of integer ids, a categorical's categories), which have their events elsewhere.
        here = np.zeros(len(prepared.customer_labels), dtype=bool)
        here[prepared.columns["customer"]] = True
        listed = listed_customers(customers, prepared.customer_labels, names["customer"], here)
        report.customer_problems = listed.problems
        refused = [p[0] for p in listed.problems]
        weight_refused = sum(1 for p in listed.problems if p[2] == "weight")
        report.listed_valid = len(customers) - weight_refused
        report.listed_with_events = report.listed_valid - listed.without_events
        report.segment_first = _segment_first(listed, refused)
        table = listed.table
    if not lenient and (len(problems) or report.customer_problems):
        report.events_rejected = report.events_rejected.iloc[:1]
        return pd.DataFrame(), report
    prepared, rejected = without_bad_rows(events, prepared, problems)
    try:
        raw = _core.score_columns(prepared.columns, journey_map, model, table, as_of, source(events),
                                  prepared.customer_labels, 0, 0, threads)
    except InputError as e:
        report.error = relabelled(events, prepared, e)
        return pd.DataFrame(), report
    report.summaries = raw["summaries"].to_bytes()
    result = ScoreResult(raw, prepared.customer_labels, table, rejected, journey_map)
    report.segment_names = list(result.segments.index)
    frame = result.customers
    frame["segment"] = frame["segment"].astype(object)
    report.empty_customers = frame.iloc[:0]
    return frame, report


def _report_of(scored: tuple[pd.DataFrame, _Report]) -> _Report:
    return scored[1]


def _customers_of(scored: tuple[pd.DataFrame, _Report], meta: pd.DataFrame) -> pd.DataFrame:
    frame = scored[0]
    if frame.empty and not len(frame.columns):
        return meta
    return frame.astype({"segment": meta["segment"].dtype})


def _raise_first_problem(reports: list[_Report], name: str) -> None:
    """Raises the InputError cxscore.score raises on the same rows: Python's refusals of events rows first (with
    the core's, the first by input order), then the customers frame's, then rows only the core refuses, then
    what scoring refuses."""
    firsts = [r.events_rejected for r in reports if r.events_rejected is not None and len(r.events_rejected)]
    events_first = min(firsts, key=lambda f: int(f["order"].iloc[0])).iloc[0] if firsts else None
    if events_first is not None and any(r.python_found for r in reports):
        raise InputError.at(name, events_first["row"], events_first["column"], events_first["value"],
                            events_first["reason"])
    customer_problems = sorted({p[0]: p for r in reports for p in r.customer_problems}.values())
    if customer_problems:
        _, label, column, value, reason = customer_problems[0]
        raise customers_error(label, column, value, reason)
    if events_first is not None:
        raise InputError.at(name, events_first["row"], events_first["column"], events_first["value"],
                            events_first["reason"])
    for r in reports:
        if r.error is not None:
            raise r.error


def _rejected(reports: list[_Report]) -> pd.DataFrame:
    """The rows set aside, as cxscore.score lists them: the events' in input order, then the customers frame's."""
    found = [r.events_rejected for r in reports if r.events_rejected is not None and len(r.events_rejected)]
    events = pd.concat(found).sort_values("order", kind="stable") if found else pd.DataFrame(
        {"order": [], "row": [], "column": [], "value": [], "reason": []})
    rejected = pd.DataFrame({"column": events["column"].tolist(), "value": events["value"].tolist(),
                             "reason": events["reason"].tolist()}, index=pd.Index(events["row"].tolist(), name="row"))
    bad = sorted({p[0]: p for r in reports for p in r.customer_problems}.values())
    if bad:
        rejected = pd.concat([rejected, customers_rejected([p[1:] for p in bad])])
    return rejected


def _segment_order(reports: list[_Report], with_customers: bool) -> Optional[list[str]]:
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


class DaskScoreResult:
    """What :func:`cxscore.dask.score` returns: ``customers`` as a Dask DataFrame (score, index, events,
    journey_score, weight, segment; indexed by customer, partitioned by the shuffle), and the same pandas
    tables and figures as :class:`cxscore.ScoreResult`: ``touchpoints``, ``owners``, ``phases``,
    ``channels``, ``segments``, ``summary``, ``rejected``, ``brand_score``, ``brand_index``."""

    def __init__(self, tables: ScoreResult, customers: dd.DataFrame) -> None:
        self._tables = tables
        self.customers = customers
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
        return "Dask" + repr(self._tables)


def score(events: dd.DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
          lenient: bool = False, as_of: Any = None, customer: str = "customer", touchpoint: str = "touchpoint",
          time: str = "time", experience: str = "experience", expectation: str = "expectation",
          dimension: str = "dimension", threads: Optional[int] = 1) -> DaskScoreResult:
    """:func:`cxscore.score` of a Dask DataFrame: the same arguments, rules and numbers (to the rounding of
    the brand sums' other addition order, within 1e-12 relative), whatever the partitioning; a customer's
    events may lie in any partitions. ``customers`` is a pandas DataFrame. ``threads`` is per partition
    (default 1: Dask already runs partitions side by side). The same partitioning gives the same bits.

    Strict (default): the InputError cxscore.score would raise (row = the frame's index label); nothing
    is returned. Lenient: ``rejected`` lists the rows set aside over all partitions. Runs on the current
    Dask scheduler (a ``distributed.Client`` if one is active); the per-customer results are scored once
    and kept there (``persist``), the brand figures are computed now.
    """
    if not isinstance(events, dd.DataFrame):
        raise TypeError(f"events must be a Dask DataFrame, not {type(events).__name__}")
    if customers is not None and not isinstance(customers, pd.DataFrame):
        raise TypeError(f"customers must be a pandas DataFrame, not {type(customers).__name__}")
    if ORDER in events.columns:
        raise ValueError(f"events has a column named {ORDER}, the name cxscore.dask keeps each row's place under")
    jm = as_journey_map(journey_map)
    m = as_model(model)
    names = {"customer": customer, "touchpoint": touchpoint, "time": time, "experience": experience,
             "expectation": expectation, "dimension": dimension}
    if all(w == 1.0 for w in m.dimension_weights.values()):
        del names["dimension"]  # as cxscore.score: a column that cannot change a number is not read
    used = column_names(events._meta, names)  # a missing column: the InputError cxscore.score raises
    events = events[list(dict.fromkeys(used.values()))]  # the shuffle moves only the columns scoring reads
    seconds = as_seconds(as_of)
    times = m.reads_time or as_of is not None
    count = as_thread_count(threads)

    parts = events.to_delayed()
    meta = events._meta.assign(**{ORDER: np.array([], dtype=np.int64)})
    keyed = dd.from_delayed([delayed(_with_order)(p, k) for k, p in enumerate(parts)], meta=meta,
                            verify_meta=False)
    by_customer = keyed if len(parts) == 1 else keyed.shuffle(on=customer, npartitions=len(parts))
    shared = delayed(customers) if customers is not None else None  # one copy in the graph, not one a task
    scored: list[Delayed] = [delayed(_score_partition)(p, jm, m, shared, names, lenient, seconds, count, times)
                             for p in by_customer.to_delayed()]
    scored = list(dask.persist(*scored))
    reports: list[_Report] = list(dask.compute(*[delayed(_report_of)(s) for s in scored]))

    if not lenient:
        _raise_first_problem(reports, source(events._meta))
    for r in reports:
        if r.error is not None:
            raise r.error
    segment_names = _segment_order(reports, customers is not None)
    merged = None
    for r in reports:  # partition order: the same partitioning gives the same bits
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
        one = score_frame(events._meta, jm, m, customers, lenient=lenient, as_of=as_of, threads=threads, **names)
        return DaskScoreResult(one, dd.from_pandas(one.customers, npartitions=1))
    rejected = _rejected(reports) if lenient else pd.DataFrame({"column": [], "value": [], "reason": []})
    without_events = 0
    if customers is not None:
        listed_valid = next(r.listed_valid for r in reports if r.summaries is not None)
        without_events = listed_valid - sum(r.listed_with_events for r in reports)
    raw = _core.score_tables(merged, jm, m, segment_names, len(rejected), without_events)
    tables = ScoreResult(raw, pd.Index([]), None, rejected, jm)

    empty = next(r.empty_customers for r in reports if r.empty_customers is not None)
    empty = empty.astype({"segment": pd.CategoricalDtype(segment_names or ["unassigned"])})
    frame = dd.from_delayed([delayed(_customers_of)(s, empty) for s in scored], meta=empty, verify_meta=False)
    return DaskScoreResult(tables, frame)
