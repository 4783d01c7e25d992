#pragma once
/// Event times: seconds since the Unix epoch, read cell by cell from either epoch seconds
/// ("1700000000", "1700000000.25") or ISO 8601 ("2026-03-01", "2026-03-01T10:15:00",
/// "2026-03-01 10:15:00.546+02:00", "...Z", "...+0200"). A time without an offset is taken as UTC.
///
/// ```cpp
/// auto t = cxscore::parse_time("2011-10-01T00:38:44.546+02:00");  // 1317422324.546
/// std::string s = cxscore::format_time(0);                           // "1970-01-01T00:00:00Z"
/// ```
#include <optional>
#include <string>
#include <string_view>

namespace cxscore {

/// 9999-12-31T23:59:59Z: times beyond ±this many seconds of the epoch are refused (a time in milliseconds
/// read as seconds, most likely), so every time has a calendar date.
inline constexpr double latest_calendar_time = 253402300799.0;

/// The time in epoch seconds, or nullopt when `text` is neither a number nor ISO 8601.
[[nodiscard]] std::optional<double> parse_time(std::string_view text) noexcept;

/// ISO 8601 in UTC with a 'Z'; a fraction of a second, when there is one, to nanoseconds.
[[nodiscard]] std::string format_time(double epoch_seconds);

}  // namespace cxscore
