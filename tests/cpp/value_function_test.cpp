// Per-encounter math of DESIGN.md: normalised gap, prospect-theory value, 0-100 index, recency weight.
#include "cxscore/value_function.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

TEST(value_function_test, normalised_gap_is_signed_difference_over_scale_width) {
  // Rated 3 on a 1-5 scale, expected 4: (3 - 4) / (5 - 1) = -0.25 (unmet).
  EXPECT_DOUBLE_EQ(cxscore::normalised_gap(3.0, 4.0, {1, 5}, cxscore::direction::higher), -0.25);
  // Rated 5, expected 3: (5 - 3) / 4 = +0.5 (exceeded).
  EXPECT_DOUBLE_EQ(cxscore::normalised_gap(5.0, 3.0, {1, 5}, cxscore::direction::higher), 0.5);
  // 7-point scale: (6 - 6.5) / 6 = -1/12.
  EXPECT_DOUBLE_EQ(cxscore::normalised_gap(6.0, 6.5, {1, 7}, cxscore::direction::higher), -1.0 / 12.0);
  // Exactly as expected.
  EXPECT_EQ(cxscore::normalised_gap(4.0, 4.0, {1, 5}, cxscore::direction::higher), 0.0);
}

TEST(value_function_test, normalised_gap_flips_sign_when_lower_is_better) {
  // Delivery promised in 48 h on a 0-240 h scale, took 72 h: -(72 - 48) / 240 = -0.1 (late = unmet).
  EXPECT_DOUBLE_EQ(cxscore::normalised_gap(72.0, 48.0, {0, 240}, cxscore::direction::lower), -0.1);
  // Took 24 h: -(24 - 48) / 240 = +0.1 (early = exceeded).
  EXPECT_DOUBLE_EQ(cxscore::normalised_gap(24.0, 48.0, {0, 240}, cxscore::direction::lower), 0.1);
  // The same numbers read as higher-is-better give the opposite sign.
  EXPECT_DOUBLE_EQ(cxscore::normalised_gap(72.0, 48.0, {0, 240}, cxscore::direction::higher), 0.1);
}

TEST(value_function_test, normalised_gap_is_clamped_to_minus_one_one) {
  // (13 - 1) / 4 = 3 -> 1; (-11 - 5) / 4 = -4 -> -1.
  EXPECT_EQ(cxscore::normalised_gap(13.0, 1.0, {1, 5}, cxscore::direction::higher), 1.0);
  EXPECT_EQ(cxscore::normalised_gap(-11.0, 5.0, {1, 5}, cxscore::direction::higher), -1.0);
  // Lower is better: -(1000 - 0) / 240 -> -1.
  EXPECT_EQ(cxscore::normalised_gap(1000.0, 0.0, {0, 240}, cxscore::direction::lower), -1.0);
  // Full-scale gaps inside the scale are exactly +-1, not beyond.
  EXPECT_EQ(cxscore::normalised_gap(5.0, 1.0, {1, 5}, cxscore::direction::higher), 1.0);
  EXPECT_EQ(cxscore::normalised_gap(1.0, 5.0, {1, 5}, cxscore::direction::higher), -1.0);
}

TEST(value_function_test, gap_value_reproduces_tversky_kahneman_1992_parameters) {
  // alpha = beta = 0.88, lambda = 2.25. gap_value itself does not clamp, so raw units work:
  // gain of 12: 12^0.88 = exp(0.88 ln 12) = exp(0.88 * 2.484907) = exp(2.186718) ~ 8.906
  EXPECT_NEAR(cxscore::gap_value(12.0, 0.88, 0.88, 2.25), 8.906, 5e-4);
  EXPECT_DOUBLE_EQ(cxscore::gap_value(12.0, 0.88, 0.88, 2.25), std::pow(12.0, 0.88));
  // loss of 5: -2.25 * 5^0.88 = -2.25 * exp(0.88 * 1.609438) = -2.25 * 4.12186 ~ -9.274
  EXPECT_NEAR(cxscore::gap_value(-5.0, 0.88, 0.88, 2.25), -9.274, 5e-4);
  EXPECT_DOUBLE_EQ(cxscore::gap_value(-5.0, 0.88, 0.88, 2.25), -2.25 * std::pow(5.0, 0.88));
  // Loss aversion: a loss of x hurts lambda times as much as a gain of x pleases (alpha = beta).
  EXPECT_DOUBLE_EQ(cxscore::gap_value(-0.3, 0.88, 0.88, 2.25), -2.25 * cxscore::gap_value(0.3, 0.88, 0.88, 2.25));
  // Different curvatures for gains and losses: 0.25^0.5 = 0.5, -3 * 0.25^1 = -0.75.
  EXPECT_DOUBLE_EQ(cxscore::gap_value(0.25, 0.5, 1.0, 3.0), 0.5);
  EXPECT_DOUBLE_EQ(cxscore::gap_value(-0.25, 0.5, 1.0, 3.0), -0.75);
  // No gap, no value.
  EXPECT_EQ(cxscore::gap_value(0.0, 0.88, 0.88, 2.25), 0.0);
}

TEST(value_function_test, gap_value_with_model_uses_its_parameters) {
  // servqual: alpha = beta = lambda = 1, so v = g.
  const auto sq = cxscore::model::servqual();
  EXPECT_DOUBLE_EQ(cxscore::gap_value(-0.0625, sq), -0.0625);
  EXPECT_DOUBLE_EQ(cxscore::gap_value(0.4, sq), 0.4);
  // prospect: -2.25 * 0.25^0.88 = -2.25 * 0.295248 ~ -0.664308
  const auto pr = cxscore::model::prospect();
  EXPECT_NEAR(cxscore::gap_value(-0.25, pr), -0.664308, 1e-6);
  // prospect value function is concave for gains: v(0.5) < 2 v(0.25) and v(0.5) > v(0.25).
  EXPECT_LT(cxscore::gap_value(0.5, pr), 2 * cxscore::gap_value(0.25, pr));
  EXPECT_GT(cxscore::gap_value(0.5, pr), cxscore::gap_value(0.25, pr));
}

TEST(value_function_test, index_is_50_when_as_expected_100_at_one_and_0_at_minus_lambda) {
  EXPECT_DOUBLE_EQ(cxscore::score_index(0.0, 2.25), 50.0);
  EXPECT_DOUBLE_EQ(cxscore::score_index(1.0, 2.25), 100.0);
  EXPECT_DOUBLE_EQ(cxscore::score_index(-2.25, 2.25), 0.0);
  // Half way each side: 50 + 50 * 0.5 = 75; 50 + 50 * (-1.125 / 2.25) = 25.
  EXPECT_DOUBLE_EQ(cxscore::score_index(0.5, 2.25), 75.0);
  EXPECT_DOUBLE_EQ(cxscore::score_index(-1.125, 2.25), 25.0);
  // servqual (lambda = 1): -1 -> 0, -0.0425 -> 50 - 2.125 = 47.875.
  EXPECT_DOUBLE_EQ(cxscore::score_index(-1.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(cxscore::score_index(-0.0425, 1.0), 47.875);
}

TEST(value_function_test, index_points_scale_a_part_as_the_index_scales_its_total) {
  // Total below 0 (lambda 2.25): a part of -0.1 is 50 (-0.1) / 2.25 = -2.2222 points, as the total's index
  // 50 + 50 (-0.225) / 2.25 = 45 is 5 points below 50.
  EXPECT_NEAR(cxscore::index_points(-0.1, -0.225, 2.25), -2.222222, 1e-6);
  EXPECT_NEAR(cxscore::index_points(-0.225, -0.225, 2.25), cxscore::score_index(-0.225, 2.25) - 50.0, 1e-12);
  // Total at or above 0: every part, of either sign, counts 50 points per unit: 0.3 -> 15, -0.1 -> -5.
  EXPECT_DOUBLE_EQ(cxscore::index_points(0.3, 0.2, 2.25), 15.0);
  EXPECT_DOUBLE_EQ(cxscore::index_points(-0.1, 0.2, 2.25), -5.0);
  EXPECT_NEAR(cxscore::index_points(0.3, 0.2, 2.25) + cxscore::index_points(-0.1, 0.2, 2.25),
              cxscore::score_index(0.2, 2.25) - 50.0, 1e-12);
  // A loss is on the loss side whatever the total: -0.0342 -> 50 (-0.0342) / 2.25 = -0.76 points.
  EXPECT_NEAR(cxscore::loss_points(-0.0342, 2.25), -0.76, 1e-12);
  EXPECT_DOUBLE_EQ(cxscore::loss_points(0.0, 2.25), 0.0);
  EXPECT_DOUBLE_EQ(cxscore::loss_points(-2.25, 2.25), -50.0);
}

TEST(value_function_test, index_stays_within_0_and_100_when_a_mean_strays_past_an_end_by_rounding) {
  // Found by the Python property test: a decay-weighted mean of -lambda values came out 3e-15 below -lambda.
  const double lambda = 2.6294368692495564;
  EXPECT_EQ(cxscore::score_index(std::nextafter(-lambda, -10.0), lambda), 0.0);
  EXPECT_EQ(cxscore::score_index(std::nextafter(1.0, 2.0), lambda), 100.0);
  EXPECT_TRUE(std::isnan(cxscore::score_index(std::nan(""), lambda)));
}

TEST(value_function_test, index_stays_within_0_100_over_the_range_of_values) {
  // |v| <= 1 for gains and <= lambda for losses when |g| <= 1.
  for (double g = -1.0; g <= 1.0; g += 0.0625) {
    const double v = cxscore::gap_value(g, 0.88, 0.88, 2.25);
    const double idx = cxscore::score_index(v, 2.25);
    EXPECT_GE(idx, 0.0) << g;
    EXPECT_LE(idx, 100.0) << g;
  }
}

TEST(value_function_test, recency_weight_halves_per_half_life) {
  const double day = 86400.0;
  const double t_ref = 1.7e9;  // seconds since the epoch (2023-11)
  EXPECT_DOUBLE_EQ(cxscore::recency_weight(t_ref, t_ref, 30.0), 1.0);
  EXPECT_DOUBLE_EQ(cxscore::recency_weight(t_ref, t_ref - 30 * day, 30.0), 0.5);
  EXPECT_DOUBLE_EQ(cxscore::recency_weight(t_ref, t_ref - 60 * day, 30.0), 0.25);
  EXPECT_DOUBLE_EQ(cxscore::recency_weight(t_ref, t_ref - 90 * day, 30.0), 0.125);
  // 15 days at a 30-day half-life: 2^-0.5 = 1/sqrt(2).
  EXPECT_NEAR(cxscore::recency_weight(t_ref, t_ref - 15 * day, 30.0), 1.0 / std::sqrt(2.0), 1e-15);
  // Each further half-life halves the weight again.
  const double w1 = cxscore::recency_weight(t_ref, t_ref - 7 * day, 10.0);
  const double w2 = cxscore::recency_weight(t_ref, t_ref - 17 * day, 10.0);
  EXPECT_NEAR(w2, w1 / 2, 1e-15);
}

TEST(value_function_test, recency_weight_is_one_with_infinite_half_life) {
  EXPECT_EQ(cxscore::recency_weight(1.7e9, 0.0, inf), 1.0);
  EXPECT_EQ(cxscore::recency_weight(1.7e9, 1.7e9, inf), 1.0);
}

}  // namespace
