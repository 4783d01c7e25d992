"""The results' notebook pictures (_repr_html_): the HTML parses, the SVG inside is well-formed XML with a title
and an aria-label, and the headline numbers and the bars carry the result's numbers exactly."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import cxscore
from conftest import helpdesk_waiting, shared_data

SVG = "{http://www.w3.org/2000/svg}"
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
HELPDESK_COLUMNS = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}


class Headline(HTMLParser):
    """The table's rows as {header: exact value}; fails on markup that does not nest."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, float] = {}
        self.open: list[str] = []
        self.header = ""

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        attributes = dict(attrs)
        if tag == "td" and "data-value" in attributes:
            self.values[self.header] = float(attributes["data-value"])

    def handle_startendtag(self, tag, attrs):
        pass  # <line ... />: opens and closes itself

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data):
        if self.open and self.open[-1] == "th":
            self.header = data


def parsed(html: str) -> tuple[dict[str, float], ET.Element]:
    reader = Headline()
    reader.feed(html)
    reader.close()
    assert reader.open == [], "unclosed elements"
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    svg = ET.fromstring(html[start:end])
    assert svg.get("role") == "img" and svg.get("aria-label")
    assert svg.find(f"{SVG}title").text == svg.get("aria-label")
    return reader.values, svg


def rects(svg: ET.Element) -> pd.Series:
    found = svg.iter(f"{SVG}rect")
    return pd.Series({r.get("data-label"): float(r.get("data-value")) for r in found}, dtype=np.float64)


@pytest.fixture(scope="module")
def sim():
    return cxscore.simulate(customers=1500, seed=3)


@pytest.fixture(scope="module")
def helpdesk():
    return pd.read_csv(shared_data("helpdesk.csv.gz"), usecols=["case_id", "activity", "timestamp"])


@pytest.fixture(scope="module")
def waiting():
    return helpdesk_waiting()


def test_score_headline_and_impact_bars(sim):
    result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    values, svg = parsed(result._repr_html_())
    assert values == {"customers": result.summary["customers"], "encounters": len(sim.events),
                      "brand index": result.brand_index, "brand score": result.brand_score, "rejected rows": 0}
    drawn = rects(svg)
    expected = result.touchpoints["impact"].sort_values().iloc[:12]
    assert drawn.index.tolist() == expected.index.tolist()
    assert drawn.tolist() == expected.tolist()
    owner_of = {t["name"]: t["owner"] for t in sim.journey_map.to_dict()["touchpoints"]}
    colour = {o: OKABE_ITO[k % 8] for k, o in enumerate(result.owners.index)}
    assert [r.get("fill") for r in svg.iter(f"{SVG}rect")] == [colour[owner_of[t]] for t in drawn.index]


def test_helpdesk_score_and_journeys(helpdesk, waiting):
    scored = cxscore.score(*waiting, **HELPDESK_COLUMNS)
    values, svg = parsed(scored._repr_html_())
    assert values["customers"] == helpdesk["case_id"].nunique() == 4580
    assert values["brand index"] == scored.brand_index
    assert dict(rects(svg)) == dict(scored.touchpoints["impact"].dropna().sort_values().iloc[:12])
    journeys = cxscore.journeys(helpdesk, **HELPDESK_COLUMNS)
    values, svg = parsed(journeys._repr_html_())
    assert values == {"customers": 4580, "events": len(helpdesk), "edges": len(journeys.edges),
                      "variants": len(journeys.variants)}
    # Without outcomes the picture is the busiest transitions between touchpoints (no start or end edges).
    inner = journeys.edges[(journeys.edges["source"] != "__start__") & (journeys.edges["target"] != "__end__")]
    busiest = inner.sort_values("count", ascending=False, kind="stable").iloc[:12]
    drawn = rects(svg)
    assert drawn.index.tolist() == [f"{s} \u2192 {t}" for s, t in zip(busiest["source"], busiest["target"])]
    assert drawn.tolist() == busiest["count"].astype(float).tolist()


def test_journeys_with_outcomes_show_the_fix_what_if(sim):
    result = cxscore.journeys(sim.events, sim.journey_map, sim.outcomes)
    values, svg = parsed(result._repr_html_())
    assert values["outcome probability"] == result.markov.attrs["success_probability"]
    assert values["customers"] == sim.events["customer"].nunique()
    expected = result.markov["fix_customers"].dropna().iloc[:12]
    assert dict(rects(svg)) == dict(expected)


def test_owners_headline_and_loss_shares(sim):
    result = cxscore.owners(sim.events, sim.journey_map, sim.model, sim.customers, period="week")
    values, svg = parsed(result._repr_html_())
    assert values == {"owners": len(result.scorecard), "windows": result.trend["window"].nunique(),
                      "changes beyond noise": result.trend["flagged"].sum(), "rejected rows": 0}
    drawn = rects(svg)
    assert dict(drawn) == dict(result.scorecard["loss_share"])
    assert drawn.sum() == pytest.approx(1.0, abs=1e-9)


def test_monitor_headline_and_index_by_window(sim, waiting):
    for result in (cxscore.monitor(sim.events, sim.journey_map, sim.model, sim.customers, period="week"),
                   cxscore.monitor(*waiting, period="week", **HELPDESK_COLUMNS)):
        values, svg = parsed(result._repr_html_())
        brand = result.brand
        assert values == {"windows": len(brand), "latest brand index": brand["index"].iloc[-1],
                          "brand changes beyond noise": brand["flagged"].sum(),
                          "touchpoint changes beyond noise": len(result.flagged), "rejected rows": 0}
        shown = brand.iloc[-26:].dropna(subset=["index"])
        drawn = list(svg.iter(f"{SVG}rect"))
        assert [r.get("data-label") for r in drawn] == [str(w) for w in shown.index]
        assert [float(r.get("data-value")) for r in drawn] == shown["index"].tolist()
        assert [r.get("data-flagged") == "yes" for r in drawn] == shown["flagged"].tolist()


def test_labels_are_escaped():
    jm = {"touchpoints": [{"name": "web <beta> & \"app\"", "owner": "R&D <core>", "scale": [1, 5], "promise": 3}]}
    events = pd.DataFrame({"customer": ["a", "b"], "touchpoint": "web <beta> & \"app\"",
                           "time": pd.to_datetime(["2026-01-01", "2026-01-02"]), "experience": [2.0, 4.0]})
    result = cxscore.score(events, jm)
    values, svg = parsed(result._repr_html_())
    assert rects(svg).index.tolist() == ["web <beta> & \"app\""]
    assert "R&amp;D &lt;core&gt;" in result._repr_html_()


def test_the_pictures_need_no_matplotlib():
    code = ("import sys; sys.modules['matplotlib'] = None; import cxscore\n"
            "sim = cxscore.simulate(customers=200, seed=1)\n"
            "html = cxscore.score(sim.events, sim.journey_map, sim.model)._repr_html_()\n"
            "html += cxscore.monitor(sim.events, sim.journey_map, sim.model)._repr_html_()\n"
            "print(html.count('<svg'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"
