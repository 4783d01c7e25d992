#include "cxscore/io/customers_csv.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <string_view>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"
#include "internal/recent_labels.hpp"

namespace cxscore {

namespace {

/// A row read but not yet applied: its cells, or the first of them that is bad and why.
struct pending_row {
  std::string_view id;
  std::string_view weight_cell;
  double weight = 1.0;
  std::string_view segment;
  std::size_t row = 0;
  std::optional<location> bad;
  std::string reason;
};

/// The problems of a customers file in row order: raised at the first (strict) or listed (lenient). A strict
/// read keeps the first and stops applying rows; the caller throws it when the reader is done.
class row_problems {
 public:
  row_problems(bool lenient, std::vector<rejected_row>& rejected) : m_lenient(lenient), m_rejected(rejected) {}
  void add(location where, const std::string& reason) {
    if (m_lenient)
      m_rejected.push_back({where.file, where.row, where.column, where.value, reason});
    else if (!m_first)
      m_first = std::make_exception_ptr(input_error(std::move(where), reason));
  }
  [[nodiscard]] bool stopped() const noexcept { return m_first != nullptr; }
  void throw_first() const {
    if (m_first) std::rethrow_exception(m_first);
  }

 private:
  bool m_lenient;
  std::vector<rejected_row>& m_rejected;
  std::exception_ptr m_first;
};

}  // namespace

customers_read_result parse_customers_csv(std::string_view text, const dictionary& event_customers, bool lenient,
                                          const std::map<std::string, std::string>& columns,
                                          const std::string& source) {
  detail::csv_reader reader(text, source);
  const detail::csv_header header(reader, columns);
  const std::size_t c_customer = header.required("customer");
  const auto c_weight = header.optional("weight");
  const auto c_segment = header.optional("segment");
  auto cell_at = [&](std::size_t row, std::size_t column, std::string_view value) {
    return location{source, row, header.names()[column], std::string(value)};
  };

  customer_table_builder builder(event_customers.size());
  // A file has few segments, one a row: most rows find theirs among the last seen, without hashing the label.
  detail::recent_labels recent_segments;
  auto segment_code = [&](std::string_view segment) {
    return *recent_segments.code(segment, [&](std::string_view s) { return std::optional(builder.segment_code(s)); });
  };
  customers_read_result out;
  row_problems problems(lenient, out.rejected);
  // Rows are applied a batch at a time, their customers looked up together (dictionary::find_all: the
  // lookups' cache misses overlap), and every problem is taken in row order: the rows waiting, then the
  // records the reader refused after them.
  constexpr std::size_t batch = 1024;
  std::vector<pending_row> rows;
  std::vector<std::string_view> ids;
  std::vector<std::optional<std::uint32_t>> codes;
  std::vector<rejected_row> refused_records;  // the reader's own refusals (a record of the wrong width)
  std::size_t refusals_taken = 0;
  auto apply_rows = [&] {
    ids.clear();
    for (const pending_row& r : rows) ids.push_back(r.id);
    codes.resize(rows.size());
    event_customers.find_all(ids, codes);
    for (std::size_t k = 0; k < rows.size() && !problems.stopped(); ++k) {
      const pending_row& r = rows[k];
      if (r.bad) {
        problems.add(*r.bad, r.reason);
      } else if (auto p = builder.add_with_segment_code(
                     codes[k], r.weight, [&] { return segment_code(r.segment); }, r.row)) {
        const bool weight = p->column == "weight";
        problems.add(cell_at(r.row, weight ? *c_weight : c_customer, weight ? r.weight_cell : r.id), p->reason);
      }
    }
    rows.clear();
    for (; refusals_taken < refused_records.size(); ++refusals_taken) {
      const rejected_row& r = refused_records[refusals_taken];
      problems.add({r.file, r.row, r.column, r.value}, r.reason);
    }
  };
  detail::for_each_row(reader, header, /*lenient=*/true, refused_records,
                       [&](const std::vector<std::string_view>& f, std::size_t row) {
    if (problems.stopped()) return;
    if (refusals_taken < refused_records.size()) apply_rows();  // a refused record lies before this row
    pending_row r;
    r.id = f[c_customer];
    r.segment = c_segment ? f[*c_segment] : std::string_view{};
    r.row = row;
    if (r.id.empty()) {  // the reader trimmed it unless quoted
      r.bad = cell_at(row, c_customer, f[c_customer]);
      r.reason = "customer id is empty";
    } else if (c_weight) {
      r.weight_cell = f[*c_weight];
      if (!detail::trim(r.weight_cell).empty() && !detail::parse_double(r.weight_cell, r.weight)) {
        r.bad = cell_at(row, *c_weight, r.weight_cell);
        r.reason = detail::number_problem(r.weight_cell);
      }
    }
    // A quoted field with a doubled quote is unescaped into the reader's own buffer, valid only until the next
    // record: a row holding one is applied before that.
    const bool outside_text = !reader.in_text(r.id) || !reader.in_text(r.segment) || !reader.in_text(r.weight_cell);
    rows.push_back(std::move(r));
    if (rows.size() == batch || outside_text) apply_rows();
  });
  apply_rows();
  problems.throw_first();
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
