#pragma once
// The events CSV read a chunk of records at a time (csv_chunks.hpp), and the chunks joined in file order: what
// the whole-file reader (events_csv.cpp) and the windowed reader (events_windows.cpp) share.
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "cxscore/io/events_csv.hpp"
#include "internal/csv_chunks.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/progress_meter.hpp"

namespace cxscore::detail {

/// What one chunk of the file reads: its columns, with customer and dimension codes of its own
/// dictionaries (first appearance within the chunk), each of its customers' first row, the rows it
/// refused, and where the reader stopped (the next record's offset and line).
struct events_chunk {
  event_table events;
  std::vector<std::size_t> first_rows;
  std::vector<rejected_row> rejected;
  std::size_t next_offset = 0;
  std::size_t next_line = 1;
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
  /// `meter` (if any) hears of every chunk's progress.
  event_row_reader(const csv_header& header, const journey_map& map, const csv_read_options& options,
                   progress_meter* meter = nullptr);

  /// Reads the records of `chunk` of `text` into columns with room for `room` rows (at least the chunk's: the
  /// first chunk's columns make room for every chunk's, as the others are appended to them). With `stop_at`,
  /// stops at the first record that starts at or after that offset (a window whose line feeds may stand
  /// inside quoted fields ends where the records do).
  [[nodiscard]] events_chunk read(std::string_view text, const csv_chunk& chunk, const csv_reader& header_reader,
                                  std::size_t room, const mapped_text* file,
                                  std::size_t stop_at = std::numeric_limits<std::size_t>::max()) const;

  [[nodiscard]] const event_columns& columns() const noexcept { return m_columns; }

 private:
  struct recent;
  double number(const csv_reader& reader, std::string_view cell, std::size_t column, const char* what) const;
  void add(const csv_reader& reader, const std::vector<std::string_view>& f, recent& labels, events_chunk& out) const;

  const csv_header& m_header;
  const journey_map& m_map;
  const csv_read_options& m_options;
  progress_meter* m_meter;
  event_columns m_columns;
};

/// Appends `chunk`'s rows, rejected rows and new customers' first rows to `into`, whose dictionaries hold the
/// labels of the file before the chunk: a label new to them gets the next code, in the chunk's order, so codes
/// stay first appearance in the file. The chunk's memory is given back a column at a time.
void append_chunk(events_read_result& into, events_chunk& chunk, bool with_expectation);

/// The chunks joined in file order: the first chunk's codes and dictionaries are the file's, and its columns
/// (with room for every row) take the others' rows (append_chunk).
[[nodiscard]] events_read_result join_chunks(std::vector<events_chunk>& chunks, bool with_expectation);

}  // namespace cxscore::detail
