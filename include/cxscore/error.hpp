#pragma once
/// Typed errors. Every error caused by input names where it came from: the file (or "<arrays>",
/// "<model>", ...), the row (1-based, the header is row 1; 0 when not about a row), the column or
/// JSON key, and the offending value.
///
/// ```cpp
/// try { auto t = cxscore::read_events_csv("events.csv", map); }
/// catch (const cxscore::input_error& e) { std::cerr << e.what() << " row " << e.where().row; }
/// ```
#include <charconv>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace cxscore {

/// Where a bad value was found.
struct location {
  std::string file;     ///< file path, or a pseudo-source such as "<arrays>" or "<model>"
  std::size_t row = 0;  ///< 1-based record number (header = 1); 0 when not about a row
  std::string column;   ///< column name or JSON key
  std::string value;    ///< the offending value as written
};

/// Bad input: a value, a row, a file or a parameter that cxscore refuses.
class input_error : public std::invalid_argument {
 public:
  input_error(location where, const std::string& reason)
      : std::invalid_argument(describe(where, reason)), m_where(std::move(where)), m_reason(reason) {}

  [[nodiscard]] const location& where() const noexcept { return m_where; }
  /// The reason alone, without the location (used for rejected.csv).
  [[nodiscard]] const std::string& reason() const noexcept { return m_reason; }

 private:
  static std::string describe(const location& w, const std::string& reason) {
    std::string s = w.file.empty() ? std::string("input") : w.file;
    if (w.row != 0) s += ", row " + std::to_string(w.row);
    if (!w.column.empty()) s += ", column '" + w.column + "'";
    if (!w.value.empty() || w.row != 0) s += ", value '" + w.value + "'";
    return s + ": " + reason;
  }
  location m_where;
  std::string m_reason;
};

namespace detail {
[[noreturn]] inline void fail(location where, const std::string& reason) {
  throw input_error(std::move(where), reason);
}

/// `x` in shortest round-trip form for messages about inputs, "nan" and "inf" included.
[[nodiscard]] inline std::string number_text(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, end);
}
}  // namespace detail

}  // namespace cxscore
