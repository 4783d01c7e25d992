#include "cxscore/outcomes_csv.hpp"

#include "cxscore/detail/csv_header.hpp"
#include "cxscore/detail/csv_reader.hpp"
#include "cxscore/detail/csv_rows.hpp"
#include "cxscore/detail/text.hpp"

namespace cxscore {

std::vector<std::int8_t> parse_outcomes_csv(std::string_view text, const dictionary& customers,
                                            const std::string& outcome_column,
                                            const std::map<std::string, std::string>& columns,
                                            const std::string& source) {
  detail::csv_reader reader(text, source);
  const detail::csv_header header(reader, columns);
  const std::size_t c_customer = header.required("customer");
  const std::size_t c_outcome = header.required(outcome_column);
  std::vector<std::int8_t> outcome(customers.size(), no_outcome);
  std::vector<rejected_row> rejected;  // strict: for_each_row rethrows
  detail::for_each_row(reader, header, false, rejected, [&](const std::vector<std::string_view>& f, std::size_t) {
    const std::string_view value = detail::trim(f[c_outcome]);
    std::int8_t o = no_outcome;
    if (value == "1" || value == "yes" || value == "true") o = 1;
    if (value == "0" || value == "no" || value == "false") o = 0;
    if (o == no_outcome)
      detail::bad_cell(reader, header, c_outcome, f[c_outcome], "expected 1/0, yes/no or true/false");
    const auto c = customers.find(detail::trim(f[c_customer]));
    if (!c) return;  // a customer without events has no journey to learn from
    if (outcome[*c] != no_outcome)
      detail::bad_cell(reader, header, c_customer, f[c_customer], "the customer is listed twice");
    outcome[*c] = o;
  });
  return outcome;
}

std::vector<std::int8_t> read_outcomes_csv(const std::filesystem::path& path, const dictionary& customers,
                                           const std::string& outcome_column,
                                           const std::map<std::string, std::string>& columns) {
  return parse_outcomes_csv(detail::read_file(path.string()), customers, outcome_column, columns, path.string());
}

}  // namespace cxscore
