"""Shared helpers of the peer benchmarks: locating binaries and data, running Google Benchmark, medians."""
import argparse
import datetime
import gzip
import json
import os
import pathlib
import platform
import re
import shutil
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The real logs the repository carries (tests/data/README.md), gzip-compressed; $CXSCORE_TEST_DATA may name
# another folder of the same files.
TEST_DATA = pathlib.Path(os.environ.get("CXSCORE_TEST_DATA", ROOT / "tests" / "data")).resolve()


def real_log(name: str) -> pathlib.Path:
    """The real log `name` (helpdesk, bpic2012) as CSV text, decompressed once from TEST_DATA into
    build/bench-data: the timed reads on both sides read text, as a user's exported log is."""
    text = ROOT / "build" / "bench-data" / f"{name}.csv"
    if not text.exists():
        text.parent.mkdir(parents=True, exist_ok=True)
        partial = text.with_suffix(".csv.partial")
        with gzip.open(TEST_DATA / f"{name}.csv.gz", "rb") as compressed, open(partial, "wb") as out:
            shutil.copyfileobj(compressed, out)
        partial.replace(text)
    return text


def binary(name: str, env: str) -> pathlib.Path:
    """A built binary: $env, else build/release/<name>, else build/release/bench/<name>."""
    if os.environ.get(env):
        return pathlib.Path(os.environ[env])
    for candidate in (ROOT / "build" / "release" / name, ROOT / "build" / "release" / "bench" / name):
        if candidate.exists():
            return candidate
    raise SystemExit(
        f"{name} not found: build it (cmake --preset release && cmake --build --preset release) or set {env}"
    )


def seconds(fn, repeat: int) -> dict:
    """Median and best of `repeat` timed calls of fn(), in seconds. The best is what the code costs when
    nothing else competes for the machine (as timeit reports it); the median is what a shared machine gives."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "best": min(times)}


def median_seconds(fn, repeat: int) -> float:
    return seconds(fn, repeat)["median"]


def ratio_table(medians: dict, times: dict, targets: dict, column: str, values: dict, digits: int = 3) -> list:
    """Prints the Markdown table of each tool's median, its ratio to cxscore's (how many times slower) and its
    target (how many times slower it should be), with ``column``: ``values`` by tool (its threads, its engine);
    returns the rows for the JSON."""
    print(f"| tool | {column} | median s | ratio to cxscore | target | met? |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    rows = []
    for name, median in medians.items():
        ratio = median / medians["cxscore"]
        target = targets.get(name)
        met = None if target is None else ratio >= target
        rows.append({"tool": name, column: values[name], "median_s": median, "runs_s": times[name],
                     "ratio_to_cxscore": ratio, "target": target, "met": met})
        print(f"| {name} | {values[name]} | {median:.{digits}f} | {ratio:.2f} | "
              f"{'' if target is None else f'>= {target:g}'} | {'' if met is None else 'yes' if met else 'no'} |")
    print()
    return rows


def bench_seconds(filter_regex: str, repeat: int, env=None) -> dict:
    """Median and best real time of one Google Benchmark of cxscore_journeys_bench over `repeat`
    repetitions, in seconds."""
    exe = binary("cxscore_journeys_bench", "CXSCORE_JOURNEYS_BENCH")
    out = subprocess.run([str(exe), f"--benchmark_filter={filter_regex}", f"--benchmark_repetitions={repeat}",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    runs = [b for b in json.loads(out.stdout)["benchmarks"] if b.get("run_type") == "iteration"]
    if not runs or any(b.get("error_occurred") for b in runs):
        raise SystemExit(f"benchmark {filter_regex} did not run: {out.stdout[-500:]}")
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    times = [b["real_time"] * scale[b["time_unit"]] for b in runs]
    return {"median": statistics.median(times), "best": min(times)}


def bench_median_seconds(filter_regex: str, repeat: int, env=None) -> float:
    """Median real time of one Google Benchmark of cxscore_journeys_bench, in seconds."""
    return bench_seconds(filter_regex, repeat, env)["median"]


def machine() -> dict:
    """The machine of a run, for the JSON and bench/README.md: CPU model (lscpu), cores, memory, the C++
    compiler of the release build, Python, the date, and the load average when the run started (the
    machine may be shared: a load above the core count makes every time longer)."""
    def first_line(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[0]
        except (OSError, subprocess.CalledProcessError, IndexError):
            return None

    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:
        lscpu = ""
    model = re.search(r"^Model name:\s*(.+)$", lscpu, re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", pathlib.Path("/proc/meminfo").read_text(), re.M)
    cache = ROOT / "build" / "release" / "CMakeCache.txt"
    compiler = re.search(r"^CMAKE_CXX_COMPILER:\w+=(.+)$", cache.read_text(), re.M) if cache.exists() else None
    return {"cpu": model.group(1).strip() if model else platform.processor() or platform.machine(),
            "cores": os.cpu_count(),
            "memory_gib": round(int(memory.group(1)) / 2**20, 1) if memory else None,
            "compiler": first_line([compiler.group(1).strip(), "--version"]) if compiler else None,
            "python": platform.python_version(),
            "date": datetime.date.today().isoformat(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def main(doc: str, run, options=(), repeat: int = 7) -> None:
    """Command line of a peer script: --repeat N (medians over N runs; default ``repeat``), --json FILE, and
    the script's own ``options`` as (flags, argparse keywords) pairs, handed to ``run(repeat, **values)``.
    The JSON printed and written is run's dict with the machine added."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--json")
    for flags, keywords in options:
        parser.add_argument(*flags, **keywords)
    args = parser.parse_args()
    extra = {name: value for name, value in vars(args).items() if name not in ("repeat", "json")}
    started = machine()
    result = {**run(args.repeat, **extra), "machine": started}
    # A shared machine: the load when the run ended says whether something else ran meanwhile.
    started["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
