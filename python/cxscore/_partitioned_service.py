"""cxscore.service and cxscore.owners over partitions that each hold whole customers: what a partition sends the
driver, and how the driver merges it (cxscore.dask and cxscore.spark call these; see ``_partitions``).

Exact under merging: the service attribution's counts are integers (visits met and unmet, the contacts after
them, visitors, contacts by service touchpoint) and the contacts' covers are integer counts by the set of visits
whose windows hold them, so the merged counts equal the one-pass counts whatever the partitioning, and the brand
figure's joint model, fitted once on the driver from them, gives the one-pass share, interval and explained
contacts to the bit; so do the service table's rates, excess, caused contacts and intervals. The owners'
scorecards add score's touchpoint summaries (float sums: equal up to the rounding of another addition order,
within 1e-12 relative) and the owners' trend its time-window sums (counts exact, weighted sums within 1e-12;
the windows are calendar windows, fixed by the period alone, so every partition's line up; the one
ill-conditioned p-value is _partitioned_monitor's); the q-values, flags and verdicts are computed once, from the
merged sums.
"""

from __future__ import annotations

from typing import Any, Optional

import pandas as pd

from . import _core
from ._partitions import Arguments, Report, checked_partition, checked_reports, core_result, merged_sums, rejected_rows
from ._rows import source
from ._service import OwnersResult, owners_result, service_table
from ._service import owners as owners_frame
from ._service import service as service_frame

# The names of the summaries in Report.sums.
SCORE, SERVICE, TREND = "score", "service", "trend"


def service_partition(part: pd.DataFrame, args: Arguments, customers: Optional[pd.DataFrame],
                      window_days: float) -> Report:
    """The report of a partition holding whole customers: its bad rows and its service counts."""
    report, rows = checked_partition(part, args, customers)
    if rows is not None:
        counts = core_result(report, rows, _core.service_summaries, args.journey_map, window_days)
        if counts is not None:
            report.sums[SERVICE] = counts.to_bytes()
    return report


def merged_service(reports: list[Report], args: Arguments, customers: Optional[pd.DataFrame],
                   empty_events: pd.DataFrame, window_days: float) -> pd.DataFrame:
    """What cxscore.service returns for all the partitions' events, from their reports in partition order."""
    checked_reports(reports, args.lenient, source(empty_events))
    pieces = [r.sums[SERVICE] for r in reports if SERVICE in r.sums]
    if not pieces:  # no partition holds a row: what the pandas API makes of none
        return service_frame(empty_events, args.journey_map, args.model, customers, window_days=window_days,
                             lenient=args.lenient, **args.names)
    raw = _core.service_tables(merged_sums(pieces, _core.ServiceSummaries.from_bytes), args.journey_map)
    return service_table(raw, rejected_rows(reports, True) if args.lenient else None)


def owners_partition(part: pd.DataFrame, args: Arguments, customers: Optional[pd.DataFrame], period: str,
                     window_days: float) -> Report:
    """The report of a partition holding whole customers: its bad rows, score's summaries (of one segment: no
    scorecard reads segments), the service counts and the owners' window sums."""
    report, rows = checked_partition(part, args, customers)
    if rows is not None:
        sums = core_result(report, rows, _core.owners_summaries, args.journey_map, args.model, rows.table, period,
                           window_days)
        if sums is not None:
            report.sums.update(zip((SCORE, SERVICE, TREND), (s.to_bytes() for s in sums)))
    return report


def merged_owners(reports: list[Report], args: Arguments, customers: Optional[pd.DataFrame],
                  empty_events: pd.DataFrame, period: str, window_days: float, fdr: float,
                  min_effect: float) -> OwnersResult:
    """What cxscore.owners returns for all the partitions' events, from their reports in partition order."""
    checked_reports(reports, args.lenient, source(empty_events))
    held = [r for r in reports if SCORE in r.sums]
    if not held:
        return owners_frame(empty_events, args.journey_map, args.model, customers, period=period,
                            window_days=window_days, fdr=fdr, min_effect=min_effect, lenient=args.lenient,
                            **args.names)
    def merged(name: str, from_bytes: Any) -> Any:
        return merged_sums([r.sums[name] for r in held], from_bytes)

    raw = _core.owners_tables(merged(SCORE, _core.ScoreSummaries.from_bytes),
                              merged(SERVICE, _core.ServiceSummaries.from_bytes),
                              merged(TREND, _core.WindowSums.from_bytes), args.journey_map, args.model, fdr, min_effect,
                              source(empty_events))
    return owners_result(raw, rejected_rows(reports, args.lenient))
