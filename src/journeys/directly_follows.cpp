#include "cxscore/journeys/directly_follows.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

namespace cxscore {

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

std::vector<path_variant> discover_variants(const event_log& log, const journey_order& order,
                                            const std::function<double(double)>& value,
                                            const std::vector<double>& weight, std::uint64_t min_customers) {
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
