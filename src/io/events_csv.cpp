#include "cxscore/io/events_csv.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <optional>
#include <span>
#include <type_traits>

#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/time.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_chunks.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"
#include "internal/paged_pass.hpp"
#include "internal/recent_labels.hpp"

namespace cxscore {

std::map<std::string, std::string> parse_column_renames(const std::string& spec) {
  static const std::vector<std::string> logical{"customer",   "touchpoint",  "time",
                                                "experience", "expectation", "dimension"};
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < spec.size()) {
    const std::size_t end = std::min(spec.find(',', start), spec.size());
    const std::string pair = spec.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
      detail::fail({"--columns", 0, "", pair}, "expected name=column pairs such as customer=case_id");
    const std::string name = pair.substr(0, eq);
    if (std::find(logical.begin(), logical.end(), name) == logical.end())
      detail::fail({"--columns", 0, "", name},
                   "unknown column role (expected customer, touchpoint, time, experience, expectation, dimension)");
    out[name] = pair.substr(eq + 1);
    start = end + 1;
  }
  return out;
}

namespace {

/// What one chunk of the file reads: its columns, with customer and dimension codes of its own
/// dictionaries (first appearance within the chunk), each of its customers' first row, and the rows it
/// refused.
struct events_chunk {
  event_table events;
  std::vector<std::size_t> first_rows;
  std::vector<rejected_row> rejected;
};

/// The customer ids of the last rows read, encoded a batch at a time (dictionary::encode_all: the lookups'
/// cache misses overlap), with their file rows for the first rows of new customers.
class pending_customers {
 public:
  /// Adds the id of the row just appended to `out`; encodes the batch when it is full, or at once when the
  /// id is not a view of the text (csv_reader::in_text: a quoted field that held doubled quotes).
  void add(std::string_view id, std::size_t row, const detail::csv_reader& reader, events_chunk& out) {
    m_ids.push_back(id);
    m_rows.push_back(row);
    if (m_ids.size() == batch || !reader.in_text(id)) encode(out);
  }
  /// Encodes the batch into the last rows of `out`'s customer column.
  void encode(events_chunk& out) {
    event_table& ev = out.events;
    const std::span<std::uint32_t> codes(ev.customer.data() + ev.customer.size() - m_ids.size(), m_ids.size());
    ev.customers.encode_all(m_ids, codes);
    for (std::size_t k = 0; k < codes.size(); ++k)
      if (codes[k] == out.first_rows.size()) out.first_rows.push_back(m_rows[k]);
    m_ids.clear();
    m_rows.clear();
  }

 private:
  static constexpr std::size_t batch = 1024;
  std::vector<std::string_view> m_ids;
  std::vector<std::size_t> m_rows;
};

/// The columns of the file that the events come from, found once in its header.
struct event_columns {
  std::size_t customer = 0;
  std::size_t touchpoint = 0;
  std::size_t time = 0;
  std::optional<std::size_t> experience, expectation, dimension;
};

/// The checks and conversions of one row, the same for every chunk.
class event_row_reader {
 public:
  event_row_reader(const detail::csv_header& header, const journey_map& map, const csv_read_options& options)
      : m_header(header), m_map(map), m_options(options) {
    m_columns.customer = header.required("customer");
    m_columns.touchpoint = header.required("touchpoint");
    m_columns.time = header.required("time");
    // With touchpoints measured from the log, the experience column may be absent (operational_experience.hpp).
    m_columns.experience =
        has_operational_measures(map) ? header.optional("experience") : header.required("experience");
    m_columns.expectation = header.optional("expectation");
    m_columns.dimension = header.optional("dimension");
  }

  /// Reads the records of `chunk` of `text` into columns with room for `room` rows (at least the chunk's: the
  /// first chunk's columns make room for every chunk's, as the others are appended to them).
  [[nodiscard]] events_chunk read(std::string_view text, const detail::csv_chunk& chunk,
                                  const detail::csv_reader& header_reader, std::size_t room,
                                  const detail::mapped_text* file) const {
    detail::csv_reader reader(text.substr(0, chunk.end), header_reader.source(), false, header_reader.delimiter());
    reader.seek(chunk.begin, chunk.line);
    reader.set_column_names(m_header.names());
    events_chunk out;
    event_table& ev = out.events;
    for (auto* column : {&ev.time, &ev.experience}) column->reserve(room);
    ev.customer.reserve(room);
    ev.touchpoint.reserve(room);
    if (m_columns.expectation) ev.expectation.reserve(room);
    if (m_columns.dimension) ev.dimension.reserve(room);
    pending_customers customers;
    recent labels;
    detail::paged_pass pass(file, chunk.begin, chunk.end);
    detail::for_each_row(reader, m_header, m_options.lenient, out.rejected,
                         [&](const std::vector<std::string_view>& f, std::size_t row) {
      pass.at(reader.offset());
      add(reader, f, labels, out);
      customers.add(f[m_columns.customer], row, reader, out);
    });
    customers.encode(out);
    return out;
  }

  [[nodiscard]] const event_columns& columns() const noexcept { return m_columns; }

 private:
  double number(const detail::csv_reader& reader, std::string_view cell, std::size_t column, const char* what) const {
    double x = 0;
    if (detail::trim(cell).empty()) detail::bad_cell(reader, m_header, column, cell, std::string(what) + " is empty");
    if (!detail::parse_double(cell, x)) detail::bad_cell(reader, m_header, column, cell, detail::number_problem(cell));
    return x;
  }

  /// The caches of one chunk's labels of few values.
  struct recent {
    detail::recent_labels touchpoints, dimensions;
  };

  void add(const detail::csv_reader& reader, const std::vector<std::string_view>& f, recent& labels,
           events_chunk& out) const {
    const event_columns& c = m_columns;
    const std::string_view customer = f[c.customer];  // the reader trimmed it unless quoted
    if (customer.empty()) detail::bad_cell(reader, m_header, c.customer, f[c.customer], "customer id is empty");
    const auto tp = labels.touchpoints.code(f[c.touchpoint], [&](std::string_view name) { return m_map.find(name); });
    if (!tp) detail::bad_cell(reader, m_header, c.touchpoint, f[c.touchpoint], "unknown touchpoint (not in the map)");
    const time_reading time = read_time(f[c.time]);
    if (time.status != time_status::ok)
      detail::bad_cell(reader, m_header, c.time, f[c.time], time_refusal(time.status));
    if (time.seconds > m_options.latest_time)
      detail::bad_cell(reader, m_header, c.time, f[c.time],
                       "an event after the as-of time " + format_time(m_options.latest_time) + " cannot be scored");
    const touchpoint& spot = m_map[*tp];
    double experience = 0;  // a measured touchpoint's experience is filled in once every journey is read
    if (spot.measure == measure::survey) {
      if (!c.experience)
        detail::bad_cell(reader, m_header, c.touchpoint, f[c.touchpoint],
                         "no experience column, and touchpoint '" + spot.name + "' is measured by survey");
      experience = number(reader, f[*c.experience], *c.experience, "experience");
    } else {
      experience = spot.promise;
      // Each of several signals brings its own promise and is its own dimension.
      if (!spot.measures.empty())
        for (const auto column : {c.expectation, c.dimension})
          if (column && !detail::trim(f[*column]).empty())
            detail::bad_cell(reader, m_header, *column, f[*column],
                             "touchpoint '" + spot.name +
                                 "' is measured by several signals, each with its own "
                                 "promise and dimension: leave this cell empty");
    }
    double expectation = no_promise;
    if (c.expectation && !detail::trim(f[*c.expectation]).empty())
      expectation = number(reader, f[*c.expectation], *c.expectation, "expectation");
    if (auto problem = check_measurement(spot, experience, expectation)) {
      const std::size_t column = problem->column == "experience" ? *c.experience : *c.expectation;
      const bool from_promise = problem->column == "expectation" && !c.expectation;
      if (from_promise)  // no expectation column at all: name the touchpoint, the cause
        detail::bad_cell(reader, m_header, c.touchpoint, f[c.touchpoint], problem->reason);
      detail::bad_cell(reader, m_header, column, f[column], problem->reason);
    }
    // Only a row that passed every check is encoded, so a rejected row leaves no trace in the table.
    event_table& ev = out.events;
    ev.customer.push_back(0);  // its code comes with its batch (pending_customers)
    ev.touchpoint.push_back(*tp);
    ev.time.push_back(time.seconds);
    ev.experience.push_back(experience);
    if (c.expectation) ev.expectation.push_back(expectation);
    if (c.dimension) {
      const std::string_view d = f[*c.dimension];
      const auto code = [&](std::string_view label) { return std::optional(ev.dimensions.encode(label)); };
      ev.dimension.push_back(d.empty() ? no_dimension : static_cast<std::int32_t>(*labels.dimensions.code(d, code)));
    }
  }

  const detail::csv_header& m_header;
  const journey_map& m_map;
  const csv_read_options& m_options;
  event_columns m_columns;
};

/// Appends `code(x)` for each x of `from` to `to`, then frees `from`: a column at a time, so that joining
/// chunks holds no more than one chunk's column twice.
template <class T, class Code = std::identity>
void append_and_free(std::vector<T>& to, std::vector<T>& from, Code code = {}) {
  if constexpr (std::is_same_v<Code, std::identity>)
    to.insert(to.end(), from.begin(), from.end());
  else
    std::transform(from.begin(), from.end(), std::back_inserter(to), code);
  std::vector<T>().swap(from);
}

/// The chunks joined in file order. A label's code is its first appearance in the file: the first chunk
/// that holds it, at its first appearance there, which is the order the chunks' labels are encoded in. So the
/// first chunk's codes and dictionaries are the file's, and its columns (with room for every row) take the
/// others' rows.
events_read_result join_chunks(std::vector<events_chunk>& chunks, bool with_expectation) {
  events_read_result out{.events = std::move(chunks[0].events),
                         .rejected = std::move(chunks[0].rejected),
                         .first_rows = std::move(chunks[0].first_rows)};
  event_table& ev = out.events;
  for (std::size_t k = 1; k < chunks.size(); ++k) {
    events_chunk& chunk = chunks[k];
    event_table& part = chunk.events;
    const std::vector<std::uint32_t> customer_code = detail::join_labels(ev.customers, part.customers);
    for (std::size_t local = 0; local < customer_code.size(); ++local)
      if (customer_code[local] == out.first_rows.size()) out.first_rows.push_back(chunk.first_rows[local]);
    const std::vector<std::uint32_t> dimension_code = detail::join_labels(ev.dimensions, part.dimensions);
    append_and_free(ev.customer, part.customer, [&](std::uint32_t c) { return customer_code[c]; });
    append_and_free(ev.touchpoint, part.touchpoint);
    append_and_free(ev.time, part.time);
    append_and_free(ev.experience, part.experience);
    if (with_expectation) append_and_free(ev.expectation, part.expectation);
    append_and_free(ev.dimension, part.dimension, [&](std::int32_t d) {
      return d == no_dimension ? no_dimension : static_cast<std::int32_t>(dimension_code[static_cast<std::size_t>(d)]);
    });
    out.rejected.insert(out.rejected.end(), std::make_move_iterator(chunk.rejected.begin()),
                        std::make_move_iterator(chunk.rejected.end()));
    chunk = {};  // its memory goes back before the next chunk is copied
  }
  return out;
}

}  // namespace

char parse_separator(const std::string& spec) {
  if (spec.empty()) return 0;
  if (spec == "tab" || spec == "\t") return '\t';
  if (spec == "," || spec == ";" || spec == "|") return spec[0];
  detail::fail({"--sep", 0, "", spec}, "expected one of , ; | tab");
}

namespace {

/// The file's records read in chunks, on every core; whether it has an expectation column.
struct read_chunks {
  std::vector<events_chunk> parts;
  bool with_expectation = false;
};

read_chunks read_in_chunks(std::string_view text, const journey_map& map, const csv_read_options& options,
                           const std::string& source, const detail::mapped_text* file) {
  detail::csv_reader header_reader(text, source, false, options.separator);
  const detail::csv_header header(header_reader, options.columns);
  const event_row_reader rows(header, map, options);
  const auto chunks =
      detail::cut_into_chunks(text, header_reader.offset(), header_reader.line(),
                              detail::chunk_count(text.size() - header_reader.offset(), options.chunks), file);
  read_chunks out{.parts = std::vector<events_chunk>(chunks.size()),
                  .with_expectation = rows.columns().expectation.has_value()};
  std::size_t records = 0;  // at most: one more than the line feeds, in each chunk
  for (const detail::csv_chunk& chunk : chunks) records += chunk.line_feeds + 1;
  detail::parallel_blocks(detail::thread_count(0), chunks.size(), [&](std::size_t k) {
    out.parts[k] = rows.read(text, chunks[k], header_reader, k == 0 ? records : chunks[k].line_feeds + 1, file);
  });
  return out;
}

events_read_result joined_and_measured(read_chunks& chunks, const journey_map& map) {
  events_read_result out = join_chunks(chunks.parts, chunks.with_expectation);
  measure_events(out.events, map);
  return out;
}

}  // namespace

events_read_result parse_events_csv(std::string_view text, const journey_map& map, const csv_read_options& options,
                                    const std::string& source) {
  read_chunks chunks = read_in_chunks(text, map, options, source, nullptr);
  return joined_and_measured(chunks, map);
}

events_read_result read_events_csv(const std::filesystem::path& path, const journey_map& map,
                                   const csv_read_options& options) {
  read_chunks chunks;
  {
    // The chunks hold copies of every label and value they keep: the file is let go before they are joined.
    const detail::mapped_text file(path.string());
    chunks = read_in_chunks(file.text(), map, options, path.string(), &file);
  }
  return joined_and_measured(chunks, map);
}

}  // namespace cxscore
