#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

#include "cxscore/error.hpp"
#include "cxscore/time.hpp"
#include "internal/cell_text.hpp"

namespace cxscore {
namespace {

// Reads exactly `count` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, int count, int& out) noexcept {
  if (pos + static_cast<std::size_t>(count) > s.size()) return false;
  out = 0;
  for (int k = 0; k < count; ++k) {
    const char c = s[pos++];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

constexpr auto first_second = static_cast<std::int64_t>(earliest_calendar_time);  // 0001-01-01T00:00:00Z
constexpr std::int64_t last_second = 253402300799;                                // 9999-12-31T23:59:59Z

__extension__ using int128 = __int128;  // GCC and Clang: the nanosecond count of any 4-digit year

// seconds · 10^9 + nanos, when it fits in 64 bits (1677-09-21 to 2262-04-11): numpy's datetime64[ns].
std::optional<std::int64_t> nanosecond_count(std::int64_t seconds, std::int64_t nanos) noexcept {
  const int128 count = static_cast<int128>(seconds) * 1'000'000'000 + nanos;
  if (count < std::numeric_limits<std::int64_t>::min() || count > std::numeric_limits<std::int64_t>::max())
    return std::nullopt;
  return static_cast<std::int64_t>(count);
}

// `seconds` + `nanos` / 10^9 as a double. Where the nanosecond count fits in 64 bits (1677-09-21 to
// 2262-04-11), whole nanoseconds divided once: the same double as pandas' datetime64[ns] / 1e9. Elsewhere
// the nearest double: the whole seconds are exact, and nanos / 1e9 is off by far less than half a step of
// the sum (a step is at least 2^-19 s there), so the sum is rounded once. The last 2^-15 s of the year 9999
// would round up to 10000-01-01: they are read as the last double of the calendar instead.
double seconds_of(std::int64_t seconds, std::int64_t nanos) noexcept {
  if (const auto count = nanosecond_count(seconds, nanos)) return static_cast<double>(*count) / 1e9;
  return std::min(static_cast<double>(seconds) + static_cast<double>(nanos) / 1e9, latest_calendar_time);
}

/// An ISO 8601 time as whole seconds since the epoch and the nanoseconds after them.
struct iso_instant {
  std::int64_t seconds = 0;
  std::int64_t nanos = 0;
  time_status status = time_status::unparsable;
};

iso_instant parse_iso8601(std::string_view s) noexcept {
  using namespace std::chrono;
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, mo) || pos >= s.size() ||
      s[pos++] != '-' || !digits(s, pos, 2, d))
    return {};
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return {};
  std::int64_t nanos = 0;
  int offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return {};
    ++pos;
    if (!digits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !digits(s, pos, 2, mi)) return {};
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, sec)) return {};
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        const std::size_t start = pos;
        std::int64_t scale = 100'000'000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          nanos += (s[pos] - '0') * scale;  // digits past nanoseconds are below a double's resolution here
          scale /= 10;
          ++pos;
        }
        if (pos == start) return {};
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return {};
    if (pos < s.size()) {
      const char sign = s[pos++];
      if (sign == 'Z' || sign == 'z') {
        if (pos != s.size()) return {};
      } else if (sign == '+' || sign == '-') {
        int oh = 0, om = 0;
        if (!digits(s, pos, 2, oh)) return {};
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !digits(s, pos, 2, om)) return {};
        if (pos != s.size() || oh > 23 || om > 59) return {};
        offset_seconds = (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      } else {
        return {};
      }
    }
  }
  // Years 0000..9999 and offsets under a day: a few times 10^11 seconds, far inside 64 bits.
  const std::int64_t days = sys_days(date).time_since_epoch().count();
  const std::int64_t seconds = days * 86400 + std::int64_t{h} * 3600 + std::int64_t{mi} * 60 + sec - offset_seconds;
  if (seconds < first_second) return {.status = time_status::before_calendar};
  if (seconds > last_second) return {.status = time_status::beyond_calendar};
  return {.seconds = seconds, .nanos = nanos, .status = time_status::ok};
}

/// A date starts with four digits and a dash; anything else that parses as one number is epoch seconds.
bool looks_like_date(std::string_view text) noexcept { return text.size() >= 5 && text[4] == '-'; }

}  // namespace

time_reading read_time(std::string_view text) noexcept {
  text = detail::trim(text);
  if (text.empty()) return {};
  if (looks_like_date(text)) {
    const iso_instant t = parse_iso8601(text);
    return t.status == time_status::ok ? time_reading{seconds_of(t.seconds, t.nanos), time_status::ok}
                                       : time_reading{0, t.status};
  }
  double epoch = 0;
  if (!detail::parse_double(text, epoch) || !std::isfinite(epoch)) return {};
  if (epoch < earliest_calendar_time) return {0, time_status::before_calendar};
  if (epoch > latest_calendar_time) return {0, time_status::beyond_calendar};
  return {epoch, time_status::ok};
}

const char* time_refusal(time_status status) noexcept {
  switch (status) {
    case time_status::ok: return "";
    case time_status::unparsable:
      return "unparsable time (expected epoch seconds or ISO 8601 such as 2026-03-01T10:15:00+02:00)";
    case time_status::before_calendar: return "before the year 1; are the times in seconds?";
    case time_status::beyond_calendar: return "beyond the year 9999; are the times in seconds?";
  }
  return "";
}

std::optional<std::int64_t> detail::iso8601_nanoseconds(std::string_view text) noexcept {
  text = detail::trim(text);
  if (!looks_like_date(text)) return std::nullopt;
  const iso_instant t = parse_iso8601(text);
  if (t.status != time_status::ok) return std::nullopt;
  return nanosecond_count(t.seconds, t.nanos);
}

std::optional<double> parse_time(std::string_view text) noexcept {
  const time_reading r = read_time(text);
  if (r.status != time_status::ok) return std::nullopt;
  return r.seconds;
}

std::string format_time(double epoch_seconds) {
  using namespace std::chrono;
  // Years ±30000 stay inside std::chrono::year (±32767) and 64-bit seconds.
  if (!(std::abs(epoch_seconds) < 9.4e11)) return detail::number_text(epoch_seconds);
  double whole = std::floor(epoch_seconds);
  std::string fraction;
  if (const double f = epoch_seconds - whole; f > 0) {  // exact: a double minus its floor
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.9f", f);  // "0.xxxxxxxxx", or "1.000000000" rounded up
    if (buf[0] == '1') {
      whole += 1;
    } else {
      fraction = buf + 1;
      while (fraction.back() == '0') fraction.pop_back();
      if (fraction == ".") fraction.clear();  // a fraction below half a nanosecond
    }
  }
  const auto secs = static_cast<std::int64_t>(whole);
  const std::int64_t day_number = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const sys_days day{days{day_number}};
  const std::int64_t in_day = secs - day_number * 86400;
  const year_month_day ymd{day};
  char buf[48];
  const int len =
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                    static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60));
  return std::string(buf, static_cast<std::size_t>(len)) + fraction + "Z";
}

}  // namespace cxscore
