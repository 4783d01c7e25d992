"""cxscore.report writes the page `cxscore report` writes, byte for byte from the same inputs (the journey map's
layout included: Graphviz numbers its objects in the order they are made, whatever the process allocated before)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import cxscore
from conftest import EXAMPLES, data_file, run, simulated_brand


@pytest.fixture(scope="module")
def brand(cli, tmp_path_factory):
    return simulated_brand(cli, tmp_path_factory.mktemp("brand"), customers=800, seed=4)


def cli_report(cli, path, *args) -> bytes:
    done = run(cli, "report", "--out", path, *args)
    assert done.returncode == 0, done.stderr
    return path.read_bytes()


def page(path) -> bytes:
    return path.read_bytes()


def test_the_brand_with_outcomes_and_options(cli, brand, tmp_path):
    options = {"title": "Brand & co <weekly>", "period": "month", "bootstrap": 30, "seed": 9, "fdr": 0.2,
               "min_effect": 0.5,
               "window_days": 3.0, "min_edge_count": 5}
    expected = cli_report(cli, tmp_path / "cli.html", "--map", brand / "map.json", "--events", brand / "events.csv",
                          "--model", brand / "model.json", "--customers", brand / "customers.csv", "--outcomes",
                          brand / "outcomes.csv", "--title", options["title"], "--period", "month", "--bootstrap",
                          "30", "--seed", "9", "--fdr", "0.2", "--min-effect", "0.5", "--window-days", "3",
                          "--min-edge-count", "5")
    customers = pd.read_csv(brand / "customers.csv", dtype={"customer": str, "segment": str})
    outcomes = pd.read_csv(brand / "outcomes.csv", dtype={"customer": str, "retained": str})
    line = cxscore.report(tmp_path / "python.html", cxscore.read_events(brand / "events.csv"), brand / "map.json",
                          brand / "model.json", customers, outcomes, **options)
    assert page(tmp_path / "python.html") == page(tmp_path / "cli.html")
    assert line.startswith("800 customers")
    for section in (b"what-if", b"drivers"):  # the sections outcomes add
        assert b'data-section="' + section + b'"' in expected


def test_the_example_shop_without_outcomes(cli, tmp_path):
    expected = cli_report(cli, tmp_path / "cli.html", "--map", EXAMPLES / "map.json", "--events",
                          EXAMPLES / "events.csv", "--model", EXAMPLES / "model.json", "--customers",
                          EXAMPLES / "customers.csv")
    customers = pd.read_csv(EXAMPLES / "customers.csv", dtype={"customer": str, "segment": str})
    cxscore.report(tmp_path / "python.html", cxscore.read_events(EXAMPLES / "events.csv"), EXAMPLES / "map.json",
                   EXAMPLES / "model.json", customers)
    assert page(tmp_path / "python.html") == page(tmp_path / "cli.html")
    assert b'data-section="drivers"' not in expected


def test_helpdesk_nodes_and_contacts_are_events_and_customers_counted_by_pandas(cli, tmp_path):
    # Four helpdesk touchpoints are measured by two signals (waiting and rework): each of their events scores
    # as two encounters, but it is one visit on the journey map and one service contact.
    log = pd.read_csv(data_file("helpdesk.csv.gz"), usecols=["case_id", "activity"])
    inputs = ["--map", EXAMPLES / "helpdesk_map.json", "--events", data_file("helpdesk.csv.gz"), "--columns",
              "customer=case_id,touchpoint=activity,time=timestamp"]
    text = cli_report(cli, tmp_path / "helpdesk.html", *inputs).decode()
    node = re.compile(r'<g id="touchpoint_\d+" data-customers="(\d+)" data-visits="(\d+)" class="node">\n'
                      r'<title>([^<]*)</title>')
    drawn = {html.unescape(name): (int(customers), int(visits)) for customers, visits, name in node.findall(text)}
    by_activity = log.groupby("activity")["case_id"]
    customers, visits = by_activity.nunique(), by_activity.size()
    assert drawn == {name: (customers[name], visits[name]) for name in visits.index}
    assert f" {len(log)} service contacts" in text

    done = run(cli, "service", *inputs, "--out", tmp_path / "service")
    assert done.returncode == 0, done.stderr
    listed = done.stdout[done.stdout.index("Contacts by service touchpoint:"):]
    contacts = {name: int(count) for name, count in re.findall(r"^    (.+?) +(\d+) \(", listed, re.MULTILINE)}
    assert contacts == log["activity"].value_counts().to_dict()
    assert contacts["Take in charge ticket"] == 5060


def test_too_few_customers_for_the_drivers_leave_a_note(cli, tmp_path):
    # The shop's 3 customers cannot fit 6 touchpoints: the drivers' section says why, the rest of the page stands.
    outcomes = pd.DataFrame({"customer": ["anna", "ben", "chloe"], "retained": ["yes", "no", "yes"]})
    outcomes.to_csv(tmp_path / "outcomes.csv", index=False)
    expected = cli_report(cli, tmp_path / "cli.html", "--map", EXAMPLES / "map.json", "--events",
                          EXAMPLES / "events.csv", "--outcomes", tmp_path / "outcomes.csv")
    cxscore.report(tmp_path / "python.html", cxscore.read_events(EXAMPLES / "events.csv"), EXAMPLES / "map.json",
                   outcomes=outcomes)
    # The note names the outcomes as each side knows them: the command its file, Python the DataFrame.
    named = expected.replace(str(tmp_path / "outcomes.csv").encode(), b"outcomes DataFrame")
    assert b"Not estimated: outcomes DataFrame, column &#39;rows&#39;" in named
    (tmp_path / "cli.html").write_bytes(named)
    assert page(tmp_path / "python.html") == page(tmp_path / "cli.html")
    assert b'data-section="what-if"' in expected


def test_a_bad_row_is_named_and_nothing_is_written(tmp_path):
    events = cxscore.read_events(EXAMPLES / "events.csv")
    events.loc[3, "experience"] = 1e9
    with pytest.raises(cxscore.InputError) as e:
        cxscore.report(tmp_path / "page.html", events, EXAMPLES / "map.json")
    assert e.value.column == "experience"
    assert not (tmp_path / "page.html").exists()
