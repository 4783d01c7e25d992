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
#include <cstring>

#include "cxscore/detail/kernel_target.hpp"
#include "cxscore/group_summary.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

/// count, weight, gap, value, unmet, contribution, impact, (unused).
using group_terms = std::array<double, 8>;

#if defined(__GNUC__) || defined(__clang__)
/// Eight doubles as one vector of the compiler's (GCC/Clang vector extension): one multiply and one add
/// for all lanes, in registers as wide as the target has (two AVX2 or one AVX-512 register).
using lanes_vector = double __attribute__((vector_size(64)));
#endif

/// One encounter's terms: customer weight psi, `scale` = psi / (customer's sum of W), gap g, value v,
/// weight W, `loss` = min(v, 0) and `unmet` = 1 if g < 0 else 0 (given, so that no compare is needed here).
/// Each lane is one product of two factors, {1, psi, psi, psi, psi, share, share, 0} times
/// {1, 1, g, v, unmet, v, loss, 0} with share = scale W: the same roundings whichever way it is computed.
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
  /// add(encounter_terms(...)) as one vector multiply and one vector add where the compiler has vector
  /// extensions (the same bits: each lane is the same product, then the same sum).
  void add_encounter(double psi, double scale, double g, double v, double w, double loss, double unmet) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    const double share = scale * w;
    const lanes_vector factor{1.0, psi, psi, psi, psi, share, share, 0.0};
    const lanes_vector term{1.0, 1.0, g, v, unmet, v, loss, 0.0};
    lanes_vector s;
    std::memcpy(&s, sum.data(), sizeof s);
    s += factor * term;
    std::memcpy(sum.data(), &s, sizeof s);
#else
    add(encounter_terms(psi, scale, g, v, w, loss, unmet));
#endif
  }
  void merge(const group_lanes& o) noexcept { add(o.sum); }
  [[nodiscard]] group_summary summary() const noexcept {
    return {.count = static_cast<std::uint64_t>(sum[0]),
            .weight = sum[1],
            .gap_sum = sum[2],
            .value_sum = sum[3],
            .unmet_weight = sum[4],
            .contribution_sum = sum[5],
            .impact_sum = sum[6]};
  }
};

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
