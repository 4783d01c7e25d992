#pragma once
/// The files and readable report of monitoring over time (time_windows.hpp), as `cxscore monitor`
/// writes them (all or nothing) and `cxscore owners` writes its trend:
///
/// - `trend_csv(trend, key)`: `<key>, window, start, end, count, score, index, standard_error, mean_gap,
///   unmet_share, change, change_se, index_change, p_value, q_value, flagged` — one row per group and window with
///   encounters, windows in time order; `key` empty = no group column (the brand). Times ISO 8601 UTC,
///   numbers in shortest round-trip form, NaN (no previous window, no SE) as an empty cell, flagged yes/no
///   (time_windows.hpp: q_value ≤ fdr and |index_change| ≥ min_effect);
/// - `brand_trend.csv` = `trend_csv(brand, "")`, `touchpoint_trend.csv` = `trend_csv(by touchpoint,
///   "touchpoint")`, `monitor_report.txt`, and in lenient mode `rejected.csv`.
///
/// ```cpp
/// auto brand = cxscore::monitor(events.view(), map, model, {.period = cxscore::period::week});
/// std::cout << cxscore::trend_csv(brand, "");
/// ```
#include <filesystem>
#include <string>
#include <vector>

#include "cxscore/io/rejected_row.hpp"
#include "cxscore/monitor/time_windows.hpp"

namespace cxscore {

[[nodiscard]] std::string trend_csv(const monitor_result& trend, const std::string& key);

/// The brand's windows (the last `last_windows` of them) and every flagged change by touchpoint.
[[nodiscard]] std::string render_monitor_report(const monitor_result& brand, const monitor_result& touchpoints,
                                                std::size_t last_windows = 12);

/// brand_trend.csv, touchpoint_trend.csv and monitor_report.txt (and rejected.csv) into `dir`.
void write_monitor_outputs(const std::filesystem::path& dir, const monitor_result& brand,
                           const monitor_result& touchpoints, const std::vector<rejected_row>* rejected = nullptr);

}  // namespace cxscore
