#pragma once
// Text rules the public headers share with the readers: blanks, the words for a repeated id, and comparing
// labels.
#include <cstddef>
#include <cstdint>
#include <cstring>
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

/// Whether two labels are the same text. Ids are short: from 8 to 16 bytes they are compared as two 8-byte
/// words that may overlap (loads of a known size, which compile inline), where calling memcmp costs more than
/// the comparison in a loop of lookups.
[[nodiscard]] inline bool same_text(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  auto word = [](const char* p) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  if (n >= 8 && n <= 16) return word(a.data()) == word(b.data()) && word(a.data() + n - 8) == word(b.data() + n - 8);
  return n == 0 || std::memcmp(a.data(), b.data(), n) == 0;
}

}  // namespace cxscore::detail
