#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test cxscore. Needs root (or sudo).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  g++ make ninja-build git ca-certificates ccache \
  libeigen3-dev libboost-graph-dev libgtest-dev libgmock-dev libbenchmark-dev \
  nlohmann-json3-dev libcli11-dev libfmt-dev libabsl-dev zlib1g-dev \
  clang libclang-rt-14-dev \
  clang-format clang-tidy \
  pkg-config libgraphviz-dev chromium chromium-driver \
  default-jre-headless >/dev/null
# Above: clang 14's libFuzzer and sanitizer runtimes (tests/fuzz); tests/lint_cpp.sh's tools; Graphviz, which lays
# out the HTML report's journey map (src/report/html); Chromium and its driver, which render the report in
# tests/python/test_report_browser.py; Java (17 on Debian 12, 21 on Ubuntu 24.04), which runs the Spark session
# of tests/python/test_spark.py.
# Python 3.9+ with venv and headers for the Python package (pyenv or the distribution's).
if ! python3 -c "import venv, ensurepip, os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h'))" >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends python3 python3-dev python3-venv python3-pip >/dev/null
fi
# CMake >= 3.25 is needed for workflow presets; Debian 12 and Ubuntu 24.04 ship one.
if ! command -v cmake >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends cmake >/dev/null
fi
cmake --version | head -n 1
