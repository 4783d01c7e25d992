"""cxscore.spark: :func:`cxscore.score` and :func:`cxscore.journeys` on a Spark DataFrame of events (the extra
``cxscore[spark]``).

A customer's score needs all of that customer's events, in input order. Each event's place in the input
(its partition and its row there) is therefore kept beside it, and only the events of customers split over
input partitions move (:func:`grouped_by_customer`): a first pass over the customer column finds them from each
partition's customers' 64-bit hashes, each partition keeps the customers it holds whole, and the split
customers' events are repartitioned by customer (``repartition``) into partitions of their own. So every
partition holds whole customers and restores their input order. Each
partition is scored by the core in an Arrow-based pandas UDF (``mapInPandas``); its summaries travel to the
driver as bytes (``ScoreSummaries.to_bytes``) and are merged there in partition order into the brand figures
and the small tables. The per-customer results depend on a customer's own events alone, so they stay in
Spark as a DataFrame.

:func:`service`, :func:`owners` and :func:`monitor` start from the same partitions and return the pandas API's
results; each partition sends one Report row. The service counts merge exactly (integers), so the service table
and its brand figure, fitted once from the merged counts, equal the pandas API's to the bit; the monitor's and
the owners' window sums are calendar windows fixed by the period, so every partition's line up, and merge with
their counts exact and their weighted sums to the rounding of another addition order (within 1e-12; the p-value
of a change between two windows of nearly equal values, ill-conditioned, to about 1e-10); q-values, flags and
verdicts are computed once, from the merged sums.

:func:`drivers` and :func:`driver_table` run the key-driver analysis. Its rows (one per customer) are
independent, and every statistic is exact under merging: OLS, R², LMG, relative weights and betas read the Gram
matrix ``[X y]ᵀ[X y]``, a sum of per-row outer products, so each partition sends its Gram summary as versioned
bytes (``GramSummary.to_bytes``) and the driver merges them in partition order; a logistic fit's iterations read
sums over rows too (deviance, ``AᵀWA``, score), one pass over the partitions each (``_partitioned_drivers``).

>>> import cxscore, cxscore.spark
>>> from pyspark.sql import SparkSession
>>> spark = SparkSession.builder.master("local[2]").getOrCreate()  # doctest: +ELLIPSIS
...
>>> sim = cxscore.simulate(customers=300, seed=1)
>>> events = spark.createDataFrame(sim.events)
>>> result = cxscore.spark.score(events, sim.journey_map, sim.model, sim.customers)
>>> one = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
>>> abs(result.brand_index - one.brand_index) < 1e-9
True
>>> result.customers.count() == len(one.customers)
True
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any, Callable, Optional, cast

import numpy as np
import pandas as pd
import pyarrow as pa
from pyspark import TaskContext
from pyspark.sql import DataFrame, functions
from pyspark.sql.types import BinaryType, DoubleType, IntegerType, LongType, StringType, StructField, StructType

from . import (
    _partitioned_drivers,
    _partitioned_journeys,
    _partitioned_monitor,
    _partitioned_service,
    _partitions,
    _whole_customers,
)
from ._customers import ReadCustomers
from ._drivers import _outcome_by_code
from ._errors import InputError
from ._inputs import as_journey_map
from ._journeys import JourneysResult
from ._monitor import MonitorResult
from ._rows import names as column_roles
from ._score import ScoreResult
from ._service import OwnersResult

__all__ = ["SparkScoreResult", "driver_table", "drivers", "journeys", "monitor", "owners", "score", "service"]

# The scoring pass writes one frame: the partitions' customers, and one row per partition holding its Report
# (pickled), told apart by REPORT being null or not.
PARTITION = "_cxscore_partition"
REPORT = "_cxscore_report"
CUSTOMER_COLUMNS = (("score", DoubleType()), ("index", DoubleType()), ("events", LongType()),
                    ("journey_score", DoubleType()), ("weight", DoubleType()), ("segment", StringType()))


def _partition_number() -> int:
    context = TaskContext.get()
    assert context is not None, "called outside a Spark task"
    return context.partitionId()


def _with_order(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The batches of an input partition, each row with its ORDER: the partition's number and the row's place
    in it, read here from the task and the batches themselves, so that the same partitioning of the same rows
    gives every row the same key on every run, and the driver can turn a key back into a row number."""
    number = _partition_number()
    rows = 0
    for batch in batches:
        keys = _partitions.order_keys(number, rows, batch.num_rows, "cxscore.spark")
        yield batch.append_column(_partitions.ORDER, pa.array(keys))
        rows += batch.num_rows


def _customer_counts(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """An input partition's customers (its one column): one row, the partition's number and the customers'
    hashes and row counts (``_whole_customers.customer_keys``) as bytes."""
    number = _partition_number()
    columns = [b.column(0) for b in batches]
    ids = pa.chunked_array(columns).to_pandas() if columns else pd.Series([], dtype=object)
    _, hashes, rows = _whole_customers.customer_keys(ids)
    yield pa.record_batch([pa.array([number], pa.int32()), pa.array([hashes.tobytes()], pa.binary()),
                           pa.array([rows.tobytes()], pa.binary())], names=[PARTITION, "hashes", "rows"])


def _rows_of(customer: str, hashes: np.ndarray,
             split: bool) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The Arrow UDF that keeps the rows of split customers (``split``) or of the others, ``hashes`` being the
    split customers' (``_whole_customers.split_hashes``)."""

    def rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            moved = _whole_customers.of_split_customers(batch.column(customer).to_pandas(), hashes)
            yield batch.filter(pa.array(moved if split else ~moved))

    return rows


def grouped_by_customer(events: DataFrame, customer: str) -> DataFrame:
    """``events`` in partitions each holding whole customers, every row with its place in the input in
    ``_partitions.ORDER``: what every analysis that needs a customer's whole journey starts from. A first pass
    over the customer column finds the customers split over input partitions (``_whole_customers``); each input
    partition keeps the rows of the others, and the split customers' rows, repartitioned by customer into about
    an input partition's worth of rows each, follow as partitions of their own."""
    keyed = events.mapInArrow(_with_order, StructType([*events.schema.fields,
                                                       StructField(_partitions.ORDER, LongType())]))
    partitions = events.rdd.getNumPartitions()
    if partitions <= 1:
        return keyed if partitions else keyed.repartition(1)  # a frame of no rows may have no partition
    schema = StructType([StructField(PARTITION, IntegerType()), StructField("hashes", BinaryType()),
                         StructField("rows", BinaryType())])
    found = sorted(events.select(customer).mapInArrow(_customer_counts, schema).collect(),
                   key=lambda row: row[PARTITION])
    counts = [(np.frombuffer(row["hashes"], dtype=np.uint64), np.frombuffer(row["rows"], dtype=np.int64))
              for row in found]
    split = _whole_customers.split_customers(counts)
    pieces = len(_whole_customers.split_partitions(split))
    if pieces == 0:
        return keyed
    hashes = _whole_customers.split_hashes(split, counts)
    whole = keyed.mapInArrow(_rows_of(customer, hashes, split=False), keyed.schema)
    moved = keyed.mapInArrow(_rows_of(customer, hashes, split=True), keyed.schema).repartition(pieces, customer)
    return whole.union(moved)


def _row_count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    rows = sum(b.num_rows for b in batches)
    yield pa.record_batch([pa.array([_partition_number()], pa.int32()), pa.array([rows], pa.int64())],
                          names=[PARTITION, "rows"])


def _partition_frame(batches: Iterator[pd.DataFrame]) -> Optional[pd.DataFrame]:
    """A partition's batches as one frame, or None for none. The rows are named by their ORDER until the driver,
    which alone can count the rows before them."""
    frames = list(batches)
    if not frames:
        return None
    part = pd.concat(frames, ignore_index=True)
    part.index = pd.Index(part[_partitions.ORDER].to_numpy())
    return part


def _scorer(args: _partitions.Arguments, customers: Optional[ReadCustomers],
            schema: StructType) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The pandas UDF that scores a partition holding whole customers. ``customers`` (the frame read and indexed
    once, ``_partitions.shared_customers``) travels inside the function, which PySpark broadcasts once it is
    large, rather than sending it with every task."""
    names = [f.name for f in schema.fields]

    def scored(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        number = _partition_number()
        part = _partition_frame(batches)
        report = _partitions.Report()
        if part is not None:
            frame, report = _partitions.score_partition(part, args, customers)
            if len(frame):
                out = frame.reset_index(names="customer")
                out[PARTITION] = None
                out[REPORT] = None
                yield out[names]
        row: dict[str, list[Any]] = {name: [None] for name in names}
        row[PARTITION] = [number]
        row[REPORT] = [pickle.dumps(report)]
        yield pd.DataFrame(row)

    return scored


def _rows_named(reports: list[Any], events: DataFrame) -> None:
    """Names the bad rows of ``reports`` as cxscore.score would name the rows of ``events.toPandas()``: by their
    place in the DataFrame, counted from 0. Only bad rows need it, so the rows of each partition are counted
    (one more pass over the customer column) only when a partition found one."""
    if not any((r.events_rejected is not None and len(r.events_rejected)) or r.error is not None for r in reports):
        return
    counts = events.mapInArrow(_row_count, StructType([StructField(PARTITION, IntegerType()),
                                                       StructField("rows", LongType())])).collect()
    rows = np.zeros(max((c[PARTITION] for c in counts), default=-1) + 1, dtype=np.int64)
    for c in counts:
        rows[c[PARTITION]] = c["rows"]
    first = np.concatenate([[0], np.cumsum(rows)])

    def row_of(order: Any) -> int:
        key = int(order)
        return int(first[key >> _partitions.ROW_BITS] + (key & _partitions.ROW_MASK))

    for r in reports:
        if r.events_rejected is not None and len(r.events_rejected):
            r.events_rejected = r.events_rejected.assign(row=[row_of(o) for o in r.events_rejected["order"]])
        if r.error is not None and not isinstance(r.error.row, str) and r.error.row != 0:
            e = r.error
            r.error = InputError.at(e.file, row_of(e.row), e.column, e.value, e.reason)


class SparkScoreResult(_partitions.PartitionedScoreResult):
    """What :func:`cxscore.spark.score` returns: ``customers`` as a Spark DataFrame (customer, score, index,
    events, journey_score, weight, segment; cached), and the same pandas tables and figures as
    :class:`cxscore.ScoreResult`: ``touchpoints``, ``owners``, ``phases``, ``channels``, ``segments``,
    ``summary``, ``rejected``, ``brand_score``, ``brand_index``."""

    def __init__(self, tables: ScoreResult, customers: DataFrame, cached: Optional[DataFrame] = None) -> None:
        super().__init__(tables)
        self.customers = customers
        self._cached = cached

    def unpersist(self) -> None:
        """Lets Spark drop the cached per-customer results (``customers`` is then scored again if read). Spark
        keeps one cache for equal plans: a second score of the same events and arguments shares this one."""
        if self._cached is not None:
            self._cached.unpersist()


def score(events: DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
          lenient: bool = False, as_of: Any = None, customer: str = "customer", touchpoint: str = "touchpoint",
          time: str = "time", experience: str = "experience", expectation: str = "expectation",
          dimension: str = "dimension", threads: Optional[int] = 1) -> SparkScoreResult:
    """:func:`cxscore.score` of a Spark DataFrame: the same arguments, rules and numbers (to the rounding of
    the brand sums' other addition order, within 1e-12 relative), whatever the partitioning; a customer's
    events may lie in any partitions. ``customers`` is a pandas DataFrame. ``threads`` is per partition
    (default 1: Spark already runs partitions side by side). The same partitioning of the same rows gives the
    same bits. Times are read as Spark hands them to pandas: in the session's time zone, to the microsecond.

    Strict (default): the InputError cxscore.score would raise, its row the bad row's place in the DataFrame
    counted from 0 (the index label of ``events.toPandas()``); nothing is returned. Lenient: ``rejected``
    lists the rows set aside over all partitions. The per-customer results are scored once and cached
    (``persist``); the brand figures are computed now.
    """
    if not isinstance(events, DataFrame):
        raise TypeError(f"events must be a Spark DataFrame, not {type(events).__name__}")
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    empty_events = events.limit(0).toPandas()
    args = _partitions.checked_arguments(empty_events, journey_map, model, customers, names, lenient, as_of, threads,
                                         "cxscore.spark")
    events = events.select(*args.columns)  # only the columns scoring reads are kept and moved
    customer_field = StructField("customer", events.schema[customer].dataType)
    schema = StructType([customer_field, *(StructField(n, t) for n, t in CUSTOMER_COLUMNS),
                         StructField(PARTITION, IntegerType()), StructField(REPORT, BinaryType())])

    by_customer = grouped_by_customer(events, customer)
    # mapInPandas, not groupBy(customer).applyInPandas: one call of the core per partition of many whole
    # customers, and one Report per partition, rather than a call and a Report per customer.
    shared = _partitions.shared_customers(customers, args)
    scored = by_customer.mapInPandas(_scorer(args, shared, schema), schema).persist()
    try:
        rows = scored.where(functions.col(REPORT).isNotNull()).select(PARTITION, REPORT).collect()
        reports = [pickle.loads(row[REPORT]) for row in sorted(rows, key=lambda row: row[PARTITION])]
        _rows_named(reports, events.select(customer))
        merged = _partitions.merged_tables(reports, args, customers, empty_events)
    except BaseException:
        scored.unpersist()
        raise
    if not merged.any_rows:
        scored.unpersist()
        spark = events.sparkSession
        return SparkScoreResult(merged.tables, spark.createDataFrame([], StructType(schema.fields[:-2])))
    frame = scored.where(functions.col(REPORT).isNull()).select(*(f.name for f in schema.fields[:-2]))
    return SparkScoreResult(merged.tables, frame, scored)


def _reporter(partition: Any, args: _partitions.Arguments, customers: Optional[ReadCustomers],
              extra: tuple[Any, ...]) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The pandas UDF that runs ``partition(part, args, customers, *extra)`` on a partition holding whole
    customers and yields one row: the partition's number and its Report, pickled."""

    def reported(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        number = _partition_number()
        frames = list(batches)
        report = _partitions.Report()
        if frames:
            part = pd.concat(frames, ignore_index=True)
            part.index = pd.Index(part[_partitions.ORDER].to_numpy())  # named as in _scorer
            report = partition(part, args, customers, *extra)
        yield pd.DataFrame({PARTITION: [number], REPORT: [pickle.dumps(report)]})

    return reported


def _partition_reports(events: DataFrame, names: dict[str, str], journey_map: Any, model: Any,
                       customers: Optional[pd.DataFrame], lenient: bool, partition: Any,
                       *extra: Any) -> tuple[list[_partitions.Report], _partitions.Arguments, pd.DataFrame]:
    """(the Report of ``partition`` on each partition of ``events`` grouped by customer, in partition order, its
    bad rows named as in ``events.toPandas()``; the checked arguments; the events' empty pandas form) for an
    analysis that reads every role's column."""
    if not isinstance(events, DataFrame):
        raise TypeError(f"events must be a Spark DataFrame, not {type(events).__name__}")
    empty_events = events.limit(0).toPandas()
    args = _partitions.checked_arguments(empty_events, journey_map, model, customers, names, lenient, None, 1,
                                         "cxscore.spark", every_role=True)
    events = events.select(*args.columns)  # only the columns the analysis reads are kept and moved
    schema = StructType([StructField(PARTITION, IntegerType()), StructField(REPORT, BinaryType())])
    reported = grouped_by_customer(events, names["customer"]).mapInPandas(
        _reporter(partition, args, _partitions.shared_customers(customers, args), extra), schema)
    rows = sorted(reported.collect(), key=lambda row: row[PARTITION])
    reports = [pickle.loads(row[REPORT]) for row in rows]
    _rows_named(reports, events.select(names["customer"]))
    return reports, args, empty_events


def service(events: DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
            window_days: float = 2.0, lenient: bool = False, customer: str = "customer",
            touchpoint: str = "touchpoint", time: str = "time", experience: str = "experience",
            expectation: str = "expectation", dimension: str = "dimension") -> pd.DataFrame:
    """:func:`cxscore.service` of a Spark DataFrame: the same arguments, errors (rows counted from 0, as
    :func:`score` names them) and table (its counts, rates and brand figure to the bit: the counts merge
    exactly), whatever the partitioning. ``customers`` is a pandas DataFrame."""
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    reports, args, empty = _partition_reports(events, names, journey_map, model, customers, lenient,
                                              _partitioned_service.service_partition, float(window_days))
    return _partitioned_service.merged_service(reports, args, customers, empty, float(window_days))


def owners(events: DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
           period: str = "month", window_days: float = 2.0, fdr: float = 0.05, min_effect: float = 1.0,
           lenient: bool = False, customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
           experience: str = "experience", expectation: str = "expectation",
           dimension: str = "dimension") -> OwnersResult:
    """:func:`cxscore.owners` of a Spark DataFrame: the same arguments, errors (rows counted from 0) and result
    (counts exactly, other numbers within 1e-12 relative but one ill-conditioned p-value, see the module's
    docstring; the same partitioning gives the same bits).
    ``customers`` is a pandas DataFrame."""
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    reports, args, empty = _partition_reports(events, names, journey_map, model, customers, lenient,
                                              _partitioned_service.owners_partition, str(period),
                                              float(window_days))
    return _partitioned_service.merged_owners(reports, args, customers, empty, str(period), float(window_days),
                                              float(fdr), float(min_effect))


def monitor(events: DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
            period: str = "week", fdr: float = 0.05, min_effect: float = 1.0, lenient: bool = False,
            customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
            experience: str = "experience", expectation: str = "expectation",
            dimension: str = "dimension") -> MonitorResult:
    """:func:`cxscore.monitor` of a Spark DataFrame: the same arguments, errors (rows counted from 0) and result
    (counts exactly, other numbers within 1e-12 relative but one ill-conditioned p-value, see the module's
    docstring; the same partitioning gives the same bits).
    ``customers`` is a pandas DataFrame."""
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    reports, args, empty = _partition_reports(events, names, journey_map, model, customers, lenient,
                                              _partitioned_monitor.monitor_partition, str(period))
    return _partitioned_monitor.merged_monitor(reports, args, customers, empty, str(period), float(fdr),
                                               float(min_effect))


def _pieces(frame: DataFrame, empty: pd.DataFrame, outcome: str, names: list[str],
            label: Optional[str]) -> DataFrame:
    """One row per partition of ``frame`` holding rows (its columns named by position): the partition's number
    and its Piece, pickled. The number is read from each row (``spark_partition_id`` of the frame), not from
    the task, which may run several partitions once coalesced. Without ``label`` a partition's rows are named
    by their place in it until the driver renames them."""
    def made(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        frames = list(batches)
        if not frames:
            return
        rows = pd.concat(frames, ignore_index=True)
        for number, part in rows.groupby(PARTITION, sort=True):
            part = part.drop(columns=PARTITION).reset_index(drop=True)
            part.columns = empty.columns
            if label is not None:
                part = part.set_index(label)
            piece = _partitioned_drivers.piece_of(part, int(cast(Any, number)), outcome, names)
            yield pd.DataFrame({PARTITION: [piece.number], REPORT: [pickle.dumps(piece)]})

    numbered = frame.withColumn(PARTITION, functions.spark_partition_id())
    return numbered.mapInPandas(made, StructType([StructField(PARTITION, IntegerType()),
                                                  StructField(REPORT, BinaryType())]))


def _each(pieces: DataFrame) -> Callable[..., list[Any]]:
    """Runs a function on every partition's Piece (cached where it was made), results in partition order."""
    def each(function: Callable[..., Any], *arguments: Any) -> list[Any]:
        def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            for batch in batches:
                for number, data in zip(batch[PARTITION].tolist(), batch[REPORT].tolist()):
                    result = function(pickle.loads(data), *_partitioned_drivers.for_partition(number, arguments))
                    yield pd.DataFrame({PARTITION: [number], REPORT: [pickle.dumps(result)]})

        rows = pieces.mapInPandas(run, pieces.schema).collect()
        return [pickle.loads(row[REPORT]) for row in sorted(rows, key=lambda row: row[PARTITION])]

    return each


def _rows_placed(summaries: list[_partitioned_drivers.Summary]) -> None:
    """Names each partition's rows by their place in the whole DataFrame, counted from 0 (the index label of
    ``frame.toPandas()``), from the rows of the partitions before it."""
    first = np.concatenate([[0], np.cumsum([s.rows for s in summaries])]).astype(int).tolist()
    for k, s in enumerate(summaries):
        if s.error is not None and not isinstance(s.error.row, str):
            e = s.error
            s.error = InputError.at(e.file, first[k] + int(e.row), e.column, e.value, e.reason)
        for excluded in s.excluded:
            excluded["row"] = first[k] + int(excluded["row"])
            excluded["id"] = str(excluded["row"])


def drivers(frame: DataFrame, outcome: str, drivers: Optional[list[str]] = None, *, id: Optional[str] = None,
            method: str = "auto", bootstrap: int = 0, seed: int = 1, confidence: float = 0.95,
            threads: Optional[int] = None) -> pd.DataFrame:
    """:func:`cxscore.drivers` of a Spark DataFrame of one row per customer: the same arguments, rules, errors
    and frame, every number within 1e-12 relative of the pandas API's on ``frame.toPandas()`` (with ``id`` as
    its index), whatever the partitioning. ``id`` names the column that names the rows (in errors and
    ``excluded``; never a driver): without it, a row is named by its place in the DataFrame, counted from 0.
    Rows are independent, so nothing is shuffled: each partition sends its Gram summary, merged on the driver
    in partition order (exact: the Gram matrix is a sum of per-row outer products); a logistic fit takes one
    pass over the partitions per iteration, with the core's step rule, so the same iterations as on one
    machine. The partitions' rows are cached (as float64 blocks) while the passes run.

    Bootstrap intervals of a linear analysis are the pandas API's (each partition works out how often its rows
    are drawn by their place in the whole frame, and sends each replicate's Gram summary); a logistic
    analysis with bootstrap intervals is refused (ValueError): each replicate would be a logistic fit of its
    own over all partitions; collect the table (one row per customer) and call :func:`cxscore.drivers`, or
    use ``method="linear"``.
    """
    if not isinstance(frame, DataFrame):
        raise TypeError(f"frame must be a Spark DataFrame, not {type(frame).__name__}")
    if id is not None and id not in frame.columns:
        raise InputError.at(_partitioned_drivers.SOURCE, 0, id, id, "no such column")
    empty = frame.limit(0).toPandas()
    names = _partitioned_drivers.checked_columns(empty, outcome, drivers, method, label=id)
    columns = [*([id] if id is not None else []), *names, outcome]
    # Columns named by position: Spark reads a dot in a name as a struct's field.
    selected = frame.select(*(functions.col("`" + c.replace("`", "``") + "`").alias(f"_{k}")
                              for k, c in enumerate(columns)))
    # Each pass runs on the cached pieces, a few partitions' pieces to a task: the passes of a logistic fit
    # cost little more than one. Every piece keeps its partition's number, so the merge order is unchanged.
    tasks = max(1, frame.sparkSession.sparkContext.defaultParallelism)
    pieces = _pieces(selected, empty[columns], outcome, names, id).coalesce(tasks).persist()
    try:
        return _partitioned_drivers.analysed(_each(pieces), outcome, names, method, bootstrap, seed, confidence,
                                             threads, relabel=(lambda s: None) if id is not None else _rows_placed)
    finally:
        pieces.unpersist()


def _table_part(table: Callable[[pd.DataFrame], pd.DataFrame], customer: str, schema: StructType,
                empty: pd.DataFrame) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The pandas UDF that makes the driver table of a partition holding whole customers: its rows, and one
    row holding what the driver needs (pickled)."""
    names = [f.name for f in schema.fields]

    def made(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        number = _partition_number()
        frames = list(batches)
        part = pd.concat(frames, ignore_index=True) if frames else empty
        part.index = pd.Index(part[_partitions.ORDER].to_numpy())  # named by ORDER until the driver
        result = _partitioned_drivers.table_of(part, _partitions.ORDER, table)
        if result.frame is not None and len(result.frame):
            out = result.frame.reset_index(names=customer)
            out.columns = names[:-2]
            out[PARTITION] = None
            out[REPORT] = None
            yield out[names]
        result.frame = None
        row: dict[str, list[Any]] = {name: [None] for name in names}
        row[PARTITION] = [number]
        row[REPORT] = [pickle.dumps(result)]
        yield pd.DataFrame(row)

    return made


def driver_table(events: DataFrame, journey_map: Any, model: Any = None, outcomes: Any = None, *,
                 outcome: Optional[str] = None, value: str = "value", unvisited: str = "zero",
                 customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
                 experience: str = "experience", expectation: str = "expectation",
                 dimension: str = "dimension") -> DataFrame:
    """:func:`cxscore.driver_table` of a Spark DataFrame of events: a Spark DataFrame of one row per customer
    (the ``customer`` column, one column per touchpoint in map order, then the outcome), every cell equal to
    the pandas API's; pass ``id=customer`` to :func:`drivers`. A customer's cells need its whole journey, so
    the events are grouped by customer first. ``outcomes`` is pandas, as for the pandas API. Customers
    without an outcome or events are left out (the pandas API lists them in ``.attrs``). ``unvisited="mean"``
    (the mean over all customers, which no partition holds) is refused. Errors are the pandas API's, the bad
    row named by its place in the DataFrame counted from 0.
    """
    if not isinstance(events, DataFrame):
        raise TypeError(f"events must be a Spark DataFrame, not {type(events).__name__}")
    names = column_roles(customer, touchpoint, time, experience, expectation, dimension)
    table = _partitioned_drivers.table_maker(journey_map, model, outcomes, unvisited, outcome=outcome, value=value,
                                             **names)
    empty_events = events.limit(0).toPandas()
    by_customer = grouped_by_customer(events, customer)
    columns = [*as_journey_map(journey_map).touchpoint_names,
               _outcome_by_code(outcomes, outcome, customer, pd.Index([]))[0]]
    empty = empty_events.assign(**{_partitions.ORDER: np.array([], dtype=np.int64)})
    schema = StructType([StructField(customer, events.schema[customer].dataType),
                         *(StructField(str(c), DoubleType()) for c in columns),
                         StructField(PARTITION, IntegerType()), StructField(REPORT, BinaryType())])
    made = by_customer.mapInPandas(_table_part(table, customer, schema, empty), schema).persist()
    try:
        rows = made.where(functions.col(REPORT).isNotNull()).select(PARTITION, REPORT).collect()
        parts = [pickle.loads(row[REPORT]) for row in sorted(rows, key=lambda row: row[PARTITION])]
        failed = _partitioned_drivers.first_failed(parts)
        if failed is not None:
            report = _partitions.Report(error=failed.error)
            if failed.error_order[0] == 0:  # an events row, named by its ORDER until here
                _rows_named([report], events.select(customer))
            assert report.error is not None
            raise report.error
    except BaseException:
        made.unpersist()
        raise
    return made.where(functions.col(REPORT).isNull()).select(*(f.name for f in schema.fields[:-2]))


def _journeys_reporter(args: _partitioned_journeys.Arguments,
                       outcomes: Optional[pd.DataFrame]) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The pandas UDF that reports the journeys of a partition holding whole customers: one row, its Report
    pickled. ``outcomes`` travels inside the function, as the customers frame does for score."""

    def reported(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        number = _partition_number()
        part = _partition_frame(batches)
        report = _partitioned_journeys.Report() if part is None else _partitioned_journeys.journeys_partition(
            part, args, outcomes)
        yield pd.DataFrame({PARTITION: [number], REPORT: [pickle.dumps(report)]})

    return reported


def journeys(events: DataFrame, journey_map: Any = None, outcomes: Optional[pd.DataFrame] = None, *,
             outcome: str = "retained", min_edge_count: int = 0, min_variant_count: int = 0,
             min_path_share: float = 0.01, lenient: bool = False, customer: str = "customer",
             touchpoint: str = "touchpoint", time: str = "time", experience: str = "experience",
             expectation: str = "expectation") -> JourneysResult:
    """:func:`cxscore.journeys` of a Spark DataFrame: the same arguments, rules and :class:`cxscore.JourneysResult`
    (counts exact, means within 1e-12 relative), whatever the partitioning; a customer's events may lie in any
    partitions. ``outcomes`` is a pandas DataFrame. Each partition of whole customers (grouped_by_customer) sends
    its directly-follows, path and Markov counts as bytes; the driver merges them in partition order and finds the
    journeys once, the Markov chain solved from the merged counts. The same partitioning of the same rows gives
    the same bits. Strict (default): the InputError cxscore.journeys would raise, its row the bad row's place in
    the DataFrame counted from 0; lenient: ``rejected`` lists the rows set aside over all partitions.
    """
    if not isinstance(events, DataFrame):
        raise TypeError(f"events must be a Spark DataFrame, not {type(events).__name__}")
    names = dict(customer=customer, touchpoint=touchpoint, time=time, experience=experience, expectation=expectation)
    empty_events = events.limit(0).toPandas()
    args = _partitioned_journeys.checked_arguments(empty_events, journey_map, outcomes, names, outcome,
                                                   min_edge_count, min_variant_count, min_path_share, lenient,
                                                   "cxscore.spark")
    events = events.select(*args.columns)  # only the columns the journeys read are kept and moved
    schema = StructType([StructField(PARTITION, IntegerType()), StructField(REPORT, BinaryType())])
    rows = grouped_by_customer(events, customer).mapInPandas(_journeys_reporter(args, outcomes), schema).collect()
    reports = [pickle.loads(row[REPORT]) for row in sorted(rows, key=lambda row: row[PARTITION])]
    _rows_named(reports, events.select(customer))
    return _partitioned_journeys.merged_journeys(reports, args, empty_events)
