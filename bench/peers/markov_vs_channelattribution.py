"""Markov removal effects on ChannelAttribution's own 10,000-path demo data: cxscore (exact, sparse LU) vs
ChannelAttribution.markov_model with its default settings (simulation).

First checks agreement: cxscore is deterministic (two runs, identical bytes) and every removal effect of
ChannelAttribution lies within its convergence tolerance (conv_par = 0.05 of the largest removal effect) of
cxscore's exact value; with 100x more simulations ChannelAttribution moves closer still. Then times the same
work on both sides, from the paths file to every removal effect: ChannelAttribution reads the file with
pandas and runs markov_model; cxscore reads it (read_paths_csv) and solves the chain. Prints medians and
bests of --repeat runs, their ratios and JSON. Needs: pip install channelattribution pandas; a release build.
    python3 bench/peers/markov_vs_channelattribution.py [--repeat 7] [--json out.json]
"""
import csv
import filecmp
import os
import pathlib
import subprocess
import tempfile

import ChannelAttribution as ca
import pandas as pd
from _common import bench_seconds, binary, main, seconds

CONV_PAR = 0.05  # markov_model's default convergence parameter


def demo_data() -> pd.DataFrame:
    """ChannelAttribution's own demo data, Data.csv, which its PyPI package ships (site-packages/cypack/data):
    10,000 paths over 12 channels, ';'-separated."""
    shipped = pathlib.Path(ca.__file__).resolve().parent.parent / "cypack" / "data" / "Data.csv"
    if not shipped.exists():
        raise SystemExit(f"ChannelAttribution's Data.csv is not at {shipped}: reinstall channelattribution")
    return pd.read_csv(shipped, sep=";")


def ours(paths_csv: str, out: str) -> dict:
    subprocess.run([str(binary("cxscore", "CXSCORE_CLI")), "journeys", "--paths", paths_csv, "--out", out],
                   check=True, capture_output=True)
    with open(f"{out}/markov.csv", newline="") as f:
        return {r["touchpoint"]: (float(r["removal_effect"]), float(r["credit"])) for r in csv.DictReader(f)}


def theirs(df: pd.DataFrame, **kwargs) -> dict:
    r = ca.markov_model(df, "path", "total_conversions", var_null="total_null", out_more=True, verbose=False, **kwargs)
    effects = dict(zip(r["removal_effects"]["channel_name"], r["removal_effects"]["removal_effect"]))
    credits = dict(zip(r["result"]["channel_name"], r["result"]["total_conversions"]))
    return {k: (effects[k], credits[k]) for k in effects}


def run(repeat: int):
    df = demo_data()
    with tempfile.TemporaryDirectory() as tmp:
        paths_csv = os.path.join(tmp, "paths.csv")
        df[["path", "total_conversions", "total_null"]].to_csv(paths_csv, index=False)
        exact = ours(paths_csv, os.path.join(tmp, "a"))
        ours(paths_csv, os.path.join(tmp, "b"))
        first, second = (os.path.join(tmp, run, "markov.csv") for run in ("a", "b"))
        deterministic = filecmp.cmp(first, second, shallow=False)
        if not deterministic:
            raise SystemExit("cxscore gave different bytes on two runs")
        default = theirs(df)
        precise = theirs(df, nsim_start=1e7)
        largest = max(v[0] for v in exact.values())
        diff_default = max(abs(exact[k][0] - default[k][0]) for k in exact)
        diff_precise = max(abs(exact[k][0] - precise[k][0]) for k in exact)
        total = sum(v[1] for v in exact.values())
        credit_diff = max(abs(exact[k][1] - default[k][1]) for k in exact) / total
        print(f"{'channel':10} {'cxscore RE':>12} {'CA default':>12} {'CA 1e7 sims':>12}")
        for k in sorted(exact, key=lambda k: -exact[k][0]):
            print(f"{k:10} {exact[k][0]:12.6f} {default[k][0]:12.6f} {precise[k][0]:12.6f}")
        print(f"max |RE difference|: default {diff_default:.5f}, 1e7 simulations {diff_precise:.5f} "
              f"(tolerance {CONV_PAR} x largest RE = {CONV_PAR * largest:.5f}); "
              f"max credit difference {credit_diff:.2%} of all conversions")
        if diff_default > CONV_PAR * largest:
            raise SystemExit("DISAGREE: beyond ChannelAttribution's convergence tolerance")
        t_theirs = seconds(lambda: theirs(pd.read_csv(paths_csv)), repeat)
        t_mine = bench_seconds("BM_markov_channelattribution$", repeat, {"CXSCORE_CA_PATHS": paths_csv})
        t_solve = bench_seconds("BM_markov_channelattribution_solve$", repeat, {"CXSCORE_CA_PATHS": paths_csv})
    for stat in ("median", "best"):
        print(f"file -> removal effects ({stat} of {repeat}): ChannelAttribution {t_theirs[stat] * 1e3:9.2f} ms   "
              f"cxscore {t_mine[stat] * 1e3:8.3f} ms   cxscore is {t_theirs[stat] / t_mine[stat]:7.1f}x faster")
    print(f"the model alone (transition counts -> every removal effect): cxscore {t_solve['median'] * 1e3:8.3f} ms, "
          f"{t_theirs['median'] / t_solve['median']:7.1f}x less than ChannelAttribution's whole call")
    return {"workload": "Markov removal effects, ChannelAttribution Data.csv (10,000 paths)",
            "channelattribution_version": getattr(ca, "__version__", "unknown"),
            "agreement": {"deterministic": deterministic, "max_abs_re_diff_default": diff_default,
                          "max_abs_re_diff_1e7_sims": diff_precise, "tolerance": CONV_PAR * largest,
                          "max_credit_diff_share": credit_diff},
            "timing": {"work": "paths file -> every removal effect, both sides",
                       "channelattribution_s": t_theirs, "cxscore_s": t_mine,
                       "ratio": t_theirs["median"] / t_mine["median"], "ratio_best": t_theirs["best"] / t_mine["best"],
                       "cxscore_model_only_s": t_solve, "ratio_model_only": t_theirs["median"] / t_solve["median"]}}


if __name__ == "__main__":
    main(__doc__, run)
