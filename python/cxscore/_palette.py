"""The colours of every picture cxscore draws in Python (matplotlib charts, the owners' inline SVG), each
palette defined once here, the same as the C++ report's (src/report/html/palettes.cpp, which tests hold
them to), and chosen to stay readable with the common colour-vision deficiencies."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

# Categories (owners, touchpoints): Okabe & Ito (2008), "Color Universal Design (CUD): how to make figures
# and presentations that are friendly to colorblind people", https://jfly.uni-koeln.de/color/ — colours
# told apart under protanopia, deuteranopia and tritanopia. Without their black, which the text and axes
# use; past seven categories the colours repeat.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")

# Gaps (below 0 = expectations unmet, above = exceeded): ColorBrewer's diverging RdBu, 11 classes, from red
# (unmet) through near-white to blue (met). Harrower & Brewer (2003), "ColorBrewer.org: an online tool for
# selecting colour schemes for maps", The Cartographic Journal 40(1); marked colour-blind safe there, and
# recommended for diverging data by Tol (2021), "Colour Schemes", SRON/EPS/TN/09-002.
GAP_DIVERGING = ("#67001F", "#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#F7F7F7", "#D1E5F0", "#92C5DE", "#4393C3",
                 "#2166AC", "#053061")

# Counts (edge traffic): ColorBrewer's single-hue sequential Blues, 9 classes (Harrower & Brewer 2003):
# lightness alone carries the value, which every kind of colour vision reads.
COUNT_SEQUENTIAL = ("#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C",
                    "#08306B")

# Marks what a chart flags (a window whose change is beyond noise): Okabe-Ito's vermillion, as the report.
FLAG = OKABE_ITO[5]
# Bars and lines that stand for no category (one series): Okabe-Ito's blue, as the report's trend line.
SINGLE = OKABE_ITO[4]


def category_colours(labels: Sequence[Hashable]) -> dict[Hashable, str]:
    """A colour per distinct label, in order of first appearance (past seven the palette repeats)."""
    colours: dict[Hashable, str] = {}
    for label in labels:
        if label not in colours:
            colours[label] = OKABE_ITO[len(colours) % len(OKABE_ITO)]
    return colours
