#pragma once
// Text rules the public headers share with the readers: blanks, and the words for a repeated id.
#include <cstddef>
#include <string>
#include <string_view>

namespace cxscore::detail {

/// Trims ASCII blanks at both ends. Inline: the readers call it on every cell.
[[nodiscard]] inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// "<what> listed twice (first on row <first_row>)": the readers' words for a repeated id.
[[nodiscard]] inline std::string listed_twice(std::string_view what, std::size_t first_row) {
  return std::string(what) + " listed twice (first on row " + std::to_string(first_row) + ")";
}

}  // namespace cxscore::detail
