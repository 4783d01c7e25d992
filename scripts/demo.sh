#!/usr/bin/env bash
# The main job on the built-in sample. Installs what is missing (scripts/setup.sh build), installs the Python
# package with the `cxscore` command into build/venv (`pip install .`, compiled in build/python: the test
# command reuses that build), then scores the simulated retail brand, prints the report and writes the HTML
# page, whose path is the last line. Arguments go to `cxscore demo` (--customers N, --seed S, --html FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
if command -v ccache >/dev/null 2>&1; then export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_NOHASHDIR=true; fi
[ -x build/venv/bin/python ] || python3 -m venv build/venv
build/venv/bin/python -m pip install --quiet --upgrade pip
# Without build isolation, into build/python, as the test command builds: it then reuses this build.
# The versions the tests run with (tests/constraints.txt).
build/venv/bin/python scripts/pyproject_requirements.py build \
  | build/venv/bin/python -m pip install --quiet -c tests/constraints.txt -r /dev/stdin
build/venv/bin/python -m pip install --quiet -c tests/constraints.txt --no-build-isolation . -C build-dir="$PWD/build/python"
exec build/venv/bin/cxscore demo "$@"
