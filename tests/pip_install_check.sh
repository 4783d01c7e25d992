#!/usr/bin/env bash
# `pip install .` as a user runs it: pip's default isolated build (scikit-build-core, pybind11 and, where the system
# has no CMake new enough, CMake itself from the index, in a throwaway environment and a temporary build folder)
# into a fresh virtual environment. Then, from there: `cxscore demo` prints the report and writes its page,
# `cxscore --version` and the module's `__version__` are the installed package's, and the Python API gives the
# command's customer scores for the examples' data (the README's quick start).
# With ccache (tests/run_all.sh sets it up) the library's objects come from the builds before; the bindings, which
# see pybind11 at the throwaway environment's path, compile again.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
fail() { echo "pip_install_check: $*" >&2; exit 1; }
root="$repo/build/pip-install-check"
rm -rf "$root"
mkdir -p "$root"
python3 -m venv "$root/venv"
venv="$root/venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
start=$SECONDS
"$venv/bin/python" -m pip install . > "$root/install.log" 2>&1 \
  || { tail -30 "$root/install.log" >&2; fail "pip install . failed (log: $root/install.log)"; }
echo "pip_install_check: pip install . built and installed in $((SECONDS - start)) s"

cd "$root"
"$venv/bin/cxscore" demo > demo.txt || fail "cxscore demo failed"
bash "$repo/tests/demo_output_check.sh" demo.txt || fail "cxscore demo: no report"

version=$("$venv/bin/python" -c 'import importlib.metadata; print(importlib.metadata.version("cxscore"))')
[ "$("$venv/bin/cxscore" --version)" = "cxscore $version" ] || fail "cxscore --version is not 'cxscore $version'"

data="$repo/examples/data"
"$venv/bin/cxscore" score --map "$data/map.json" --events "$data/events.csv" --customers "$data/customers.csv" \
  --model "$data/model.json" --out scored > /dev/null || fail "cxscore score failed on examples/data"
"$venv/bin/python" - "$data" scored/customers.csv << 'PY' || fail "the Python API and the command disagree"
import importlib.metadata
import sys

import numpy as np
import pandas as pd

import cxscore

data, written = sys.argv[1], sys.argv[2]
assert cxscore.__version__ == importlib.metadata.version("cxscore"), cxscore.__version__
result = cxscore.score(cxscore.read_events(f"{data}/events.csv"), cxscore.read_map(f"{data}/map.json"),
                       f"{data}/model.json", pd.read_csv(f"{data}/customers.csv", dtype={"customer": str}))
command = pd.read_csv(written, dtype={"customer": str}).set_index("customer")
python = result.customers.loc[command.index]
np.testing.assert_allclose(python[["score", "index"]].to_numpy(float), command[["score", "index"]].to_numpy(float),
                           rtol=1e-12, atol=0)
print(f"pip_install_check: cxscore {cxscore.__version__}: {len(command)} customers, Python equals the command")
PY
echo "pip_install_check: a fresh 'pip install .' runs the demo and the API (${SECONDS} s)"
