#pragma once
/// Time-window sums as bytes (kind `windows`, summary_bytes.hpp describes the header): what the workers of a
/// cluster send for the monitor's series and the owners' trend, merged on the driver (window_sums::merge)
/// before the changes, q-values and flags are computed once (monitor_of).
///
/// Payload, fixed-width little-endian: the period (u64: 0 day, 1 week, 2 month), the group count, the first
/// and last window numbers (i64 as two's complement) and the cell count C (u64); then C cells in ascending
/// (group, window) order, each its group, its window number (i64), its count (u64) and its weight,
/// weight_sq, mean, deviation_sq, gap_sum, unmet_weight and the compensated weight and value totals (hi, lo
/// each) (f64).
///
/// Decoding refuses (input_error, file "<summary bytes>") a wrong header, a buffer shorter or longer than its
/// counts say (checked before anything is allocated), an unknown period, and cells no summing gives: out of
/// order, of a group beyond the count, a window outside [first, last], or no encounters.
///
/// ```cpp
/// std::string bytes = cxscore::to_bytes(cxscore::sum_windows(part.view(), map, model, options));
/// cxscore::window_sums all = cxscore::window_sums_from_bytes(bytes);
/// all.merge(other_part);
/// cxscore::monitor_result trend = cxscore::monitor_of(all, model, options);
/// ```
#include <string>
#include <string_view>

#include "cxscore/monitor/time_windows.hpp"

namespace cxscore {

/// The byte form of `s`.
[[nodiscard]] std::string to_bytes(const window_sums& s);

/// Reads to_bytes()'s form back, bit for bit; throws input_error for anything else.
[[nodiscard]] window_sums window_sums_from_bytes(std::string_view bytes);

}  // namespace cxscore
