#pragma once
/// Brand-level sums of a scoring run; mergeable like the group summaries.
///
/// ```cpp
/// cxscore::brand_summary a, b;
/// a.merge(b);
/// double brand_score = a.journey_score_sum / a.customer_weight;
/// ```
#include <cstdint>

namespace cxscore {

struct brand_summary {
  std::uint64_t customers = 0;
  std::uint64_t events = 0;
  double customer_weight = 0;     ///< sum psi over scored customers
  double journey_score_sum = 0;   ///< sum psi * S_c before the peak-end blend
  double score_sum = 0;           ///< sum psi * S_c after the blend

  void merge(const brand_summary& o) noexcept {
    customers += o.customers;
    events += o.events;
    customer_weight += o.customer_weight;
    journey_score_sum += o.journey_score_sum;
    score_sum += o.score_sum;
  }
};

}  // namespace cxscore
