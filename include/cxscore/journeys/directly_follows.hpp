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

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
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
  std::uint64_t starts = 0;  ///< journeys whose first event is here
  std::uint64_t ends = 0;    ///< journeys whose last event is here
  mean_accumulator gap;        ///< gap of every visit
  mean_accumulator start_gap;  ///< gap of the visits that start a journey
};

struct dfg_edge {
  std::uint64_t count = 0;
  mean_accumulator gap;       ///< gap of the target event
  mean_accumulator duration;  ///< seconds from the source event to the target event
};

struct directly_follows {
  using graph_type = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, dfg_vertex, dfg_edge>;
  graph_type graph;  ///< vertex index = touchpoint code; edges in (source, target) order
  std::uint64_t customers = 0;  ///< journeys with at least one event
  std::uint64_t events = 0;

  /// Total count of the edges leaving `v` plus the journeys ending there: the visits of `v`.
  [[nodiscard]] std::uint64_t out_count(std::size_t v) const {
    std::uint64_t n = graph[v].ends;
    for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it) n += graph[*it].count;
    return n;
  }
  /// A copy keeping only edges seen at least `min_count` times (vertices and start/end counts stay).
  [[nodiscard]] directly_follows filtered(std::uint64_t min_count) const {
    directly_follows out;
    out.customers = customers;
    out.events = events;
    for (std::size_t v = 0; v < boost::num_vertices(graph); ++v) boost::add_vertex(graph[v], out.graph);
    for (auto [it, end] = boost::edges(graph); it != end; ++it)
      if (graph[*it].count >= min_count)
        boost::add_edge(boost::source(*it, graph), boost::target(*it, graph), graph[*it], out.graph);
    return out;
  }
};

/// Builds the DFG in one pass over the ordered journeys. Dense counting for up to 4096 touchpoints,
/// a hash map beyond; the graph's edges come out sorted by (source, target) either way.
[[nodiscard]] inline directly_follows discover_directly_follows(const event_log& log, const journey_order& order) {
  const std::size_t n_tp = log.touchpoints.size();
  directly_follows dfg;
  for (std::size_t t = 0; t < n_tp; ++t) {
    dfg_vertex v;
    v.name = log.touchpoints[static_cast<std::uint32_t>(t)];
    boost::add_vertex(std::move(v), dfg.graph);
  }
  const bool dense = n_tp <= 4096;
  std::vector<dfg_edge> dense_edges(dense ? n_tp * n_tp : 0);
  std::unordered_map<std::uint64_t, dfg_edge> sparse_edges;
  for (std::size_t c = 0; c < order.customers(); ++c) {
    const auto journey = order.journey(c);
    if (journey.empty()) continue;
    ++dfg.customers;
    dfg.events += journey.size();
    dfg_vertex& first = dfg.graph[log.touchpoint[journey.front()]];
    ++first.starts;
    first.start_gap.add(log.gap_at(journey.front()));
    ++dfg.graph[log.touchpoint[journey.back()]].ends;
    for (std::size_t k = 0; k < journey.size(); ++k) {
      const std::uint32_t i = journey[k];
      dfg_vertex& here = dfg.graph[log.touchpoint[i]];
      ++here.visits;
      here.gap.add(log.gap_at(i));
      if (k == 0) continue;
      const std::uint32_t prev = journey[k - 1];
      const std::uint64_t key = std::uint64_t{log.touchpoint[prev]} * n_tp + log.touchpoint[i];
      dfg_edge& e = dense ? dense_edges[key] : sparse_edges[key];
      ++e.count;
      e.gap.add(log.gap_at(i));
      e.duration.add(log.time[i] - log.time[prev]);
    }
  }
  auto add = [&](std::uint64_t key, const dfg_edge& e) {
    boost::add_edge(static_cast<std::size_t>(key / n_tp), static_cast<std::size_t>(key % n_tp), e, dfg.graph);
  };
  if (dense) {
    for (std::uint64_t key = 0; key < dense_edges.size(); ++key)
      if (dense_edges[key].count != 0) add(key, dense_edges[key]);
  } else {
    std::map<std::uint64_t, dfg_edge> sorted(sparse_edges.begin(), sparse_edges.end());
    for (const auto& [key, e] : sorted) add(key, e);
  }
  return dfg;
}

/// One path variant: a distinct sequence of touchpoints, how many customers took it, and their mean
/// customer score (prospect-theory value of each measured gap, weighted by the touchpoint weights given,
/// averaged per customer; NaN when no customer on the variant had a measured gap).
struct path_variant {
  std::vector<std::uint32_t> touchpoints;
  std::uint64_t customers = 0;
  mean_accumulator score;
};

/// The variants of `log`, most frequent first (ties: lexicographic by touchpoint codes), keeping those
/// taken by at least `min_customers`. `value` maps a gap to its value (e.g. cxscore::gap_value with a
/// model); `weight` gives each touchpoint's weight (empty = all 1).
template <class Value>
[[nodiscard]] std::vector<path_variant> discover_variants(const event_log& log, const journey_order& order, Value value,
                                                          const std::vector<double>& weight = {},
                                                          std::uint64_t min_customers = 1) {
  std::map<std::vector<std::uint32_t>, path_variant> found;
  std::vector<std::uint32_t> path;
  for (std::size_t c = 0; c < order.customers(); ++c) {
    const auto journey = order.journey(c);
    if (journey.empty()) continue;
    path.clear();
    double w_sum = 0, wv_sum = 0;
    for (const auto i : journey) {
      path.push_back(log.touchpoint[i]);
      const double g = log.gap_at(i);
      if (std::isnan(g)) continue;
      const double w = weight.empty() ? 1.0 : weight[log.touchpoint[i]];
      w_sum += w;
      wv_sum += w * value(g);
    }
    path_variant& v = found[path];
    ++v.customers;
    if (w_sum > 0) v.score.add(wv_sum / w_sum);
  }
  std::vector<path_variant> out;
  for (auto& [touchpoints, v] : found) {
    if (v.customers < min_customers) continue;
    v.touchpoints = touchpoints;
    out.push_back(std::move(v));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const path_variant& a, const path_variant& b) { return a.customers > b.customers; });
  return out;
}

}  // namespace cxscore
