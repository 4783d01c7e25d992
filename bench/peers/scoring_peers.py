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
from _common import main, median_seconds

import cxscore

TOLERANCE = 1e-9
ABSOLUTE_FLOOR = 1e-12
TOUCHPOINT_COLUMNS = ["count", "mean_gap", "mean_value", "unmet_share", "contribution", "impact"]
CUSTOMER_COLUMNS = ["score", "index"]
# Targets of issue 4 at 10^7 events on 2 cores: how many times slower than cxscore each peer should be.
TARGETS = {"pandas": 50.0, "NumPy": 5.0, "Polars": 2.0, "DuckDB": 2.0}


@dataclass
class Constants:
    """The map and model as small tables: what a user of any tool would write down first."""

    touchpoints: pd.DataFrame  # index touchpoint (map order): promise, width, sign, weight, recovery
    dimensions: pd.DataFrame   # dimension, omega (only the dimensions the model weighs)
    alpha: float
    beta: float
    lam: float


def constants(journey_map, model) -> Constants:
    """The per-touchpoint constants of ``journey_map`` under ``model`` (its weights override the map's)."""
    m = model.to_dict()
    if m["half_life_days"] is not None or m["peak_end"] != 0:
        raise ValueError("the peers implement the model without recency decay and peak-end blend")
    rows = []
    for t in journey_map.to_dict()["touchpoints"]:
        lo, hi = t["scale"]
        rows.append({"touchpoint": t["name"], "promise": t["promise"], "width": hi - lo,
                     "sign": 1.0 if t["direction"] == "higher" else -1.0,
                     "weight": m["weights"].get(t["name"], t["weight"]),
                     "recovery": m["recovery"] if t["role"] == "service" else 1.0})
    touchpoints = pd.DataFrame(rows).set_index("touchpoint")
    dimensions = pd.DataFrame({"dimension": list(m["dimension_weights"]),
                               "omega": list(m["dimension_weights"].values())})
    return Constants(touchpoints, dimensions, m["alpha"], m["beta"], m["lambda"])


def index_of(score, lam):
    """The 0-100 index of a score (any array type with arithmetic): 50 + 50 S, or 50 + 50 S / lambda below 0."""
    return 50.0 + 50.0 * score / np.where(score >= 0, 1.0, lam)


# --------------------------------------------------------------------------------------------- the peers
def cxscore_peer(events, customers, journey_map, model):
    result = cxscore.score(events, journey_map, model, customers)
    return result.customers, result.touchpoints


def pandas_peer(events: pd.DataFrame, customers: pd.DataFrame, k: Constants):
    """Idiomatic pandas: the constants mapped onto the categorical columns (Series.map maps the categories,
    then takes by code), vectorised columns, groupby().transform and groupby().agg."""
    tp = events["touchpoint"]
    constant = {name: tp.map(k.touchpoints[name]).astype(float) for name in k.touchpoints.columns}
    omega = events["dimension"].map(k.dimensions.set_index("dimension")["omega"]).astype(float).fillna(1.0)
    psi = events["customer"].map(customers.set_index("customer")["weight"]).astype(float)
    expectation = events["expectation"].fillna(constant["promise"])
    g = (constant["sign"] * (events["experience"] - expectation) / constant["width"]).clip(-1, 1)
    v = g.clip(lower=0) ** k.alpha - k.lam * (-g).clip(lower=0) ** k.beta
    v = v.where(v <= 0, v * constant["recovery"])
    w = constant["weight"] * omega
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

    expectation = events["expectation"].to_numpy()
    expectation = np.where(np.isnan(expectation), tp["promise"].to_numpy()[t], expectation)
    g = tp["sign"].to_numpy()[t] * (events["experience"].to_numpy() - expectation) / tp["width"].to_numpy()[t]
    np.clip(g, -1.0, 1.0, out=g)
    gains = g >= 0
    v = np.where(gains, np.abs(g) ** k.alpha, -k.lam * np.abs(g) ** k.beta)
    v = np.where(v > 0, v * tp["recovery"].to_numpy()[t], v)
    w = tp["weight"].to_numpy()[t] * omega[d]

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
    e = (events.lazy()
         .join(tp, on="touchpoint", how="left")
         .join(dims, on="dimension", how="left")
         .join(psi, on="customer", how="left")
         .with_columns(g=(pl.col("sign") * (pl.col("experience") - pl.col("expectation").fill_null(pl.col("promise")))
                          / pl.col("width")).clip(-1.0, 1.0),
                       w=pl.col("weight") * pl.col("omega").fill_null(1.0))
         .with_columns(v=pl.when(pl.col("g") >= 0).then(pl.col("g").pow(k.alpha))
                       .otherwise(-k.lam * (-pl.col("g")).pow(k.beta)))
         .with_columns(v=pl.when(pl.col("v") > 0).then(pl.col("v") * pl.col("recovery")).otherwise(pl.col("v"))))
    cust = (e.group_by("customer")
            .agg(score=(pl.col("w") * pl.col("v")).sum() / pl.col("w").sum(), psi=pl.col("psi").first())
            .with_columns(index=50.0 + 50.0 * pl.col("score")
                          / pl.when(pl.col("score") >= 0).then(1.0).otherwise(k.lam)))
    share = pl.col("share")
    tps = (e.with_columns(share=pl.col("psi") * pl.col("w") / pl.col("w").sum().over("customer"))
           .group_by("touchpoint")
           .agg(count=pl.len(), weight=pl.col("psi").sum(),
                gap=(pl.col("psi") * pl.col("g")).sum(), value=(pl.col("psi") * pl.col("v")).sum(),
                unmet=pl.col("psi").filter(pl.col("g") < 0).sum(),
                contribution=(share * pl.col("v")).sum(), impact=(share * pl.col("v").clip(upper_bound=0.0)).sum()))
    cust, tps = pl.collect_all([cust, tps])
    total_psi = cust["psi"].sum()
    tps = tps.select("touchpoint", "count", "weight",
                     mean_gap=pl.col("gap") / pl.col("weight"), mean_value=pl.col("value") / pl.col("weight"),
                     unmet_share=pl.col("unmet") / pl.col("weight"),
                     contribution=pl.col("contribution") / total_psi, impact=pl.col("impact") / total_psi)
    return cust.select("customer", "score", "index"), tps


DUCKDB_SQL = """
WITH e AS (
    SELECT ev.customer, ev.touchpoint, c.weight AS psi,
           greatest(-1.0, least(1.0, t.sign * (ev.experience - coalesce(ev.expectation, t.promise)) / t.width)) AS g,
           t.weight * coalesce(d.omega, 1.0) AS w, t.recovery
    FROM events ev
    JOIN touchpoints t ON t.touchpoint = ev.touchpoint
    LEFT JOIN dimensions d ON d.dimension = ev.dimension
    JOIN customers c ON c.customer = ev.customer
), v AS (
    SELECT *, CASE WHEN g >= 0 THEN pow(g, $alpha) * recovery ELSE -$lam * pow(-g, $beta) END AS v FROM e
)
SELECT customer, touchpoint, psi, g, w, v, w / sum(w) OVER (PARTITION BY customer) AS share FROM v
"""


def duckdb_peer(con, k: Constants):
    """DuckDB SQL over the pandas DataFrames (registered as views): joins, a window for each customer's
    total weight, GROUP BY for both outputs; the encounters are materialised once in a temporary table."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE scored AS {DUCKDB_SQL}",
                {"alpha": k.alpha, "beta": k.beta, "lam": k.lam})
    cust = con.execute("""
        SELECT customer, sum(w * v) / sum(w) AS score,
               50 + 50 * (sum(w * v) / sum(w)) / (CASE WHEN sum(w * v) >= 0 THEN 1 ELSE $lam END) AS "index",
               any_value(psi) AS psi
        FROM scored GROUP BY customer""", {"lam": k.lam}).df()
    total_psi = cust["psi"].sum()
    tps = con.execute("""
        SELECT touchpoint, count(*) AS count, sum(psi) AS weight,
               sum(psi * g) / sum(psi) AS mean_gap, sum(psi * v) / sum(psi) AS mean_value,
               sum(CASE WHEN g < 0 THEN psi ELSE 0 END) / sum(psi) AS unmet_share,
               sum(psi * share * v) / $total AS contribution, sum(psi * share * least(v, 0)) / $total AS impact
        FROM scored GROUP BY touchpoint""", {"total": total_psi}).df()
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


def as_pandas(customers, touchpoints) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A peer's two outputs as pandas frames indexed by customer and touchpoint label (for the comparison)."""
    def frame(x, key):
        if not isinstance(x, pd.DataFrame):
            x = x.to_pandas()
        if key in x.columns:
            x = x.set_index(key)
        x.index = x.index.astype(str)
        return x
    return frame(customers, "customer"), frame(touchpoints, "touchpoint")


def largest_difference(name: str, got, expected) -> float:
    """The largest difference of ``got`` from cxscore's ``expected`` in units of the tolerance's scale;
    raises AssertionError naming the table, column and label where it exceeds 1e-9."""
    worst = 0.0
    for table, columns, mine, theirs in (("customers", CUSTOMER_COLUMNS, got[0], expected[0]),
                                         ("touchpoints", TOUCHPOINT_COLUMNS, got[1], expected[1])):
        if set(mine.index) != set(theirs.index):
            raise AssertionError(f"{name}: {table} labels differ from cxscore's "
                                 f"({len(mine)} vs {len(theirs)} rows)")
        for column in columns:
            a = mine[column].reindex(theirs.index).to_numpy(dtype=float)
            b = theirs[column].to_numpy(dtype=float)
            scale = np.maximum(np.abs(b), ABSOLUTE_FLOOR / TOLERANCE)
            error = np.abs(a - b) / scale
            i = int(np.argmax(error))
            if not error[i] <= TOLERANCE:  # NaN fails too
                raise AssertionError(f"{name} disagrees with cxscore: {table}.{column} at {theirs.index[i]!r}: "
                                     f"{a[i]!r} vs {b[i]!r} (relative difference {error[i]:.3g} > {TOLERANCE})")
            worst = max(worst, float(error[i]))
    return worst


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
    print("| tool | threads | median s | ratio to cxscore | target | met? |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    rows = []
    for name, seconds in medians.items():
        ratio = seconds / medians["cxscore"]
        target = TARGETS.get(name)
        met = None if target is None else ratio >= target
        rows.append({"tool": name, "threads": used[name], "median_s": seconds, "runs_s": times[name],
                     "ratio_to_cxscore": ratio, "target": target, "met": met})
        print(f"| {name} | {used[name]} | {seconds:.3f} | {ratio:.2f} | {'' if target is None else f'>= {target:g}'} "
              f"| {'' if met is None else 'yes' if met else 'no'} |")
    print()
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
