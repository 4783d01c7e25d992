"""What a result shows in a notebook (``_repr_html_``): its headline numbers and one key picture as inline
SVG. The pictures are the report's own charts (``cxscore report``), drawn by the C++ core from the results
the analysis kept (the impact chart, the journey map, the trend chart); the owners' loss shares, which
the report shows as a table, are bars drawn here. No plotting library is needed. Each headline number is
written twice: rounded for reading, and exactly (``data-value``) for a reader that checks it."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

from ._palette import SINGLE, category_colours

if TYPE_CHECKING:
    from ._journeys import JourneysResult
    from ._monitor import MonitorResult
    from ._score import ScoreResult
    from ._service import OwnersResult

# Bars beyond this are left out of a picture (the frames hold them all): a notebook cell stays short.
MAX_BARS = 12
_FONT = 'font-family="sans-serif" font-size="11"'
# The report page's styles for its charts' classes (src/report/html/page.cpp), scoped to the result's box:
# without them a notebook would draw the trend chart's axis and grid without a stroke.
_CHART_STYLE = ("<style>.cxscore-result svg text{font-size:12px;fill:#1a1a1a}"
                ".cxscore-result svg text.small{font-size:11px;fill:#444}.cxscore-result svg text.value{font-size:11px}"
                ".cxscore-result svg .axis{stroke:#888}.cxscore-result svg .grid{stroke:#eee}</style>")


class KeptPicture:
    """An SVG drawn on first use by ``draw`` (a method of the C++ results an analysis kept), then kept as
    text. A pickled result carries the text, not the C++ objects, so it still shows after unpickling."""

    def __init__(self, draw: Callable[[], str]) -> None:
        self._draw: Optional[Callable[[], str]] = draw
        self._svg: Optional[str] = None

    def svg(self) -> str:
        if self._svg is None:
            assert self._draw is not None  # only a pickled picture lacks it, and that one has its text
            self._svg = self._draw()
        return self._svg

    def __getstate__(self) -> dict[str, Any]:
        return {"_draw": None, "_svg": self.svg()}


def _number(value: float, digits: int) -> str:
    if math.isnan(value):
        return "n/a"
    text = f"{value:,.{digits}f}"
    # A value that rounds to zero reads as 0, whichever side of it the arithmetic left it ("-0.0" alarms).
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "\u2026"


def _svg_open(width: int, height: int, title: str) -> str:
    # role="img" with aria-label lets a screen reader announce the chart; <title> is its tooltip too.
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>")


def bar_chart_svg(labels: Sequence[Hashable], values: Sequence[float], title: str,
                  colours: Optional[Sequence[str]] = None, digits: int = 3) -> str:
    """Horizontal bars, one row per label in the order given, from a zero line (values of either sign);
    NaN values are left out. Each bar carries its exact value (``data-value``) and a tooltip."""
    rows = [(str(label), float(value), k) for k, (label, value) in enumerate(zip(labels, values))
            if not math.isnan(float(value))][:MAX_BARS]
    label_width, bar_width, number_width, row_height = 170, 240, 70, 18
    width = label_width + bar_width + number_width
    height = row_height * max(len(rows), 1) + 8
    parts = [_svg_open(width, height, title)]
    low = min([0.0, *(v for _, v, _ in rows)])
    high = max([0.0, *(v for _, v, _ in rows)])
    span = (high - low) or 1.0
    zero = label_width + bar_width * (0.0 - low) / span
    for row, (label, value, k) in enumerate(rows):
        y = 4 + row * row_height
        left = label_width + bar_width * (min(value, 0.0) - low) / span
        length = bar_width * abs(value) / span
        colour = colours[k] if colours is not None else SINGLE
        tip = f"{label}: {_number(value, digits)}"
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end" {_FONT}>{escape(_short(label))}'
                     f"</text>")
        parts.append(f'<rect x="{left:.2f}" y="{y + 2}" width="{length:.2f}" height="{row_height - 4}" '
                     f'fill="{colour}" data-label="{escape(label)}" data-value="{value!r}">'
                     f"<title>{escape(tip)}</title></rect>")
        parts.append(f'<text x="{label_width + bar_width + 4}" y="{y + 12}" {_FONT}>{_number(value, digits)}</text>')
    parts.append(f'<line x1="{zero:.2f}" y1="2" x2="{zero:.2f}" y2="{height - 2}" stroke="black" '
                 f'stroke-width="0.8"/>')
    parts.append("</svg>")
    return "".join(parts)


def _html(kind: str, headline: Sequence[tuple[str, float, int]], picture: str) -> str:
    """The headline table (name, value, digits shown) above the picture."""
    cells = "".join(f'<tr><th style="text-align:left">{escape(name)}</th>'
                    f'<td style="text-align:right" data-value="{float(value)!r}">{_number(float(value), digits)}</td>'
                    f"</tr>" for name, value, digits in headline)
    return (f'<div class="cxscore-result">{_CHART_STYLE}<strong>{escape(kind)}</strong><table>{cells}</table>'
            f"{picture}</div>")


def score_html(result: ScoreResult) -> str:
    """The brand's figures and the touchpoints losing the most, coloured by owner."""
    summary = result.summary
    headline = [("customers", summary["customers"], 0), ("encounters", summary["events"], 0),
                ("brand index", result.brand_index, 2), ("brand score", result.brand_score, 4),
                ("rejected rows", len(result.rejected), 0)]
    return _html("ScoreResult", headline, result._impact_picture.svg())


def journeys_html(result: JourneysResult) -> str:
    """Customers, events and the graph's size (with outcomes, how likely the outcome is), and the journey map."""
    headline: list[tuple[str, float, int]] = [("customers", result.customers, 0), ("events", result.events, 0),
                                              ("edges", len(result.edges), 0), ("variants", len(result.variants), 0)]
    if result.markov is not None:
        headline.append(("outcome probability", result.markov.attrs["success_probability"], 3))
    return _html("JourneysResult", headline, f'<div style="overflow:auto;max-height:40em">{result.to_svg()}</div>')


def owners_html(result: OwnersResult) -> str:
    """How many owners and flagged changes; each owner's share of the brand's loss."""
    card = result.scorecard
    colours = category_colours(list(card.index))
    headline = [("owners", len(card), 0), ("windows", result.trend["window"].nunique(), 0),
                ("flagged changes", int(result.trend["flagged"].sum()), 0),
                ("rejected rows", len(result.rejected), 0)]
    picture = bar_chart_svg(list(card.index), card["loss_share"].to_numpy(dtype=np.float64).tolist(),
                            "Each owner's share of the brand's loss", colours=[colours[o] for o in card.index])
    return _html("OwnersResult", headline, picture)


def monitor_html(result: MonitorResult) -> str:
    """The latest window's brand index and the brand's index by window, flagged changes marked."""
    brand = result.brand
    latest = float(brand["index"].iloc[-1]) if len(brand) else math.nan
    headline = [("windows", len(brand), 0), ("latest brand index", latest, 2),
                ("brand changes flagged", int(brand["flagged"].sum()), 0),
                ("touchpoint changes flagged", len(result.flagged), 0), ("rejected rows", len(result.rejected), 0)]
    return _html("MonitorResult", headline, result._trend_picture.svg())
