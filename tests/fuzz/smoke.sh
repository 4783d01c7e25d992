#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan) and runs each for SECONDS
# (default 30) on its seed corpus, JOBS at a time (default 2). Fails on any finding: a crash, a
# sanitizer report, an exception other than input_error, a broken round trip, a leak, a timeout.
# New inputs the fuzzer finds go to build/fuzz/run/<target>/corpus, findings to
# build/fuzz/run/<target>/crash-* (run the target on that file to reproduce it).
#
#   bash tests/fuzz/smoke.sh [SECONDS]      FUZZ_TARGETS="time map_json" to run only some
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
jobs="${FUZZ_JOBS:-2}"

if ! command -v clang++ >/dev/null 2>&1; then
  echo "smoke.sh: clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz

targets=()
for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
[ -n "${FUZZ_TARGETS:-}" ] && read -r -a targets <<<"$FUZZ_TARGETS"

run_root=build/fuzz/run
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

run_one() {
  local target="$1" dir="$run_root/$1"
  rm -rf "$dir" && mkdir -p "$dir/corpus"
  # The first corpus folder receives new inputs, so the committed seeds stay as they are.
  set +e
  "build/fuzz/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/" "$dir/corpus" "tests/fuzz/corpus/$target" >"$dir/log" 2>&1
  echo $? >"$dir/rc"
  set -e
}

running=0
for target in "${targets[@]}"; do
  [ -x "build/fuzz/tests/fuzz/${target}_fuzz" ] || { echo "smoke.sh: no fuzz target ${target}_fuzz" >&2; exit 1; }
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait

failed=0
for target in "${targets[@]}"; do
  dir="$run_root/$target"
  rc="$(cat "$dir/rc" 2>/dev/null || echo missing)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)"
  findings=("$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*)
  found=0
  for f in "${findings[@]}"; do [ -e "$f" ] && found=$((found + 1)); done
  if [ "$rc" != 0 ] || [ "$found" -ne 0 ]; then
    failed=1
    echo "FAIL $target: exit $rc, $found finding(s), ${runs:-?} runs; log $dir/log"
    grep -E "^(==[0-9]+==ERROR|finding:|SUMMARY)|runtime error" "$dir/log" | head -n 5 || true
    for f in "${findings[@]}"; do [ -e "$f" ] && echo "  reproduce: build/fuzz/tests/fuzz/${target}_fuzz $f"; done
  else
    echo "ok   $target: ${runs:-?} runs in ${seconds} s"
  fi
done
exit "$failed"
