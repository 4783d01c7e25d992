"""cxscore.simulate gives the tables `cxscore simulate` writes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

import cxscore
from conftest import run


def test_python_simulation_equals_the_commands_files(cli, tmp_path):
    done = run(cli, "simulate", "--customers", "700", "--seed", "9", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    sim = cxscore.simulate(customers=700, seed=9)

    files = pd.read_csv(tmp_path / "events.csv", dtype={"customer": str, "touchpoint": str, "dimension": str})
    events = sim.events
    assert events.columns.tolist() == files.columns.tolist()
    assert events["customer"].astype(str).tolist() == files["customer"].tolist()
    assert events["touchpoint"].astype(str).tolist() == files["touchpoint"].tolist()
    assert events["dimension"].astype(object).fillna("").tolist() == files["dimension"].fillna("").tolist()
    file_times = pd.to_datetime(files["time"], utc=True, format="ISO8601")
    assert (events["time"] == file_times).all()
    np.testing.assert_array_equal(events["experience"].to_numpy(), files["experience"].to_numpy())
    np.testing.assert_array_equal(events["expectation"].to_numpy(), files["expectation"].to_numpy())

    customers = pd.read_csv(tmp_path / "customers.csv", dtype={"customer": str, "segment": str})
    assert sim.customers["customer"].tolist() == customers["customer"].tolist()
    np.testing.assert_array_equal(sim.customers["weight"].to_numpy(), customers["weight"].to_numpy())
    assert sim.customers["segment"].astype(str).tolist() == customers["segment"].tolist()

    outcomes = pd.read_csv(tmp_path / "outcomes.csv", dtype={"customer": str})
    assert sim.outcomes["nps"].tolist() == outcomes["nps"].tolist()
    assert sim.outcomes["retained"].tolist() == (outcomes["retained"] == "yes").tolist()

    assert sim.truth == json.loads((tmp_path / "truth.json").read_text())
    assert sim.journey_map == cxscore.read_map(tmp_path / "map.json")
    assert sim.model == cxscore.Model.from_json(tmp_path / "model.json")


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = cxscore.simulate(customers=50, seed=4), cxscore.simulate(customers=50, seed=4), cxscore.simulate(
        customers=50, seed=5)
    pd.testing.assert_frame_equal(a.events, b.events)
    assert not a.events["experience"].equals(c.events["experience"])
