#pragma once
/// The per-encounter math of DESIGN.md: normalised gap, prospect-theory value, and the 0-100 index.
///
/// ```cpp
/// double g = cxscore::normalised_gap(3.0, 4.0, {1, 5}, cxscore::direction::higher);  // -0.25
/// double v = cxscore::gap_value(g, cxscore::model::prospect());                     // -2.25 * 0.25^0.88
/// ```
#include <algorithm>
#include <cmath>
#include <numbers>

#include "cxscore/model.hpp"
#include "cxscore/touchpoint.hpp"

namespace cxscore {

// Each step of the measurement is written once, here; the batch kernel (detail/encounter_block.hpp)
// composes the same steps over arrays and, for AVX-512, repeats them instruction by instruction.

/// u = 1 / (s (hi - lo)), s = +1 when higher is better: the gap per unit of experience above expectation.
[[nodiscard]] inline double gap_per_unit(const scale& sc, direction dir) noexcept {
  return 1.0 / ((dir == direction::higher ? 1.0 : -1.0) * sc.width());
}

/// g = min(max((E - P) u, -1), 1): the gap clamped to [-1, 1]; g < 0 = expectation unmet.
[[nodiscard]] inline double clamped_gap(double experience, double expectation, double per_unit) noexcept {
  return std::min(std::max((experience - expectation) * per_unit, -1.0), 1.0);
}

/// g = clamp(s (E - P) / (hi - lo), -1, 1), as clamped_gap(E, P, gap_per_unit(...)).
/// (DESIGN.md writes s (P - E) with the opposite sign convention for s; the value is the same.)
[[nodiscard]] inline double normalised_gap(double experience, double expectation, const scale& sc,
                                           direction dir) noexcept {
  return clamped_gap(experience, expectation, gap_per_unit(sc, dir));
}

/// The gap of one encounter at `tp`: its own expectation, or the touchpoint's promise where that is NaN.
[[nodiscard]] inline double encounter_gap(const touchpoint& tp, double experience, double expectation) noexcept {
  return normalised_gap(experience, expectation_or(expectation, tp.promise), tp.scale, tp.direction);
}

/// The factor of |g|^p in the value: -lambda for a loss, the gain factor for a gain.
[[nodiscard]] inline double value_factor(double g, double lambda, double gain_factor) noexcept {
  return g < 0 ? -lambda : gain_factor;
}
/// The power p of |g| in the value: beta for a loss, alpha for a gain.
[[nodiscard]] inline double value_exponent(double g, double alpha, double beta) noexcept {
  return g < 0 ? beta : alpha;
}
/// The share of a gain kept: the model's recovery at a service touchpoint, else 1.
[[nodiscard]] inline double gain_factor(const touchpoint& tp, const model& m) noexcept {
  return tp.role == role::service ? m.recovery : 1.0;
}

/// v = f g^alpha for g >= 0, -lambda (-g)^beta for g < 0 (Tversky & Kahneman 1992); f is the gain
/// factor (gain_factor(): 1, or the recovery at a service touchpoint).
[[nodiscard]] inline double gap_value(double g, double alpha, double beta, double lambda, double gain = 1.0) noexcept {
  return value_factor(g, lambda, gain) * std::pow(std::abs(g), value_exponent(g, alpha, beta));
}
[[nodiscard]] inline double gap_value(double g, const model& m, double gain = 1.0) noexcept {
  return gap_value(g, m.alpha, m.beta, m.lambda, gain);
}

/// 0-100 index, 50 = exactly as expected: 50 + 50 S for S >= 0, 50 + 50 S / lambda for S < 0.
/// S lies in [-lambda, 1]; a weighted mean can stray past an end by rounding, so the index is clamped.
/// (Written without a branch on the sign, which the batch kernel would mispredict for every other customer;
/// dividing by 1 is exact, and min/max pass NaN through.)
[[nodiscard]] inline double score_index(double s, double lambda) noexcept {
  const double index = 50.0 + 50.0 * s / (s >= 0 ? 1.0 : lambda);
  return std::min(std::max(index, 0.0), 100.0);
}

/// Index points of `part`, a share of a score whose total is `total`: 50 part for total >= 0,
/// 50 part / lambda for total < 0, the scale score_index() applies to that total. Parts that add up to
/// the total therefore have points that add up to score_index(total) - 50 (up to the index's clamp, which
/// only rounding reaches): the brand's contributions, with total = the brand score.
///
/// ```cpp
/// double pts = cxscore::index_points(-0.1, /*brand score*/ -0.225, 2.25);  // 50 (-0.1) / 2.25 = -2.22
/// ```
[[nodiscard]] inline double index_points(double part, double total, double lambda) noexcept {
  return 50.0 * part / (total >= 0 ? 1.0 : lambda);
}

/// Index points of a loss (an impact, <= 0): 50 loss / lambda, the loss side of score_index(); losses
/// add up, so the impacts' points add up to the points of the total loss.
[[nodiscard]] inline double loss_points(double loss, double lambda) noexcept {
  return index_points(loss, -1.0, lambda);
}

/// r = ln 2 / h per second, h the half-life in days.
[[nodiscard]] inline double decay_rate(double half_life_days) noexcept {
  return std::numbers::ln2 / (half_life_days * 86400.0);
}
/// (t - t_ref) r: the log of the recency weight of an encounter at t, seen from t_ref.
[[nodiscard]] inline double decay_exponent(double t, double t_ref, double rate) noexcept { return (t - t_ref) * rate; }
/// Recency weight 2^(-(t_ref - t) / h) = exp((t - t_ref) r), with the half-life h in days and times in seconds.
[[nodiscard]] inline double recency_weight(double t_ref, double t, double half_life_days) noexcept {
  return std::exp(decay_exponent(t, t_ref, decay_rate(half_life_days)));
}

}  // namespace cxscore
