#include "cxscore/journeys/directly_follows.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "internal/touchpoint_recoding.hpp"

namespace cxscore {

namespace {

using edge_key = std::pair<std::size_t, std::size_t>;

std::map<edge_key, dfg_edge> edges_by_key(const directly_follows::graph_type& g) {
  std::map<edge_key, dfg_edge> out;
  for (auto [it, end] = boost::edges(g); it != end; ++it)
    out.emplace(edge_key{boost::source(*it, g), boost::target(*it, g)}, g[*it]);
  return out;
}

/// A graph of `vertices` whose edges are added in (source, target) order, as discover_directly_follows adds them.
directly_follows::graph_type graph_of(const std::vector<dfg_vertex>& vertices,
                                      const std::map<edge_key, dfg_edge>& edges) {
  directly_follows::graph_type g;
  for (const auto& v : vertices) boost::add_vertex(v, g);
  for (const auto& [key, e] : edges) boost::add_edge(key.first, key.second, e, g);
  return g;
}

void add_counts(dfg_vertex& into, const dfg_vertex& v) {
  into.visits += v.visits;
  into.customers += v.customers;
  into.starts += v.starts;
  into.ends += v.ends;
  into.gap.merge(v.gap);
  into.start_gap.merge(v.start_gap);
}

void add_counts(dfg_edge& into, const dfg_edge& e) {
  into.count += e.count;
  into.gap.merge(e.gap);
  into.duration.merge(e.duration);
}

}  // namespace

void merge_directly_follows(directly_follows& into, const directly_follows& from) {
  const std::size_t n = boost::num_vertices(into.graph);
  if (into.min_count != 1 || from.min_count != 1)
    throw std::invalid_argument("merge_directly_follows: a filtered graph does not merge");
  if (boost::num_vertices(from.graph) != n)
    throw std::invalid_argument("merge_directly_follows: graphs of different touchpoints");
  std::vector<dfg_vertex> vertices;
  for (std::size_t v = 0; v < n; ++v) {
    if (into.graph[v].name != from.graph[v].name)
      throw std::invalid_argument("merge_directly_follows: touchpoint " + std::to_string(v) + " is '" +
                                  into.graph[v].name + "' and '" + from.graph[v].name + "'");
    vertices.push_back(into.graph[v]);
    add_counts(vertices.back(), from.graph[v]);
  }
  auto edges = edges_by_key(into.graph);
  for (const auto& [key, e] : edges_by_key(from.graph)) add_counts(edges[key], e);
  into.graph = graph_of(vertices, edges);
  into.customers += from.customers;
  into.events += from.events;
}

directly_follows recoded(const directly_follows& dfg, std::span<const std::uint32_t> codes,
                         const std::vector<std::string>& names) {
  const auto& g = dfg.graph;
  detail::check_touchpoint_codes(codes, boost::num_vertices(g), names.size(), "recoded(directly_follows)");
  std::vector<dfg_vertex> vertices(names.size());
  for (std::size_t t = 0; t < names.size(); ++t) vertices[t].name = names[t];
  for (std::size_t v = 0; v < codes.size(); ++v) {
    if (g[v].name != names[codes[v]])
      throw std::invalid_argument("recoded(directly_follows): touchpoint '" + g[v].name + "' given the code of '" +
                                  names[codes[v]] + "'");
    vertices[codes[v]] = g[v];
  }
  std::map<edge_key, dfg_edge> edges;
  for (const auto& [key, e] : edges_by_key(g)) edges.emplace(edge_key{codes[key.first], codes[key.second]}, e);
  directly_follows out;
  out.graph = graph_of(vertices, edges);
  out.customers = dfg.customers;
  out.events = dfg.events;
  out.min_count = dfg.min_count;
  return out;
}

std::uint64_t directly_follows::out_count(std::size_t v) const {
  std::uint64_t n = graph[v].ends;
  for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it) n += graph[*it].count;
  return n;
}

directly_follows directly_follows::filtered(std::uint64_t at_least) const {
  directly_follows out;
  out.customers = customers;
  out.events = events;
  out.min_count = std::max(min_count, at_least);
  for (std::size_t v = 0; v < boost::num_vertices(graph); ++v) boost::add_vertex(graph[v], out.graph);
  for (auto [it, end] = boost::edges(graph); it != end; ++it)
    if (graph[*it].count >= at_least)
      boost::add_edge(boost::source(*it, graph), boost::target(*it, graph), graph[*it], out.graph);
  return out;
}

directly_follows discover_directly_follows(const event_log& log, const journey_order& order) {
  const std::size_t n_tp = log.touchpoints.size();
  directly_follows dfg;
  for (std::size_t t = 0; t < n_tp; ++t) {
    dfg_vertex v;
    v.name = log.touchpoints[static_cast<std::uint32_t>(t)];
    boost::add_vertex(v, dfg.graph);  // Boost.Graph copies the property: it takes no rvalue
  }
  const bool dense = n_tp <= 4096;
  std::vector<dfg_edge> dense_edges(dense ? n_tp * n_tp : 0);
  std::unordered_map<std::uint64_t, dfg_edge> sparse_edges;
  // The last customer counted at each touchpoint: journeys are walked customer by customer, so a
  // touchpoint's customers are counted in one pass, without a set per touchpoint.
  std::vector<std::size_t> counted_customer(n_tp, order.customers());
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
      if (counted_customer[log.touchpoint[i]] != c) counted_customer[log.touchpoint[i]] = c, ++here.customers;
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

void path_counts::merge(const path_counts& o) {
  if (o.touchpoints != touchpoints) throw std::invalid_argument("path_counts::merge: different touchpoints");
  for (const auto& [path, t] : o.paths) {
    path_tally& into = paths[path];
    into.customers += t.customers;
    into.score.merge(t.score);
  }
}

path_counts path_counts::recoded(std::span<const std::uint32_t> codes, std::size_t to) const {
  detail::check_touchpoint_codes(codes, touchpoints, to, "path_counts::recoded");
  path_counts out{.touchpoints = to, .paths = {}};
  std::vector<std::uint32_t> path;
  for (const auto& [old, t] : paths) {
    path.clear();
    for (const auto c : old) path.push_back(codes[c]);
    out.paths.emplace(path, t);
  }
  return out;
}

path_counts count_paths(const event_log& log, const journey_order& order, const std::function<double(double)>& value,
                        const std::vector<double>& weight) {
  path_counts found{.touchpoints = log.touchpoints.size(), .paths = {}};
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
    path_tally& t = found.paths[path];
    ++t.customers;
    if (w_sum > 0) t.score.add(wv_sum / w_sum);
  }
  return found;
}

std::vector<path_variant> variants_of(const path_counts& counts, std::uint64_t min_customers) {
  std::vector<path_variant> out;
  for (const auto& [touchpoints, t] : counts.paths)
    if (t.customers >= min_customers)
      out.push_back({.touchpoints = touchpoints, .customers = t.customers, .score = t.score});
  std::stable_sort(out.begin(), out.end(),
                   [](const path_variant& a, const path_variant& b) { return a.customers > b.customers; });
  return out;
}

std::vector<path_variant> discover_variants(const event_log& log, const journey_order& order,
                                            const std::function<double(double)>& value,
                                            const std::vector<double>& weight, std::uint64_t min_customers) {
  return variants_of(count_paths(log, order, value, weight), min_customers);
}

}  // namespace cxscore
