#pragma once
// Writing CSV: RFC 4180 quoting and doubles in shortest round-trip form (full precision).
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "internal/finite_output.hpp"

namespace cxscore::detail {

/// Appends `field`, quoted only when it holds a comma, quote, CR or LF, or starts or ends with a blank
/// (which the reader trims from unquoted fields).
inline void append_csv_field(std::string& out, std::string_view field) {
  const bool edge_blank =
      !field.empty() && (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' || field.back() == '\t');
  if (!edge_blank && field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

/// Appends `x` so that reading it back gives the same double. NaN, the library's mark of an undefined
/// quantity (the change of a first window, the rate among no visits), is an empty cell; an infinity is
/// an internal error (finite_output.hpp), never written.
inline void append_number(std::string& out, double x) {
  if (std::isnan(x)) return;
  if (std::isinf(x)) non_finite_output(x);
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, end);
}

inline void append_number(std::string& out, std::uint64_t x) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, end);
}

/// Appends ",x" for each number.
template <class... Numbers>
void append_number_fields(std::string& out, Numbers... x) {
  ((out += ',', append_number(out, x)), ...);
}

}  // namespace cxscore::detail
