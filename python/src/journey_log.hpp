#pragma once
// The gaps of an event log built from prepared columns, as `cxscore journeys --map` reads them; shared by the
// journeys binding and the report's.
#include <string>
#include <vector>

#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/event_log.hpp"

namespace cxscore::python {

/// Fills `log.gap`: a survey touchpoint's experience (NaN = not measured) against its expectation (NaN or
/// empty = the promise), a touchpoint measured from the log by its measure. A survey experience the map
/// refuses throws input_error naming row i + 1 of `source`.
void measure_gaps(event_log& log, const journey_map& map, const journey_order& order,
                  const std::vector<double>& experience, const std::vector<double>& expectation,
                  const std::string& source);

}  // namespace cxscore::python
