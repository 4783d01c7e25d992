#!/usr/bin/env bash
# The wheel gives a user everything without a compiler: built with `pip wheel .` from the build folder that
# tests/run_all.sh's `pip install .` left (nothing compiled again), installed alone in a fresh virtual
# environment, then run where no compiler, linker or build tool is on PATH and with the scoring kernel forced
# to the baseline target (what a CPU without AVX2 or AVX-512 runs): the `cxscore` command (demo, help, score)
# and the Python API, each giving the same numbers as the automatic dispatch. Also: the extras in the wheel's
# metadata, and what the command and the extension module need from the system (ldd), none of it from here.
#   Needs build/venv and build/python as tests/run_all.sh leaves them (the build requirements in build/venv,
#   the package installed with --no-build-isolation -C build-dir="$PWD/build/python").
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "wheel_check: $*" >&2; exit 1; }
[ -x build/venv/bin/python ] && [ -f build/python/CMakeCache.txt ] \
  || fail "no build/venv or build/python: run the 'pip install .' step of tests/run_all.sh first"
root="$PWD/build/wheel-check"
rm -rf "$root" build/wheel build/wheel-venv
mkdir -p "$root"

# 1. The wheel from run_all's build folder. Without build isolation: an isolated build environment has a new
# path each time, and scikit-build-core then clears the CMake cache and everything compiles again.
start=$SECONDS
build/venv/bin/python -m pip wheel . --no-deps --no-build-isolation -v -w build/wheel \
  -C build-dir="$PWD/build/python" > "$root/wheel.log" 2>&1 || { tail -30 "$root/wheel.log" >&2; fail "pip wheel failed"; }
if grep -E "Building CXX object|Linking CXX" "$root/wheel.log" | head -5 >&2; then
  fail "the wheel compiled again (log: $root/wheel.log): it must reuse run_all's build/python"
fi
wheels=(build/wheel/cxscore-*.whl)
[ "${#wheels[@]}" = 1 ] && [ -f "${wheels[0]}" ] || fail "expected one wheel in build/wheel: ${wheels[*]}"
wheel="$PWD/${wheels[0]}"
echo "wheel_check: $(basename "$wheel") built in $((SECONDS - start)) s, nothing compiled"

# 2. The wheel alone in a fresh environment: its dependencies (numpy, pandas) from the index, nothing from here.
build/venv/bin/python -m venv build/wheel-venv
venv="$PWD/build/wheel-venv"
"$venv/bin/python" -m pip install --quiet "$wheel"

# 3. A user's machine: the environment's bin, bash and env, nothing else on PATH. Variables are passed explicitly.
tools="$root/tools"
mkdir -p "$tools"
for t in bash env; do ln -s "$(command -v "$t")" "$tools/$t"; done
as_user() {  # ISA (baseline or "" for automatic), command...
  local isa="$1"; shift
  env -i HOME="$HOME" LANG=C.UTF-8 PATH="$venv/bin:$tools" ${isa:+CXSCORE_FORCE_ISA="$isa"} "$@"
}
as_user baseline bash -c 'for t in gcc g++ cc c++ clang clang++ cmake make ninja ld; do
  if command -v "$t"; then echo "$t is reachable" >&2; exit 1; fi; done
  [ "$(command -v cxscore)" = "$0/cxscore" ] || { echo "cxscore is not the environment one" >&2; exit 1; }' "$venv/bin" \
  || fail "the user environment is not compiler-free, or has no cxscore"
# The variable is really read: an unknown target is refused.
(cd "$root" && as_user nonsense cxscore demo > /dev/null 2> nonsense.err) && fail "CXSCORE_FORCE_ISA=nonsense was accepted"
grep -q "expected baseline" "$root/nonsense.err" || { cat "$root/nonsense.err" >&2; fail "CXSCORE_FORCE_ISA=nonsense: unexpected error"; }

mkdir -p "$root/demo"
(cd "$root/demo" && as_user baseline cxscore demo > demo.txt) || fail "cxscore demo failed under baseline"
bash tests/demo_output_check.sh "$root/demo/demo.txt" || fail "cxscore demo under baseline: no report"
as_user baseline cxscore --help | grep -q "^Subcommands:" || fail "cxscore --help lists no subcommands"
# The command's version and the module's are the wheel's (its file name: cxscore-VERSION-...).
version=$(basename "$wheel" | cut -d- -f2)
[ "$(as_user baseline cxscore --version)" = "cxscore $version" ] || fail "cxscore --version is not 'cxscore $version'"
[ "$(as_user baseline python -c 'import cxscore; print(cxscore.__version__)')" = "$version" ] \
  || fail "cxscore.__version__ is not $version"

# The command's outputs, baseline against automatic (AVX-512 or AVX2 where the CPU runs it): the same bytes.
as_user "" cxscore simulate --customers 20000 --seed 7 --out "$root/sim" > /dev/null
for isa in baseline auto; do
  as_user "${isa/auto/}" cxscore score --map "$root/sim/map.json" --events "$root/sim/events.csv" \
    --customers "$root/sim/customers.csv" --model servqual --out "$root/score-$isa" > /dev/null
done
diff -r "$root/score-baseline" "$root/score-auto" > /dev/null || fail "cxscore score: baseline and automatic differ"

# The Python API: examples/data (as README's quick start) and a simulated brand, customers' scores to 1e-12.
cat > "$root/example.py" << 'EOF'
import sys

import pandas as pd

import cxscore

data, out = sys.argv[1], sys.argv[2]
jm = cxscore.read_map(f"{data}/map.json")
events = cxscore.read_events(f"{data}/events.csv")
customers = pd.read_csv(f"{data}/customers.csv")
example = cxscore.score(events, jm, f"{data}/model.json", customers)
print(example.touchpoints.sort_values("impact").head(3))
sim = cxscore.simulate(customers=20_000, seed=3)
simulated = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
pd.to_pickle({"example": example.customers, "simulated": simulated.customers}, out)
EOF
for isa in baseline auto; do
  as_user "${isa/auto/}" python "$root/example.py" "$PWD/examples/data" "$root/customers-$isa.pkl" \
    > "$root/example-$isa.txt" || fail "the Python example failed under ${isa}"
done
as_user "" python - "$root/customers-baseline.pkl" "$root/customers-auto.pkl" << 'EOF' || fail "Python: baseline and automatic differ"
import sys

import numpy as np
import pandas as pd

base, auto = pd.read_pickle(sys.argv[1]), pd.read_pickle(sys.argv[2])
for name in base:
    a, b = base[name], auto[name]
    assert a.index.equals(b.index) and list(a.columns) == list(b.columns), name
    numbers = a.select_dtypes("number").columns
    np.testing.assert_allclose(a[numbers].to_numpy(float), b[numbers].to_numpy(float), rtol=1e-12, atol=0, err_msg=name)
    pd.testing.assert_frame_equal(a.drop(columns=numbers), b.drop(columns=numbers))
    print(f"{name}: {len(a)} customers, {list(numbers)} equal to 1e-12")
EOF

# 4. The extras' metadata is in the wheel.
"$venv/bin/python" - "$wheel" << 'EOF' || fail "extras missing from the wheel's METADATA"
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as whl:
    name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
    lines = whl.read(name).decode().splitlines()
extras = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Provides-Extra:")}
missing = {"plot", "dask", "spark", "test"} - extras
print(f"Provides-Extra: {sorted(extras)}")
sys.exit(f"missing: {sorted(missing)}" if missing else 0)
EOF

# 5. What the command and the module load: nothing from the build tree. Printed for the docs: the libraries each
# names (NEEDED) with the Debian package holding them, and what those load in turn (ldd).
module=$(echo "$venv"/lib/python3*/site-packages/cxscore/_core*.so)
for binary in "$venv/bin/cxscore" "$module"; do
  if readelf -d "$binary" | grep -E "R(UN)?PATH.*(/work|build/)"; then fail "$binary has an RPATH into the build tree"; fi
  ldd "$binary" > "$root/ldd.txt"
  if grep -E "not found|=> /work/" "$root/ldd.txt" | grep -v "=> $venv/"; then
    fail "$binary loads something missing or from the build tree"
  fi
  echo "wheel_check: ${binary#"$PWD/"} needs:"
  needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  for lib in $needed; do
    path=$(awk -v lib="$lib" '$1 == lib && $2 == "=>" {print $3} $1 ~ "/" lib "$" {print $1}' "$root/ldd.txt")
    real=$(readlink -f "$path")
    package=$(dpkg -S "*/$(basename "$(dirname "$real")")/$(basename "$real")" 2> /dev/null | awk -F: 'NR == 1 {print $1}') || true
    echo "  $lib  $real  (${package:-no Debian package})"
  done
  others=$(awk '$2 == "=>" {print $1}' "$root/ldd.txt" | grep -vxF "$needed" | tr '\n' ' ')
  echo "  and through those: $others"
done
echo "wheel_check: the wheel runs without compilers, baseline kernel equals automatic, extras present (${SECONDS} s)"
