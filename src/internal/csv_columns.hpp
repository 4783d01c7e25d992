#pragma once
// Any CSV file as typed columns, read on every core: how Python's read_events takes a file the way the
// command does (the same format checks, separators, quoting and errors) and hands pandas its columns.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/dictionary.hpp"
#include "cxscore/io/events_csv.hpp"

namespace cxscore::detail {

enum class column_type { number, time, label };

/// One column of a file: `type` says which vector holds its cells, one per record in file order.
struct csv_column {
  std::string name;
  column_type type = column_type::number;
  std::vector<double> numbers;            ///< number: the cells, NaN for an empty one
  std::vector<std::int64_t> nanoseconds;  ///< time: since the epoch, UTC
  std::vector<std::uint32_t> codes;       ///< label: codes into `labels`, in order of first appearance
  dictionary labels;

  /// The cells it holds, of its type.
  [[nodiscard]] std::size_t cells() const noexcept {
    return type == column_type::number ? numbers.size() : type == column_type::time ? nanoseconds.size() : codes.size();
  }
};

struct csv_columns_request {
  std::vector<std::string> labels;  ///< the columns read as labels whatever they hold
  std::string time;                 ///< the column read as times where it can be (read_csv_columns)
  char separator = 0;               ///< 0: the one the header shows
  std::size_t chunks = 0;           ///< 0: one per core, at least a mebibyte each
  /// How far the reading is, as csv_read_options::progress reports it (the columns' types settled after).
  std::function<void(const read_progress&)> progress{};
};

/// Every column of the CSV file at `path` (a gzip file read as its text), named as in its header: those in
/// `request.labels` as labels (trimmed unless quoted, as every reader takes a cell); the time column as times
/// when every cell is ISO 8601 (read_time's forms) within 64 bits of nanoseconds (1677-09-21 … 2262-04-11);
/// any other column, and the time column otherwise, as numbers when every cell is a finite number or empty,
/// else as labels. The same columns whatever the chunk count. Throws input_error naming the file for what is
/// not CSV text, and the file, row and column for a malformed record.
[[nodiscard]] std::vector<csv_column> read_csv_columns(const std::string& path, const csv_columns_request& request);
/// read_csv_columns of a file's text; `source` names it in errors.
[[nodiscard]] std::vector<csv_column> parse_csv_columns(std::string_view text, const std::string& source,
                                                        const csv_columns_request& request);

}  // namespace cxscore::detail
