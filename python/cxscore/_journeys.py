"""cxscore.journeys and cxscore.markov_from_paths: journey discovery and outcome attribution as DataFrames."""

from __future__ import annotations

from functools import cached_property
from typing import Any, NamedTuple, Optional

import numpy as np
import pandas as pd

from . import _core
from ._columns import PreparedEvents
from ._customers import labels_with_events
from ._errors import InputError, describe
from ._inputs import as_journey_map
from ._plot import JourneysPlots
from ._repr import KeptPicture, journeys_html
from ._rows import prepare_checked, relabelled, source
from ._tables import count_text

_OUTCOME_WORDS = {"1": 1, "0": 0, "yes": 1, "no": 0, "true": 1, "false": 0, "1.0": 1, "0.0": 0}


def _frame(columns: dict[str, Any], index: str, integers: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame({k: (np.asarray(v, dtype=np.int64) if k in integers else v) for k, v in columns.items()})
    return frame.set_index(index)


def _markov_frame(raw: dict[str, Any], with_fix: bool) -> pd.DataFrame:
    """markov.csv's rows in its order: most customers won by a fix first, then removal effect, then name;
    ``attrs`` has success_probability, journeys, successes and notes (markov_notes.csv as a dict)."""
    columns = {k: raw[k] for k in ("touchpoint", "removal_effect", "credit", "fix_uplift", "fix_customers") if k in raw}
    frame = pd.DataFrame(columns)
    if with_fix:
        frame["fix_defined"] = ~np.isnan(frame["fix_uplift"].to_numpy())
        frame = frame.sort_values(["fix_defined", "fix_customers", "removal_effect", "touchpoint"],
                                  ascending=[False, False, False, True], kind="stable").drop(columns="fix_defined")
    else:
        frame = frame.sort_values(["removal_effect", "touchpoint"], ascending=[False, True], kind="stable")
    frame = frame.set_index("touchpoint")
    frame.attrs.update(success_probability=raw["success_probability"], journeys=raw["journeys"],
                       successes=raw["successes"], notes=dict(zip(raw["notes"]["touchpoint"], raw["notes"]["note"])))
    return frame


class JourneysResult:
    """What :func:`cxscore.journeys` returns, as ``cxscore journeys`` writes it.

    ``edges`` (source, target, count, mean_gap, mean_duration_s; journeys' starts and ends as rows from
    ``__start__`` and to ``__end__``), ``variants`` (indexed by variant: customers, mean_score), ``loops``
    (indexed by loop: touchpoints, traffic), ``key_paths`` (indexed by kind: path, probability,
    customers, mean_score; see docs/journeys.md, key paths),
    ``markov`` (with outcomes, else None; indexed by touchpoint: removal_effect, credit, fix_uplift,
    fix_customers; ``markov.attrs`` holds success_probability, journeys, successes and notes),
    ``markov_notes`` (with outcomes: why a number is 0 or missing, indexed by touchpoint, as
    markov_notes.csv), ``rejected`` (the rows skipped in lenient mode: column, value, reason, indexed
    by row, as rejected.csv), ``to_dot()`` and ``to_svg()`` (the journey map). ``plot`` draws charts (needs
    matplotlib); in a notebook the result shows its headline numbers and journey map. Results pickle.

    >>> import cxscore, pandas as pd
    >>> log = pd.DataFrame({"customer": [1, 1, 2, 2, 2], "touchpoint": ["web", "call", "web", "call", "call"],
    ...                     "time": [0, 60, 0, 30, 90]})
    >>> r = cxscore.journeys(log)
    >>> r.edges[["source", "target", "count"]].values.tolist()
    [['__start__', 'web', 2], ['web', 'call', 2], ['call', 'call', 1], ['call', '__end__', 2]]
    >>> r.variants["customers"].to_dict()
    {'web > call': 1, 'web > call > call': 1}
    """

    def __init__(self, raw: dict[str, Any], rejected: pd.DataFrame) -> None:
        self._raw = raw
        drawing = raw.pop("drawing")  # the C++ graph the journey map reads (python/src/drawings.hpp)
        self._journey_map_picture = KeptPicture(drawing.journey_map_svg)
        self.customers: int = int(raw["customers"])
        self.events: int = int(raw["events"])
        self.rejected: pd.DataFrame = rejected

    @cached_property
    def edges(self) -> pd.DataFrame:
        """The directly-follows graph's edges, start edges first, end edges last (as edges.csv)."""
        frame = pd.DataFrame(self._raw["edges"])
        frame["count"] = frame["count"].astype(np.int64)
        return frame

    @cached_property
    def variants(self) -> pd.DataFrame:
        """Path variants, most customers first (as variants.csv)."""
        return _frame(self._raw["variants"], "variant", ("customers",))

    @cached_property
    def loops(self) -> pd.DataFrame:
        """Loops, most traffic first (as loops.csv)."""
        return _frame(self._raw["loops"], "loop", ("touchpoints", "traffic"))

    @cached_property
    def key_paths(self) -> pd.DataFrame:
        """The unavoidable touchpoints, the most likely and the worst-experience path (as key_paths.csv)."""
        return _frame(self._raw["key_paths"], "kind")

    @cached_property
    def markov(self) -> Optional[pd.DataFrame]:
        """Removal effects, credits and fix what-ifs by touchpoint (as markov.csv); None without outcomes."""
        raw = self._raw["markov"]
        return None if raw is None else _markov_frame(raw, True)

    @cached_property
    def markov_notes(self) -> Optional[pd.DataFrame]:
        """The chain's degenerate cases (as markov_notes.csv): a note by touchpoint, ``__chain__`` for
        states with no way out; None without outcomes."""
        raw = self._raw["markov"]
        if raw is None:
            return None
        return pd.DataFrame(raw["notes"], columns=["touchpoint", "note"], dtype=object).set_index("touchpoint")

    def to_dot(self) -> str:
        """The journey graph as Graphviz DOT text (as ``--dot``)."""
        return self._raw["dot"]

    def to_svg(self) -> str:
        """The journey map as SVG text, as ``cxscore report`` draws it: laid out by Graphviz (dot), colour =
        mean gap, size = customers, edge width = traffic, loops outlined; on a large graph only the edges
        that keep it legible. Drawn on first use, then kept (also through pickling)."""
        return self._journey_map_picture.svg()

    @property
    def plot(self) -> JourneysPlots:
        """Charts: ``edges()`` (the directly-follows matrix), ``fix_what_if()`` (with outcomes); each returns
        the Axes."""
        return JourneysPlots(self)

    def _repr_html_(self) -> str:
        return journeys_html(self)

    def __repr__(self) -> str:
        return (f"JourneysResult({count_text(self.customers, 'customer')}, {count_text(self.events, 'event')}, "
                f"{count_text(len(self.edges), 'edge')})")


class CheckedOutcomes(NamedTuple):
    """An outcomes frame read against the events' customers (see :func:`checked_outcomes`)."""

    codes: np.ndarray              # per customer code: 1 (success), 0, or -1 (no events, or no row)
    problem: Optional[tuple[int, Any, str, Any, str]]  # the first bad row: (position, label, column, value, reason)
    missing: np.ndarray            # customer codes with events and no outcome row, ascending


def checked_outcomes(outcomes: pd.DataFrame, customer_labels: pd.Index, customer: str, outcome: str,
                     with_events: np.ndarray) -> CheckedOutcomes:
    """Each customer's outcome from ``outcomes``; ``with_events`` (by customer code) says which labels have events.
    A row is bad for a value that is no outcome, or for naming a customer with events a second time; a missing
    column is a problem at position -1, before every row."""
    if not isinstance(outcomes, pd.DataFrame):
        raise TypeError(f"outcomes must be a pandas DataFrame, not {type(outcomes).__name__}")
    result = np.full(len(customer_labels), -1, dtype=np.int8)
    for name in (customer, outcome):
        if name not in outcomes.columns:
            reason = f"missing required column '{name}' (has {list(outcomes.columns)})"
            return CheckedOutcomes(result, (-1, 0, name, "", reason), np.array([], dtype=np.int64))
    ids, values = outcomes[customer], outcomes[outcome]
    codes = customer_labels.get_indexer(pd.Index(ids))
    # Each cell read as its text (True, 1.0 and "yes" alike), in one pass over the column.
    flags = values.astype(str).str.strip().str.lower().map(_OUTCOME_WORDS).to_numpy(dtype=np.float64, na_value=-1)
    counted = codes >= 0
    counted[counted] = with_events[codes[counted]]  # a customer without events is not read
    repeated = np.zeros(len(codes), dtype=bool)
    repeated[counted] = pd.Series(codes[counted]).duplicated().to_numpy()
    bad_value = np.flatnonzero(flags < 0)
    twice = np.flatnonzero(repeated)
    if len(bad_value) and (not len(twice) or bad_value[0] < twice[0]):
        k = int(bad_value[0])
        return CheckedOutcomes(result, (k, outcomes.index[k], outcome, values.iloc[k],
                                        "not an outcome (1/0, yes/no, true/false)"), np.array([], dtype=np.int64))
    if len(twice):
        k = int(twice[0])
        return CheckedOutcomes(result, (k, outcomes.index[k], customer, ids.iloc[k], "the customer is listed twice"),
                               np.array([], dtype=np.int64))
    result[codes[counted]] = flags[counted]
    return CheckedOutcomes(result, None, np.flatnonzero((result < 0) & with_events))


def outcomes_error(label: Any, column: str, value: Any, reason: str) -> InputError:
    file = "outcomes DataFrame"
    return InputError(describe(file, label, column, value, reason), file=file, row=label, column=column,
                      value=str(value), reason=reason)


MISSING_OUTCOME = "the customer has events but no outcome row"


def _outcome_codes(outcomes: pd.DataFrame, prepared: PreparedEvents, customer: str, outcome: str) -> np.ndarray:
    """Per customer code 1 (success), 0, or -1 (a code without events); InputError for a bad value, a customer
    twice or one with events but without a row."""
    labels = prepared.customer_labels
    checked = checked_outcomes(outcomes, labels, customer, outcome,
                               labels_with_events(prepared.columns["customer"], len(labels)))
    if checked.problem is not None:
        raise outcomes_error(*checked.problem[1:])
    if len(checked.missing):
        raise outcomes_error(0, customer, labels[checked.missing[0]], MISSING_OUTCOME)
    return checked.codes


def without_unused(prepared: PreparedEvents, discovered: bool) -> PreparedEvents:
    """After lenient mode dropped rows: customers left without events are dropped too, and touchpoints
    discovered from the log are those of the rows kept, in order of first appearance (as the CLI reads)."""
    columns = dict(prepared.columns)
    used = np.unique(columns["customer"])
    columns["customer"] = np.searchsorted(used, columns["customer"]).astype(np.uint32)
    columns["customer_count"] = len(used)
    names = prepared.touchpoint_names
    if discovered:
        codes, first = np.unique(columns["touchpoint"], return_index=True)
        in_order = codes[np.argsort(first, kind="stable")]
        recode = np.zeros(len(names), dtype=np.uint32)
        recode[in_order] = np.arange(len(in_order), dtype=np.uint32)
        columns["touchpoint"] = recode[columns["touchpoint"]]
        names = [names[k] for k in in_order]
    return PreparedEvents(columns, prepared.customer_labels[used], prepared.names, prepared.problems, names)


REQUIRED = ("customer", "touchpoint", "time")


def journey_names(journey_map: Optional[_core.JourneyMap], customer: str, touchpoint: str, time: str,
                  experience: str, expectation: str) -> dict[str, str]:
    """The column of each role the journeys read: without a map no gap is known, so experience and expectation
    are not read."""
    names = {"customer": customer, "touchpoint": touchpoint, "time": time}
    if journey_map is not None:
        names.update(experience=experience, expectation=expectation)
    return names


def journey_checks(journey_map: Optional[_core.JourneyMap]) -> dict[str, Any]:
    """How the journeys check and prepare events rows (the keywords of prepare_checked and found_problems). Byte
    codes off: the journeys binding copies the touchpoint codes into its own log."""
    check = (lambda columns: ()) if journey_map is None else (
        lambda columns: _core.find_journey_bad_rows(columns, journey_map))
    return {"required": REQUIRED, "core_check": check, "byte_codes": False}


def journeys(events: pd.DataFrame, journey_map: Any = None, outcomes: Optional[pd.DataFrame] = None, *,
             outcome: str = "retained", min_edge_count: int = 0, min_variant_count: int = 0,
             min_path_share: float = 0.01, lenient: bool = False,
             customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
             experience: str = "experience", expectation: str = "expectation") -> JourneysResult:
    """Discovers the journeys of an event log: the directly-follows graph, variants, loops and key paths,
    and with ``outcomes`` the absorbing Markov chain's removal effects and fix what-ifs (as ``cxscore
    journeys``).

    ``events`` needs customer, touchpoint and time; experience (NaN = not measured) and expectation are read
    only with a ``journey_map``, which also fixes the touchpoints (one not in the map is refused). Without a
    map the touchpoints are discovered in order of first appearance. ``outcomes`` is a DataFrame with the
    customer column and the ``outcome`` column (bool, 1/0, yes/no, true/false); every customer with events
    needs a row. The worst-experience key path is the variant whose customers score lowest among those taken
    by at least ``min_path_share`` of the journeys. A bad row raises InputError naming the row and column;
    with ``lenient=True`` bad event rows are skipped instead and listed in ``result.rejected`` (as ``cxscore
    journeys --lenient``).

    >>> import cxscore, pandas as pd
    >>> log = pd.DataFrame({"case_id": ["a", "a", "b"], "activity": ["web", "shop", "web"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-01"])})
    >>> won = pd.DataFrame({"case_id": ["a", "b"], "retained": ["yes", "no"]})
    >>> r = cxscore.journeys(log, outcomes=won, customer="case_id", touchpoint="activity", time="timestamp")
    >>> r.markov["removal_effect"].to_dict()
    {'shop': 1.0, 'web': 1.0}
    """
    jm = None if journey_map is None else as_journey_map(journey_map)
    names = journey_names(jm, customer, touchpoint, time, experience, expectation)
    prepared, rejected = prepare_checked(events, jm, names, lenient, **journey_checks(jm))
    if len(rejected):
        prepared = without_unused(prepared, discovered=jm is None)
    if len(events) - len(rejected) == 0:
        raise InputError(f"{source(events)}: no events", file=source(events), reason="no events")
    codes = None if outcomes is None else _outcome_codes(outcomes, prepared, customer, outcome)
    try:
        raw = _core.journeys_columns(prepared.columns, prepared.touchpoint_names, jm, codes, int(min_edge_count),
                                     int(min_variant_count), float(min_path_share), source(events))
    except InputError as e:
        raise relabelled(events, prepared, e) from None
    return JourneysResult(raw, rejected)


def markov_from_paths(paths: pd.DataFrame) -> pd.DataFrame:
    """Removal effects and credits from ChannelAttribution's path format (as ``cxscore journeys --paths``).

    ``paths`` has columns ``path`` (channels joined by ``" > "``), ``total_conversions`` and optionally
    ``total_null``. Returns a DataFrame indexed by touchpoint (removal_effect, credit), highest removal
    effect first (as markov.csv); ``attrs`` holds success_probability, journeys, successes and notes (a
    dict touchpoint -> why its numbers are 0, as markov_notes.csv).

    >>> import cxscore, pandas as pd
    >>> paths = pd.DataFrame({"path": ["C1 > C2 > C3", "C1", "C2 > C3"], "total_conversions": [1, 0, 0],
    ...                       "total_null": [0, 1, 1]})
    >>> cxscore.markov_from_paths(paths)["removal_effect"].to_dict()
    {'C2': 1.0, 'C3': 1.0, 'C1': 0.5}
    """
    if not isinstance(paths, pd.DataFrame):
        raise TypeError(f"paths must be a pandas DataFrame, not {type(paths).__name__}")
    file = "paths DataFrame"
    columns = _path_columns(paths, file)
    path = columns["path"]
    texts = path.astype(object).where(path.notna(), "").astype(str).tolist()  # a missing path is an empty one
    nulls = _counts(columns["total_null"]) if "total_null" in columns else None
    try:
        raw = _core.markov_paths_columns(texts, _counts(columns["total_conversions"]), nulls, file)
    except InputError as e:
        if not e.row:
            raise
        position = int(e.row) - 1  # the core numbers the rows from 1
        label = paths.index[position]
        value = e.value if e.column == "path" else str(columns[e.column].iloc[position])  # the cell as the frame has it
        raise InputError.at(file, label, e.column, value, e.reason) from None
    return _markov_frame(raw, False)


def _path_columns(paths: pd.DataFrame, file: str) -> dict[str, pd.Series]:
    """The frame's columns by name (blanks around a name dropped, as in a CSV header); refuses a name given
    twice and a missing ``path`` or ``total_conversions``, as ``cxscore journeys --paths`` refuses its file."""
    names = [str(c).strip(" \t") for c in paths.columns]
    for k, name in enumerate(names):
        if name in names[:k]:
            raise InputError.at(file, 1, name, name, "duplicate column in the header")
    for name in ("path", "total_conversions"):
        if name not in names:
            listed = ", ".join(f"'{n}'" for n in names[:20])
            if len(names) > 20:
                listed += f" and {len(names) - 20} more"
            raise InputError.at(file, 1, name, "", f"missing required column '{name}' (the header has {listed})")
    return {name: paths.iloc[:, k] for k, name in enumerate(names)}


def _counts(column: pd.Series) -> np.ndarray:
    """A count column as float64; a cell that is not a number becomes NaN, which the core refuses."""
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    return pd.to_numeric(column.astype(str), errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
