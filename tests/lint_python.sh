#!/usr/bin/env bash
# The Python package's conventions, checked by tools: ruff (style, imports, likely bugs; also on the
# Python tests, examples, benchmark scripts and docs/conf.py), mypy (types of the pure-Python modules and of the
# extension's stub), stubtest (python/cxscore/_core.pyi's names, classes and properties against the
# compiled cxscore._core) and tests/stub_signatures.py (the stub's parameters, which stubtest cannot
# read from pybind11). Exits non-zero on any finding.
#
# Usage: bash tests/lint_python.sh [VENV]   (default build/venv)
# VENV must already have cxscore installed (pip install .): stubtest imports the compiled module.
# The tools are pinned so that a new release's rules cannot fail an unchanged tree.
set -uo pipefail
cd "$(dirname "$0")/.."
venv="${1:-build/venv}"
python="$venv/bin/python"

if ! "$python" -c "import cxscore._core" 2>/dev/null; then
  echo "lint_python.sh: cxscore is not installed in $venv (run: $python -m pip install .)" >&2
  exit 2
fi
"$python" -m pip install --quiet ruff==0.17.6 mypy==2.4.1 pandas-stubs==3.1.0.261029 || exit 2

status=0
echo "== ruff"
"$python" -m ruff check python/cxscore tests/stub_signatures.py tests/python examples/python bench docs scripts || status=1
echo "== mypy"
"$python" -m mypy python/cxscore || status=1
# MYPYPATH puts this tree's stub first, so an edited stub is checked without reinstalling (and the
# package's callers are type-checked against it); the runtime side is the installed module.
echo "== stubtest"
MYPYPATH=python "$python" -m mypy.stubtest cxscore._core --mypy-config-file pyproject.toml \
  --allowlist tests/stubtest_allowlist.txt || status=1
echo "== stub signatures"
"$python" tests/stub_signatures.py python/cxscore/_core.pyi || status=1
exit $status
