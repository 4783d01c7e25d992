#!/usr/bin/env bash
# Every test: the C++ suite in a debug build (portable, the default), again under AddressSanitizer +
# UndefinedBehaviorSanitizer, the threaded tests under ThreadSanitizer,
# then the Python package installed as users install it (pip install .) in a virtual environment of its
# own, its pytest suite, and the Python walkthrough.
set -euo pipefail
cd "$(dirname "$0")/.."
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
cmake --workflow --preset dev
cmake --workflow --preset sanitize
cmake --workflow --preset tsan
# Further checks, run on their own until they join this run:
#   bash tests/fuzz/smoke.sh 30                       each fuzz target for 30 s on its seed corpus
#   CUSTOMERS=75000 bash tests/portable_check.sh      portable and native commands, byte for byte

python3 -m venv build/venv
build/venv/bin/python -m pip install --quiet --upgrade pip
build/venv/bin/python -m pip install --quiet ".[test]"
# pm4py is the reference for the directly-follows counts; its test is skipped (and says so) without it.
build/venv/bin/python -m pip install --quiet pm4py || echo "pm4py could not be installed: its comparison will be skipped"
# scikit-learn runs KeyDriverRegressor in a Pipeline; that test is skipped (and says so) without it.
build/venv/bin/python -m pip install --quiet scikit-learn || echo "scikit-learn could not be installed: its test will be skipped"
# polars and duckdb (pyarrow: pandas -> Polars) run two of the scoring peers checked against cxscore;
# that test is skipped without them.
build/venv/bin/python -m pip install --quiet polars duckdb pyarrow \
  || echo "polars/duckdb/pyarrow could not be installed: the scoring peers' test will be skipped"
CXSCORE_CLI="$PWD/build/dev/cxscore" build/venv/bin/python -m pytest -rs tests/python
build/venv/bin/python examples/python/walkthrough.py > /dev/null
echo "all tests passed"
