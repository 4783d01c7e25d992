"""The scoring model as the peers write it, in one place for every script that times them (scoring_peers.py,
e2e_peers.py, python_frame_peers.py): the map's constants as small tables, each tool's formula for an
encounter's gap g, value v and weight w, the two outputs (per customer, per touchpoint), and the check
that a peer's numbers equal cxscore's.

The model (DESIGN.md; no recency decay, no peak-end blend), for every encounter
    g = clamp(s (E - P) / (hi - lo), -1, 1)   with P = the expectation, or the touchpoint's promise when NaN
    v = g^alpha (g >= 0), -lambda (-g)^beta (g < 0), and v *= recovery when v > 0 at a service touchpoint
    W = w_t * omega_d (omega = 1 for an encounter without a dimension, or a dimension the model does not weigh)
per customer S_c = sum W v / sum W and index 50 + 50 S (50 + 50 S / lambda below 0); per touchpoint count,
weight (sum psi), mean_gap, mean_value, unmet_share (psi-weighted), contribution (sum psi (W / sum_c W) v /
sum_c psi) and impact (the same over min(v, 0)).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TOLERANCE = 1e-9
ABSOLUTE_FLOOR = 1e-12
TOUCHPOINT_COLUMNS = ["count", "mean_gap", "mean_value", "unmet_share", "contribution", "impact"]
CUSTOMER_COLUMNS = ["score", "index"]


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


# ------------------------------------------------------------------------------------------------- pandas
def pandas_encounters(events: pd.DataFrame, k: Constants, dimension: bool = True):
    """(g, v, w, constants) as pandas Series of the events' rows: the constants mapped onto the touchpoint
    column (Series.map maps a categorical's categories, then takes by code), vectorised columns.
    ``dimension`` False: the frame has no dimension column (omega = 1)."""
    tp = events["touchpoint"]
    constant = {name: tp.map(k.touchpoints[name]).astype(float) for name in k.touchpoints.columns}
    expectation = events["expectation"].fillna(constant["promise"])
    g = (constant["sign"] * (events["experience"] - expectation) / constant["width"]).clip(-1, 1)
    v = g.clip(lower=0) ** k.alpha - k.lam * (-g).clip(lower=0) ** k.beta
    v = v.where(v <= 0, v * constant["recovery"])
    w = constant["weight"]
    if dimension:
        w = w * events["dimension"].map(k.dimensions.set_index("dimension")["omega"]).astype(float).fillna(1.0)
    return g, v, w


# -------------------------------------------------------------------------------------------------- NumPy
def numpy_encounters(t: np.ndarray, experience: np.ndarray, expectation: np.ndarray, tp: pd.DataFrame,
                     k: Constants, omega=None):
    """(g, v, w) as NumPy arrays: the constants of ``tp`` (the touchpoint table in code order) gathered by
    touchpoint code ``t``; ``omega`` each row's dimension weight (None: 1)."""
    expectation = np.where(np.isnan(expectation), tp["promise"].to_numpy()[t], expectation)
    g = tp["sign"].to_numpy()[t] * (experience - expectation) / tp["width"].to_numpy()[t]
    np.clip(g, -1.0, 1.0, out=g)
    v = np.where(g >= 0, np.abs(g) ** k.alpha, -k.lam * np.abs(g) ** k.beta)
    v = np.where(v > 0, v * tp["recovery"].to_numpy()[t], v)
    w = tp["weight"].to_numpy()[t]
    return g, v, w if omega is None else w * omega


# ------------------------------------------------------------------------------------------------- Polars
def polars_encounters(events, touchpoints, dimensions, psi, k: Constants):
    """The events LazyFrame with each encounter's g, w, v and its customer's psi: joins for the constants
    (``touchpoints``, ``dimensions`` and ``psi`` LazyFrames whose keys have the events' key dtypes)."""
    import polars as pl

    return (events
            .join(touchpoints, on="touchpoint", how="left")
            .join(dimensions, on="dimension", how="left")
            .join(psi, on="customer", how="left")
            .with_columns(g=(pl.col("sign")
                             * (pl.col("experience") - pl.col("expectation").fill_null(pl.col("promise")))
                             / pl.col("width")).clip(-1.0, 1.0),
                          w=pl.col("weight") * pl.col("omega").fill_null(1.0))
            .with_columns(v=pl.when(pl.col("g") >= 0).then(pl.col("g").pow(k.alpha))
                          .otherwise(-k.lam * (-pl.col("g")).pow(k.beta)))
            .with_columns(v=pl.when(pl.col("v") > 0).then(pl.col("v") * pl.col("recovery")).otherwise(pl.col("v"))))


def polars_outputs(e, k: Constants):
    """(customers, touchpoints) of the encounters LazyFrame ``e``: group_by customer (score, index, psi) and
    sum().over("customer") then group_by touchpoint (the sums before the division by the total psi)."""
    import polars as pl

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
    return cust, tps


def polars_finish(cust, tps):
    """The collected (customers, touchpoints) of polars_outputs as the two output tables."""
    import polars as pl

    total_psi = cust["psi"].sum()
    tps = tps.select("touchpoint", "count", "weight",
                     mean_gap=pl.col("gap") / pl.col("weight"), mean_value=pl.col("value") / pl.col("weight"),
                     unmet_share=pl.col("unmet") / pl.col("weight"),
                     contribution=pl.col("contribution") / total_psi, impact=pl.col("impact") / total_psi)
    return cust.select("customer", "score", "index"), tps


# ------------------------------------------------------------------------------------------------- DuckDB
# Over relations events, touchpoints, dimensions and customers (views, tables or registered DataFrames).
DUCKDB_SCORED = """
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
# Over the table `scored` (DUCKDB_SCORED materialised); $lam.
DUCKDB_CUSTOMERS = """
SELECT customer, sum(w * v) / sum(w) AS score,
       50 + 50 * (sum(w * v) / sum(w)) / (CASE WHEN sum(w * v) >= 0 THEN 1 ELSE $lam END) AS "index",
       any_value(psi) AS psi
FROM scored GROUP BY customer"""
# Over the table `scored`; $total = the psi of every scored customer.
DUCKDB_TOUCHPOINTS = """
SELECT touchpoint, count(*) AS count, sum(psi) AS weight,
       sum(psi * g) / sum(psi) AS mean_gap, sum(psi * v) / sum(psi) AS mean_value,
       sum(CASE WHEN g < 0 THEN psi ELSE 0 END) / sum(psi) AS unmet_share,
       sum(psi * share * v) / $total AS contribution, sum(psi * share * least(v, 0)) / $total AS impact
FROM scored GROUP BY touchpoint"""


def duckdb_scored(con, k: Constants) -> None:
    """Materialises the encounters (DUCKDB_SCORED) once, as the temporary table `scored`."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE scored AS {DUCKDB_SCORED}",
                {"alpha": k.alpha, "beta": k.beta, "lam": k.lam})


# ---------------------------------------------------------------------------------------------- the check
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


def largest_difference(name: str, got, expected, tables=("customers", "touchpoints")) -> float:
    """The largest difference of ``got`` from cxscore's ``expected`` (both (customers, touchpoints) as
    as_pandas gives them; ``tables`` the ones to compare) in units of the tolerance's scale; raises
    AssertionError naming the table, column and label where it exceeds 1e-9."""
    worst = 0.0
    for table, columns, mine, theirs in (("customers", CUSTOMER_COLUMNS, got[0], expected[0]),
                                         ("touchpoints", TOUCHPOINT_COLUMNS, got[1], expected[1])):
        if table not in tables:
            continue
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
