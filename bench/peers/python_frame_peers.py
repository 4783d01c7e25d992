"""Customer scores of a pandas frame: cxscore.score against a lean NumPy (np.bincount) and a lean pandas
(groupby) version of the same model, then where cxscore.score spends its time on this frame.

The frame: --events (10^7) encounters of --customers (10^6) customers (1 + Poisson(events/customers - 1)
each), customer-sorted, 16 categorical touchpoints (the simulated brand's map, drawn uniformly), experience
uniform on each touchpoint's scale, expectation NaN (the promise) for 70% of rows, time float64 epoch
seconds (increasing within a customer), no dimension column; the prospect preset. Three id columns:
    int64 dense    1,000,000 + k: a span within 2n, so cxscore takes the id as the code
    int64 sparse   sorted random ids with gaps up to 2^31 (account numbers): factorised
    categorical    string labels "C0000001" as a pandas categorical: its codes
The lean versions compute only the customer scores (score and index), the way a strong user writes them
when that is all they need: NumPy gathers the touchpoint constants by code, takes the customer codes as
cxscore does (a categorical's codes, a dense id minus its minimum, else pandas.factorize), and sums with
np.bincount; pandas maps the constants onto the categorical touchpoints and sums with groupby. cxscore
returns ScoreResult.customers (it also computes every group table). Formulas: _scoring_model.py.

First each version is checked against cxscore to 1e-9 (relative, absolute floor 1e-12), and the script
stops on a disagreement; then medians of --repeat runs, round robin, one process; then the profile of
cxscore.score on each frame: the time of each phase (the Python layer's conversion of the columns, the
customer table, the core's call, the rest of score(), building .customers) with the minor page faults of
each, the peak of NumPy/Python allocations (tracemalloc, a separate run: it slows allocation), and the top
functions by cumulative time (cProfile, a third run).
    python3 bench/peers/python_frame_peers.py [--events 10000000] [--customers 1000000] [--repeat 5] [--json FILE]
Needs: pip install numpy pandas, and the cxscore package (PYTHONPATH=build/release/python or pip install .).
"""
from __future__ import annotations

import cProfile
import io
import pstats
import resource
import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd
from _common import main, median_seconds
from _scoring_model import TOLERANCE, constants, index_of, largest_difference, numpy_encounters, pandas_encounters

import cxscore

ID_KINDS = ("int64 dense", "int64 sparse", "categorical")


def frame(events: int, customers: int, ids: str, journey_map, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    counts = 1 + rng.poisson(max(events / customers - 1.0, 0.0), customers)
    code = np.repeat(np.arange(customers, dtype=np.int64), counts)
    n = len(code)
    names = journey_map.touchpoint_names
    scale = np.array([t["scale"] for t in journey_map.to_dict()["touchpoints"]], dtype=float)
    t = rng.integers(0, len(names), n)
    lo, hi = scale[t, 0], scale[t, 1]
    experience = lo + (hi - lo) * rng.random(n)
    expectation = np.where(rng.random(n) < 0.7, np.nan, lo + (hi - lo) * rng.random(n))
    # Each customer's journey starts in the first half of 2026 and moves on by up to a day an event.
    start = 1767225600.0 + rng.random(customers) * 181 * 86400
    first = np.r_[0, np.cumsum(counts)[:-1]]
    steps = rng.random(n) * 86400
    steps[first] = 0.0
    within = np.cumsum(steps) - np.repeat(np.cumsum(steps)[first], counts)
    when = start[code] + within
    if ids == "int64 dense":
        customer = 1_000_000 + code
    elif ids == "int64 sparse":
        customer = np.cumsum(rng.integers(1, 2**31, customers, dtype=np.int64))[code]
    else:
        labels = pd.Index([f"C{k + 1:07d}" for k in range(customers)], dtype=object)
        customer = pd.Categorical.from_codes(code, categories=labels)
    return pd.DataFrame({"customer": customer, "touchpoint": pd.Categorical.from_codes(t, categories=names),
                         "time": when, "experience": experience, "expectation": expectation})


# -------------------------------------------------------------------------------------------- the versions
def cxscore_scores(events, journey_map, model):
    return cxscore.score(events, journey_map, model).customers[["score", "index"]]


def customer_codes(values: pd.Series):
    """(codes, labels) the way cxscore takes them: a categorical's codes, a dense id minus its minimum
    (labels with gaps where an id has no events), else pandas.factorize."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array.codes, values.array.categories
    ids = values.to_numpy()
    lo, hi = int(ids.min()), int(ids.max())
    if hi - lo < 2 * len(ids) + 1024:
        return ids - lo, np.arange(lo, hi + 1)
    codes, labels = pd.factorize(ids)
    return codes, labels


def numpy_scores(events: pd.DataFrame, k):
    c, labels = customer_codes(events["customer"])
    tp = k.touchpoints.reindex(events["touchpoint"].cat.categories)
    g, v, w = numpy_encounters(events["touchpoint"].array.codes, events["experience"].to_numpy(),
                               events["expectation"].to_numpy(), tp, k)
    n = len(labels)
    w_sum = np.bincount(c, w, minlength=n)
    seen = np.bincount(c, minlength=n) > 0
    score = np.bincount(c, w * v, minlength=n)[seen] / w_sum[seen]
    return pd.DataFrame({"score": score, "index": index_of(score, k.lam)}, index=labels[seen])


def pandas_scores(events: pd.DataFrame, k):
    g, v, w = pandas_encounters(events, k, dimension=False)
    sums = (pd.DataFrame({"customer": events["customer"], "w": w, "wv": w * v}, copy=False)
            .groupby("customer", observed=True, sort=False).sum())
    score = sums["wv"] / sums["w"]
    return pd.DataFrame({"score": score, "index": index_of(score, k.lam)})


def labelled(scores: pd.DataFrame) -> tuple[pd.DataFrame, None]:
    out = scores.copy()
    out.index = out.index.astype(str)
    return out, None


# ----------------------------------------------------------------------------------------------- profile
def faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def phases(events, journey_map, model) -> dict:
    """Seconds and minor page faults of each phase of one cxscore.score(...).customers: the module's own
    functions wrapped for the one call (and put back)."""
    from cxscore import _core, _score

    spent: dict[str, dict] = {}

    def wrap(owner, name, phase):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            f0, t0 = faults(), time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[phase] = {"s": time.perf_counter() - t0, "minor_faults": faults() - f0}
        setattr(owner, name, wrapper)
        return owner, name, original

    patched = [wrap(_score, "prepare_checked", "convert columns (prepare_checked)"),
               wrap(_score, "checked_customers", "customer table (checked_customers)"),
               wrap(_core, "score_columns", "core (_core.score_columns)")]
    try:
        f0, t0 = faults(), time.perf_counter()
        result = cxscore.score(events, journey_map, model)
        score_s, score_faults = time.perf_counter() - t0, faults() - f0
        f1, t1 = faults(), time.perf_counter()
        _ = result.customers
        spent[".customers frame"] = {"s": time.perf_counter() - t1, "minor_faults": faults() - f1}
    finally:
        for owner, name, original in patched:
            setattr(owner, name, original)
    inside = sum(v["s"] for k, v in spent.items() if k != ".customers frame")
    spent["rest of score()"] = {"s": score_s - inside,
                                "minor_faults": score_faults - sum(v["minor_faults"] for k, v in spent.items()
                                                                   if k != ".customers frame")}
    return spent


def allocation_peak(events, journey_map, model) -> float:
    """Peak MiB of Python and NumPy allocations (tracemalloc) during one cxscore.score(...).customers."""
    tracemalloc.start()
    try:
        _ = cxscore.score(events, journey_map, model).customers
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def top_functions(events, journey_map, model, count: int = 12) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    _ = cxscore.score(events, journey_map, model).customers
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(count)
    return text.getvalue()


def profile(events, journey_map, model) -> dict:
    page = resource.getpagesize()
    spent = phases(events, journey_map, model)
    total = sum(v["s"] for v in spent.values())
    print("| phase | ms | share | minor page faults | MiB faulted in |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for phase, v in spent.items():
        print(f"| {phase} | {1e3 * v['s']:.1f} | {100 * v['s'] / total:.0f}% | {v['minor_faults']:,} "
              f"| {v['minor_faults'] * page / 2**20:.0f} |")
    peak = allocation_peak(events, journey_map, model)
    print(f"\npeak traced allocations (Python and NumPy; not the core's C++ vectors): {peak:.0f} MiB; "
          f"the frame's columns: {events.memory_usage(deep=False).sum() / 2**20:.0f} MiB")
    functions = top_functions(events, journey_map, model)
    print("\n" + "\n".join(line for line in functions.splitlines() if line.strip())[:4000] + "\n")
    return {"phases": spent, "total_s": total, "traced_peak_mib": peak, "cprofile_top": functions}


# ------------------------------------------------------------------------------------------------- the run
def run(repeat: int, events: int, customers: int, profile_only: bool) -> dict:
    journey_map = cxscore.simulate(customers=10, seed=1).journey_map
    model = cxscore.Model.prospect()
    k = constants(journey_map, model)
    results = []
    for ids in ID_KINDS:
        df = frame(events, customers, ids, journey_map)
        print(f"\n## {ids} ids: {len(df):,} events, {df['customer'].nunique():,} customers\n")
        runners = {"cxscore": lambda df=df: cxscore_scores(df, journey_map, model),
                   "NumPy": lambda df=df: numpy_scores(df, k),
                   "pandas": lambda df=df: pandas_scores(df, k)}
        entry: dict = {"ids": ids, "events": len(df)}
        if not profile_only:
            expected = labelled(runners["cxscore"]())
            differences = {name: largest_difference(name, labelled(fn()), expected, tables=("customers",))
                           for name, fn in runners.items() if name != "cxscore"}
            print("agree with cxscore to {:g}: {}".format(
                TOLERANCE, ", ".join(f"{n} (largest {d:.2g})" for n, d in differences.items())))
            times: dict[str, list] = {name: [] for name in runners}
            for _ in range(repeat):  # round robin
                for name, fn in runners.items():
                    times[name].append(median_seconds(fn, 1))
            medians = {name: statistics.median(t) for name, t in times.items()}
            print("\n| version | median s | ratio to cxscore |\n| --- | ---: | ---: |")
            for name, seconds in medians.items():
                print(f"| {name} | {seconds:.3f} | {seconds / medians['cxscore']:.2f} |")
            entry.update({"largest_relative_difference": differences, "median_s": medians, "runs_s": times,
                          "ratio_to_cxscore": {n: s / medians["cxscore"] for n, s in medians.items()}})
        print(f"\nwhere cxscore.score(...).customers spends its time ({ids} ids):\n")
        entry["profile"] = profile(df, journey_map, model)
        results.append(entry)
        del df
    return {"workload": "customer scores of a customer-sorted pandas frame, prospect preset",
            "customers": customers, "repeat": repeat, "tolerance": TOLERANCE,
            "versions": {"cxscore": cxscore.__version__, "pandas": pd.__version__, "numpy": np.__version__},
            "results": results}


if __name__ == "__main__":
    main(__doc__, run, [
        (("--events",), {"type": int, "default": 10_000_000}),
        (("--customers",), {"type": int, "default": 1_000_000}),
        (("--profile-only",), {"action": "store_true", "help": "skip the comparison, only profile cxscore.score"}),
    ], repeat=5)
