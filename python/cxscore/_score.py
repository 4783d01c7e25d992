"""cxscore.score: a DataFrame of events in, a ScoreResult of DataFrames out."""

from __future__ import annotations

import math
import os
from functools import cached_property
from typing import Any, Optional, Union, cast

import numpy as np
import pandas as pd

from . import _core
from ._columns import PreparedEvents
from ._customers import checked_customers
from ._errors import InputError
from ._inputs import as_journey_map, as_model, as_seconds, as_thread_count
from ._labels import text_buffers
from ._parquet_columns import parquet_prepared
from ._plot import ScorePlots
from ._progress import steps_shown
from ._read import is_parquet, read_events
from ._repr import MAX_BARS, KeptPicture, score_html
from ._rows import first_problems, judged, prepare_checked, relabelled, source
from ._tables import count_text

GROUP_KEYS = ("touchpoint", "owner", "phase", "channel", "segment")


class ScoreResult:
    """What :func:`cxscore.score` returns: DataFrames indexed by your labels, and a summary.

    ``customers`` (score, index, events, journey_score, weight, segment), ``touchpoints``,
    ``owners``, ``phases``, ``channels`` and ``segments`` (count, mean_gap, mean_value, unmet_share,
    contribution, impact), ``summary`` (a dict, as ``summary.json``), ``rejected`` (lenient mode) and
    ``journey_map`` (the map scored against). ``plot`` draws charts (:class:`cxscore._plot.ScorePlots`;
    needs matplotlib); in a notebook the result shows its headline numbers and impact chart.
    Results pickle, so Dask and multiprocessing can move them.

    >>> import cxscore
    >>> sim = cxscore.simulate(customers=200, seed=1)
    >>> result = cxscore.score(sim.events, sim.journey_map, sim.model, sim.customers)
    >>> result.touchpoints.sort_values("impact").index[0] in sim.journey_map
    True
    """

    def __init__(self, raw: dict[str, Any], customer_labels: pd.Index, table: Any, rejected: pd.DataFrame,
                 journey_map: _core.JourneyMap) -> None:
        self._raw = raw
        self.journey_map = journey_map
        drawing = raw.pop("drawing")  # the C++ result the impact chart reads (python/src/drawings.hpp)
        self._impact_picture = KeptPicture(lambda: drawing.impact_svg(top=MAX_BARS))
        self._customer_labels = customer_labels
        self._weight = None if table is None else np.array(table.weight)
        self._segment = None if table is None else np.array(table.segment)
        self._segment_names = ["unassigned"] if table is None else list(table.segment_names)
        self.summary: dict[str, Any] = raw["summary"]
        self.rejected: pd.DataFrame = rejected

    @cached_property
    def customers(self) -> pd.DataFrame:
        """One row per customer with events, indexed by customer label."""
        raw = self._raw
        scored = raw["customer_events"] > 0
        n = len(scored)
        # Usually every code has events (codes come from the events): then nothing is selected, or copied:
        # the frame takes the core's arrays over, and the raw result lets go of them (below).
        pick = (lambda a: a) if scored.all() else (lambda a: a[scored])
        weight = np.ones(n) if self._weight is None else self._weight
        segment = np.zeros(n, np.uint32) if self._segment is None else self._segment
        segments = pd.Categorical.from_codes(pick(segment).astype(np.int64), categories=pd.Index(self._segment_names))
        frame = pd.DataFrame({
            "score": pick(raw["customer_score"]),
            "index": pick(raw["customer_index"]),
            "events": pick(raw["customer_events"]).astype(np.int64),
            "journey_score": pick(raw["customer_journey_score"]),
            "weight": pick(weight),
            "segment": segments,
        }, index=pick(self._customer_labels), copy=False)
        for name in ("customer_score", "customer_index", "customer_events", "customer_journey_score"):
            del raw[name]
        frame.index.name = "customer"
        return frame

    def _group(self, key: str) -> pd.DataFrame:
        table = next(t for t in self._raw["groups"] if t["key"] == key)
        columns = {name: values for name, values in table.items() if name not in ("key", "names")}
        columns["count"] = columns["count"].astype(np.int64)
        return pd.DataFrame(columns, index=pd.Index(table["names"], name=key))

    @cached_property
    def touchpoints(self) -> pd.DataFrame:
        """By touchpoint (map order): count, mean_gap, mean_value, unmet_share, contribution, impact."""
        return self._group("touchpoint")

    @cached_property
    def owners(self) -> pd.DataFrame:
        """By owner (department), the touchpoints' roll-up."""
        return self._group("owner")

    @cached_property
    def phases(self) -> pd.DataFrame:
        """By journey phase, the touchpoints' roll-up."""
        return self._group("phase")

    @cached_property
    def channels(self) -> pd.DataFrame:
        """By channel, the touchpoints' roll-up."""
        return self._group("channel")

    @cached_property
    def segments(self) -> pd.DataFrame:
        """By customer segment."""
        return self._group("segment")

    @property
    def brand_score(self) -> float:
        """The weighted mean journey score (before the peak-end blend): the sum of all contributions."""
        value = self.summary["brand_score"]
        return math.nan if value is None else value

    @property
    def brand_index(self) -> float:
        """The brand score on a 0-100 scale."""
        value = self.summary["brand_index"]
        return math.nan if value is None else value

    @property
    def plot(self) -> ScorePlots:
        """Charts: ``impact()``, ``index_distribution()``, ``owner_contributions()``; each returns the Axes."""
        return ScorePlots(self)

    def _repr_html_(self) -> str:
        return score_html(self)

    def to_folder(self, path: Union[str, os.PathLike[str]]) -> None:
        """Writes the folder ``cxscore score --out`` writes: customers.csv (``customer, score, index, events``),
        touchpoints.csv, owners.csv, phases.csv, channels.csv, segments.csv, summary.json, and rejected.csv
        (``row, column, value, reason``) when rows were rejected. Numbers in shortest round-trip form, formatted
        on every core; all or nothing: the folder is replaced as a whole, and a folder that is not an earlier
        output is refused (InputError), as by the command.

        >>> result.to_folder("out")  # doctest: +SKIP
        """
        customers = self.customers
        files = list(self._raw["files"])
        if len(self.rejected):
            files.insert(len(files) - 1, ("rejected.csv", self.rejected.to_csv(lineterminator="\n").encode()))
        _core.write_score_folder(os.fspath(path), *text_buffers(customers.index),
                                 np.ascontiguousarray(customers["score"].to_numpy(), dtype=np.float64),
                                 np.ascontiguousarray(customers["index"].to_numpy(), dtype=np.float64),
                                 customers["events"].to_numpy().astype(np.uint32), files)

    def __repr__(self) -> str:
        return (f"ScoreResult({count_text(self.summary['customers'], 'customer')}, "
                f"{count_text(self.summary['events'], 'encounter')}, brand index {self.brand_index:.2f}, "
                f"{count_text(len(self.rejected), 'rejected row')})")


def score(events: Union[pd.DataFrame, str, os.PathLike[str]], journey_map: Any, model: Any = None,
          customers: Optional[pd.DataFrame] = None, *,
          lenient: bool = False, as_of: Any = None, customer: str = "customer", touchpoint: str = "touchpoint",
          time: str = "time", experience: str = "experience", expectation: str = "expectation",
          dimension: str = "dimension", threads: Optional[int] = None, progress: bool = False) -> ScoreResult:
    """Scores events against a journey map: a DataFrame, or the path of an events file.

    ``events`` has one row per encounter (or rated item): customer, touchpoint, time, experience, and
    optionally expectation (NaN = the touchpoint's promise) and dimension; other column names are given
    by keyword (``customer="case_id"``). A path is read as :func:`cxscore.read_events` reads it, and errors
    name the file and its rows alike; a Parquet file goes from the file to the core without a DataFrame
    (only the columns scoring reads; ids coded as they are read), the fastest way from a file to the answer.
    ``journey_map`` is a JourneyMap, a dict or a path; ``model`` a Model, a preset name, a dict or a path
    (default: the prospect preset); ``customers`` a DataFrame with customer, weight, segment. ``as_of`` is
    the reference time for recency decay (default: each customer's latest event); an event after it is
    refused, with or without decay. ``threads`` is how many threads score (default ``None``: every core);
    the numbers are identical, to the last bit, for any count.

    Strict (default): the first bad row raises InputError naming the row and column. Lenient: bad rows
    are skipped and listed in ``result.rejected``. The core runs without the GIL. ``progress=True`` shows the
    steps (the columns checked, the events scored) as a bar on standard error (tqdm's when tqdm is installed).

    >>> import cxscore, pandas as pd
    >>> jm = cxscore.JourneyMap.from_json({"touchpoints": [{"name": "delivery", "scale": [0, 240],
    ...                                    "direction": "lower", "promise": 48}]})
    >>> df = pd.DataFrame({"customer": ["a", "a", "b"], "touchpoint": "delivery",
    ...                    "time": pd.to_datetime(["2026-01-01", "2026-01-05", "2026-01-02"]),
    ...                    "experience": [24.0, 96.0, 48.0]})
    >>> cxscore.score(df, jm, "servqual").customers["score"].tolist()  # a: (+24 h - 48 h) / 240 h / 2
    [-0.05, 0.0]
    """
    jm = as_journey_map(journey_map)
    m = as_model(model)
    names = {"customer": customer, "touchpoint": touchpoint, "time": time, "experience": experience,
             "expectation": expectation, "dimension": dimension}
    if all(w == 1.0 for w in m.dimension_weights.values()):
        # Every dimension weighs 1 (a dimension's only effect on a score), and any label is a valid
        # dimension: the column cannot change a number, so it is not converted at all.
        del names["dimension"]
    times = m.reads_time or as_of is not None
    path = os.fspath(events) if isinstance(events, (str, os.PathLike)) else None
    given = cast(pd.DataFrame, events)  # read only where no path is given
    checking = "reading and checking the events" if path is not None else f"checking {len(given):,} events"
    with steps_shown(progress, "cxscore.score", [checking, "scoring"]) as step:
        found = _file_prepared(path, jm, names, times, lenient) if path is not None else None
        if found is not None:
            prepared, frame, rejected = found
        else:
            frame = read_events(path, columns=names, progress=progress) if path is not None else given
            prepared, rejected = prepare_checked(frame, jm, names, lenient, times=times, screened_times=True)

        table, without_events, rejected = checked_customers(customers, prepared.customer_labels,
                                                            prepared.names["customer"], lenient, rejected,
                                                            prepared.columns["customer"], prepared.customer_positions)
        step()
        try:
            raw = _core.score_columns(prepared.columns, jm, m, table, as_seconds(as_of), source(frame),
                                      prepared.customer_labels, len(rejected), without_events,
                                      as_thread_count(threads))
        except InputError as e:  # a row of the prepared columns: name it as the user knows it
            if prepared.unchecked_times and e.column == "time":
                # A time Python's checks name (missing) raises their error; one they pass (outside the calendar)
                # is the core's, as when they ran first.
                prepare_checked(frame, jm, names, lenient, times=times)
            raise relabelled(frame, prepared, e) from None
        step()
    return ScoreResult(raw, prepared.customer_labels, table, rejected, jm)


def _file_prepared(path: str, jm: _core.JourneyMap, names: dict[str, str], times: bool,
                   lenient: bool) -> Optional[tuple[PreparedEvents, pd.DataFrame, pd.DataFrame]]:
    """(prepared columns, the stand-in frame that names the file's rows, rejected rows) of a Parquet file read
    without a DataFrame; None for a CSV, or a file with rows only the frame path judges. Strict: the core's checks
    run as it scores, and its error names the file's row; lenient: they run here, over every row."""
    found = parquet_prepared(path, jm.touchpoint_names, names, times) if is_parquet(path) else None
    if found is None:
        return None
    prepared, frame = found
    problems = first_problems(prepared, *_core.find_bad_rows(prepared.columns, jm)) if lenient \
        else first_problems(prepared)
    prepared, rejected = judged(frame, prepared, problems, lenient)
    return prepared, frame, rejected

