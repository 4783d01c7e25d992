"""How much longer scoring takes from a pandas DataFrame than in the C++ core on the same columns.

    python bench/python_overhead.py [--customers 750000] [--repeats 7] [--json FILE]

Same process, same data, medians of several runs. "core" is cxscore._core.score_columns on columns
already prepared as a C++ application has them (uint32 touchpoint and int32 dimension codes, float64
seconds and values): validation, scoring and the result tables, without the GIL. "frame" is
cxscore.score on a DataFrame as a data scientist has it: categorical customer and touchpoint,
datetime64[ns, UTC] time, float64 experience and expectation, categorical dimension. The difference is
the pure-Python layer's preparation (factorised ids, converted times).
It also checks which columns were read in place (the float64 ones, and the categoricals' int8 codes).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

import cxscore
from cxscore import _core
from cxscore._columns import ROLES, prepare_events

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "peers"))
from _common import machine, median_seconds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=750_000, help="simulated customers (750k = 1e7 events)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", help="also write the run as JSON here")
    args = parser.parse_args()

    started = machine()
    sim = cxscore.simulate(customers=args.customers, seed=3)
    events, jm, model = sim.events, sim.journey_map, sim.model
    # The core on the columns a C++ application has: uint32 touchpoint and int32 dimension codes.
    prepared = prepare_events(events, jm.touchpoint_names, {role: role for role in ROLES}, byte_codes=False)

    frame_result = cxscore.score(events, jm, model)
    core_result = _core.score_columns(prepared.columns, jm, model)
    assert frame_result.summary == core_result["summary"], "the two entry points disagree"
    used = frame_result._raw["input_addresses"]
    in_place = {c: used[c] == events[c].to_numpy().ctypes.data for c in ("experience", "expectation")}
    in_place.update({c: used[c] == events[c].array.codes.ctypes.data for c in ("touchpoint", "dimension")})

    core = median_seconds(lambda: _core.score_columns(prepared.columns, jm, model), args.repeats)
    frame = median_seconds(lambda: cxscore.score(events, jm, model), args.repeats)
    report = {
        "events": len(events),
        "customers": args.customers,
        "repeats": args.repeats,
        "core_median_s": core,
        "frame_median_s": frame,
        "frame_over_core": frame / core,
        "columns_read_in_place": in_place,
        "machine": started,
    }
    print(f"{len(events):,} events, {args.customers:,} customers, medians of {args.repeats}")
    print(f"  C++ core on prepared columns : {core * 1e3:8.1f} ms  ({len(events) / core / 1e6:.1f} M events/s)")
    print(f"  cxscore.score(DataFrame)     : {frame * 1e3:8.1f} ms  ({frame / core - 1:+.1%} vs core)")
    print(f"  columns read in place        : {in_place}")
    print(json.dumps(report))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
