#include "cxscore/journeys/journey_log.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

std::optional<row_problem> survey_problem(const journey_map& map, touchpoint_code t, double experience,
                                          double expectation) {
  const touchpoint& tp = map[t];
  if (tp.measure != measure::survey || std::isnan(experience)) return std::nullopt;
  return measurement_problem(tp, experience, expectation);
}

namespace {

/// measure_gaps' survey part: the gap of every survey visit with an experience, NaN elsewhere.
void measure_survey_gaps(event_log& log, const journey_map& map, std::span<const double> experience,
                         std::span<const double> expectation, const std::string& source) {
  log.gap.assign(log.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < log.size() && !experience.empty(); ++i) {
    const double expect = expectation.empty() ? no_promise : expectation[i];
    if (auto p = survey_problem(map, log.touchpoint[i], experience[i], expect))
      throw input_error({source, i + 1, p->column, p->value}, p->reason);
    const touchpoint& tp = map[log.touchpoint[i]];
    if (tp.measure == measure::survey && !std::isnan(experience[i]))
      log.gap[i] = encounter_gap(tp, experience[i], expect);
  }
}

}  // namespace

void measure_gaps(event_log& log, const journey_map& map, const journey_order& order,
                  std::span<const double> experience, std::span<const double> expectation, const std::string& source) {
  measure_survey_gaps(log, map, experience, expectation, source);
  fill_measured_gaps(log, map, order);
}

event_log journey_log_of(const event_view& events, const journey_map& map, dictionary customers,
                         const std::string& source) {
  if (customers.size() != events.customer_count)
    throw std::invalid_argument("journey_log_of: " + std::to_string(customers.size()) + " customer names for " +
                                std::to_string(events.customer_count) + " customer codes");
  event_log log;
  log.customers = std::move(customers);
  for (std::size_t t = 0; t < map.size(); ++t) log.touchpoints.encode(map[static_cast<touchpoint_code>(t)].name);
  // Only the first row of an event measured by several signals is its visit: its other rows repeat its
  // customer, touchpoint and time, and its gap comes from the log, not from those rows' experiences.
  const bool row_per_event = events.signal.empty();
  const std::size_t visits = row_per_event
                                 ? events.size()
                                 : static_cast<std::size_t>(std::count(events.signal.begin(), events.signal.end(), 0));
  log.customer.reserve(visits);
  log.touchpoint.reserve(visits);
  log.time.reserve(visits);
  std::vector<double> experience, expectation;  // the visits' own, when they are not the rows
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!events.begins_event(i)) continue;
    log.customer.push_back(events.customer[i]);
    log.touchpoint.push_back(events.touchpoint[i]);
    log.time.push_back(events.time[i]);
    if (row_per_event) continue;
    experience.push_back(events.experience[i]);
    if (!events.expectation.empty()) expectation.push_back(events.expectation[i]);
  }
  measure_survey_gaps(log, map, row_per_event ? events.experience : experience,
                      row_per_event ? events.expectation : expectation, source);
  fill_measured_gaps(log, map);  // orders the journeys only when the map measures something from the log
  return log;
}

}  // namespace cxscore
