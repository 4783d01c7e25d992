"""One customer with an event a minute, end to end through the command: file in, results written.

The shape of cxscore_one_customer_bench (five experience touchpoints of three owners and one service
touchpoint, drawn at random; ratings 1-5 against a promise of 3), written as map.json and events.csv,
then `cxscore score`, `service`, `owners`, `monitor` and `journeys` timed on it (medians of --repeat runs,
wall time, the file's reading and the outputs' writing included). Checked first: every command exits 0,
and score's summary counts every event and the one customer.

    python3 bench/one_customer_cli.py [--events 1000000] [--repeat 3] [--json FILE]   # CXSCORE_CLI=path/to/cxscore
"""
import argparse
import json
import pathlib
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "peers"))
from _common import binary, seconds  # noqa: E402

OWNERS = ["ecommerce", "ecommerce", "logistics", "logistics", "finance"]


def write_inputs(folder: pathlib.Path, events: int, seed: int) -> None:
    touchpoints = [{"name": f"t{k}", "owner": owner, "promise": 3} for k, owner in enumerate(OWNERS)]
    touchpoints.append({"name": "care", "role": "service", "owner": "care", "promise": 3})
    (folder / "map.json").write_text(json.dumps({"name": "one-customer", "scale": [1, 5], "touchpoints": touchpoints}))
    names = [tp["name"] for tp in touchpoints]
    rng = random.Random(seed)
    start = 1_700_000_000
    with open(folder / "events.csv", "w") as out:
        out.write("customer,touchpoint,time,experience\n")
        out.writelines(f"c0,{rng.choice(names)},{start + 60 * i},{rng.randint(1, 5)}\n" for i in range(events))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()
    cli = binary("cxscore", "CXSCORE_CLI")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        write_inputs(folder, args.events, args.seed)
        inputs = ["--map", str(folder / "map.json"), "--events", str(folder / "events.csv")]
        commands = {
            "score": ["score", *inputs],
            "service": ["service", *inputs],
            "owners": ["owners", *inputs],
            "monitor": ["monitor", *inputs],
            "journeys": ["journeys", "--events", str(folder / "events.csv"), "--map", str(folder / "map.json")],
        }
        for name, command in commands.items():
            out = folder / f"out-{name}"

            def run(command=command, out=out):
                subprocess.run([str(cli), *command, "--out", str(out)], check=True, stdout=subprocess.DEVNULL)

            results[name] = seconds(run, args.repeat)
            if name == "score":
                summary = json.loads((out / "summary.json").read_text())
                if summary["events"] != args.events or summary["customers"] != 1:
                    raise SystemExit(f"score counted {summary['events']} events of {summary['customers']} customers")
            print(f"{name:9s} {args.events:>9,} events: median {results[name]['median']:.3f} s, "
                  f"best {results[name]['best']:.3f} s", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"events": args.events, "repeat": args.repeat, "seconds": results}, indent=2))


if __name__ == "__main__":
    main()
