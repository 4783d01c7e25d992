"""cxscore.monitor over partitions that each hold whole customers: what a partition sends the driver, and how the
driver merges it (cxscore.dask and cxscore.spark call these; see ``_partitions``).

The windows are calendar windows (UTC day, ISO week, calendar month), numbered from the time and the period
alone, so the windows of every partition line up whatever its time range. Each sends, for the brand and for
each touchpoint, the weighted sums of the encounters in each window; merged window by window, their counts are
exact and their weighted sums equal the one-pass sums up to the rounding of another addition order, within
1e-12 relative. A window's score comes from sums kept with their rounding errors (compensated), so it has the
same bits however the window was split, and so does the change between two windows; the spread is kept as sums
of squared deviations (Welford, Chan), so a window of equal values has a standard error of exactly 0. One
p-value is ill-conditioned: that of a change between two windows of nearly equal values (a few parts in 1e7 of
the score, over a standard error as small), whose standard error's last bits depend on the order of addition;
it agrees to about 1e-10. The q-values (Benjamini-Hochberg over every change) and flags are computed once, from
the merged sums.
"""

from __future__ import annotations

from typing import Optional

import pandas as pd

from . import _core
from ._monitor import MonitorResult, monitor_result
from ._monitor import monitor as monitor_frame
from ._partitions import Arguments, Report, checked_partition, checked_reports, core_result, merged_sums, rejected_rows
from ._rows import source

# The names of the summaries in Report.sums.
BRAND, TOUCHPOINTS = "brand", "touchpoints"


def monitor_partition(part: pd.DataFrame, args: Arguments, customers: Optional[pd.DataFrame], period: str) -> Report:
    """The report of a partition holding whole customers: its bad rows and its window sums."""
    report, rows = checked_partition(part, args, customers)
    if rows is not None:
        sums = core_result(report, rows, _core.monitor_summaries, args.journey_map, args.model, rows.table, period)
        if sums is not None:
            report.sums.update(zip((BRAND, TOUCHPOINTS), (s.to_bytes() for s in sums)))
    return report


def merged_monitor(reports: list[Report], args: Arguments, customers: Optional[pd.DataFrame],
                   empty_events: pd.DataFrame, period: str, fdr: float, min_effect: float) -> MonitorResult:
    """What cxscore.monitor returns for all the partitions' events, from their reports in partition order."""
    checked_reports(reports, args.lenient, source(empty_events))
    held = [r for r in reports if BRAND in r.sums]
    if not held:
        return monitor_frame(empty_events, args.journey_map, args.model, customers, period=period, fdr=fdr,
                             min_effect=min_effect, lenient=args.lenient, **args.names)
    brand, touchpoints = (merged_sums([r.sums[name] for r in held], _core.WindowSums.from_bytes)
                          for name in (BRAND, TOUCHPOINTS))
    raw = _core.monitor_tables(brand, touchpoints, args.journey_map, args.model, fdr, min_effect,
                               source(empty_events))
    return monitor_result(raw, rejected_rows(reports, args.lenient))
