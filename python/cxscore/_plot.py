"""Charts of finished results with matplotlib, as ``result.plot.<chart>()`` and :func:`plot_drivers`.

Every chart draws numbers the result already holds (it never recomputes an analysis) and returns the
matplotlib ``Axes``, so a caller can restyle it and a test can read the numbers back out of it. Like
pandas' ``.plot``: ``ax=None`` draws on a new figure, and ``**kwargs`` go to the one matplotlib call
that draws the data (``barh``, ``hist``, ``imshow``, ``plot``), overriding cxscore's defaults.
matplotlib is imported on the first chart, never by ``import cxscore``: it is the optional extra
``cxscore[plot]``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Optional

import numpy as np
import pandas as pd

from ._palette import COUNT_SEQUENTIAL, FLAG, GAP_DIVERGING, SINGLE, category_colours

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._journeys import JourneysResult
    from ._monitor import MonitorResult
    from ._score import ScoreResult
    from ._service import OwnersResult

INSTALL_HINT = "cxscore's charts need matplotlib: pip install cxscore[plot]"


def _pyplot() -> ModuleType:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(INSTALL_HINT) from e
    return plt


def _axes(ax: Optional[Axes], rows: int = 0) -> Axes:
    """``ax``, or the axes of a new figure tall enough for ``rows`` labelled bars."""
    if ax is not None:
        return ax
    height = max(3.0, 0.3 * rows + 1.0)
    _, new = _pyplot().subplots(figsize=(7.0, height))
    return new


def _category_legend(ax: Axes, colours: dict[Hashable, str], title: str) -> None:
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=str(k)) for k, c in colours.items()], title=title, fontsize="small")


def _labelled_bars(ax: Axes, labels: Sequence[Hashable], widths: np.ndarray, colours: Sequence[str],
                   kwargs: dict[str, Any]) -> None:
    """Horizontal bars, the first label at the top (reading order: the first is the most important)."""
    positions = np.arange(len(labels))
    ax.barh(positions, widths, **{"color": list(colours), **kwargs})
    ax.set_yticks(positions, [str(label) for label in labels])
    ax.set_ylim(max(len(labels), 1) - 0.5, -0.5)  # one empty row when there is nothing to draw
    ax.axvline(0.0, color="black", linewidth=0.8)


def _owner_of_touchpoint(result: ScoreResult) -> dict[str, str]:
    return {t["name"]: t.get("owner", "") for t in result.journey_map.to_dict()["touchpoints"]}


class ScorePlots:
    """Charts of a :class:`cxscore.ScoreResult` (``result.plot``)."""

    def __init__(self, result: ScoreResult) -> None:
        self._result = result

    def _owner_colours(self) -> dict[Hashable, str]:
        """One colour per owner in the owners table's order, so every chart of the result agrees."""
        return category_colours(list(self._result.owners.index))

    def impact(self, ax: Optional[Axes] = None, top: Optional[int] = None, **kwargs: Any) -> Axes:
        """Each touchpoint's impact (its share of the brand score lost to unmet expectations, <= 0) as
        horizontal bars, the largest loss at the top (ties in map order), coloured by owner: the touchpoints
        with encounters, as the report ranks them; ``top`` keeps the first ``top``."""
        touchpoints = self._result.touchpoints
        table = touchpoints.loc[touchpoints["count"] > 0, "impact"].sort_values(kind="stable")
        if top is not None:
            table = table.iloc[:top]
        owner_of = _owner_of_touchpoint(self._result)
        colours = self._owner_colours()
        owners = [owner_of.get(str(t), "") for t in table.index]
        ax = _axes(ax, len(table))
        _labelled_bars(ax, list(table.index), table.to_numpy(), [colours.get(o, SINGLE) for o in owners], kwargs)
        _category_legend(ax, {o: c for o, c in colours.items() if o in owners}, "owner")
        ax.set_xlabel("impact on the brand score (loss from unmet expectations)")
        ax.set_title(f"Where the brand loses (brand index {self._result.brand_index:.1f})")
        return ax

    def index_distribution(self, ax: Optional[Axes] = None, bins: int = 20, **kwargs: Any) -> Axes:
        """How many customers have each index (0-100, ``bins`` equal bins), with the brand index marked."""
        ax = _axes(ax)
        index = self._result.customers["index"].dropna().to_numpy()
        ax.hist(index, **{"bins": np.linspace(0.0, 100.0, bins + 1), "color": SINGLE, "edgecolor": "white", **kwargs})
        ax.axvline(self._result.brand_index, color=FLAG, linewidth=1.5,
                   label=f"brand index {self._result.brand_index:.1f}")
        ax.legend(fontsize="small")
        ax.set_xlabel("customer index (0-100)")
        ax.set_ylabel("customers")
        return ax

    def owner_contributions(self, ax: Optional[Axes] = None, **kwargs: Any) -> Axes:
        """Each owner's contribution to the brand score (they add up to it), in the owners table's order."""
        owners = self._result.owners["contribution"]
        colours = self._owner_colours()
        ax = _axes(ax, len(owners))
        _labelled_bars(ax, list(owners.index), owners.to_numpy(), [colours[o] for o in owners.index], kwargs)
        ax.set_xlabel(f"contribution to the brand score ({self._result.brand_score:.3f} in all)")
        return ax


def _edge_matrix(edges: pd.DataFrame, value: str) -> pd.DataFrame:
    """The edges as a source x target matrix: rows ``__start__`` then the touchpoints, columns the
    touchpoints then ``__end__``, touchpoints in order of first appearance in the edges; NaN = no edge."""
    touchpoints: list[str] = []
    for name in pd.concat([edges["source"], edges["target"]], ignore_index=True):
        if name not in ("__start__", "__end__") and name not in touchpoints:
            touchpoints.append(name)
    matrix = edges.pivot(index="source", columns="target", values=value)
    return matrix.reindex(index=["__start__", *touchpoints], columns=[*touchpoints, "__end__"]).astype(np.float64)


class JourneysPlots:
    """Charts of a :class:`cxscore.JourneysResult` (``result.plot``)."""

    def __init__(self, result: JourneysResult) -> None:
        self._result = result

    def edges(self, ax: Optional[Axes] = None, value: str = "count", **kwargs: Any) -> Axes:
        """The directly-follows graph as a matrix: a cell per edge from a row's touchpoint to a column's,
        coloured by ``value``: ``"count"`` or ``"mean_duration_s"`` (light to dark blue) or ``"mean_gap"`` (the
        target's mean gap, red unmet to blue met, centred on 0); blank where no customer went. Rows start with
        ``__start__``, columns end with ``__end__``."""
        from matplotlib.colors import LinearSegmentedColormap

        if value not in ("count", "mean_gap", "mean_duration_s"):
            raise ValueError(f"value must be 'count', 'mean_gap' or 'mean_duration_s', not {value!r}")
        matrix = _edge_matrix(self._result.edges, value)
        values = np.ma.masked_invalid(matrix.to_numpy())
        options: dict[str, Any] = {"aspect": "auto", "interpolation": "nearest"}
        if value == "mean_gap":
            limit = float(np.nanmax(np.abs(matrix.to_numpy()))) if values.count() else 1.0
            options.update(cmap=LinearSegmentedColormap.from_list("cxscore_gap", GAP_DIVERGING), vmin=-limit,
                           vmax=limit)
        else:
            # From the third class: the lightest ones are too close to the white of a cell without an edge.
            options.update(cmap=LinearSegmentedColormap.from_list("cxscore_count", COUNT_SEQUENTIAL[2:]))
        ax = _axes(ax, len(matrix))
        image = ax.imshow(values, **{**options, **kwargs})
        ax.set_xticks(np.arange(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=90)
        ax.set_yticks(np.arange(matrix.shape[0]), [str(r) for r in matrix.index])
        ax.set_xlabel("to")
        ax.set_ylabel("from")
        ax.figure.colorbar(image, ax=ax, label=value)
        return ax

    def fix_what_if(self, ax: Optional[Axes] = None, **kwargs: Any) -> Axes:
        """Customers won by fixing each touchpoint (``markov["fix_customers"]``), most first; touchpoints
        without a fix estimate (never unmet or never met) are left out. Needs outcomes."""
        markov = self._result.markov
        if markov is None:
            raise ValueError("the fix what-if needs outcomes: cxscore.journeys(events, journey_map, outcomes)")
        won = markov["fix_customers"].dropna()
        ax = _axes(ax, len(won))
        _labelled_bars(ax, list(won.index), won.to_numpy(), [SINGLE] * len(won), kwargs)
        ax.set_xlabel(f"customers won by fixing the touchpoint (of {int(markov.attrs['journeys']):,} journeys)")
        return ax


def _trend(ax: Axes, frame: pd.DataFrame, group: Optional[str], value: str, colours: dict[Hashable, str],
           kwargs: dict[str, Any]) -> None:
    """One line per group (or the brand's one line) of ``value`` by window start, flagged windows ringed."""
    series = [("brand", frame)] if group is None else list(frame.groupby(group, sort=False))
    for name, rows in series:
        ax.plot(rows["start"].dt.tz_localize(None), rows[value].to_numpy(dtype=np.float64),
                **{"color": colours.get(name, SINGLE), "marker": "o", "markersize": 3, "label": str(name), **kwargs})
    flagged = frame[frame["flagged"]]
    ax.scatter(flagged["start"].dt.tz_localize(None), flagged[value].to_numpy(dtype=np.float64), s=80,
               facecolors="none", edgecolors=FLAG, linewidths=1.5, zorder=3, label="flagged change")
    ax.set_xlabel("window start (UTC)")
    ax.set_ylabel(value)
    ax.legend(fontsize="small")


class OwnersPlots:
    """Charts of a :class:`cxscore.OwnersResult` (``result.plot``)."""

    def __init__(self, result: OwnersResult) -> None:
        self._result = result

    def _owner_colours(self) -> dict[Hashable, str]:
        """One colour per owner in the scorecard's order, so the scorecard and the trend agree."""
        return category_colours(list(self._result.scorecard.index))

    def scorecard(self, ax: Optional[Axes] = None, column: str = "loss_share", **kwargs: Any) -> Axes:
        """The scorecard's ``column`` by owner (default each owner's share of the brand's loss), in the
        scorecard's order (largest loss first), one Okabe-Ito colour per owner."""
        card = self._result.scorecard[column]
        colours = self._owner_colours()
        ax = _axes(ax, len(card))
        _labelled_bars(ax, list(card.index), card.to_numpy(dtype=np.float64), [colours[o] for o in card.index],
                       kwargs)
        ax.set_xlabel(column)
        return ax

    def trend(self, ax: Optional[Axes] = None, value: str = "index", owners: Optional[Sequence[str]] = None,
              **kwargs: Any) -> Axes:
        """Each owner's ``value`` (default the index) by window, flagged changes ringed; ``owners``
        picks some."""
        trend = self._result.trend
        if owners is not None:
            trend = trend[trend["owner"].isin(list(owners))]
        ax = _axes(ax)
        _trend(ax, trend, "owner", value, self._owner_colours(), kwargs)
        return ax


class MonitorPlots:
    """Charts of a :class:`cxscore.MonitorResult` (``result.plot``)."""

    def __init__(self, result: MonitorResult) -> None:
        self._result = result

    def trend(self, ax: Optional[Axes] = None, value: str = "index", touchpoints: Optional[Sequence[str]] = None,
              **kwargs: Any) -> Axes:
        """The brand's ``value`` (default the index) by window, or with ``touchpoints`` those touchpoints'
        lines; windows whose change is flagged are ringed."""
        ax = _axes(ax)
        if touchpoints is None:
            _trend(ax, self._result.brand, None, value, {}, kwargs)
        else:
            rows = self._result.touchpoints
            _trend(ax, rows[rows["touchpoint"].isin(list(touchpoints))], "touchpoint", value,
                   category_colours(list(touchpoints)), kwargs)
        return ax


def plot_drivers(frame: pd.DataFrame, ax: Optional[Axes] = None, **kwargs: Any) -> Axes:
    """The key drivers of a :func:`cxscore.drivers` result as horizontal bars of the importance that ranks
    them (``frame.attrs["importance"]``: LMG, or the relative weight for a logistic model), most important
    at the top, with the bootstrap interval as error bars when the frame has one (``bootstrap`` > 0).

    A function rather than a method: the drivers result is a plain DataFrame, and a pandas accessor would
    be registered on every DataFrame of the session.

    >>> import cxscore, pandas as pd
    >>> df = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6], "b": [2.0, 1, 4, 3, 6, 5],
    ...                    "y": [1.0, 2.5, 2.9, 4.1, 5.2, 5.8]})
    >>> ax = cxscore.plot_drivers(cxscore.drivers(df, outcome="y"))
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['a', 'b']
    """
    column = frame.attrs.get("importance", "lmg")
    ranked = frame.sort_values(column, ascending=False, kind="stable")
    ax = _axes(ax, len(ranked))
    _labelled_bars(ax, list(ranked.index), ranked[column].to_numpy(dtype=np.float64), [SINGLE] * len(ranked), kwargs)
    lower, upper = f"{column}_lower", f"{column}_upper"
    if lower in ranked.columns and upper in ranked.columns:
        low = ranked[lower].to_numpy(dtype=np.float64)
        high = ranked[upper].to_numpy(dtype=np.float64)
        # Centred on the interval rather than on the estimate: a percentile interval need not contain it.
        ax.errorbar((low + high) / 2, np.arange(len(ranked)), xerr=(high - low) / 2, fmt="none", ecolor="black",
                    capsize=3, label=f"{frame.attrs.get('bootstrap', {}).get('confidence', 0.95):.0%} interval")
        ax.legend(fontsize="small")
    ax.set_xlabel(f"{column} (outcome: {frame.attrs.get('outcome', 'outcome')})")
    return ax
