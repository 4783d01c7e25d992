#pragma once
// The rule for numbers in outputs: finite or refused. A quantity that is undefined (an owner without
// encounters has no unmet share) is written as an empty CSV cell or "n/a" in text, by the code that knows
// why; an infinity reaching a formatter means a computation overflowed, which input validation exists to
// prevent (model::max_magnitude), so it is an internal error and is never printed.
#include <charconv>
#include <cmath>
#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cxscore::detail {

[[noreturn]] inline void non_finite_output(double x) {
  throw std::logic_error(std::string("internal error: a non-finite number (") +
                         (std::isnan(x) ? "nan"
                          : x > 0       ? "inf"
                                        : "-inf") +
                         ") reached the output");
}

/// What text reports write for an undefined quantity.
inline constexpr const char* undefined_text = "n/a";

/// `x` with `decimals` digits after the point ("+" first when `sign`, no "-" on a value that rounds to
/// zero); a non-finite `x` is an internal error.
[[nodiscard]] inline std::string fixed_text(double x, int decimals, bool sign = false) {
  if (!std::isfinite(x)) non_finite_output(x);
  char buf[400];  // the longest fixed form of a double: 309 digits, a sign, a point, the decimals
  char* first = buf;
  if (sign && !std::signbit(x)) *first++ = '+';
  const auto [end, ec] = std::to_chars(first, buf + sizeof buf, x, std::chars_format::fixed, decimals);
  if (ec != std::errc{}) non_finite_output(x);
  std::string text(buf, end);
  // A value that rounds to zero carries no direction: -0.0004 at one decimal is "0.0", not "-0.0".
  if (text[0] == '-' && text.find_first_not_of("0.", 1) == std::string::npos) text = (sign ? "+" : "") + text.substr(1);
  return text;
}

/// The share `x` as a percentage with `decimals` digits ("12.5%").
[[nodiscard]] inline std::string percent_text(double x, int decimals) { return fixed_text(100 * x, decimals) + "%"; }

/// A count and its noun, agreeing in number: "1 customer", "0 customers", "2 customers" (regular nouns).
template <std::integral Count>
[[nodiscard]] std::string count_text(Count n, std::string_view noun) {
  return std::to_string(n) + ' ' + std::string(noun) + (n == 1 ? "" : "s");
}
/// A count that may be fractional (weighted journeys), in its shortest form: "1 journey", "2.5 journeys".
[[nodiscard]] inline std::string count_text(double n, std::string_view noun) {
  if (!std::isfinite(n)) non_finite_output(n);
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  if (ec != std::errc{}) non_finite_output(n);
  return std::string(buf, end) + ' ' + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace cxscore::detail
