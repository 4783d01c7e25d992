#include "cxscore/journeys/event_log.hpp"

#include <algorithm>

namespace cxscore {

journey_order order_journeys(std::span<const std::uint32_t> customer, std::span<const double> time,
                             std::size_t customer_count) {
  journey_order o;
  o.begin.assign(customer_count + 1, 0);
  for (const auto c : customer) ++o.begin[c + 1];
  for (std::size_t c = 0; c < customer_count; ++c) o.begin[c + 1] += o.begin[c];
  o.row.resize(customer.size());
  std::vector<std::uint32_t> next(o.begin.begin(), o.begin.end() - 1);
  for (std::size_t i = 0; i < customer.size(); ++i) o.row[next[customer[i]]++] = static_cast<std::uint32_t>(i);
  for (std::size_t c = 0; c < customer_count; ++c) {
    const auto first = o.row.begin() + o.begin[c], last = o.row.begin() + o.begin[c + 1];
    const auto earlier = [&](std::uint32_t a, std::uint32_t b) { return time[a] < time[b]; };
    if (!std::is_sorted(first, last, earlier)) std::stable_sort(first, last, earlier);
  }
  return o;
}

journey_order order_journeys(const event_log& log) {
  return order_journeys(log.customer, log.time, log.customers.size());
}

}  // namespace cxscore
