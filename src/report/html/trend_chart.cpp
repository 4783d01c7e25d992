// The brand trend: the index by window as a small line chart, changes beyond noise marked.
#include <algorithm>
#include <cmath>

#include "cxscore/report/html_report.hpp"
#include "report/html/palettes.hpp"
#include "report/html/svg.hpp"

namespace cxscore {

std::string trend_chart_svg(const monitor_result& trend, std::uint32_t group) {
  using namespace detail::html;
  const std::vector<window_row> rows = trend.series(group);
  constexpr double width = 720, height = 220, left = 48, right = 16, top = 14, bottom = 34;
  std::string out =
      svg_open(width, height,
               "Brand index by " + std::string(to_string(trend.per)) + ", windows whose change is beyond noise marked",
               "chart trend-chart");
  if (rows.empty()) return out + text_element(width / 2, height / 2, "no windows", "middle") + "</svg>";
  double lo = rows.front().index, hi = lo;
  for (const auto& r : rows) lo = std::min(lo, r.index), hi = std::max(hi, r.index);
  // At least two index points tall, so noise-sized wiggles do not fill the chart.
  const double middle = (lo + hi) / 2, half = std::max((hi - lo) / 2 * 1.15, 1.0);
  lo = middle - half, hi = middle + half;
  const double first = static_cast<double>(rows.front().window.number);
  const double span = std::max(1.0, static_cast<double>(rows.back().window.number) - first);
  auto x_of = [&](const window_row& r) {
    return left + (width - left - right) * (static_cast<double>(r.window.number) - first) / span;
  };
  auto y_of = [&](double index) { return top + (height - top - bottom) * (hi - index) / (hi - lo); };

  out += "<line x1=\"" + px(left) + "\" y1=\"" + px(height - bottom) + "\" x2=\"" + px(width - right) + "\" y2=\"" +
         px(height - bottom) + "\" class=\"axis\"/>";
  for (const double tick : {lo, middle, hi}) {
    out += "<line x1=\"" + px(left - 4) + "\" y1=\"" + px(y_of(tick)) + "\" x2=\"" + px(width - right) + "\" y2=\"" +
           px(y_of(tick)) + "\" class=\"grid\"/>";
    out += text_element(left - 6, y_of(tick) + 4, shown(tick, 1), "end", "small");
  }
  out += text_element(left, height - 10, rows.front().window.label, "start", "small");
  if (rows.size() > 1) out += text_element(width - right, height - 10, rows.back().window.label, "end", "small");
  std::string points;
  for (const auto& r : rows) points += px(x_of(r)) + "," + px(y_of(r.index)) + " ";
  out += "<polyline class=\"line\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" points=\"" + points + "\"/>";
  for (const auto& r : rows) {
    const std::string change =
        std::isnan(r.index_change) ? "" : ", " + shown(r.index_change, 1, true) + " from the previous window";
    out += "<g class=\"point\" data-window=\"" + escaped(r.window.label) + "\" data-index=\"" + data_number(r.index) +
           "\" data-flagged=\"" + (r.flagged ? "yes" : "no") + "\"><title>" +
           escaped(r.window.label + ": index " + shown(r.index, 1) + change + (r.flagged ? " (beyond noise)" : "")) +
           "</title>";
    out += "<circle cx=\"" + px(x_of(r)) + "\" cy=\"" + px(y_of(r.index)) + "\" r=\"" + (r.flagged ? "6" : "3") +
           "\" fill=\"" + (r.flagged ? detail::html::flag_colour : "#0072B2") + "\"/></g>";
  }
  return out + "</svg>";
}

}  // namespace cxscore
