#pragma once
// What the report's charts (report/html_report.hpp) read, kept on the C++ side by the analyses' bindings for as
// long as the Python result lives: the charts draw the analysis' own results and recompute nothing. The
// classes and their drawing methods are bound in report_binding.cpp.
#include <optional>

#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/score.hpp"

namespace cxscore::python {

/// A scoring run (its per-customer columns handed to numpy) and the map it scored against.
struct score_drawing {
  score_result result;
  journey_map map;
};

/// The directly-follows graph of a journeys run (after its min_edge_count) and its map, if one was given.
struct journeys_drawing {
  directly_follows dfg;
  std::optional<journey_map> map;
};

/// The brand's window series of a monitoring run.
struct trend_drawing {
  monitor_result brand;
};

}  // namespace cxscore::python
