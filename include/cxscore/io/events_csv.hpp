#pragma once
/// Events CSV: a header row, any column order, fields separated by ',', ';', tab or '|' (the header shows
/// which), the file plain or gzip-compressed. Required: `customer, touchpoint, time, experience`;
/// optional: `expectation` (empty cell = the touchpoint's promise), `dimension`. Other columns are
/// ignored. RFC 4180 quoting. `time` is epoch seconds or ISO 8601, cell by cell, in the years 0001 to 9999
/// (time.hpp).
///
/// Strict (default): the first bad row throws input_error naming file, row, column and value.
/// Lenient: bad rows are skipped and listed in `rejected`.
///
/// ```cpp
/// auto read = cxscore::read_events_csv("events.csv", map, {.lenient = true});
/// for (auto& r : read.rejected) std::cerr << r.row << ": " << r.reason << '\n';
/// ```
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/io/rejected_row.hpp"
#include "cxscore/journey_map.hpp"

namespace cxscore {

/// How far a reader is through an events file: what csv_read_options::progress receives.
struct read_progress {
  std::uint64_t bytes_read = 0;   ///< of the file's text (decompressed, for a gzip-compressed file), header included
  std::uint64_t bytes_total = 0;  ///< the text's size: the last call has bytes_read == bytes_total
  std::uint64_t rows = 0;         ///< records read so far, bad rows included
};

struct csv_read_options {
  bool lenient = false;
  /// Logical column -> the header name in the file (e.g. {"customer", "case_id"}).
  std::map<std::string, std::string> columns{};
  /// `--as-of`: an event after this time (epoch seconds) is a bad row, named like any other.
  double latest_time = std::numeric_limits<double>::infinity();
  /// The field separator; 0: the one the header line shows (',', ';', tab or '|').
  char separator = 0;
  /// The records are read in this many pieces, on every core (0: one per core, each at least a mebibyte).
  /// The result, errors and rejected rows included, is the same whatever the count.
  std::size_t chunks = 0;
  /// Called as the reading advances: every few mebibytes a chunk reads, and once at the end with every byte
  /// read (not after a strict error). The reader makes the calls one at a time, whichever threads read, with
  /// bytes_read and rows never decreasing, so the callback needs no lock of its own; it should return quickly
  /// (the chunk that calls waits). Empty: nothing is reported.
  std::function<void(const read_progress&)> progress{};
};

/// Parses `--columns` text such as "customer=case_id,touchpoint=activity" into csv_read_options::columns;
/// an unknown role or a malformed pair throws input_error naming `--columns`.
[[nodiscard]] std::map<std::string, std::string> parse_column_renames(const std::string& spec);

/// Parses `--sep` text: one of "," ";" "|", "tab" (or a tab character), or empty for "detect" (0); anything
/// else throws input_error naming `--sep`.
[[nodiscard]] char parse_separator(const std::string& spec);

struct events_read_result {
  event_table events;
  std::vector<rejected_row> rejected;
  /// By customer code: the file row of the customer's first event, to name it in later errors.
  std::vector<std::size_t> first_rows;
};

[[nodiscard]] events_read_result read_events_csv(const std::filesystem::path& path, const journey_map& map,
                                                 const csv_read_options& options = {});
/// The same, from CSV text in memory; `source` names it in errors.
[[nodiscard]] events_read_result parse_events_csv(std::string_view text, const journey_map& map,
                                                  const csv_read_options& options = {},
                                                  const std::string& source = "<events>");

/// Writes `events` with columns customer, touchpoint, time (ISO 8601), experience, and expectation and
/// dimension when the table has them; read_events_csv reads it back to the same numbers.
void write_events_csv(const event_table& events, const journey_map& map, const std::filesystem::path& path);

}  // namespace cxscore
