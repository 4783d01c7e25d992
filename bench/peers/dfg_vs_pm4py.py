"""Directly-follows discovery on BPIC 2012 (262,200 events): cxscore vs pm4py.discover_dfg.

First checks that the counts agree exactly (edges, start and end activities) on both real logs, then times
discovery on a log already in memory on both sides (and the whole read + discover), and prints medians,
the ratio and JSON. Needs: pip install pm4py pandas; a release build (cxscore, cxscore_journeys_bench).
    python3 bench/peers/dfg_vs_pm4py.py [--repeat 7] [--json out.json]
"""
import csv
import subprocess
import tempfile

import pandas as pd
import pm4py
from _common import bench_median_seconds, binary, main, median_seconds, real_log

COLUMNS = "customer=case_id,touchpoint=activity,time=timestamp"


def load(log):
    df = pd.read_csv(log, dtype={"case_id": str})
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, format="ISO8601")
    return pm4py.format_dataframe(df, case_id="case_id", activity_key="activity", timestamp_key="timestamp")


def ours(log):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([str(binary("cxscore", "CXSCORE_CLI")), "journeys", "--events", str(log), "--columns", COLUMNS,
                        "--out", out], check=True, capture_output=True)
        dfg, start, end = {}, {}, {}
        with open(f"{out}/edges.csv", newline="") as f:
            for row in csv.DictReader(f):
                n = int(row["count"])
                if row["source"] == "__start__":
                    start[row["target"]] = n
                elif row["target"] == "__end__":
                    end[row["source"]] = n
                else:
                    dfg[(row["source"], row["target"])] = n
    return dfg, start, end


def agreement():
    for name in ("helpdesk", "bpic2012"):
        dfg, start, end = pm4py.discover_dfg(load(real_log(name)))
        if ours(real_log(name)) != (dict(dfg), dict(start), dict(end)):
            raise SystemExit(f"DISAGREE with pm4py on {name}")
        print(f"agree: {name}: {len(dfg)} edges, {sum(dfg.values())} transitions, identical counts")


def run(repeat: int):
    agreement()
    log = real_log("bpic2012")
    df = load(log)
    theirs = median_seconds(lambda: pm4py.discover_dfg(df), repeat)
    theirs_all = median_seconds(lambda: pm4py.discover_dfg(load(log)), max(3, repeat // 2))
    mine = bench_median_seconds("BM_dfg_bpic2012$", repeat)
    mine_all = bench_median_seconds("BM_read_and_dfg_bpic2012$", max(3, repeat // 2))
    result = {"workload": "DFG discovery, bpic2012.csv (262,200 events, 13,087 cases)",
              "pm4py_version": pm4py.__version__,
              "discover_in_memory": {"pm4py_s": theirs, "cxscore_s": mine, "ratio": theirs / mine},
              "read_and_discover": {"pm4py_s": theirs_all, "cxscore_s": mine_all, "ratio": theirs_all / mine_all}}
    print(f"discovery, log in memory:  pm4py {theirs * 1e3:9.2f} ms   cxscore {mine * 1e3:8.3f} ms   "
          f"cxscore is {theirs / mine:7.1f}x faster")
    print(f"read CSV + discovery:      pm4py {theirs_all * 1e3:9.2f} ms   cxscore {mine_all * 1e3:8.3f} ms   "
          f"cxscore is {theirs_all / mine_all:7.1f}x faster")
    return result


if __name__ == "__main__":
    main(__doc__, run)
