"""result.plot.<chart>() and cxscore.plot_drivers: the numbers drawn in each matplotlib Axes equal the
result's, and where they can be worked out without cxscore (histogram counts, directly-follows counts, owners
from the map file, sums that must hold) they equal those too."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import cxscore

try:
    import matplotlib

    matplotlib.use("Agg")  # no display: draw into memory
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
except ImportError:  # the charts' tests need the optional extra; the import-free checks below do not
    plt = None

needs_matplotlib = pytest.mark.skipif(plt is None, reason="matplotlib is not installed (pip install cxscore[plot])")
OKABE_ITO = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"]  # without black
SVG = "{http://www.w3.org/2000/svg}"
HELPDESK_COLUMNS = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    if plt is not None:
        plt.close("all")


def bars(ax) -> pd.Series:
    """Horizontal bars' widths by their y tick label, top to bottom."""
    assert ax.yaxis_inverted()  # so ascending y is top to bottom
    labels = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    rows = sorted(ax.patches, key=lambda p: p.get_y())
    return pd.Series([p.get_width() for p in rows], index=[labels[round(p.get_y() + p.get_height() / 2)] for p in rows])


def bar_colours(ax) -> dict[str, str]:
    labels = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    return {labels[round(p.get_y() + p.get_height() / 2)]: to_hex(p.get_facecolor()) for p in ax.patches}


def map_owners(document: dict) -> dict[str, str]:
    return {t["name"]: t["owner"] for t in document["touchpoints"]}


def test_importing_cxscore_does_not_import_matplotlib():
    code = "import sys, cxscore; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_chart_without_matplotlib_says_how_to_install_it(sim, monkeypatch):
    result = cxscore.score(sim.events, sim.journey_map, sim.model)
    for name in ("matplotlib", "matplotlib.pyplot"):
        monkeypatch.setitem(sys.modules, name, None)  # what `import` sees when the package is absent
    with pytest.raises(ImportError, match=r"pip install cxscore\[plot\]"):
        result.plot.impact()
    with pytest.raises(ImportError, match=r"pip install cxscore\[plot\]"):
        cxscore.plot_drivers(pd.DataFrame({"lmg": [0.1]}, index=["a"]))


@needs_matplotlib
def test_score_impact_bars_are_the_touchpoints_impacts_coloured_by_owner(sim):
    result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    ax = result.plot.impact()
    drawn = bars(ax)
    assert (result.touchpoints["count"] > 0).all()  # every touchpoint is drawn
    expected = result.touchpoints["impact"].sort_values(kind="stable")
    assert drawn.index.tolist() == expected.index.tolist()  # largest loss at the top
    np.testing.assert_array_equal(drawn.to_numpy(), expected.to_numpy())
    assert (drawn <= 0).all()
    # Owners from the map's own document; colours Okabe-Ito in the owners table's order.
    owner_of = map_owners(sim.journey_map.to_dict())
    colour_of_owner = {o: OKABE_ITO[k % 7] for k, o in enumerate(result.owners.index)}
    assert bar_colours(ax) == {t: colour_of_owner[owner_of[t]] for t in drawn.index}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) == {owner_of[t] for t in drawn.index}
    top = bars(result.plot.impact(top=3))
    assert top.index.tolist() == expected.index[:3].tolist()


@needs_matplotlib
def test_an_owner_has_the_colour_the_report_gives_it(sim):
    # The notebook's impact chart is the C++ report's: each bar's fill is the owner's colour there.
    result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    report_svg = ET.fromstring(result._impact_picture.svg())
    report_colour = {g.get("data-owner"): g.find(f"{SVG}rect").get("fill").lower()
                     for g in report_svg.iter(f"{SVG}g") if g.get("class") == "bar"}
    owner_of = map_owners(sim.journey_map.to_dict())
    drawn = bar_colours(result.plot.impact())
    assert {owner_of[t]: colour for t, colour in drawn.items()} == report_colour


@needs_matplotlib
def test_score_index_histogram_counts_the_customers(sim):
    result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    fig, ax = plt.subplots()
    assert result.plot.index_distribution(ax=ax, bins=10) is ax
    heights = [p.get_height() for p in sorted(ax.patches, key=lambda p: p.get_x())]
    counts, _ = np.histogram(result.customers["index"], bins=np.linspace(0, 100, 11))
    assert heights == counts.tolist()
    assert sum(heights) == result.summary["customers"]
    marked = [line for line in ax.lines if line.get_label().startswith("brand index")]
    assert marked[0].get_xdata()[0] == result.brand_index


@needs_matplotlib
def test_score_owner_contributions_add_up_to_the_brand_score(sim):
    result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    ax = result.plot.owner_contributions(color="grey")  # kwargs override cxscore's colours
    drawn = bars(ax)
    assert set(bar_colours(ax).values()) == {"#808080"}
    assert drawn.index.tolist() == result.owners.index.tolist()
    np.testing.assert_array_equal(drawn.to_numpy(), result.owners["contribution"].to_numpy())
    assert drawn.sum() == pytest.approx(result.brand_score, abs=1e-12)


@needs_matplotlib
def test_helpdesk_impact_by_owner_from_the_map_file(waiting):
    log, document = waiting
    result = cxscore.score(log, document, **HELPDESK_COLUMNS)
    ax = result.plot.impact()
    drawn = bars(ax)
    visited = result.touchpoints[result.touchpoints["count"] > 0]
    assert dict(drawn) == dict(visited["impact"])
    assert set(visited.index) == set(log["activity"])
    owner_of = map_owners(document)
    owner_order = list(dict.fromkeys(t["owner"] for t in document["touchpoints"]))  # the map's first appearance
    colour_of_owner = {o: OKABE_ITO[k % 7] for k, o in enumerate(owner_order)}
    assert bar_colours(ax) == {t: colour_of_owner[owner_of[t]] for t in drawn.index}
    heights = [p.get_height() for p in result.plot.index_distribution().patches]
    assert sum(heights) == log["case_id"].nunique()


def directly_follows(log: pd.DataFrame) -> pd.Series:
    """Counts of a -> b by pandas alone: each case in time order (ties in file order), start and end included."""
    log = log.assign(order=np.arange(len(log)), time=pd.to_datetime(log["timestamp"], utc=True))
    log = log.sort_values(["case_id", "time", "order"], kind="stable")
    following = log.groupby("case_id")["activity"].shift(-1).fillna("__end__")
    preceding = log.groupby("case_id")["activity"].shift(1).fillna("__start__")
    steps = pd.concat([pd.DataFrame({"source": log["activity"], "target": following}),
                       pd.DataFrame({"source": preceding, "target": log["activity"]})[preceding == "__start__"]])
    return steps.value_counts(["source", "target"])


def matrix_cells(ax) -> dict[tuple[str, str], float]:
    image = ax.images[0].get_array()
    rows = [t.get_text() for t in ax.get_yticklabels()]
    columns = [t.get_text() for t in ax.get_xticklabels()]
    return {(rows[i], columns[j]): float(image[i, j]) for i in range(len(rows)) for j in range(len(columns))
            if not np.ma.is_masked(image[i, j])}


@needs_matplotlib
def test_helpdesk_edge_matrix_holds_the_directly_follows_counts(helpdesk):
    result = cxscore.journeys(helpdesk, **HELPDESK_COLUMNS)
    cells = matrix_cells(result.plot.edges())
    expected = directly_follows(helpdesk)
    assert cells == {key: float(count) for key, count in expected.items()}
    assert sum(count for (source, _), count in cells.items() if source == "__start__") == result.customers


@needs_matplotlib
def test_edge_matrix_of_gaps_is_centred_on_zero(sim):
    result = cxscore.journeys(sim.events, sim.journey_map, sim.outcomes)
    ax = result.plot.edges(value="mean_gap")
    cells = matrix_cells(ax)
    edges = result.edges.dropna(subset=["mean_gap"])
    assert cells == {(s, t): g for s, t, g in zip(edges["source"], edges["target"], edges["mean_gap"])}
    low, high = ax.images[0].get_clim()
    assert low == -high == -max(abs(edges["mean_gap"]))
    colours = ax.images[0].get_cmap()
    assert (to_hex(colours(0.0)), to_hex(colours(1.0))) == ("#67001f", "#053061")  # ColorBrewer RdBu's ends
    with pytest.raises(ValueError, match="value must be"):
        result.plot.edges(value="customers")


@needs_matplotlib
def test_fix_what_if_bars_are_the_markov_fix_customers(sim):
    result = cxscore.journeys(sim.events, sim.journey_map, sim.outcomes)
    drawn = bars(result.plot.fix_what_if())
    expected = result.markov["fix_customers"].dropna()
    assert drawn.index.tolist() == expected.index.tolist()
    np.testing.assert_array_equal(drawn.to_numpy(), expected.to_numpy())
    # fix_customers is the uplift times the journeys, as markov.csv defines it
    uplift = result.markov["fix_uplift"].dropna()
    np.testing.assert_allclose(drawn.to_numpy(), uplift.to_numpy() * result.markov.attrs["journeys"], rtol=1e-12)
    with pytest.raises(ValueError, match="needs outcomes"):
        cxscore.journeys(sim.events, sim.journey_map).plot.fix_what_if()


def flagged_points(ax) -> np.ndarray:
    rings = [c for c in ax.collections if c.get_label() == "flagged change"]
    return rings[0].get_offsets()


@needs_matplotlib
def test_owners_scorecard_and_trend(sim):
    result = cxscore.owners(sim.events, sim.journey_map, sim.model, sim.customers, period="week")
    card = result.plot.scorecard()
    drawn = bars(card)
    assert drawn.index.tolist() == result.scorecard.index.tolist()
    np.testing.assert_array_equal(drawn.to_numpy(), result.scorecard["loss_share"].to_numpy())
    assert drawn.sum() == pytest.approx(1.0, abs=1e-9)  # every loss belongs to one owner
    ax = result.plot.trend()
    lines = {line.get_label(): line for line in ax.lines}
    for owner, rows in result.trend.groupby("owner"):
        np.testing.assert_array_equal(lines[owner].get_ydata(), rows["index"].to_numpy())
    assert {o: to_hex(line.get_color()) for o, line in lines.items() if o in drawn.index} == bar_colours(card)
    assert len(flagged_points(ax)) == int(result.trend["flagged"].sum())
    picked = result.plot.trend(owners=[result.scorecard.index[0]])
    assert [line.get_label() for line in picked.lines] == [result.scorecard.index[0]]


@needs_matplotlib
def test_monitor_trend_marks_the_flagged_windows(sim, waiting):
    log, document = waiting
    for result in (cxscore.monitor(sim.events, sim.journey_map, sim.model, sim.customers, period="week"),
                   cxscore.monitor(log, document, period="week", **HELPDESK_COLUMNS)):
        ax = result.plot.trend()
        np.testing.assert_array_equal(ax.lines[0].get_ydata(), result.brand["index"].to_numpy())
        flagged = result.brand[result.brand["flagged"]]
        np.testing.assert_array_equal(flagged_points(ax)[:, 1], flagged["index"].to_numpy())
        names = result.touchpoints["touchpoint"].unique()[:2].tolist()
        by_touchpoint = result.plot.trend(touchpoints=names, value="score")
        for line in by_touchpoint.lines:
            rows = result.touchpoints[result.touchpoints["touchpoint"] == line.get_label()]
            np.testing.assert_array_equal(line.get_ydata(), rows["score"].to_numpy())


@needs_matplotlib
def test_drivers_bars_and_bootstrap_intervals(sim):
    table = cxscore.driver_table(sim.events, sim.journey_map, sim.model, sim.outcomes[["customer", "nps"]])
    frame = cxscore.drivers(table, outcome="nps", bootstrap=50, seed=7)
    ax = cxscore.plot_drivers(frame)
    drawn = bars(ax)
    expected = frame["lmg"].sort_values(ascending=False)
    assert drawn.index.tolist() == expected.index.tolist()
    np.testing.assert_array_equal(drawn.to_numpy(), expected.to_numpy())
    segments = ax.containers[-1].lines[2][0].get_segments()  # the error bars' horizontal lines, in bar order
    ends = np.array([[s[0][0], s[1][0]] for s in segments])
    np.testing.assert_allclose(ends[:, 0], frame.loc[expected.index, "lmg_lower"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ends[:, 1], frame.loc[expected.index, "lmg_upper"], rtol=1e-12, atol=1e-15)
    churn_table = cxscore.driver_table(sim.events, sim.journey_map, sim.model, sim.outcomes[["customer", "retained"]])
    churn = cxscore.drivers(churn_table, outcome="retained")  # logistic: relative weights rank, no intervals
    drawn = bars(cxscore.plot_drivers(churn))
    assert dict(drawn) == dict(churn["relative_weight"])
