#pragma once
/// Boost.Graph algorithms on a discovered journey graph, each answering a CX question:
/// - `find_loops`: where customers go round in circles (strong components with more than one touchpoint,
///   or a touchpoint repeated back to back), with the traffic inside each loop;
/// - `unavoidable_touchpoints`: the touchpoints every journey passes: those on every path of the journey
///   graph from start to end (the dominators of the end in the dominator tree from the start,
///   Lengauer-Tarjan). Every observed journey passes them; a touchpoint that all observed journeys happen
///   to pass is not unavoidable if the graph has a way round it;
/// - `most_likely_path`: the single most probable journey from start to end (Dijkstra on -log p);
/// - `worst_experience_path`: the journey through the poorest experiences: Dijkstra with step cost 1 + g
///   (mean gap of the touchpoint entered; 0 at the worst end of the scale, 1 exactly as expected, 2 at the
///   best), so it prefers unmet touchpoints and, among equals, fewer steps. Unmeasured touchpoints cost 1.
///
/// ```cpp
/// for (const auto& loop : cxscore::find_loops(dfg)) std::printf("%llu transitions\n", (unsigned long long)loop.traffic);
/// const cxscore::journey_path best = cxscore::most_likely_path(dfg);  // best.touchpoints, best.probability
/// ```
#include <cstdint>
#include <vector>

#include "cxscore/journeys/directly_follows.hpp"

namespace cxscore {

struct journey_loop {
  std::vector<std::uint32_t> touchpoints;  ///< ascending codes
  std::uint64_t traffic = 0;               ///< transitions between the loop's touchpoints (self-loops included)
};

/// Loops, most traffic first (ties: by first touchpoint code).
[[nodiscard]] std::vector<journey_loop> find_loops(const directly_follows& dfg);

/// Touchpoints on every journey from start to end, in the order they are passed (empty when no journey).
[[nodiscard]] std::vector<std::uint32_t> unavoidable_touchpoints(const directly_follows& dfg);

struct journey_path {
  std::vector<std::uint32_t> touchpoints;  ///< empty when no journey reaches the end
  double probability = 0;                  ///< product of the transition probabilities, start to end
  double cost = 0;                         ///< the minimised sum of step costs
};

/// The most probable journey: maximises the product of transition probabilities (cost = -log p).
[[nodiscard]] journey_path most_likely_path(const directly_follows& dfg);

/// The journey through the poorest experiences (step cost 1 + mean gap of the touchpoint entered).
[[nodiscard]] journey_path worst_experience_path(const directly_follows& dfg);

}  // namespace cxscore
