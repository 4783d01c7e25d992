#!/usr/bin/env bash
# The portable build (the default: runs on any x86-64 CPU, picks the scoring kernel at run time) and the
# native build (CXSCORE_NATIVE=ON, -march=native) give the same bytes: the demo's report (its HTML page's
# data-* numbers to 10 significant digits, below), the simulated brand, and the scores of that brand under
# two models, each build with every kernel target this CPU runs (CXSCORE_FORCE_ISA). Builds the command only, in build/portable-check/{portable,native}.
#   CUSTOMERS        simulated customers (default 750000: about 10^7 events)
#   PORTABLE_BUILD   a default build folder whose command is already built (`pip install .` with
#                    `-C build-dir=...`, as tests/run_all.sh does): used instead of building a portable one
set -euo pipefail
cd "$(dirname "$0")/.."
customers="${CUSTOMERS:-750000}"
root=build/portable-check
launcher=()
if command -v ccache > /dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

declare -A build=([portable]="${PORTABLE_BUILD:-$root/portable}" [native]="$root/native")
for kind in portable native; do
  [ "$kind" = portable ] && [ -n "${PORTABLE_BUILD:-}" ] && continue
  native=OFF
  [ "$kind" = native ] && native=ON
  cmake -S . -B "${build[$kind]}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCXSCORE_NATIVE="$native" \
    -DCXSCORE_BUILD_TESTS=OFF -DCXSCORE_BUILD_BENCH=OFF -DCXSCORE_BUILD_EXAMPLES=OFF -DCXSCORE_INSTALL=OFF \
    "${launcher[@]}" > /dev/null
  cmake --build "${build[$kind]}" --target cxscore_cli
done
# The compile flags as the generator wrote them (Ninja or Makefiles).
march_native_in() { grep -rqs --include=build.ninja --include=flags.make -- "-march=native" "$1"; }
if march_native_in "${build[portable]}"; then
  echo "the portable build (${build[portable]}) compiles with -march=native" >&2
  exit 1
fi
if ! march_native_in "${build[native]}"; then
  echo "the native build (${build[native]}) does not compile with -march=native" >&2
  exit 1
fi

out="$root/out"
rm -rf "$out"
mkdir -p "$out"
runs=()
for kind in portable native; do
  cli="${build[$kind]}/cxscore"
  "$cli" simulate --customers "$customers" --out "$out/$kind-simulated" > /dev/null
  for isa in baseline avx2 avx512; do
    run="$out/$kind-$isa"
    # One path for every run's page, so the printed reports are alike; each page is compared after its run.
    if ! CXSCORE_FORCE_ISA="$isa" "$cli" demo --html "$out/demo.html" > "$run.demo" 2> "$run.err"; then
      grep -q "does not run the target" "$run.err" || { cat "$run.err" >&2; exit 1; }
      echo "$kind: no $isa on this CPU, skipped"
      rm "$run.demo"
      continue
    fi
    mv "$out/demo.html" "$run.html"
    for model in prospect servqual; do
      CXSCORE_FORCE_ISA="$isa" "$cli" score --map "$out/portable-simulated/map.json" \
        --events "$out/portable-simulated/events.csv" --customers "$out/portable-simulated/customers.csv" \
        --model "$model" --out "$run-$model" > /dev/null
    done
    runs+=("$kind-$isa")
  done
done

# Every run against the first: the same bytes.
cmp_all() {  # reference, other
  diff -r -q "$1" "$2" > /dev/null || { echo "differ: $1 $2" >&2; diff -r "$1" "$2" | head -20 >&2; exit 1; }
}
# The demo's page with the numbers of its data-* attributes to 10 significant digits. The Markov what-if and
# the key drivers come from Eigen, whose vectorised sums round differently under -march=native: the page shows
# the same figures, and its full-precision attributes differ in their last bits. Everything else is compared
# byte for byte.
page_to_10_digits() {  # page
  python3 -c 'import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
number = re.compile(r"(data-[a-z-]+=\")(-?[0-9][0-9.e+-]*)(\")")
sys.stdout.write(number.sub(lambda m: m.group(1) + format(float(m.group(2)), ".10g") + m.group(3), text))' "$1"
}
cmp_all "$out/portable-simulated" "$out/native-simulated"
first="${runs[0]}"
for run in "${runs[@]:1}"; do
  cmp_all "$out/$first.demo" "$out/$run.demo"
  page_to_10_digits "$out/$first.html" > "$out/$first.page"
  page_to_10_digits "$out/$run.html" > "$out/$run.page"
  cmp_all "$out/$first.page" "$out/$run.page"
  for model in prospect servqual; do cmp_all "$out/$first-$model" "$out/$run-$model"; done
done
echo "portable and native builds: the same bytes, the page's data-* numbers to 10 digits (${runs[*]}; $customers simulated customers)"
