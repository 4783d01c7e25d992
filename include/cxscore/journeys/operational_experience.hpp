#pragma once
/// Experience measured from the log itself, for touchpoints whose map entry names a `measure` instead of a
/// survey: hours since the customer's previous event, hours since the journey began, or the number of
/// visits to the touchpoint so far (rework; 1 = the first visit). Each is compared with its promise, lower
/// is better. A measured value beyond its scale counts as the scale's end: it is a fact, not a typing error.
///
/// A touchpoint may carry several such signals (`measures`, e.g. waiting time and rework): for scoring,
/// each visit becomes one encounter per signal, the signal's name being the encounter's dimension (as a
/// survey's SERVQUAL items are), so the model's dimension weights weigh them; for journeys, a visit's gap
/// is the mean of its signals' gaps, so it is unmet when the signals fall short on average.
///
/// ```cpp
/// // map: {"name": "resolve", "measures": [{"measure": "hours_since_start", "promise": 48, "scale": [0, 240]},
/// //                                       {"measure": "visits", "promise": 1, "scale": [1, 5], "dimension": "rework"}]}
/// cxscore::measure_events(events, map);     // scoring: one encounter per signal, experiences filled in
/// cxscore::fill_measured_gaps(log, map);    // journeys: each visit's gap
/// ```
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/event_log.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

/// Whether any touchpoint of `map` is measured from the log.
[[nodiscard]] inline bool has_operational_measures(const journey_map& map) noexcept {
  for (std::size_t t = 0; t < map.size(); ++t)
    if (map[static_cast<touchpoint_code>(t)].measure != measure::survey) return true;
  return false;
}

/// What the log says about every row: hours since the customer's previous event (0 for a journey's
/// first), hours since the journey began, and the visit number at the row's touchpoint (1 = the first).
struct journey_facts {
  std::vector<double> hours_since_previous, hours_since_start, visits;

  /// Row i's value of measure `m` (not survey), clamped to `s`.
  [[nodiscard]] double value(measure m, const scale& s, std::size_t i) const noexcept {
    const double v = m == measure::hours_since_previous ? hours_since_previous[i]
                     : m == measure::hours_since_start  ? hours_since_start[i]
                                                        : visits[i];
    return std::clamp(v, s.lo, s.hi);
  }
};

[[nodiscard]] inline journey_facts observe_journeys(std::span<const touchpoint_code> touchpoint,
                                                    std::span<const double> time, const journey_order& order,
                                                    std::size_t touchpoints) {
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

/// The measured experience of every row (clamped to its touchpoint's scale; the first signal of a
/// touchpoint with several); NaN for survey touchpoints.
[[nodiscard]] inline std::vector<double> measure_experience(std::span<const touchpoint_code> touchpoint,
                                                            std::span<const double> time, const journey_order& order,
                                                            const journey_map& map) {
  const journey_facts f = observe_journeys(touchpoint, time, order, map.size());
  std::vector<double> experience(touchpoint.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < touchpoint.size(); ++i)
    if (const cxscore::touchpoint& tp = map[touchpoint[i]]; tp.measure != measure::survey)
      experience[i] = f.value(tp.measure, tp.scale, i);
  return experience;
}

/// The gap of row i at touchpoint `tp` (measured from the log): its signal's normalised gap, or the mean
/// of its signals' gaps.
[[nodiscard]] inline double measured_gap(const touchpoint& tp, const journey_facts& f, std::size_t i) noexcept {
  if (tp.measures.empty()) return normalised_gap(f.value(tp.measure, tp.scale, i), tp.promise, tp.scale, direction::lower);
  double sum = 0;
  for (const measurement& m : tp.measures)
    sum += normalised_gap(f.value(m.measure, m.scale, i), m.promise, m.scale, direction::lower);
  return sum / static_cast<double>(tp.measures.size());
}

/// Journeys: sets the gap of every row at a touchpoint measured from the log (`log.gap` must have one
/// entry per row; survey rows keep theirs). `order` is order_journeys(log), for callers that have it.
inline void fill_measured_gaps(event_log& log, const journey_map& map, const journey_order& order) {
  if (!has_operational_measures(map)) return;
  const journey_facts f = observe_journeys(log.touchpoint, log.time, order, map.size());
  for (std::size_t i = 0; i < log.size(); ++i)
    if (const touchpoint& tp = map[log.touchpoint[i]]; tp.measure != measure::survey) log.gap[i] = measured_gap(tp, f, i);
}
inline void fill_measured_gaps(event_log& log, const journey_map& map) {
  if (has_operational_measures(map)) fill_measured_gaps(log, map, order_journeys(log));
}

/// Scoring: fills in the experience of every row at a touchpoint measured from the log, and replaces each
/// row at a touchpoint with several signals by one row per signal (right after each other, in the
/// order of `measures`) whose dimension is the signal's. A signal's experience and promise are carried on
/// the touchpoint's scale (the first signal's) by the linear map between the two scales, which leaves its
/// normalised gap unchanged.
inline void measure_events(event_table& ev, const journey_map& map) {
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
    }
  }
  ev = std::move(out);
}

}  // namespace cxscore
