#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <string>

#include "cxscore/detail/text.hpp"
#include "cxscore/time.hpp"

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

std::optional<double> parse_iso8601(std::string_view s) noexcept {
  using namespace std::chrono;
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, mo) ||
      pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, d))
    return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  std::int64_t nanos = 0;
  int offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !digits(s, pos, 2, mi)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, sec)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        const std::size_t start = pos;
        std::int64_t scale = 100'000'000;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          nanos += (s[pos] - '0') * scale;  // digits past nanoseconds are below a double's resolution here
          scale /= 10;
          ++pos;
        }
        if (pos == start) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
    if (pos < s.size()) {
      const char sign = s[pos++];
      if (sign == 'Z' || sign == 'z') {
        if (pos != s.size()) return std::nullopt;
      } else if (sign == '+' || sign == '-') {
        int oh = 0, om = 0;
        if (!digits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !digits(s, pos, 2, om)) return std::nullopt;
        if (pos != s.size() || oh > 23 || om > 59) return std::nullopt;
        offset_seconds = (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      } else {
        return std::nullopt;
      }
    }
  }
  const std::int64_t days = sys_days(date).time_since_epoch().count();
  const std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_seconds;
  // Whole nanoseconds divided once: the same double as pandas' datetime64[ns] / 1e9.
  return static_cast<double>(seconds * 1'000'000'000 + nanos) / 1e9;
}

}  // namespace

std::optional<double> parse_time(std::string_view text) noexcept {
  text = detail::trim(text);
  if (text.empty()) return std::nullopt;
  double epoch = 0;
  // A date starts with four digits and a dash; anything else that parses as one number is epoch seconds.
  const bool looks_like_date = text.size() >= 5 && text[4] == '-';
  if (!looks_like_date) {
    if (detail::parse_double(text, epoch) && std::isfinite(epoch)) return epoch;
    return std::nullopt;
  }
  return parse_iso8601(text);
}

std::string format_time(double epoch_seconds) {
  using namespace std::chrono;
  const double whole = std::floor(epoch_seconds);
  const auto secs = static_cast<std::int64_t>(whole);
  const sys_days day{days{secs >= 0 ? secs / 86400 : (secs - 86399) / 86400}};
  const std::int64_t in_day = secs - day.time_since_epoch().count() * std::int64_t{86400};
  const year_month_day ymd{day};
  char buf[48];
  int len = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                          static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                          static_cast<int>(in_day % 60));
  std::string out(buf, static_cast<std::size_t>(len));
  if (const double fraction = epoch_seconds - whole; fraction > 0) {
    len = std::snprintf(buf, sizeof buf, "%.9f", fraction);  // "0.xxxxxxxxx"
    std::string digits_part(buf + 1, static_cast<std::size_t>(len - 1));
    while (digits_part.back() == '0') digits_part.pop_back();
    out += digits_part;
  }
  return out + "Z";
}

}  // namespace cxscore
