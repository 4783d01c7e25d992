"""cxscore.LiveScorer: a customer's score folded one event at a time, for an application that scores as
events arrive."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Callable, NamedTuple, Optional

import pandas as pd

from . import _core
from ._inputs import as_journey_map, as_model, as_seconds, utc_time
from ._tables import count_text


class LiveUpdate(NamedTuple):
    """What one event did: its gap and value, the customer's score and index after it, and before it
    (``previous_index`` NaN for the customer's first event)."""

    gap: float
    value: float
    score: float
    # The public name of the customer's index; it hides tuple.index(), which is no use on an update.
    index: float  # type: ignore[assignment]
    previous_index: float


class LiveAlert(NamedTuple):
    """Given to an ``on_threshold`` callback: the customer (your label) whose index fell below ``threshold``,
    and the encounter that did it (``time`` a UTC Timestamp, NaT when the event had none)."""

    customer: Any
    touchpoint: str
    time: pd.Timestamp
    gap: float
    index: float  # type: ignore[assignment]  # as in LiveUpdate
    previous_index: float
    threshold: float


class LiveScorer:
    """Scores customers live: each :meth:`update` folds one event in O(1), and a customer's score equals
    :func:`cxscore.score`'s on the same events (in the same order) to rounding, recency decay and the
    peak-end blend included.

    ``journey_map`` and ``model`` as for :func:`cxscore.score`; ``dimensions`` names the rated
    dimensions an event may carry (for the model's dimension weights). Customers are any hashable
    labels. Bad events raise InputError and leave the state untouched. :meth:`on_threshold` registers a
    callback for customers whose index falls below a threshold.

    >>> import cxscore
    >>> jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "delivery", "scale": [0, 240],
    ...                                    "direction": "lower", "promise": 48}]})
    >>> live = cxscore.LiveScorer(jm, "servqual")
    >>> alerts = []
    >>> live.on_threshold(50, alerts.append)
    >>> live.update("a", "delivery", "2026-01-01", 24.0).score   # 24 h early on a 240 h scale
    0.1
    >>> u = live.update("a", "delivery", "2026-01-05", 240.0)   # 192 h late: gap -0.8, mean -0.35
    >>> u.previous_index, u.index, [a.customer for a in alerts]
    (55.0, 32.5, ['a'])
    """

    def __init__(self, journey_map: Any, model: Any = None, dimensions: Optional[Iterable[str]] = None) -> None:
        names = [] if dimensions is None else [str(d) for d in dimensions]
        self._core = _core.LiveScorer(as_journey_map(journey_map), as_model(model), names)
        self._codes: dict[Any, int] = {}
        self._labels: list[Any] = []

    def _code(self, customer: Any) -> int:
        code = self._codes.get(customer)
        if code is None:
            code = self._codes[customer] = len(self._labels)
            self._labels.append(customer)
        return code

    def update(self, customer: Any, touchpoint: str, time: Any, experience: float, expectation: Optional[float] = None,
               dimension: Optional[str] = None) -> LiveUpdate:
        """Folds one encounter: ``time`` as epoch seconds, a datetime or ISO 8601 text (naive = UTC);
        ``expectation`` None = the touchpoint's promise. Returns the customer's :class:`LiveUpdate`."""
        known = customer in self._codes
        code = self._code(customer)
        try:
            u = self._core.update(code, str(touchpoint), as_seconds(time), float(experience),
                                  math.nan if expectation is None else float(expectation), dimension or "")
        except Exception:
            if not known:  # a refused first event leaves no customer behind
                del self._codes[customer]
                self._labels.pop()
            raise
        return LiveUpdate(u["gap"], u["value"], u["score"], u["index"], u["previous_index"])

    def score(self, customer: Any) -> float:
        """The customer's current score (NaN for a customer without events)."""
        code = self._codes.get(customer)
        return math.nan if code is None else self._core.score(code)

    def index(self, customer: Any) -> float:
        """The customer's current index, 0-100 (NaN without events)."""
        code = self._codes.get(customer)
        return math.nan if code is None else self._core.index(code)

    def on_threshold(self, index: float, callback: Callable[[LiveAlert], Any], min_events: int = 1) -> None:
        """Calls ``callback(LiveAlert)`` whenever an update takes a customer's index from >= ``index`` (or no
        score yet) to below it; a customer is watched from its ``min_events``-th event on."""
        def alert(raw: dict[str, Any]) -> None:
            callback(LiveAlert(self._labels[raw["customer"]], raw["touchpoint"], utc_time(raw["time"]), raw["gap"],
                               raw["index"], raw["previous_index"], raw["threshold"]))

        self._core.on_threshold(float(index), alert, int(min_events))

    def __len__(self) -> int:
        return len(self._labels)

    def __repr__(self) -> str:
        return f"LiveScorer({count_text(len(self._labels), 'customer')})"
