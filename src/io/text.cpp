#include "internal/cell_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "cxscore/error.hpp"

namespace cxscore::detail {

bool parse_double(std::string_view s, double& out) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size() && std::isfinite(out);
}

const char* number_problem(std::string_view s) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double x = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  const bool one_number = !s.empty() && ec == std::errc{} && ptr == s.data() + s.size();
  return one_number && !std::isfinite(x) ? "not a finite number (NaN and infinities are refused)" : "not a number";
}

bool parse_outcome(std::string_view s, double& out) noexcept {
  if (parse_double(s, out)) return true;
  s = trim(s);
  auto is = [&](std::string_view word) {
    return s.size() == word.size() && std::equal(s.begin(), s.end(), word.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  if (is("yes") || is("true")) return out = 1, true;
  if (is("no") || is("false")) return out = 0, true;
  return false;
}

}  // namespace cxscore::detail
