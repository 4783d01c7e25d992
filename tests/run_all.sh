#!/usr/bin/env bash
# Every test: the C++ suite (unit and end-to-end tests, consumer projects, examples) in a debug build under
# AddressSanitizer + UndefinedBehaviorSanitizer; the threaded tests under ThreadSanitizer; each reader's
# fuzz target for 20 s on its seed corpus; then the Python package with the `cxscore` command in a virtual
# environment of its own (`pip install .` without build isolation, into build/python: the checks below reuse that
# build); that command's outputs against a -march=native build's (tests/portable_check.sh); the wheel of that build
# installed alone in a fresh virtual environment and run with no compiler on PATH and the baseline kernel, the same
# numbers as the automatic dispatch (tests/wheel_check.sh); a user's own `pip install .` (pip's isolated build) in
# a fresh virtual environment, its demo and its API (tests/pip_install_check.sh); the documentation site, built
# with every warning an error (docs/build.sh: Doxygen, then Sphinx); the pytest suite (whose command-line checks
# run the installed command, and whose tests/python/test_doc_snippets.py runs the code examples of README.md and
# docs/) and the Python walkthrough; and the conventions: C++ formatting and clang-tidy (tests/lint_cpp.sh), and
# the package's ruff, mypy and stubtest (tests/lint_python.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh  # installs only what is missing
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
# With ccache the add_subdirectory consumer project reuses the library objects the suite just compiled
# (the same sources and flags in another build folder, hence no hashing of the folder).
if command -v ccache >/dev/null 2>&1; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_NOHASHDIR=true
fi
# Each step says when it ends, counted from the start, so a slow step shows in the log.
step_done() { echo "run_all: $1 done at $((SECONDS / 60)) min $((SECONDS % 60)) s"; }
cmake --workflow --preset sanitize
step_done "C++ suite under ASan + UBSan"
cmake --workflow --preset tsan
step_done "threaded tests under TSan"
bash tests/fuzz/smoke.sh 20
step_done "fuzz smoke"

python3 -m venv build/venv
build/venv/bin/python -m pip install --quiet --upgrade pip
# Every package of this environment at the version of tests/constraints.txt (scripts/pin_test_packages.sh).
pip_install() { build/venv/bin/python -m pip install --quiet -c tests/constraints.txt "$@"; }
# The build folder is kept: the portable check below takes this build as its portable one, and the wheel check
# packs it. Hence the build requirements go into the venv and pip builds without isolation: an isolated build
# environment has a new path each time, and scikit-build-core then clears the build folder's CMake cache.
build/venv/bin/python scripts/pyproject_requirements.py build | pip_install -r /dev/stdin
pip_install --no-build-isolation ".[test]" -C build-dir="$PWD/build/python"
step_done "pip install ."
# The installed (portable) command and a -march=native build write the same bytes: the demo, and 10^6
# simulated events scored under two models by every kernel target this CPU runs.
PORTABLE_BUILD=build/python CUSTOMERS=75000 bash tests/portable_check.sh
step_done "portable and native builds: the same bytes"
# The wheel of that build, installed alone in a fresh venv and run with no compiler on PATH and the baseline kernel.
bash tests/wheel_check.sh
step_done "the wheel without compilers, baseline kernel"
bash tests/pip_install_check.sh
step_done "a user's pip install . (isolated build)"
# The documentation site, warnings as errors: Doxygen (from scripts/setup.sh) and the extra cxscore[docs], whose list
# pyproject.toml holds; installed by name, since `pip install ".[docs]"` would build the package again.
build/venv/bin/python scripts/pyproject_requirements.py docs | pip_install -r /dev/stdin
bash docs/build.sh build/venv
step_done "docs site (Doxygen, Sphinx -W)"
# What the tests compare with or drive: the extras plot (result.plot's charts), dask (cxscore.dask on a
# LocalCluster) and spark (cxscore.spark on local[2], with the Java of scripts/setup.sh), and the packages of
# tests/python/requirements.txt, each named there by the tests that need it.
{ build/venv/bin/python scripts/pyproject_requirements.py plot dask spark; sed 's/#.*//' tests/python/requirements.txt; } \
  | pip_install -r /dev/stdin
# CXSCORE_NO_SKIPS: a skipped test fails the run (tests/python/conftest.py).
CXSCORE_NO_SKIPS=1 CXSCORE_CLI="$PWD/build/venv/bin/cxscore" build/venv/bin/python -m pytest -rs tests/python
build/venv/bin/python examples/python/walkthrough.py > /dev/null
step_done "Python tests"
bash tests/lint_python.sh build/venv
step_done "Python conventions (ruff, mypy, stubtest)"
bash tests/lint_cpp.sh build/sanitize
step_done "C++ conventions (clang-format, clang-tidy)"
echo "all tests passed"
