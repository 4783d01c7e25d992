#pragma once
/// An event log for journey discovery: who (customer), where (touchpoint), when (time) and, when known,
/// the normalised gap g of each encounter. Unlike event_table it needs neither a map nor an experience
/// column: touchpoints are discovered from the log. `journey_order` gives each customer's events in time
/// order (ties in time keep file order), the order every journey analysis walks.
///
/// ```cpp
/// auto log = cxscore::read_event_log_csv("helpdesk.csv", nullptr,
///                                        {.columns = cxscore::parse_column_renames("customer=case_id")}).log;
/// const cxscore::journey_order order = cxscore::order_journeys(log);
/// for (std::uint32_t k = order.begin[0]; k < order.begin[1]; ++k) { /* first customer's events */ }
/// ```
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "cxscore/dictionary.hpp"

namespace cxscore {

struct event_log {
  std::vector<std::uint32_t> customer;
  std::vector<std::uint32_t> touchpoint;  ///< codes of `touchpoints` (equal to the map's codes when read with one)
  std::vector<double> time;               ///< seconds since the Unix epoch
  std::vector<double> gap;                ///< empty = nothing measured; NaN per row = not measured
  dictionary customers;
  dictionary touchpoints;

  [[nodiscard]] std::size_t size() const noexcept { return customer.size(); }
  [[nodiscard]] double gap_at(std::size_t i) const noexcept {
    return gap.empty() ? std::numeric_limits<double>::quiet_NaN() : gap[i];
  }
};

/// Rows grouped by customer code and ordered by time within each customer: customer c's events are
/// `row[begin[c]] ... row[begin[c + 1] - 1]`.
struct journey_order {
  std::vector<std::uint32_t> row;
  std::vector<std::uint32_t> begin;  ///< customers + 1 offsets

  [[nodiscard]] std::size_t customers() const noexcept { return begin.empty() ? 0 : begin.size() - 1; }
  [[nodiscard]] std::span<const std::uint32_t> journey(std::size_t c) const noexcept {
    return std::span<const std::uint32_t>(row).subspan(begin[c], begin[c + 1] - begin[c]);
  }
};

/// A stable counting sort by customer, then a stable sort by time within each customer (skipped when
/// the journey is already in order, as logs usually are): O(n) for sorted logs.
[[nodiscard]] journey_order order_journeys(std::span<const std::uint32_t> customer, std::span<const double> time,
                                           std::size_t customer_count);
[[nodiscard]] journey_order order_journeys(const event_log& log);

}  // namespace cxscore
