#pragma once
/// Boost.Graph algorithms on a discovered journey graph, each answering a CX question:
/// - `find_loops`: where customers go round in circles (strong components with more than one touchpoint,
///   or a touchpoint repeated back to back), with the traffic inside each loop;
/// - `unavoidable_touchpoints`: the touchpoints every journey passes: those on every path of the journey
///   graph from start to end (the dominators of the end in the dominator tree from the start,
///   Lengauer-Tarjan). Every observed journey passes them; a touchpoint that all observed journeys happen
///   to pass is not unavoidable if the graph has a way round it;
/// - `most_likely_path`: the single most probable journey from start to end (Dijkstra on -log p);
/// - `worst_experience_path`: the observed journey (path variant) whose customers fared worst: the lowest
///   mean customer score among the variants taken by at least a minimum number of customers. A per-customer
///   measure over a supported variant, so a short path taken by 2 of 4,580 customers cannot win by being
///   short and rare;
/// - `path_probability`: the product of the graph's transition probabilities along a path, start to end.
///
/// ```cpp
/// for (const auto& loop : cxscore::find_loops(dfg)) std::printf("%llu transitions\n", (unsigned long long)loop.traffic);
/// const cxscore::journey_path best = cxscore::most_likely_path(dfg);  // best.touchpoints, best.probability
/// ```
#include <cstdint>
#include <limits>
#include <span>
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
  std::vector<std::uint32_t> touchpoints;  ///< empty when no journey qualifies
  double probability = 0;                  ///< product of the graph's transition probabilities, start to end
  std::uint64_t customers = 0;             ///< journeys that took exactly this path
  double mean_score = std::numeric_limits<double>::quiet_NaN();  ///< their mean customer score (path_variant)
};

/// The product of the transition probabilities of `dfg` along `touchpoints`, start to end (0 when a
/// step is not an edge of the graph).
[[nodiscard]] double path_probability(const directly_follows& dfg, std::span<const std::uint32_t> touchpoints);

/// The most probable journey of the graph: maximises the product of transition probabilities (Dijkstra on
/// -log p); `customers` and `mean_score` from the variant that follows it, when one does.
[[nodiscard]] journey_path most_likely_path(const directly_follows& dfg,
                                            const std::vector<path_variant>& variants = {});

/// The smallest support of a key path: `share` of the journeys, rounded up, and at least 1.
[[nodiscard]] std::uint64_t min_path_customers(std::uint64_t journeys, double share) noexcept;

/// The variant with the lowest mean customer score among those taken by at least `min_customers`
/// (ties: the more customers, then the earlier variant); empty when no variant with a measured score
/// has that support.
///
/// ```cpp
/// auto worst = cxscore::worst_experience_path(dfg, variants, cxscore::min_path_customers(dfg.customers, 0.01));
/// ```
[[nodiscard]] journey_path worst_experience_path(const directly_follows& dfg, const std::vector<path_variant>& variants,
                                                 std::uint64_t min_customers);

}  // namespace cxscore
