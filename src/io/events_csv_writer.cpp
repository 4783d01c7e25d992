// Writing the events table as CSV, in chunks so that 10^7 rows never need the whole text in memory.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/time.hpp"
#include "internal/csv_writer.hpp"

namespace cxscore {
namespace {

constexpr std::size_t chunk_bytes = std::size_t{1} << 20;

}  // namespace

void write_events_csv(const event_table& events, const journey_map& map, const std::filesystem::path& path) {
  validate(events.view(), map, "<event_table>");  // a bad table never leaves a half-written file
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
