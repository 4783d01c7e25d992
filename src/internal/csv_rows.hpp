#pragma once
// The record loop shared by the CSV readers: strict mode stops at the first bad row, lenient mode
// records it in `rejected` and goes on.
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/io/rejected_row.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"

namespace cxscore::detail {

/// Calls `on_row(fields, row)` for every data record, up to the first that starts at or after byte `stop_at`;
/// `on_row` throws input_error for a bad row.
template <class OnRow>
void for_each_row(csv_reader& reader, const csv_header& header, bool lenient, std::vector<rejected_row>& rejected,
                  OnRow&& on_row, std::size_t stop_at = std::numeric_limits<std::size_t>::max()) {
  std::vector<std::string_view> fields;
  while (reader.offset() < stop_at) {
    try {
      if (!reader.next(fields)) return;
      if (fields.size() != header.size())
        fail({reader.source(), reader.row(), "", std::to_string(fields.size()) + " fields"},
             "expected " + std::to_string(header.size()) + " fields as in the header");
      on_row(fields, reader.row());
    } catch (const input_error& e) {
      if (!lenient) throw;
      rejected.push_back(rejected_row::from(e));
    }
  }
}

/// Throws the error for a cell of the current row.
[[noreturn]] inline void bad_cell(const csv_reader& reader, const csv_header& header, std::size_t column,
                                  std::string_view value, const std::string& reason) {
  fail({reader.source(), reader.row(), header.names()[column], std::string(value)}, reason);
}

}  // namespace cxscore::detail
