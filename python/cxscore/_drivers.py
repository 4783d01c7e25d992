"""Key drivers: which touchpoints (or any numeric columns) move an outcome, and by how much.

:func:`drivers` runs the C++ core's analysis (exact LMG, Johnson's relative weights, standardised OLS
betas, optional bootstrap intervals; for a 0/1 outcome Tonidandel & LeBreton's logistic relative
weights) on a DataFrame; :func:`driver_table` builds the customer x touchpoint table from events;
:func:`fix_first` ranks touchpoints by importance x current shortfall; :func:`importance_weights` turns
importances into model weights; :class:`KeyDriverRegressor` is the linear analysis as a
scikit-learn-style estimator.

**Copies.** The core reads one float64 column-major block (rows x drivers + outcome, outcome last)
through ``Eigen::Map``. A DataFrame whose columns are all float64 (one pandas block), already in the
order ``drivers + [outcome]`` and without NaN, *is* such a block: it crosses without a copy. Otherwise
the columns are gathered once into a new block (reordering, converting integers and bools to float64,
dropping excluded rows). The GIL is released during the analysis.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core
from ._errors import InputError
from ._inputs import as_journey_map, as_model, as_thread_count
from ._rows import prepare_checked, relabelled

COLUMNS = ["lmg", "lmg_share", "relative_weight", "relative_weight_share", "beta"]
METHODS = ("auto", "linear", "logistic")
SOURCE = "drivers DataFrame"


def _check_numeric(frame: pd.DataFrame, columns: Sequence[Hashable]) -> None:
    for name in columns:
        dtype = frame[name].dtype
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
            raise TypeError(f"column '{name}' has dtype {dtype}: drivers and the outcome must be numeric (or bool)")


def _design(frame: pd.DataFrame, outcome: str,
            drivers: Optional[Sequence[str]]) -> tuple[np.ndarray, list[str], list[dict[str, Any]]]:
    """(Fortran-ordered float64 block of the kept rows, driver names, excluded rows as dicts)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"drivers() takes a pandas DataFrame, not {type(frame).__name__}")
    if outcome not in frame.columns:
        raise InputError.at(SOURCE, 0, outcome, outcome, "no such column")
    names = [c for c in frame.columns if c != outcome] if drivers is None else list(drivers)
    for name in names:
        if name == outcome or name not in frame.columns:
            reason = "the outcome cannot also be a driver" if name == outcome else "no such column"
            raise InputError.at(SOURCE, 0, name, name, reason)
    columns = names + [outcome]
    _check_numeric(frame, columns)
    selected = frame if list(frame.columns) == columns else frame[columns]
    block = np.asfortranarray(selected.to_numpy(dtype=np.float64, na_value=np.nan))
    missing = np.isnan(block)
    infinite = np.isinf(block)
    if infinite.any():
        row, col = np.argwhere(infinite)[0].tolist()
        label, name = frame.index[row], columns[col]
        raise InputError.at(SOURCE, label, name, block[row, col], "not a finite number")
    excluded: list[dict[str, Any]] = []
    bad = missing.any(axis=1)
    if bad.any():
        for row in np.flatnonzero(bad).tolist():  # listwise, naming the first empty column as the CLI does
            label = frame.index[row]
            excluded.append({"row": label, "id": str(label), "column": columns[int(np.argmax(missing[row]))],
                             "reason": "missing value"})
        block = np.asfortranarray(block[~bad])
    return block, names, excluded


def _analyse(frame: pd.DataFrame, outcome: str, drivers: Optional[Sequence[str]], bootstrap: int, seed: int,
             confidence: float, threads: Optional[int], method: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)}, not {method!r}")
    block, names, excluded = _design(frame, outcome, drivers)
    raw = _core.analyse_columns(block, names, str(outcome), int(bootstrap), int(seed), float(confidence),
                                as_thread_count(threads), method)
    return raw, excluded


def drivers(df: pd.DataFrame, outcome: str, drivers: Optional[Sequence[str]] = None, *, method: str = "auto",
            bootstrap: int = 0, seed: int = 1, confidence: float = 0.95,
            threads: Optional[int] = None) -> pd.DataFrame:
    """Key drivers of ``outcome``: one row per driver (index ``driver``) with the columns of the CLI's
    ``drivers.csv``: ``lmg`` (exact Shapley share of R², sums to R²), ``lmg_share``, ``relative_weight``
    (Johnson 2000), ``relative_weight_share``, ``beta`` (standardised OLS; NaN when aliased), plus
    ``<column>_lower`` / ``<column>_upper`` percentile intervals when ``bootstrap`` > 0.

    ``method`` is ``"auto"`` (logistic for an outcome that is all 0/1 or bool, else linear),
    ``"linear"`` (a 0/1 outcome becomes a linear probability model) or ``"logistic"``: a logistic
    regression decomposed by Tonidandel & LeBreton's (2010) relative weights, which sum to the pseudo-R²
    (squared correlation of outcome and fitted probability); ``lmg`` is then NaN, ``beta`` the fully
    standardised logistic coefficient, and ``.attrs["logistic"]`` says whether the fit converged or hit
    separation (a driver that predicts the outcome perfectly: reported, not raised).

    ``drivers`` defaults to every column but the outcome (ids belong in the index). Rows with NaN in a
    driver or the outcome are excluded (listwise). Results do not depend on ``threads`` (None = all
    cores), also with bootstrap for a given ``seed``.

    ``.attrs`` holds the rest of the CLI's ``summary.json``: ``outcome``, ``outcome_model``,
    ``importance`` (the column that ranks: ``lmg``, or ``relative_weight`` for a logistic model),
    ``n``, ``drivers``, ``r2``, ``intercept`` and ``coefficients`` (by driver, on the drivers' own
    scales: OLS, or log-odds for a logistic model; NaN when aliased), ``constant_drivers``,
    ``collinear_drivers``, ``excluded_rows``, ``excluded`` (dicts with row = index label, id, column,
    reason), ``logistic`` and ``bootstrap`` (when run). Non-numeric columns raise TypeError; a constant
    outcome or too few rows raise InputError.

    >>> import cxscore, pandas as pd
    >>> df = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6], "b": [2.0, 1, 4, 3, 6, 5],
    ...                    "y": [1.0, 2.5, 2.9, 4.1, 5.2, 5.8]})
    >>> d = cxscore.drivers(df, outcome="y")
    >>> d.index.tolist(), bool(abs(d["lmg"].sum() - d.attrs["r2"]) < 1e-12)
    (['a', 'b'], True)
    """
    raw, excluded = _analyse(df, outcome, drivers, bootstrap, seed, confidence, threads, method)
    return _importance_frame(raw, excluded, outcome, bootstrap, seed, confidence)


def _importance_frame(raw: dict[str, Any], excluded: list[dict[str, Any]], outcome: str,
                      bootstrap: int, seed: int, confidence: float) -> pd.DataFrame:
    columns = list(COLUMNS)
    if bootstrap > 0:
        columns += [f"{c}_{end}" for c in columns if not c.endswith("_share") for end in ("lower", "upper")]
    out = pd.DataFrame({c: raw[c] for c in columns}, index=pd.Index(raw["drivers"], name="driver"))
    out.attrs.update({
        "outcome": outcome,
        "outcome_model": raw["outcome_model"],
        "importance": raw["importance"],
        "n": raw["n"],
        "drivers": len(raw["drivers"]),
        "r2": raw["r2"],
        "intercept": float(raw["intercept"]),
        "coefficients": dict(zip(raw["drivers"], raw["coefficients"].tolist())),
        "constant_drivers": list(raw["constant"]),
        "collinear_drivers": list(raw["collinear"]),
        "excluded_rows": len(excluded),
        "excluded": excluded,
    })
    if "logistic" in raw:
        out.attrs["logistic"] = dict(raw["logistic"])
    if bootstrap > 0:
        out.attrs["bootstrap"] = {"replicates": int(bootstrap), "seed": int(seed), "confidence": float(confidence),
                                  "interval": "percentile (type 7)"}
    return out


def _importance_share(drivers_frame: pd.DataFrame) -> np.ndarray:
    """Each driver's share of the importance that ranks (``attrs["importance"]``; LMG by default)."""
    column = drivers_frame.attrs.get("importance", "lmg")
    values = drivers_frame[column].to_numpy(dtype=np.float64)
    return np.ascontiguousarray(values / values.sum())


def importance_weights(drivers_frame: pd.DataFrame) -> dict[str, float]:
    """Touchpoint weights from a :func:`drivers` result: importance share (LMG, or the relative weight
    for a logistic model) x number of drivers, so the mean weight is 1 (a touchpoint's default); pass
    them to :meth:`Model.with_weights`.

    >>> import cxscore, pandas as pd
    >>> d = pd.DataFrame({"lmg": [0.25, 0.125, 0.125]}, index=["delivery", "billing", "returns"])
    >>> cxscore.importance_weights(d)
    {'billing': 0.75, 'delivery': 1.5, 'returns': 0.75}
    """
    return _core.importance_weights([str(d) for d in drivers_frame.index], _importance_share(drivers_frame))


def fix_first(drivers_frame: pd.DataFrame, gaps: Any) -> pd.DataFrame:
    """What to fix first, as the CLI's ``fix_first.csv``: one row per driver (index ``driver``) with
    ``importance`` (its share, as in :func:`importance_weights`), ``gap`` (the current mean gap or value:
    below 0 = expectations unmet) and ``priority`` = importance x max(0, -gap), highest first.

    ``gaps`` is the driver table the importances came from (its mean per driver column is the current
    gap, as the CLI takes it) or a Series of gaps indexed by driver.

    >>> import cxscore, pandas as pd
    >>> d = pd.DataFrame({"lmg": [0.1, 0.3]}, index=["web", "delivery"])
    >>> cxscore.fix_first(d, pd.Series({"web": -0.6, "delivery": -0.1}))["priority"].round(4).to_dict()
    {'web': 0.15, 'delivery': 0.075}
    """
    names = [str(d) for d in drivers_frame.index]
    if isinstance(gaps, pd.DataFrame):
        missing = [d for d in drivers_frame.index if d not in gaps.columns]
        if missing:
            raise InputError.at("fix_first", 0, str(missing[0]), str(missing[0]), "no such column in the table")
        gaps = gaps[list(drivers_frame.index)].mean()
    if not isinstance(gaps, pd.Series):
        raise TypeError(f"gaps must be the driver table or a Series indexed by driver, not {type(gaps).__name__}")
    if not set(drivers_frame.index) <= set(gaps.index):
        first = next(d for d in drivers_frame.index if d not in gaps.index)
        raise InputError.at("fix_first", 0, "gaps", str(first), "no gap for this driver")
    values = np.ascontiguousarray(gaps.reindex(drivers_frame.index).to_numpy(dtype=np.float64))
    rows = _core.fix_first(names, _importance_share(drivers_frame), values)
    by_text = dict(zip(names, drivers_frame.index))
    frame = pd.DataFrame([r[1:] for r in rows], columns=["importance", "gap", "priority"],
                         index=pd.Index([by_text[r[0]] for r in rows], name="driver"))
    return frame


def _outcome_by_code(outcomes: Any, outcome: Optional[str], customer: str,
                     labels: pd.Index) -> tuple[str, np.ndarray]:
    """(outcome name, float64 outcome per customer code; NaN = none)."""
    if isinstance(outcomes, pd.Series):
        name = outcome or (str(outcomes.name) if outcomes.name is not None else "outcome")
        values = outcomes
    elif isinstance(outcomes, pd.DataFrame):
        if customer not in outcomes.columns:
            raise InputError.at("outcomes DataFrame", 0, customer, "", "missing customer column")
        others = [c for c in outcomes.columns if c != customer]
        if outcome is None and len(others) != 1:
            raise ValueError(f"name the outcome column (outcome=...): the outcomes have {others}")
        name = outcome or others[0]
        values = outcomes.set_index(customer)[name]
    else:
        raise TypeError(f"outcomes must be a DataFrame or a Series indexed by customer, not {type(outcomes).__name__}")
    _check_numeric(values.to_frame(), [values.name])
    duplicated = values.index.duplicated()
    if duplicated.any():
        label = values.index[duplicated][0]
        raise InputError.at("outcomes DataFrame", label, customer, label, "customer listed twice")
    per_code = values.astype(np.float64).reindex(labels).to_numpy(dtype=np.float64, na_value=np.nan)
    return str(name), np.ascontiguousarray(per_code)


def driver_table(events: pd.DataFrame, journey_map: Any, model: Any = None, outcomes: Any = None, *,
                 outcome: Optional[str] = None, value: str = "value", unvisited: str = "zero",
                 customer: str = "customer", touchpoint: str = "touchpoint", time: str = "time",
                 experience: str = "experience", expectation: str = "expectation",
                 dimension: str = "dimension") -> pd.DataFrame:
    """The driver table: one row per customer (index = customer label), one column per touchpoint (map
    order), then the outcome, ready for :func:`drivers`. Built by the C++ core from the events, like
    ``score`` (same columns, keywords and errors).

    A cell is the mean, over the customer's encounters at the touchpoint, of the normalised gap
    (``value="gap"``) or of its prospect-theory value under ``model`` (``value="value"``, the default).
    A touchpoint not visited is 0, "as expected" (``unvisited="zero"``), the mean of those who visited
    (``"mean"``), or the customer is dropped (``"drop"``). ``outcomes`` is a DataFrame with the
    ``customer`` column and the outcome column (``outcome=`` names it when there are several; a bool
    outcome becomes 0/1), or a Series indexed by customer. Customers without an outcome or events are
    left out and listed in ``.attrs["excluded"]`` (dicts with row = customer label, id, column, reason);
    ``.attrs["outcome"]`` names the outcome column.

    >>> import cxscore, pandas as pd
    >>> jm = {"touchpoints": [{"name": "delivery", "scale": [0, 240], "direction": "lower", "promise": 48}]}
    >>> ev = pd.DataFrame({"customer": ["a", "b"], "touchpoint": "delivery",
    ...                    "time": pd.to_datetime(["2026-01-01", "2026-01-02"]), "experience": [24.0, 72.0]})
    >>> t = cxscore.driver_table(ev, jm, outcomes=pd.Series({"a": 9, "b": 3}, name="nps"), value="gap")
    >>> t.to_dict("index")   # (48 h promised - 24 h) / 240 h = +0.1
    {'a': {'delivery': 0.1, 'nps': 9.0}, 'b': {'delivery': -0.1, 'nps': 3.0}}
    """
    if outcomes is None:
        raise TypeError("driver_table needs outcomes (a DataFrame with customer and outcome, or a Series)")
    jm = as_journey_map(journey_map)
    m = as_model(model)
    names = {"customer": customer, "touchpoint": touchpoint, "time": time, "experience": experience,
             "expectation": expectation, "dimension": dimension}
    prepared, _ = prepare_checked(events, jm, names)
    labels = prepared.customer_labels
    name, per_code = _outcome_by_code(outcomes, outcome, customer, labels)
    text_labels = [str(label) for label in labels]
    try:
        raw = _core.driver_table_columns(prepared.columns, jm, m, per_code, name, value, unvisited, text_labels,
                                         events.attrs.get("cxscore_source", "events DataFrame"))
    except InputError as e:
        raise relabelled(events, prepared, e) from None
    by_text = dict(zip(text_labels, labels))
    index = pd.Index([by_text[i] for i in raw["ids"]], name=customer)
    columns = raw["columns"]
    frame = pd.DataFrame({c: columns[k] for k, c in enumerate(raw["drivers"] + [name])}, index=index)
    frame.attrs["outcome"] = name
    frame.attrs["excluded"] = [{"row": by_text[ident], "id": ident, "column": column, "reason": reason}
                               for _, ident, column, reason in raw["excluded"]]
    return frame


class KeyDriverRegressor:
    """Linear regression with key-driver importances, in the scikit-learn style (no sklearn needed):
    ``fit(X, y)``, ``predict(X)``, ``score(X, y)`` (R²), ``get_params`` / ``set_params``; it clones and
    runs in a ``sklearn.pipeline.Pipeline``. A 0/1 ``y`` is fitted as a linear probability model (use
    :func:`drivers` for the logistic analysis).

    After ``fit``: ``coef_`` and ``intercept_`` (OLS; an aliased driver's coefficient is NaN and it is
    left out of predictions), ``lmg_``, ``relative_weights_``, ``beta_`` (standardised), ``r2_``,
    ``n_`` rows used, ``feature_names_in_``, ``constant_`` and ``collinear_`` (driver names),
    ``excluded_`` (rows with NaN, left out) and ``importances_`` (the :func:`drivers` frame). ``X`` is a
    DataFrame or a 2-d array, ``y`` a Series or 1-d array; non-numeric columns raise TypeError.

    >>> import cxscore, numpy as np
    >>> X = np.array([[1.0, 2], [2, 1], [3, 4], [4, 3], [5, 6], [6, 5]])
    >>> y = 1 + 2 * X[:, 0] - X[:, 1]
    >>> model = cxscore.KeyDriverRegressor().fit(X, y)
    >>> np.round(model.coef_, 10).tolist(), round(model.intercept_, 10), model.score(X, y)
    ([2.0, -1.0], 1.0, 1.0)
    """

    def __init__(self, bootstrap: int = 0, seed: int = 1, confidence: float = 0.95,
                 threads: Optional[int] = None) -> None:
        self.bootstrap = bootstrap
        self.seed = seed
        self.confidence = confidence
        self.threads = threads

    _estimator_type = "regressor"  # scikit-learn before 1.6 reads this

    def __sklearn_tags__(self) -> Any:
        """scikit-learn (1.6 and later) asks estimators for their tags; sklearn is imported only then."""
        from sklearn.utils import RegressorTags, Tags, TargetTags

        return Tags(estimator_type="regressor", target_tags=TargetTags(required=True), regressor_tags=RegressorTags())

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters."""
        return {"bootstrap": self.bootstrap, "seed": self.seed, "confidence": self.confidence,
                "threads": self.threads}

    def set_params(self, **params: Any) -> KeyDriverRegressor:
        """Sets constructor parameters; returns self."""
        for key, value in params.items():
            if key not in self.get_params():
                raise ValueError(f"invalid parameter {key!r} for KeyDriverRegressor")
            setattr(self, key, value)
        return self

    @staticmethod
    def _frame(X: Any) -> pd.DataFrame:
        if isinstance(X, pd.DataFrame):
            return X
        array = np.asarray(X)
        if array.ndim != 2:
            raise ValueError(f"X must be two-dimensional, not of shape {array.shape}")
        return pd.DataFrame(array, columns=[f"x{j}" for j in range(array.shape[1])])

    def fit(self, X: Any, y: Any) -> KeyDriverRegressor:
        """Fits on the rows of ``X`` and ``y`` without NaN; returns self."""
        frame = self._frame(X)
        target = np.asarray(y)
        if target.ndim != 1 or len(target) != len(frame):
            raise ValueError(f"y must be one-dimensional with {len(frame)} values")
        names = [str(c) for c in frame.columns]
        outcome = "__outcome__"
        data = frame.set_axis(names, axis=1).assign(**{outcome: target})
        raw, excluded = _analyse(data, outcome, names, self.bootstrap, self.seed, self.confidence, self.threads,
                                 "linear")
        self.importances_ = _importance_frame(raw, excluded, outcome, self.bootstrap, self.seed, self.confidence)
        self.feature_names_in_ = np.array(names, dtype=object)
        self.coef_ = raw["coefficients"]
        self.intercept_ = float(raw["intercept"])
        self.lmg_ = self.importances_["lmg"].to_numpy()
        self.relative_weights_ = self.importances_["relative_weight"].to_numpy()
        self.beta_ = self.importances_["beta"].to_numpy()
        self.r2_ = float(raw["r2"])
        self.n_ = int(raw["n"])
        self.constant_ = list(raw["constant"])
        self.collinear_ = list(raw["collinear"])
        self.excluded_ = self.importances_.attrs["excluded"]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """``intercept_ + X @ coef_`` (aliased drivers left out)."""
        if not hasattr(self, "coef_"):
            raise AttributeError("this KeyDriverRegressor is not fitted yet: call fit(X, y) first")
        frame = self._frame(X)
        _check_numeric(frame, list(frame.columns))
        values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
        if values.shape[1] != len(self.coef_):
            raise ValueError(f"X has {values.shape[1]} columns; the model was fitted on {len(self.coef_)}")
        return self.intercept_ + values @ np.nan_to_num(self.coef_, nan=0.0)

    def score(self, X: Any, y: Any) -> float:
        """R² of the predictions of ``X`` against ``y``."""
        target = np.asarray(y, dtype=np.float64)
        residual = target - self.predict(X)
        return float(1 - residual @ residual / ((target - target.mean()) @ (target - target.mean())))
