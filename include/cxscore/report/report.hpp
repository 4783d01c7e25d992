#pragma once
/// The readable report of a scoring run (what `cxscore demo` and `cxscore score` print): brand score
/// and index, touchpoints ranked by impact, the owners' scorecard, and where the loss happens
/// (service vs experience touchpoints).
///
/// ```cpp
/// std::cout << cxscore::render_report(result, map);
/// ```
#include <string>

#include "cxscore/journey_map.hpp"
#include "cxscore/score.hpp"

namespace cxscore {

struct report_options {
  std::size_t top_touchpoints = 10;
  std::string title = "cxscore report";
};
[[nodiscard]] std::string render_report(const score_result& result, const journey_map& map,
                                        const report_options& options = {});

}  // namespace cxscore
