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
#include <cstdint>
#include <span>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/event_log.hpp"

namespace cxscore {

/// Whether any touchpoint of `map` is measured from the log.
[[nodiscard]] bool has_operational_measures(const journey_map& map) noexcept;

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

[[nodiscard]] journey_facts observe_journeys(std::span<const touchpoint_code> touchpoint, std::span<const double> time,
                                             const journey_order& order, std::size_t touchpoints);

/// The measured experience of every row (clamped to its touchpoint's scale; the first signal of a
/// touchpoint with several); NaN for survey touchpoints.
[[nodiscard]] std::vector<double> measure_experience(std::span<const touchpoint_code> touchpoint,
                                                     std::span<const double> time, const journey_order& order,
                                                     const journey_map& map);

/// The gap of row i at touchpoint `tp` (measured from the log): its signal's normalised gap, or the mean
/// of its signals' gaps.
[[nodiscard]] double measured_gap(const touchpoint& tp, const journey_facts& f, std::size_t i) noexcept;

/// Journeys: sets the gap of every row at a touchpoint measured from the log (`log.gap` must have one
/// entry per row; survey rows keep theirs). `order` is order_journeys(log), for callers that have it.
void fill_measured_gaps(event_log& log, const journey_map& map, const journey_order& order);
void fill_measured_gaps(event_log& log, const journey_map& map);

/// Scoring: fills in the experience of every row at a touchpoint measured from the log, and replaces each
/// row at a touchpoint with several signals by one row per signal (right after each other, in the
/// order of `measures`) whose dimension is the signal's. `ev.signal` then numbers each row's signal (0 = the
/// event's first row, and every row of a touchpoint with one signal), so that the analyses that count
/// events, not encounters, count each event once. A signal's experience and promise are carried on
/// the touchpoint's scale (the first signal's) by the linear map between the two scales, which leaves its
/// normalised gap unchanged.
void measure_events(event_table& ev, const journey_map& map);

}  // namespace cxscore
