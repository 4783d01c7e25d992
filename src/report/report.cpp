#include "cxscore/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <string_view>

#include "cxscore/group_tables.hpp"
#include "internal/finite_output.hpp"

namespace cxscore {
namespace {

// The share of the brand's loss in `impact` (both in index points), as a percentage; 0 when nothing was lost.
double loss_percent(double impact, double total) { return total < 0 ? 100.0 * impact / total : 0.0; }

// Group indices by impact, largest loss first; ties keep their order so the report is stable.
std::vector<std::size_t> ranked_by_impact(const std::vector<group_summary>& groups) {
  std::vector<std::size_t> order(groups.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return groups[a].impact_sum < groups[b].impact_sum; });
  return order;
}

// A mean gap as a signed percentage of the scale's width (the gap is normalised by it): "-3.8%".
std::string gap_text(double gap) { return detail::fixed_text(100 * gap, 1, true) + "%"; }

}  // namespace

std::string render_report(const score_result& r, const journey_map& map, const report_options& options) {
  const loss_split loss = split_loss_by_role(r, map);
  const double loss_points_total = loss_points(loss.total, r.lambda);
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };

  line(fmt::format("{}: journey map '{}', {}, {} at {}", options.title, map.name(),
                   detail::count_text(r.brand.customers, "customer"), detail::count_text(r.brand.events, "encounter"),
                   detail::count_text(map.size(), "touchpoint")));
  line("");
  line(fmt::format("Brand index {} / 100   (50 = exactly as expected; below 50 = let down)",
                   detail::fixed_text(r.brand_index(), 1)));
  line(fmt::format("Unmet expectations cost the average customer {} index points",
                   detail::fixed_text(-loss_points_total, 1)));
  line("");

  // Columns as wide as the longest name, so long touchpoint and owner names keep the table aligned.
  std::size_t name_width = std::string_view("touchpoint").size(), owner_width = std::string_view("owner").size();
  for (std::size_t t = 0; t < map.size(); ++t) {
    name_width = std::max(name_width, map[static_cast<touchpoint_code>(t)].name.size());
    owner_width = std::max(owner_width, map[static_cast<touchpoint_code>(t)].owner.size());
  }
  const std::vector<std::size_t> order = ranked_by_impact(r.touchpoints);
  line("Fix first: touchpoints ranked by impact (the index points each costs the average customer)");
  line(fmt::format("  {:>2}  {:<{}} {:<{}} {:<10} {:>10} {:>10} {:>10} {:>8} {:>8}", "#", "touchpoint", name_width,
                   "owner", owner_width, "role", "encounters", "unmet", "mean gap", "impact", "share of"));
  line(fmt::format("  {:>2}  {:<{}} {:<{}} {:<10} {:>10} {:>10} {:>10} {:>8} {:>8}", "", "", name_width, "",
                   owner_width, "", "", "(of enc.)", "(of scale)", "(points)", "the loss"));
  for (std::size_t k = 0; k < std::min(options.top_touchpoints, order.size()); ++k) {
    const std::size_t t = order[k];
    const auto& g = r.touchpoints[t];
    const touchpoint& tp = map[static_cast<touchpoint_code>(t)];
    if (!(g.weight > 0)) continue;  // no (weighted) encounters: no shares or means to show
    line(fmt::format("  {:>2}  {:<{}} {:<{}} {:<10} {:>10} {:>10} {:>10} {:>8} {:>7}%", k + 1, tp.name, name_width,
                     tp.owner, owner_width, to_string(tp.role), g.count, detail::percent_text(g.unmet_share(), 1),
                     gap_text(g.mean_gap()), detail::fixed_text(r.impact_points(g), 2, true),
                     detail::fixed_text(loss_percent(r.impact_points(g), loss_points_total), 1)));
  }
  line("");

  const auto owners = map.group_by([](const touchpoint& t) { return t.owner; });
  const auto by_owner = r.by(owners);
  const std::vector<std::size_t> owner_order = ranked_by_impact(by_owner);
  line("Owners' scorecard: customer experience is every department's job");
  line(fmt::format("  {:<{}} {:>11} {:>10} {:>10} {:>10} {:>12} {:>8} {:>8}", "owner", owner_width, "touchpoints",
                   "encounters", "unmet", "mean gap", "contribution", "impact", "share of"));
  line(fmt::format("  {:<{}} {:>11} {:>10} {:>10} {:>10} {:>12} {:>8} {:>8}", "", owner_width, "", "", "(of enc.)",
                   "(of scale)", "(points)", "(points)", "the loss"));
  for (const std::size_t o : owner_order) {
    const auto& g = by_owner[o];
    const auto touchpoints = std::count(owners.code_of_touchpoint.begin(), owners.code_of_touchpoint.end(), o);
    if (!(g.weight > 0)) continue;
    line(fmt::format("  {:<{}} {:>11} {:>10} {:>10} {:>10} {:>12} {:>8} {:>7}%", owners.names[o], owner_width,
                     touchpoints, g.count, detail::percent_text(g.unmet_share(), 1), gap_text(g.mean_gap()),
                     detail::fixed_text(r.contribution_points(g), 2, true),
                     detail::fixed_text(r.impact_points(g), 2, true),
                     detail::fixed_text(loss_percent(r.impact_points(g), loss_points_total), 1)));
  }
  line(fmt::format("  (contributions in index points add up to the brand index - 50 = {}; impacts, the losses alone,",
                   detail::fixed_text(r.brand_index() - 50, 2, true)));
  line(fmt::format("  add up to {} points; unmet = the share of encounters whose expectation was unmet)",
                   detail::fixed_text(loss_points_total, 2)));
  line("");
  line("Where the loss happens");
  line(fmt::format("  experience touchpoints (proactive: what the brand delivers)  {:>7} of the loss",
                   detail::percent_text(loss.experience, 1)));
  line(fmt::format("  service touchpoints (reactive: repairing what went wrong)    {:>7} of the loss",
                   detail::percent_text(loss.service, 1)));
  return out;
}

}  // namespace cxscore
