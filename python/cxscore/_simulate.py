"""cxscore.simulate: the deterministic synthetic retail brand, as the tables `cxscore simulate` writes."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from . import _core
from ._inputs import utc_times


class Simulation(NamedTuple):
    """The simulated brand. ``score(*simulation[:2])`` scores its events against its map.

    ``events`` (customer, touchpoint, time, experience, expectation, dimension), ``journey_map``,
    ``model`` (prospect with each SERVQUAL item weighted 1/6), ``customers`` (customer, weight,
    segment), ``outcomes`` (customer, nps, retained) and ``truth`` (the weights and service triggers an
    analysis should recover).

    >>> sim = cxscore.simulate(customers=10, seed=1)
    >>> sim.customers.columns.tolist(), sim.outcomes.columns.tolist()
    (['customer', 'weight', 'segment'], ['customer', 'nps', 'retained'])
    """

    events: pd.DataFrame
    journey_map: _core.JourneyMap
    model: _core.Model
    customers: pd.DataFrame
    outcomes: pd.DataFrame
    truth: dict[str, Any]


def simulate(customers: int = 1000, seed: int = 1) -> Simulation:
    """A synthetic retail brand: the same ``customers`` and ``seed`` give the same data everywhere, and
    the same tables as ``cxscore simulate --customers N --seed S``.

    >>> import cxscore
    >>> sim = cxscore.simulate(customers=100, seed=7)
    >>> sim.events.columns.tolist()
    ['customer', 'touchpoint', 'time', 'experience', 'expectation', 'dimension']
    """
    if not isinstance(customers, (int, np.integer)) or isinstance(customers, bool) or customers < 1:
        raise ValueError(f"customers must be a positive integer, not {customers!r}")
    raw = _core.simulate_columns(int(customers), int(seed))
    ev = raw["events"]
    labels = pd.Index(ev["customer_labels"], dtype=object)
    customer = pd.Categorical.from_codes(ev["customer"].astype(np.int64), categories=labels)
    touchpoint = pd.Categorical.from_codes(ev["touchpoint"].astype(np.int64),
                                           categories=raw["journey_map"].touchpoint_names)
    events = pd.DataFrame({
        "customer": customer,
        "touchpoint": touchpoint,
        "time": utc_times(ev["time"]),
        "experience": ev["experience"],
        "expectation": ev["expectation"],
        "dimension": pd.Categorical.from_codes(ev["dimension"].astype(np.int64), categories=ev["dimension_names"]),
    })
    table = raw["customers"]
    customers_frame = pd.DataFrame({
        "customer": labels,
        "weight": table["weight"],
        "segment": pd.Categorical.from_codes(table["segment"].astype(np.int64), categories=table["segment_names"]),
    })
    outcomes = pd.DataFrame({
        "customer": labels,
        "nps": raw["outcomes"]["nps"].astype(np.int64),
        "retained": raw["outcomes"]["retained"].astype(bool),
    })
    return Simulation(events, raw["journey_map"], raw["model"], customers_frame, outcomes, raw["truth"])
