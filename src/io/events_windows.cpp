#include "internal/events_windows.hpp"

#include <algorithm>

#include "cxscore/detail/parallel_blocks.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_chunks.hpp"

namespace cxscore::detail {

namespace {

/// Empties the columns of `events`, keeping their capacity for the next window, and the dictionaries.
void clear_rows(event_table& events) {
  events.customer.clear();
  events.touchpoint.clear();
  events.time.clear();
  events.experience.clear();
  events.expectation.clear();
  events.dimension.clear();
}

}  // namespace

events_read_result read_events_csv_in_windows(
    const std::filesystem::path& path, const journey_map& map, const csv_read_options& options,
    std::size_t window_bytes,
    const std::function<void(const event_table& rows, const event_columns& columns)>& on_window) {
  const mapped_text file(path.string());
  const std::string_view text = file.text();
  csv_reader header_reader(text, path.string(), false, options.separator);
  const csv_header header(header_reader, options.columns);
  progress_meter meter(options.progress, text.size(), header_reader.offset());
  const event_row_reader rows(header, map, options, &meter);
  const bool with_expectation = rows.columns().expectation.has_value();
  const unsigned cores = thread_count(0);
  events_read_result whole;
  std::size_t at = header_reader.offset(), line = header_reader.line();
  while (at < text.size()) {
    const std::size_t target = std::min(text.size(), at + std::max<std::size_t>(window_bytes, 1));
    std::size_t end = text.size();
    if (target < text.size()) {
      const std::size_t line_feed = text.find('\n', target - 1);
      end = line_feed == std::string_view::npos ? text.size() : line_feed + 1;
    }
    std::vector<events_chunk> parts;
    if (auto chunks = cut_window(text, at, end, line, cores, &file)) {
      parts.resize(chunks->size());
      parallel_blocks(cores, chunks->size(), [&](std::size_t k) {
        parts[k] = rows.read(text, (*chunks)[k], header_reader, (*chunks)[k].line_feeds + 1, &file);
      });
      at = end;
      line = chunks->back().line + chunks->back().line_feeds;
    } else {
      // A quote or a lone carriage return: only a reader knows where records end, so one reads on to the first
      // record at or after the window's end, on one core, as the whole-file reader reads such a file.
      parts.push_back(rows.read(text, {at, text.size(), line, 0}, header_reader, 0, &file, target));
      line = parts.back().next_line;
      at = parts.back().next_offset > at ? parts.back().next_offset : text.size();  // only blank lines were left
    }
    for (events_chunk& part : parts) append_chunk(whole, part, with_expectation);
    on_window(whole.events, rows.columns());
    clear_rows(whole.events);
  }
  meter.finish();
  return whole;
}

}  // namespace cxscore::detail
