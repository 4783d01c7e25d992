"""Scoring 10^7 events: cxscore against the same model written in pandas, NumPy, Polars and DuckDB.

The model is DESIGN.md's as the simulated brand uses it (cxscore.simulate: the prospect preset, the
map's touchpoint weights, SERVQUAL items weighted 1/6, customer weights psi): for every encounter
    g = clamp(s (E - P) / (hi - lo), -1, 1)   with P = the expectation, or the touchpoint's promise when NaN
    v = g^alpha (g >= 0), -lambda (-g)^beta (g < 0), and v *= recovery when v > 0 at a service touchpoint
    W = w_t * omega_d (omega = 1 for an encounter without a dimension)
and the outputs are what cxscore.score gives: per customer score S_c = sum W v / sum W and index
(50 + 50 S, or 50 + 50 S / lambda below 0); per touchpoint count, weight (sum psi), mean_gap, mean_value,
unmet_share (psi-weighted), contribution (sum psi (W / sum_c W) v / sum_c psi) and impact (the same over
min(v, 0)). Recency decay and the peak-end blend are off in this model (the peers refuse a model with them).
Each tool's formulas are written once, in _scoring_model.py (e2e_peers.py and python_frame_peers.py use them too).

Each peer is written as a strong user of the tool would write it and receives the same inputs: the
events DataFrame as cxscore.simulate returns it (categorical customer, touchpoint and dimension), the
customers DataFrame (customer, weight, segment), and the map's constants as small tables (`Constants`).
Polars gets that DataFrame converted once with pl.from_pandas, outside the timing (a Polars user holds a
Polars frame); DuckDB queries the pandas DataFrame in place. Their id handling (joins, lookups by label) is
part of their time, as cxscore's is. Polars and DuckDB use every core; cxscore its default threads.

First every peer is checked against cxscore to 1e-9 (relative, with an absolute floor of 1e-12) on the
same data, and the script stops on a disagreement; then each is timed (medians of --repeat runs, same
process, same data), and a Markdown table of ratios to cxscore is printed, then the JSON of the run.
    python3 bench/peers/scoring_peers.py [--customers 750000] [--seed 4] [--repeat 7] [--json scoring_peers.json]
Needs: pip install numpy pandas polars duckdb pyarrow (Polars reads the pandas categoricals through pyarrow),
and the cxscore package on PYTHONPATH: build/release/python after a release build with
-DCXSCORE_BUILD_PYTHON=ON, or pip install .
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

import numpy as np
import pandas as pd
from _common import main, median_seconds, ratio_table
from _scoring_model import (
    DUCKDB_CUSTOMERS,
    DUCKDB_TOUCHPOINTS,
    TOLERANCE,
    Constants,
    as_pandas,
    constants,
    duckdb_scored,
    index_of,
    largest_difference,
    numpy_encounters,
    pandas_encounters,
    polars_encounters,
    polars_finish,
    polars_outputs,
)

import cxscore

# Targets of issue 4 at 10^7 events on 2 cores: how many times slower than cxscore each peer should be.
TARGETS = {"pandas": 50.0, "NumPy": 5.0, "Polars": 2.0, "DuckDB": 2.0}


# --------------------------------------------------------------------------------------------- the peers
def cxscore_peer(events, customers, journey_map, model):
    result = cxscore.score(events, journey_map, model, customers)
    return result.customers, result.touchpoints


def pandas_peer(events: pd.DataFrame, customers: pd.DataFrame, k: Constants):
    """Idiomatic pandas: the constants mapped onto the categorical columns (Series.map maps the categories,
    then takes by code), vectorised columns, groupby().transform and groupby().agg."""
    tp = events["touchpoint"]
    g, v, w = pandas_encounters(events, k)
    psi = events["customer"].map(customers.set_index("customer")["weight"]).astype(float)
    df = pd.DataFrame({"customer": events["customer"], "psi": psi, "w": w, "wv": w * v}, copy=False)
    by_customer = df.groupby("customer", observed=True, sort=False)
    share = psi * w / by_customer["w"].transform("sum")
    per_customer = by_customer.agg(w=("w", "sum"), wv=("wv", "sum"), psi=("psi", "first"))
    score = per_customer["wv"] / per_customer["w"]
    cust = pd.DataFrame({"score": score, "index": index_of(score, k.lam)})
    total_psi = per_customer["psi"].sum()
    parts = pd.DataFrame({"touchpoint": tp, "psi": psi, "gap": psi * g, "value": psi * v,
                          "unmet": psi.where(g < 0, 0.0), "contribution": share * v,
                          "impact": share * v.clip(upper=0)}, copy=False)
    sums = parts.groupby("touchpoint", observed=True).agg(
        count=("psi", "size"), weight=("psi", "sum"), gap=("gap", "sum"), value=("value", "sum"),
        unmet=("unmet", "sum"), contribution=("contribution", "sum"), impact=("impact", "sum"))
    tps = pd.DataFrame({"count": sums["count"], "weight": sums["weight"],
                        "mean_gap": sums["gap"] / sums["weight"], "mean_value": sums["value"] / sums["weight"],
                        "unmet_share": sums["unmet"] / sums["weight"],
                        "contribution": sums["contribution"] / total_psi, "impact": sums["impact"] / total_psi})
    return cust, tps


def numpy_peer(events: pd.DataFrame, customers: pd.DataFrame, k: Constants):
    """Vectorised NumPy: factorised codes (the categoricals' own), constants gathered by code, np.bincount."""
    customer = events["customer"].array
    c, labels = customer.codes, customer.categories
    t = events["touchpoint"].cat.codes.to_numpy()
    tp = k.touchpoints.reindex(events["touchpoint"].cat.categories)
    d = events["dimension"].cat.codes.to_numpy()
    # Code -1 (no dimension) reads the trailing 1.0.
    omega = np.append(k.dimensions.set_index("dimension")["omega"]
                      .reindex(events["dimension"].cat.categories).fillna(1.0).to_numpy(), 1.0)
    psi = customers.set_index("customer")["weight"].reindex(labels).to_numpy()
    n_c, n_t = len(labels), len(tp)

    g, v, w = numpy_encounters(t, events["experience"].to_numpy(), events["expectation"].to_numpy(), tp, k, omega[d])
    gains = g >= 0

    events_per_customer = np.bincount(c, minlength=n_c)
    w_sum = np.bincount(c, w, minlength=n_c)
    score = np.bincount(c, w * v, minlength=n_c) / np.where(w_sum > 0, w_sum, 1.0)
    scored = events_per_customer > 0
    cust = pd.DataFrame({"score": score[scored], "index": index_of(score[scored], k.lam)}, index=labels[scored])

    psi_e = psi[c]
    weighted_share = psi_e * w / w_sum[c]
    weight = np.bincount(t, psi_e, minlength=n_t)
    total_psi = psi[scored].sum()
    tps = pd.DataFrame({
        "count": np.bincount(t, minlength=n_t),
        "weight": weight,
        "mean_gap": np.bincount(t, psi_e * g, minlength=n_t) / weight,
        "mean_value": np.bincount(t, psi_e * v, minlength=n_t) / weight,
        "unmet_share": np.bincount(t, np.where(gains, 0.0, psi_e), minlength=n_t) / weight,
        "contribution": np.bincount(t, weighted_share * v, minlength=n_t) / total_psi,
        "impact": np.bincount(t, weighted_share * np.minimum(v, 0.0), minlength=n_t) / total_psi,
    }, index=tp.index)
    return cust, tps[tps["count"] > 0]


def polars_peer(events, customers, k: Constants):
    """Polars lazy expressions: joins for the constants, sum().over("customer"), group_by, collect_all."""
    import polars as pl

    tp = pl.from_pandas(k.touchpoints.reset_index()).lazy().with_columns(pl.col("touchpoint").cast(pl.Categorical))
    dims = pl.from_pandas(k.dimensions).lazy().with_columns(pl.col("dimension").cast(pl.Categorical))
    psi = customers.lazy().select(pl.col("customer").cast(pl.Categorical), psi=pl.col("weight"))
    cust, tps = polars_outputs(polars_encounters(events.lazy(), tp, dims, psi, k), k)
    return polars_finish(*pl.collect_all([cust, tps]))


def duckdb_peer(con, k: Constants):
    """DuckDB SQL over the pandas DataFrames (registered as views): joins, a window for each customer's
    total weight, GROUP BY for both outputs; the encounters are materialised once in a temporary table."""
    duckdb_scored(con, k)
    cust = con.execute(DUCKDB_CUSTOMERS, {"lam": k.lam}).df()
    total_psi = cust["psi"].sum()
    tps = con.execute(DUCKDB_TOUCHPOINTS, {"total": total_psi}).df()
    return cust[["customer", "score", "index"]], tps


# ------------------------------------------------------------------------------------ inputs and checks
@dataclass
class Inputs:
    events: pd.DataFrame
    customers: pd.DataFrame
    journey_map: object
    model: object
    constants: Constants


def simulated(customers: int, seed: int) -> Inputs:
    sim = cxscore.simulate(customers=customers, seed=seed)
    return Inputs(sim.events, sim.customers, sim.journey_map, sim.model, constants(sim.journey_map, sim.model))


def peers(inputs: Inputs):
    """name -> a function of no arguments that runs that tool on ``inputs`` (conversions done here, once)."""
    import duckdb
    import polars as pl

    events_pl, customers_pl = pl.from_pandas(inputs.events), pl.from_pandas(inputs.customers)
    con = duckdb.connect()
    con.register("events", inputs.events)
    con.register("customers", inputs.customers)
    con.register("touchpoints", inputs.constants.touchpoints.reset_index())
    con.register("dimensions", inputs.constants.dimensions)
    k = inputs.constants
    return {
        "cxscore": lambda: cxscore_peer(inputs.events, inputs.customers, inputs.journey_map, inputs.model),
        "pandas": lambda: pandas_peer(inputs.events, inputs.customers, k),
        "NumPy": lambda: numpy_peer(inputs.events, inputs.customers, k),
        "Polars": lambda: polars_peer(events_pl, customers_pl, k),
        "DuckDB": lambda: duckdb_peer(con, k),
    }


def agreement(runners: dict[str, object]) -> dict[str, float]:
    """Runs every peer once and checks it against cxscore; name -> largest relative difference."""
    expected = as_pandas(*runners["cxscore"]())
    return {name: largest_difference(name, as_pandas(*run()), expected)
            for name, run in runners.items() if name != "cxscore"}



def threads() -> dict[str, str]:
    """How many threads each tool may use in this process."""
    import duckdb
    import polars as pl

    return {"cxscore": "its default", "pandas": "1", "NumPy": "1",
            "Polars": str(pl.thread_pool_size()),
            "DuckDB": str(duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0])}


def run(repeat: int, customers: int, seed: int) -> dict:
    inputs = simulated(customers, seed)
    runners = peers(inputs)
    differences = agreement(runners)
    agreeing = ", ".join(f"{n} (largest {d:.2g})" for n, d in differences.items())
    print(f"agree with cxscore to {TOLERANCE:g}: {agreeing}")
    times: dict[str, list] = {name: [] for name in runners}
    for _ in range(repeat):  # round robin, so a busy moment of a shared machine hits every tool alike
        for name, fn in runners.items():
            times[name].append(median_seconds(fn, 1))
    medians = {name: statistics.median(t) for name, t in times.items()}
    used = threads()
    print(f"\n{len(inputs.events):,} events, {customers:,} customers, medians of {repeat} runs\n")
    rows = ratio_table(medians, times, TARGETS, "threads", used)
    return {"workload": "per-customer scores and per-touchpoint aggregates, prospect preset, simulated brand",
            "events": len(inputs.events), "customers": customers, "seed": seed, "repeat": repeat,
            "tolerance": TOLERANCE, "largest_relative_difference": differences,
            "versions": versions(), "results": rows}


def versions() -> dict[str, str]:
    import duckdb
    import polars as pl

    return {"cxscore": cxscore.__version__, "pandas": pd.__version__, "numpy": np.__version__,
            "polars": pl.__version__, "duckdb": duckdb.__version__}


if __name__ == "__main__":
    main(__doc__, run, [(("--customers",), {"type": int, "default": 750_000,
                                            "help": "simulated customers (750,000 give about 10^7 events)"}),
                        (("--seed",), {"type": int, "default": 4})])
