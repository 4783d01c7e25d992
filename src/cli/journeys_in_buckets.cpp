#include "journeys_in_buckets.hpp"

#include <algorithm>
#include <optional>

#include "cxscore/journeys/operational_experience.hpp"
#include "internal/event_log_windows.hpp"

namespace cxscore::cli {

namespace {

/// A window of the log as the bucket files keep events: its gap (NaN: not measured) in the experience column.
event_table as_bucket_rows(const event_log& rows) {
  event_table out;
  out.customer = rows.customer;
  out.touchpoint.assign(rows.touchpoint.begin(), rows.touchpoint.end());
  out.time = rows.time;
  out.experience.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.experience[i] = rows.gap_at(i);
  return out;
}

}  // namespace

event_log_in_buckets::event_log_in_buckets(const std::string& events, const journey_map* map,
                                           const csv_read_options& options, const bucket_plan& plan)
    : m_map(map), m_buckets(std::max<std::size_t>(plan.buckets, 1)) {
  m_read = detail::read_event_log_csv_in_windows(events, map, options, plan.window_bytes, [&](const event_log& rows) {
    m_buckets.append(as_bucket_rows(rows), detail::event_columns{});
  });
  m_buckets.finish_appending();
  return_freed_memory();
}

journey_summaries event_log_in_buckets::summarise(const std::function<double(double)>& value,
                                                  const std::vector<double>& weight,
                                                  std::span<const std::int8_t> outcome, progress_line& progress) {
  const std::size_t count = m_buckets.count(), file_customers = m_read.log.customers.size();
  std::optional<journey_summaries> merged;
  for_each_loaded_bucket(m_buckets, progress, [&](std::size_t b, event_table&& rows) {
    const std::size_t customers = customers_in_bucket(b, count, file_customers);
    event_log log;
    log.customer = std::move(rows.customer);
    log.touchpoint.assign(rows.touchpoint.begin(), rows.touchpoint.end());
    log.time = std::move(rows.time);
    if (m_map) log.gap = std::move(rows.experience);
    rows = {};
    // The bucket's customers by their local codes (c / count), and the whole log's touchpoints: every bucket's
    // graph has the same vertices, so the summaries merge.
    std::vector<std::int8_t> part_outcome;
    log.customers.reserve(customers);
    for (std::size_t local = 0; local < customers; ++local) {
      const std::size_t c = local * count + b;
      (void)log.customers.encode(m_read.log.customers[static_cast<std::uint32_t>(c)]);
      if (!outcome.empty()) part_outcome.push_back(outcome[c]);
    }
    log.touchpoints = m_read.log.touchpoints;
    const journey_order order = order_journeys(log);
    if (m_map) fill_measured_gaps(log, *m_map, order);
    merge_into(merged, summarise_journeys(log, order, value, weight, part_outcome));
  });
  return std::move(*merged);
}

}  // namespace cxscore::cli
