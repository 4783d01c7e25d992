// Writing the events table as CSV, in chunks so that 10^7 rows never need the whole text in memory.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/detail/csv_writer.hpp"
#include "cxscore/error.hpp"
#include "cxscore/events_csv.hpp"
#include "cxscore/time.hpp"

namespace cxscore {
namespace {

constexpr std::size_t chunk_bytes = std::size_t{1} << 20;
constexpr const char* table_source = "<event_table>";

/// Rejects a table whose codes would index past its dictionaries or the map, before the file is opened,
/// so a bad table never leaves a half-written file behind.
void check_writable(const event_table& ev, const journey_map& map) {
  const std::size_t n = ev.size();
  auto same_length = [&](std::size_t len, const char* column, bool optional) {
    if (!(len == n || (optional && len == 0)))
      detail::fail({table_source, 0, column, std::to_string(len)},
                   "column length differs from 'customer' (" + std::to_string(n) + ")");
  };
  same_length(ev.touchpoint.size(), "touchpoint", false);
  same_length(ev.time.size(), "time", false);
  same_length(ev.experience.size(), "experience", false);
  same_length(ev.expectation.size(), "expectation", true);
  same_length(ev.dimension.size(), "dimension", true);
  const bool has_dimension = !ev.dimension.empty();
  for (std::size_t i = 0; i < n; ++i) {
    if (ev.customer[i] >= ev.customers.size())
      detail::fail({table_source, i + 1, "customer", std::to_string(ev.customer[i])}, "customer code has no label");
    if (ev.touchpoint[i] >= map.size())
      detail::fail({table_source, i + 1, "touchpoint", std::to_string(ev.touchpoint[i])}, "unknown touchpoint code");
    if (!std::isfinite(ev.time[i]))
      detail::fail({table_source, i + 1, "time", std::to_string(ev.time[i])}, "time must be finite");
    if (has_dimension) {
      const std::int32_t d = ev.dimension[i];
      if (d != no_dimension && (d < 0 || static_cast<std::size_t>(d) >= ev.dimensions.size()))
        detail::fail({table_source, i + 1, "dimension", std::to_string(d)}, "dimension code has no label");
    }
  }
}

}  // namespace

void write_events_csv(const event_table& events, const journey_map& map, const std::filesystem::path& path) {
  check_writable(events, map);
  const bool has_expectation = !events.expectation.empty();
  const bool has_dimension = !events.dimension.empty();

  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot open '" + path.string() + "' for writing");
  auto flush = [&](std::string& buffer) {
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
    buffer.clear();
  };

  std::vector<std::string_view> touchpoint_names(map.size());
  for (std::size_t t = 0; t < map.size(); ++t) touchpoint_names[t] = map[static_cast<touchpoint_code>(t)].name;

  std::string buffer;
  buffer.reserve(chunk_bytes + 1024);
  buffer += "customer,touchpoint,time,experience";
  if (has_expectation) buffer += ",expectation";
  if (has_dimension) buffer += ",dimension";
  buffer += '\n';

  for (std::size_t i = 0; i < events.size(); ++i) {
    detail::append_csv_field(buffer, events.customers[events.customer[i]]);
    buffer += ',';
    detail::append_csv_field(buffer, touchpoint_names[events.touchpoint[i]]);
    buffer += ',';
    buffer += format_time(events.time[i]);
    buffer += ',';
    detail::append_number(buffer, events.experience[i]);
    if (has_expectation) {
      buffer += ',';
      detail::append_number(buffer, events.expectation[i]);  // NaN (= the promise) is an empty cell
    }
    if (has_dimension) {
      buffer += ',';
      if (const std::int32_t d = events.dimension[i]; d != no_dimension)
        detail::append_csv_field(buffer, events.dimensions[static_cast<std::uint32_t>(d)]);
    }
    buffer += '\n';
    if (buffer.size() >= chunk_bytes) flush(buffer);
  }
  flush(buffer);
  out.close();
  if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

}  // namespace cxscore
