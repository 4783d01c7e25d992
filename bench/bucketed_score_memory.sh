#!/usr/bin/env bash
# Peak memory of `cxscore score` (and with COMMANDS, of service, owners, monitor, journeys) on a simulated brand,
# in memory and in buckets (a file larger than memory):
#   bash bench/bucketed_score_memory.sh [CUSTOMERS] [BUCKETS] [WINDOW_BYTES] [CXSCORE]
# Defaults: 10^6 customers (about 1.3 * 10^7 events, 650 MB of CSV), 8 buckets, 64 MiB windows, the release
# build. Both runs write their outputs; customers.csv (service.csv) must be the same bytes. Skip the in-memory
# run with IN_MEMORY=0 (a file that does not fit). Scratch files go to $SCRATCH (default: a folder under /tmp).
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

# The commands measured: score by default; COMMANDS="score service owners monitor journeys" for every one that
# reads events in buckets (journeys reads the log against the map, with the outcomes).
log_inputs=(--map "$scratch/sim/map.json" --events "$scratch/sim/events.csv" --outcomes "$scratch/sim/outcomes.csv")
for command in ${COMMANDS:-score}; do
  if [ "$command" = journeys ]; then
    inputs_of=("${log_inputs[@]}")
  else
    inputs_of=("${inputs[@]}")
  fi
  if [ "${IN_MEMORY:-1}" != 0 ]; then
    measure "$command-memory" "$command" "${inputs_of[@]}" --out "$scratch/$command-memory"
  fi
  measure "$command-buckets" "$command" "${inputs_of[@]}" --buckets "$buckets" --window-bytes "$window" \
    --out "$scratch/$command-buckets"
  if [ "${IN_MEMORY:-1}" != 0 ] && [ "$command" = score ]; then
    cmp "$scratch/score-memory/customers.csv" "$scratch/score-buckets/customers.csv" &&
      echo "customers.csv: the same bytes"
  fi
  if [ "${IN_MEMORY:-1}" != 0 ] && [ "$command" = service ]; then
    cmp "$scratch/service-memory/service.csv" "$scratch/service-buckets/service.csv" &&
      echo "service.csv: the same bytes"
  fi
  if [ "${IN_MEMORY:-1}" != 0 ] && [ "$command" = journeys ]; then
    cmp "$scratch/journeys-memory/markov.csv" "$scratch/journeys-buckets/markov.csv" &&
      echo "markov.csv: the same bytes"
  fi
done
