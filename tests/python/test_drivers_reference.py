"""`cxscore drivers` against an independent all-subsets NumPy implementation (no sweep operator, no
Gray code, no correlation matrix for R²: every subset is fitted by least squares on the raw data).

Runs the `cxscore` command (the conftest `cli` fixture) on R's `swiss` and `mtcars` data and
compares LMG, relative weights, standardised betas and R² to 1e-9.
"""
import csv
import itertools
import json
import math
import subprocess

import numpy as np
import pytest

from conftest import data_file

TOLERANCE = 1e-9


def load(name, outcome):
    with open(data_file(f"reference/{name}"), newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    drivers = [h for h in header[1:] if h != outcome]
    x = np.array([[float(r[header.index(d)]) for d in drivers] for r in rows[1:]])
    y = np.array([float(r[header.index(outcome)]) for r in rows[1:]])
    return drivers, x, y


def r2_of(x, y, subset):
    if not subset:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, list(subset)]])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    return 1.0 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))


def lmg_reference(x, y):
    p = x.shape[1]
    r2 = {s: r2_of(x, y, s) for k in range(p + 1) for s in itertools.combinations(range(p), k)}
    out = np.zeros(p)
    for j in range(p):
        others = [i for i in range(p) if i != j]
        for k in range(p):
            gains = [r2[tuple(sorted(s + (j,)))] - r2[s] for s in itertools.combinations(others, k)]
            out[j] += np.mean(gains) / p
    return out, r2[tuple(range(p))]


def relative_weights_reference(x, y):
    rxx = np.corrcoef(x, rowvar=False)
    rxy = np.array([np.corrcoef(x[:, j], y)[0, 1] for j in range(x.shape[1])])
    values, vectors = np.linalg.eigh(rxx)
    lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(lam, rxy)
    return (lam ** 2) @ (beta ** 2)


def standardised_betas(x, y):
    zx = (x - x.mean(0)) / x.std(0, ddof=1)
    zy = (y - y.mean()) / y.std(ddof=1)
    coef, *_ = np.linalg.lstsq(zx, zy, rcond=None)
    return coef


def run_drivers(cli, tmp_path, name, outcome):
    out = tmp_path / "out"
    table = str(data_file(f"reference/{name}"))
    subprocess.run([cli, "drivers", "--table", table, "--outcome", outcome, "--out", str(out)],
                   check=True, capture_output=True)
    with open(out / "drivers.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    summary = json.loads((out / "summary.json").read_text())
    return rows, summary


@pytest.mark.parametrize("name,outcome", [("swiss.csv", "Fertility"), ("mtcars.csv", "mpg")])
def test_drivers_equal_independent_all_subsets(cli, tmp_path, name, outcome):
    drivers, x, y = load(name, outcome)
    lmg, r2 = lmg_reference(x, y)
    rw = relative_weights_reference(x, y)
    beta = standardised_betas(x, y)
    rows, summary = run_drivers(cli, tmp_path, name, outcome)

    assert [r["driver"] for r in rows] == drivers
    assert summary["n"] == len(y)
    assert math.isclose(summary["r2"], r2, rel_tol=0, abs_tol=TOLERANCE)
    for j, row in enumerate(rows):
        assert abs(float(row["lmg"]) - lmg[j]) < TOLERANCE, row["driver"]
        assert abs(float(row["lmg_share"]) - lmg[j] / r2) < TOLERANCE, row["driver"]
        assert abs(float(row["relative_weight"]) - rw[j]) < TOLERANCE, row["driver"]
        assert abs(float(row["relative_weight_share"]) - rw[j] / rw.sum()) < TOLERANCE, row["driver"]
        assert abs(float(row["beta"]) - beta[j]) < TOLERANCE, row["driver"]
    # Invariants of the reference itself: both decompositions add up to R².
    assert abs(lmg.sum() - r2) < 1e-12 and abs(rw.sum() - r2) < 1e-12
