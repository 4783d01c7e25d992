#pragma once
// A progress line on standard error for a command that reads a large events file (`--progress`): the bytes
// of the file read, the rows, the time and the rate, then (`--buckets`) the bucket analysed.
// Standard output is never touched, so what a command prints and writes is the same with or without it.
#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

#include "cxscore/io/events_csv.hpp"

namespace cxscore::cli {

/// Whether progress is shown when neither --progress nor --no-progress is given: when standard error is a
/// terminal (a log or a pipe gets none).
[[nodiscard]] bool progress_by_default();

/// The line of one command's progress. On a terminal it is redrawn in place (carriage return) at most ten
/// times a second and ended by a line feed when the command's reading and scoring are done; elsewhere (a log
/// file) a line at most every second, and the last one. Not shown: it does nothing.
class progress_line {
 public:
  progress_line(bool shown, std::string file);
  /// For tests: the line's stream, and whether it is a terminal.
  progress_line(bool shown, std::string file, std::ostream& out, bool terminal);
  progress_line(const progress_line&) = delete;
  progress_line& operator=(const progress_line&) = delete;
  /// Ends a line left open on a terminal (the command failed, or finish() was not called).
  ~progress_line();

  /// The callback for csv_read_options::progress: empty when not shown (the reader then counts nothing).
  [[nodiscard]] std::function<void(const read_progress&)> reader();
  /// Bucket `k` (from 1) of `count` is being analysed.
  void bucket(std::size_t k, std::size_t count);
  /// The last line, then a line feed on a terminal.
  void finish();

 private:
  void draw(const std::string& text, bool last);

  bool m_shown, m_terminal, m_open = false;
  std::string m_file;
  std::ostream* m_out;
  std::chrono::steady_clock::time_point m_start, m_drawn;
  std::size_t m_width = 0;  // of the text drawn last on a terminal, blanked out by a shorter one
  read_progress m_read;
};

}  // namespace cxscore::cli
