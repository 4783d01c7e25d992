"""One version everywhere: the installed distribution's metadata (pyproject.toml reads include/cxscore/version.hpp),
the module's `__version__` (compiled from that header) and `cxscore --version`."""

from __future__ import annotations

import importlib.metadata
import re

import cxscore
from conftest import run


def test_module_command_and_metadata_agree(cli):
    installed = importlib.metadata.version("cxscore")
    assert re.fullmatch(r"\d+\.\d+\.\d+", installed), installed
    assert cxscore.__version__ == installed
    done = run(cli, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"cxscore {installed}\n"
