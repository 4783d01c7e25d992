"""From a pandas DataFrame of events to the columns the C++ core reads.

What crosses without a copy: ``experience`` and ``expectation`` when they are float64 and C-contiguous
(a numeric column of a DataFrame usually is), ``time`` when it is float64 epoch seconds, categorical
customer ids (their int32 codes), and categorical touchpoints and dimensions of up to 127 categories
(their int8 codes, with a 256-entry table from code to the core's code; touchpoints only when every
category is in the map and no row is missing). What is converted (one pass, a new array): other ids
become uint32 codes (integers in ascending order: dense ones offset, others numbered by the core; any
other id factorised in order of first appearance), other touchpoint labels become the map's codes,
datetime64 times (any unit, naive = UTC, or tz-aware) become float64 seconds
(only checked for NaT when the model reads no times), other numeric dtypes become float64, and numbers
written as text are parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Optional, overload

import numpy as np
import pandas as pd

from . import _core
from ._inputs import iso_times

ROLES = ("customer", "touchpoint", "time", "experience", "expectation", "dimension")
REQUIRED = ("customer", "touchpoint", "time", "experience")
_UNIT_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


@dataclass
class Problems:
    """Bad rows found while preparing: position, the column's role, the value and the reason."""

    positions: list[int] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def add_mask(self, mask: Optional[np.ndarray], role: str, values: pd.Series, reason: str) -> None:
        """Records the rows where ``mask`` is True (None: no row); only their values are read."""
        if mask is None:
            return
        for p in np.flatnonzero(mask):
            self.positions.append(int(p))
            self.roles.append(role)
            self.values.append(values.iloc[p])
            self.reasons.append(reason)

    def __len__(self) -> int:
        return len(self.positions)


@dataclass
class PreparedEvents:
    columns: dict[str, Any]          # what _core.score_columns reads
    customer_labels: pd.Index        # customer code -> the caller's label
    names: dict[str, str]            # role -> the frame's column name
    problems: Problems
    touchpoint_names: list[str]      # touchpoint code -> name (the map's, or discovered)
    # (customer_labels, ids) -> each id's position among the labels (-1: none), where the reader that numbered the
    # labels can tell without numbering them again; None: _labels.label_positions
    customer_positions: Optional[Callable[[pd.Index, Any], np.ndarray]] = None
    # numeric times handed to the core unchecked (prepare_events' ``screened_times``): a missing or impossible time
    # is then the core's error, which the caller turns into Python's own by preparing again with the checks
    unchecked_times: bool = False

    def take(self, keep: np.ndarray | slice) -> PreparedEvents:
        """The same events without the rows where ``keep`` (a mask, the rows kept in order, or kept_rows of either)
        is False (lenient mode; a file's whole customers): views of the columns when the rows kept are one run."""
        columns = dict(self.columns)
        rows = kept_rows(keep)
        for role in ROLES:
            if isinstance(columns.get(role), np.ndarray):
                columns[role] = np.ascontiguousarray(columns[role][rows])
        return PreparedEvents(columns, self.customer_labels, self.names, Problems(), self.touchpoint_names,
                              self.customer_positions, self.unchecked_times)


def kept_rows(keep: np.ndarray | slice) -> slice | np.ndarray:
    """What selects the rows ``keep`` keeps (a mask, or row positions in order): a slice when they are one run of
    rows (a file's whole customers, its split ones at its ends), which takes views of columns rather than copies.
    A slice, or positions, select as they are."""
    if isinstance(keep, slice) or keep.dtype != bool:
        return keep
    if not keep.any():
        return slice(0, 0)
    first, end = int(np.argmax(keep)), len(keep) - int(np.argmax(keep[::-1]))
    return slice(first, end) if keep[first:end].all() else keep


def column_names(frame: pd.DataFrame, names: Mapping[str, Optional[str]],
                 required: tuple[str, ...] = REQUIRED) -> dict[str, str]:
    """Role -> column of ``frame`` for the roles in ``names`` (a name None = the role's own); a required
    role whose column is missing raises InputError."""
    from ._errors import InputError

    out = {}
    for role in ROLES:
        if role not in names:
            continue
        name = names.get(role) or role
        if name in frame.columns:
            out[role] = name
        elif role in required:
            raise InputError(f"events DataFrame: missing required column '{name}' (has {list(frame.columns)})",
                             file="events DataFrame", column=name, reason="missing required column")
    return out


def _is_integer(dtype: object) -> bool:
    return isinstance(dtype, np.dtype) and dtype.kind in "iu"


def _fits_int64(values: np.ndarray) -> bool:
    """Whether integer ids convert to int64 unchanged (only uint64 ids past 2**63 - 1 do not)."""
    return values.dtype != np.uint64 or len(values) == 0 or int(values.max()) <= np.iinfo(np.int64).max


def category_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes, categories) of a categorical Series: the Categorical's own codes array, read-only and not
    copied (``Series.cat.codes`` builds a new Series, a copy)."""
    return np.asarray(values.array.codes), values.array.categories


def ids_to_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index, Optional[np.ndarray]]:
    """(uint32 codes, labels by code, mask of missing ids or None for none). Categoricals keep their category order (and
    their int32 codes cross as they are), integers sort ascending, other ids keep first-appearance
    order; a blank text id is missing."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, labels = category_codes(values)
        missing = codes < 0 if len(codes) and codes.min() < 0 else None  # a min allocates nothing
        empty = _empty_labels(labels)
        if empty is not None:  # an empty cell read as a category: a missing id, as in the command
            missing = np.append(empty, True)[codes]
    elif _is_integer(values.dtype) and _fits_int64(values.to_numpy()):
        # Dense ids are their own codes (less the first); others are numbered in ascending order (the core).
        raw = values.to_numpy()
        codes, first, count, by_code = _core.integer_id_codes(np.ascontiguousarray(raw, dtype=np.int64))
        if by_code is None:
            return codes, pd.RangeIndex(first, first + count), None
        return codes, pd.Index(by_code.astype(raw.dtype, copy=False)), None
    elif _is_integer(values.dtype):  # uint64 ids beyond int64: numbered in ascending order by pandas
        codes, uniques = pd.factorize(values.to_numpy(), sort=True)
        labels = pd.Index(uniques)
        missing = None
    else:
        codes, labels = pd.factorize(values, use_na_sentinel=True)
        labels = pd.Index(labels)
        blank = np.array([isinstance(label, str) and not label.strip() for label in labels] + [True])
        missing = blank[codes]
    if missing is not None and not missing.any():
        missing = None
    return _as_uint32(codes, missing), labels, missing


def _empty_labels(labels: pd.Index) -> Optional[np.ndarray]:
    """Which text labels are empty, or None when none is (one vectorised comparison, no pass in Python). The
    readers trim unquoted cells, so an empty label is how a blank cell reaches a categorical."""
    if not (pd.api.types.is_string_dtype(labels.dtype) or pd.api.types.is_object_dtype(labels.dtype)) \
            or not len(labels):
        return None
    if pd.api.types.is_object_dtype(labels.dtype):  # NumPy would compare each label in Python
        return _core.empty_text_labels(labels.to_numpy())
    empty = np.asarray(labels == "", dtype=bool)
    return empty if empty.any() else None


def _as_uint32(codes: np.ndarray, missing: Optional[np.ndarray]) -> np.ndarray:
    """Non-negative codes as uint32: a view of int32 codes, else a converted copy; missing rows read 0."""
    if missing is not None:
        codes = np.where(missing, 0, codes)
    if codes.dtype == np.int32 and codes.flags.c_contiguous:
        return codes.view(np.uint32)
    return codes.astype(np.uint32)


_BYTE_TABLE_SIZE = 256  # a byte code column's table: the code of each byte value (cxscore/code_column.hpp)


def _byte_view(codes: np.ndarray) -> Optional[np.ndarray]:
    """A categorical's int8 codes as uint8 (a view: -1, missing, reads 255), or None for wider codes (or
    factorised ones, which are int64): the core reads a byte column in place, with a 256-entry table."""
    return codes.view(np.uint8) if codes.dtype == np.int8 and codes.flags.c_contiguous else None


def _byte_table(by_label: list[int], fill: int, dtype: Any) -> np.ndarray:
    """The 256 codes of a byte column: category k's code at k, ``fill`` (a code the core refuses) elsewhere."""
    table = np.full(_BYTE_TABLE_SIZE, fill, dtype=dtype)
    table[:len(by_label)] = by_label
    return table


def touchpoint_codes(values: pd.Series, touchpoint_names: list[str], byte_codes: bool = False
                     ) -> tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]:
    """(codes, mask of labels that are missing or not in the map or None for none, table). With
    ``byte_codes``, a categorical of int8 codes whose categories are all in the map and that has no
    missing row crosses as it is: (uint8 codes, None, the map code of each byte value). Otherwise: (uint32
    map codes, mask, None)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, labels = category_codes(values)
    else:
        codes, labels = pd.factorize(values, use_na_sentinel=True)
    unknown = np.iinfo(np.uint32).max
    index = {name: code for code, name in enumerate(touchpoint_names)}
    by_label = [index.get(str(label), unknown) for label in labels]
    as_bytes = _byte_view(codes) if byte_codes and unknown not in by_label else None
    if as_bytes is not None and (len(codes) == 0 or codes.min() >= 0):  # a min allocates nothing
        return as_bytes, None, _byte_table(by_label, unknown, np.uint32)
    lookup = np.array(by_label + [unknown], dtype=np.uint32)
    mapped, unknown_rows = _core.take_by_code(codes, lookup, unknown)  # code -1 (missing) reads the sentinel
    if not unknown_rows:
        return mapped, None, None
    bad = mapped == unknown
    mapped[bad] = 0
    return mapped, bad, None


@overload
def seconds(values: pd.Series, convert: Literal[True] = ..., check: bool = ...
            ) -> tuple[np.ndarray, Optional[np.ndarray]]: ...
@overload
def seconds(values: pd.Series, convert: bool, check: bool = ...
            ) -> tuple[Optional[np.ndarray], Optional[np.ndarray]]: ...


def seconds(values: pd.Series, convert: bool = True,
            check: bool = True) -> tuple[Optional[np.ndarray], Optional[np.ndarray]]:
    """(float64 epoch seconds, mask of missing or unparsable times, None when there are none). With
    ``convert`` False, datetime64 times are only checked for NaT, and numeric times for values outside the
    calendar, and where none is found they come back as None (the core's score reads no times when the model
    has no decay and no peak-end: 80 MB neither written nor screened again for 10^7 events). With ``check``
    False, numeric times come back as float64 unchecked, whatever ``convert`` says (prepare_events'
    ``screened_times``)."""
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or (isinstance(dtype, np.dtype) and dtype.kind == "M"):
        unit = np.datetime_data(dtype.base if isinstance(dtype, np.dtype) else np.dtype(f"M8[{dtype.unit}]"))[0]
        if unit not in _UNIT_PER_SECOND:
            values, unit = values.astype("datetime64[ns]"), "ns"
        ticks = np.ascontiguousarray(values.array.asi8)  # UTC ticks, also for tz-aware times: no conversion
        # Whole ticks divided once: the same double as the core's ISO 8601 reader. NaT reads 0.
        out, not_a_time = _core.ticks_to_seconds(ticks, _UNIT_PER_SECOND[unit], convert)
        return out, (ticks == np.iinfo(np.int64).min if not_a_time else None)
    if screened_by_core(dtype):
        out = np.ascontiguousarray(values.to_numpy(), dtype=np.float64)
        if not check:
            return out, None
        if _core.times_outside_calendar(out) == 0:
            return (out if convert else None), None
        # The core names a finite time outside the calendar; only missing ones are masked here.
        not_finite = ~np.isfinite(out)
        return out, (not_finite if not_finite.any() else None)
    if isinstance(dtype, np.dtype) and dtype.kind == "O" or pd.api.types.is_string_dtype(dtype):
        numeric = pd.to_numeric(values, errors="coerce")
        parsed = iso_times(values.where(numeric.isna()))
        out, bad = seconds(parsed)
        out = np.where(numeric.notna().to_numpy(), numeric.to_numpy(dtype=np.float64, na_value=np.nan), out)
        bad = None if bad is None else bad & numeric.isna().to_numpy()
        return np.ascontiguousarray(out), bad
    if pd.api.types.is_numeric_dtype(dtype):  # nullable Int64 / Float64
        out = values.to_numpy(dtype=np.float64, na_value=np.nan)
        return out, ~np.isfinite(out)
    raise TypeError(f"column '{values.name}' has dtype {dtype}: a time must be datetime64, "
                    "epoch seconds or ISO 8601 text")


def screened_by_core(dtype: Any) -> bool:
    """Whether times of ``dtype`` are numbers (epoch seconds) that the core can take as float64 and screen itself as
    it scores: their check here (``_core.times_outside_calendar``), a pass of its own over the column, can be left
    to the core (prepare_events' ``screened_times``)."""
    return isinstance(dtype, np.dtype) and dtype.kind in "iuf"


def numbers(values: pd.Series, role: str) -> tuple[np.ndarray, Optional[np.ndarray]]:
    """(float64 values, mask of text that is not a number, or None for none). NaN stays NaN: the core
    judges it."""
    dtype = values.dtype
    if dtype == np.float64:
        return np.ascontiguousarray(values.to_numpy()), None
    if pd.api.types.is_bool_dtype(dtype) or not (pd.api.types.is_numeric_dtype(dtype)
                                                 or pd.api.types.is_string_dtype(dtype)
                                                 or dtype == np.dtype(object)):
        raise TypeError(f"column '{values.name}' has dtype {dtype}: {role} must be numeric")
    if pd.api.types.is_numeric_dtype(dtype):
        return values.to_numpy(dtype=np.float64, na_value=np.nan), None
    parsed = pd.to_numeric(values, errors="coerce")
    text = values.astype("string").str.strip()
    bad = (parsed.isna() & values.notna() & (text != "")).to_numpy(dtype=bool)
    return parsed.to_numpy(dtype=np.float64, na_value=np.nan), bad


def dimension_codes(values: pd.Series, byte_codes: bool = False
                    ) -> tuple[np.ndarray, list[str], Optional[np.ndarray]]:
    """(codes, names by code, table); missing or empty = no dimension (-1). With ``byte_codes``, a
    categorical of int8 codes crosses as it is: (uint8 codes, names, the int32 code of each byte value,
    byte 255 the missing code). Otherwise: (int32 codes, names, None)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, labels = category_codes(values)
    else:
        codes, labels = pd.factorize(values, use_na_sentinel=True)
    names = [str(label) for label in labels]
    # Code by code: itself, or -1 for an empty name.
    by_label = [-1 if name.strip() == "" else code for code, name in enumerate(names)]
    as_bytes = _byte_view(codes) if byte_codes else None
    if as_bytes is not None:
        table = _byte_table(by_label, -2, np.int32)  # -2: no category, refused by the core
        table[_BYTE_TABLE_SIZE - 1] = -1  # the missing code
        return as_bytes, names, table
    # -1 (missing) reads the trailing -1.
    mapped, _ = _core.take_by_code(codes, np.array(by_label + [-1], dtype=np.int64).astype(np.uint32), 0)
    return mapped.view(np.int32), names, None


def discovered_touchpoints(values: pd.Series) -> tuple[list[str], dict[str, str]]:
    """The touchpoint names of a log without a map, in order of first appearance, and the names no map could
    have (blanks at an end, the names edges.csv reserves) with the reason; blank and missing are left out."""
    unique = pd.unique(values.dropna().astype(str).to_numpy())
    names = [name for name in unique if name.strip()]
    refused = {name: problem for name in names if (problem := _core.JourneyMap.name_problem(name))}
    return [name for name in names if name not in refused], refused


def prepare_events(frame: pd.DataFrame, touchpoint_names: Optional[list[str]],
                   names: Mapping[str, Optional[str]], required: tuple[str, ...] = REQUIRED,
                   times: bool = True, byte_codes: bool = True, screened_times: bool = False) -> PreparedEvents:
    """The core's columns of ``frame``. ``touchpoint_names`` None = discover them from the log (journeys);
    ``required`` lists the roles whose column must be there (journeys need no experience); ``times``
    False = datetime64 times are checked but not converted (scoring with a model that reads none);
    ``byte_codes`` False = touchpoint and dimension codes are always uint32/int32 arrays, never a
    categorical's int8 codes with a table (for callers that read the codes themselves); ``screened_times`` =
    numeric times go to the core unchecked, for a caller whose core call screens every row it reads (score):
    the core, which reads the columns anyway, checks them for nearly nothing, where a pass here reads 80 MB for
    10^7 events (``PreparedEvents.unchecked_times``)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"events must be a pandas DataFrame, not {type(frame).__name__}")
    cols = column_names(frame, names, required)
    problems = Problems()
    customer = frame[cols["customer"]]
    customer_codes, customer_labels, missing = ids_to_codes(customer)
    problems.add_mask(missing, "customer", customer, "customer id is empty")
    touchpoint = frame[cols["touchpoint"]]
    discovering = touchpoint_names is None
    refused: dict[str, str] = {}
    if touchpoint_names is None:
        touchpoint_names, refused = discovered_touchpoints(touchpoint)
    tp_codes, unknown, tp_table = touchpoint_codes(touchpoint, touchpoint_names, byte_codes and not discovering)
    for name, reason in refused.items():
        # A refused name is in the log and not among the touchpoints: its rows are in the unknown mask.
        assert unknown is not None
        named = touchpoint.isin([name]).to_numpy()
        problems.add_mask(named, "touchpoint", touchpoint, reason)
        unknown = unknown & ~named
    problems.add_mask(unknown, "touchpoint", touchpoint,
                      "touchpoint is empty" if discovering else "unknown touchpoint (not in the map)")
    unchecked_times = screened_times and screened_by_core(frame[cols["time"]].dtype)
    time, bad_time = seconds(frame[cols["time"]], convert=times, check=not unchecked_times)
    problems.add_mask(bad_time, "time", frame[cols["time"]],
                      "missing or unparsable time (expected datetime64, epoch seconds or ISO 8601)")
    columns: dict[str, Any] = {
        "customer": customer_codes,
        "touchpoint": tp_codes,
        "time": time,
        "customer_count": len(customer_labels),
    }
    if tp_table is not None:
        columns["touchpoint_table"] = tp_table
    if "experience" in cols:
        columns["experience"], bad = numbers(frame[cols["experience"]], "experience")
        problems.add_mask(bad, "experience", frame[cols["experience"]], "not a number")
    if "expectation" in cols:
        columns["expectation"], bad = numbers(frame[cols["expectation"]], "expectation")
        problems.add_mask(bad, "expectation", frame[cols["expectation"]], "not a number")
    if "dimension" in cols:
        columns["dimension"], columns["dimension_names"], dimension_table = dimension_codes(frame[cols["dimension"]],
                                                                                           byte_codes)
        if dimension_table is not None:
            columns["dimension_table"] = dimension_table
    return PreparedEvents(columns, customer_labels, cols, problems, list(touchpoint_names),
                          unchecked_times=unchecked_times)
