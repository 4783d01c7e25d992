#pragma once
// The event log CSV of `cxscore journeys` read a window at a time, for a file larger than memory.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "cxscore/io/event_log_csv.hpp"
#include "internal/cell_text.hpp"

namespace cxscore::detail {

/// Reads `path` as read_event_log_csv does (the same rows in the same order, strict errors and rejected rows
/// included), handing its rows to `on_window` each time about `window_bytes` of the file are read, and at the
/// end, then letting them go. Customer and touchpoint codes are those of the whole file (first appearance, the
/// map's with a map); but the gaps of touchpoints measured from the log are not filled in (fill_measured_gaps
/// needs each customer's whole journey). Returns the dictionaries (in `log`, whose columns are empty) and the
/// rejected rows. Memory: one window, plus the dictionaries.
event_log_read_result read_event_log_csv_in_windows(const std::filesystem::path& path, const journey_map* map,
                                                    const csv_read_options& options, std::size_t window_bytes,
                                                    const std::function<void(const event_log& rows)>& on_window);

/// The reader of both: without `on_window`, every row kept and `window_bytes` unread; with, the pages of `file`
/// (whose text `text` is, if not null) let go as each window is handed over.
event_log_read_result parse_event_log_rows(std::string_view text, const journey_map* map,
                                           const csv_read_options& options, const std::string& source,
                                           std::size_t window_bytes,
                                           const std::function<void(const event_log& rows)>& on_window,
                                           const mapped_text* file);

}  // namespace cxscore::detail
