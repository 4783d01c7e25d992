#!/usr/bin/env bash
# Builds the documentation site: Doxygen's XML of the public C++ headers (docs/Doxyfile, into build/docs/doxygen),
# then Sphinx (docs/conf.py: MyST pages, autodoc of the installed Python package, breathe over that XML) into
# build/docs/html, every warning an error (-W; --keep-going lists them all before failing).
#
# Usage: bash docs/build.sh VENV   (default build/venv)
# VENV must hold cxscore (pip install .) and the extra cxscore[docs] (sphinx, furo, myst-parser, breathe);
# doxygen must be on PATH (scripts/setup.sh installs Debian's).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-build/venv}"
python="$venv/bin/python"

if ! command -v doxygen >/dev/null 2>&1; then
  echo "docs/build.sh: doxygen is not installed (apt-get install doxygen)" >&2
  exit 2
fi
if ! "$python" -c "import cxscore, sphinx, furo, myst_parser, breathe" 2>/dev/null; then
  echo "docs/build.sh: $venv lacks cxscore or the docs extra (pip install . sphinx furo myst-parser breathe)" >&2
  exit 2
fi

rm -rf build/docs/doxygen
mkdir -p build/docs/doxygen
# Doxygen's own warnings (about the headers' comments) are printed, not fatal: what the pages show is checked by
# Sphinx below, whose warnings are.
doxygen docs/Doxyfile
# Doxygen's XML lists private members whatever EXTRACT_PRIVATE says, and breathe's doxygenfile shows what the XML
# has: drop the private sections (the classes' m_ fields and helpers), so the pages show the public API alone.
"$python" - <<'EOF'
import pathlib, re
for xml in pathlib.Path("build/docs/doxygen/xml").glob("*.xml"):
    text = xml.read_text(encoding="utf-8")
    public = re.sub(r'\s*<sectiondef kind="private-[a-z-]+">.*?</sectiondef>', "", text, flags=re.S)
    if public != text:
        xml.write_text(public, encoding="utf-8")
EOF
# -E: every page read afresh, so an unchanged page's warnings are not hidden by Sphinx's cache, nor new XML.
"$python" -m sphinx -E -W --keep-going -q -b html docs build/docs/html
echo "docs/build.sh: build/docs/html/index.html"
