#pragma once
// The events CSV read a window of records at a time, for a file larger than memory: each window is cut
// into chunks read on every core (events_chunks.hpp) and joined into the codes of the whole file.
#include <cstddef>
#include <filesystem>
#include <functional>

#include "cxscore/io/events_csv.hpp"
#include "internal/events_chunks.hpp"

namespace cxscore::detail {

/// Reads `path` a window of about `window_bytes` at a time and hands each window's rows to `on_window` (with
/// the columns the file has), then lets them go. Customer and dimension codes are those of the whole file
/// (first appearance), and the rows, the first rows and the rejected rows are the ones read_events_csv gives,
/// in the same order, strict errors included; but the experiences of touchpoints measured from the log are not
/// filled in (measure_events needs each customer's whole journey). Returns the dictionaries (in `events`, whose
/// columns are empty), the first rows and the rejected rows. Memory: one window, plus the dictionaries.
events_read_result read_events_csv_in_windows(
    const std::filesystem::path& path, const journey_map& map, const csv_read_options& options,
    std::size_t window_bytes,
    const std::function<void(const event_table& rows, const event_columns& columns)>& on_window);

}  // namespace cxscore::detail
