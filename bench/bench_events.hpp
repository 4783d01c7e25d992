#pragma once
// The workload both suites share: the simulated retail brand at a given number of events (about 12 per
// customer), in customer-sorted order as the simulator writes it, in time order, or with every row shuffled, and the
// columns the scoring kernel reads for a model.
#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <vector>

#include "cxscore/detail/encounter_block.hpp"
#include "cxscore/sim/simulate.hpp"

namespace cxscore_bench {

inline const cxscore::simulated_brand& brand_with_events(std::size_t events) {
  static std::map<std::size_t, cxscore::simulated_brand> cache;
  auto it = cache.find(events);
  if (it == cache.end())
    it =
        cache.emplace(events, cxscore::simulate({.customers = std::max<std::size_t>(1, events / 12), .seed = 7})).first;
  return it->second;
}

/// The brand's events with the rows in the order `order` lists.
inline cxscore::event_table rows_in_order(const cxscore::event_table& e, const std::vector<std::size_t>& order) {
  cxscore::event_table s;
  s.customers = e.customers;
  s.dimensions = e.dimensions;
  for (std::size_t i : order) {
    s.customer.push_back(e.customer[i]);
    s.touchpoint.push_back(e.touchpoint[i]);
    s.time.push_back(e.time[i]);
    s.experience.push_back(e.experience[i]);
    s.expectation.push_back(e.expectation[i]);
    s.dimension.push_back(e.dimension[i]);
  }
  return s;
}

/// The brand's events at `events` rows in the order `arrange(rows, order)` puts `order` (0, 1, ... on entry)
/// in, made once per size and kept in `cache`.
template <class Arrange>
const cxscore::event_table& reordered_events(std::map<std::size_t, cxscore::event_table>& cache, std::size_t events,
                                             Arrange arrange) {
  auto it = cache.find(events);
  if (it == cache.end()) {
    const auto& e = brand_with_events(events).events;
    std::vector<std::size_t> order(e.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    arrange(e, order);
    it = cache.emplace(events, rows_in_order(e, order)).first;
  }
  return it->second;
}

/// The brand's events with every row moved to a random place (fixed seed).
inline const cxscore::event_table& shuffled_events(std::size_t events) {
  static std::map<std::size_t, cxscore::event_table> cache;
  return reordered_events(cache, events, [](const cxscore::event_table&, std::vector<std::size_t>& order) {
    std::shuffle(order.begin(), order.end(), std::mt19937_64(11));
  });
}

/// The brand's events in time order (stably: rows of equal times keep the simulator's order), as event
/// logs arrive.
inline const cxscore::event_table& time_ordered_events(std::size_t events) {
  static std::map<std::size_t, cxscore::event_table> cache;
  return reordered_events(cache, events, [](const cxscore::event_table& e, std::vector<std::size_t>& order) {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return e.time[a] < e.time[b]; });
  });
}

/// Which columns score() reads for this model (time only for decay or peak-end).
struct columns_read {
  bool expectation, dimension, time;
  [[nodiscard]] std::size_t bytes_per_row() const noexcept {
    return sizeof(std::uint32_t) + sizeof(cxscore::touchpoint_code) + sizeof(double) +
           (expectation ? sizeof(double) : 0) + (dimension ? sizeof(std::int32_t) : 0) + (time ? sizeof(double) : 0);
  }
};

inline columns_read columns_for(const cxscore::event_view& v, const cxscore::journey_map& map,
                                const cxscore::model& m) {
  const cxscore::detail::encounter_constants k(v, map, m);
  return {k.reads_expectation, k.reads_dimension, m.has_decay() || m.peak_end > 0};
}

}  // namespace cxscore_bench
