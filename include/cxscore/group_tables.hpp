#pragma once
/// The five roll-ups of a score result, by touchpoint, owner, phase, channel and segment, and the
/// measures every group table reports. `cxscore score` writes them as CSV files; Python returns them
/// as DataFrames; both read them from here.
///
/// ```cpp
/// for (const auto& table : cxscore::group_tables(result, map, &customers))
///   for (std::size_t k = 0; k < table.names.size(); ++k)
///     std::cout << table.key << ' ' << table.names[k] << ' ' << table.groups[k].mean_gap() << '\n';
/// ```
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/group_summary.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/score.hpp"

namespace cxscore {

struct group_table {
  std::string key;  ///< "touchpoint", "owner", "phase", "channel" or "segment"
  std::vector<std::string> names;
  std::vector<group_summary> groups;
};

/// A reported measure of a group of the scoring run `result` (its total customer weight, brand score, λ).
struct group_measure {
  std::string_view name;
  double (*value)(const group_summary& group, const score_result& result);
};

/// The measures after `count`, in the order of the columns: the raw scores' measures, then contribution
/// and impact in index points (score_result::contribution_points, impact_points), which add up to the
/// brand index − 50 and to the loss in points.
inline constexpr std::array<group_measure, 7> group_measures{{
    {"mean_gap", [](const group_summary& g, const score_result&) { return g.mean_gap(); }},
    {"mean_value", [](const group_summary& g, const score_result&) { return g.mean_value(); }},
    {"unmet_share", [](const group_summary& g, const score_result&) { return g.unmet_share(); }},
    {"contribution",
     [](const group_summary& g, const score_result& r) { return g.contribution(r.brand.customer_weight); }},
    {"impact", [](const group_summary& g, const score_result& r) { return g.impact(r.brand.customer_weight); }},
    {"contribution_points", [](const group_summary& g, const score_result& r) { return r.contribution_points(g); }},
    {"impact_points", [](const group_summary& g, const score_result& r) { return r.impact_points(g); }},
}};

/// Touchpoints (map order), owners, phases, channels (first appearance in the map) and segments (the
/// customer table's; without one, the single segment "unassigned").
[[nodiscard]] inline std::vector<group_table> group_tables(const score_result& result, const journey_map& map,
                                                           const customer_table* customers) {
  std::vector<group_table> out;
  std::vector<std::string> touchpoint_names;
  for (std::size_t t = 0; t < map.size(); ++t) touchpoint_names.push_back(map[static_cast<touchpoint_code>(t)].name);
  out.push_back({"touchpoint", std::move(touchpoint_names), result.touchpoints});
  auto by_attribute = [&](std::string key, auto attribute) {
    auto grouping = map.group_by(attribute);
    out.push_back({std::move(key), grouping.names, result.by(grouping)});
  };
  by_attribute("owner", [](const touchpoint& t) -> const std::string& { return t.owner; });
  by_attribute("phase", [](const touchpoint& t) -> const std::string& { return t.phase; });
  by_attribute("channel", [](const touchpoint& t) -> const std::string& { return t.channel; });
  out.push_back({"segment",
                 customers ? customers->segments.labels() : std::vector<std::string>{std::string(unassigned_segment)},
                 result.segments});
  return out;
}

/// Shares of the brand's loss (sum of impacts) at experience and at service touchpoints; 0 and 0 when
/// nothing was lost.
struct loss_split {
  double experience = 0;
  double service = 0;
  double total = 0;  ///< the brand's loss, sum of all impacts (<= 0)
};
[[nodiscard]] inline loss_split split_loss_by_role(const score_result& result, const journey_map& map) {
  loss_split s;
  const double psi = result.brand.customer_weight;
  for (std::size_t t = 0; t < map.size(); ++t) {
    const double impact = result.touchpoints[t].impact(psi);
    (map[static_cast<touchpoint_code>(t)].role == role::service ? s.service : s.experience) += impact;
  }
  s.total = s.experience + s.service;
  if (s.total < 0) {
    s.experience /= s.total;
    s.service /= s.total;
  } else {
    s.experience = s.service = 0;
  }
  return s;
}

}  // namespace cxscore
