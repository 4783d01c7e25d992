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
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/dominator_tree.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/journeys/directly_follows.hpp"

namespace cxscore {

struct journey_loop {
  std::vector<std::uint32_t> touchpoints;  ///< ascending codes
  std::uint64_t traffic = 0;               ///< transitions between the loop's touchpoints (self-loops included)
};

/// Loops, most traffic first (ties: by first touchpoint code).
[[nodiscard]] inline std::vector<journey_loop> find_loops(const directly_follows& dfg) {
  const auto& g = dfg.graph;
  const std::size_t n = boost::num_vertices(g);
  std::vector<int> component(n);
  const int count = n == 0 ? 0 : boost::strong_components(g, component.data());
  std::vector<journey_loop> loops(static_cast<std::size_t>(count));
  for (std::size_t v = 0; v < n; ++v) loops[static_cast<std::size_t>(component[v])].touchpoints.push_back(static_cast<std::uint32_t>(v));
  std::vector<char> has_self_loop(static_cast<std::size_t>(count), 0);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const auto s = boost::source(*it, g), t = boost::target(*it, g);
    if (component[s] != component[t]) continue;
    loops[static_cast<std::size_t>(component[s])].traffic += g[*it].count;
    if (s == t) has_self_loop[static_cast<std::size_t>(component[s])] = 1;
  }
  std::vector<journey_loop> out;
  for (std::size_t k = 0; k < loops.size(); ++k)
    if (loops[k].touchpoints.size() > 1 || has_self_loop[k]) out.push_back(std::move(loops[k]));
  std::sort(out.begin(), out.end(), [](const journey_loop& a, const journey_loop& b) {
    return a.traffic != b.traffic ? a.traffic > b.traffic : a.touchpoints.front() < b.touchpoints.front();
  });
  return out;
}

namespace detail {
/// The DFG with a start vertex (n) before every journey's first touchpoint and an end vertex (n + 1) after
/// every last one; edge weights from `cost(source, target, count)` (start = n, end = n + 1).
using weighted_journey_graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;
template <class Cost>
weighted_journey_graph with_start_and_end(const directly_follows& dfg, Cost cost) {
  const auto& g = dfg.graph;
  const std::size_t n = boost::num_vertices(g);
  weighted_journey_graph out(n + 2);
  for (std::size_t v = 0; v < n; ++v) {
    if (g[v].starts) boost::add_edge(n, v, cost(n, v, g[v].starts), out);
    if (g[v].ends) boost::add_edge(v, n + 1, cost(v, n + 1, g[v].ends), out);
  }
  for (auto [it, end] = boost::edges(g); it != end; ++it)
    boost::add_edge(boost::source(*it, g), boost::target(*it, g),
                    cost(boost::source(*it, g), boost::target(*it, g), g[*it].count), out);
  return out;
}
}  // namespace detail

/// Touchpoints on every journey from start to end, in the order they are passed (empty when no journey).
[[nodiscard]] inline std::vector<std::uint32_t> unavoidable_touchpoints(const directly_follows& dfg) {
  const std::size_t n = boost::num_vertices(dfg.graph);
  if (dfg.customers == 0) return {};
  const auto g = detail::with_start_and_end(dfg, [](std::size_t, std::size_t, std::uint64_t) { return 1.0; });
  const auto none = boost::graph_traits<detail::weighted_journey_graph>::null_vertex();
  std::vector<std::size_t> idom(n + 2, none);
  boost::lengauer_tarjan_dominator_tree(
      g, n, boost::make_iterator_property_map(idom.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::uint32_t> chain;
  for (std::size_t v = idom[n + 1]; v != none && v != n; v = idom[v]) chain.push_back(static_cast<std::uint32_t>(v));
  std::reverse(chain.begin(), chain.end());
  return chain;
}

struct journey_path {
  std::vector<std::uint32_t> touchpoints;  ///< empty when no journey reaches the end
  double probability = 0;                  ///< product of the transition probabilities, start to end
  double cost = 0;                         ///< the minimised sum of step costs
};

namespace detail {
template <class Cost>
journey_path cheapest_path(const directly_follows& dfg, Cost cost) {
  const std::size_t n = boost::num_vertices(dfg.graph);
  journey_path out;
  if (dfg.customers == 0) return out;
  std::vector<double> out_total(n + 1, 0.0);
  for (std::size_t v = 0; v < n; ++v) out_total[v] = static_cast<double>(dfg.out_count(v));
  out_total[n] = static_cast<double>(dfg.customers);
  auto p = [&](std::size_t s, std::uint64_t count) { return static_cast<double>(count) / out_total[s]; };
  const auto g = with_start_and_end(dfg, [&](std::size_t s, std::size_t t, std::uint64_t c) { return cost(s, t, p(s, c)); });
  std::vector<std::size_t> pred(n + 2);
  std::vector<double> dist(n + 2);
  boost::dijkstra_shortest_paths(g, n, boost::predecessor_map(pred.data()).distance_map(dist.data()));
  if (pred[n + 1] == n + 1) return out;  // the end is unreachable
  out.cost = dist[n + 1];
  out.probability = 1.0;
  for (std::size_t v = n + 1; v != n;) {
    const std::size_t u = pred[v];
    // Among parallel candidates Dijkstra kept the cheapest edge u -> v; its probability is its count's.
    double best = 0;
    for (auto [it, end] = boost::out_edges(u, g); it != end; ++it)
      if (boost::target(*it, g) == v) {
        const std::uint64_t c = u == n ? dfg.graph[v].starts
                                : v == n + 1 ? dfg.graph[u].ends
                                             : dfg.graph[boost::edge(u, v, dfg.graph).first].count;
        best = std::max(best, p(u, c));
      }
    out.probability *= best;
    if (u != n) out.touchpoints.push_back(static_cast<std::uint32_t>(u));
    v = u;
  }
  std::reverse(out.touchpoints.begin(), out.touchpoints.end());
  return out;
}
}  // namespace detail

/// The most probable journey: maximises the product of transition probabilities (cost = -log p).
[[nodiscard]] inline journey_path most_likely_path(const directly_follows& dfg) {
  return detail::cheapest_path(dfg, [](std::size_t, std::size_t, double p) { return -std::log(p); });
}

/// The journey through the poorest experiences (step cost 1 + mean gap of the touchpoint entered).
[[nodiscard]] inline journey_path worst_experience_path(const directly_follows& dfg) {
  const std::size_t n = boost::num_vertices(dfg.graph);
  return detail::cheapest_path(dfg, [&](std::size_t, std::size_t t, double) {
    if (t >= n) return 0.0;  // reaching the end costs nothing
    const double g = dfg.graph[t].gap.mean();
    return std::isnan(g) ? 1.0 : 1.0 + g;
  });
}

}  // namespace cxscore
