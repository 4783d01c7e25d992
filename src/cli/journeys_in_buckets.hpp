#pragma once
// `cxscore journeys` of an event log larger than memory: read a window at a time, parted by customer into
// buckets on disk (event_buckets.hpp), each bucket's journeys summarised (journey_summaries.hpp) and the
// summaries merged in bucket order, for find_journeys to finish once.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/journeys/journey_summaries.hpp"
#include "events_in_buckets.hpp"
#include "internal/event_buckets.hpp"

namespace cxscore::cli {

/// An event log read and parted into buckets of customers (customer code % buckets), with what belongs to the
/// whole log: its customer and touchpoint dictionaries and its rejected rows.
class event_log_in_buckets {
 public:
  /// Reads and parts `events`; throws input_error as read_event_log_csv would (strict mode: its first bad row).
  event_log_in_buckets(const std::string& events, const journey_map* map, const csv_read_options& options,
                       const bucket_plan& plan);

  /// The rows read (without the rejected).
  [[nodiscard]] std::size_t rows() const noexcept { return m_buckets.rows(); }
  /// The whole log's dictionaries (its `log` has no rows) and rejected rows.
  [[nodiscard]] const event_log_read_result& read() const noexcept { return m_read; }

  /// The summaries of every bucket's journeys merged in bucket order: those of the whole log (counts exactly,
  /// means within the rounding). `outcome` by the log's customer codes, empty for no Markov chain; `value` and
  /// `weight` as summarise_journeys takes them. Progress on `progress`.
  [[nodiscard]] journey_summaries summarise(const std::function<double(double)>& value,
                                            const std::vector<double>& weight, std::span<const std::int8_t> outcome,
                                            progress_line& progress);

 private:
  const journey_map* m_map;
  detail::event_buckets m_buckets;
  event_log_read_result m_read;
};

}  // namespace cxscore::cli
