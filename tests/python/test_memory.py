"""cxscore.release_memory: the large blocks a call freed (columns, the scratch that regroups rows) are kept for the
next call and given back on request, and scores from kept memory are those from fresh memory, to the bit."""

from __future__ import annotations

import pandas as pd
import pytest

import cxscore


@pytest.fixture(scope="module")
def brand() -> cxscore.Simulation:
    return cxscore.simulate(customers=40_000, seed=3)


def shuffled_scores(brand: cxscore.Simulation) -> cxscore.ScoreResult:
    # Rows out of customer order: the core regroups them into a scratch copy of 16 bytes a row (several MB here).
    events = brand.events.sample(frac=1.0, random_state=1).reset_index(drop=True)
    return cxscore.score(events, brand.journey_map, brand.model, brand.customers)


def test_freed_blocks_are_kept_given_back_and_reused_to_the_same_bits(brand: cxscore.Simulation) -> None:
    cxscore.release_memory(limit=0)
    fresh = shuffled_scores(brand)
    assert cxscore.release_memory() == 0  # nothing kept under a limit of 0
    cxscore.release_memory(limit=1 << 30)
    first = shuffled_scores(brand)
    assert cxscore._core.retained_memory() > 0
    reused = shuffled_scores(brand)
    given_back = cxscore.release_memory()
    assert given_back >= 2 << 20  # at least one block of huge pages
    assert cxscore.release_memory() == 0
    for result in (first, reused):
        pd.testing.assert_frame_equal(result.customers, fresh.customers, rtol=0, atol=0)
        pd.testing.assert_frame_equal(result.touchpoints, fresh.touchpoints, rtol=0, atol=0)


def test_a_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="limit must be a number of bytes, 0 or more, not -1"):
        cxscore.release_memory(limit=-1)


def test_the_module_keeps_up_to_1_gib_by_default() -> None:
    import subprocess
    import sys

    code = "import cxscore; print(cxscore._core.retained_memory_limit())"
    limit = int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
    assert 0 < limit <= 1 << 30
