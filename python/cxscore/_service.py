"""cxscore.service and cxscore.owners: service demand by touchpoint and owners' scorecards as DataFrames."""

from __future__ import annotations

from typing import Any, Optional

import pandas as pd

from . import _core
from ._inputs import as_journey_map, as_model
from ._plot import OwnersPlots
from ._repr import owners_html
from ._rows import checked_inputs, core_call, names
from ._tables import count_text, table_frame, trend_frame


def service(events: pd.DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
            window_days: float = 2.0, lenient: bool = False, customer: str = "customer",
            touchpoint: str = "touchpoint", time: str = "time", experience: str = "experience",
            expectation: str = "expectation", dimension: str = "dimension") -> pd.DataFrame:
    """The service contacts each experience touchpoint causes, as ``cxscore service`` writes ``service.csv``.

    Indexed by touchpoint, most caused contacts first: unmet_visits (int), rate_unmet, rate_met, excess,
    caused_contacts, ci_low, ci_high (floats; NaN where a rate is undefined). A contact counts when it
    follows a visit within ``window_days``. The brand figures are in ``attrs``: ``service_contacts`` (all
    contacts), ``explained_contacts`` with its interval ``explained_ci`` and ``brand_share`` with
    ``brand_share_ci`` (the share of all contacts upstream unmet expectations explain, each contact counted
    once: a joint model of the visits before it; the interval on the logit scale, inside [0, 1], or NaN with
    the reason in ``brand_share_note`` when the share sits at a bound), ``window_days``, ``months`` and
    ``nothing_to_attribute`` (why there is nothing to attribute, in words, as ``cxscore service`` says it: a
    map without service touchpoints or with nothing else, no visit or no contact; "" when there is something);
    ``rejected`` (lenient mode) lists the skipped rows. ``model`` and ``customers`` are accepted like
    :func:`cxscore.score`'s and do not change the attribution. Strict (default): a bad row raises InputError
    naming the row and column; lenient: bad rows are skipped.

    >>> import cxscore
    >>> sim = cxscore.simulate(customers=300, seed=1)
    >>> table = cxscore.service(sim.events, sim.journey_map)
    >>> low, high = table.attrs["brand_share_ci"]
    >>> bool(low <= table.attrs["brand_share"] <= high), list(table.columns[:2])
    (True, ['unmet_visits', 'rate_unmet'])
    """
    jm = as_journey_map(journey_map)
    as_model(model)  # checked like score's, though the attribution needs no model
    prepared, _, rejected = checked_inputs(events, jm, customers, names(customer, touchpoint, time, experience,
                                                                        expectation, dimension), lenient)
    raw = core_call(events, prepared, _core.service_columns, jm, float(window_days))
    return service_table(raw, rejected if lenient else None)


def service_table(raw: dict[str, Any], rejected: Optional[pd.DataFrame]) -> pd.DataFrame:
    """What :func:`service` returns, from the core's output (``rejected``: lenient mode's rows set aside)."""
    table = table_frame(raw["table"], "touchpoint")
    table.attrs.update(service_contacts=int(raw["service_contacts"]), explained_contacts=raw["explained_contacts"],
                       explained_ci=tuple(raw["explained_ci"]), brand_share=raw["explained_share"],
                       brand_share_ci=tuple(raw["explained_share_ci"]),
                       brand_share_note=raw["explained_share_note"], window_days=raw["window_days"],
                       months=raw["months"], nothing_to_attribute=raw["nothing_to_attribute"])
    if rejected is not None:
        table.attrs["rejected"] = rejected
    return table


class OwnersResult:
    """What :func:`cxscore.owners` returns: ``scorecard`` (as owners.csv, indexed by owner, largest loss
    first; touchpoints, encounters and handled_contacts are ints), ``trend`` (as owner_trend.csv: one row
    per owner and time window, with the columns of :class:`cxscore.MonitorResult`'s tables: start and end
    UTC times, count an int, flagged a bool), ``verdicts`` (the scorecard's one-line verdict by owner) and
    ``rejected`` (the rows lenient mode skipped). ``plot`` draws charts (needs matplotlib); in a notebook
    the result shows its headline numbers and loss shares. Results pickle.

    >>> import cxscore
    >>> sim = cxscore.simulate(customers=300, seed=1)
    >>> result = cxscore.owners(sim.events, sim.journey_map, sim.model, sim.customers)
    >>> set(result.verdicts.index) == set(result.trend["owner"])
    True
    """

    def __init__(self, scorecard: pd.DataFrame, trend: pd.DataFrame, rejected: Optional[pd.DataFrame] = None) -> None:
        self.scorecard = scorecard
        self.trend = trend
        self.rejected = rejected if rejected is not None else pd.DataFrame({"column": [], "value": [], "reason": []})

    @property
    def verdicts(self) -> pd.Series:
        """The verdict of each owner."""
        return self.scorecard["verdict"]

    @property
    def plot(self) -> OwnersPlots:
        """Charts: ``scorecard()``, ``trend()``; each returns the Axes."""
        return OwnersPlots(self)

    def _repr_html_(self) -> str:
        return owners_html(self)

    def __repr__(self) -> str:
        return (f"OwnersResult({count_text(len(self.scorecard), 'owner')}, {count_text(len(self.trend), 'trend row')}, "
                f"{count_text(len(self.rejected), 'rejected row')})")


def owners(events: pd.DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
           period: str = "month", window_days: float = 2.0, fdr: float = 0.05, min_effect: float = 1.0,
           lenient: bool = False,
           customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
           experience: str = "experience", expectation: str = "expectation",
           dimension: str = "dimension") -> OwnersResult:
    """Each owner's (department's) scorecard and trend, as ``cxscore owners``.

    ``period`` is the trend's window (day, week or month, UTC); a change is flagged when its Benjamini-Hochberg
    q-value is at most ``fdr`` and it moves the index by at least ``min_effect`` points (as
    :func:`cxscore.monitor`); service contacts count within ``window_days`` of a visit. Arguments as
    :func:`cxscore.score`'s (``customers`` weights the scores and the trend; ``lenient`` skips bad rows
    and lists them in ``result.rejected``).

    >>> import cxscore
    >>> sim = cxscore.simulate(customers=300, seed=1)
    >>> card = cxscore.owners(sim.events, sim.journey_map, sim.model, period="week").scorecard
    >>> bool(card["loss_share"].sum() <= 1 + 1e-9)
    True
    """
    jm = as_journey_map(journey_map)
    m = as_model(model)
    prepared, table, rejected = checked_inputs(events, jm, customers, names(customer, touchpoint, time, experience,
                                                                            expectation, dimension), lenient)
    raw = core_call(events, prepared, _core.owners_columns, jm, m, table, str(period), float(window_days), float(fdr),
                   float(min_effect))
    return owners_result(raw, rejected)


def owners_result(raw: dict[str, Any], rejected: pd.DataFrame) -> OwnersResult:
    """What :func:`owners` returns, from the core's output."""
    return OwnersResult(table_frame(raw["owners"], "owner"), trend_frame(raw["trend"], "owner"), rejected)
