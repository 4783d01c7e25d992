#!/usr/bin/env python3
"""Each scoring case of a cxscore_bench JSON run as a share of the bandwidth reference.

    python3 bench/bandwidth_share.py scoring.json

For every BM_score_* run (and BM_measure_*: the kernel's measuring alone, no sums) it takes the median
over repetitions (or the single run) and prints:
  bytes/s share   the case's bytes/s (the bytes of the columns it reads, once) over BM_bandwidth's bytes/s
  one-read share  BM_bandwidth's time over the case's time: how close scoring comes to reading its
                  input once at the speed this machine's memory delivers (the same as the first)
The reference is BM_bandwidth_with_time for cases with decay or peak-end, else BM_bandwidth, at the same
number of events.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict


def medians(runs):
    """run name -> (real_time, bytes_per_second): the median aggregate if present, else the median run."""
    by_name = defaultdict(list)
    aggregate = {}
    for run in runs:
        name = run.get("run_name", run["name"]).replace("/real_time", "")
        if run.get("run_type") == "aggregate":
            if run.get("aggregate_name") == "median":
                aggregate[name] = (run["real_time"], run.get("bytes_per_second", 0.0))
        elif "bytes_per_second" in run:
            by_name[name].append((run["real_time"], run["bytes_per_second"]))
    out = {name: (statistics.median(t for t, _ in values), statistics.median(b for _, b in values))
           for name, values in by_name.items()}
    out.update(aggregate)
    return out


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)["benchmarks"]
    table = medians(runs)
    rows = []
    for name, (time, bps) in sorted(table.items()):
        if not name.startswith(("BM_score_", "BM_measure_")):
            continue
        family, events = name.split("/")[0], name.split("/")[1]
        reference = f"BM_bandwidth_with_time/{events}" if "decay_peak_end" in family else f"BM_bandwidth/{events}"
        if reference not in table:
            continue
        ref_time, ref_bps = table[reference]
        rows.append((name, time, 100 * bps / ref_bps, 100 * ref_time / time, reference))
    if not rows:
        print("no BM_score_* runs with a matching BM_bandwidth reference in", path, file=sys.stderr)
        return 1
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'time':>10}  {'bytes/s share':>13}  {'one-read share':>14}  reference")
    for name, time, share, one_read, reference in rows:
        print(f"{name:<{width}}  {time:>8.2f}ms  {share:>12.1f}%  {one_read:>13.1f}%  {reference}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
