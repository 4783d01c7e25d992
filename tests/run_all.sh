#!/usr/bin/env bash
# Every test: the C++ suite in a debug build (portable, the default), again under AddressSanitizer +
# UndefinedBehaviorSanitizer, the threaded tests under ThreadSanitizer, each fuzz target for 30 s on its
# seed corpus, the portable and native release commands compared byte for byte,
# then the Python package installed as users install it (pip install .) in a virtual environment of its
# own, its pytest suite, and the Python walkthrough.
set -euo pipefail
cd "$(dirname "$0")/.."
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
cmake --workflow --preset dev
cmake --workflow --preset sanitize
cmake --workflow --preset tsan
bash tests/fuzz/smoke.sh 30
# About 10^6 simulated events; the script's default, 750,000 customers, is 10^7.
CUSTOMERS=75000 bash tests/portable_check.sh

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
