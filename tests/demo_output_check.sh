#!/usr/bin/env bash
# Checks what `cxscore demo` printed (saved in FILE): the report's headline and its "Fix first" list, and a last
# line naming the HTML page, which exists and is not empty. Used by the install checks (wheel_check.sh,
# pip_install_check.sh) on the command they installed.
#   bash tests/demo_output_check.sh FILE
set -euo pipefail
printout="$1"
fail() { echo "demo_output_check: $*" >&2; exit 1; }
grep -q "^Brand index" "$printout" && grep -q "^Fix first" "$printout" || fail "cxscore demo printed no report ($printout)"
page=$(sed -n 's/^wrote the HTML report //p' "$printout")
[ -n "$page" ] && [ -s "$page" ] || fail "cxscore demo names no HTML report, or it is missing: '$page' ($printout)"
