#include "internal/events_chunks.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <span>
#include <type_traits>

#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/time.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_rows.hpp"
#include "internal/paged_pass.hpp"
#include "internal/populated_pages.hpp"
#include "internal/recent_labels.hpp"

namespace cxscore::detail {

namespace {

/// The customer ids of the last rows read, encoded a batch at a time (dictionary::encode_all: the lookups'
/// cache misses overlap), with their file rows for the first rows of new customers.
class pending_customers {
 public:
  /// Adds the id of the row just appended to `out`; encodes the batch when it is full, or at once when the
  /// id is not a view of the text (csv_reader::in_text: a quoted field that held doubled quotes).
  void add(std::string_view id, std::size_t row, const csv_reader& reader, events_chunk& out) {
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

/// Appends `code(x)` for each x of `from` to `to`, then frees `from`: a column at a time, so that joining
/// chunks holds no more than a chunk's column per thread twice.
template <class T, class Code = std::identity>
void append_and_free(std::vector<T>& to, std::vector<T>& from, Code code = {}) {
  if constexpr (std::is_same_v<Code, std::identity>)
    to.insert(to.end(), from.begin(), from.end());
  else
    std::transform(from.begin(), from.end(), std::back_inserter(to), code);
  std::vector<T>().swap(from);
}

}  // namespace

/// The caches of one chunk's labels of few values.
struct event_row_reader::recent {
  recent_labels touchpoints, dimensions;
};

event_row_reader::event_row_reader(const csv_header& header, const journey_map& map, const csv_read_options& options,
                                   progress_meter* meter)
    : m_header(header), m_map(map), m_options(options), m_meter(meter) {
  m_columns.customer = header.required("customer");
  m_columns.touchpoint = header.required("touchpoint");
  m_columns.time = header.required("time");
  // With touchpoints measured from the log, the experience column may be absent (operational_experience.hpp).
  m_columns.experience = has_operational_measures(map) ? header.optional("experience") : header.required("experience");
  m_columns.expectation = header.optional("expectation");
  m_columns.dimension = header.optional("dimension");
}

events_chunk event_row_reader::read(std::string_view text, const csv_chunk& chunk, const csv_reader& header_reader,
                                    std::size_t room, const mapped_text* file, std::size_t stop_at) const {
  csv_reader reader(text.substr(0, chunk.end), header_reader.source(), false, header_reader.delimiter());
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
  paged_pass pass(file, chunk.begin, chunk.end);
  chunk_progress progress(m_meter, chunk.begin);
  for_each_row(
      reader, m_header, m_options.lenient, out.rejected,
      [&](const std::vector<std::string_view>& f, std::size_t row) {
    pass.at(reader.offset());
    add(reader, f, labels, out);
    customers.add(f[m_columns.customer], row, reader, out);
    progress.at(reader.offset(), out.events.size() + out.rejected.size());
      },
      stop_at);
  customers.encode(out);
  // The first chunk's columns have room for the chunks after it (join_chunks): mapped in now, while another
  // chunk may still be read, rather than page by page when its rows are appended. (Not the capacity that growth
  // alone gave a chunk read without room.)
  populate_room(ev.customer, room);
  populate_room(ev.touchpoint, room);
  populate_room(ev.time, room);
  populate_room(ev.experience, room);
  populate_room(ev.expectation, room);
  populate_room(ev.dimension, room);
  progress.report(reader.offset(), out.events.size() + out.rejected.size());
  out.next_offset = reader.offset();
  out.next_line = reader.line();
  return out;
}

double event_row_reader::number(const csv_reader& reader, std::string_view cell, std::size_t column,
                                const char* what) const {
  double x = 0;
  if (trim(cell).empty()) bad_cell(reader, m_header, column, cell, std::string(what) + " is empty");
  if (!parse_double(cell, x)) bad_cell(reader, m_header, column, cell, number_problem(cell));
  return x;
}

void event_row_reader::add(const csv_reader& reader, const std::vector<std::string_view>& f, recent& labels,
                           events_chunk& out) const {
  const event_columns& c = m_columns;
  const std::string_view customer = f[c.customer];  // the reader trimmed it unless quoted
  if (customer.empty()) bad_cell(reader, m_header, c.customer, f[c.customer], "customer id is empty");
  const auto tp = labels.touchpoints.code(f[c.touchpoint], [&](std::string_view name) { return m_map.find(name); });
  if (!tp) bad_cell(reader, m_header, c.touchpoint, f[c.touchpoint], "unknown touchpoint (not in the map)");
  const time_reading time = read_time(f[c.time]);
  if (time.status != time_status::ok) bad_cell(reader, m_header, c.time, f[c.time], time_refusal(time.status));
  if (time.seconds > m_options.latest_time)
    bad_cell(reader, m_header, c.time, f[c.time],
             "an event after the as-of time " + format_time(m_options.latest_time) + " cannot be scored");
  const touchpoint& spot = m_map[*tp];
  double experience = 0;  // a measured touchpoint's experience is filled in once every journey is read
  if (spot.measure == measure::survey) {
    if (!c.experience)
      bad_cell(reader, m_header, c.touchpoint, f[c.touchpoint],
               "no experience column, and touchpoint '" + spot.name + "' is measured by survey");
    experience = number(reader, f[*c.experience], *c.experience, "experience");
  } else {
    experience = spot.promise;
    // Each of several signals brings its own promise and is its own dimension.
    if (!spot.measures.empty())
      for (const auto column : {c.expectation, c.dimension})
        if (column && !trim(f[*column]).empty())
          bad_cell(reader, m_header, *column, f[*column],
                   "touchpoint '" + spot.name +
                       "' is measured by several signals, each with its own "
                       "promise and dimension: leave this cell empty");
  }
  double expectation = no_promise;
  if (c.expectation && !trim(f[*c.expectation]).empty())
    expectation = number(reader, f[*c.expectation], *c.expectation, "expectation");
  if (auto problem = check_measurement(spot, experience, expectation)) {
    const std::size_t column = problem->column == "experience" ? *c.experience : *c.expectation;
    const bool from_promise = problem->column == "expectation" && !c.expectation;
    if (from_promise)  // no expectation column at all: name the touchpoint, the cause
      bad_cell(reader, m_header, c.touchpoint, f[c.touchpoint], problem->reason);
    bad_cell(reader, m_header, column, f[column], problem->reason);
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

void append_chunk(events_read_result& into, events_chunk& chunk, bool with_expectation) {
  event_table& ev = into.events;
  event_table& part = chunk.events;
  const std::vector<std::uint32_t> customer_code = join_labels(ev.customers, part.customers);
  for (std::size_t local = 0; local < customer_code.size(); ++local)
    if (customer_code[local] == into.first_rows.size()) into.first_rows.push_back(chunk.first_rows[local]);
  const std::vector<std::uint32_t> dimension_code = join_labels(ev.dimensions, part.dimensions);
  // A column a task, on every core (the copies are independent; a chunk's memory still goes back a column at a
  // time).
  const auto customers = [&] {
    append_and_free(ev.customer, part.customer, [&](std::uint32_t c) { return customer_code[c]; });
  };
  const auto times = [&] { append_and_free(ev.time, part.time); };
  const auto experiences = [&] { append_and_free(ev.experience, part.experience); };
  const auto expectations = [&] {
    if (with_expectation) append_and_free(ev.expectation, part.expectation);
  };
  const auto codes = [&] {
    append_and_free(ev.touchpoint, part.touchpoint);
    append_and_free(ev.dimension, part.dimension, [&](std::int32_t d) {
      return d == no_dimension ? no_dimension : static_cast<std::int32_t>(dimension_code[static_cast<std::size_t>(d)]);
    });
  };
  const std::function<void()> copies[] = {customers, times, experiences, expectations, codes};
  parallel_blocks(thread_count(0), std::size(copies), [&](std::size_t k) { copies[k](); });
  into.rejected.insert(into.rejected.end(), std::make_move_iterator(chunk.rejected.begin()),
                       std::make_move_iterator(chunk.rejected.end()));
  chunk = {};  // its memory goes back before the next chunk is copied
}

events_read_result join_chunks(std::vector<events_chunk>& chunks, bool with_expectation) {
  events_read_result out{.events = std::move(chunks[0].events),
                         .rejected = std::move(chunks[0].rejected),
                         .first_rows = std::move(chunks[0].first_rows)};
  for (std::size_t k = 1; k < chunks.size(); ++k) append_chunk(out, chunks[k], with_expectation);
  return out;
}

}  // namespace cxscore::detail
