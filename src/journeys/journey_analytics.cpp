#include "cxscore/journeys/journey_analytics.hpp"

#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/dominator_tree.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

namespace cxscore {

std::vector<journey_loop> find_loops(const directly_follows& dfg) {
  const auto& g = dfg.graph;
  const std::size_t n = boost::num_vertices(g);
  std::vector<int> component(n);
  const int count = n == 0 ? 0 : boost::strong_components(g, component.data());
  std::vector<journey_loop> loops(static_cast<std::size_t>(count));
  for (std::size_t v = 0; v < n; ++v)
    loops[static_cast<std::size_t>(component[v])].touchpoints.push_back(static_cast<std::uint32_t>(v));
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

namespace {

/// The DFG with a start vertex (n) before every journey's first touchpoint and an end vertex (n + 1) after
/// every last one; edge weights from `cost(source, target, count)` (start = n, end = n + 1).
using weighted_journey_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                                     boost::no_property, boost::property<boost::edge_weight_t, double>>;
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

/// The journey Dijkstra found, walked back from the end along `pred`: its touchpoints and the product of
/// its transition probabilities `p(source, count)`.
template <class Probability>
journey_path walk_back(const directly_follows& dfg, const weighted_journey_graph& g,
                       const std::vector<std::size_t>& pred, Probability p) {
  const std::size_t n = boost::num_vertices(dfg.graph);
  journey_path out;
  out.probability = 1.0;
  for (std::size_t v = n + 1; v != n;) {
    const std::size_t u = pred[v];
    // Among parallel candidates Dijkstra kept the cheapest edge u -> v; its probability is its count's.
    double best = 0;
    for (auto [it, end] = boost::out_edges(u, g); it != end; ++it)
      if (boost::target(*it, g) == v) {
        const std::uint64_t c = u == n       ? dfg.graph[v].starts
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

template <class Cost>
journey_path cheapest_path(const directly_follows& dfg, Cost cost) {
  const std::size_t n = boost::num_vertices(dfg.graph);
  if (dfg.customers == 0) return {};
  std::vector<double> out_total(n + 1, 0.0);
  for (std::size_t v = 0; v < n; ++v) out_total[v] = static_cast<double>(dfg.out_count(v));
  out_total[n] = static_cast<double>(dfg.customers);
  auto p = [&](std::size_t s, std::uint64_t count) { return static_cast<double>(count) / out_total[s]; };
  const auto g =
      with_start_and_end(dfg, [&](std::size_t s, std::size_t t, std::uint64_t c) { return cost(s, t, p(s, c)); });
  std::vector<std::size_t> pred(n + 2);
  std::vector<double> dist(n + 2);  // Dijkstra needs it; the path's probability is walked back instead
  boost::dijkstra_shortest_paths(g, n, boost::predecessor_map(pred.data()).distance_map(dist.data()));
  if (pred[n + 1] == n + 1) return {};  // the end is unreachable
  return walk_back(dfg, g, pred, p);
}

}  // namespace

std::vector<std::uint32_t> unavoidable_touchpoints(const directly_follows& dfg) {
  const std::size_t n = boost::num_vertices(dfg.graph);
  if (dfg.customers == 0) return {};
  const auto g = with_start_and_end(dfg, [](std::size_t, std::size_t, std::uint64_t) { return 1.0; });
  const auto none = boost::graph_traits<weighted_journey_graph>::null_vertex();
  std::vector<std::size_t> idom(n + 2, none);
  boost::lengauer_tarjan_dominator_tree(
      g, n, boost::make_iterator_property_map(idom.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::uint32_t> chain;
  for (std::size_t v = idom[n + 1]; v != none && v != n; v = idom[v]) chain.push_back(static_cast<std::uint32_t>(v));
  std::reverse(chain.begin(), chain.end());
  return chain;
}

double path_probability(const directly_follows& dfg, std::span<const std::uint32_t> touchpoints) {
  const auto& g = dfg.graph;
  if (touchpoints.empty() || dfg.customers == 0) return 0.0;
  double p = static_cast<double>(g[touchpoints.front()].starts) / static_cast<double>(dfg.customers);
  for (std::size_t k = 1; k < touchpoints.size(); ++k) {
    const auto [e, exists] = boost::edge(touchpoints[k - 1], touchpoints[k], g);
    if (!exists) return 0.0;
    p *= static_cast<double>(g[e].count) / static_cast<double>(dfg.out_count(touchpoints[k - 1]));
  }
  return p * static_cast<double>(g[touchpoints.back()].ends) / static_cast<double>(dfg.out_count(touchpoints.back()));
}

journey_path most_likely_path(const directly_follows& dfg, const std::vector<path_variant>& variants) {
  journey_path out = cheapest_path(dfg, [](std::size_t, std::size_t, double p) { return -std::log(p); });
  for (const path_variant& v : variants)
    if (v.touchpoints == out.touchpoints) {
      out.customers = v.customers;
      out.mean_score = v.score.mean();
      break;
    }
  return out;
}

std::uint64_t min_path_customers(std::uint64_t journeys, double share) noexcept {
  const double needed = std::ceil(share * static_cast<double>(journeys));
  return needed > 1 ? static_cast<std::uint64_t>(needed) : 1;
}

journey_path worst_experience_path(const directly_follows& dfg, const std::vector<path_variant>& variants,
                                   std::uint64_t min_customers) {
  const path_variant* worst = nullptr;
  for (const path_variant& v : variants) {
    const double s = v.score.mean();
    if (v.customers < min_customers || std::isnan(s)) continue;
    const double w = worst ? worst->score.mean() : 0.0;
    if (!worst || s < w || (s == w && v.customers > worst->customers)) worst = &v;
  }
  if (!worst) return {};
  return {.touchpoints = worst->touchpoints,
          .probability = path_probability(dfg, worst->touchpoints),
          .customers = worst->customers,
          .mean_score = worst->score.mean()};
}

}  // namespace cxscore
