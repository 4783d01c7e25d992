#pragma once
/// The journeys of events already read for scoring: the event_log that `cxscore journeys --map` would read
/// from the same file, built from the columns in memory, so that an application (the report, Python) that
/// scores and discovers journeys reads its events once. One visit per event: an event measured by several
/// signals is one row of the log however many rows it scores as (event_view::begins_event). Each visit's gap
/// is its survey experience against its expectation (or the touchpoint's promise), or, at a touchpoint
/// measured from the log, its measure's (the mean of its signals', operational_experience.hpp).
///
/// ```cpp
/// const auto read = cxscore::read_events_csv("events.csv", map);
/// const cxscore::event_log log = cxscore::journey_log_of(read.events.view(), map, read.events.customers);
/// const auto dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
/// ```
#include <optional>
#include <span>
#include <string>

#include "cxscore/dictionary.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/event_log.hpp"

namespace cxscore {

/// What is wrong with a survey visit's experience (NaN = not measured, which is fine) and expectation (NaN =
/// the promise) at touchpoint `t`, if anything; a touchpoint measured from the log ignores both.
[[nodiscard]] std::optional<row_problem> survey_problem(const journey_map& map, touchpoint_code t, double experience,
                                                        double expectation);

/// Fills `log.gap` (one per row of `log`, whose touchpoint codes are the map's): a survey visit's gap from
/// `experience` (empty, or NaN per row = not measured) against `expectation` (empty, or NaN per row = the
/// promise); a touchpoint measured from the log by its measure. `order` is order_journeys(log). A survey
/// visit the map refuses throws input_error naming row i + 1 of `source`.
void measure_gaps(event_log& log, const journey_map& map, const journey_order& order,
                  std::span<const double> experience, std::span<const double> expectation,
                  const std::string& source = "<events>");

/// The events of `events` (validated, touchpoint codes of `map`) as the journeys read them: one row per
/// event, in order, with its gap; `customers` names the customer codes (the events' dictionary; a
/// different number of names throws std::invalid_argument).
[[nodiscard]] event_log journey_log_of(const event_view& events, const journey_map& map, dictionary customers,
                                       const std::string& source = "<events>");

}  // namespace cxscore
