"""The colours of every picture cxscore draws (matplotlib charts and the notebooks' inline SVG), each
palette defined once here and chosen to stay readable with the common colour-vision deficiencies."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

# Categories (owners, touchpoints): Okabe & Ito (2008), "Color Universal Design (CUD): how to make figures
# and presentations that are friendly to colorblind people", https://jfly.uni-koeln.de/color/ — eight
# colours distinguishable under protanopia, deuteranopia and tritanopia. Black, first in their list, comes
# last here: a black bar is hard to tell from the axes and the labels around it.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")

# Gaps (below 0 = expectations unmet, above = exceeded): ColorBrewer's diverging RdBu, 9 classes, from red
# (unmet) through a neutral grey-white to blue (met). Harrower & Brewer (2003), "ColorBrewer.org: an online
# tool for selecting colour schemes for maps", The Cartographic Journal 40(1); marked colour-blind safe
# there, and recommended by Tol (2021), "Colour Schemes", SRON/EPS/TN/09-002, as his diverging "BuRd".
GAP_DIVERGING = ("#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#F7F7F7", "#D1E5F0", "#92C5DE", "#4393C3", "#2166AC")

# Counts (edge traffic): ColorBrewer's single-hue sequential Blues, 9 classes (Harrower & Brewer 2003):
# lightness alone carries the value, which every kind of colour vision reads.
COUNT_SEQUENTIAL = ("#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C",
                    "#08306B")

# Marks what a chart flags (a window whose change is beyond noise): Okabe-Ito's vermillion, the colour of
# their palette that stands out most against its blues.
FLAG = OKABE_ITO[5]
# Bars that stand for no category (one series): Okabe-Ito's blue.
SINGLE = OKABE_ITO[4]
NEUTRAL = "#999999"


def category_colours(labels: Sequence[Hashable]) -> dict[Hashable, str]:
    """A colour per distinct label, in order of first appearance; past eight labels the palette repeats."""
    colours: dict[Hashable, str] = {}
    for label in labels:
        if label not in colours:
            colours[label] = OKABE_ITO[len(colours) % len(OKABE_ITO)]
    return colours


def gap_colour(gap: float, limit: float = 1.0) -> str:
    """The diverging class of ``gap`` on [-limit, limit] (clipped); NaN (not measured) is neutral grey."""
    if math.isnan(gap) or limit <= 0:
        return NEUTRAL
    position = (min(max(gap / limit, -1.0), 1.0) + 1.0) / 2.0
    return GAP_DIVERGING[min(int(position * len(GAP_DIVERGING)), len(GAP_DIVERGING) - 1)]
