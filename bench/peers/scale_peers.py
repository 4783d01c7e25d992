"""Scoring events in Parquet on a cluster: cxscore.dask against the same model in Dask-pandas and in Spark SQL.

The data: `cxscore simulate --customers N` (N = 0.075 x --events: the simulated brand has about 13.3 events a
customer), its events.csv converted to a directory of Parquet files (about --events / 64 rows a file, at least
250,000) in record batches, so that no step holds the whole file in memory; customers.csv to one Parquet file.
Times are UTC timestamps in microseconds (what Spark reads; Dask reads them as datetime64[us, UTC]). The data
are written once and kept under build/scale_peers/<N>_seed<seed>/ (the CSV is deleted once converted: at 10^8
events it is about 5 GB, the Parquet about 1 GB).

The model is scoring_peers.py's (DESIGN.md's, the simulated brand's map and model; _scoring_model.py holds
each tool's formulas), the outputs the per-customer score and index and the per-touchpoint count, mean_gap,
mean_value, unmet_share, contribution and impact. Each tool reads the same Parquet directory and keeps its
results where a user of it would:
  - cxscore: cxscore.dask.score(dir, map, model, customers) on a distributed.LocalCluster of 2 worker processes
    of 1 thread, each Parquet file a partition read by cxscore into its columns (--cxscore-input frame: of
    dd.read_parquet(dir) instead); the per-customer results persisted on the workers, the tables on the client;
  - Dask-pandas, as a strong Dask user writes it on the same cluster: one shuffle by customer, then in each
    partition the pandas formulas of scoring_peers.py (groupby transform for each customer's total weight,
    groupby customer, per-touchpoint partial sums), the customers persisted, the partial sums added on the client;
  - Spark SQL on local[2]: spark.read.parquet, broadcast joins of the constants and customers' weights, a window
    over each customer, GROUP BY (the SQL of the DuckDB peer, in Spark's dialect; no Python UDF), the customers
    cached and counted, the touchpoints collected.
The Dask phase runs first (cxscore's result is the reference: Dask-pandas checked against it to 1e-9 relative,
the script stops on a disagreement; then both timed, round robin), then the cluster is closed and Spark starts
(checked against the same reference first, then timed), so that the two engines never hold memory at once.

Memory (the whole run fits in 24 GB): Dask workers are limited to --worker-memory each (default 8 GiB; they
spill to disk beyond it), Spark's driver (which is its executor in local mode) to --spark-memory (default 10g),
and the client holds the reference customers (at 10^8 events, 7.5 million rows: about 1 GB). Dask shuffles with
its task shuffle, in memory; with --shuffle-on-disk, with its peer-to-peer shuffle, whose pieces go to disk (at
10^8 events about 8 GB of it).

    python3 bench/peers/scale_peers.py [--events 100000000] [--seed 4] [--repeat 3] [--json scale_peers.json]
Needs: pip install "cxscore[dask]" pyspark pyarrow, Java 17 or later, and a release build of the CLI
(build/release/cxscore, or $CXSCORE_CLI) for `cxscore simulate`.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import statistics
import subprocess
import time
import warnings

import numpy as np
import pandas as pd
from _common import ROOT, binary, main, ratio_table
from _scoring_model import (
    DUCKDB_SCORED,
    DUCKDB_TOUCHPOINTS,
    TOLERANCE,
    Constants,
    as_pandas,
    constants,
    index_of,
    largest_difference,
    pandas_encounters,
)

import cxscore

# Targets of issue 19: how many times slower than cxscore.dask each peer should be.
TARGETS = {"Dask-pandas": 10.0, "Spark SQL": 5.0}
EVENTS_PER_CUSTOMER = 13.33  # of the simulated brand (750,000 customers: about 10^7 events)
WORKERS = 2


# ------------------------------------------------------------------------------------------------ the data
def parquet_data(events: int, seed: int) -> pathlib.Path:
    """The directory holding events/ (Parquet files), customers.parquet, map.json and model.json for about
    ``events`` events, made once."""
    customers = max(1, round(events / EVENTS_PER_CUSTOMER))
    where = ROOT / "build" / "scale_peers" / f"{customers}_seed{seed}"
    if (where / "complete").exists():
        return where
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    print(f"simulating {customers:,} customers into {where} ...", flush=True)
    subprocess.run([str(binary("cxscore", "CXSCORE_CLI")), "simulate", "--customers", str(customers), "--seed",
                    str(seed), "--out", str(where / "simulated")], check=True)
    rows_per_file = max(250_000, events // 64)
    csv_to_parquet(where / "simulated" / "events.csv", where / "events", rows_per_file)
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    pq.write_table(pcsv.read_csv(where / "simulated" / "customers.csv"), where / "customers.parquet")
    for name in ("map.json", "model.json"):
        shutil.copy(where / "simulated" / name, where / name)
    shutil.rmtree(where / "simulated")
    (where / "complete").touch()
    return where


def csv_to_parquet(csv: pathlib.Path, directory: pathlib.Path, rows_per_file: int) -> None:
    """The events CSV as Parquet files of ``rows_per_file`` rows (the last one shorter), read and written a record
    batch at a time: text as strings (Parquet's dictionary encoding stores each label once), times as UTC
    microseconds, numbers as float64."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    types = {"customer": pa.string(), "touchpoint": pa.string(), "time": pa.timestamp("us", tz="UTC"),
             "experience": pa.float64(), "expectation": pa.float64(), "dimension": pa.string()}
    reader = pcsv.open_csv(csv, read_options=pcsv.ReadOptions(block_size=64 << 20),
                           convert_options=pcsv.ConvertOptions(column_types=types, strings_can_be_null=True))
    directory.mkdir()
    writer, written, number = None, 0, 0
    for batch in reader:
        while batch.num_rows:
            if writer is None:
                writer = pq.ParquetWriter(directory / f"part-{number:05d}.parquet", batch.schema)
                number += 1
            piece = batch.slice(0, rows_per_file - written)
            writer.write_batch(piece)
            written += piece.num_rows
            batch = batch.slice(piece.num_rows)
            if written == rows_per_file:
                writer.close()
                writer, written = None, 0
    if writer is not None:
        writer.close()


# ------------------------------------------------------------------------------------------------ the peers
def cxscore_peer(directory: pathlib.Path, journey_map, model, customers: pd.DataFrame, files: bool = True):
    """``files``: cxscore.dask.score reads the Parquet files itself, a partition a file; else it scores the
    Dask DataFrame dd.read_parquet makes of them."""
    import dask.dataframe as dd

    import cxscore.dask

    events = directory / "events" if files else dd.read_parquet(directory / "events")
    result = cxscore.dask.score(events, journey_map, model, customers)
    return result.customers, result.touchpoints


def _scored_encounters(part: pd.DataFrame, psi: pd.Series, k: Constants) -> pd.DataFrame:
    """One partition holding whole customers: each encounter's g, v, w, w v, its customer's psi and its share
    psi W / sum_c W (pandas_encounters, as scoring_peers.py's pandas peer)."""
    g, v, w = pandas_encounters(part, k)
    p = part["customer"].map(psi).astype(float)
    share = p * w / w.groupby(part["customer"], sort=False).transform("sum")
    return pd.DataFrame({"customer": part["customer"], "touchpoint": part["touchpoint"], "psi": p, "g": g, "v": v,
                         "w": w, "wv": w * v, "share": share}, copy=False)


def _customer_scores(e: pd.DataFrame, lam: float) -> pd.DataFrame:
    sums = e.groupby("customer", sort=False).agg(w=("w", "sum"), wv=("wv", "sum"), psi=("psi", "first"))
    score = sums["wv"] / sums["w"]
    return pd.DataFrame({"score": score, "index": index_of(score, lam), "psi": sums["psi"]})


def _touchpoint_sums(e: pd.DataFrame) -> pd.DataFrame:
    parts = pd.DataFrame({"touchpoint": e["touchpoint"], "psi": e["psi"], "gap": e["psi"] * e["g"],
                          "value": e["psi"] * e["v"], "unmet": e["psi"].where(e["g"] < 0, 0.0),
                          "contribution": e["share"] * e["v"], "impact": e["share"] * e["v"].clip(upper=0)},
                         copy=False)
    return parts.groupby("touchpoint", sort=False).agg(
        count=("psi", "size"), weight=("psi", "sum"), gap=("gap", "sum"), value=("value", "sum"),
        unmet=("unmet", "sum"), contribution=("contribution", "sum"), impact=("impact", "sum")).reset_index()


def dask_pandas_peer(client, directory: pathlib.Path, psi, k: Constants):
    """A strong Dask user's version: read the Parquet, one shuffle by customer so that each partition holds
    whole customers, then pandas in each partition; the customers persisted, the touchpoints' partial sums
    computed in the same pass and added on the client. ``psi`` is the customers' weights scattered to every
    worker."""
    import dask
    import dask.dataframe as dd

    events = dd.read_parquet(directory / "events")
    by_customer = events.shuffle(on="customer", npartitions=events.npartitions)
    encounters = by_customer.map_partitions(_scored_encounters, psi, k,
                                            meta=_scored_encounters(events._meta, pd.Series(dtype=float), k))
    customers = encounters.map_partitions(_customer_scores, k.lam, meta=_customer_scores(
        _scored_encounters(events._meta, pd.Series(dtype=float), k), k.lam))
    touchpoint_sums = encounters.map_partitions(_touchpoint_sums)
    customers, touchpoint_sums = dask.persist(customers, touchpoint_sums)
    sums = touchpoint_sums.compute().groupby("touchpoint").sum()
    total_psi = customers["psi"].sum().compute()
    tps = pd.DataFrame({"count": sums["count"], "weight": sums["weight"],
                        "mean_gap": sums["gap"] / sums["weight"], "mean_value": sums["value"] / sums["weight"],
                        "unmet_share": sums["unmet"] / sums["weight"],
                        "contribution": sums["contribution"] / total_psi, "impact": sums["impact"] / total_psi})
    return customers[["score", "index"]], tps


def spark_sql(duckdb_text: str, **values: float) -> str:
    """A query of _scoring_model.py in Spark's dialect: $name parameters as literals, `index` quoted Spark's way."""
    for name, value in values.items():
        duckdb_text = duckdb_text.replace(f"${name}", f"CAST({value!r} AS DOUBLE)")
    return duckdb_text.replace('"index"', "`index`")


SPARK_CUSTOMERS = """
SELECT customer, sum(w * v) / sum(w) AS score,
       50 + 50 * (sum(w * v) / sum(w)) / (CASE WHEN sum(w * v) >= 0 THEN 1 ELSE $lam END) AS `index`,
       first(psi) AS psi
FROM scored GROUP BY customer"""


def spark_peer(spark, directory: pathlib.Path, k: Constants):
    """Spark SQL over the Parquet: the constants as small broadcast tables, the customers' weights read from
    Parquet; the encounters (the DuckDB peer's query), GROUP BY customer (cached and counted: the results kept
    on the cluster) and GROUP BY touchpoint (collected)."""
    from pyspark.sql import functions as F

    spark.read.parquet(str(directory / "events")).createOrReplaceTempView("events")
    spark.read.parquet(str(directory / "customers.parquet")).createOrReplaceTempView("customers")
    F.broadcast(spark.createDataFrame(k.touchpoints.reset_index())).createOrReplaceTempView("touchpoints")
    F.broadcast(spark.createDataFrame(k.dimensions)).createOrReplaceTempView("dimensions")
    spark.sql(spark_sql(DUCKDB_SCORED, alpha=k.alpha, beta=k.beta, lam=k.lam)).createOrReplaceTempView("scored")
    customers = spark.sql(spark_sql(SPARK_CUSTOMERS, lam=k.lam)).cache()
    customers.count()
    total_psi = customers.agg(F.sum("psi")).first()[0]
    tps = spark.sql(spark_sql(DUCKDB_TOUCHPOINTS, total=total_psi)).toPandas()
    return customers.select("customer", "score", "index"), tps


# ---------------------------------------------------------------------------------------- the run itself
def timed(fn, release) -> float:
    """Seconds of fn(); ``release`` then lets its results go (outside the timing)."""
    start = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - start
    release(out)
    return seconds


def round_robin(runners: dict, release, repeat: int) -> dict[str, list[float]]:
    """Each runner timed ``repeat`` times, in turn, so that a busy moment of a shared machine hits each alike."""
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(repeat):
        for name, fn in runners.items():
            times[name].append(timed(fn, release))
            print(f"  {name}: {times[name][-1]:.2f} s", flush=True)
    return times


def dask_phase(directory: pathlib.Path, inputs, repeat: int, worker_memory: str, shuffle_on_disk: bool,
               cxscore_input: str):
    """cxscore's reference result, Dask-pandas checked against it, then both timed."""
    import dask
    from distributed import Client, LocalCluster

    journey_map, model, customers, k = inputs
    # Dask's peer-to-peer shuffle of a DataFrame keeps its pieces on disk; the task shuffle keeps them in memory.
    method = "p2p" if shuffle_on_disk else "tasks"
    with dask.config.set({"dataframe.shuffle.method": method}), \
            LocalCluster(n_workers=WORKERS, threads_per_worker=1, memory_limit=worker_memory, dashboard_address=None,
                         local_directory=str(directory.parent / "dask-spill")) as cluster, \
            Client(cluster) as client:
        psi = client.scatter(customers.set_index("customer")["weight"], broadcast=True)
        runners = {"cxscore": lambda: cxscore_peer(directory, journey_map, model, customers,
                                                   cxscore_input == "files"),
                   "Dask-pandas": lambda: dask_pandas_peer(client, directory, psi, k)}
        cust, tps = runners["cxscore"]()
        reference = as_pandas(cust.compute(), tps)
        del cust
        cust, tps = runners["Dask-pandas"]()
        difference = largest_difference("Dask-pandas", as_pandas(cust.compute(), tps), reference)
        del cust
        print(f"Dask-pandas agrees with cxscore to {TOLERANCE:g} (largest {difference:.2g})", flush=True)
        return reference, difference, round_robin(runners, lambda out: None, repeat)


def spark_phase(directory: pathlib.Path, k: Constants, reference, repeat: int, spark_memory: str, partitions: int):
    """Spark SQL checked against cxscore's result, then timed."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{WORKERS}]").appName("scale_peers")
             .config("spark.driver.memory", spark_memory)
             .config("spark.sql.shuffle.partitions", str(partitions))
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.local.dir", str(directory.parent / "spark-spill"))
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        def release(out):
            out[0].unpersist()

        cust, tps = spark_peer(spark, directory, k)
        difference = largest_difference("Spark SQL", as_pandas(cust.toPandas(), tps), reference)
        release((cust, tps))
        print(f"Spark SQL agrees with cxscore to {TOLERANCE:g} (largest {difference:.2g})", flush=True)
        times = round_robin({"Spark SQL": lambda: spark_peer(spark, directory, k)}, release, repeat)
        return difference, times, spark.version
    finally:
        spark.stop()


def run(repeat: int, events: int, seed: int, worker_memory: str, spark_memory: str, shuffle_on_disk: bool,
        cxscore_input: str) -> dict:
    directory = parquet_data(events, seed)
    journey_map = cxscore.read_map(directory / "map.json")
    model = cxscore.Model.from_json(str(directory / "model.json"))
    customers = pd.read_parquet(directory / "customers.parquet")
    k = constants(journey_map, model)
    files = len(list((directory / "events").glob("*.parquet")))
    import pyarrow.parquet as pq

    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in (directory / "events").glob("*.parquet"))
    print(f"{rows:,} events, {len(customers):,} customers in {files} Parquet files", flush=True)
    reference, dask_difference, times = dask_phase(directory, (journey_map, model, customers, k), repeat,
                                                   worker_memory, shuffle_on_disk, cxscore_input)
    spark_difference, spark_times, spark_version = spark_phase(directory, k, reference, repeat, spark_memory, files)
    times.update(spark_times)
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"\n{rows:,} events, {len(customers):,} customers, {files} Parquet files, medians of {repeat} runs\n")
    engines = {"cxscore": f"Dask LocalCluster, 2 workers x 1 thread ({cxscore_input})",
               "Dask-pandas": "Dask LocalCluster, 2 workers x 1 thread", "Spark SQL": "Spark local[2]"}
    results = ratio_table(medians, times, TARGETS, "engine", engines, digits=2)
    return {"workload": "per-customer scores and per-touchpoint aggregates of Parquet events, simulated brand",
            "events": rows, "customers": len(customers), "parquet_files": files, "seed": seed, "repeat": repeat,
            "cxscore_input": cxscore_input,
            "tolerance": TOLERANCE,
            "largest_relative_difference": {"Dask-pandas": dask_difference, "Spark SQL": spark_difference},
            "versions": versions(spark_version), "results": results}


def versions(spark_version: str) -> dict[str, str]:
    import dask
    import distributed
    import pyarrow

    return {"cxscore": cxscore.__version__, "dask": dask.__version__, "distributed": distributed.__version__,
            "pandas": pd.__version__, "numpy": np.__version__, "pyarrow": pyarrow.__version__, "spark": spark_version}


if __name__ == "__main__":
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    os.environ.setdefault("PYSPARK_PYTHON", __import__("sys").executable)
    main(__doc__, run, [(("--events",), {"type": int, "default": 100_000_000,
                                         "help": "about this many simulated events (0.075 customers an event)"}),
                        (("--seed",), {"type": int, "default": 4}),
                        (("--worker-memory",), {"default": "8GiB", "help": "each Dask worker's memory limit"}),
                        (("--spark-memory",), {"default": "10g", "help": "Spark's driver (and executor) memory"}),
                        (("--shuffle-on-disk",), {"action": "store_true",
                                                  "help": "Dask's peer-to-peer shuffle, its pieces on disk "
                                                          "(default: its task shuffle, in memory)"}),
                        (("--cxscore-input",), {"choices": ["files", "frame"], "default": "files",
                                                "help": "cxscore.dask.score of the Parquet files (a partition a "
                                                        "file, read by cxscore) or of dd.read_parquet's frame"})],
         repeat=3)
