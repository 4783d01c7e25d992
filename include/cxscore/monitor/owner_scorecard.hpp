#pragma once
/// Owner scorecards: customer experience is every department's job. Per owner (the touchpoints' `owner`):
/// its touchpoints' scores, its share of the brand's loss, the service contacts its touchpoints cause,
/// its trend over time windows, and a one-line verdict.
///
/// - touchpoint / owner **index** = `score_index(mean value, λ)`, the ψ-weighted mean of v over the
///   encounters (as `touchpoints.csv`'s `mean_value`, on the 0-100 scale);
/// - **loss share** = the owner's impact / the brand's loss (Σ of all impacts; 0 when nothing was lost);
/// - **caused contacts** = Σ over its experience touchpoints of the contacts the brand figure's joint model
///   says they explain, `(rate unmet − rate met) × unmet visits` (explained_share.hpp: each contact counted
///   once, so the owners' caused contacts add up to the brand's explained contacts), and per month of the
///   events' span;
/// - **handled contacts** = events at its service touchpoints;
/// - **trend** = the owner's last window of `monitor(..., grouping by owner)`: index, change from the
///   previous window, and whether the change exceeds noise.
///
/// ```cpp
/// auto cards = cxscore::owner_scorecards(result, map, attribution, trend);  // largest loss first
/// for (const auto& c : cards) std::puts(cxscore::owner_verdict(c, map).c_str());
/// // "logistics: delivery promise unmet for 29% of customers (14% of the brand's loss); causes ~370 service
/// //  contacts a month; index 45.9 in 2026-07, down 1.5 from the previous window (beyond noise)"
/// ```
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "cxscore/group_summary.hpp"
#include "cxscore/group_tables.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/score.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace cxscore {

struct owner_touchpoint {
  touchpoint_code touchpoint = 0;
  group_summary summary;
  double index = 0;                      ///< score_index(mean value)
  double loss_share = 0;                 ///< of the brand's loss
  std::optional<service_demand> demand;  ///< experience touchpoints only
};

struct owner_scorecard {
  std::string owner;
  std::vector<owner_touchpoint> touchpoints;  ///< map order
  group_summary summary;                      ///< all its encounters
  double index = 0;
  double impact = 0;         ///< Σ impacts (<= 0)
  double impact_points = 0;  ///< the impact in index points (loss_points)
  double loss_share = 0;
  double caused_contacts = 0;
  double caused_per_month = 0;
  std::uint64_t handled_contacts = 0;
  double handled_per_month = 0;
  std::optional<window_row> latest;  ///< the last window of the trend, if a trend was given
  /// The touchpoint with the largest loss (the first in map order when none lost anything).
  [[nodiscard]] const owner_touchpoint& worst() const {
    return *std::min_element(touchpoints.begin(), touchpoints.end(),
                             [](const auto& a, const auto& b) { return a.summary.impact_sum < b.summary.impact_sum; });
  }
  /// The touchpoint the verdict names: the one causing the most service contacts (interval above 0),
  /// else worst().
  [[nodiscard]] const owner_touchpoint& headline() const {
    const owner_touchpoint* best = nullptr;
    for (const auto& t : touchpoints)
      if (t.demand && t.demand->significant() && (!best || t.demand->caused_contacts > best->demand->caused_contacts))
        best = &t;
    return best ? *best : worst();
  }
};

/// The owners' scorecards, largest loss first (ties in map order). `trend` (optional) is a monitor
/// result grouped by owner (`map.group_by(owner)`), from the same events.
[[nodiscard]] inline std::vector<owner_scorecard> owner_scorecards(const score_result& result, const journey_map& map,
                                                                   const service_attribution& attribution,
                                                                   const monitor_result* trend = nullptr) {
  const double psi = result.brand.customer_weight;
  const loss_split loss = split_loss_by_role(result, map);
  auto share = [&](double impact) { return loss.total < 0 ? impact / loss.total : 0.0; };
  const auto owners = map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
  const std::vector<group_summary> by_owner = result.by(owners);
  std::vector<owner_scorecard> cards(owners.names.size());
  for (std::size_t o = 0; o < cards.size(); ++o) {
    owner_scorecard& c = cards[o];
    c.owner = owners.names[o];
    c.summary = by_owner[o];
    c.index = score_index(c.summary.mean_value(), result.lambda);
    c.impact = c.summary.impact(psi);
    c.impact_points = loss_points(c.impact, result.lambda);
    c.loss_share = share(c.impact);
  }
  for (std::size_t t = 0; t < map.size(); ++t) {
    const auto code = static_cast<touchpoint_code>(t);
    owner_scorecard& c = cards[owners.code_of_touchpoint[t]];
    owner_touchpoint ot{.touchpoint = code,
                        .summary = result.touchpoints[t],
                        .index = score_index(result.touchpoints[t].mean_value(), result.lambda),
                        .loss_share = share(result.touchpoints[t].impact(psi)),
                        .demand = std::nullopt};
    if (map[code].role == role::experience) {
      ot.demand = attribution.demand(code);
      const double caused = attribution.brand.caused(t, attribution.by_touchpoint[t].unmet_visits);
      if (!std::isnan(caused)) c.caused_contacts += caused;  // NaN: no met or no unmet visits
    } else {
      c.handled_contacts += attribution.contacts_by_service[t];
    }
    c.touchpoints.push_back(ot);
  }
  for (owner_scorecard& c : cards) {
    c.caused_per_month = attribution.per_month(c.caused_contacts);
    c.handled_per_month = attribution.per_month(static_cast<double>(c.handled_contacts));
  }
  if (trend)
    for (const window_row& row : trend->rows)  // rows are in time order within a group: the last one stays
      for (owner_scorecard& c : cards)
        if (trend->groups[row.group] == c.owner) c.latest = row;
  std::vector<std::size_t> order(cards.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return cards[a].impact < cards[b].impact; });
  std::vector<owner_scorecard> ranked;
  ranked.reserve(cards.size());
  for (const std::size_t o : order) ranked.push_back(std::move(cards[o]));
  return ranked;
}

/// One line for the owner, e.g. "logistics: delivery promise unmet for 29% of customers (14% of the
/// brand's loss); causes ~370 service contacts a month; index 45.9 in 2026-07, down 1.5 from the previous
/// window (beyond noise)". The touchpoint is headline(); "customers" are those who passed it
/// (service_demand::unmet_customer_share); a service touchpoint is described by its encounters instead.
[[nodiscard]] std::string owner_verdict(const owner_scorecard& card, const journey_map& map);

/// `x` rounded to two significant digits with thousands separators: 1234.5 -> "1,200", 57.2 -> "57".
[[nodiscard]] std::string approximate_count(double x);

}  // namespace cxscore
