#include "cxscore/io/outcomes_csv.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"

namespace cxscore {
namespace {

// One outcome per customer code; `parse(cell, out)` reads a value or refuses the cell (returns false).
// Customers without events are skipped, an empty id and a customer listed twice are refused.
template <class T, class Parse>
std::vector<T> outcomes_by_customer(std::string_view text, const dictionary& customers,
                                    const std::string& outcome_column,
                                    const std::map<std::string, std::string>& columns, const std::string& source,
                                    T none, const char* expected, Parse&& parse) {
  detail::csv_reader reader(text, source);
  const detail::csv_header header(reader, columns);
  const std::size_t c_customer = header.required("customer");
  const std::size_t c_outcome = header.required(outcome_column);
  std::vector<T> outcome(customers.size(), none);
  std::vector<std::size_t> listed_on_row(customers.size(), 0);
  std::vector<rejected_row> rejected;  // strict: for_each_row rethrows
  detail::for_each_row(reader, header, false, rejected, [&](const std::vector<std::string_view>& f, std::size_t row) {
    // An empty id matches no customer, so it would pass as a customer without events and hide a broken row.
    if (f[c_customer].empty()) detail::bad_cell(reader, header, c_customer, f[c_customer], "customer id is empty");
    T value = none;
    if (!parse(detail::trim(f[c_outcome]), value)) detail::bad_cell(reader, header, c_outcome, f[c_outcome], expected);
    const auto c = customers.find(f[c_customer]);
    if (!c) return;  // a customer without events has no journey to learn from
    if (listed_on_row[*c] != 0)
      detail::bad_cell(reader, header, c_customer, f[c_customer], detail::listed_twice("customer", listed_on_row[*c]));
    listed_on_row[*c] = row;
    outcome[*c] = value;
  });
  return outcome;
}

}  // namespace

std::vector<std::int8_t> parse_outcomes_csv(std::string_view text, const dictionary& customers,
                                            const std::string& outcome_column,
                                            const std::map<std::string, std::string>& columns,
                                            const std::string& source) {
  return outcomes_by_customer<std::int8_t>(text, customers, outcome_column, columns, source, no_outcome,
                                           "expected 1/0, yes/no or true/false",
                                           [](std::string_view cell, std::int8_t& out) {
    double x = 0;
    if (!detail::parse_outcome(cell, x) || (x != 0 && x != 1)) return false;
    out = static_cast<std::int8_t>(x);
    return true;
  });
}

std::vector<std::int8_t> read_outcomes_csv(const std::filesystem::path& path, const dictionary& customers,
                                           const std::string& outcome_column,
                                           const std::map<std::string, std::string>& columns) {
  return parse_outcomes_csv(detail::read_file(path.string()), customers, outcome_column, columns, path.string());
}

std::vector<double> parse_outcome_values_csv(std::string_view text, const dictionary& customers,
                                             const std::string& outcome_column,
                                             const std::map<std::string, std::string>& columns,
                                             const std::string& source) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  return outcomes_by_customer<double>(text, customers, outcome_column, columns, source, none,
                                      "expected a finite number, yes/no or true/false",
                                      [&](std::string_view cell, double& out) {
    if (cell.empty()) return out = none, true;  // unanswered
    return detail::parse_outcome(cell, out) && std::isfinite(out);
  });
}

std::vector<double> read_outcome_values_csv(const std::filesystem::path& path, const dictionary& customers,
                                            const std::string& outcome_column,
                                            const std::map<std::string, std::string>& columns) {
  return parse_outcome_values_csv(detail::read_file(path.string()), customers, outcome_column, columns, path.string());
}

}  // namespace cxscore
