#include "cxscore/io/customers_csv.hpp"

#include <algorithm>
#include <cmath>

#include "cxscore/customer_table.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"

namespace cxscore {

customers_read_result parse_customers_csv(std::string_view text, const dictionary& event_customers, bool lenient,
                                          const std::map<std::string, std::string>& columns,
                                          const std::string& source) {
  detail::csv_reader reader(text, source);
  const detail::csv_header header(reader, columns);
  const std::size_t c_customer = header.required("customer");
  const auto c_weight = header.optional("weight");
  const auto c_segment = header.optional("segment");

  customer_table_builder builder(event_customers.size());
  customers_read_result out;
  detail::for_each_row(reader, header, lenient, out.rejected,
                       [&](const std::vector<std::string_view>& f, std::size_t row) {
    const std::string_view id = f[c_customer];  // the reader trimmed it unless quoted
    if (id.empty()) detail::bad_cell(reader, header, c_customer, f[c_customer], "customer id is empty");
    double weight = 1.0;
    if (c_weight) {
      const std::string_view cell = f[*c_weight];
      if (!detail::trim(cell).empty() && !detail::parse_double(cell, weight))
        detail::bad_cell(reader, header, *c_weight, cell, detail::number_problem(cell));
    }
    const std::string_view segment = c_segment ? f[*c_segment] : std::string_view{};
    if (auto p = builder.add(event_customers.find(id), weight, segment, row)) {
      const std::size_t column = p->column == "weight" ? *c_weight : c_customer;
      detail::bad_cell(reader, header, column, f[column], p->reason);
    }
  });
  out.without_events = builder.without_events();
  out.customers = std::move(builder).table();
  // Checked here rather than only in score(), so that the message names the file the weights come from.
  const auto& w = out.customers.weight;
  if (!w.empty() && std::all_of(w.begin(), w.end(), [](double x) { return x == 0; }))
    detail::fail({source, 0, "weight", "0"},
                 "the customer weights sum to 0 (every customer with events weighs 0), so no brand score exists");
  return out;
}

customers_read_result read_customers_csv(const std::filesystem::path& path, const dictionary& event_customers,
                                         bool lenient, const std::map<std::string, std::string>& columns) {
  const std::string text = detail::read_file(path.string());
  return parse_customers_csv(text, event_customers, lenient, columns, path.string());
}

}  // namespace cxscore
