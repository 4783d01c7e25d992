#pragma once
/// Experience measured from the log itself, for touchpoints whose map entry names a `measure` instead of a
/// survey: hours since the customer's previous event, hours since the journey began, or the number of
/// visits to the touchpoint so far (rework; 1 = the first visit). Each is compared with the touchpoint's
/// promise, lower is better. A measured value beyond the touchpoint's scale counts as the scale's end: it is
/// a fact, not a typing error.
///
/// ```cpp
/// // map: {"name": "resolve", "measure": "hours_since_start", "scale": [0, 240], "promise": 48}
/// const auto order = cxscore::order_journeys(customer, time, customers);
/// std::vector<double> experience = cxscore::measure_experience(touchpoint, time, order, map);
/// // NaN where the touchpoint is measured by survey
/// ```
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <unordered_map>
#include <vector>

#include "cxscore/event_log.hpp"
#include "cxscore/journey_map.hpp"

namespace cxscore {

/// Whether any touchpoint of `map` is measured from the log.
[[nodiscard]] inline bool has_operational_measures(const journey_map& map) noexcept {
  for (std::size_t t = 0; t < map.size(); ++t)
    if (map[static_cast<touchpoint_code>(t)].measure != measure::survey) return true;
  return false;
}

/// The measured experience of every row (clamped to its touchpoint's scale); NaN for survey touchpoints.
/// The first event of a journey has waited 0 hours since the previous one.
[[nodiscard]] inline std::vector<double> measure_experience(std::span<const touchpoint_code> touchpoint,
                                                            std::span<const double> time, const journey_order& order,
                                                            const journey_map& map) {
  std::vector<double> experience(touchpoint.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<std::uint32_t> visits(map.size(), 0);
  std::vector<touchpoint_code> visited;  // to reset `visits` in O(journey length)
  for (std::size_t c = 0; c < order.customers(); ++c) {
    const auto journey = order.journey(c);
    for (std::size_t k = 0; k < journey.size(); ++k) {
      const std::uint32_t i = journey[k];
      const cxscore::touchpoint& tp = map[touchpoint[i]];
      if (visits[touchpoint[i]]++ == 0) visited.push_back(touchpoint[i]);
      double value = 0;
      switch (tp.measure) {
        case measure::survey: continue;
        case measure::hours_since_previous: value = k == 0 ? 0.0 : (time[i] - time[journey[k - 1]]) / 3600.0; break;
        case measure::hours_since_start: value = (time[i] - time[journey[0]]) / 3600.0; break;
        case measure::visits: value = visits[touchpoint[i]]; break;
      }
      experience[i] = std::clamp(value, tp.scale.lo, tp.scale.hi);
    }
    for (const auto t : visited) visits[t] = 0;
    visited.clear();
  }
  return experience;
}

}  // namespace cxscore
