"""Python and the `cxscore score` command agree to 1e-12 on the same files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import cxscore
from conftest import EXAMPLES, GROUPS, assert_frame_matches_csv, assert_summary_matches, run


def compare_with_cli(cli, tmp_path, map_path, events_path, model_path=None, customers_path=None, lenient=False):
    out = tmp_path / "cli_out"
    args = ["score", "--map", map_path, "--events", events_path, "--out", out]
    if model_path:
        args += ["--model", model_path]
    if customers_path:
        args += ["--customers", customers_path]
    if lenient:
        args += ["--lenient"]
    done = run(cli, *args)
    assert done.returncode == 0, done.stderr

    events = cxscore.read_events(events_path)
    customers = pd.read_csv(customers_path, dtype={"customer": str, "segment": str}) if customers_path else None
    result = cxscore.score(events, cxscore.read_map(map_path), model_path, customers, lenient=lenient)

    assert_frame_matches_csv(result.customers[["score", "index", "events"]], out / "customers.csv")
    for group in GROUPS:
        assert_frame_matches_csv(getattr(result, group), out / f"{group}.csv")
    assert_summary_matches(result.summary, json.loads((out / "summary.json").read_text()))
    # The folder Python writes is the command's, byte for byte (rejected.csv names rows as the frame does).
    written = tmp_path / "python_out"
    result.to_folder(written)
    names = sorted(p.name for p in out.iterdir())
    assert sorted(p.name for p in written.iterdir()) == names
    for name in names:
        if name != "rejected.csv":
            assert (written / name).read_bytes() == (out / name).read_bytes(), name
    return result, out


def test_sample_data_with_decay_peak_end_recovery_dimensions_and_customer_weights(cli, tmp_path):
    result, _ = compare_with_cli(cli, tmp_path, EXAMPLES / "map.json", EXAMPLES / "events.csv",
                                 EXAMPLES / "model.json", EXAMPLES / "customers.csv")
    assert result.summary["customers"] > 0


@pytest.mark.parametrize("model", ["prospect", "servqual", "model.json"])
def test_simulated_brand(cli, tmp_path, model):
    brand = tmp_path / "brand"
    done = run(cli, "simulate", "--customers", "1500", "--seed", "11", "--out", brand)
    assert done.returncode == 0, done.stderr
    model_arg = brand / "model.json" if model == "model.json" else model
    compare_with_cli(cli, tmp_path, brand / "map.json", brand / "events.csv", model_arg, brand / "customers.csv")


def test_lenient_mode_skips_the_same_rows(cli, tmp_path):
    lines = (EXAMPLES / "events.csv").read_text().splitlines()
    bad = lines[:3] + ["anna,moon,2026-03-02T09:15:00Z,5,,", "ben,website,yesterday,4,,", "ben,website,2026-03-02,9,,",
                       "ben,website,2026-03-02,,,"] + lines[3:]
    events_path = tmp_path / "events.csv"
    events_path.write_text("\n".join(bad) + "\n")
    result, out = compare_with_cli(cli, tmp_path, EXAMPLES / "map.json", events_path, EXAMPLES / "model.json",
                                   EXAMPLES / "customers.csv", lenient=True)
    cli_rejected = pd.read_csv(out / "rejected.csv")
    assert result.rejected.index.tolist() == cli_rejected["row"].tolist()
    assert result.rejected["column"].tolist() == cli_rejected["column"].tolist()
