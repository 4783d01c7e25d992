"""Every example in a docstring runs and prints what it says (from the repository root, for the paths)."""

from __future__ import annotations

import doctest
import importlib.util

import pytest

import cxscore
from conftest import ROOT
from cxscore import (
    _columns,
    _core,
    _customers,
    _drivers,
    _errors,
    _journeys,
    _live,
    _metrics,
    _monitor,
    _palette,
    _plot,
    _read,
    _report,
    _repr,
    _rows,
    _score,
    _service,
    _simulate,
)

# The charts' examples draw with matplotlib, an optional extra: without it they are skipped, and say so.
NO_MATPLOTLIB = pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None,
                                   reason="matplotlib is not installed (pip install cxscore[plot])")
MODULES = [cxscore, _columns, _core, _customers, _drivers, _errors, _journeys, _live, _metrics, _monitor, _palette,
           pytest.param(_plot, marks=NO_MATPLOTLIB), _read, _report, _repr, _rows, _score, _service, _simulate]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module, monkeypatch):
    monkeypatch.chdir(ROOT)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs = {"cxscore": cxscore}
    tests = finder.find(module, module.__name__, globs=globs)
    if module is _core:  # the extension's classes: their docstrings share one namespace, like a session
        tests = [t for c in (_core.JourneyMap, _core.Model) for t in finder.find(c, c.__name__, globs=globs)]
    for test in tests:
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} docstring examples failed in {module.__name__}"


def test_every_public_name_has_a_docstring_with_an_example():
    for name in cxscore.__all__:
        if name == "__version__":
            continue
        obj = getattr(cxscore, name)
        assert obj.__doc__ and ">>>" in obj.__doc__, name
