"""Bad rows of an events DataFrame, named as the user knows them: shared by score, journeys and service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable, Optional

import numpy as np
import pandas as pd

from ._columns import REQUIRED, ROLES, PreparedEvents, prepare_events
from ._errors import InputError, describe


def first_problems(prepared: PreparedEvents, c_positions: Optional[np.ndarray] = None, c_columns: Sequence[str] = (),
                   c_values: Sequence[Any] = (), c_reasons: Sequence[str] = ()) -> pd.DataFrame:
    """One problem per bad row (the first column in role order), Python's checks before the core's."""
    order = {role: k for k, role in enumerate(ROLES)}
    found: dict[int, tuple[str, Any, str]] = {}
    p = prepared.problems
    for position, role, value, reason in zip(p.positions, p.roles, p.values, p.reasons):
        if position not in found or order[role] < order[found[position][0]]:
            found[position] = (role, value, reason)
    positions_found = [] if c_positions is None else c_positions.tolist()
    for position, role, value, reason in zip(positions_found, c_columns, c_values, c_reasons):
        found.setdefault(position, (role, value, reason))
    positions = sorted(found)
    return pd.DataFrame({
        "position": np.array(positions, dtype=np.int64),
        "column": [prepared.names.get(found[k][0], found[k][0]) for k in positions],
        "value": [str(found[k][1]) for k in positions],
        "reason": [found[k][2] for k in positions],
    })


def source(events: pd.DataFrame) -> str:
    return events.attrs.get("cxscore_source", "events DataFrame")


def row_label(events: pd.DataFrame, position: int) -> Any:
    """A row as the user knows it: the file's row for read_events frames (a CSV's header is row 1, a Parquet
    file's first row is row 0), else the index label."""
    if "cxscore_source" in events.attrs and isinstance(events.index, pd.RangeIndex):
        return position + events.attrs.get("cxscore_first_row", 2)
    return events.index[position]


def raise_for(events: pd.DataFrame, row: pd.Series) -> None:
    label = row_label(events, int(row["position"]))
    raise InputError(describe(source(events), label, row["column"], row["value"], row["reason"]),
                     file=source(events), row=label, column=row["column"], value=row["value"], reason=row["reason"])


def raise_first_problem(events: pd.DataFrame, prepared: PreparedEvents) -> None:
    """Raises InputError for the first bad row Python found while preparing, if any."""
    if len(prepared.problems):
        raise_for(events, first_problems(prepared).iloc[0])


def relabelled(events: pd.DataFrame, prepared: PreparedEvents, e: InputError) -> InputError:
    """The core's InputError about a row of the prepared columns, naming the frame's row and column."""
    if not e.row or e.row == 0:
        return e
    column = prepared.names.get(e.column, e.column)
    label = row_label(events, int(e.row) - 1)
    return InputError(describe(source(events), label, column, e.value, e.reason), file=source(events),
                      row=label, column=column, value=e.value, reason=e.reason)


def found_problems(events: pd.DataFrame, journey_map: Any, names: dict[str, str], *,
                   required: tuple[str, ...] = REQUIRED,
                   core_check: Optional[Callable[[dict[str, Any]], tuple[Any, ...]]] = None,
                   times: bool = True, byte_codes: bool = True,
                   every_row: bool = False, screened_times: bool = False) -> tuple[PreparedEvents, pd.DataFrame, bool]:
    """(prepared columns with every row, the bad rows as first_problems lists them, whether Python's checks
    found any): the core's checks run only when Python found a bad row or ``every_row`` asks for all of them
    (lenient mode, or cxscore.dask, which needs each partition's first bad row). Arguments as prepare_checked."""
    from . import _core

    touchpoint_names = None if journey_map is None else journey_map.touchpoint_names
    prepared = prepare_events(events, touchpoint_names, names, required, times, byte_codes,
                              screened_times=screened_times and not every_row)
    if core_check is None:
        core_check = lambda columns: _core.find_bad_rows(columns, journey_map)  # noqa: E731
    python_found = len(prepared.problems) > 0
    if python_found and prepared.unchecked_times:  # the rows are judged here after all: times by Python's checks
        prepared = prepare_events(events, touchpoint_names, names, required, times, byte_codes)
    if every_row or python_found:
        found = core_check(prepared.columns)  # the first bad row may be one only the core sees
        return prepared, first_problems(prepared, *found), python_found
    return prepared, first_problems(prepared), python_found


def prepare_checked(events: pd.DataFrame, journey_map: Any, names: dict[str, str], lenient: bool = False, *,
                    required: tuple[str, ...] = REQUIRED,
                    core_check: Optional[Callable[[dict[str, Any]], tuple[Any, ...]]] = None,
                    times: bool = True, byte_codes: bool = True,
                    screened_times: bool = False) -> tuple[PreparedEvents, pd.DataFrame]:
    """(prepared columns, rejected rows): the first row that Python or the core refuses raises
    InputError unless ``lenient``, which drops the bad rows and lists them. ``journey_map`` None =
    touchpoints discovered from the log; ``core_check(columns)`` gives (positions, columns, values,
    reasons) of the rows the core refuses (default: scoring's checks); ``times``, ``byte_codes`` and
    ``screened_times`` (strict only) as prepare_events."""
    prepared, problems, _ = found_problems(events, journey_map, names, required=required, core_check=core_check,
                                           times=times, byte_codes=byte_codes, every_row=lenient,
                                           screened_times=screened_times)
    return judged(events, prepared, problems, lenient)


def judged(events: pd.DataFrame, prepared: PreparedEvents, problems: pd.DataFrame,
           lenient: bool) -> tuple[PreparedEvents, pd.DataFrame]:
    """(prepared columns, rejected rows) given the bad rows found (first_problems): the first raises InputError
    unless ``lenient``, which drops them and lists them."""
    if lenient:
        return without_bad_rows(events, prepared, problems)
    if len(problems):
        raise_for(events, problems.iloc[0])
    return prepared, pd.DataFrame({"column": [], "value": [], "reason": []})


def without_bad_rows(events: pd.DataFrame, prepared: PreparedEvents,
                     problems: pd.DataFrame) -> tuple[PreparedEvents, pd.DataFrame]:
    """(prepared without the rows of ``problems``, those rows as ``result.rejected`` lists them)."""
    if len(problems):
        keep = np.ones(len(events), bool)
        keep[problems["position"].to_numpy()] = False
        prepared = prepared.take(keep)
    rejected = problems.drop(columns="position")
    rejected.index = pd.Index([row_label(events, p) for p in problems["position"]], name="row")
    return prepared, rejected


def checked_inputs(events: pd.DataFrame, journey_map: Any, customers: Optional[pd.DataFrame], names: dict[str, str],
                   lenient: bool) -> tuple[PreparedEvents, Any, pd.DataFrame]:
    """(prepared columns, customer table or None, rejected rows) of events and customers, strict or lenient."""
    from ._customers import checked_customers

    prepared, rejected = prepare_checked(events, journey_map, names, lenient)
    table, _, rejected = checked_customers(customers, prepared.customer_labels, prepared.names["customer"], lenient,
                                           rejected, prepared.columns["customer"])
    return prepared, table, rejected


def core_call(events: pd.DataFrame, prepared: PreparedEvents, function: Callable[..., Any], *args: Any) -> Any:
    """``function(prepared columns, *args, source)``; the core's InputError about a row names the frame's row."""
    try:
        return function(prepared.columns, *args, source(events))
    except InputError as e:
        raise relabelled(events, prepared, e) from None


def names(customer: str, touchpoint: str, time: str, experience: str, expectation: str,
          dimension: str) -> dict[str, str]:
    """The column name of each role, from the keyword arguments of score, service, owners and monitor."""
    return dict(customer=customer, touchpoint=touchpoint, time=time, experience=experience, expectation=expectation,
                dimension=dimension)

