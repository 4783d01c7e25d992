"""What a result shows in a notebook (``_repr_html_``): its headline numbers and one key picture as inline
SVG, drawn here from the result's own numbers with no plotting library, so it shows wherever cxscore
imports. Each number is written twice: rounded for reading, and exactly (``data-value``) for a reader
that checks it."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from html import escape
from typing import TYPE_CHECKING, Optional

import numpy as np

from ._palette import FLAG, SINGLE, category_colours

if TYPE_CHECKING:
    from ._journeys import JourneysResult
    from ._monitor import MonitorResult
    from ._score import ScoreResult
    from ._service import OwnersResult

# Bars beyond these are left out of the picture (the frames hold them all): a notebook cell stays short.
MAX_BARS = 12
MAX_COLUMNS = 26
_FONT = 'font-family="sans-serif" font-size="11"'


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
                  colours: Optional[Sequence[str]] = None, tooltips: Optional[Sequence[str]] = None,
                  digits: int = 3) -> str:
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
        tip = tooltips[k] if tooltips is not None else f"{label}: {_number(value, digits)}"
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


def column_chart_svg(labels: Sequence[Hashable], values: Sequence[float], title: str,
                     flagged: Sequence[bool], low: float = 0.0, high: float = 100.0, digits: int = 1) -> str:
    """Vertical bars on a fixed [low, high] scale, one per label in order (the last ``MAX_COLUMNS``), the
    flagged ones in the flag colour; NaN values draw no bar. Each bar carries its exact value."""
    rows = [(str(label), float(value), bool(flag)) for label, value, flag in zip(labels, values, flagged)]
    rows = rows[-MAX_COLUMNS:]
    column_width, plot_height, axis_height = 18, 120, 16
    width = max(column_width * len(rows), 1) + 40
    height = plot_height + axis_height + 8
    parts = [_svg_open(width, height, title)]
    base = 4 + plot_height
    for k, (label, value, flag) in enumerate(rows):
        if math.isnan(value):
            continue
        share = (min(max(value, low), high) - low) / ((high - low) or 1.0)
        top = base - plot_height * share
        tip = f"{label}: {_number(value, digits)}" + (" (change beyond noise)" if flag else "")
        parts.append(f'<rect x="{36 + k * column_width + 2}" y="{top:.2f}" width="{column_width - 4}" '
                     f'height="{base - top:.2f}" fill="{FLAG if flag else SINGLE}" data-label="{escape(label)}" '
                     f'data-value="{value!r}" data-flagged="{"yes" if flag else "no"}"><title>{escape(tip)}</title>'
                     f"</rect>")
    parts.append(f'<text x="32" y="{4 + 10}" text-anchor="end" {_FONT}>{_number(high, 0)}</text>')
    parts.append(f'<text x="32" y="{base}" text-anchor="end" {_FONT}>{_number(low, 0)}</text>')
    parts.append(f'<line x1="34" y1="{base}" x2="{width - 2}" y2="{base}" stroke="black" stroke-width="0.8"/>')
    if rows:
        parts.append(f'<text x="36" y="{base + axis_height}" {_FONT}>{escape(rows[0][0])}</text>')
        parts.append(f'<text x="{width - 2}" y="{base + axis_height}" text-anchor="end" {_FONT}>'
                     f"{escape(rows[-1][0])}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _legend(colours: dict[Hashable, str]) -> str:
    items = "".join(f'<span style="margin-right:0.8em"><span style="display:inline-block;width:0.8em;height:0.8em;'
                    f'background:{c}"></span> {escape(str(k))}</span>' for k, c in colours.items())
    return f'<div style="font-size:small">{items}</div>'


def _html(kind: str, headline: Sequence[tuple[str, float, int]], picture: str, note: str = "") -> str:
    """The headline table (name, value, digits shown) above the picture."""
    cells = "".join(f'<tr><th style="text-align:left">{escape(name)}</th>'
                    f'<td style="text-align:right" data-value="{float(value)!r}">{_number(float(value), digits)}</td>'
                    f"</tr>" for name, value, digits in headline)
    note_html = f'<div style="font-size:small">{escape(note)}</div>' if note else ""
    return (f'<div class="cxscore-result"><strong>{escape(kind)}</strong><table>{cells}</table>{picture}'
            f"{note_html}</div>")


def score_html(result: ScoreResult) -> str:
    """The brand's figures and the touchpoints losing the most, coloured by owner."""
    summary = result.summary
    impact = result.touchpoints["impact"].dropna().sort_values(kind="stable")
    owner_of = {t["name"]: t.get("owner", "") for t in result.journey_map.to_dict()["touchpoints"]}
    colours = category_colours(list(result.owners.index))
    owners = [owner_of.get(str(t), "") for t in impact.index]
    picture = bar_chart_svg(list(impact.index), impact.to_numpy().tolist(),
                            "Impact by touchpoint: the largest losses of the brand score",
                            colours=[colours.get(o, SINGLE) for o in owners],
                            tooltips=[f"{t} ({o}): impact {v:.4f}" for t, o, v in zip(impact.index, owners, impact)],
                            digits=4)
    headline = [("customers", summary["customers"], 0), ("encounters", summary["events"], 0),
                ("brand index", result.brand_index, 2), ("brand score", result.brand_score, 4),
                ("rejected rows", len(result.rejected), 0)]
    return _html("ScoreResult", headline, picture + _legend({o: c for o, c in colours.items() if o in owners}))


def journeys_html(result: JourneysResult) -> str:
    """Customers, events and the graph's size; with outcomes the customers a fix would win by touchpoint,
    else the busiest transitions between touchpoints."""
    headline: list[tuple[str, float, int]] = [("customers", result.customers, 0), ("events", result.events, 0),
                                              ("edges", len(result.edges), 0), ("variants", len(result.variants), 0)]
    markov = result.markov
    if markov is not None:
        headline.append(("outcome probability", markov.attrs["success_probability"], 3))
        won = markov["fix_customers"].dropna()
        picture = bar_chart_svg(list(won.index), won.to_numpy().tolist(),
                                "Customers won by fixing each touchpoint (Markov what-if)", digits=1)
    else:
        edges = result.edges
        inner = edges[(edges["source"] != "__start__") & (edges["target"] != "__end__")]
        busiest = inner.sort_values("count", ascending=False, kind="stable")
        labels = [f"{s} \u2192 {t}" for s, t in zip(busiest["source"], busiest["target"])]
        picture = bar_chart_svg(labels, busiest["count"].to_numpy(dtype=np.float64).tolist(),
                                "The busiest transitions between touchpoints (customers)", digits=0)
    return _html("JourneysResult", headline, picture)


def owners_html(result: OwnersResult) -> str:
    """How many owners and changes beyond noise; each owner's share of the brand's loss."""
    card = result.scorecard
    colours = category_colours(list(card.index))
    headline = [("owners", len(card), 0), ("windows", result.trend["window"].nunique(), 0),
                ("changes beyond noise", int(result.trend["flagged"].sum()), 0),
                ("rejected rows", len(result.rejected), 0)]
    picture = bar_chart_svg(list(card.index), card["loss_share"].to_numpy(dtype=np.float64).tolist(),
                            "Each owner's share of the brand's loss", colours=[colours[o] for o in card.index])
    return _html("OwnersResult", headline, picture)


def monitor_html(result: MonitorResult) -> str:
    """The latest window's brand index and the brand's index by window, changes beyond noise in vermillion."""
    brand = result.brand
    latest = float(brand["index"].iloc[-1]) if len(brand) else math.nan
    headline = [("windows", len(brand), 0), ("latest brand index", latest, 2),
                ("brand changes beyond noise", int(brand["flagged"].sum()), 0),
                ("touchpoint changes beyond noise", len(result.flagged), 0), ("rejected rows", len(result.rejected), 0)]
    picture = column_chart_svg([str(w) for w in brand.index], brand["index"].to_numpy(dtype=np.float64).tolist(),
                               "Brand index by window (0-100); changes beyond noise in vermillion",
                               brand["flagged"].tolist())
    note = f"the last {MAX_COLUMNS} of {len(brand)} windows" if len(brand) > MAX_COLUMNS else ""
    return _html("MonitorResult", headline, picture, note)
