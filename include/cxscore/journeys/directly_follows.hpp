#pragma once
/// Journey discovery: the directly-follows graph (DFG) of an event log as a Boost.Graph graph, and the path
/// variants. Edge a -> b counts how often a customer's next event after one at `a` is at `b` (events in
/// time order within each customer, ties in file order); each vertex counts the journeys that start and end
/// there. Counts equal pm4py's `discover_dfg` (with its start and end activities) on the same log.
///
/// ```cpp
/// const auto order = cxscore::order_journeys(log);
/// const cxscore::directly_follows dfg = cxscore::discover_directly_follows(log, order);
/// for (auto [it, end] = boost::edges(dfg.graph); it != end; ++it)
///   std::printf("%s -> %s: %llu\n", dfg.graph[boost::source(*it, dfg.graph)].name.c_str(),
///               dfg.graph[boost::target(*it, dfg.graph)].name.c_str(),
///               static_cast<unsigned long long>(dfg.graph[*it].count));
/// auto frequent = dfg.filtered(100);  // only edges seen at least 100 times
/// ```
#include <boost/graph/adjacency_list.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "cxscore/journeys/event_log.hpp"

namespace cxscore {

/// A running mean that also knows whether anything was measured (NaN when not).
struct mean_accumulator {
  double sum = 0;
  std::uint64_t count = 0;
  void add(double x) noexcept {
    if (std::isnan(x)) return;
    sum += x;
    ++count;
  }
  void merge(const mean_accumulator& o) noexcept { sum += o.sum, count += o.count; }
  [[nodiscard]] double mean() const noexcept {
    return count == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(count);
  }
};

struct dfg_vertex {
  std::string name;
  std::uint64_t visits = 0;
  std::uint64_t customers = 0;  ///< distinct customers with at least one visit here
  std::uint64_t starts = 0;     ///< journeys whose first event is here
  std::uint64_t ends = 0;       ///< journeys whose last event is here
  mean_accumulator gap;         ///< gap of every visit
  mean_accumulator start_gap;   ///< gap of the visits that start a journey
};

struct dfg_edge {
  std::uint64_t count = 0;
  mean_accumulator gap;       ///< gap of the target event
  mean_accumulator duration;  ///< seconds from the source event to the target event
};

struct directly_follows {
  using graph_type = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, dfg_vertex, dfg_edge>;
  graph_type graph;             ///< vertex index = touchpoint code; edges in (source, target) order
  std::uint64_t customers = 0;  ///< journeys with at least one event
  std::uint64_t events = 0;
  /// The transitions shown (the edges kept, and the start and end transitions listed or drawn) are those
  /// seen at least this often: see filtered().
  std::uint64_t min_count = 1;

  /// Total count of the edges leaving `v` plus the journeys ending there: the visits of `v`.
  [[nodiscard]] std::uint64_t out_count(std::size_t v) const;
  /// A copy keeping only edges seen at least `at_least` times. Vertices and their start and end counts stay
  /// whole (the journeys' analytics read them); the start and end transitions shown go by shown_starts()
  /// and shown_ends().
  [[nodiscard]] directly_follows filtered(std::uint64_t at_least) const;
  /// The transition from the journeys' start to `v` as shown: its count, or 0 when rarer than min_count.
  [[nodiscard]] std::uint64_t shown_starts(std::size_t v) const noexcept {
    return graph[v].starts >= min_count ? graph[v].starts : 0;
  }
  /// The transition from `v` to the journeys' end as shown: its count, or 0 when rarer than min_count.
  [[nodiscard]] std::uint64_t shown_ends(std::size_t v) const noexcept {
    return graph[v].ends >= min_count ? graph[v].ends : 0;
  }
};

/// Adds `from`'s counts to `into`: two graphs of the same touchpoints (the same names, in code order) and neither
/// filtered. Counts are sums, so merging the graphs of journeys split into parts (each journey whole in one
/// part) gives the counts of all journeys at once; the mean accumulators' sums are added in another order
/// (equal to the rounding). Throws std::invalid_argument for graphs of different touchpoints or a filtered one.
void merge_directly_follows(directly_follows& into, const directly_follows& from);

/// `dfg` on other touchpoint codes: its vertex k becomes vertex `codes[k]` of a graph of the touchpoints
/// `names` (the vertices no code names count nothing). Throws std::invalid_argument when `codes` has not one
/// code per vertex, names a code twice or out of range, or names a vertex other than its own.
[[nodiscard]] directly_follows recoded(const directly_follows& dfg, std::span<const std::uint32_t> codes,
                                       const std::vector<std::string>& names);

/// Builds the DFG in one pass over the ordered journeys. Dense counting for up to 4096 touchpoints,
/// a hash map beyond; the graph's edges come out sorted by (source, target) either way.
[[nodiscard]] directly_follows discover_directly_follows(const event_log& log, const journey_order& order);

/// One path variant: a distinct sequence of touchpoints, how many customers took it, and their mean
/// customer score (prospect-theory value of each measured gap, weighted by the touchpoint weights given,
/// averaged per customer; NaN when no customer on the variant had a measured gap).
struct path_variant {
  std::vector<std::uint32_t> touchpoints;
  std::uint64_t customers = 0;
  mean_accumulator score;
};

/// How many customers took one path, and their customer scores (see path_variant).
struct path_tally {
  std::uint64_t customers = 0;
  mean_accumulator score;
};

/// Every distinct path of a log with its tally: the variants before sorting and filtering. Mergeable: a
/// path's customers are a sum, its score a sum and a count.
struct path_counts {
  std::size_t touchpoints = 0;  ///< the codes a path may use are below this
  std::map<std::vector<std::uint32_t>, path_tally> paths;

  /// Adds `o`'s tallies (the same touchpoints; std::invalid_argument otherwise).
  void merge(const path_counts& o);
  /// The same paths on other touchpoint codes: code k becomes `codes[k]`, of `touchpoints` codes in all.
  [[nodiscard]] path_counts recoded(std::span<const std::uint32_t> codes, std::size_t touchpoints) const;
};

/// Each customer's path and score in one pass over the ordered journeys; `value` and `weight` as in
/// discover_variants.
[[nodiscard]] path_counts count_paths(const event_log& log, const journey_order& order,
                                      const std::function<double(double)>& value,
                                      const std::vector<double>& weight = {});

/// The variants of `counts` taken by at least `min_customers`, most frequent first (ties: lexicographic by
/// touchpoint codes).
[[nodiscard]] std::vector<path_variant> variants_of(const path_counts& counts, std::uint64_t min_customers = 1);

/// The variants of `log`, most frequent first (ties: lexicographic by touchpoint codes), keeping those
/// taken by at least `min_customers`. `value` maps a gap to its value (e.g. cxscore::gap_value with a
/// model); `weight` gives each touchpoint's weight (empty = all 1).
[[nodiscard]] std::vector<path_variant> discover_variants(const event_log& log, const journey_order& order,
                                                          const std::function<double(double)>& value,
                                                          const std::vector<double>& weight = {},
                                                          std::uint64_t min_customers = 1);

}  // namespace cxscore
