"""`cxscore journeys` against pm4py's discover_dfg on the real logs: every directly-follows count and every
start and end count must be equal. Runs the `cxscore` command (the conftest `cli` fixture) and needs pm4py +
pandas (PyPI)."""
import csv
import pathlib
import subprocess

import pytest

from conftest import data_file

pm4py = pytest.importorskip("pm4py", reason="pm4py is not installed (pip install pm4py): cannot compare with it")
pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install pandas)")

COLUMNS = "customer=case_id,touchpoint=activity,time=timestamp"


def ours(cli: str, log: pathlib.Path, tmp_path: pathlib.Path):
    out = tmp_path / "out"
    subprocess.run([cli, "journeys", "--events", str(log), "--columns", COLUMNS, "--out", str(out)], check=True)
    dfg, start, end = {}, {}, {}
    with open(out / "edges.csv", newline="") as f:
        for row in csv.DictReader(f):
            count = int(row["count"])
            if row["source"] == "__start__":
                start[row["target"]] = count
            elif row["target"] == "__end__":
                end[row["source"]] = count
            else:
                dfg[(row["source"], row["target"])] = count
    return dfg, start, end


def theirs(log: pathlib.Path):
    df = pd.read_csv(log, dtype={"case_id": str})
    # Parse the ISO 8601 offsets to UTC instants, so ordering is by real time as in cxscore.
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, format="ISO8601")
    df = pm4py.format_dataframe(df, case_id="case_id", activity_key="activity", timestamp_key="timestamp")
    dfg, start, end = pm4py.discover_dfg(df)
    return dict(dfg), dict(start), dict(end)


@pytest.mark.parametrize("name", ["helpdesk.csv.gz", "bpic2012.csv.gz"])
def test_directly_follows_counts_equal_pm4py(cli, name, tmp_path):
    log = data_file(name)
    our_dfg, our_start, our_end = ours(cli, log, tmp_path)
    their_dfg, their_start, their_end = theirs(log)
    assert our_dfg == their_dfg
    assert our_start == their_start
    assert our_end == their_end
