#pragma once
// Small text helpers shared by the readers: whole files, blanks, numbers.
#include <cstddef>
#include <string>
#include <string_view>

namespace cxscore::detail {

/// Reads a whole file; throws input_error naming it if it cannot be opened.
[[nodiscard]] std::string read_file(const std::string& path);

/// Trims ASCII blanks at both ends.
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;

/// Parses a whole cell as a finite double (surrounding blanks and a leading '+' allowed); false if it is
/// not one number, or is NaN or infinite: no reader takes those as data.
[[nodiscard]] bool parse_double(std::string_view s, double& out) noexcept;

/// Why parse_double refused `s`: "not a finite number" for NaN or an infinity, else "not a number".
[[nodiscard]] const char* number_problem(std::string_view s) noexcept;

/// "<what> listed twice (first on row <first_row>)": the readers' words for a repeated id.
[[nodiscard]] inline std::string listed_twice(std::string_view what, std::size_t first_row) {
  return std::string(what) + " listed twice (first on row " + std::to_string(first_row) + ")";
}

/// Parses an outcome cell: a number, or yes/no, true/false (any case) as 1/0; false if it is neither.
[[nodiscard]] bool parse_outcome(std::string_view s, double& out) noexcept;

}  // namespace cxscore::detail
