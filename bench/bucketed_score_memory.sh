#!/usr/bin/env bash
# Peak memory of `cxscore score` on a simulated brand, in memory and in buckets (a file larger than memory):
#   bash bench/bucketed_score_memory.sh [CUSTOMERS] [BUCKETS] [WINDOW_BYTES] [CXSCORE]
# Defaults: 10^6 customers (about 1.3 * 10^7 events, 650 MB of CSV), 8 buckets, 64 MiB windows, the release
# build. Both runs write their outputs; customers.csv must be the same bytes. Skip the in-memory run with
# IN_MEMORY=0 (a file that does not fit). Scratch files go to $SCRATCH (default: a folder under /tmp).
set -euo pipefail
customers="${1:-1000000}"
buckets="${2:-8}"
window="${3:-67108864}"
cxscore="${4:-$(dirname "$0")/../build/release/cxscore}"
scratch="${SCRATCH:-$(mktemp -d /tmp/cxscore-bucket-bench.XXXXXX)}"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch"

"$cxscore" simulate --customers "$customers" --out "$scratch/sim" >/dev/null
inputs=(--map "$scratch/sim/map.json" --events "$scratch/sim/events.csv" --customers "$scratch/sim/customers.csv"
        --model "$scratch/sim/model.json")
echo "events file: $(du -h "$scratch/sim/events.csv" | cut -f1), $(($(wc -l <"$scratch/sim/events.csv") - 1)) rows"

# Peak RSS (MB) and wall time of one run of the command.
measure() {
  local label="$1"
  shift
  /usr/bin/time -v "$cxscore" "$@" >"$scratch/$label.out" 2>"$scratch/$label.time"
  local rss wall
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$scratch/$label.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$scratch/$label.time")
  printf '%-10s peak RSS %6d MB, wall %s  (%s)\n' "$label" $((rss / 1024)) "$wall" "$(head -1 "$scratch/$label.out")"
}

if [ "${IN_MEMORY:-1}" != 0 ]; then
  measure memory score "${inputs[@]}" --out "$scratch/memory"
fi
measure buckets score "${inputs[@]}" --buckets "$buckets" --window-bytes "$window" --out "$scratch/buckets"
if [ "${IN_MEMORY:-1}" != 0 ]; then
  cmp "$scratch/memory/customers.csv" "$scratch/buckets/customers.csv" && echo "customers.csv: the same bytes"
fi
