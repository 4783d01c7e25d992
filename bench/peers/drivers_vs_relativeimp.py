"""cxscore's key-driver analysis against its Python peers, as ratios in one run.

Peers: PyPI's `relativeImp` (Johnson's relative weights; it has no LMG) and a straightforward
all-subsets NumPy LMG (correlation matrix, one `np.linalg.solve` per subset). Agreement is checked
first (to 1e-9, on R's swiss data and on generated data, through the `cxscore drivers` command); then
each peer is timed on 10^6 generated customers and compared with the matching Google Benchmark of
cxscore (`cxscore_drivers_bench`: BM_drivers = Gram build + LMG + relative weights + OLS, 2 threads;
BM_gram_build for the Gram/correlation pass). Both sides start from data in memory.

    pip install numpy pandas relativeimp
    python bench/peers/drivers_vs_relativeimp.py --cli build/release/cxscore \
        --bench build/release/bench/cxscore_drivers_bench [--drivers 10 15] [--rows 1000000] [--repeats 3] \
        [--json FILE]

Prints a table of medians and ratios (peer time / cxscore time), then the same as JSON.
"""
import argparse
import csv
import itertools
import json
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from _common import TEST_DATA, machine, median_seconds
from relativeImp import relativeImp

SWISS = TEST_DATA / "reference" / "swiss.csv"


def numpy_lmg(corr):
    """LMG from the correlation matrix (outcome last), one solve per subset, Shapley weights by size."""
    p = corr.shape[0] - 1
    rxy = corr[:p, p]
    r2 = {(): 0.0}
    for k in range(1, p + 1):
        for s in itertools.combinations(range(p), k):
            idx = list(s)
            r2[s] = float(rxy[idx] @ np.linalg.solve(corr[np.ix_(idx, idx)], rxy[idx]))
    out = np.zeros(p)
    from math import comb
    for s, value in r2.items():
        k = len(s)
        members = set(s)
        for j in range(p):
            if j in members:
                out[j] += value / (p * comb(p - 1, k - 1))
            else:
                out[j] -= value / (p * comb(p - 1, k))
    return out


def generate(rows, p, seed):
    rng = np.random.default_rng(seed)
    mix = 0.3 * rng.standard_normal((p, p)) + np.eye(p)
    x = rng.standard_normal((rows, p)) @ mix
    y = x @ rng.standard_normal(p) + 3 * rng.standard_normal(rows)
    return pd.DataFrame(np.column_stack([x, y]), columns=[f"d{j}" for j in range(p)] + ["y"])


def run_cli(cli, table, outcome):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([cli, "drivers", "--table", str(table), "--outcome", outcome, "--out", f"{tmp}/out"],
                       check=True, capture_output=True)
        with open(f"{tmp}/out/drivers.csv", newline="") as f:
            return pd.DataFrame(list(csv.DictReader(f))).set_index("driver").astype(float)


def check_agreement(cli):
    worst = 0.0
    swiss = pd.read_csv(SWISS, index_col=0)
    generated = generate(5000, 8, 1)
    with tempfile.TemporaryDirectory() as tmp:
        generated.to_csv(f"{tmp}/g.csv", index=False)
        for df, table, outcome in [(swiss, SWISS, "Fertility"), (generated, f"{tmp}/g.csv", "y")]:
            drivers = [c for c in df.columns if c != outcome]
            ours = run_cli(cli, table, outcome)
            theirs = relativeImp(df, outcomeName=outcome, driverNames=drivers).set_index("driver")
            corr = df[drivers + [outcome]].corr().to_numpy()
            worst = max(worst, float(np.max(np.abs(ours["relative_weight"] - theirs["rawRelaImpt"].astype(float)))),
                        float(np.max(np.abs(ours["lmg"].to_numpy() - numpy_lmg(corr)))))
    if not worst < 1e-9:
        sys.exit(f"disagreement: largest difference {worst:.3g} (>= 1e-9); no timing")
    return worst


def cxscore_seconds(bench, name):
    out = subprocess.run([bench, f"--benchmark_filter=^{name}/real_time$", "--benchmark_format=json",
                          "--benchmark_repetitions=3"], check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median"]
    unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[runs[0]["time_unit"]]
    return runs[0]["real_time"] * unit


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--drivers", type=int, nargs="+", default=[10, 15])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", help="also write the run as JSON here")
    a = ap.parse_args()

    worst = check_agreement(a.cli)
    print(f"agreement: largest difference {worst:.3g} (relative weights vs relativeImp, LMG vs NumPy all-subsets)")
    results = []
    for p in a.drivers:
        df = generate(a.rows, p, p)
        names = [f"d{j}" for j in range(p)]
        ours = cxscore_seconds(a.bench, f"BM_drivers/{p}")
        gram = cxscore_seconds(a.bench, f"BM_gram_build/{p}") if p in (10, 20) else None
        rw = median_seconds(lambda df=df, names=names: relativeImp(df, outcomeName="y", driverNames=names), a.repeats)
        lmg = median_seconds(lambda df=df: numpy_lmg(np.corrcoef(df.to_numpy(), rowvar=False)), a.repeats)
        results.append({"drivers": p, "rows": a.rows, "cxscore_drivers_s": ours, "cxscore_gram_s": gram,
                        "relativeimp_s": rw, "numpy_lmg_s": lmg,
                        "ratio_relativeimp": rw / ours, "ratio_numpy_lmg": lmg / ours})
    print(f"{'drivers':>7} {'cxscore (all methods)':>22} {'relativeImp (RW only)':>22} {'NumPy LMG':>12}"
          f" {'ratio RW':>9} {'ratio LMG':>10}")
    for r in results:
        print(f"{r['drivers']:>7} {r['cxscore_drivers_s']:>21.4f}s {r['relativeimp_s']:>21.4f}s"
              f" {r['numpy_lmg_s']:>11.4f}s {r['ratio_relativeimp']:>8.1f}x {r['ratio_numpy_lmg']:>9.1f}x")
    report = {"agreement_max_abs_diff": worst, "results": results, "machine": machine()}
    print(json.dumps(report, indent=2))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
