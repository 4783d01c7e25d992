#pragma once
/// The per-encounter math of DESIGN.md: normalised gap, prospect-theory value, and the 0-100 index.
///
/// ```cpp
/// double g = cxscore::normalised_gap(3.0, 4.0, {1, 5}, cxscore::direction::higher);  // -0.25
/// double v = cxscore::gap_value(g, cxscore::model::prospect());                     // -2.25 * 0.25^0.88
/// ```
#include <algorithm>
#include <cmath>

#include "cxscore/model.hpp"
#include "cxscore/touchpoint.hpp"

namespace cxscore {

/// g = clamp(s (E - P) / (hi - lo), -1, 1), s = +1 when higher is better; g < 0 = expectation unmet.
/// (DESIGN.md writes s (P - E) with the opposite sign convention for s; the value is the same.)
[[nodiscard]] inline double normalised_gap(double experience, double expectation, const scale& sc,
                                           direction dir) noexcept {
  const double s = dir == direction::higher ? 1.0 : -1.0;
  return std::clamp(s * (experience - expectation) / sc.width(), -1.0, 1.0);
}

/// v = g^alpha for g >= 0, -lambda (-g)^beta for g < 0 (Tversky & Kahneman 1992).
[[nodiscard]] inline double gap_value(double g, double alpha, double beta, double lambda) noexcept {
  return g >= 0 ? std::pow(g, alpha) : -lambda * std::pow(-g, beta);
}
[[nodiscard]] inline double gap_value(double g, const model& m) noexcept {
  return gap_value(g, m.alpha, m.beta, m.lambda);
}

/// 0-100 index, 50 = exactly as expected: 50 + 50 S for S >= 0, 50 + 50 S / lambda for S < 0.
/// S lies in [-lambda, 1]; a weighted mean can stray past an end by rounding, so the index is clamped.
/// (Written without a branch on the sign, which the batch kernel would mispredict for every other customer;
/// dividing by 1 is exact, and min/max pass NaN through.)
[[nodiscard]] inline double score_index(double s, double lambda) noexcept {
  const double index = 50.0 + 50.0 * s / (s >= 0 ? 1.0 : lambda);
  return std::min(std::max(index, 0.0), 100.0);
}

/// Recency weight 2^(-(t_ref - t) / h) with the half-life h in days and times in seconds.
[[nodiscard]] inline double recency_weight(double t_ref, double t, double half_life_days) noexcept {
  return std::exp2(-(t_ref - t) / (half_life_days * 86400.0));
}

}  // namespace cxscore
