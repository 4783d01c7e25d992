#pragma once
/// What the journeys keep of an event log, mergeable, and the findings made from it: the same tables whether
/// the summaries come from one pass over all journeys or from parts merged (a cluster's partitions, each
/// holding whole journeys). Under merging:
/// - the directly-follows counts (edges, starts, ends, visits, customers per touchpoint), the variants'
///   customers and the Markov transition counts are sums of integers: exact, and so are the loops, the
///   unavoidable touchpoints and the most likely path, read from the merged graph;
/// - the Markov chain is solved once, from the merged counts: the same counts give the same bits;
/// - mean gaps, mean durations and the variants' mean scores are sums over other groupings: equal to the
///   rounding (within 1e-12 relative), and so is the choice of the worst-experience path but for exact ties.
///
/// ```cpp
/// auto parts = cxscore::summarise_journeys(log, order, value, weights, outcomes);
/// parts.merge(cxscore::summarise_journeys(other_log, other_order, value, weights, other_outcomes));
/// const cxscore::journey_findings f = cxscore::find_journeys(parts, 0, 0, 0.01);
/// ```
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/event_log.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/journeys/markov_chain.hpp"

namespace cxscore {

struct journey_summaries {
  directly_follows dfg;                 ///< unfiltered; its vertices name the touchpoints
  path_counts paths;                    ///< every path with its tally
  std::optional<markov_counts> markov;  ///< with outcomes

  /// Adds `o`'s counts: summaries of the same touchpoints (names, in code order), both with outcomes or both
  /// without (std::invalid_argument otherwise).
  void merge(const journey_summaries& o);
  /// The same summaries on the touchpoints `names`: touchpoint k becomes `codes[k]` (see recoded()).
  [[nodiscard]] journey_summaries recoded(std::span<const std::uint32_t> codes,
                                          const std::vector<std::string>& names) const;
};

/// The summaries of a log's journeys; `value` and `weight` score the paths (see discover_variants);
/// `outcome` as count_journeys, empty for no Markov chain.
[[nodiscard]] journey_summaries summarise_journeys(const event_log& log, const journey_order& order,
                                                   const std::function<double(double)>& value,
                                                   const std::vector<double>& weight,
                                                   std::span<const std::int8_t> outcome);

/// What `cxscore journeys` reports.
struct journey_findings {
  directly_follows dfg;                ///< filtered by min_edge_count
  std::vector<path_variant> variants;  ///< those taken by at least min_variant_count
  std::vector<journey_loop> loops;
  std::vector<std::uint32_t> unavoidable;
  journey_path likely, worst;
  std::optional<markov_result> markov;
};

/// The findings of summaries: the graph's edges seen at least `min_edge_count` times, the variants taken by
/// at least `min_variant_count` customers, the loops and unavoidable touchpoints of that graph, the most likely
/// path, the worst-experience path among the variants taken by `min_path_share` of the journeys (every
/// variant competes, whatever min_variant_count), and with outcomes the solved Markov chain.
[[nodiscard]] journey_findings find_journeys(const journey_summaries& s, std::uint64_t min_edge_count,
                                             std::uint64_t min_variant_count, double min_path_share);

}  // namespace cxscore
