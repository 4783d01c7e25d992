#include "cxscore/customers_csv.hpp"

#include <cmath>

#include "cxscore/detail/csv_header.hpp"
#include "cxscore/detail/csv_reader.hpp"
#include "cxscore/detail/text.hpp"
#include "cxscore/detail/csv_rows.hpp"

namespace cxscore {

customers_read_result parse_customers_csv(std::string_view text, const dictionary& event_customers, bool lenient,
                                          const std::map<std::string, std::string>& columns,
                                          const std::string& source) {
  detail::csv_reader reader(text, source);
  const detail::csv_header header(reader, columns);
  const std::size_t c_customer = header.required("customer");
  const auto c_weight = header.optional("weight");
  const auto c_segment = header.optional("segment");

  customers_read_result out;
  out.customers = customer_table(event_customers.size());
  std::vector<std::size_t> listed_on_row(event_customers.size(), 0);
  detail::for_each_row(reader, header, lenient, out.rejected,
                       [&](const std::vector<std::string_view>& f, std::size_t row) {
    const std::string_view id = detail::trim(f[c_customer]);
    if (id.empty()) detail::bad_cell(reader, header, c_customer, f[c_customer], "customer id is empty");
    double weight = 1.0;
    if (c_weight) {
      const std::string_view cell = f[*c_weight];
      if (!detail::trim(cell).empty() && !detail::parse_double(cell, weight))
        detail::bad_cell(reader, header, *c_weight, cell, "not a number");
      if (!(weight >= 0) || !std::isfinite(weight))
        detail::bad_cell(reader, header, *c_weight, cell, "a customer weight must be finite and >= 0");
    }
    const auto code = event_customers.find(id);
    if (!code) {
      ++out.without_events;
      return;
    }
    if (listed_on_row[*code] != 0)
      detail::bad_cell(reader, header, c_customer, f[c_customer],
                       "customer listed twice (first on row " + std::to_string(listed_on_row[*code]) + ")");
    listed_on_row[*code] = row;
    const std::string_view segment = c_segment ? detail::trim(f[*c_segment]) : std::string_view{};
    out.customers.set(*code, weight, segment.empty() ? unassigned_segment : segment);
  });
  return out;
}

customers_read_result read_customers_csv(const std::filesystem::path& path, const dictionary& event_customers,
                                         bool lenient, const std::map<std::string, std::string>& columns) {
  const std::string text = detail::read_file(path.string());
  return parse_customers_csv(text, event_customers, lenient, columns, path.string());
}

}  // namespace cxscore
