"""cxscore.dask: :func:`cxscore.score` and :func:`cxscore.journeys` on a Dask DataFrame of events (the extra
``cxscore[dask]``).

A customer's score needs all of that customer's events, in input order. Each event's place in the input is
therefore kept beside it, and only the events of customers split over input partitions move
(:func:`grouped_by_customer`): one pass finds them from each partition's customers' 64-bit hashes, each
partition keeps the customers it holds whole, and the split customers' events, cut into pieces by customer
hash, join partitions (all of them in one when they are few, as for data sorted by customer; about an input
partition's worth of rows in each otherwise; when the split customers hold most rows, as for data in time
order, Dask's task shuffle by customer moves every row). So every partition holds whole customers and restores
their input order. ``customers`` (and ``outcomes``) is sent once to every worker of an active
``distributed.Client``, read and indexed by their ids' hashes once, so that each partition compares only the
rows naming its own customers (its refused rows and count of valid rows still come from every row). Each
partition is scored by the core; its summaries travel to the client as bytes (``ScoreSummaries.to_bytes``) and
are merged there in partition order into the brand figures and the small tables. A customer's score, index
and events depend on its own events and the model alone, never on the brand's totals, so the per-customer
results stay on the workers as a Dask DataFrame.

:func:`service`, :func:`owners` and :func:`monitor` start from the same partitions and return the pandas API's
results. The service counts merge exactly (integers), so the service table and its brand figure, fitted once
from the merged counts, equal the pandas API's to the bit; the monitor's and the owners' window sums are calendar
windows fixed by the period, so every partition's line up, and merge with their counts exact and their weighted
sums to the rounding of another addition order (within 1e-12; the p-value of a change between two windows of
nearly equal values, ill-conditioned, to about 1e-10); q-values, flags and verdicts are computed once, from the
merged sums.

:func:`drivers` and :func:`driver_table` run the key-driver analysis. Its rows (one per customer) are
independent, and every statistic is exact under merging: OLS, R², LMG, relative weights and betas read the Gram
matrix ``[X y]ᵀ[X y]``, a sum of per-row outer products, so each partition sends its Gram summary as versioned
bytes (``GramSummary.to_bytes``) and the client merges them in partition order; a logistic fit's iterations read
sums over rows too (deviance, ``AᵀWA``, score), one pass over the partitions each (``_partitioned_drivers``).

>>> import cxscore, cxscore.dask, dask.dataframe as dd
>>> sim = cxscore.simulate(customers=300, seed=1)
>>> events = dd.from_pandas(sim.events, npartitions=3, sort=False)
>>> result = cxscore.dask.score(events, sim.journey_map, sim.model, sim.customers)
>>> one = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
>>> abs(result.brand_index - one.brand_index) < 1e-9
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Callable, Optional

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.delayed import Delayed, delayed

from . import (
    _parquet_partitions,
    _partitioned_drivers,
    _partitioned_journeys,
    _partitioned_monitor,
    _partitioned_service,
    _partitions,
    _whole_customers,
)
from ._journeys import JourneysResult
from ._monitor import MonitorResult
from ._rows import names as column_roles
from ._score import ScoreResult
from ._service import OwnersResult

__all__ = ["DaskScoreResult", "driver_table", "drivers", "journeys", "monitor", "owners", "score", "service"]


def _shared(value: Any) -> Any:
    """``value`` (a pandas frame every partition reads) as tasks take it: sent once to every worker of the active
    distributed Client, else one key of the graph (not a copy in every task)."""
    if value is None:
        return None
    try:
        from distributed import get_client
        client = get_client()
    except (ImportError, ValueError):
        return delayed(value)
    if dask.base.get_scheduler() != client.get:  # a Client exists but another scheduler runs the tasks
        return delayed(value)
    return client.scatter(value, broadcast=True, hash=False)  # its own key: another call's may be released


def _concatenated(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(parts)


@contextmanager
def grouped_by_customer(events: dd.DataFrame, customer: str) -> Iterator[list[Delayed]]:
    """``events`` in as many partitions as it has, each holding whole customers, every row with its place in the
    input in ``_partitions.ORDER``: what every analysis that needs a customer's whole journey starts from. Each
    input partition (keyed and persisted once, kept until the block ends: compute or persist what reads the
    partitions within it) keeps the rows of the customers it holds whole; the rows of customers split over
    partitions are cut into pieces by customer hash (one if they are few), piece j of every partition joining one
    partition (``_whole_customers``), or, when they hold most rows, every row is shuffled by customer."""
    parts = events.to_delayed()
    keyed = list(dask.persist(*[delayed(_whole_customers.keyed_partition)(p, k, customer, "cxscore.dask")
                                for k, p in enumerate(parts)]))
    yield _grouped(keyed, events._meta.assign(**{_partitions.ORDER: np.zeros(0, dtype=np.int64)}), customer)


def _events_of(keyed: _whole_customers.KeyedPartition) -> pd.DataFrame:
    return keyed.events


def _grouped(keyed: list[Delayed], meta: pd.DataFrame, customer: str) -> list[Delayed]:
    """The partitions of grouped_by_customer, from its keyed partitions (``meta``: their events' empty form).
    When the split customers hold most rows (data in time order, say), every row moves anyway: Dask's task
    shuffle by customer then moves them, in memory (its peer-to-peer shuffle refuses some dtypes)."""
    if len(keyed) == 1:
        return [delayed(_whole_customers.whole_rows)(keyed[0], np.zeros(0, dtype=bool))]
    split = _whole_customers.split_customers(
        list(dask.compute(*[delayed(_whole_customers.customer_counts)(k) for k in keyed])))
    if split.split.sum() > split.whole.sum():
        frame = dd.from_delayed([delayed(_events_of)(k) for k in keyed], meta=meta, verify_meta=False)
        return list(frame.shuffle(customer, npartitions=len(keyed), shuffle_method="tasks").to_delayed())
    grouped = [delayed(_whole_customers.whole_rows)(k, split.flags[n]) for n, k in enumerate(keyed)]
    homes = _whole_customers.split_partitions(split)
    if len(homes) == 0:
        return grouped
    pieces = [delayed(_whole_customers.split_pieces, nout=len(homes))(k, split.flags[n], len(homes))
              for n, k in enumerate(keyed) if split.split[n]]
    for j, home in enumerate(homes):
        grouped[home] = delayed(_concatenated)([grouped[home], *[p[j] for p in pieces]])
    return grouped


def _report_of(scored: tuple[pd.DataFrame, _partitions.Report]) -> _partitions.Report:
    return scored[1]


def _customers_of(scored: tuple[pd.DataFrame, _partitions.Report], meta: pd.DataFrame) -> pd.DataFrame:
    frame = scored[0]
    if frame.empty and not len(frame.columns):
        return meta
    return frame.astype({"segment": meta["segment"].dtype})


class DaskScoreResult(_partitions.PartitionedScoreResult):
    """What :func:`cxscore.dask.score` returns: ``customers`` as a Dask DataFrame (score, index, events,
    journey_score, weight, segment; indexed by customer, in the partitions of grouped_by_customer), and the same pandas
    tables and figures as :class:`cxscore.ScoreResult`: ``touchpoints``, ``owners``, ``phases``,
    ``channels``, ``segments``, ``summary``, ``rejected``, ``brand_score``, ``brand_index``."""

    def __init__(self, tables: ScoreResult, customers: dd.DataFrame) -> None:
        super().__init__(tables)
        self.customers = customers


def score(events: dd.DataFrame | str | os.PathLike[str] | Sequence[str | os.PathLike[str]], journey_map: Any,
          model: Any = None, customers: Optional[pd.DataFrame] = None, *,
          lenient: bool = False, as_of: Any = None, customer: str = "customer", touchpoint: str = "touchpoint",
          time: str = "time", experience: str = "experience", expectation: str = "expectation",
          dimension: str = "dimension", threads: Optional[int] = 1) -> DaskScoreResult:
    """:func:`cxscore.score` of a Dask DataFrame: the same arguments, rules and numbers (to the rounding of
    the brand sums' other addition order, within 1e-12 relative), whatever the partitioning; a customer's
    events may lie in any partitions. ``customers`` is a pandas DataFrame. ``threads`` is per partition
    (default 1: Dask already runs partitions side by side). The same partitioning gives the same bits.

    ``events`` may also be Parquet files: a path to a file or a directory of ``*.parquet`` files, a glob, or a
    list of them (in dd.read_parquet's order), a partition a file, each read by a worker straight into the
    core's columns (``_parquet_partitions``); the numbers are those of dd.read_parquet's frame of them, and a
    bad row is named by its file and its row in the file (from 0), as by ``cxscore.score(path)``; lenient:
    ``rejected`` has each row's ``file``.

    Strict (default): the InputError cxscore.score would raise (row = the frame's index label); nothing
    is returned. Lenient: ``rejected`` lists the rows set aside over all partitions. Runs on the current
    Dask scheduler (a ``distributed.Client`` if one is active); the per-customer results are scored once
    and kept there (``persist``), the brand figures are computed now.
    """
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    if isinstance(events, (str, os.PathLike, list, tuple)):
        return _score_files(_parquet_partitions.parquet_files(events), journey_map, model, customers, names, lenient,
                            as_of, threads)
    if not isinstance(events, dd.DataFrame):
        raise TypeError(f"events must be a Dask DataFrame or Parquet files, not {type(events).__name__}")
    args = _partitions.checked_arguments(events._meta, journey_map, model, customers, names, lenient, as_of, threads,
                                         "cxscore.dask")
    return _score_frame(events[args.columns], args, customers)  # only the columns scoring reads are moved


def _score_frame(events: dd.DataFrame, args: _partitions.Arguments,
                 customers: Optional[pd.DataFrame]) -> DaskScoreResult:
    """score of a Dask DataFrame of the columns scoring reads."""
    customer = args.names["customer"]

    shared = _shared(_partitions.shared_customers(customers, args))
    with grouped_by_customer(events, customer) as parts:
        scored: list[Delayed] = list(dask.persist(*[delayed(_partitions.score_partition)(p, args, shared)
                                                    for p in parts]))
        reports: list[_partitions.Report] = list(dask.compute(*[delayed(_report_of)(s) for s in scored]))

    merged = _partitions.merged_tables(reports, args, customers, events._meta)
    if not merged.any_rows:
        return DaskScoreResult(merged.tables, dd.from_pandas(merged.empty_customers, npartitions=1))
    frame = dd.from_delayed([delayed(_customers_of)(s, merged.empty_customers) for s in scored],
                            meta=merged.empty_customers, verify_meta=False)
    return DaskScoreResult(merged.tables, frame)


def _score_files(files: list[str], journey_map: Any, model: Any, customers: Optional[pd.DataFrame],
                 names: dict[str, str], lenient: bool, as_of: Any, threads: Optional[int]) -> DaskScoreResult:
    """score of events in Parquet files, a partition a file (``_parquet_partitions``)."""
    empty = _parquet_partitions.empty_events(files[0], names)
    args = _partitions.checked_arguments(empty, journey_map, model, customers, names, lenient, as_of, threads,
                                         "cxscore.dask")
    read = list(dask.persist(*[delayed(_parquet_partitions.read_file)(f, k, args) for k, f in enumerate(files)]))
    shared = _shared(_partitions.shared_customers(customers, args))
    split = delayed(_whole_customers.split_customers)([delayed(_parquet_partitions.customer_counts)(p)
                                                        for p in read]).persist()
    whole, moved = dask.compute(delayed(_rows_of)(split))[0]
    homes = _whole_customers.split_partitions(_whole_customers.Split([], whole, moved))
    rows = [delayed(_parquet_partitions.whole_rows)(p, split, n) for n, p in enumerate(read)]
    pieces = [delayed(_parquet_partitions.split_pieces, nout=len(homes))(p, split, n, len(homes))
              for n, p in enumerate(read) if moved[n]]
    for j, home in enumerate(homes):
        rows[home] = delayed(_parquet_partitions.joined)([rows[home], *[p[j] for p in pieces]])
    scored: list[Delayed] = list(dask.persist(*[delayed(_parquet_partitions.score_rows)(r, p, args, files, shared)
                                                for r, p in zip(rows, read)]))
    reports: list[_partitions.Report] = list(dask.compute(*[delayed(_report_of)(s) for s in scored]))
    merged = _partitions.merged_tables(reports, args, customers, empty)
    if not merged.any_rows:
        return DaskScoreResult(merged.tables, dd.from_pandas(merged.empty_customers, npartitions=1))
    frame = dd.from_delayed([delayed(_customers_of)(s, merged.empty_customers) for s in scored],
                            meta=merged.empty_customers, verify_meta=False)
    return DaskScoreResult(merged.tables, frame)


def _rows_of(split: _whole_customers.Split) -> tuple[np.ndarray, np.ndarray]:
    """(rows of whole customers, rows of split customers) of each input partition: what places the pieces."""
    return split.whole, split.split


def _partition_reports(events: dd.DataFrame, names: dict[str, str], journey_map: Any, model: Any,
                       customers: Optional[pd.DataFrame], lenient: bool, partition: Any,
                       *extra: Any) -> tuple[list[_partitions.Report], _partitions.Arguments]:
    """(the report of ``partition(part, args, customers, *extra)`` on each partition of ``events`` grouped by
    customer, in partition order; the checked arguments) for an analysis that reads every role's column."""
    if not isinstance(events, dd.DataFrame):
        raise TypeError(f"events must be a Dask DataFrame, not {type(events).__name__}")
    args = _partitions.checked_arguments(events._meta, journey_map, model, customers, names, lenient, None, 1,
                                         "cxscore.dask", every_role=True)
    shared = _shared(_partitions.shared_customers(customers, args))
    with grouped_by_customer(events[args.columns], names["customer"]) as parts:
        reports = dask.compute(*[delayed(partition)(p, args, shared, *extra) for p in parts])
    return list(reports), args


def service(events: dd.DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
            window_days: float = 2.0, lenient: bool = False, customer: str = "customer",
            touchpoint: str = "touchpoint", time: str = "time", experience: str = "experience",
            expectation: str = "expectation", dimension: str = "dimension") -> pd.DataFrame:
    """:func:`cxscore.service` of a Dask DataFrame: the same arguments, errors and table (its counts, rates and
    brand figure to the bit: the counts merge exactly), whatever the partitioning; a customer's events may lie
    in any partitions. ``customers`` is a pandas DataFrame. Runs on the current Dask scheduler."""
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    reports, args = _partition_reports(events, names, journey_map, model, customers, lenient,
                                       _partitioned_service.service_partition, float(window_days))
    return _partitioned_service.merged_service(reports, args, customers, events._meta, float(window_days))


def owners(events: dd.DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
           period: str = "month", window_days: float = 2.0, fdr: float = 0.05, min_effect: float = 1.0,
           lenient: bool = False, customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
           experience: str = "experience", expectation: str = "expectation",
           dimension: str = "dimension") -> OwnersResult:
    """:func:`cxscore.owners` of a Dask DataFrame: the same arguments, errors and result (counts exactly, other
    numbers within 1e-12 relative but one ill-conditioned p-value, see the module's docstring; the same
    partitioning gives the same bits), whatever the partitioning. ``customers`` is a pandas DataFrame. Runs on
    the current Dask scheduler."""
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    reports, args = _partition_reports(events, names, journey_map, model, customers, lenient,
                                       _partitioned_service.owners_partition, str(period), float(window_days))
    return _partitioned_service.merged_owners(reports, args, customers, events._meta, str(period),
                                              float(window_days), float(fdr), float(min_effect))


def monitor(events: dd.DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
            period: str = "week", fdr: float = 0.05, min_effect: float = 1.0, lenient: bool = False,
            customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
            experience: str = "experience", expectation: str = "expectation",
            dimension: str = "dimension") -> MonitorResult:
    """:func:`cxscore.monitor` of a Dask DataFrame: the same arguments, errors and result (counts exactly, other
    numbers within 1e-12 relative but one ill-conditioned p-value, see the module's docstring; the same
    partitioning gives the same bits), whatever the partitioning. ``customers`` is a pandas DataFrame. Runs on
    the current Dask scheduler."""
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    reports, args = _partition_reports(events, names, journey_map, model, customers, lenient,
                                       _partitioned_monitor.monitor_partition, str(period))
    return _partitioned_monitor.merged_monitor(reports, args, customers, events._meta, str(period), float(fdr),
                                               float(min_effect))


def _each(pieces: list[Delayed]) -> Callable[..., list[Any]]:
    """Runs a function on every partition's Piece (persisted on the workers), results in partition order."""
    def each(function: Callable[..., Any], *arguments: Any) -> list[Any]:
        return list(dask.compute(*[delayed(function)(p, *_partitioned_drivers.for_partition(k, arguments))
                                   for k, p in enumerate(pieces)]))
    return each


def drivers(frame: dd.DataFrame, outcome: str, drivers: Optional[Sequence[str]] = None, *, method: str = "auto",
            bootstrap: int = 0, seed: int = 1, confidence: float = 0.95,
            threads: Optional[int] = None) -> pd.DataFrame:
    """:func:`cxscore.drivers` of a Dask DataFrame of one row per customer (ids in the index): the same
    arguments, rules, errors and frame, every number within 1e-12 relative of the pandas API's on
    ``frame.compute()``, whatever the partitioning. Rows are independent, so nothing is shuffled: each
    partition sends its Gram summary, merged on the client in partition order (exact: the Gram matrix is a
    sum of per-row outer products); a logistic fit takes one pass over the partitions per iteration, with the
    core's step rule, so it takes the same iterations as on one machine.

    Bootstrap intervals (``bootstrap`` > 0) of a linear analysis are the pandas API's: replicate r draws rows
    by their place in the whole frame from a counter-based generator, so each partition works out how often
    its own rows are drawn and sends each replicate's Gram summary. The same rows in another order are
    other resamples (as in pandas). A logistic analysis with bootstrap intervals is refused (ValueError):
    each replicate is a logistic fit of its own, one pass over all partitions per iteration and replicate;
    the table has one row per customer, so collect it and call :func:`cxscore.drivers`, or use
    ``method="linear"``.

    >>> import cxscore, cxscore.dask, dask.dataframe as dd, pandas as pd
    >>> df = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6], "b": [2.0, 1, 4, 3, 6, 5],
    ...                    "y": [1.0, 2.5, 2.9, 4.1, 5.2, 5.8]})
    >>> d = cxscore.dask.drivers(dd.from_pandas(df, npartitions=2), outcome="y")
    >>> bool(abs(d["lmg"] - cxscore.drivers(df, outcome="y")["lmg"]).max() < 1e-12)
    True
    """
    if not isinstance(frame, dd.DataFrame):
        raise TypeError(f"frame must be a Dask DataFrame, not {type(frame).__name__}")
    names = _partitioned_drivers.checked_columns(frame._meta, outcome, drivers, method)
    parts = frame[[*names, outcome]].to_delayed()
    pieces = list(dask.persist(*[delayed(_partitioned_drivers.piece_of)(p, k, outcome, names)
                                 for k, p in enumerate(parts)]))
    return _partitioned_drivers.analysed(_each(pieces), outcome, names, method, bootstrap, seed, confidence, threads)


def _frame_of(part: _partitioned_drivers.TablePart, meta: pd.DataFrame) -> pd.DataFrame:
    return meta if part.frame is None else part.frame


def _without_rows(part: _partitioned_drivers.TablePart) -> _partitioned_drivers.TablePart:
    """What the client needs of a partition's table: its errors, exclusions and columns, not its rows."""
    empty = None if part.frame is None else part.frame.iloc[:0]
    return _partitioned_drivers.TablePart(empty, part.excluded, part.error, part.error_order)


def driver_table(events: dd.DataFrame, journey_map: Any, model: Any = None, outcomes: Any = None, *,
                 outcome: Optional[str] = None, value: str = "value", unvisited: str = "zero",
                 customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
                 experience: str = "experience", expectation: str = "expectation",
                 dimension: str = "dimension") -> dd.DataFrame:
    """:func:`cxscore.driver_table` of a Dask DataFrame of events: a Dask DataFrame of one row per customer
    (indexed by customer, in the partitions of grouped_by_customer, in order), every cell equal to the pandas API's. A
    customer's cells need its whole journey, so the events are grouped by customer first (a customer's events
    may lie in any partitions). ``outcomes`` is pandas, as for the pandas API. Customers without an outcome or
    events are left out, as by the pandas API (which lists them in ``.attrs``; a Dask DataFrame has none); the
    outcome is the last column. ``unvisited="mean"`` (the mean over all customers, which no partition holds)
    is refused. Errors are the pandas API's on the same rows.
    """
    if not isinstance(events, dd.DataFrame):
        raise TypeError(f"events must be a Dask DataFrame, not {type(events).__name__}")
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    table = _partitioned_drivers.table_maker(journey_map, model, outcomes, unvisited, outcome=outcome, value=value,
                                             **names)
    if _partitions.ORDER in events.columns:
        raise ValueError(f"events has a column named {_partitions.ORDER}, the name cxscore.dask keeps each row's "
                         "place under")
    with grouped_by_customer(events, customer) as grouped:
        parts = list(dask.persist(*[delayed(_partitioned_drivers.table_of)(p, _partitions.ORDER, table)
                                    for p in grouped]))
        made: list[_partitioned_drivers.TablePart] = list(dask.compute(*[delayed(_without_rows)(p)
                                                                         for p in parts]))
    failed = _partitioned_drivers.first_failed(made)
    if failed is not None:
        assert failed.error is not None
        raise failed.error
    frames = [p.frame for p in made if p.frame is not None]
    meta = (frames[0] if frames else table(events._meta.copy())).iloc[:0]
    return dd.from_delayed([delayed(_frame_of)(p, meta) for p in parts], meta=meta, verify_meta=False)


def journeys(events: dd.DataFrame, journey_map: Any = None, outcomes: Optional[pd.DataFrame] = None, *,
             outcome: str = "retained", min_edge_count: int = 0, min_variant_count: int = 0,
             min_path_share: float = 0.01, lenient: bool = False, customer: str = "customer",
             touchpoint: str = "touchpoint", time: str = "time", experience: str = "experience",
             expectation: str = "expectation") -> JourneysResult:
    """:func:`cxscore.journeys` of a Dask DataFrame: the same arguments, rules and :class:`cxscore.JourneysResult`
    (counts exact, means within 1e-12 relative), whatever the partitioning; a customer's events may lie in any
    partitions. ``outcomes`` is a pandas DataFrame. Each partition of whole customers (grouped_by_customer)
    sends its directly-follows, path and Markov counts as bytes; the client merges them in partition
    order and finds the journeys once, the Markov chain solved from the merged counts. The same partitioning
    gives the same bits. Strict (default): the InputError cxscore.journeys would raise; lenient: ``rejected``
    lists the rows set aside over all partitions.

    >>> import cxscore, cxscore.dask, dask.dataframe as dd
    >>> sim = cxscore.simulate(customers=300, seed=1)
    >>> events = dd.from_pandas(sim.events, npartitions=3, sort=False)
    >>> r = cxscore.dask.journeys(events, sim.journey_map, sim.outcomes)
    >>> one = cxscore.journeys(sim.events, sim.journey_map, sim.outcomes)
    >>> r.variants["customers"].equals(one.variants["customers"])
    True
    """
    if not isinstance(events, dd.DataFrame):
        raise TypeError(f"events must be a Dask DataFrame, not {type(events).__name__}")
    names = dict(customer=customer, touchpoint=touchpoint, time=time, experience=experience, expectation=expectation)
    args = _partitioned_journeys.checked_arguments(events._meta, journey_map, outcomes, names, outcome,
                                                   min_edge_count, min_variant_count, min_path_share, lenient,
                                                   "cxscore.dask")
    events = events[args.columns]  # only the columns the journeys read are kept and moved
    shared = _shared(outcomes)
    with grouped_by_customer(events, customer) as parts:
        reports = dask.compute(*[delayed(_partitioned_journeys.journeys_partition)(p, args, shared) for p in parts])
    return _partitioned_journeys.merged_journeys(list(reports), args, events._meta)
