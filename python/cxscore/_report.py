"""cxscore.report: the self-contained HTML report of ``cxscore report``, from DataFrames."""

from __future__ import annotations

import os
from typing import Any, Optional, Union

import pandas as pd

from . import _core
from ._inputs import as_journey_map, as_model, as_thread_count
from ._journeys import _outcome_codes
from ._rows import checked_inputs, core_call, names

# How the page names the outcomes where the command names its outcomes file (the key drivers' note).
OUTCOMES_SOURCE = "outcomes DataFrame"


def report(path: Union[str, os.PathLike[str]], events: pd.DataFrame, journey_map: Any, model: Any = None,
           customers: Optional[pd.DataFrame] = None, outcomes: Optional[pd.DataFrame] = None, *,
           outcome: str = "retained", title: str = "cxscore report", period: str = "week", min_edge_count: int = 0,
           window_days: float = 2.0, fdr: float = 0.05, min_effect: float = 1.0, bootstrap: int = 100, seed: int = 1,
           threads: Optional[int] = None, lenient: bool = False, customer: str = "customer",
           touchpoint: str = "touchpoint", time: str = "time", experience: str = "experience",
           expectation: str = "expectation", dimension: str = "dimension") -> str:
    """Writes the HTML report of ``cxscore report`` to ``path``: the page the command writes from the same
    events, map, model, customers and outcomes (one file with inline SVG and CSS, no script, no URL: it opens
    offline), analysed by the same calls. Sections: the headline, what to fix first, the journey map, owners,
    the brand's trend, service demand and, with ``outcomes``, the fix what-if and the key drivers of
    ``outcome`` (a 1/0, yes/no or true/false column; every customer with events needs a row); with too few
    customers for the key drivers their section says why instead.

    The options are the command's: ``period`` (the trend's windows: day, week, month), ``min_edge_count``
    (the journey map's edges; 0 = as many as stay legible), ``window_days`` (service contacts), ``fdr`` and
    ``min_effect`` (which changes are flagged, as :func:`cxscore.monitor`), ``bootstrap`` and ``seed`` (the
    drivers' intervals), ``threads`` (None = every core; the page does not depend on it). Arguments otherwise
    as :func:`cxscore.score`'s. The file is written beside ``path`` and renamed into place: ``path`` is the
    whole page or left as it was. Returns a one-line summary.

    >>> import cxscore, tempfile, pathlib
    >>> sim = cxscore.simulate(customers=300, seed=1)
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "report.html"
    >>> line = cxscore.report(page, sim.events, sim.journey_map, sim.model, sim.customers, sim.outcomes)
    >>> page.read_text().startswith("<!DOCTYPE html>"), line.startswith("300 customers")
    (True, True)
    """
    jm = as_journey_map(journey_map)
    m = as_model(model)
    prepared, table, _ = checked_inputs(events, jm, customers, names(customer, touchpoint, time, experience,
                                                                     expectation, dimension), lenient)
    labels = prepared.customer_labels
    codes = None if outcomes is None else _outcome_codes(outcomes, prepared, customer, outcome)
    return str(core_call(events, prepared, _core.write_report_columns, jm, m, table, codes,
                         [str(label) for label in labels], os.fspath(path), str(title), str(period), str(outcome),
                         OUTCOMES_SOURCE, int(min_edge_count), float(window_days), float(fdr), float(min_effect),
                         int(bootstrap), int(seed), as_thread_count(threads)))
