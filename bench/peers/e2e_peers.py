"""From a file to the answer: `cxscore score` against cxscore's Python API, DuckDB and Polars, end to end.

What a user runs: an events file in, the per-customer scores (score, index) and the per-touchpoint table
written out as CSV. The data are `cxscore simulate`'s brand (16 touchpoints; its model: the prospect preset
with the map's touchpoint weights and SERVQUAL items weighted 1/6, as model.json), cut to the first --events
events in time (the way a log is cut at a moment), in four layouts:
    time-*      rows stably sorted by time (the way logs arrive)
    customer-*  rows sorted by customer (each customer's events in time order; the simulator's own order)
    *-str       string ids as simulated ("C0424539")      *-int  integer ids (424539)
each as CSV and as Parquet (pyarrow; typed columns, time as timestamp[ns, UTC]). The contenders:
    cxscore score    the command: `cxscore score --map --events --customers --model --out` (CSV only;
                     every table it writes, fsynced, as always)
    cxscore Python   CSV: cxscore.read_events + pandas.read_csv, then cxscore.score of the frame; Parquet:
                     cxscore.score of the file's path (pyarrow's record batches poured into the core's columns,
                     no DataFrame) with the customers from pyarrow.parquet.read_table; then
                     ScoreResult.to_folder (the command's output folder, fsynced, as the command writes it)
    DuckDB           read_csv / read_parquet views, the model in SQL (_scoring_model.py), COPY ... TO CSV
    Polars           scan_csv / scan_parquet, the model in lazy expressions (_scoring_model.py), write_csv
Every contender starts from the files (a fresh DuckDB connection each run; map and model constants are
read once, outside the timing) and writes into an empty folder. CSV readers get the numeric columns'
types (a column whose first rows are empty would otherwise be guessed as text).

First every contender runs once on each data set and its two written tables are read back and checked
against the command's files to 1e-9 (relative, absolute floor 1e-12); the script stops on a disagreement.
Then each is timed: medians of --repeat runs, round robin, one process, the files in the page cache after the
first run. The Markdown table gives seconds and the ratio to `cxscore score` on the CSV of the same
layout (for Parquet too: the command reads CSV only). Then the JSON of the run.

Data are made once and cached in --workdir (default build/e2e-peers/): the command's simulate output, then
the layouts (2.3 GB at 10^7 events).
    python3 bench/peers/e2e_peers.py [--events 10000000] [--customers 833332] [--seed 4] [--repeat 3]
        [--variants 'time-*-csv,customer-str-*'] [--workdir DIR] [--json FILE]
    python3 bench/peers/e2e_peers.py --customers 20000     # a quick smoke test (all of its ~270,000 events)
Needs: pip install numpy pandas pyarrow polars duckdb, the cxscore package (PYTHONPATH=build/release/python or
pip install .) and the command: $CXSCORE_CLI, else the one `pip install .` put beside this Python, else
build/release/cxscore.
"""
from __future__ import annotations

import fnmatch
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from _common import ROOT, main
from _scoring_model import (
    DUCKDB_CUSTOMERS,
    DUCKDB_TOUCHPOINTS,
    TOLERANCE,
    Constants,
    as_pandas,
    constants,
    duckdb_scored,
    largest_difference,
    polars_encounters,
    polars_finish,
    polars_outputs,
)

import cxscore

ORDERS = ("time", "customer")
IDS = ("str", "int")
FORMATS = ("csv", "parquet")
VARIANTS = [f"{o}-{i}-{f}" for o in ORDERS for i in IDS for f in FORMATS]
COMMAND = "cxscore score"


def cli_path() -> str:
    """The `cxscore` command: $CXSCORE_CLI, else beside this Python (pip install .), else build/release."""
    candidates = [os.environ.get("CXSCORE_CLI"), pathlib.Path(sys.executable).parent / "cxscore",
                  ROOT / "build" / "release" / "cxscore"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    raise SystemExit("the cxscore command was not found: pip install . (it installs the command), build it "
                     "(cmake --build --preset release --target cxscore_cli) or set CXSCORE_CLI")


# ------------------------------------------------------------------------------------------------ the data
def write_csv(table, path: pathlib.Path) -> None:
    """A pyarrow table as plain CSV: the header unquoted and no value quoted (none needs it here)."""
    import pyarrow.csv as pacsv

    with open(path, "wb") as f:
        f.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))


def integer_ids(column):
    """"C0424539" -> 424539 (int64)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.cast(pc.utf8_slice_codeunits(column, 1), pa.int64())


def typed(table, times):
    """The text columns of an events table as Parquet holds them: numbers as float64 (an empty expectation is
    null), an empty dimension null, time as timestamp[ns, UTC] (``times``: int64 ns ticks)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def empty_as_null(column):
        return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)

    columns = {
        "customer": table["customer"],
        "touchpoint": table["touchpoint"],
        "time": pa.array(times, pa.int64()).cast(pa.timestamp("ns", tz="UTC")),
        "experience": pc.cast(table["experience"], pa.float64()),
        "expectation": pc.cast(empty_as_null(table["expectation"]), pa.float64()),
        "dimension": empty_as_null(table["dimension"]),
    }
    return pa.table(columns)


def dataset(workdir: pathlib.Path, customers: int, events: int, seed: int) -> tuple[pathlib.Path, int]:
    """(folder, events) of the data sets for these options, made unless they are in ``workdir`` already."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    folder = workdir / f"data-c{customers}-e{events}-s{seed}"
    done = folder / "done"
    if done.exists():
        return folder, int(done.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    raw = folder / "simulated"
    folder.mkdir(parents=True)
    started = time.perf_counter()
    print(f"making the data in {folder} ...", file=sys.stderr)
    subprocess.run([cli_path(), "simulate", "--customers", str(customers), "--seed", str(seed), "--out", str(raw)],
                   check=True, stdout=subprocess.DEVNULL)
    for name in ("map.json", "model.json"):
        shutil.copy(raw / name, folder / name)

    # The same brand from Python (the same generator) gives exact times for the order; its labels are checked
    # against the file's, row by row on a sample.
    sim = cxscore.simulate(customers=customers, seed=seed)
    ticks = sim.events["time"].array.asi8.copy()
    labels = sim.events["customer"].astype(str).to_numpy()
    del sim
    header = (raw / "events.csv").open().readline().strip().split(",")
    text = pacsv.read_csv(raw / "events.csv", convert_options=pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header}, strings_can_be_null=False))
    if text.num_rows != len(ticks):
        raise SystemExit(f"events.csv has {text.num_rows} rows, cxscore.simulate {len(ticks)}: not the same brand")
    sample = np.random.default_rng(0).integers(0, len(ticks), 1000)
    if text["customer"].take(pa.array(sample)).to_pylist() != labels[sample].tolist():
        raise SystemExit("events.csv and cxscore.simulate disagree on the rows' customers")
    del labels

    by_time = np.argsort(ticks, kind="stable")[:events]  # the first `events` events in time
    orders = {"time": by_time, "customer": np.sort(by_time)}  # the file's rows are customer-sorted
    for order, rows in orders.items():
        rows_array = pa.array(rows)
        events_text = text.take(rows_array)
        parquet = typed(events_text, ticks[rows])
        for ids in IDS:
            if ids == "int":
                i = events_text.column_names.index("customer")
                events_text = events_text.set_column(i, "customer", integer_ids(events_text["customer"]))
                parquet = parquet.set_column(i, "customer", events_text["customer"])
            write_csv(events_text, folder / f"events-{order}-{ids}.csv")
            pq.write_table(parquet, folder / f"events-{order}-{ids}.parquet")
        del events_text, parquet

    people = pacsv.read_csv(raw / "customers.csv", convert_options=pacsv.ConvertOptions(
        column_types={"customer": pa.string(), "weight": pa.float64(), "segment": pa.string()}))
    for ids in IDS:
        if ids == "int":
            people = people.set_column(0, "customer", integer_ids(people["customer"]))
        write_csv(people, folder / f"customers-{ids}.csv")
        pq.write_table(people, folder / f"customers-{ids}.parquet")
    shutil.rmtree(raw)
    kept = len(by_time)
    done.write_text(str(kept))
    print(f"made {kept:,} events of {customers:,} customers in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder, kept


# ----------------------------------------------------------------------------------------- the contenders
def run_command(cli: str, data: pathlib.Path, events: pathlib.Path, customers: pathlib.Path, out: pathlib.Path):
    subprocess.run([cli, "score", "--map", str(data / "map.json"), "--events", str(events), "--customers",
                    str(customers), "--model", str(data / "model.json"), "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL)


def run_python(data: pathlib.Path, events: pathlib.Path, customers: pathlib.Path, out: pathlib.Path):
    if events.suffix == ".csv":
        scored = cxscore.read_events(events)
        people = pd.read_csv(customers, dtype={"customer": str, "segment": str})  # labels as read_events reads them
    else:
        import pyarrow.parquet as pq

        scored = events  # the path: score reads the file into the core's columns, without a DataFrame
        people = pq.read_table(customers).to_pandas()
    result = cxscore.score(scored, cxscore.read_map(data / "map.json"), cxscore.Model.from_json(data / "model.json"),
                           people)
    result.to_folder(out)


def run_duckdb(k: Constants, ids: str, events: pathlib.Path, customers: pathlib.Path, out: pathlib.Path):
    import duckdb

    con = duckdb.connect()
    if events.suffix == ".csv":
        customer = "BIGINT" if ids == "int" else "VARCHAR"
        con.execute(f"""CREATE VIEW events AS SELECT * FROM read_csv('{events}', header = true,
                        types = {{'customer': '{customer}', 'touchpoint': 'VARCHAR', 'experience': 'DOUBLE',
                                  'expectation': 'DOUBLE', 'dimension': 'VARCHAR'}})""")
        con.execute(f"""CREATE VIEW customers AS SELECT * FROM read_csv('{customers}', header = true,
                        types = {{'customer': '{customer}', 'weight': 'DOUBLE', 'segment': 'VARCHAR'}})""")
    else:
        con.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet('{events}')")
        con.execute(f"CREATE VIEW customers AS SELECT * FROM read_parquet('{customers}')")
    con.register("touchpoints", k.touchpoints.reset_index())
    con.register("dimensions", k.dimensions)
    duckdb_scored(con, k)
    con.execute(f"CREATE TEMP TABLE customer_scores AS {DUCKDB_CUSTOMERS}", {"lam": k.lam})
    con.execute(f"""COPY (SELECT customer, score, "index" FROM customer_scores)
                    TO '{out / "customers.csv"}' (HEADER)""")
    total_psi = con.execute("SELECT sum(psi) FROM customer_scores").fetchone()[0]
    con.execute(f"COPY ({DUCKDB_TOUCHPOINTS}) TO '{out / 'touchpoints.csv'}' (HEADER)", {"total": total_psi})
    con.close()


def run_polars(k: Constants, ids: str, events: pathlib.Path, customers: pathlib.Path, out: pathlib.Path):
    import polars as pl

    if events.suffix == ".csv":
        customer = pl.Int64 if ids == "int" else pl.String
        e = pl.scan_csv(events, schema_overrides={"customer": customer, "touchpoint": pl.String,
                                                  "experience": pl.Float64, "expectation": pl.Float64,
                                                  "dimension": pl.String})
        people = pl.scan_csv(customers, schema_overrides={"customer": customer, "weight": pl.Float64})
    else:
        e, people = pl.scan_parquet(events), pl.scan_parquet(customers)
    touchpoints = pl.from_pandas(k.touchpoints.reset_index()).lazy()
    dimensions = pl.from_pandas(k.dimensions).lazy()
    psi = people.select("customer", psi=pl.col("weight"))
    cust, tps = polars_finish(*pl.collect_all(polars_outputs(polars_encounters(e, touchpoints, dimensions, psi, k), k)))
    cust.write_csv(out / "customers.csv")
    tps.write_csv(out / "touchpoints.csv")


# -------------------------------------------------------------------------------------------- the checks
def written(out: pathlib.Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two tables a contender wrote, as as_pandas gives them (labels as text)."""
    return as_pandas(pd.read_csv(out / "customers.csv", dtype={"customer": str}),
                     pd.read_csv(out / "touchpoints.csv", dtype={"touchpoint": str}))


def contenders(data: pathlib.Path, order: str, ids: str, formats: list[str], k: Constants, cli: str) -> dict:
    """(tool, format) -> (events file, a function of the output folder that runs it). The command is always
    in (on CSV): it is the reference of the check and of the ratios."""
    runs = {}
    for fmt in ["csv", *[f for f in formats if f != "csv"]]:
        events = data / f"events-{order}-{ids}.{fmt}"
        customers = data / f"customers-{ids}.{fmt}"

        def bind(fn, *args, events=events, customers=customers):
            return lambda out: fn(*args, events, customers, out)

        if fmt == "csv":
            runs[(COMMAND, fmt)] = bind(run_command, cli, data)
            if "csv" not in formats:
                continue
        runs[("cxscore Python", fmt)] = bind(run_python, data)
        runs[("DuckDB", fmt)] = bind(run_duckdb, k, ids)
        runs[("Polars", fmt)] = bind(run_polars, k, ids)
    return runs


def fresh(folder: pathlib.Path) -> pathlib.Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def timed(fn, out: pathlib.Path) -> float:
    fresh(out)
    start = time.perf_counter()
    fn(out)
    return time.perf_counter() - start


def threads() -> dict[str, str]:
    import duckdb
    import polars as pl

    return {COMMAND: "every core", "cxscore Python": "every core", "Polars": str(pl.thread_pool_size()),
            "DuckDB": str(duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0])}


def versions() -> dict[str, str]:
    import duckdb
    import polars as pl
    import pyarrow

    return {"cxscore": cxscore.__version__, "pandas": pd.__version__, "numpy": np.__version__,
            "pyarrow": pyarrow.__version__, "polars": pl.__version__, "duckdb": duckdb.__version__}


def run(repeat: int, events: int, customers: int, seed: int, variants: str, workdir: str) -> dict:
    patterns = [p.strip() for p in variants.split(",") if p.strip()]
    chosen = [v for v in VARIANTS if any(fnmatch.fnmatch(v, p) for p in patterns)]
    if not chosen:
        raise SystemExit(f"--variants {variants!r} names none of {', '.join(VARIANTS)}")
    cli = cli_path()
    work = pathlib.Path(workdir).resolve()
    data, n_events = dataset(work, customers, events, seed)
    k = constants(cxscore.read_map(data / "map.json"), cxscore.Model.from_json(data / "model.json"))

    rows, differences = [], {}
    used = threads()
    for order in ORDERS:
        for ids in IDS:
            formats = [f for f in FORMATS if f"{order}-{ids}-{f}" in chosen]
            if not formats:
                continue
            layout = f"{order}-{ids}"
            runs = contenders(data, order, ids, formats, k, cli)
            out = {key: work / "out" / layout / f"{key[0].replace(' ', '_')}-{key[1]}" for key in runs}
            # Agreement first (this run also brings the files into the page cache).
            expected = None
            for key, fn in runs.items():
                timed(fn, out[key])
                if key[0] == COMMAND:
                    expected = written(out[key])
                    continue
                name = f"{key[0]} ({key[1]}, {layout})"
                differences[name] = largest_difference(name, written(out[key]), expected)
            print(f"{layout}: every contender agrees with `{COMMAND}` to {TOLERANCE:g} "
                  f"(largest {max(d for n, d in differences.items() if layout in n):.2g})", file=sys.stderr)
            times: dict = {key: [] for key in runs}
            for _ in range(repeat):  # round robin, so a busy moment of a shared machine hits every tool alike
                for key, fn in runs.items():
                    times[key].append(timed(fn, out[key]))
            reference = statistics.median(times[(COMMAND, "csv")])
            for (tool, fmt), t in times.items():
                median = statistics.median(t)
                rows.append({"layout": layout, "format": fmt, "tool": tool, "threads": used[tool], "median_s": median,
                             "runs_s": t, "ratio_to_command": median / reference})

    print(f"\n{n_events:,} events, {customers:,} customers in the customers file, medians of {repeat} runs; "
          f"ratio: to `{COMMAND}` on the CSV of the same layout\n")
    print(f"| layout | file | tool | threads | median s | ratio to `{COMMAND}` |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['layout']} | {r['format']} | {r['tool']} | {r['threads']} | {r['median_s']:.3f} "
              f"| {r['ratio_to_command']:.2f} |")
    print()
    return {"workload": "file in, per-customer scores and per-touchpoint table out (CSV); the simulated brand's "
                        "prospect model", "events": n_events, "customers": customers, "seed": seed,
            "repeat": repeat, "variants": chosen, "data": str(data), "command": cli, "tolerance": TOLERANCE,
            "largest_relative_difference": differences, "versions": versions(), "results": rows}


if __name__ == "__main__":
    main(__doc__, run, [
        (("--events",), {"type": int, "default": 10_000_000, "help": "events kept: the first in time"}),
        (("--customers",), {"type": int, "default": 833_332,
                            "help": "simulated customers (833,332 simulate more than 10^7 events)"}),
        (("--seed",), {"type": int, "default": 4}),
        (("--variants",), {"default": "*", "help": "comma-separated patterns of " + ", ".join(VARIANTS)}),
        (("--workdir",), {"default": str(ROOT / "build" / "e2e-peers"),
                          "help": "where the data are cached and the outputs written"}),
    ], repeat=3)
