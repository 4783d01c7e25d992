#pragma once
/// Event times: seconds since the Unix epoch, read cell by cell from either epoch seconds
/// ("1700000000", "1700000000.25") or ISO 8601 ("2026-03-01", "2026-03-01T10:15:00",
/// "2026-03-01 10:15:00.546+02:00", "...Z", "...+0200"). A time without an offset is taken as UTC.
///
/// Every time the project reads — a CSV cell, `--as-of`, a caller's column — lies in the calendar of
/// years 0001 to 9999 (proleptic Gregorian, UTC): [earliest_calendar_time, latest_calendar_time].
/// Anything else is refused, never wrapped: a time outside it is most likely in the wrong unit.
///
/// ```cpp
/// auto t = cxscore::parse_time("2011-10-01T00:38:44.546+02:00");  // 1317422324.546
/// std::string s = cxscore::format_time(0);                           // "1970-01-01T00:00:00Z"
/// auto r = cxscore::read_time("10000-01-01");                       // r.status == time_status::unparsable
/// ```
#include <optional>
#include <string>
#include <string_view>

namespace cxscore {

/// 0001-01-01T00:00:00Z, the first instant of the calendar (Python's datetime.min).
inline constexpr double earliest_calendar_time = -62135596800.0;
/// The last double before 10000-01-01T00:00:00Z (253402300800 − 2⁻¹⁵): 9999-12-31T23:59:59.999969482Z. An ISO
/// time in the last 2⁻¹⁵ s of the year 9999 is read as this (its nearest double would be 10000-01-01).
inline constexpr double latest_calendar_time = 253402300800.0 - 1.0 / 32768;

/// Whether `t` (epoch seconds) is in the calendar of years 0001 to 9999; false for NaN.
[[nodiscard]] constexpr bool in_calendar(double t) noexcept {
  return t >= earliest_calendar_time && t <= latest_calendar_time;
}

enum class time_status { ok, unparsable, before_calendar, beyond_calendar };

/// A time cell read: `seconds` is meaningful when `status` is ok.
struct time_reading {
  double seconds = 0;
  time_status status = time_status::unparsable;
};

/// Reads epoch seconds or ISO 8601 (four-digit years only), and checks the calendar range. The result is
/// the same double as pandas' `datetime64[ns] / 1e9` wherever a nanosecond count fits in 64 bits (about
/// 1677-09-21 to 2262-04-11), and the nearest double to the exact time elsewhere.
[[nodiscard]] time_reading read_time(std::string_view text) noexcept;

/// The reason a read time is refused, for an error message ("" for ok).
[[nodiscard]] const char* time_refusal(time_status status) noexcept;

/// The time in epoch seconds, or nullopt when `text` is neither a number nor ISO 8601, or lies outside the
/// calendar (read_time says which).
[[nodiscard]] std::optional<double> parse_time(std::string_view text) noexcept;

/// ISO 8601 in UTC with a 'Z'; a fraction of a second, when there is one, to nanoseconds. parse_time reads
/// it back as the same double outside 1677-09-21 … 2262-04-11, where a double is coarser than a nanosecond;
/// inside, as pandas would (whole nanoseconds rounded to a double), within a nanosecond or one step of the
/// double. A finite time beyond the years ±30000 and NaN or infinity are written as numbers, for messages.
[[nodiscard]] std::string format_time(double epoch_seconds);

}  // namespace cxscore
