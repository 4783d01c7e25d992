"""`cxscore report` rendered in a real browser: headless Chromium (Debian's) driven by Selenium through Debian's
chromedriver. The page must load offline with no console error and no request but itself, draw one journey-map
node per touchpoint in the events and one edge per row of `cxscore journeys`' edges.csv, rank its bars as
`cxscore score`'s touchpoints.csv, and show the numbers the other commands' CSVs hold.

Selenium rather than raw DevTools: it starts and stops the browser, and its logs give the console and the network
requests without a WebSocket client of our own. Debian's chromedriver is named explicitly, so Selenium never
tries to download a driver.
"""

from __future__ import annotations

import io
import json
import math
import os
import pathlib
import shutil

import pandas as pd
import pytest

from conftest import EXAMPLES, data_file, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or next(
    (p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.path.exists(p)), None)
SECTIONS = ("headline", "fix-first", "journey-map", "owners", "trend", "service")
DEMO = {"customers": "2000", "seed": "42"}  # `cxscore demo`'s defaults, which `cxscore simulate` repeats
HELPDESK_COLUMNS = "customer=case_id,touchpoint=activity,time=timestamp"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Chromium and its driver are not installed (Debian: apt-get install chromium chromium-driver)",
)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1200,1600", "--hide-scrollbars"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def ok(cli: str, *args: str) -> None:
    done = run(cli, *args)
    assert done.returncode == 0, f"cxscore {' '.join(map(str, args))}: {done.stderr}"


def csv(path: pathlib.Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def number(text: str) -> float:
    """A data-* attribute's number; empty = undefined (NaN), as an empty CSV cell."""
    return math.nan if text in ("", None) else float(text)


def printed(x: float, decimals: int) -> str:
    """How the page prints `x`: fixed decimals, "n/a" when undefined, no "-" on a value that rounds to zero."""
    if math.isnan(x):
        return "n/a"
    text = f"{x:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def same(a: float, b: float) -> bool:
    """The same double (both written in shortest round-trip form), or both undefined."""
    return (math.isnan(a) and math.isnan(b)) or a == b


def load(driver, page: pathlib.Path) -> dict:
    """Opens `page` and returns what the browser saw: console entries, requested URLs, the page's data."""
    driver.get_log("browser"), driver.get_log("performance")  # drop what earlier pages left
    url = page.resolve().as_uri()
    driver.get(url)
    console = driver.get_log("browser")
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    data = driver.execute_script("""
        const all = (s) => [...document.querySelectorAll(s)];
        const title = (g) => g.querySelector(':scope > title').textContent;
        return {
          nodes: all('svg.journey-map g.node').map(title),
          node_counts: all('svg.journey-map g.node[data-customers]').map(
            g => [title(g), g.dataset.customers, g.dataset.visits]),
          edges: all('svg.journey-map g.edge').map(title),
          journey_aria: document.querySelector('svg.journey-map').getAttribute('aria-label'),
          min_edge_count: document.querySelector('[data-min-edge-count]').dataset.minEdgeCount,
          bars: all('svg.impact-chart g.bar').map(g => [g.dataset.touchpoint, g.dataset.impact]),
          figures: Object.fromEntries(
            all('[data-figure]').map(e => [e.dataset.figure, [e.dataset.value, e.textContent]])),
          owners: all('tr.owner').map(r => [r.dataset.owner, r.dataset.index, r.dataset.impact, r.dataset.lossShare,
                                            r.cells[1].textContent]),
          trend: all('svg.trend-chart g.point').map(g => [g.dataset.window, g.dataset.index, g.dataset.flagged]),
          fixes: all('tr.fix').map(r => [r.dataset.touchpoint, r.dataset.fixCustomers, r.cells[1].textContent]),
          drivers: all('tr.driver').map(r => [r.dataset.driver, r.dataset.importance, r.dataset.lower,
                                              r.dataset.upper]),
          demand: all('tr.demand').map(r => [r.dataset.touchpoint, r.dataset.causedContacts, r.dataset.ciLow,
                                             r.dataset.ciHigh, r.cells[4].textContent]),
          scripts: all('script').length,
        };
    """)
    return {"url": url, "console": console, "requests": requests, "data": data}


def assert_loads_offline(seen: dict) -> None:
    errors = [e for e in seen["console"] if e["level"] in ("SEVERE", "ERROR")]
    assert errors == [], errors
    assert seen["requests"] and all(u == seen["url"] for u in seen["requests"]), seen["requests"]
    assert seen["data"]["scripts"] == 0


def assert_journey_map(data: dict, edges_csv: pathlib.Path, events: pd.DataFrame) -> None:
    """`events` has a customer and a touchpoint column, one row per event."""
    edges = csv(edges_csv)
    assert sorted(data["edges"]) == sorted(f"{s}->{t}" for s, t in zip(edges["source"], edges["target"]))
    assert sorted(data["nodes"]) == sorted(set(events["touchpoint"]) | {"__start__", "__end__"})
    assert data["journey_aria"].startswith("Journey map")
    # A node's size is its customers: each node carries them and its visits, counted here by pandas.
    by_touchpoint = events.groupby("touchpoint")["customer"]
    customers, visits = by_touchpoint.nunique(), by_touchpoint.size()
    expected = [[name, str(customers[name]), str(visits[name])] for name in visits.index]
    assert sorted(data["node_counts"]) == sorted(expected)


def assert_bars(data: dict, touchpoints_csv: pathlib.Path) -> None:
    table = csv(touchpoints_csv)
    table = table[table["count"] > 0]
    ranked = table.sort_values("impact", kind="stable")  # largest loss first, ties in map order
    expected = list(zip(ranked["touchpoint"], ranked["impact"]))[: len(data["bars"])]
    assert len(data["bars"]) == min(30, len(table))
    assert [name for name, _ in data["bars"]] == [name for name, _ in expected]
    for (name, shown), (_, impact) in zip(data["bars"], expected):
        assert number(shown) == impact, name


def assert_headline(data: dict, summary_json: pathlib.Path) -> None:
    summary = json.loads(summary_json.read_text())
    figures = data["figures"]
    assert number(figures["brand_index"][0]) == summary["brand_index"]
    assert figures["brand_index"][1] == printed(summary["brand_index"], 1)
    assert int(figures["customers"][0]) == summary["customers"]
    assert int(figures["encounters"][0]) == summary["events"]
    assert number(figures["experience_loss_share"][0]) == summary["loss_share"]["experience"]
    assert number(figures["service_loss_share"][0]) == summary["loss_share"]["service"]


def assert_owners(data: dict, owners_csv: pathlib.Path) -> None:
    table = csv(owners_csv)
    assert [row[0] for row in data["owners"]] == list(table["owner"])
    for (owner, index, impact, loss_share, index_text), row in zip(data["owners"], table.itertuples()):
        assert same(number(index), row.index), owner
        assert same(number(impact), row.impact), owner
        assert same(number(loss_share), row.loss_share), owner
        assert index_text == printed(row.index, 1), owner


def assert_trend(data: dict, trend_csv: pathlib.Path) -> None:
    table = csv(trend_csv)
    assert [w for w, _, _ in data["trend"]] == list(table["window"])
    for (window, index, flagged), row in zip(data["trend"], table.itertuples()):
        assert number(index) == row.index, window
        assert flagged == row.flagged, window


def assert_service(data: dict, service_csv: pathlib.Path) -> None:
    table = csv(service_csv).head(15)
    assert [d[0] for d in data["demand"]] == list(table["touchpoint"])
    for (name, caused, low, high, caused_text), row in zip(data["demand"], table.itertuples()):
        assert same(number(caused), row.caused_contacts), name
        assert same(number(low), row.ci_low), name
        assert same(number(high), row.ci_high), name
        assert caused_text == printed(row.caused_contacts, 0), name


def assert_sections_drawn(driver, sections: tuple[str, ...]) -> None:
    from PIL import Image, ImageStat

    for section in sections:
        element = driver.find_element("id", section)
        image = Image.open(io.BytesIO(element.screenshot_as_png)).convert("L")
        assert image.size[0] > 100 and image.size[1] > 50, section
        assert ImageStat.Stat(image).var[0] > 0, f"section {section} is blank"


def full_page_screenshot(driver, path: pathlib.Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1200, height + 40)
    driver.save_screenshot(str(path))
    driver.set_window_size(1200, 1600)


def test_demo_report_in_chromium(cli, browser, tmp_path):
    os.chdir(tmp_path)
    done = run(cli, "demo", "--customers", DEMO["customers"], "--seed", DEMO["seed"])
    assert done.returncode == 0, done.stderr
    page = tmp_path / "demo.html"  # the default: the current folder
    assert str(page) in done.stdout
    # The demo's page is `cxscore report` of the files `cxscore simulate` writes for the same brand.
    sim = tmp_path / "sim"
    ok(cli, "simulate", "--customers", DEMO["customers"], "--seed", DEMO["seed"], "--out", sim)
    inputs = ["--map", sim / "map.json", "--events", sim / "events.csv", "--customers", sim / "customers.csv",
              "--model", sim / "model.json"]
    seen = load(browser, page)
    data = seen["data"]
    assert_loads_offline(seen)
    ok(cli, "score", *inputs, "--out", tmp_path / "score")
    ok(cli, "journeys", "--map", sim / "map.json", "--events", sim / "events.csv", "--outcomes", sim / "outcomes.csv",
       "--min-edge-count", data["min_edge_count"], "--out", tmp_path / "journeys")
    ok(cli, "owners", *inputs, "--period", "week", "--out", tmp_path / "owners")
    ok(cli, "monitor", *inputs, "--period", "week", "--out", tmp_path / "monitor")
    ok(cli, "service", *inputs, "--out", tmp_path / "service")
    ok(cli, "drivers", *inputs, "--outcomes", sim / "outcomes.csv", "--outcome", "retained", "--bootstrap", "100",
       "--seed", "1", "--out", tmp_path / "drivers")

    events = pd.read_csv(sim / "events.csv", usecols=["customer", "touchpoint"], dtype=str)
    assert_journey_map(data, tmp_path / "journeys" / "edges.csv", events)
    assert_bars(data, tmp_path / "score" / "touchpoints.csv")
    assert_headline(data, tmp_path / "score" / "summary.json")
    assert_owners(data, tmp_path / "owners" / "owners.csv")
    assert_trend(data, tmp_path / "monitor" / "brand_trend.csv")
    assert_service(data, tmp_path / "service" / "service.csv")

    markov = csv(tmp_path / "journeys" / "markov.csv").head(15)
    assert [f[0] for f in data["fixes"]] == list(markov["touchpoint"])
    for (name, customers, text), row in zip(data["fixes"], markov.itertuples()):
        assert same(number(customers), row.fix_customers), name
        assert text == printed(row.fix_customers, 0), name

    drivers = csv(tmp_path / "drivers" / "drivers.csv").set_index("driver")
    importance = json.loads((tmp_path / "drivers" / "summary.json").read_text())["importance"]
    assert sorted(d[0] for d in data["drivers"]) == sorted(drivers.index)
    for name, value, lower, upper in data["drivers"]:
        assert same(number(value), drivers.loc[name, importance]), name
        assert same(number(lower), drivers.loc[name, f"{importance}_lower"]), name
        assert same(number(upper), drivers.loc[name, f"{importance}_upper"]), name
        assert number(lower) <= number(value) <= number(upper), name

    assert_sections_drawn(browser, (*SECTIONS, "what-if", "drivers"))
    if os.environ.get("CXSCORE_SCREENSHOT_DIR"):
        full_page_screenshot(browser, pathlib.Path(os.environ["CXSCORE_SCREENSHOT_DIR"]) / "demo-report.png")


def test_helpdesk_report_in_chromium(cli, browser, tmp_path):
    log = data_file("helpdesk.csv.gz")
    inputs = ["--map", EXAMPLES / "helpdesk_map.json", "--events", log, "--columns", HELPDESK_COLUMNS]
    page = tmp_path / "helpdesk.html"
    ok(cli, "report", *inputs, "--out", page)
    seen = load(browser, page)
    data = seen["data"]
    assert_loads_offline(seen)
    ok(cli, "score", *inputs, "--out", tmp_path / "score")
    ok(cli, "journeys", *inputs, "--min-edge-count", data["min_edge_count"], "--out", tmp_path / "journeys")
    ok(cli, "owners", *inputs, "--period", "week", "--out", tmp_path / "owners")
    ok(cli, "monitor", *inputs, "--period", "week", "--out", tmp_path / "monitor")
    ok(cli, "service", *inputs, "--out", tmp_path / "service")

    activities = pd.read_csv(log, usecols=["case_id", "activity"], dtype=str)
    assert_journey_map(data, tmp_path / "journeys" / "edges.csv",
                       activities.rename(columns={"case_id": "customer", "activity": "touchpoint"}))
    assert len(data["nodes"]) == 14 + 2  # tests/data/README.md: 14 activities
    assert_bars(data, tmp_path / "score" / "touchpoints.csv")
    assert_headline(data, tmp_path / "score" / "summary.json")
    assert_owners(data, tmp_path / "owners" / "owners.csv")
    assert_trend(data, tmp_path / "monitor" / "brand_trend.csv")
    assert_service(data, tmp_path / "service" / "service.csv")
    assert data["fixes"] == [] and data["drivers"] == []  # no outcomes given
    assert_sections_drawn(browser, SECTIONS)
