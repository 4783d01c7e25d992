"""The results' notebook pictures (_repr_html_, JourneysResult.to_svg): the HTML parses, the SVG inside is
well-formed XML announced as an image with a label, and the headline numbers and the drawn elements carry the
result's numbers exactly (the C++ charts write each as shortest round-trip text)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import cxscore

SVG = "{http://www.w3.org/2000/svg}"
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]  # without black
HELPDESK_COLUMNS = {"customer": "case_id", "touchpoint": "activity", "time": "timestamp"}


class Headline(HTMLParser):
    """The headline table's rows as {header: exact value}; fails on an element closed out of order."""

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
    start, end = html.index("<svg"), html.rindex("</svg>") + len("</svg>")
    svg = ET.fromstring(html[start:end])
    assert svg.get("role") == "img" and svg.get("aria-label")
    return reader.values, svg


def groups(svg: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if kind in (g.get("class") or "").split()]


def assert_impact_chart(result, svg: ET.Element, owner_of: dict[str, str]) -> None:
    """The bars are the touchpoints with encounters, largest loss first (ties in map order), their impacts
    touchpoints.csv's, one Okabe-Ito colour per owner in the map's order of owners."""
    bars = groups(svg, "bar")
    visited = result.touchpoints[result.touchpoints["count"] > 0]
    expected = visited["impact"].sort_values(kind="stable").iloc[:12]
    assert [g.get("data-touchpoint") for g in bars] == expected.index.tolist()
    assert [float(g.get("data-impact")) for g in bars] == expected.tolist()
    colour = {o: OKABE_ITO[k % 7] for k, o in enumerate(result.owners.index)}
    assert [g.find(f"{SVG}rect").get("fill") for g in bars] == [colour[owner_of[t]] for t in expected.index]
    assert [g.get("data-owner") for g in bars] == [owner_of[t] for t in expected.index]


def test_score_headline_and_impact_chart(sim):
    result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    values, svg = parsed(result._repr_html_())
    assert values == {"customers": result.summary["customers"], "encounters": len(sim.events),
                      "brand index": result.brand_index, "brand score": result.brand_score, "rejected rows": 0}
    assert values["customers"] == sim.events["customer"].nunique()
    owner_of = {t["name"]: t["owner"] for t in sim.journey_map.to_dict()["touchpoints"]}
    assert_impact_chart(result, svg, owner_of)


def test_helpdesk_score_and_journey_map(helpdesk, waiting):
    log, document = waiting
    scored = cxscore.score(log, document, **HELPDESK_COLUMNS)
    values, svg = parsed(scored._repr_html_())
    assert values["customers"] == helpdesk["case_id"].nunique() == 4580
    assert values["brand index"] == scored.brand_index
    assert_impact_chart(scored, svg, {t["name"]: t["owner"] for t in document["touchpoints"]})

    journeys = cxscore.journeys(helpdesk, **HELPDESK_COLUMNS)
    values, svg = parsed(journeys._repr_html_())
    assert values == {"customers": 4580, "events": len(helpdesk), "edges": len(journeys.edges),
                      "variants": len(journeys.variants)}
    # Graphviz names each node by its touchpoint and each edge "a->b": every touchpoint of the log is a node,
    # and (the graph being small enough to show whole) every edge between touchpoints is drawn.
    titles = {g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None}
    assert set(helpdesk["activity"]) <= titles
    edges = journeys.edges
    inner = edges[(edges["source"] != "__start__") & (edges["target"] != "__end__")]
    drawn = {t for t in titles if "->" in t}
    assert {f"{s}->{t}" for s, t in zip(inner["source"], inner["target"])} <= drawn
    assert journeys.to_svg() in journeys._repr_html_()


def test_journeys_with_outcomes_headline(sim):
    result = cxscore.journeys(sim.events, sim.journey_map, sim.outcomes)
    values, _ = parsed(result._repr_html_())
    assert values["outcome probability"] == result.markov.attrs["success_probability"]
    retained = (sim.outcomes["retained"].astype(str).str.lower().isin(["yes", "1", "true"])).mean()
    assert values["outcome probability"] == pytest.approx(retained, abs=1e-12)  # every customer is a journey
    assert values["customers"] == sim.events["customer"].nunique()


def test_owners_headline_and_loss_shares(sim):
    result = cxscore.owners(sim.events, sim.journey_map, sim.model, sim.customers, period="week")
    values, svg = parsed(result._repr_html_())
    assert values == {"owners": len(result.scorecard), "windows": result.trend["window"].nunique(),
                      "flagged changes": result.trend["flagged"].sum(), "rejected rows": 0}
    bars = pd.Series({r.get("data-label"): float(r.get("data-value")) for r in svg.iter(f"{SVG}rect")})
    assert bars.index.tolist() == result.scorecard.index.tolist()
    assert bars.tolist() == result.scorecard["loss_share"].tolist()
    assert bars.sum() == pytest.approx(1.0, abs=1e-9)  # every loss belongs to one owner


def test_monitor_headline_and_trend_chart(sim, waiting):
    for result in (cxscore.monitor(sim.events, sim.journey_map, sim.model, sim.customers, period="week"),
                   cxscore.monitor(*waiting, period="week", **HELPDESK_COLUMNS)):
        values, svg = parsed(result._repr_html_())
        brand = result.brand
        assert values == {"windows": len(brand), "latest brand index": brand["index"].iloc[-1],
                          "brand changes flagged": brand["flagged"].sum(),
                          "touchpoint changes flagged": len(result.flagged), "rejected rows": 0}
        points = groups(svg, "point")
        assert [p.get("data-window") for p in points] == brand.index.tolist()
        assert [float(p.get("data-index")) for p in points] == brand["index"].tolist()
        assert [p.get("data-flagged") == "yes" for p in points] == brand["flagged"].tolist()


def test_labels_are_escaped():
    jm = {"touchpoints": [{"name": "web <beta> & \"app\"", "owner": "R&D <core>", "scale": [1, 5], "promise": 3}]}
    events = pd.DataFrame({"customer": ["a", "b"], "touchpoint": "web <beta> & \"app\"",
                           "time": pd.to_datetime(["2026-01-01", "2026-01-02"]), "experience": [2.0, 4.0]})
    _, svg = parsed(cxscore.score(events, jm)._repr_html_())
    assert [g.get("data-owner") for g in groups(svg, "bar")] == ["R&D <core>"]
    owners = cxscore.owners(events, jm)
    _, svg = parsed(owners._repr_html_())
    assert [r.get("data-label") for r in svg.iter(f"{SVG}rect")] == ["R&D <core>"]


def test_pictures_survive_pickling(sim):
    results = [cxscore.score(sim.events, sim.journey_map, sim.model), cxscore.journeys(sim.events, sim.journey_map),
               cxscore.monitor(sim.events, sim.journey_map, sim.model), cxscore.owners(sim.events, sim.journey_map)]
    for result in results:
        again = pickle.loads(pickle.dumps(result))
        assert again._repr_html_() == result._repr_html_()
    assert pickle.loads(pickle.dumps(results[1])).to_svg() == results[1].to_svg()


def test_empty_results_show_their_figures():
    jm = {"touchpoints": [{"name": "web", "owner": "it", "scale": [1, 5], "promise": 3}]}
    events = pd.DataFrame({"customer": pd.Series([], dtype=str), "touchpoint": pd.Series([], dtype=str),
                           "time": pd.Series([], dtype="datetime64[ns]"), "experience": pd.Series([], dtype=float)})
    values, svg = parsed(cxscore.score(events, jm)._repr_html_())
    assert values["customers"] == 0 and np.isnan(values["brand index"])
    assert groups(svg, "bar") == []
    values, svg = parsed(cxscore.monitor(events, jm)._repr_html_())
    assert values["windows"] == 0 and groups(svg, "point") == []


def test_the_pictures_need_no_matplotlib():
    code = ("import sys; sys.modules['matplotlib'] = None; import cxscore\n"
            "sim = cxscore.simulate(customers=200, seed=1)\n"
            "html = cxscore.score(sim.events, sim.journey_map, sim.model)._repr_html_()\n"
            "html += cxscore.journeys(sim.events, sim.journey_map)._repr_html_()\n"
            "html += cxscore.monitor(sim.events, sim.journey_map, sim.model)._repr_html_()\n"
            "html += cxscore.owners(sim.events, sim.journey_map)._repr_html_()\n"
            "print(html.count('<svg'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "4"


def test_journey_maps_drawn_from_several_threads_at_once(helpdesk):
    # Graphviz is not thread-safe: the library lays out one map at a time, and the binding releases the GIL.
    results = [cxscore.journeys(helpdesk, **HELPDESK_COLUMNS) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = list(pool.map(lambda result: result.to_svg(), results))
    assert len(set(drawn)) == 1
    assert ET.fromstring(drawn[0]).get("role") == "img"
