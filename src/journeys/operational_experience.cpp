#include "cxscore/journeys/operational_experience.hpp"

#include <cmath>
#include <limits>
#include <utility>

#include "cxscore/value_function.hpp"

namespace cxscore {

bool has_operational_measures(const journey_map& map) noexcept {
  for (std::size_t t = 0; t < map.size(); ++t)
    if (map[static_cast<touchpoint_code>(t)].measure != measure::survey) return true;
  return false;
}

journey_facts observe_journeys(std::span<const touchpoint_code> touchpoint, std::span<const double> time,
                               const journey_order& order, std::size_t touchpoints) {
  journey_facts f;
  f.hours_since_previous.assign(touchpoint.size(), 0.0);
  f.hours_since_start.assign(touchpoint.size(), 0.0);
  f.visits.assign(touchpoint.size(), 0.0);
  std::vector<std::uint32_t> visits(touchpoints, 0);
  std::vector<touchpoint_code> visited;  // to reset `visits` in O(journey length)
  for (std::size_t c = 0; c < order.customers(); ++c) {
    const auto journey = order.journey(c);
    for (std::size_t k = 0; k < journey.size(); ++k) {
      const std::uint32_t i = journey[k];
      if (visits[touchpoint[i]]++ == 0) visited.push_back(touchpoint[i]);
      f.hours_since_previous[i] = k == 0 ? 0.0 : (time[i] - time[journey[k - 1]]) / 3600.0;
      f.hours_since_start[i] = (time[i] - time[journey[0]]) / 3600.0;
      f.visits[i] = visits[touchpoint[i]];
    }
    for (const auto t : visited) visits[t] = 0;
    visited.clear();
  }
  return f;
}

std::vector<double> measure_experience(std::span<const touchpoint_code> touchpoint, std::span<const double> time,
                                       const journey_order& order, const journey_map& map) {
  const journey_facts f = observe_journeys(touchpoint, time, order, map.size());
  std::vector<double> experience(touchpoint.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < touchpoint.size(); ++i)
    if (const cxscore::touchpoint& tp = map[touchpoint[i]]; tp.measure != measure::survey)
      experience[i] = f.value(tp.measure, tp.scale, i);
  return experience;
}

double measured_gap(const touchpoint& tp, const journey_facts& f, std::size_t i) noexcept {
  if (tp.measures.empty())
    return normalised_gap(f.value(tp.measure, tp.scale, i), tp.promise, tp.scale, direction::lower);
  double sum = 0;
  for (const measurement& m : tp.measures)
    sum += normalised_gap(f.value(m.measure, m.scale, i), m.promise, m.scale, direction::lower);
  return sum / static_cast<double>(tp.measures.size());
}

void fill_measured_gaps(event_log& log, const journey_map& map, const journey_order& order) {
  if (!has_operational_measures(map)) return;
  const journey_facts f = observe_journeys(log.touchpoint, log.time, order, map.size());
  for (std::size_t i = 0; i < log.size(); ++i)
    if (const touchpoint& tp = map[log.touchpoint[i]]; tp.measure != measure::survey)
      log.gap[i] = measured_gap(tp, f, i);
}
void fill_measured_gaps(event_log& log, const journey_map& map) {
  if (has_operational_measures(map)) fill_measured_gaps(log, map, order_journeys(log));
}

void measure_events(event_table& ev, const journey_map& map) {
  if (!has_operational_measures(map)) return;
  const journey_facts f =
      observe_journeys(ev.touchpoint, ev.time, order_journeys(ev.customer, ev.time, ev.customers.size()), map.size());
  bool several = false;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const touchpoint& tp = map[ev.touchpoint[i]];
    if (tp.measure != measure::survey) ev.experience[i] = f.value(tp.measure, tp.scale, i);
    several = several || !tp.measures.empty();
  }
  if (!several) return;
  event_table out;
  out.customers = std::move(ev.customers);
  out.dimensions = std::move(ev.dimensions);
  const auto on_touchpoint_scale = [](double x, const scale& from, const scale& to) {
    return to.lo + (x - from.lo) * (to.width() / from.width());
  };
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const touchpoint& tp = map[ev.touchpoint[i]];
    const std::size_t signals = std::max<std::size_t>(1, tp.measures.size());
    for (std::size_t k = 0; k < signals; ++k) {
      out.customer.push_back(ev.customer[i]);
      out.touchpoint.push_back(ev.touchpoint[i]);
      out.time.push_back(ev.time[i]);
      double experience = ev.experience[i], expectation = ev.expectation.empty() ? no_promise : ev.expectation[i];
      std::int32_t dimension = ev.dimension.empty() ? no_dimension : ev.dimension[i];
      if (!tp.measures.empty()) {
        const measurement& m = tp.measures[k];
        // The first signal is the touchpoint's own measure and scale (add_touchpoint copies them), measured
        // in the loop above; the others are carried onto the touchpoint's scale.
        if (k > 0) experience = on_touchpoint_scale(f.value(m.measure, m.scale, i), m.scale, tp.scale);
        expectation = k == 0 ? no_promise : on_touchpoint_scale(m.promise, m.scale, tp.scale);
        dimension = static_cast<std::int32_t>(out.dimensions.encode(m.dimension));
      }
      out.experience.push_back(experience);
      out.expectation.push_back(expectation);
      out.dimension.push_back(dimension);
      out.signal.push_back(static_cast<std::uint8_t>(k));
    }
  }
  ev = std::move(out);
}

}  // namespace cxscore
