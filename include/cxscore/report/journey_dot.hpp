#pragma once
/// The discovered journey graph as Graphviz DOT, for `dot -Tsvg`: edge width by traffic, node colour by
/// mean gap (red unmet, green met).
///
/// ```cpp
/// std::ofstream("journeys.dot") << cxscore::to_dot(dfg);
/// ```
#include <boost/graph/adjacency_list.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "cxscore/error.hpp"
#include "cxscore/journeys/directly_follows.hpp"

namespace cxscore {

/// Graphviz DOT of the journey graph: start and end as points, edge label = count, pen width 1..6 by
/// traffic (relative to the busiest edge), node fill by mean gap from red (-1) through white (0) to green
/// (+1); grey when not measured.
[[nodiscard]] inline std::string to_dot(const directly_follows& dfg, const std::string& title = "journeys") {
  const auto& g = dfg.graph;
  const std::size_t n = boost::num_vertices(g);
  std::uint64_t busiest = 1;
  for (auto [it, end] = boost::edges(g); it != end; ++it) busiest = std::max(busiest, g[*it].count);
  for (std::size_t v = 0; v < n; ++v) busiest = std::max({busiest, g[v].starts, g[v].ends});
  auto quoted = [](const std::string& s) {
    std::string q = "\"";
    for (char ch : s) {
      if (ch == '"' || ch == '\\') q += '\\';
      q += ch;
    }
    return q + '"';
  };
  auto width = [&](std::uint64_t c) {
    return detail::number_text(std::round((1.0 + 5.0 * static_cast<double>(c) / static_cast<double>(busiest)) * 100) /
                               100);
  };
  auto colour = [](double gap) -> std::string {
    if (std::isnan(gap)) return "#dddddd";
    const auto channel = [](double x) {
      static const char* hex = "0123456789abcdef";
      const int v = static_cast<int>(std::lround(std::clamp(x, 0.0, 1.0) * 255));
      return std::string{hex[v / 16], hex[v % 16]};
    };
    const double a = std::min(1.0, std::abs(gap));
    return gap < 0 ? "#ff" + channel(1 - a) + channel(1 - a) : "#" + channel(1 - a) + "ff" + channel(1 - a);
  };
  std::string out = "digraph " + quoted(title) + " {\n  rankdir=LR;\n  node [shape=box, style=filled];\n";
  out += "  \"__start__\" [shape=circle, label=\"start\", fillcolor=\"#000000\", fontcolor=\"#ffffff\"];\n";
  out += "  \"__end__\" [shape=doublecircle, label=\"end\", fillcolor=\"#000000\", fontcolor=\"#ffffff\"];\n";
  for (std::size_t v = 0; v < n; ++v) {
    const double gap = g[v].gap.mean();
    out += "  " + quoted(g[v].name) + " [fillcolor=\"" + colour(gap) + "\", tooltip=\"visits " +
           std::to_string(g[v].visits) + (std::isnan(gap) ? "" : ", mean gap " + detail::number_text(gap)) + "\"];\n";
  }
  auto edge = [&](const std::string& s, const std::string& t, std::uint64_t c) {
    out +=
        "  " + quoted(s) + " -> " + quoted(t) + " [label=\"" + std::to_string(c) + "\", penwidth=" + width(c) + "];\n";
  };
  for (std::size_t v = 0; v < n; ++v)
    if (g[v].starts) edge("__start__", g[v].name, g[v].starts);
  for (auto [it, end] = boost::edges(g); it != end; ++it)
    edge(g[boost::source(*it, g)].name, g[boost::target(*it, g)].name, g[*it].count);
  for (std::size_t v = 0; v < n; ++v)
    if (g[v].ends) edge(g[v].name, "__end__", g[v].ends);
  return out + "}\n";
}

}  // namespace cxscore
