# Why Sphinx + MyST + furo + autodoc + breathe: the pages stay Markdown that GitHub renders as it renders the
# README (MyST), the Python API is read from the docstrings, its single source (autodoc), and the C++ API from the
# headers' comments through Doxygen's XML (breathe); furo is a clean, maintained theme that needs no configuring.
"""Sphinx configuration of the cxscore documentation. Build it with ``bash docs/build.sh VENV`` (Doxygen, then Sphinx
with warnings as errors); the Python API is read from the cxscore installed in VENV."""

from __future__ import annotations

import importlib.util
import logging
import pathlib
from typing import Any

import cxscore

ROOT = pathlib.Path(__file__).resolve().parents[1]

project = "cxscore"
author = "the cxscore authors"
copyright = "the cxscore authors, Apache-2.0"
release = cxscore.__version__
version = release

extensions = ["myst_parser", "sphinx.ext.autodoc", "breathe"]
source_suffix = {".md": "markdown"}  # every page is Markdown
root_doc = "index"

# MyST: links to headings ([text](page.md#heading)) resolve as on GitHub, down to ###.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

# autodoc: the installed package's docstrings, members in source order. The engines' and the charts' packages
# (extras) are mocked, so the pages build, and build the same, whether or not they are installed; pyarrow only
# where it is missing (pandas imports the real one where it is installed).
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True}
autodoc_mock_imports = ["dask", "distributed", "pyspark", "matplotlib"]
if importlib.util.find_spec("pyarrow") is None:
    autodoc_mock_imports.append("pyarrow")

# breathe: the C++ API from Doxygen's XML of include/cxscore (docs/Doxyfile).
breathe_projects = {"cxscore": str(ROOT / "build" / "docs" / "doxygen" / "xml")}
breathe_default_project = "cxscore"
breathe_default_members = ("members",)
breathe_domain_by_extension = {"hpp": "cpp"}
primary_domain = "py"
highlight_language = "text"

html_theme = "furo"
html_title = f"cxscore {release}"
html_static_path: list[str] = []


class _NamespaceRepeated(logging.Filter):
    """Drops one warning only: breathe's ``doxygenfile`` declares the file's namespace ``cxscore`` again on every
    file it renders, which Sphinx reports as a duplicate declaration of ``cxscore``. Any other duplicate (a class or
    function shown twice) still fails the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (getattr(record, "type", "") == "duplicate_declaration"
                    and "Declaration is '.. cpp:type:: cxscore'." in record.getMessage())


def setup(app: Any) -> None:
    for handler in logging.getLogger("sphinx").handlers:
        handler.filters.insert(0, _NamespaceRepeated())  # before the filters that count and raise
