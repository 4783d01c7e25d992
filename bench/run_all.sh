#!/usr/bin/env bash
# Every benchmark in one command (not part of CI: it takes tens of minutes and wants a quiet machine).
#   bash bench/run_all.sh
# Builds the release bench targets and the Python module, runs every Google Benchmark binary with JSON
# output, then every peer script and python_overhead.py. Results go to build/bench-results/: <suite>.json
# (Google Benchmark's JSON or the script's JSON) and <suite>.txt (what it printed). A peer script whose
# Python packages are missing is skipped with the pip command that installs them.
# Environment: BENCH_REPEAT (runs per median of the Python scripts, default 5), BENCH_CUSTOMERS
# (simulated customers of the Python scripts, default 750000 = about 10^7 events).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="$ROOT/build/bench-results"
REPEAT="${BENCH_REPEAT:-5}"
CUSTOMERS="${BENCH_CUSTOMERS:-750000}"
BENCHES=(cxscore_bench cxscore_journeys_bench cxscore_drivers_bench cxscore_service_bench cxscore_one_customer_bench
         cxscore_dictionary_bench)

cmake --preset release -DCXSCORE_BUILD_PYTHON=ON > /dev/null
cmake --build --preset release --target cxscore_cli _core "${BENCHES[@]}"
mkdir -p "$OUT"
export PYTHONPATH="$ROOT/build/release/python${PYTHONPATH:+:$PYTHONPATH}"
export CXSCORE_CLI="$ROOT/build/release/cxscore"
skipped=()

for bench in "${BENCHES[@]}"; do
  echo "== $bench"
  filter=()
  # The ChannelAttribution benchmarks need its paths file: journeys_peers.py below makes it and times them.
  [ "$bench" = cxscore_journeys_bench ] && filter=(--benchmark_filter=-BM_markov_channelattribution)
  "build/release/bench/$bench" "${filter[@]}" --benchmark_out="$OUT/$bench.json" --benchmark_out_format=json \
    | tee "$OUT/$bench.txt"
done
# Each scoring case as a share of what this machine's memory delivers (issue 4's bandwidth targets).
python3 bench/bandwidth_share.py "$OUT/cxscore_bench.json" | tee "$OUT/bandwidth_share.txt"

# python_script NAME "module ..." "pip packages" ARGS...: runs bench/NAME.py or bench/peers/NAME.py.
python_script() {
  local name="$1" modules="$2" packages="$3"
  shift 3
  if ! python3 -c "import ${modules// /, }" 2>/dev/null; then
    echo "== $name skipped: pip install $packages"
    skipped+=("$name (pip install $packages)")
    return
  fi
  local script="bench/$name.py"
  [ -f "$script" ] || script="bench/peers/$name.py"
  echo "== $name"
  python3 "$script" "$@" | tee "$OUT/$name.txt"
}

python_script one_customer_cli "json" "" --repeat 3 --json "$OUT/one_customer_cli.json"
python_script python_overhead "numpy pandas" "numpy pandas" \
  --customers "$CUSTOMERS" --repeats "$REPEAT" --json "$OUT/python_overhead.json"
python_script scoring_peers "numpy pandas polars duckdb pyarrow" "numpy pandas polars duckdb pyarrow" \
  --customers "$CUSTOMERS" --repeat "$REPEAT" --json "$OUT/scoring_peers.json"
python_script python_frame_peers "numpy pandas" "numpy pandas" --repeat "$REPEAT" --json "$OUT/python_frame_peers.json"
# 10^7 events as files (CSV and Parquet, four layouts), cached in build/e2e-peers/ (2.3 GB).
python_script e2e_peers "numpy pandas pyarrow polars duckdb" "numpy pandas pyarrow polars duckdb" \
  --repeat 3 --json "$OUT/e2e_peers.json"
python_script journeys_peers "pandas pm4py ChannelAttribution" "pandas pm4py channelattribution" \
  --repeat "$REPEAT" --json "$OUT/journeys_peers.json"
python_script drivers_vs_relativeimp "numpy pandas relativeImp" "numpy pandas relativeimp" \
  --cli "$CXSCORE_CLI" --bench build/release/bench/cxscore_drivers_bench --json "$OUT/drivers_peers.json"

echo
echo "Results in $OUT:"
ls -1 "$OUT"
if [ "${#skipped[@]}" -gt 0 ]; then
  printf 'Skipped: %s\n' "${skipped[@]}"
fi
