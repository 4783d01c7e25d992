#!/usr/bin/env bash
# Writes tests/constraints.txt: the exact versions of every Python package tests/run_all.sh installs into the tests'
# environment, as pip resolves them today (the build requirements, the package's dependencies and extras, the
# packages of tests/python/requirements.txt). CI installs those versions, so a release on the index (say a dask
# that no distributed yet matches) changes nothing until this is run again, the tests pass, and the file is
# committed. Run from anywhere; needs python3 with pip.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
{
  python3 scripts/pyproject_requirements.py build dependencies test docs plot dask spark
  sed 's/#.*//' tests/python/requirements.txt
} | "$venv/bin/python" -m pip install --quiet --dry-run --ignore-installed --report "$venv/report.json" -r /dev/stdin
{
  echo "# The versions tests/run_all.sh installs into the tests' environment (pip install -c). Written by"
  echo "# scripts/pin_test_packages.sh, which says when to run it again; do not edit by hand."
  "$venv/bin/python" -c '
import json, sys
report = json.load(open(sys.argv[1]))
pins = sorted((i["metadata"]["name"].lower(), i["metadata"]["version"]) for i in report["install"])
print("\n".join(f"{name}=={version}" for name, version in pins))' "$venv/report.json"
} > tests/constraints.txt
echo "pin_test_packages: $(grep -vc '^#' tests/constraints.txt) packages pinned in tests/constraints.txt"
