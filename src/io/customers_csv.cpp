#include "cxscore/io/customers_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/detail/parallel_blocks.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_chunks.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"
#include "internal/recent_labels.hpp"

namespace cxscore {

namespace {

/// Rows whose customers are looked up together.
constexpr std::size_t lookup_batch = 1024;

/// What is wrong with a row's own cells, found as it is read; named when the row is applied.
enum class customer_cell_problem : std::uint8_t { none, empty_id, bad_weight };

/// A row read but not yet applied: views of its cells (into the text, or into its chunk's own copies), its
/// weight, and the first of its cells that is bad.
struct pending_row {
  std::string_view id;
  std::string_view weight_cell;
  std::string_view segment;
  double weight = 1.0;
  std::size_t row = 0;
  customer_cell_problem problem = customer_cell_problem::none;
};

/// One chunk's rows, read on a core of their own: each row's cells and customer code (looked up a batch at a
/// time, dictionary::find_all, so that the lookups' cache misses overlap), and the records the reader refused
/// (a record of the wrong width), each with the number of rows read before it.
struct chunk_rows {
  std::vector<pending_row> rows;
  std::vector<std::optional<std::uint32_t>> codes;
  std::vector<rejected_row> refused;
  std::vector<std::size_t> refused_after;
  std::deque<std::string> copies;  ///< cells a quoted field unescaped into the reader's buffer, kept
};

/// Reads the records of `chunk`; the customer column is `c_customer`, the optional ones `c_weight` and `c_segment`.
chunk_rows read_chunk(std::string_view text, const detail::csv_chunk& chunk, const detail::csv_reader& header_reader,
                      const detail::csv_header& header, const dictionary& event_customers, std::size_t c_customer,
                      std::optional<std::size_t> c_weight, std::optional<std::size_t> c_segment) {
  detail::csv_reader reader(text.substr(0, chunk.end), header_reader.source(), false, header_reader.delimiter());
  reader.seek(chunk.begin, chunk.line);
  reader.set_column_names(header.names());
  chunk_rows out;
  out.rows.reserve(chunk.line_feeds + 1);
  std::vector<std::string_view> ids;
  auto look_up = [&] {  // the customers of the rows read since the last lookup
    const std::size_t from = out.codes.size();
    ids.clear();
    for (std::size_t k = from; k < out.rows.size(); ++k) ids.push_back(out.rows[k].id);
    out.codes.resize(out.rows.size());
    event_customers.find_all(ids, std::span(out.codes).subspan(from));
  };
  auto kept = [&](std::string_view cell) {
    return reader.in_text(cell) ? cell : std::string_view(out.copies.emplace_back(cell));
  };
  auto place_refusals = [&] {  // the records refused since the last row: after the rows read so far
    out.refused_after.resize(out.refused.size(), out.rows.size());
  };
  detail::for_each_row(reader, header, /*lenient=*/true, out.refused,
                       [&](const std::vector<std::string_view>& f, std::size_t row) {
    place_refusals();
    pending_row& r = out.rows.emplace_back();
    r.id = kept(f[c_customer]);
    r.segment = c_segment ? kept(f[*c_segment]) : std::string_view{};
    r.row = row;
    if (r.id.empty()) {  // the reader trimmed it unless quoted
      r.problem = customer_cell_problem::empty_id;
    } else if (c_weight) {
      r.weight_cell = kept(f[*c_weight]);
      if (!detail::trim(r.weight_cell).empty() && !detail::parse_double(r.weight_cell, r.weight))
        r.problem = customer_cell_problem::bad_weight;
    }
    if (out.rows.size() - out.codes.size() == lookup_batch) look_up();
  });
  place_refusals();
  look_up();
  return out;
}

/// The problems of a customers file in row order: raised at the first (strict) or listed (lenient). A strict
/// read keeps the first and stops applying rows; the caller throws it when every row is applied.
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
                                          const std::map<std::string, std::string>& columns, const std::string& source,
                                          std::size_t chunks) {
  detail::csv_reader header_reader(text, source);
  const detail::csv_header header(header_reader, columns);
  const std::size_t c_customer = header.required("customer");
  const auto c_weight = header.optional("weight");
  const auto c_segment = header.optional("segment");
  auto cell_at = [&](std::size_t row, std::size_t column, std::string_view value) {
    return location{source, row, header.names()[column], std::string(value)};
  };

  // The records are read in chunks on every core (cells checked, customers looked up), then applied on one, in
  // row order: codes, segments and problems come out as from one pass over the file.
  const auto pieces = detail::cut_into_chunks(text, header_reader.offset(), header_reader.line(),
                                              detail::chunk_count(text.size() - header_reader.offset(), chunks));
  std::vector<chunk_rows> read(pieces.size());
  detail::parallel_blocks(detail::thread_count(0), pieces.size(), [&](std::size_t k) {
    read[k] = read_chunk(text, pieces[k], header_reader, header, event_customers, c_customer, c_weight, c_segment);
  });

  customer_table_builder builder(event_customers.size());
  // A file has few segments, one a row: most rows find theirs among the last seen, without hashing the label.
  detail::recent_labels recent_segments;
  auto segment_code = [&](std::string_view segment) {
    return *recent_segments.code(segment, [&](std::string_view s) { return std::optional(builder.segment_code(s)); });
  };
  customers_read_result out;
  row_problems problems(lenient, out.rejected);
  auto apply = [&](const pending_row& r, std::optional<std::uint32_t> code) {
    if (r.problem == customer_cell_problem::empty_id) {
      problems.add(cell_at(r.row, c_customer, r.id), "customer id is empty");
    } else if (r.problem == customer_cell_problem::bad_weight) {
      problems.add(cell_at(r.row, *c_weight, r.weight_cell), detail::number_problem(r.weight_cell));
    } else if (auto p = builder.add_with_segment_code(
                   code, r.weight, [&] { return segment_code(r.segment); }, r.row)) {
      const bool weight = p->column == "weight";
      problems.add(cell_at(r.row, weight ? *c_weight : c_customer, weight ? r.weight_cell : r.id), p->reason);
    }
  };
  for (const chunk_rows& chunk : read) {
    std::size_t refusal = 0;
    auto refusals_up_to = [&](std::size_t rows_before) {
      for (; refusal < chunk.refused.size() && chunk.refused_after[refusal] <= rows_before; ++refusal) {
        const rejected_row& r = chunk.refused[refusal];
        problems.add({r.file, r.row, r.column, r.value}, r.reason);
      }
    };
    for (std::size_t k = 0; k < chunk.rows.size() && !problems.stopped(); ++k) {
      if (k + detail::lookups_in_flight < chunk.codes.size())
        if (const auto ahead = chunk.codes[k + detail::lookups_in_flight]) builder.expect(*ahead);
      refusals_up_to(k);
      if (!problems.stopped()) apply(chunk.rows[k], chunk.codes[k]);
    }
    if (!problems.stopped()) refusals_up_to(chunk.rows.size());
  }
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
