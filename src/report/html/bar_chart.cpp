// The "what to fix first" chart: touchpoints ranked by impact as horizontal bars in index points.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "cxscore/report/html_report.hpp"
#include "report/html/palettes.hpp"
#include "report/html/svg.hpp"

namespace cxscore {

std::vector<touchpoint_code> touchpoints_by_impact(const score_result& result) {
  std::vector<touchpoint_code> order;
  for (std::size_t t = 0; t < result.touchpoints.size(); ++t)
    if (result.touchpoints[t].weight > 0) order.push_back(static_cast<touchpoint_code>(t));
  std::stable_sort(order.begin(), order.end(), [&](touchpoint_code a, touchpoint_code b) {
    return result.touchpoints[a].impact_sum < result.touchpoints[b].impact_sum;
  });
  return order;
}

std::string impact_bar_chart_svg(const score_result& result, const journey_map& map, std::size_t top) {
  using namespace detail::html;
  const std::vector<touchpoint_code> ranked = touchpoints_by_impact(result);
  const std::size_t shown_bars = std::min(top, ranked.size());
  const auto owners = map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
  const double psi = result.brand.customer_weight;

  constexpr double label_width = 210, bar_space = 400, value_width = 110, row = 22, legend_row = 20, top_margin = 8;
  double largest = 0;
  for (std::size_t k = 0; k < shown_bars; ++k)
    largest = std::max(largest, -result.impact_points(result.touchpoints[ranked[k]]));
  const double legend_rows = std::ceil(static_cast<double>(owners.names.size()) / 4.0);
  const double height = top_margin + row * static_cast<double>(shown_bars) + 12 + legend_row * legend_rows;
  const double width = label_width + bar_space + value_width;

  std::string out = svg_open(width, height,
                             "Touchpoints ranked by the index points they cost the average customer, coloured by owner",
                             "chart impact-chart");
  for (std::size_t k = 0; k < shown_bars; ++k) {
    const touchpoint_code t = ranked[k];
    const group_summary& g = result.touchpoints[t];
    const touchpoint& tp = map[t];
    const double points = result.impact_points(g);
    const double length = largest > 0 ? bar_space * (-points) / largest : 0.0;
    const double y = top_margin + row * static_cast<double>(k);
    out += "<g class=\"bar\" data-rank=\"" + std::to_string(k + 1) + "\" data-touchpoint=\"" + escaped(tp.name) +
           "\" data-owner=\"" + escaped(tp.owner) + "\" data-impact=\"" + data_number(g.impact(psi)) +
           "\" data-impact-points=\"" + data_number(points) + "\">";
    out += "<title>" + escaped(tp.name + " (" + tp.owner + "): " + shown(points, 2) + " index points") + "</title>";
    out += text_element(label_width - 8, y + 15, tp.name, "end");
    out += "<rect x=\"" + px(label_width) + "\" y=\"" + px(y + 3) + "\" width=\"" + px(std::max(length, 1.0)) +
           "\" height=\"" + px(row - 6) + "\" fill=\"" + categorical_colour(owners.code_of_touchpoint[t]) + "\"/>";
    out += text_element(label_width + std::max(length, 1.0) + 6, y + 15, shown(points, 2) + " pts", "start", "value");
    out += "</g>";
  }
  // The legend: one swatch per owner, four to a row.
  const double legend_y = top_margin + row * static_cast<double>(shown_bars) + 12;
  for (std::size_t o = 0; o < owners.names.size(); ++o) {
    const double x = 10 + static_cast<double>(o % 4) * (width - 20) / 4;
    const double y = legend_y + legend_row * std::floor(static_cast<double>(o) / 4);
    out += "<g class=\"legend\" data-owner=\"" + escaped(owners.names[o]) + "\"><rect x=\"" + px(x) + "\" y=\"" +
           px(y + 2) + "\" width=\"12\" height=\"12\" fill=\"" + categorical_colour(o) + "\"/>" +
           text_element(x + 18, y + 12, owners.names[o], "start", "small") + "</g>";
  }
  return out + "</svg>";
}

}  // namespace cxscore
