#include "cxscore/io/events_csv.hpp"

#include <algorithm>

#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_chunks.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/events_chunks.hpp"

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

char parse_separator(const std::string& spec) {
  if (spec.empty()) return 0;
  if (spec == "tab" || spec == "\t") return '\t';
  if (spec == "," || spec == ";" || spec == "|") return spec[0];
  detail::fail({"--sep", 0, "", spec}, "expected one of , ; | tab");
}

namespace {

/// The file's records read in chunks, on every core; whether it has an expectation column.
struct read_chunks {
  std::vector<detail::events_chunk> parts;
  bool with_expectation = false;
};

read_chunks read_in_chunks(std::string_view text, const journey_map& map, const csv_read_options& options,
                           const std::string& source, const detail::mapped_text* file) {
  detail::csv_reader header_reader(text, source, false, options.separator);
  const detail::csv_header header(header_reader, options.columns);
  detail::progress_meter meter(options.progress, text.size(), header_reader.offset());
  const detail::event_row_reader rows(header, map, options, &meter);
  const auto chunks =
      detail::cut_into_chunks(text, header_reader.offset(), header_reader.line(),
                              detail::chunk_count(text.size() - header_reader.offset(), options.chunks), file);
  read_chunks out{.parts = std::vector<detail::events_chunk>(chunks.size()),
                  .with_expectation = rows.columns().expectation.has_value()};
  std::size_t records = 0;  // at most: one more than the line feeds, in each chunk
  for (const detail::csv_chunk& chunk : chunks) records += chunk.line_feeds + 1;
  detail::parallel_blocks(detail::thread_count(0), chunks.size(), [&](std::size_t k) {
    out.parts[k] = rows.read(text, chunks[k], header_reader, k == 0 ? records : chunks[k].line_feeds + 1, file);
  });
  meter.finish();
  return out;
}

events_read_result joined_and_measured(read_chunks& chunks, const journey_map& map) {
  events_read_result out = detail::join_chunks(chunks.parts, chunks.with_expectation);
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
