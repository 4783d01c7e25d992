#pragma once
/// A mergeable summary of the encounters in one group (a touchpoint, owner, phase, channel, segment).
/// Sums only, so summaries built by threads, chunks or partitions merge into the one-pass answer.
///
/// ```cpp
/// cxscore::group_summary a, b;
/// a.add(/*psi*/ 1.0, /*g*/ -0.25, /*v*/ -0.6, /*share of customer's weight*/ 0.5);
/// a.merge(b);
/// double c = a.contribution(/*total customer weight*/ 10.0);
/// ```
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace cxscore {

struct group_summary {
  std::uint64_t count = 0;      ///< encounters
  double weight = 0;            ///< sum of customer weights psi over encounters
  double gap_sum = 0;           ///< sum psi * g
  double value_sum = 0;         ///< sum psi * v
  double unmet_weight = 0;      ///< sum psi over encounters with g < 0
  double contribution_sum = 0;  ///< sum psi * (W_i / sum_j W_j) * v_i
  double impact_sum = 0;        ///< sum psi * (W_i / sum_j W_j) * min(v_i, 0)

  /// Adds one encounter: customer weight psi, gap g, value v, and W_i / (sum of the customer's W).
  void add(double psi, double g, double v, double weight_share) noexcept {
    ++count;
    weight += psi;
    gap_sum += psi * g;
    value_sum += psi * v;
    unmet_weight += g < 0 ? psi : 0.0;
    const double share = psi * weight_share;
    contribution_sum += share * v;
    impact_sum += share * std::min(v, 0.0);
  }

  void merge(const group_summary& o) noexcept {
    count += o.count;
    weight += o.weight;
    gap_sum += o.gap_sum;
    value_sum += o.value_sum;
    unmet_weight += o.unmet_weight;
    contribution_sum += o.contribution_sum;
    impact_sum += o.impact_sum;
  }

  [[nodiscard]] double mean_gap() const noexcept { return gap_sum / weight; }
  [[nodiscard]] double mean_value() const noexcept { return value_sum / weight; }
  [[nodiscard]] double unmet_share() const noexcept { return unmet_weight / weight; }
  /// This group's part of the brand score; over a partition of all encounters they add up to it.
  [[nodiscard]] double contribution(double total_customer_weight) const noexcept {
    return contribution_sum / total_customer_weight;
  }
  /// The loss this group causes the average customer (<= 0): the fix-first ranking.
  [[nodiscard]] double impact(double total_customer_weight) const noexcept {
    return impact_sum / total_customer_weight;
  }
};

/// Rolls per-touchpoint summaries up into groups (owner, phase, channel): group_of[t] is t's group.
[[nodiscard]] inline std::vector<group_summary> roll_up(std::span<const group_summary> by_touchpoint,
                                                        std::span<const std::uint32_t> group_of,
                                                        std::size_t group_count) {
  std::vector<group_summary> out(group_count);
  for (std::size_t t = 0; t < by_touchpoint.size(); ++t) out[group_of[t]].merge(by_touchpoint[t]);
  return out;
}

/// Brand-level sums of a scoring run; mergeable like the group summaries.
struct brand_summary {
  std::uint64_t customers = 0;
  std::uint64_t events = 0;
  double customer_weight = 0;    ///< sum psi over scored customers
  double journey_score_sum = 0;  ///< sum psi * S_c before the peak-end blend
  double score_sum = 0;          ///< sum psi * S_c after the blend

  void merge(const brand_summary& o) noexcept {
    customers += o.customers;
    events += o.events;
    customer_weight += o.customer_weight;
    journey_score_sum += o.journey_score_sum;
    score_sum += o.score_sum;
  }
};

}  // namespace cxscore
