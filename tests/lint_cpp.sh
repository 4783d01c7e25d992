#!/usr/bin/env bash
# The C++ conventions: every tracked source and header is formatted as .clang-format says, and the files
# a change touched pass .clang-tidy's checks.
#   bash tests/lint_cpp.sh [BUILD] [BASE]
# BUILD: a configured build folder with compile_commands.json (default build/sanitize, which the test
# run has just built). BASE: the commit the change starts from (default HEAD~1: the last commit). Each
# changed .cpp is checked as it is compiled; a changed header through one source file that includes it.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/sanitize}"
base="${2:-HEAD~1}"

for tool in clang-format clang-tidy; do
  command -v "$tool" >/dev/null 2>&1 || { echo "lint_cpp.sh: $tool not found (Debian: apt-get install $tool)" >&2; exit 1; }
done

git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run -Werror
echo "lint_cpp: $(git ls-files '*.cpp' '*.hpp' | wc -l) files formatted as .clang-format says"

[ -f "$build/compile_commands.json" ] || { echo "lint_cpp.sh: no $build/compile_commands.json" >&2; exit 1; }
# The source files the build compiles, relative to the repository.
mapfile -t compiled < <(python3 -c '
import json, os, sys
root = os.getcwd()
for entry in json.load(open(sys.argv[1])):
    path = os.path.relpath(os.path.join(entry["directory"], entry["file"]), root)
    if not path.startswith(".."):
        print(path)' "$build/compile_commands.json" | sort -u)
if ! git rev-parse --verify --quiet "$base" >/dev/null; then
  echo "lint_cpp: no commit $base to compare with; clang-tidy skipped"
  exit 0
fi
units=()
while IFS= read -r changed; do
  case "$changed" in
    *.cpp) printf '%s\n' "${compiled[@]}" | grep -qxF "$changed" && units+=("$changed") ;;
    *.hpp)
      name="${changed##*/}"
      for unit in "${compiled[@]}"; do
        if grep -q "[/\"<]$name[\">]" "$unit"; then units+=("$unit"); break; fi
      done ;;
  esac
done < <(git diff --name-only --diff-filter=AM "$base" -- '*.cpp' '*.hpp')
mapfile -t units < <(printf '%s\n' "${units[@]}" | sed '/^$/d' | sort -u)
if [ "${#units[@]}" -eq 0 ]; then
  echo "lint_cpp: no compiled C++ file changed since $base"
  exit 0
fi
printf '%s\n' "${units[@]}" | xargs -P "$(nproc)" -n 1 clang-tidy -p "$build" --quiet
echo "lint_cpp: ${#units[@]} files changed since $base pass clang-tidy"
