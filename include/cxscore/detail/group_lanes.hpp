#pragma once
/// group_summary's sums as eight adjacent doubles (one cache line), so adding an encounter is a few
/// vector adds instead of seven scalar ones; the count rides along as a double (exact below 2^53).
///
/// ```cpp
/// cxscore::detail::group_lanes lanes;
/// lanes.add(cxscore::detail::encounter_terms(/*psi*/ 1, /*psi/W*/ 0.5, /*g*/ -0.25, /*v*/ -0.6, /*W*/ 1,
///                                            /*min(v, 0)*/ -0.6, /*unmet*/ 1));
/// cxscore::group_summary s = lanes.summary();
/// ```
#include <algorithm>
#include <array>
#include <cstdint>

#include "cxscore/group_summary.hpp"

namespace cxscore::detail {

/// count, weight, gap, value, unmet, contribution, impact, (unused).
using group_terms = std::array<double, 8>;

/// One encounter's terms: customer weight psi, `scale` = psi / (customer's sum of W), gap g, value v,
/// weight W, `loss` = min(v, 0) and `unmet` = 1 if g < 0 else 0 (given, so that no compare is needed here).
[[nodiscard]] inline group_terms encounter_terms(double psi, double scale, double g, double v, double w, double loss,
                                                 double unmet) noexcept {
  const double share = scale * w;
  return {1.0, psi, psi * g, psi * v, psi * unmet, share * v, share * loss, 0.0};
}

struct alignas(64) group_lanes {
  group_terms sum{};

  void add(const group_terms& q) noexcept {
    for (std::size_t j = 0; j < sum.size(); ++j) sum[j] += q[j];
  }
  void merge(const group_lanes& o) noexcept { add(o.sum); }
  [[nodiscard]] group_summary summary() const noexcept {
    return {.count = static_cast<std::uint64_t>(sum[0]), .weight = sum[1], .gap_sum = sum[2], .value_sum = sum[3],
            .unmet_weight = sum[4], .contribution_sum = sum[5], .impact_sum = sum[6]};
  }
};

}  // namespace cxscore::detail
