"""Shared fixtures: the repository's paths, the `cxscore` command, and comparing frames to the CLI's files."""

from __future__ import annotations

import doctest
import json
import math
import os
import pathlib
import subprocess
import sys
import warnings
from typing import Optional

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

import cxscore

# The same examples on every run, so CI is reproducible; HYPOTHESIS_PROFILE=explore searches afresh.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "data"
TEST_DATA = ROOT / "tests" / "data"  # real logs (gzip) and reference tables: tests/data/README.md
GROUPS = ("touchpoints", "owners", "phases", "channels", "segments")
TOLERANCE = 1e-12


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _SKIPPED.append(report.nodeid)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.skipped:  # a whole module skipped (importorskip at its top)
        _SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With CXSCORE_NO_SKIPS=1 (CI) a skipped test fails the run: every optional package a test compares with is
    installed there, so a skip means a test that did not run."""
    if os.environ.get("CXSCORE_NO_SKIPS") == "1" and _SKIPPED and exitstatus == 0:
        print(f"\nCXSCORE_NO_SKIPS=1, and {len(_SKIPPED)} tests were skipped: {', '.join(_SKIPPED[:10])}")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def cli() -> str:
    """The `cxscore` command: $CXSCORE_CLI, else the one `pip install .` put beside this Python, else a build
    in build/dev or build/release."""
    path = os.environ.get("CXSCORE_CLI")
    installed = pathlib.Path(sys.executable).parent / "cxscore"
    built = [str(ROOT / "build" / p / "cxscore") for p in ("dev", "release")]
    candidates = [path] if path else [str(installed), *built]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("the cxscore command was not found: pip install . (it installs the command), build it "
                "(cmake --workflow --preset dev) or set CXSCORE_CLI")


def data_file(relative: str) -> pathlib.Path:
    """A data set's path in tests/data; the test fails, naming the file, where a copy lacks it (the data are part
    of the repository: nothing is skipped for want of them)."""
    path = TEST_DATA / relative
    if not path.exists():
        pytest.fail(f"data set missing from tests/data: {path}")
    return path


def run(cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True)


def assert_close(actual: float, expected: float, what: str) -> None:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        assert actual is None or math.isnan(actual), what
        return
    assert abs(actual - expected) <= TOLERANCE * max(1.0, abs(expected)), f"{what}: {actual!r} vs {expected!r}"


def assert_frame_matches_csv(frame: pd.DataFrame, path: pathlib.Path) -> None:
    """Every number of the CLI's CSV equals the frame's (same labels, same columns) to 1e-12."""
    key = pd.read_csv(path, nrows=0).columns[0]
    expected = pd.read_csv(path, dtype={key: str}, keep_default_na=False, na_values=[""])
    expected = expected.set_index(key)
    expected = expected.apply(pd.to_numeric)
    actual = frame.copy()
    actual.index = actual.index.astype(str)
    assert sorted(actual.index) == sorted(expected.index), path.name
    actual = actual.loc[expected.index]
    for column in expected.columns:
        a = actual[column].to_numpy(dtype=np.float64)
        e = expected[column].to_numpy(dtype=np.float64)
        assert np.array_equal(np.isnan(a), np.isnan(e)), f"{path.name}:{column} undefined values differ"
        ok = np.isnan(e) | (np.abs(a - e) <= TOLERANCE * np.maximum(1.0, np.abs(e)))
        assert ok.all(), f"{path.name}:{column} differs at {list(expected.index[~ok][:5])}"


def assert_summary_matches(summary: dict, expected: dict) -> None:
    assert summary.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, float):
            assert_close(summary[key], value, f"summary[{key}]")
        elif isinstance(value, dict):
            assert_summary_matches(summary[key], value)
        else:
            assert summary[key] == value, key


def assert_same_rows(frame: pd.DataFrame, path) -> None:
    """The frame's rows, in order, equal the CLI's CSV: text exactly, numbers to 1e-12 (NaN = empty cell),
    UTC times exactly (ISO 8601 in the file), flags exactly (yes/no in the file)."""
    expected = pd.read_csv(path, dtype=str, keep_default_na=False)
    actual = frame.reset_index() if frame.index.name else frame
    assert list(actual.columns) == list(expected.columns), path.name
    assert len(actual) == len(expected), path.name
    for column in expected.columns:
        a = actual[column]
        if isinstance(a.dtype, pd.DatetimeTZDtype):
            assert str(a.dtype.tz) == "UTC", f"{path.name}:{column}"
            e = pd.to_datetime(expected[column], utc=True, format="ISO8601")
            assert a.tolist() == e.tolist(), f"{path.name}:{column}"
        elif pd.api.types.is_bool_dtype(a.dtype):
            assert set(expected[column]) <= {"yes", "no"}, f"{path.name}:{column}"
            assert a.tolist() == (expected[column] == "yes").tolist(), f"{path.name}:{column}"
        elif pd.api.types.is_numeric_dtype(a.dtype):
            a = a.to_numpy(dtype=np.float64)
            e = pd.to_numeric(expected[column].replace("", np.nan)).to_numpy(dtype=np.float64)
            assert np.array_equal(np.isnan(a), np.isnan(e)), f"{path.name}:{column} undefined values differ"
            ok = np.isnan(e) | (np.abs(a - e) <= TOLERANCE * np.maximum(1.0, np.abs(e)))
            assert ok.all(), f"{path.name}:{column} differs at rows {np.flatnonzero(~ok)[:5]}"
        else:
            assert a.fillna("").astype(str).tolist() == expected[column].tolist(), f"{path.name}:{column}"


def simulated_brand(cli: str, path: pathlib.Path, customers: int, seed: int) -> pathlib.Path:
    """A brand written by `cxscore simulate` into ``path`` (map.json, events.csv, customers.csv, outcomes.csv, ...)."""
    done = run(cli, "simulate", "--customers", str(customers), "--seed", str(seed), "--out", path)
    assert done.returncode == 0, done.stderr
    return path


def helpdesk_waiting() -> tuple[pd.DataFrame, dict]:
    """The helpdesk log scored on waiting: each event's experience is the hours since its case's previous event
    (0 for the first; beyond the scale's 720 h counted as 720), worked out here in pandas, and a map of survey
    touchpoints (promise 24 h, lower is better) with the owners and phases of examples/data/helpdesk_map.json.
    cxscore.score reads experiences, not the map's measures from the log, so the log's waits are given as
    experiences. Columns: case_id, activity, timestamp (UTC), experience."""
    log = pd.read_csv(data_file("helpdesk.csv.gz"), usecols=["case_id", "activity", "timestamp"])
    log["timestamp"] = pd.to_datetime(log["timestamp"], utc=True)
    previous = log.sort_values(["case_id", "timestamp"], kind="stable").groupby("case_id")["timestamp"].shift(1)
    hours = (log["timestamp"] - previous.reindex(log.index)).dt.total_seconds() / 3600
    log["experience"] = hours.fillna(0.0).clip(upper=720.0)
    document = json.loads((EXAMPLES / "helpdesk_map.json").read_text())
    touchpoints = [{"name": t["name"], "owner": t["owner"], "phase": t["phase"], "role": t["role"],
                    "scale": [0, 720], "promise": 24, "direction": "lower"} for t in document["touchpoints"]]
    return log, {"name": "helpdesk waiting", "touchpoints": touchpoints}


# The simulated brand and the helpdesk log the pictures' tests draw (test_plot.py, test_repr.py; a module
# may define its own `sim`).
@pytest.fixture(scope="module")
def sim():
    return cxscore.simulate(customers=1500, seed=3)


@pytest.fixture(scope="module")
def helpdesk():
    return pd.read_csv(data_file("helpdesk.csv.gz"), usecols=["case_id", "activity", "timestamp"])


@pytest.fixture(scope="module")
def waiting():
    return helpdesk_waiting()


# What cxscore.dask and cxscore.spark are checked on (test_dask.py, test_spark.py): the pandas API is the reference,
# for partitionings with customers split across partitions.
PARTITIONS = (1, 3, 16)


@pytest.fixture(scope="session")
def cluster():
    """Two Dask worker processes of one thread each, started once for every module that runs on them; where no
    cluster can start (no sockets, say) the tests run on the synchronous scheduler instead, and say why."""
    import dask
    import distributed

    try:
        local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = distributed.Client(local)
    except Exception as e:  # noqa: BLE001 - any failure to start means: no cluster here
        warnings.warn(f"LocalCluster could not start ({e!r}); the synchronous scheduler runs the tests", stacklevel=1)
        with dask.config.set(scheduler="synchronous"):
            yield None
        return
    yield client
    client.close()
    local.close()


@pytest.fixture(scope="session")
def spark():
    """A Spark session started once for every module that runs on it: two cores, no web UI, few shuffle partitions
    (the data are small), times in UTC like pandas' naive ones, and workers running this Python (where cxscore is
    installed), not the first python3 on the PATH."""
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", os.environ.get("PYSPARK_PYTHON", sys.executable))
        session = (SparkSession.builder.master("local[2]").appName("cxscore tests")
                   .config("spark.ui.enabled", "false")
                   .config("spark.sql.shuffle.partitions", "4")
                   .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                   .config("spark.sql.session.timeZone", "UTC")
                   .getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


@pytest.fixture(scope="module")
def brand():
    """A simulated brand, its events in time order (so a customer's events spread over partitions)."""
    sim = cxscore.simulate(customers=400, seed=5)
    events = sim.events.sort_values("time", kind="stable").reset_index(drop=True)
    return events, sim.journey_map, sim.model, sim.customers


@pytest.fixture(scope="module")
def by_customer(brand):
    """The brand's events sorted by customer (each customer's events in time order), rows labelled as sorted: in
    consecutive slices, only the customers at the slices' boundaries are split."""
    events, journey_map, model, customers = brand
    return events.sort_values("customer", kind="stable").reset_index(drop=True), journey_map, model, customers


def boundary_customers(events: pd.DataFrame, bounds: list[tuple[int, int]]) -> set:
    """The customers of ``events`` (sorted by customer) whose rows lie in two of the slices ``bounds``."""
    ids = events["customer"]
    return {ids.iloc[b - 1] for _, b in bounds[:-1]} & {ids.iloc[a] for a, _ in bounds[1:]}


@pytest.fixture(scope="module")
def helpdesk_log():
    log, journey_map = helpdesk_waiting()
    return log.sort_values("timestamp", kind="stable"), journey_map


def assert_same_tables(got, want) -> None:
    """Counts and labels exactly; every number to 1e-12 relative (at least 1e-12 absolute)."""
    for name in GROUPS:
        a, e = getattr(got, name), getattr(want, name)
        assert list(a.index) == list(e.index), name
        assert list(a.columns) == list(e.columns), name
        assert (a["count"] == e["count"]).all(), name
        for column in e.columns.drop("count"):
            x, y = a[column].to_numpy(np.float64), e[column].to_numpy(np.float64)
            assert np.array_equal(np.isnan(x), np.isnan(y)), f"{name}.{column}"
            ok = np.isnan(y) | (np.abs(x - y) <= TOLERANCE * np.maximum(1.0, np.abs(y)))
            assert ok.all(), f"{name}.{column}: {x[~ok]} vs {y[~ok]}"
    assert_summary_matches(got.summary, want.summary)
    pd.testing.assert_frame_equal(got.rejected, want.rejected)


def assert_same_customers(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """The same customers, each with the same bits: a customer is scored where all its events are. The labels'
    dtype may differ: Dask stores text columns as strings (its option dataframe.convert-string), Spark as its own
    types."""
    assert not got.index.has_duplicates
    assert sorted(got.index) == sorted(want.index)
    pd.testing.assert_frame_equal(got.loc[want.index], want, check_exact=True, check_index_type=False)


def with_bad_experiences(events: pd.DataFrame, rows: list[int]) -> pd.DataFrame:
    bad = events.copy()
    bad["experience"] = bad["experience"].astype(object)
    for row in rows:
        bad.loc[row, "experience"] = "n/a"
    return bad


def slices(rows: int, npartitions: int) -> list[tuple[int, int]]:
    """(start, stop) of ``npartitions`` consecutive slices of ``rows`` rows, as even as can be."""
    bounds = np.linspace(0, rows, npartitions + 1).round().astype(int)
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))


def spark_frame(spark, frame: pd.DataFrame, npartitions: int):
    """``frame`` as a Spark DataFrame whose partition k holds the k-th of ``slices`` in order: a fixed
    partitioning (createDataFrame cuts by the session's parallelism) that splits customers."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_schema

    schema = spark.createDataFrame(frame.head(1)).schema
    # Spark's own Arrow types: pandas' text would be large_string, its times naive.
    arrow_schema = to_arrow_schema(schema, timezone=spark.conf.get("spark.sql.session.timeZone"))
    parts = slices(len(frame), npartitions)

    def rows_of(batches):
        for batch in batches:
            for k in batch.column(0).to_pylist():
                start, stop = parts[k]
                yield pa.RecordBatch.from_pandas(frame.iloc[start:stop], schema=arrow_schema, preserve_index=False)

    return spark.range(0, npartitions, 1, npartitions).mapInArrow(rows_of, schema)


def as_text(events: pd.DataFrame) -> pd.DataFrame:
    """A column with a bad value is text in Spark; scoring reads numbers from text as pandas does."""
    return events.astype({"experience": str})


def spark_row_of_partition(frame: pd.DataFrame, npartitions: int, partition: int) -> int:
    """The middle row label of partition ``partition`` (0-based) of spark_frame(frame, npartitions)."""
    start, stop = slices(len(frame), npartitions)[partition]
    return int(frame.index[(start + stop) // 2])


def with_integer_ids(events: pd.DataFrame, customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The simulated brand's events and customers with its ids ("C0001") as integers (1): another path, in which
    each partition numbers a range of ids, most without events there."""
    as_number = lambda ids: ids.astype(str).str[1:].astype(np.int64)  # noqa: E731
    return (events.assign(customer=as_number(events["customer"])),
            customers.assign(customer=as_number(customers["customer"])))


def with_unknown_touchpoint(events: pd.DataFrame, row: int) -> pd.DataFrame:
    """``events`` with a touchpoint the map lacks at ``row``: a refusal Python's checks find."""
    bad = events.copy()
    bad["touchpoint"] = bad["touchpoint"].astype(object)
    bad.loc[row, "touchpoint"] = "no such touchpoint"
    return bad


def imported_by_cxscore(module: str) -> bool:
    """Whether ``import cxscore`` imports ``module``, in a fresh interpreter (an engine must wait to be asked for)."""
    done = subprocess.run([sys.executable, "-c", f"import sys, cxscore; print({module!r} in sys.modules)"],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def run_docs_example(page: str, containing: str) -> None:
    """Runs the one Python example of ``docs/<page>`` that contains ``containing``, as written, as a script would
    (here on the tests' own cluster or session, where the docs' snippet test starts its own)."""
    import re

    text = (ROOT / "docs" / page).read_text()
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if containing in b]
    assert len(blocks) == 1, f"{len(blocks)} examples of docs/{page} contain {containing!r}"
    exec(compile(blocks[0], f"docs/{page}", "exec"), {"__name__": "__main__"})


def module_examples(module) -> doctest.TestResults:
    """(failures, tries) of the examples in ``module``'s docstrings, run in a namespace of their own."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, module.__name__, globs={}):
        runner.run(test)
    return doctest.TestResults(runner.failures, runner.tries)


# cxscore.dask.journeys and cxscore.spark.journeys (test_dask_journeys.py, test_spark_journeys.py) against
# cxscore.journeys, the reference.
JOURNEY_TABLES = ("edges", "variants", "loops", "key_paths", "markov", "markov_notes")


@pytest.fixture(scope="module")
def journey_brand():
    """A simulated brand with outcomes, its events in time order (so a customer's events spread over partitions)."""
    sim = cxscore.simulate(customers=300, seed=7)
    return sim.events.sort_values("time", kind="stable").reset_index(drop=True), sim.journey_map, sim.outcomes


def assert_same_journeys(got, want) -> None:
    """Every journeys table: labels, texts and counts exactly; every other number to 1e-12 relative (at least
    1e-12 absolute); the rows set aside exactly."""
    assert (got.customers, got.events) == (want.customers, want.events)
    for name in JOURNEY_TABLES:
        a, e = getattr(got, name), getattr(want, name)
        if e is None:
            assert a is None, name
            continue
        assert list(a.index) == list(e.index), name
        assert list(a.columns) == list(e.columns), name
        for column in e.columns:
            x, y = a[column], e[column]
            if not pd.api.types.is_float_dtype(y.dtype):
                assert x.tolist() == y.tolist(), f"{name}.{column}"
                continue
            x, y = x.to_numpy(np.float64), y.to_numpy(np.float64)
            assert np.array_equal(np.isnan(x), np.isnan(y)), f"{name}.{column}"
            ok = np.isnan(y) | (np.abs(x - y) <= TOLERANCE * np.maximum(1.0, np.abs(y)))
            assert ok.all(), f"{name}.{column}: {x[~ok]} vs {y[~ok]}"
    if want.markov is not None:
        for key in ("success_probability", "journeys", "successes"):
            assert_close(got.markov.attrs[key], want.markov.attrs[key], key)
        assert got.markov.attrs["notes"] == want.markov.attrs["notes"]
    pd.testing.assert_frame_equal(got.rejected, want.rejected)


def assert_same_bits(first, second) -> None:
    for name in JOURNEY_TABLES:
        a, b = getattr(first, name), getattr(second, name)
        if a is not None or b is not None:
            pd.testing.assert_frame_equal(a, b, check_exact=True)


def assert_same_frame(got: pd.DataFrame, want: pd.DataFrame, what: str, exact: bool = False,
                      tolerance: Optional[dict[str, float]] = None) -> None:
    """Labels, columns, dtypes and every non-float value exactly; floats to 1e-12 relative (at least 1e-12
    absolute; ``tolerance`` by column where another applies), NaN where ``want`` has NaN, or to the bit with
    ``exact``."""
    assert list(got.index) == list(want.index), what
    assert list(got.columns) == list(want.columns), what
    assert list(got.dtypes) == list(want.dtypes), what
    for column in want.columns:
        a, e = got[column], want[column]
        if not pd.api.types.is_float_dtype(e.dtype) or exact:
            pd.testing.assert_series_equal(a, e, check_exact=True, obj=f"{what}.{column}")
            continue
        x, y = a.to_numpy(), e.to_numpy()
        assert (np.isnan(x) == np.isnan(y)).all(), f"{what}.{column}: NaN elsewhere"
        limit = (tolerance or {}).get(column, TOLERANCE)
        ok = np.isnan(y) | (np.abs(x - y) <= limit * np.maximum(1.0, np.abs(y)))
        assert ok.all(), f"{what}.{column}: {x[~ok][:3]} vs {y[~ok][:3]}"


def assert_same_attrs(got: dict, want: dict, what: str) -> None:
    """The same attrs to the bit (NaN equal to NaN), frames among them compared as frames."""
    assert set(got) == set(want), what
    for key, value in want.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(got[key], value, check_exact=True)
        else:
            assert np.array_equal(np.asarray(got[key], dtype=object), np.asarray(value, dtype=object)) or (
                np.isnan(np.asarray(value, dtype=float)).all() and np.isnan(np.asarray(got[key], dtype=float)).all()
            ), f"{what}.{key}: {got[key]!r} vs {value!r}"


def assert_same_service_owners_monitor(got: tuple, want: tuple) -> None:
    """(service table, owners result, monitor result) as the pandas API gives them: the service table and its
    brand figures to the bit (its counts merge exactly), the owners' and the monitor's tables to 1e-12."""
    (table, owners, monitor), (table_want, owners_want, monitor_want) = got, want
    assert_same_frame(table, table_want, "service", exact=True)
    assert_same_attrs(table.attrs, table_want.attrs, "service.attrs")
    assert_same_frame(owners.scorecard, owners_want.scorecard, "owners.scorecard")
    pd.testing.assert_frame_equal(owners.rejected, owners_want.rejected)
    # A change between two windows of nearly equal values (the helpdesk's waits of a few seconds, on a scale of
    # 720 hours) is a few parts in 1e7 of the score over a standard error as small, whose last bits depend on
    # the order of addition: its p-value is ill-conditioned, and agrees to 1e-9 (1e-10 measured).
    tests = {"p_value": 1e-9, "q_value": 1e-9}
    assert_same_frame(owners.trend, owners_want.trend, "owners.trend", tolerance=tests)
    assert_same_frame(monitor.brand, monitor_want.brand, "monitor.brand", tolerance=tests)
    assert_same_frame(monitor.touchpoints, monitor_want.touchpoints, "monitor.touchpoints", tolerance=tests)
    pd.testing.assert_frame_equal(monitor.rejected, monitor_want.rejected)


def service_owners_monitor(module, events, journey_map, model, customers, **options) -> tuple:
    """(service table, owners result, monitor result) of ``module`` (cxscore, cxscore.dask or cxscore.spark), the
    owners' trend and the monitor by week."""
    return (module.service(events, journey_map, model, customers, **options),
            module.owners(events, journey_map, model, customers, period="week", **options),
            module.monitor(events, journey_map, model, customers, period="week", **options))
