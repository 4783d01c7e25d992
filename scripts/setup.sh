#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build cxscore (`setup.sh build`: the library, the
# command and the Python package) or to build and test it (`setup.sh`, the default). Installs only what is
# missing: on a machine that has everything it asks nothing of apt. Needs root (or sudo) when it installs.
set -euo pipefail
what="${1:-all}"
case "$what" in build | all) ;; *) echo "usage: setup.sh [build|all]" >&2; exit 2 ;; esac

# The library, the command and the Python package: compiler, Ninja, Eigen, Boost.Graph,
# nlohmann-json, CLI11, {fmt}, abseil (the hash tables), zlib (gzip'd CSV), Graphviz (the HTML report's map).
packages=(g++ make ninja-build git ca-certificates ccache pkg-config
  libeigen3-dev libboost-graph-dev nlohmann-json3-dev libcli11-dev libfmt-dev libabsl-dev zlib1g-dev libgraphviz-dev)
if [ "$what" = all ]; then
  # The tests: GoogleTest and Google Benchmark; clang 14's libFuzzer and sanitizer runtimes (tests/fuzz);
  # tests/lint_cpp.sh's tools; Chromium and its driver, which render the report in
  # tests/python/test_report_browser.py; Java (17 on Debian 12, 21 on Ubuntu 24.04) for the Spark session of
  # tests/python/test_spark.py; Doxygen for the C++ API pages of the docs (docs/build.sh).
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev clang-format clang-tidy
    chromium chromium-driver default-jre-headless doxygen)
fi
# Python 3.9+ with venv and headers for the Python package (pyenv's or the distribution's).
if ! python3 -c "import venv, ensurepip, os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h'))" >/dev/null 2>&1; then
  packages+=(python3 python3-dev python3-venv python3-pip)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# CMake 3.25 or later (workflow presets): Debian's where no other (pyenv's, pip's) is on the PATH.
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake --version | head -n 1
