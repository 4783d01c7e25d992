#include "cxscore/report/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "cxscore/group_tables.hpp"
#include "internal/finite_output.hpp"

namespace cxscore {
namespace {

// The share of the brand's loss in `impact`, as a percentage; 0 when nothing was lost.
double loss_percent(double impact, double total) { return total < 0 ? 100.0 * impact / total : 0.0; }

// Group indices by impact, largest loss first; ties keep their order so the report is stable.
std::vector<std::size_t> ranked_by_impact(const std::vector<group_summary>& groups) {
  std::vector<std::size_t> order(groups.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return groups[a].impact_sum < groups[b].impact_sum; });
  return order;
}

}  // namespace

std::string render_report(const score_result& r, const journey_map& map, const report_options& options) {
  const double psi = r.brand.customer_weight;
  const loss_split loss = split_loss_by_role(r, map);
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };

  line(fmt::format("{}: journey map '{}', {} customers, {} encounters at {} touchpoints", options.title, map.name(),
                   r.brand.customers, r.brand.events, map.size()));
  line("");
  line(fmt::format("Brand score {}   index {} / 100   (50 = exactly as expected; below 50 = let down)",
                   detail::fixed_text(r.brand_score(), 4, true), detail::fixed_text(r.brand_index(), 1)));
  line(fmt::format("Loss from unmet expectations: {} per average customer", detail::fixed_text(loss.total, 4)));
  line("");

  const std::vector<std::size_t> order = ranked_by_impact(r.touchpoints);
  line("Fix first: touchpoints ranked by impact (the loss each causes the average customer)");
  line(fmt::format("  {:>2}  {:<20} {:<16} {:<10} {:>10} {:>7} {:>9} {:>9} {:>7}", "#", "touchpoint", "owner", "role",
                   "encounters", "unmet", "mean gap", "impact", "loss"));
  for (std::size_t k = 0; k < std::min(options.top_touchpoints, order.size()); ++k) {
    const std::size_t t = order[k];
    const auto& g = r.touchpoints[t];
    const touchpoint& tp = map[static_cast<touchpoint_code>(t)];
    if (!(g.weight > 0)) continue;  // no (weighted) encounters: no shares or means to show
    line(fmt::format("  {:>2}  {:<20} {:<16} {:<10} {:>10} {:>7} {:>9} {:>9} {:>6}%", k + 1, tp.name, tp.owner,
                     to_string(tp.role), g.count, detail::percent_text(g.unmet_share(), 1),
                     detail::fixed_text(g.mean_gap(), 4, true), detail::fixed_text(g.impact(psi), 4, true),
                     detail::fixed_text(loss_percent(g.impact(psi), loss.total), 1)));
  }
  line("");

  const auto owners = map.group_by([](const touchpoint& t) { return t.owner; });
  const auto by_owner = r.by(owners);
  const std::vector<std::size_t> owner_order = ranked_by_impact(by_owner);
  line("Owners' scorecard: customer experience is every department's job");
  line(fmt::format("  {:<18} {:>11} {:>10} {:>7} {:>9} {:>12} {:>9} {:>7}", "owner", "touchpoints", "encounters",
                   "unmet", "mean gap", "contribution", "impact", "loss"));
  for (const std::size_t o : owner_order) {
    const auto& g = by_owner[o];
    const auto touchpoints = std::count(owners.code_of_touchpoint.begin(), owners.code_of_touchpoint.end(), o);
    if (!(g.weight > 0)) continue;
    line(fmt::format("  {:<18} {:>11} {:>10} {:>7} {:>9} {:>12} {:>9} {:>6}%", owners.names[o], touchpoints, g.count,
                     detail::percent_text(g.unmet_share(), 1), detail::fixed_text(g.mean_gap(), 4, true),
                     detail::fixed_text(g.contribution(psi), 4, true), detail::fixed_text(g.impact(psi), 4, true),
                     detail::fixed_text(loss_percent(g.impact(psi), loss.total), 1)));
  }
  line("");
  line("Where the loss happens");
  line(fmt::format("  experience touchpoints (proactive: what the brand delivers)  {:>7} of the loss",
                   detail::percent_text(loss.experience, 1)));
  line(fmt::format("  service touchpoints (reactive: repairing what went wrong)    {:>7} of the loss",
                   detail::percent_text(loss.service, 1)));
  return out;
}

}  // namespace cxscore
