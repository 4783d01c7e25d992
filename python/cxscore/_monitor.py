"""cxscore.monitor: scores by time window for the brand and each touchpoint, with the change from the
previous window and a flag when it is beyond noise and large enough to matter, as ``cxscore monitor``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

import pandas as pd

from . import _core
from ._inputs import as_journey_map, as_model
from ._plot import MonitorPlots
from ._repr import KeptPicture, monitor_html
from ._rows import checked_inputs, core_call, names
from ._tables import count_text, trend_frame


class MonitorResult:
    """What :func:`cxscore.monitor` returns: ``brand`` (as brand_trend.csv, indexed by window) and
    ``touchpoints`` (as touchpoint_trend.csv: one row per touchpoint and window), each with window (its
    label), start and end (the window's UTC times, datetime64), count (an int), score, index,
    standard_error, mean_gap, unmet_share, change, change_se, index_change, p_value, q_value (floats; NaN
    where undefined, as for a group's first window) and flagged (a bool); ``flagged`` (the touchpoints'
    rows whose change is flagged); ``rejected`` (the rows lenient mode skipped). ``plot`` draws charts (needs
    matplotlib); in a notebook the result shows its headline numbers and the brand's trend. Results pickle.

    >>> import cxscore
    >>> sim = cxscore.simulate(customers=300, seed=1)
    >>> m = cxscore.monitor(sim.events, sim.journey_map, sim.model, period="month")
    >>> int(m.brand["count"].sum()) == len(sim.events)
    True
    >>> m.brand["start"].dtype, m.brand["count"].dtype, m.brand["flagged"].dtype
    (datetime64[ns, UTC], dtype('int64'), dtype('bool'))
    """

    def __init__(self, brand: pd.DataFrame, touchpoints: pd.DataFrame, rejected: pd.DataFrame,
                 draw_trend: Callable[[], str]) -> None:
        self.brand = brand
        self.touchpoints = touchpoints
        self.rejected = rejected
        self._trend_picture = KeptPicture(draw_trend)

    @property
    def flagged(self) -> pd.DataFrame:
        """The touchpoints' windows whose change from the previous window is flagged."""
        return self.touchpoints[self.touchpoints["flagged"]]

    @property
    def plot(self) -> MonitorPlots:
        """Charts: ``trend()`` (the brand's, or touchpoints'); returns the Axes."""
        return MonitorPlots(self)

    def _repr_html_(self) -> str:
        return monitor_html(self)

    def __repr__(self) -> str:
        return (f"MonitorResult({count_text(len(self.brand), 'window')}, "
                f"{count_text(len(self.flagged), 'touchpoint change')} flagged, "
                f"{count_text(len(self.rejected), 'rejected row')})")


def monitor(events: pd.DataFrame, journey_map: Any, model: Any = None, customers: Optional[pd.DataFrame] = None, *,
            period: str = "week", fdr: float = 0.05, min_effect: float = 1.0, lenient: bool = False,
            customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
            experience: str = "experience", expectation: str = "expectation",
            dimension: str = "dimension") -> MonitorResult:
    """Scores by time window (``period``: day, week or month, UTC), as ``cxscore monitor``.

    A window's score is the mean value of its encounters weighted by customer weight x touchpoint weight x
    dimension weight (no recency decay); its standard error is Kish's. A change from the previous window
    with encounters gets the two-sided p-value of "no change" (normal approximation) and its q-value, the
    Benjamini-Hochberg (1995) adjusted p over every change tested (all windows of the brand, and all
    windows x touchpoints); it is flagged when ``q_value <= fdr`` and ``|index_change| >= min_effect``
    index points: statistically and practically significant. Arguments as
    :func:`cxscore.score`'s (``lenient`` skips bad rows and lists them in ``result.rejected``).

    >>> import cxscore
    >>> sim = cxscore.simulate(customers=300, seed=1)
    >>> weekly = cxscore.monitor(sim.events, sim.journey_map, sim.model, sim.customers).brand
    >>> list(weekly.columns[:4])
    ['start', 'end', 'count', 'score']
    """
    jm = as_journey_map(journey_map)
    m = as_model(model)
    prepared, table, rejected = checked_inputs(events, jm, customers, names(customer, touchpoint, time, experience,
                                                                            expectation, dimension), lenient)
    raw = core_call(events, prepared, _core.monitor_columns, jm, m, table, str(period), float(fdr),
                    float(min_effect))
    return monitor_result(raw, rejected)


def monitor_result(raw: dict[str, Any], rejected: pd.DataFrame) -> MonitorResult:
    """What :func:`monitor` returns, from the core's output."""
    return MonitorResult(trend_frame(raw["brand"], ""), trend_frame(raw["touchpoints"], "touchpoint"), rejected,
                         raw["drawing"].trend_svg)
