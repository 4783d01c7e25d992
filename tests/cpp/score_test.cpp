// Scoring, checked against hand calculations with DESIGN.md's formulas, a published SERVQUAL table,
// and the invariants the aggregates promise (decomposition, bounds, monotonicity, merge = one pass).
//
// The library's sign convention: g = s (E - P) / (hi - lo), s = +1 when higher is better, E = experience,
// P = expectation; g < 0 = expectation unmet. Expected numbers below are written out with std::pow and
// never use the library's value_function helpers.
#include "cxscore/score.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/dictionary.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/sim/simulate.hpp"

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double day = 86400.0;
constexpr double t0 = 1.7e9;  // an epoch time (2023-11-14), so decay works on realistic magnitudes

// score_options for a customer table (set field by field: customer_label has no default initializer).
cxscore::score_options with_customers(const cxscore::customer_table& ct) {
  cxscore::score_options opt;
  opt.customers = &ct;
  return opt;
}

void expect_rel(double got, double want, double tol, const std::string& what = {}) {
  EXPECT_LE(std::abs(got - want), tol * std::max(1.0, std::abs(want))) << what << ": " << got << " vs " << want;
}

// Owning columns for a test; view() hands them to score() without a copy.
struct columns {
  std::vector<std::uint32_t> customer;
  std::vector<cxscore::touchpoint_code> touchpoint;
  std::vector<double> time, experience, expectation;
  std::vector<std::int32_t> dimension;
  std::vector<std::string> dimension_names;
  std::size_t customer_count = 0;

  void add(std::uint32_t c, cxscore::touchpoint_code t, double tm, double e, double p = nan,
           std::int32_t d = cxscore::no_dimension) {
    customer.push_back(c);
    touchpoint.push_back(t);
    time.push_back(tm);
    experience.push_back(e);
    expectation.push_back(p);
    dimension.push_back(d);
    customer_count = std::max<std::size_t>(customer_count, c + 1);
  }
  [[nodiscard]] cxscore::event_view view() const {
    return {customer, touchpoint, time, experience, expectation, dimension, customer_count, dimension_names};
  }
};

// ---------------------------------------------------------------------------------------------------
// (a) SERVQUAL: Table 2 of PMC6131925 (N = 386, 5-point scale), expectation / perception means.
// ---------------------------------------------------------------------------------------------------

const std::array<std::string, 5> servqual_dimensions{"tangibles", "reliability", "responsiveness", "assurance",
                                                     "empathy"};
constexpr std::array<double, 5> servqual_expectation{4.44, 4.49, 4.48, 4.50, 4.56};
constexpr std::array<double, 5> servqual_perception{4.19, 4.36, 4.35, 4.32, 4.40};
constexpr std::array<double, 5> servqual_published_gap{-0.25, -0.13, -0.13, -0.18, -0.16};

// One touchpoint per dimension, all on [1, 5]; touchpoint code d = dimension code d.
cxscore::journey_map servqual_map() {
  cxscore::journey_map map("hospital");
  for (const auto& name : servqual_dimensions) map.add_touchpoint({.name = name, .scale = {1, 5}});
  return map;
}

columns servqual_one_customer() {
  columns c;
  c.dimension_names.assign(servqual_dimensions.begin(), servqual_dimensions.end());
  for (std::int32_t d = 0; d < 5; ++d)
    c.add(0, static_cast<cxscore::touchpoint_code>(d), t0 + d, servqual_perception[d], servqual_expectation[d], d);
  return c;
}

TEST(score_test, servqual_reproduces_published_dimension_gaps) {
  const auto map = servqual_map();
  const auto ev = servqual_one_customer();
  cxscore::validate(ev.view(), map);
  const auto r = cxscore::score(ev.view(), map, cxscore::model::servqual());
  for (std::size_t d = 0; d < 5; ++d) {
    EXPECT_EQ(r.touchpoints[d].count, 1u);
    // mean gap is normalised by the scale width 5 - 1 = 4.
    EXPECT_NEAR(r.touchpoints[d].mean_gap() * 4, servqual_published_gap[d], 1e-9) << servqual_dimensions[d];
    // servqual: alpha = beta = lambda = 1, so v = g.
    EXPECT_NEAR(r.touchpoints[d].mean_value() * 4, servqual_published_gap[d], 1e-9) << servqual_dimensions[d];
    EXPECT_EQ(r.touchpoints[d].unmet_share(), 1.0);
  }
}

TEST(score_test, servqual_customer_score_is_the_mean_gap_over_four) {
  const auto map = servqual_map();
  const auto ev = servqual_one_customer();
  const auto r = cxscore::score(ev.view(), map, cxscore::model::servqual());
  // (-0.25 - 0.13 - 0.13 - 0.18 - 0.16) / 5 = -0.85 / 5 = -0.17; normalised: -0.17 / 4 = -0.0425.
  EXPECT_NEAR(r.customer_score[0], -0.0425, 1e-12);
  EXPECT_NEAR(r.customer_journey_score[0], -0.0425, 1e-12);
  EXPECT_NEAR(r.brand_score(), -0.0425, 1e-12);
  EXPECT_NEAR(r.mean_customer_score(), -0.0425, 1e-12);
  // Index with lambda = 1: 50 + 50 * (-0.0425) = 47.875.
  EXPECT_NEAR(r.customer_index[0], 47.875, 1e-10);
  EXPECT_NEAR(r.brand_index(), 47.875, 1e-10);
  EXPECT_EQ(r.customer_events[0], 5u);
  EXPECT_EQ(r.brand.customers, 1u);
  EXPECT_EQ(r.brand.events, 5u);
  // Each dimension contributes its gap / 4 / 5.
  for (std::size_t d = 0; d < 5; ++d)
    EXPECT_NEAR(r.touchpoints[d].contribution(r.brand.customer_weight), servqual_published_gap[d] / 4 / 5, 1e-12);
}

TEST(score_test, servqual_dimension_weights_give_the_weighted_mean_gap) {
  const auto map = servqual_map();
  const auto ev = servqual_one_customer();
  auto m = cxscore::model::servqual();
  m.dimension_weights = {{"tangibles", 1}, {"reliability", 2}, {"responsiveness", 1}, {"assurance", 3}, {"empathy", 1}};
  const auto r = cxscore::score(ev.view(), map, m);
  // (1(-0.25) + 2(-0.13) + 1(-0.13) + 3(-0.18) + 1(-0.16)) / 8 = -1.34 / 8 = -0.1675; / 4 = -0.041875.
  EXPECT_NEAR(r.customer_score[0], -0.041875, 1e-12);
  EXPECT_NEAR(r.brand_score(), -0.041875, 1e-12);
  // The assurance dimension carries 3/8 of the weight: contribution -0.18 / 4 * 3 / 8 = -0.016875.
  EXPECT_NEAR(r.touchpoints[3].contribution(1.0), -0.016875, 1e-12);
}

TEST(score_test, servqual_item_weights_over_item_counts_reproduce_weighted_servqual) {
  // The 22-item instrument: 4 tangibles, 5 reliability, 4 responsiveness, 4 assurance, 5 empathy items.
  // Item gaps spread around each published dimension gap (deviations sum to 0 within a dimension).
  // Weighted SERVQUAL with importance points w = (0.1, 0.3, 0.2, 0.2, 0.2):
  //   0.1(-0.25) + 0.3(-0.13) + 0.2(-0.13) + 0.2(-0.18) + 0.2(-0.16) = -0.158; normalised -0.158 / 4 = -0.0395.
  // DESIGN.md: item weight w_d / n_items(d) reproduces it exactly.
  const std::array<std::vector<double>, 5> deviation{std::vector<double>{-0.1, 0.1, -0.05, 0.05},
                                                     {0.2, -0.1, -0.1, 0.04, -0.04},
                                                     {0.0, 0.0, 0.12, -0.12},
                                                     {-0.3, 0.1, 0.1, 0.1},
                                                     {0.01, 0.02, 0.03, -0.04, -0.02}};
  const std::array<double, 5> importance{0.1, 0.3, 0.2, 0.2, 0.2};
  const auto map = servqual_map();
  columns ev;
  ev.dimension_names.assign(servqual_dimensions.begin(), servqual_dimensions.end());
  auto m = cxscore::model::servqual();
  for (std::int32_t d = 0; d < 5; ++d) {
    for (double dev : deviation[d])
      ev.add(0, static_cast<cxscore::touchpoint_code>(d), t0, servqual_perception[d] + dev, servqual_expectation[d], d);
    m.dimension_weights[servqual_dimensions[d]] = importance[d] / static_cast<double>(deviation[d].size());
  }
  cxscore::validate(ev.view(), map);
  const auto r = cxscore::score(ev.view(), map, m);
  EXPECT_NEAR(r.customer_score[0], -0.0395, 1e-12);
  for (std::size_t d = 0; d < 5; ++d) {
    EXPECT_EQ(r.touchpoints[d].count, deviation[d].size());
    EXPECT_NEAR(r.touchpoints[d].mean_gap() * 4, servqual_published_gap[d], 1e-9) << servqual_dimensions[d];
  }
}

// ---------------------------------------------------------------------------------------------------
// (b) prospect preset, by hand.
// ---------------------------------------------------------------------------------------------------

struct hand_case {
  cxscore::journey_map map{"shop"};
  columns ev;
  cxscore::customer_table customers{2};
  cxscore::model m = cxscore::model::prospect();

  hand_case() {
    // website: experience, 1-5, higher is better, promise 4, map weight 1.
    map.add_touchpoint({.name = "website", .owner = "marketing", .scale = {1, 5}, .promise = 4});
    // delivery: hours on 0-240, lower is better, promise 48; map weight 2, overridden by the model's 3.
    map.add_touchpoint({.name = "delivery",
                        .owner = "logistics",
                        .scale = {0, 240},
                        .direction = cxscore::direction::lower,
                        .promise = 48,
                        .weight = 2});
    // support: service touchpoint, 1-5, promise 3.
    map.add_touchpoint(
        {.name = "support", .role = cxscore::role::service, .owner = "care", .scale = {1, 5}, .promise = 3});
    m.recovery = 0.5;
    m.half_life_days = 10;
    m.peak_end = 0.3;
    m.weights["delivery"] = 3;
    m.dimension_weights = {{"speed", 2.0}, {"courtesy", 0.5}};
    ev.dimension_names = {"speed", "courtesy"};
    // customer A = 0, B = 1; rows interleaved.     customer touchpoint time         exp  expect dimension
    ev.add(0, 0, t0, 5);                     // row 0: A website   day 0        5    (4)
    ev.add(1, 1, t0 + 1 * day, 24, nan, 0);  // row 1: B delivery  day 1        24h  (48h)  speed
    ev.add(0, 1, t0 + 2 * day, 72, nan, 0);  // row 2: A delivery  day 2        72h  (48h)  speed
    ev.add(1, 2, t0 + 3 * day, 2);           // row 3: B support   day 3        2    (3)
    ev.add(0, 2, t0 + 5 * day, 5, 3, 1);     // row 4: A support   day 5        5    3      courtesy
    ev.add(1, 0, t0 + 3 * day, 4, 2, 1);     // row 5: B website   day 3        4    2      courtesy
    customers.set(0, 1.0, "gold");
    customers.set(1, 3.0, "silver");
  }
  [[nodiscard]] cxscore::score_result run() const {
    cxscore::validate(ev.view(), map);
    return cxscore::score(ev.view(), map, m, with_customers(customers));
  }
};

// The hand calculation, written out (alpha = beta = 0.88, lambda = 2.25, rho = 0.5, h = 10 days, pi = 0.3).
struct hand_numbers {
  // Customer A (t_ref = day 5):
  //   row 0 website : g = (5 - 4) / 4 = 0.25          v = 0.25^0.88 = 0.295248
  //                   W = 1 * 2^(-5/10) = 0.707107
  //   row 2 delivery: g = -(72 - 48) / 240 = -0.1      v = -2.25 * 0.1^0.88 = -0.296608
  //                   W = 3 * 2 * 2^(-3/10) = 4.873514
  //   row 4 support : g = (5 - 3) / 4 = 0.5            v = 0.5 * 0.5^0.88 = 0.271684 (recovery 0.5)
  //                   W = 1 * 0.5 * 2^0 = 0.5
  //   sum W = 6.080621, S_A = (0.208772 - 1.445524 + 0.135842) / 6.080621 = -0.181052
  //   peak = row 2 (|-0.296608| > 0.295248), end = row 4 (day 5)
  //   blended: 0.7(-0.181052) + 0.3(-0.296608 + 0.271684) / 2 = -0.130475
  double vA0 = std::pow(0.25, 0.88), vA2 = -2.25 * std::pow(0.1, 0.88), vA4 = 0.5 * std::pow(0.5, 0.88);
  double WA0 = 1 * std::pow(2.0, -(5 * day) / (10 * 86400.0));
  double WA2 = 3 * 2 * std::pow(2.0, -(3 * day) / (10 * 86400.0));
  double WA4 = 1 * 0.5 * 1.0;
  double sumA = WA0 + WA2 + WA4;
  double SA = (WA0 * vA0 + WA2 * vA2 + WA4 * vA4) / sumA;
  double blendA = 0.7 * SA + 0.3 * (vA2 + vA4) / 2;
  // Customer B (t_ref = day 3):
  //   row 1 delivery: g = -(24 - 48) / 240 = 0.1       v = 0.1^0.88 = 0.131826
  //                   W = 3 * 2 * 2^(-2/10) = 5.223303
  //   row 3 support : g = (2 - 3) / 4 = -0.25          v = -2.25 * 0.25^0.88 = -0.664308 (no recovery of a loss)
  //                   W = 1
  //   row 5 website : g = (4 - 2) / 4 = 0.5            v = 0.5^0.88 = 0.543367
  //                   W = 1 * 0.5 = 0.5
  //   sum W = 6.723303, S_B = (0.688567 - 0.664308 + 0.271684) / 6.723303 = 0.044017
  //   peak = row 3; end: rows 3 and 5 both on day 3 -> the last in input order, row 5
  //   blended: 0.7(0.044017) + 0.3(-0.664308 + 0.543367) / 2 = 0.012671
  double vB1 = std::pow(0.1, 0.88), vB3 = -2.25 * std::pow(0.25, 0.88), vB5 = std::pow(0.5, 0.88);
  double WB1 = 3 * 2 * std::pow(2.0, -(2 * day) / (10 * 86400.0));
  double WB3 = 1.0;
  double WB5 = 0.5;
  double sumB = WB1 + WB3 + WB5;
  double SB = (WB1 * vB1 + WB3 * vB3 + WB5 * vB5) / sumB;
  double blendB = 0.7 * SB + 0.3 * (vB3 + vB5) / 2;
  // psi: A = 1, B = 3. Brand = (S_A + 3 S_B) / 4 = -0.012250.
  double brand = (1 * SA + 3 * SB) / 4;
};

TEST(score_test, prospect_customer_scores_match_the_hand_calculation) {
  const hand_case hc;
  const hand_numbers x;
  const auto r = hc.run();
  // The written-out decimals and the std::pow expressions agree (guards the hand calculation itself).
  EXPECT_NEAR(x.SA, -0.181052, 1e-6);
  EXPECT_NEAR(x.blendA, -0.130475, 1e-6);
  EXPECT_NEAR(x.SB, 0.044017, 1e-6);
  EXPECT_NEAR(x.blendB, 0.012671, 1e-6);

  EXPECT_NEAR(r.customer_journey_score[0], x.SA, 1e-12);
  EXPECT_NEAR(r.customer_journey_score[1], x.SB, 1e-12);
  EXPECT_NEAR(r.customer_score[0], x.blendA, 1e-12);
  EXPECT_NEAR(r.customer_score[1], x.blendB, 1e-12);
  EXPECT_EQ(r.customer_events, (std::vector<std::uint32_t>{3, 3}));
  // Index: A < 0 -> 50 + 50 S / 2.25 = 47.100556; B >= 0 -> 50 + 50 S = 50.633544.
  EXPECT_NEAR(r.customer_index[0], 50 + 50 * x.blendA / 2.25, 1e-10);
  EXPECT_NEAR(r.customer_index[1], 50 + 50 * x.blendB, 1e-10);
  EXPECT_NEAR(r.customer_index[0], 47.100556, 1e-5);
  EXPECT_NEAR(r.customer_index[1], 50.633544, 1e-5);
}

TEST(score_test, prospect_brand_score_is_the_psi_weighted_journey_mean) {
  const hand_case hc;
  const hand_numbers x;
  const auto r = hc.run();
  EXPECT_NEAR(x.brand, -0.012250, 1e-6);
  EXPECT_NEAR(r.brand_score(), x.brand, 1e-12);
  EXPECT_NEAR(r.brand_index(), 50 + 50 * x.brand / 2.25, 1e-10);
  // After the blend: (-0.130475 + 3 * 0.012671) / 4 = -0.023116.
  EXPECT_NEAR(r.mean_customer_score(), (x.blendA + 3 * x.blendB) / 4, 1e-12);
  EXPECT_NEAR(r.mean_customer_score(), -0.023116, 1e-6);
  EXPECT_EQ(r.brand.customers, 2u);
  EXPECT_EQ(r.brand.events, 6u);
  EXPECT_DOUBLE_EQ(r.brand.customer_weight, 4.0);
  EXPECT_DOUBLE_EQ(r.lambda, 2.25);
}

TEST(score_test, prospect_touchpoint_aggregates_match_the_hand_calculation) {
  const hand_case hc;
  const hand_numbers x;
  const auto r = hc.run();
  const auto& web = r.touchpoints[0];
  const auto& del = r.touchpoints[1];
  const auto& sup = r.touchpoints[2];
  // delivery: A g = -0.1 (psi 1), B g = +0.1 (psi 3): mean gap (-0.1 + 0.3) / 4 = 0.05, unmet 1/4.
  EXPECT_EQ(del.count, 2u);
  EXPECT_DOUBLE_EQ(del.weight, 4.0);
  EXPECT_NEAR(del.mean_gap(), 0.05, 1e-15);
  EXPECT_DOUBLE_EQ(del.unmet_share(), 0.25);
  EXPECT_NEAR(del.mean_value(), (x.vA2 + 3 * x.vB1) / 4, 1e-15);
  // contribution = (1 (W_A2 / sum_A) v_A2 + 3 (W_B1 / sum_B) v_B1) / 4 = 0.017380; impact: the loss only = -0.059432.
  const double del_contribution = (x.WA2 / x.sumA * x.vA2 + 3 * x.WB1 / x.sumB * x.vB1) / 4;
  EXPECT_NEAR(del.contribution(4.0), del_contribution, 1e-12);
  EXPECT_NEAR(del.impact(4.0), x.WA2 / x.sumA * x.vA2 / 4, 1e-12);
  EXPECT_NEAR(del_contribution, 0.017380, 1e-6);
  // support: A v = 0.5 * 0.5^0.88 (recovered), B v = -2.25 * 0.25^0.88: mean value (v_A4 + 3 v_B3) / 4 = -0.430310.
  EXPECT_NEAR(sup.mean_value(), (x.vA4 + 3 * x.vB3) / 4, 1e-15);
  EXPECT_NEAR(sup.mean_value(), -0.430310, 1e-6);
  EXPECT_NEAR(sup.mean_gap(), (0.5 + 3 * -0.25) / 4, 1e-15);
  EXPECT_NEAR(sup.contribution(4.0), (x.WA4 / x.sumA * x.vA4 + 3 * x.WB3 / x.sumB * x.vB3) / 4, 1e-12);
  EXPECT_NEAR(sup.impact(4.0), 3 * x.WB3 / x.sumB * x.vB3 / 4, 1e-12);
  // website: both met or exceeded, no impact.
  EXPECT_NEAR(web.contribution(4.0), (x.WA0 / x.sumA * x.vA0 + 3 * x.WB5 / x.sumB * x.vB5) / 4, 1e-12);
  EXPECT_EQ(web.impact(4.0), 0.0);
  EXPECT_EQ(web.unmet_share(), 0.0);
  // In index points (brand score -0.012250 < 0, lambda 2.25): delivery's contribution 50 (0.017380) / 2.25
  // = 0.386222, its impact 50 (-0.059432) / 2.25 = -1.320711.
  EXPECT_NEAR(r.contribution_points(del), 0.386222, 1e-4);
  EXPECT_NEAR(r.impact_points(del), 50 * (x.WA2 / x.sumA * x.vA2 / 4) / 2.25, 1e-10);
  EXPECT_NEAR(r.impact_points(del), -1.320711, 1e-4);
  EXPECT_NEAR(r.contribution_points(web) + r.contribution_points(del) + r.contribution_points(sup),
              r.brand_index() - 50.0, 1e-10);
  // Fix-first ranking: support hurts most, then delivery, then website.
  EXPECT_LT(sup.impact(4.0), del.impact(4.0));
  EXPECT_LT(del.impact(4.0), web.impact(4.0));
}

TEST(score_test, prospect_segment_aggregates_match_the_hand_calculation) {
  const hand_case hc;
  const hand_numbers x;
  const auto r = hc.run();
  const auto gold = hc.customers.segments.find("gold").value();
  const auto silver = hc.customers.segments.find("silver").value();
  ASSERT_EQ(r.segments.size(), hc.customers.segments.size());
  // A segment holding whole customers contributes psi S_c / total psi.
  EXPECT_NEAR(r.segments[gold].contribution(4.0), 1 * x.SA / 4, 1e-12);
  EXPECT_NEAR(r.segments[silver].contribution(4.0), 3 * x.SB / 4, 1e-12);
  EXPECT_EQ(r.segments[gold].count, 3u);
  EXPECT_DOUBLE_EQ(r.segments[silver].weight, 9.0);  // 3 encounters x psi 3
  // gold gaps: 0.25, -0.1, 0.5 -> mean 0.65 / 3.
  EXPECT_NEAR(r.segments[gold].mean_gap(), 0.65 / 3, 1e-15);
  EXPECT_EQ(r.segments[hc.customers.segments.find("unassigned").value()].count, 0u);
}

TEST(score_test, model_weight_overrides_the_map_weight) {
  // Dropping the model's delivery weight falls back to the map's 2: A's delivery weight becomes
  // 2 * 2 * 2^(-0.3) instead of 3 * 2 * 2^(-0.3).
  hand_case hc;
  hc.m.weights.clear();
  const auto r = hc.run();
  const hand_numbers x;
  const double WA2 = 2 * 2 * std::pow(2.0, -0.3);
  const double SA = (x.WA0 * x.vA0 + WA2 * x.vA2 + x.WA4 * x.vA4) / (x.WA0 + WA2 + x.WA4);
  EXPECT_NEAR(r.customer_journey_score[0], SA, 1e-12);
}

TEST(score_test, a_model_that_reads_no_times_scores_events_without_them_to_the_same_bits) {
  const auto map = servqual_map();
  const columns c = servqual_one_customer();
  auto timeless = c.view();
  timeless.time = {};
  for (const auto& m : {cxscore::model::prospect(), cxscore::model::servqual()}) {
    ASSERT_FALSE(m.reads_time());
    const auto with = cxscore::score(c.view(), map, m), without = cxscore::score(timeless, map, m);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(with.customer_score[0]),
              std::bit_cast<std::uint64_t>(without.customer_score[0]));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(with.brand_score()), std::bit_cast<std::uint64_t>(without.brand_score()));
  }
  auto decaying = cxscore::model::prospect();
  decaying.half_life_days = 30;
  auto peak_end = cxscore::model::prospect();
  peak_end.peak_end = 0.5;
  for (const auto& m : {decaying, peak_end}) {
    ASSERT_TRUE(m.reads_time());
    try {
      (void)cxscore::score(timeless, map, m);
      ADD_FAILURE() << "scored without times a model that reads them";
    } catch (const cxscore::input_error& e) {
      EXPECT_EQ(e.where().column, "time") << e.what();
    }
  }
}

TEST(score_test, without_decay_all_encounters_count_fully) {
  hand_case hc;
  hc.m.half_life_days = std::numeric_limits<double>::infinity();
  const hand_numbers x;
  const auto r = hc.run();
  // A: weights 1, 6, 0.5.
  EXPECT_NEAR(r.customer_journey_score[0], (1 * x.vA0 + 6 * x.vA2 + 0.5 * x.vA4) / 7.5, 1e-12);
}

TEST(score_test, recovery_scales_only_positive_service_values) {
  // One customer: a service touchpoint rated above (g = +0.5) and an experience touchpoint rated above (g = +0.5).
  cxscore::journey_map map;
  map.add_touchpoint({.name = "support", .role = cxscore::role::service, .scale = {1, 5}, .promise = 3});
  map.add_touchpoint({.name = "product", .scale = {1, 5}, .promise = 3});
  columns ev;
  ev.add(0, 0, t0, 5);
  ev.add(0, 1, t0, 5);
  ev.add(1, 0, t0, 1);  // customer 1: service below promise, g = -0.5
  auto m = cxscore::model::servqual();
  m.recovery = 0.0;
  auto r = cxscore::score(ev.view(), map, m);
  // Customer 0: (0 * ... + 0.5) / 2 = 0.25 with rho = 0: the service gain is worth nothing.
  EXPECT_NEAR(r.customer_score[0], 0.25, 1e-15);
  // Customer 1: the loss is not scaled: -0.5.
  EXPECT_NEAR(r.customer_score[1], -0.5, 1e-15);
  m.recovery = 0.4;
  r = cxscore::score(ev.view(), map, m);
  EXPECT_NEAR(r.customer_score[0], (0.4 * 0.5 + 0.5) / 2, 1e-15);
  EXPECT_NEAR(r.customer_score[1], -0.5, 1e-15);
}

TEST(score_test, peak_is_the_largest_absolute_value_earliest_on_a_tie) {
  // servqual (v = g) with pi = 1: the score is (v_peak + v_end) / 2.
  cxscore::journey_map map;
  map.add_touchpoint({.name = "x", .scale = {1, 5}, .promise = 3});
  auto m = cxscore::model::servqual();
  m.peak_end = 1.0;
  columns gain_first;  // +0.25, then -0.25 (same |v|), then an on-promise end
  gain_first.add(0, 0, t0, 4);
  gain_first.add(0, 0, t0 + 1, 2);
  gain_first.add(0, 0, t0 + 2, 3);
  auto r = cxscore::score(gain_first.view(), map, m);
  EXPECT_DOUBLE_EQ(r.customer_score[0], (0.25 + 0.0) / 2);
  EXPECT_DOUBLE_EQ(r.customer_journey_score[0], 0.0);  // the blend does not touch the journey score
  EXPECT_DOUBLE_EQ(r.brand_score(), 0.0);
  columns loss_first;
  loss_first.add(0, 0, t0 + 1, 2);
  loss_first.add(0, 0, t0, 4);
  loss_first.add(0, 0, t0 + 2, 3);
  r = cxscore::score(loss_first.view(), map, m);
  EXPECT_DOUBLE_EQ(r.customer_score[0], (-0.25 + 0.0) / 2);
  // A strictly larger |v| wins regardless of position: -0.5 beats +0.25.
  columns bigger_loss;
  bigger_loss.add(0, 0, t0, 4);
  bigger_loss.add(0, 0, t0 + 1, 1);
  bigger_loss.add(0, 0, t0 + 2, 3);
  r = cxscore::score(bigger_loss.view(), map, m);
  EXPECT_DOUBLE_EQ(r.customer_score[0], (-0.5 + 0.0) / 2);
}

TEST(score_test, end_is_the_latest_event_last_in_input_order_on_a_tie) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "x", .scale = {1, 5}, .promise = 3});
  auto m = cxscore::model::servqual();
  m.peak_end = 1.0;
  // Latest time is not the last row: end = row 0 (g = -0.25); peak = row 1 (g = +0.5).
  columns ev;
  ev.add(0, 0, t0 + 100, 2);
  ev.add(0, 0, t0, 5);
  EXPECT_DOUBLE_EQ(cxscore::score(ev.view(), map, m).customer_score[0], (0.5 - 0.25) / 2);
  // Two events share the latest time: the later row is the end.
  columns tie;
  tie.add(0, 0, t0, 1);         // peak: g = -0.5
  tie.add(0, 0, t0 + 50, 4);    // g = +0.25
  tie.add(0, 0, t0 + 50, 3.5);  // g = +0.125, same time, later row: the end
  const auto r = cxscore::score(tie.view(), map, m);
  EXPECT_DOUBLE_EQ(r.customer_score[0], (-0.5 + 0.125) / 2);
  // pi = 0.3 blends: 0.7 * mean + 0.3 * (peak + end) / 2; mean = (-0.5 + 0.25 + 0.125) / 3.
  m.peak_end = 0.3;
  const auto r3 = cxscore::score(tie.view(), map, m);
  EXPECT_NEAR(r3.customer_score[0], 0.7 * (-0.125 / 3) + 0.3 * (-0.5 + 0.125) / 2, 1e-15);
}

// ---------------------------------------------------------------------------------------------------
// (c) invariants on a larger synthetic data set.
// ---------------------------------------------------------------------------------------------------

// A deterministic generator (PCG-style LCG), so the data are the same on every platform.
struct lcg {
  std::uint64_t state;
  double uniform() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(uniform() * n); }
};

struct synthetic {
  cxscore::journey_map map{"synthetic"};
  columns ev;
  cxscore::customer_table customers;
  cxscore::model m = cxscore::model::prospect();
  static constexpr std::uint32_t n_customers = 41;  // the last one has no events

  // all_unmet: every experience falls short of its expectation.
  explicit synthetic(bool all_unmet = false, std::uint64_t seed = 7) {
    using cxscore::direction;
    using cxscore::role;
    map.add_touchpoint({.name = "website", .owner = "marketing", .phase = "discover", .scale = {1, 5}, .promise = 4});
    map.add_touchpoint({.name = "social", .owner = "marketing", .phase = "discover", .scale = {0, 10}, .weight = 0.5});
    map.add_touchpoint(
        {.name = "checkout", .owner = "sales", .phase = "buy", .scale = {1, 7}, .promise = 6, .weight = 2});
    map.add_touchpoint({.name = "delivery",
                        .owner = "logistics",
                        .phase = "receive",
                        .scale = {0, 240},
                        .direction = direction::lower,
                        .promise = 48,
                        .weight = 3});
    map.add_touchpoint({.name = "billing", .owner = "finance", .phase = "pay", .scale = {1, 5}, .promise = 4});
    map.add_touchpoint({.name = "support",
                        .role = role::service,
                        .owner = "care",
                        .phase = "use",
                        .scale = {1, 5},
                        .promise = 4,
                        .weight = 1.5});
    map.add_touchpoint({.name = "returns",
                        .owner = "logistics",
                        .phase = "receive",
                        .scale = {0, 30},
                        .direction = direction::lower,
                        .promise = 5});
    m.recovery = 0.6;
    m.half_life_days = 30;
    m.peak_end = 0.25;
    m.weights["billing"] = 0.75;
    m.dimension_weights = {{"reliability", 2}, {"empathy", 0.5}};
    ev.dimension_names = {"reliability", "empathy", "tangibles"};

    lcg rng{seed};
    for (std::uint32_t c = 0; c + 1 < n_customers; ++c) {
      const std::uint32_t k = 1 + rng.below(8);
      for (std::uint32_t j = 0; j < k; ++j) {
        const auto t = static_cast<cxscore::touchpoint_code>(rng.below(static_cast<std::uint32_t>(map.size())));
        const auto& tp = map[t];
        const double lo = tp.scale.lo, hi = tp.scale.hi;
        double expectation = nan;
        if (!tp.has_promise() || rng.uniform() < 0.4) expectation = lo + (hi - lo) * (0.2 + 0.6 * rng.uniform());
        const double p = std::isnan(expectation) ? tp.promise : expectation;
        double experience = lo + (hi - lo) * rng.uniform();
        if (all_unmet) {  // strictly on the bad side of p
          const double u = 0.05 + 0.9 * rng.uniform();
          experience = tp.direction == direction::higher ? lo + (p - lo) * u : p + (hi - p) * u;
        }
        const auto d = static_cast<std::int32_t>(rng.below(4)) - 1;  // -1 = none
        ev.add(c, t, t0 + rng.uniform() * 120 * day, experience, expectation, d);
      }
    }
    ev.customer_count = n_customers;
    customers = cxscore::customer_table(n_customers);
    const std::array<const char*, 3> segment{"consumer", "business", "vip"};
    for (std::uint32_t c = 0; c < n_customers; ++c) customers.set(c, 0.5 + 2.5 * rng.uniform(), segment[c % 3]);
  }
  [[nodiscard]] cxscore::score_result run() const {
    cxscore::validate(ev.view(), map);
    return cxscore::score(ev.view(), map, m, with_customers(customers));
  }
};

TEST(score_test, touchpoint_contributions_add_up_to_the_brand_score) {
  const synthetic s;
  const auto r = s.run();
  double sum = 0;
  for (const auto& t : r.touchpoints) sum += t.contribution(r.brand.customer_weight);
  EXPECT_NEAR(sum, r.brand_score(), 1e-12);
  EXPECT_NE(r.brand_score(), 0.0);
}

TEST(score_test, touchpoint_points_add_up_to_the_brand_index_less_50_and_impact_points_to_the_loss) {
  for (const bool all_unmet : {false, true}) {  // a brand score above 0, then one below
    const synthetic s(all_unmet);
    const auto r = s.run();
    double points = 0;
    double loss = 0;
    double loss_points = 0;
    for (const auto& t : r.touchpoints) {
      points += r.contribution_points(t);
      loss += t.impact(r.brand.customer_weight);
      loss_points += r.impact_points(t);
      EXPECT_LE(r.impact_points(t), 0.0);
    }
    EXPECT_NEAR(points, r.brand_index() - 50.0, 1e-10) << all_unmet;
    EXPECT_NEAR(loss_points, 50.0 * loss / r.lambda, 1e-10) << all_unmet;
    EXPECT_LT(loss_points, 0.0);
  }
}

TEST(score_test, segment_contributions_add_up_to_the_brand_score) {
  const synthetic s;
  const auto r = s.run();
  double sum = 0;
  for (const auto& g : r.segments) sum += g.contribution(r.brand.customer_weight);
  EXPECT_NEAR(sum, r.brand_score(), 1e-12);
}

TEST(score_test, impact_is_never_positive_and_never_above_contribution) {
  const synthetic s;
  const auto r = s.run();
  for (std::size_t t = 0; t < r.touchpoints.size(); ++t) {
    const double impact = r.touchpoints[t].impact(r.brand.customer_weight);
    EXPECT_LE(impact, 0.0) << s.map[static_cast<cxscore::touchpoint_code>(t)].name;
    EXPECT_LE(impact, r.touchpoints[t].contribution(r.brand.customer_weight));
  }
}

TEST(score_test, impact_equals_contribution_when_every_gap_is_negative) {
  const synthetic s(/*all_unmet=*/true);
  const auto r = s.run();
  for (const auto& t : r.touchpoints) {
    if (t.count == 0) continue;
    EXPECT_EQ(t.unmet_share(), 1.0);
    EXPECT_EQ(t.impact(r.brand.customer_weight), t.contribution(r.brand.customer_weight));
    EXPECT_LT(t.impact(r.brand.customer_weight), 0.0);
  }
  EXPECT_LT(r.brand_score(), 0.0);
}

TEST(score_test, indexes_stay_within_0_100) {
  for (const bool all_unmet : {false, true}) {
    const synthetic s(all_unmet);
    const auto r = s.run();
    for (std::uint32_t c = 0; c + 1 < synthetic::n_customers; ++c) {
      EXPECT_GE(r.customer_index[c], 0.0) << c;
      EXPECT_LE(r.customer_index[c], 100.0) << c;
    }
    EXPECT_GE(r.brand_index(), 0.0);
    EXPECT_LE(r.brand_index(), 100.0);
  }
  // Extremes: everything at the worst end scores 0, at the best end 100.
  cxscore::journey_map map;
  map.add_touchpoint({.name = "x", .scale = {1, 5}, .promise = 5});
  map.add_touchpoint({.name = "y", .scale = {1, 5}, .promise = 1});
  columns ev;
  ev.add(0, 0, t0, 1);  // g = -1
  ev.add(1, 1, t0, 5);  // g = +1
  const auto r = cxscore::score(ev.view(), map, cxscore::model::prospect());
  EXPECT_NEAR(r.customer_index[0], 0.0, 1e-12);
  EXPECT_NEAR(r.customer_index[1], 100.0, 1e-12);
}

TEST(score_test, customers_without_events_get_nan_and_are_not_counted) {
  const synthetic s;
  const auto r = s.run();
  const auto last = synthetic::n_customers - 1;
  EXPECT_TRUE(std::isnan(r.customer_score[last]));
  EXPECT_TRUE(std::isnan(r.customer_journey_score[last]));
  EXPECT_TRUE(std::isnan(r.customer_index[last]));
  EXPECT_EQ(r.customer_events[last], 0u);
  EXPECT_EQ(r.brand.customers, synthetic::n_customers - 1);
  EXPECT_EQ(r.brand.events, s.ev.customer.size());
  EXPECT_DOUBLE_EQ(r.brand.customer_weight, [&] {
    double w = 0;
    for (std::uint32_t c = 0; c < last; ++c) w += s.customers.weight[c];
    return w;
  }());
}

TEST(score_test, scaling_all_touchpoint_weights_changes_no_score) {
  const synthetic s;
  const auto base = s.run();
  synthetic scaled;
  const auto w = s.m.touchpoint_weights(s.map);
  for (std::size_t t = 0; t < s.map.size(); ++t)
    scaled.m.weights[s.map[static_cast<cxscore::touchpoint_code>(t)].name] = 7 * w[t];
  const auto r = scaled.run();
  for (std::uint32_t c = 0; c + 1 < synthetic::n_customers; ++c) {
    EXPECT_NEAR(r.customer_score[c], base.customer_score[c], 1e-12) << c;
    EXPECT_NEAR(r.customer_journey_score[c], base.customer_journey_score[c], 1e-12) << c;
  }
  EXPECT_NEAR(r.brand_score(), base.brand_score(), 1e-12);
  for (std::size_t t = 0; t < s.map.size(); ++t)
    EXPECT_NEAR(r.touchpoints[t].contribution(r.brand.customer_weight),
                base.touchpoints[t].contribution(base.brand.customer_weight), 1e-12);
}

TEST(score_test, a_customer_score_rises_when_one_experience_rises) {
  const synthetic s;
  const auto base = s.run();
  // Raise every raisable higher-is-better experience-role encounter, one at a time.
  int checked = 0;
  for (std::size_t i = 0; i < s.ev.customer.size(); ++i) {
    const auto& tp = s.map[s.ev.touchpoint[i]];
    if (tp.direction != cxscore::direction::higher || tp.role != cxscore::role::experience) continue;
    if (s.ev.experience[i] > tp.scale.hi - 0.5) continue;
    synthetic raised;
    raised.ev.experience[i] += 0.5;
    const auto r = raised.run();
    const auto c = s.ev.customer[i];
    EXPECT_GT(r.customer_journey_score[c], base.customer_journey_score[c]) << "row " << i;
    EXPECT_GT(r.customer_score[c], base.customer_score[c]) << "row " << i;
    EXPECT_GT(r.brand_score(), base.brand_score()) << "row " << i;
    // Other customers are untouched.
    const auto other = (c + 1) % (synthetic::n_customers - 1);
    EXPECT_EQ(r.customer_score[other], base.customer_score[other]);
    if (++checked == 25) break;
  }
  EXPECT_EQ(checked, 25);
}

TEST(score_test, customer_weights_weight_the_brand_score) {
  const synthetic s;
  const auto r = s.run();
  double wsum = 0, journey = 0, blended = 0;
  for (std::uint32_t c = 0; c + 1 < synthetic::n_customers; ++c) {
    wsum += s.customers.weight[c];
    journey += s.customers.weight[c] * r.customer_journey_score[c];
    blended += s.customers.weight[c] * r.customer_score[c];
  }
  EXPECT_NEAR(r.brand_score(), journey / wsum, 1e-12);
  EXPECT_NEAR(r.mean_customer_score(), blended / wsum, 1e-12);
  // Without a customer table every psi is 1: the plain mean.
  const auto plain = cxscore::score(s.ev.view(), s.map, s.m);
  double mean = 0;
  for (std::uint32_t c = 0; c + 1 < synthetic::n_customers; ++c) mean += plain.customer_journey_score[c];
  mean /= synthetic::n_customers - 1;
  EXPECT_NEAR(plain.brand_score(), mean, 1e-12);
  // psi changes no customer's own score.
  for (std::uint32_t c = 0; c + 1 < synthetic::n_customers; ++c)
    EXPECT_EQ(plain.customer_score[c], r.customer_score[c]);
  // ... but does change the brand score here (weights are not all equal).
  EXPECT_GT(std::abs(plain.brand_score() - r.brand_score()), 1e-6);
}

TEST(score_test, owner_roll_up_equals_summing_touchpoints_by_hand) {
  const synthetic s;
  const auto r = s.run();
  const auto owners = s.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  ASSERT_EQ(owners.names, (std::vector<std::string>{"marketing", "sales", "logistics", "finance", "care"}));
  const auto by_owner = r.by(owners);
  ASSERT_EQ(by_owner.size(), 5u);
  // marketing = website + social; logistics = delivery + returns; the rest one touchpoint each.
  const std::vector<std::vector<std::size_t>> members{{0, 1}, {2}, {3, 6}, {4}, {5}};
  double total = 0;
  for (std::size_t o = 0; o < 5; ++o) {
    std::uint64_t count = 0;
    double weight = 0, gap = 0, value = 0, unmet = 0, contribution = 0, impact = 0;
    for (auto t : members[o]) {
      count += r.touchpoints[t].count;
      weight += r.touchpoints[t].weight;
      gap += r.touchpoints[t].gap_sum;
      value += r.touchpoints[t].value_sum;
      unmet += r.touchpoints[t].unmet_weight;
      contribution += r.touchpoints[t].contribution_sum;
      impact += r.touchpoints[t].impact_sum;
    }
    EXPECT_EQ(by_owner[o].count, count) << owners.names[o];
    EXPECT_DOUBLE_EQ(by_owner[o].weight, weight) << owners.names[o];
    EXPECT_DOUBLE_EQ(by_owner[o].gap_sum, gap) << owners.names[o];
    EXPECT_DOUBLE_EQ(by_owner[o].value_sum, value) << owners.names[o];
    EXPECT_DOUBLE_EQ(by_owner[o].unmet_weight, unmet) << owners.names[o];
    EXPECT_DOUBLE_EQ(by_owner[o].contribution_sum, contribution) << owners.names[o];
    EXPECT_DOUBLE_EQ(by_owner[o].impact_sum, impact) << owners.names[o];
    total += by_owner[o].contribution(r.brand.customer_weight);
  }
  EXPECT_NEAR(total, r.brand_score(), 1e-12);
}

TEST(score_test, hand_case_owner_roll_up) {
  const hand_case hc;
  const hand_numbers x;
  const auto r = hc.run();
  const auto owners = hc.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  const auto by_owner = r.by(owners);
  ASSERT_EQ(owners.names, (std::vector<std::string>{"marketing", "logistics", "care"}));
  EXPECT_NEAR(by_owner[1].contribution(4.0), (x.WA2 / x.sumA * x.vA2 + 3 * x.WB1 / x.sumB * x.vB1) / 4, 1e-12);
  EXPECT_NEAR(by_owner[0].contribution(4.0) + by_owner[1].contribution(4.0) + by_owner[2].contribution(4.0), x.brand,
              1e-12);
}

// ---------------------------------------------------------------------------------------------------
// (d) merge: two halves of the customers, scored apart and merged, equal one pass.
// ---------------------------------------------------------------------------------------------------

TEST(score_test, merging_two_halves_of_the_customers_equals_one_pass) {
  const synthetic s;
  const auto one = s.run();
  // Same codes and customer_count; the halves hold disjoint customers, rows in their original order.
  columns half[2];
  for (auto& h : half) h.dimension_names = s.ev.dimension_names;
  for (std::size_t i = 0; i < s.ev.customer.size(); ++i) {
    auto& h = half[s.ev.customer[i] < 20 ? 0 : 1];
    h.add(s.ev.customer[i], s.ev.touchpoint[i], s.ev.time[i], s.ev.experience[i], s.ev.expectation[i],
          s.ev.dimension[i]);
  }
  for (auto& h : half) h.customer_count = synthetic::n_customers;
  ASSERT_GT(half[0].customer.size(), 0u);
  ASSERT_GT(half[1].customer.size(), 0u);
  const auto opt = with_customers(s.customers);
  const auto a = cxscore::score(half[0].view(), s.map, s.m, opt);
  const auto b = cxscore::score(half[1].view(), s.map, s.m, opt);

  auto touchpoints = a.touchpoints;
  for (std::size_t t = 0; t < touchpoints.size(); ++t) touchpoints[t].merge(b.touchpoints[t]);
  auto segments = a.segments;
  for (std::size_t g = 0; g < segments.size(); ++g) segments[g].merge(b.segments[g]);
  auto brand = a.brand;
  brand.merge(b.brand);

  EXPECT_EQ(brand.customers, one.brand.customers);
  EXPECT_EQ(brand.events, one.brand.events);
  expect_rel(brand.customer_weight, one.brand.customer_weight, 1e-12, "customer_weight");
  expect_rel(brand.journey_score_sum, one.brand.journey_score_sum, 1e-12, "journey_score_sum");
  expect_rel(brand.score_sum, one.brand.score_sum, 1e-12, "score_sum");
  auto same = [](const cxscore::group_summary& x, const cxscore::group_summary& y, const std::string& what) {
    EXPECT_EQ(x.count, y.count) << what;
    expect_rel(x.weight, y.weight, 1e-12, what + " weight");
    expect_rel(x.gap_sum, y.gap_sum, 1e-12, what + " gap_sum");
    expect_rel(x.value_sum, y.value_sum, 1e-12, what + " value_sum");
    expect_rel(x.unmet_weight, y.unmet_weight, 1e-12, what + " unmet_weight");
    expect_rel(x.contribution_sum, y.contribution_sum, 1e-12, what + " contribution_sum");
    expect_rel(x.impact_sum, y.impact_sum, 1e-12, what + " impact_sum");
  };
  for (std::size_t t = 0; t < touchpoints.size(); ++t)
    same(touchpoints[t], one.touchpoints[t], "touchpoint " + std::to_string(t));
  for (std::size_t g = 0; g < segments.size(); ++g) same(segments[g], one.segments[g], "segment " + std::to_string(g));
  EXPECT_NEAR(brand.journey_score_sum / brand.customer_weight, one.brand_score(), 1e-12);
  // Each customer's score comes from one half alone, computed over the same rows in the same order.
  for (std::uint32_t c = 0; c + 1 < synthetic::n_customers; ++c) {
    const auto& part = c < 20 ? a : b;
    const auto& other = c < 20 ? b : a;
    EXPECT_EQ(part.customer_score[c], one.customer_score[c]) << c;
    EXPECT_TRUE(std::isnan(other.customer_score[c])) << c;
  }
}

// ---------------------------------------------------------------------------------------------------
// (e) threads and the kernel's two paths: customer-sorted rows (read once) and any order (regrouped).
// ---------------------------------------------------------------------------------------------------

// A simulated brand (sorted by customer, ~3 blocks of customers) whose last customer also gets 1300 rows
// more, more than one measuring block, so every branch of the sorted path runs.
// A simulated brand's events as columns.
columns columns_of(const cxscore::simulated_brand& brand) {
  columns out;
  const auto& e = brand.events;
  for (std::size_t i = 0; i < e.size(); ++i)
    out.add(e.customer[i], e.touchpoint[i], e.time[i], e.experience[i], e.expectation[i], e.dimension[i]);
  out.dimension_names = e.dimensions.labels();
  out.customer_count = brand.customers.size();
  return out;
}

// The rows of `from` in the order `order` lists them.
columns permuted(const columns& from, const std::vector<std::size_t>& order) {
  columns out;
  for (std::size_t i : order)
    out.add(from.customer[i], from.touchpoint[i], from.time[i], from.experience[i], from.expectation[i],
            from.dimension[i]);
  out.dimension_names = from.dimension_names;
  out.customer_count = from.customer_count;
  return out;
}

// The rows of `from` stably sorted by customer.
columns stably_sorted(const columns& from) {
  std::vector<std::size_t> order(from.customer.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return from.customer[a] < from.customer[b]; });
  return permuted(from, order);
}

struct kernel_case {
  cxscore::simulated_brand brand = cxscore::simulate({.customers = 2500, .seed = 11});
  columns sorted, shuffled, reversed, time_ordered;

  kernel_case() : sorted(columns_of(brand)) {
    const std::uint32_t last = sorted.customer.back();
    for (int k = 0; k < 1300; ++k) {
      const auto t = static_cast<cxscore::touchpoint_code>(k % 5);  // rated touchpoints, scale [1, 5]
      sorted.add(last, t, 1.7e9 + 3600.0 * (k % 97), 1 + (k * 7) % 5, k % 3 ? nan : 1 + (k * 3) % 5);
    }
    // Every row to a random place: each customer's rows change order too.
    std::vector<std::size_t> order(sorted.customer.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), std::mt19937_64(5));
    shuffled = permuted(sorted, order);
    // Customers in descending code order, each customer's rows in their original order.
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return sorted.customer[a] > sorted.customer[b]; });
    reversed = permuted(sorted, order);
    // Every row in time order, as event logs arrive: customers interleaved, ties kept in customer order.
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return sorted.time[a] < sorted.time[b]; });
    time_ordered = permuted(sorted, order);
  }
  [[nodiscard]] cxscore::score_result run(const columns& ev, const cxscore::model& m, unsigned threads,
                                          cxscore::simd_target simd = cxscore::simd_target::automatic) const {
    cxscore::score_options opt;
    opt.customers = &brand.customers;
    opt.threads = threads;
    opt.simd = simd;
    return cxscore::score(ev.view(), brand.map, m, opt);
  }
  // The brand's model (prospect, SERVQUAL item weights) with decay and peak-end, and alpha != beta.
  [[nodiscard]] std::vector<cxscore::model> models() const {
    auto full = brand.model;
    full.half_life_days = 20;
    full.peak_end = 0.3;
    full.alpha = 0.8;
    full.beta = 0.9;
    full.recovery = 0.5;
    return {full, brand.model, cxscore::model::servqual()};
  }
};

std::vector<std::uint64_t> bits(const std::vector<double>& v) {
  std::vector<std::uint64_t> out;
  out.reserve(v.size());
  for (double x : v) out.push_back(std::bit_cast<std::uint64_t>(x));
  return out;
}
std::vector<std::uint64_t> bits(const std::vector<cxscore::group_summary>& groups) {
  std::vector<std::uint64_t> out;
  for (const auto& g : groups)
    for (double x : {g.weight, g.gap_sum, g.value_sum, g.unmet_weight, g.contribution_sum, g.impact_sum})
      out.push_back(std::bit_cast<std::uint64_t>(x));
  for (const auto& g : groups) out.push_back(g.count);
  return out;
}

void expect_bitwise_equal(const cxscore::score_result& a, const cxscore::score_result& b, const std::string& what) {
  EXPECT_EQ(bits(a.customer_score), bits(b.customer_score)) << what;
  EXPECT_EQ(bits(a.customer_journey_score), bits(b.customer_journey_score)) << what;
  EXPECT_EQ(bits(a.customer_index), bits(b.customer_index)) << what;
  EXPECT_EQ(a.customer_events, b.customer_events) << what;
  EXPECT_EQ(bits(a.touchpoints), bits(b.touchpoints)) << what;
  EXPECT_EQ(bits(a.segments), bits(b.segments)) << what;
  EXPECT_EQ(a.brand.customers, b.brand.customers) << what;
  EXPECT_EQ(a.brand.events, b.brand.events) << what;
  EXPECT_EQ(bits({a.brand.customer_weight, a.brand.journey_score_sum, a.brand.score_sum}),
            bits({b.brand.customer_weight, b.brand.journey_score_sum, b.brand.score_sum}))
      << what;
}

TEST(score_test, one_two_and_four_threads_give_the_same_bits_sorted_and_shuffled) {
  const kernel_case k;
  for (const auto& m : k.models())
    for (const auto* ev : {&k.sorted, &k.shuffled}) {
      const std::string what =
          m.preset + (ev == &k.sorted ? " sorted" : " shuffled") + (m.has_decay() ? " with decay and peak-end" : "");
      const auto one = k.run(*ev, m, 1);
      ASSERT_EQ(one.brand.events, ev->customer.size()) << what;
      ASSERT_EQ(one.brand.customers, k.sorted.customer_count) << what;
      expect_bitwise_equal(one, k.run(*ev, m, 2), what + ", 2 threads");
      expect_bitwise_equal(one, k.run(*ev, m, 4), what + ", 4 threads");
    }
}

TEST(score_test, rows_screened_by_score_give_the_validated_rows_bits) {
  const kernel_case k;
  for (const auto& m : k.models())
    for (const auto* ev : {&k.sorted, &k.shuffled, &k.reversed}) {
      const std::string what = m.preset + (ev == &k.sorted ? " sorted" : ev == &k.shuffled ? " shuffled" : " reversed");
      cxscore::validate(ev->view(), k.brand.map, "<arrays>", 2);
      cxscore::score_options opt;
      opt.customers = &k.brand.customers;
      opt.threads = 2;
      opt.screen_rows = true;
      expect_bitwise_equal(k.run(*ev, m, 2), cxscore::score(ev->view(), k.brand.map, m, opt), what);
    }
}

// What validate() says of the columns, or "" when it accepts them.
std::string validate_error(const columns& ev, const cxscore::journey_map& map) {
  try {
    cxscore::validate(ev.view(), map, "<arrays>", 2);
  } catch (const cxscore::input_error& e) {
    return e.what();
  }
  return "";
}

TEST(score_test, a_bad_row_screened_by_score_is_the_first_one_validate_names) {
  const kernel_case k;
  const std::size_t n = k.sorted.customer.size();
  // Rows of the first, a middle and the last kernel block, and of the long last customer; a customer code beyond
  // the count; bad experience, expectation, touchpoint and time; two bad rows at once (the first one is named).
  struct bad_row {
    std::size_t row;
    void (*spoil)(columns&, std::size_t);
  };
  const std::vector<std::vector<bad_row>> cases{
      {{3, [](columns& c, std::size_t i) { c.experience[i] = 1e6; }}},
      {{n / 2, [](columns& c, std::size_t i) { c.expectation[i] = -1e6; }}},
      {{n / 2 + 7, [](columns& c, std::size_t i) { c.touchpoint[i] = 250; }},
       {n - 5, [](columns& c, std::size_t i) { c.time[i] = nan; }}},
      {{n - 700, [](columns& c, std::size_t i) { c.experience[i] = nan; }}},
      {{n - 1, [](columns& c, std::size_t i) { c.customer[i] = static_cast<std::uint32_t>(c.customer_count); }}},
      {{n / 3,
        [](columns& c, std::size_t i) { c.dimension[i] = static_cast<std::int32_t>(c.dimension_names.size()); }}},
      {{n / 4 + 1, [](columns& c, std::size_t i) { c.time[i] = 1e13; }}},  // finite, beyond the year 9999
  };
  for (const auto& m : k.models())
    for (const auto& rows : cases)
      for (const bool shuffle : {false, true}) {
        columns ev = k.sorted;
        for (const auto& r : rows) r.spoil(ev, r.row);
        if (shuffle) std::swap_ranges(ev.customer.begin(), ev.customer.begin() + 10, ev.customer.begin() + 100);
        const std::string expected = validate_error(ev, k.brand.map);
        ASSERT_NE(expected, "") << "row " << rows[0].row;
        cxscore::score_options opt;
        opt.customers = &k.brand.customers;
        opt.screen_rows = true;
        opt.source = "<arrays>";
        // Each kernel target screens the rows its own way (AVX-512: eight rows at a time, eight_row_screen.hpp).
        for (const auto simd : {cxscore::simd_target::baseline, cxscore::simd_target::avx512})
          for (const unsigned threads : {1u, 2u}) {
            if (!cxscore::simd_target_available(simd)) continue;
            opt.threads = threads;
            opt.simd = simd;
            try {
              (void)cxscore::score(ev.view(), k.brand.map, m, opt);
              ADD_FAILURE() << "no error for row " << rows[0].row;
            } catch (const cxscore::input_error& e) {
              EXPECT_EQ(std::string(e.what()), expected)
                  << m.preset << ", threads " << threads << ", " << cxscore::simd_target_name(simd);
            }
          }
        opt.simd = cxscore::simd_target::automatic;
        // An as-of time before every event: the bad row is still named first, as validate() before score() names it.
        opt.as_of = 1.0e9;
        try {
          (void)cxscore::score(ev.view(), k.brand.map, m, opt);
          ADD_FAILURE() << "no error for row " << rows[0].row << " with an as-of time";
        } catch (const cxscore::input_error& e) {
          EXPECT_EQ(std::string(e.what()), expected) << m.preset << ", as of";
        }
      }
}

TEST(score_test, every_simd_target_this_cpu_runs_gives_the_baselines_bits) {
  const kernel_case k;
  using cxscore::simd_target;
  ASSERT_TRUE(cxscore::simd_target_available(simd_target::baseline));
  std::vector<simd_target> wider;
  for (simd_target t : {simd_target::avx2, simd_target::avx512}) {
    if (cxscore::simd_target_available(t))
      wider.push_back(t);
    else
      std::cout << "[ note     ] this CPU (or build) has no " << cxscore::simd_target_name(t) << " kernel\n";
  }
  for (const auto& m : k.models())
    for (const auto* ev : {&k.sorted, &k.shuffled}) {
      const std::string what =
          m.preset + (ev == &k.sorted ? " sorted" : " shuffled") + (m.has_decay() ? " with decay and peak-end" : "");
      const auto baseline = k.run(*ev, m, 2, simd_target::baseline);
      ASSERT_EQ(baseline.brand.events, ev->customer.size()) << what;
      expect_bitwise_equal(baseline, k.run(*ev, m, 2), what + ", automatic");
      for (simd_target t : wider)
        expect_bitwise_equal(baseline, k.run(*ev, m, 2, t), what + ", " + cxscore::simd_target_name(t));
    }
}

TEST(score_test, a_simd_target_can_be_forced_and_an_unknown_or_missing_one_is_an_error) {
  using cxscore::simd_target;
  const char* outer = std::getenv("CXSCORE_FORCE_ISA");
  const std::string outer_value = outer ? outer : "";
  ASSERT_EQ(::setenv("CXSCORE_FORCE_ISA", "baseline", 1), 0);
  EXPECT_EQ(cxscore::resolve_simd_target(), simd_target::baseline);
  EXPECT_EQ(cxscore::resolve_simd_target(simd_target::baseline), simd_target::baseline);
  ASSERT_EQ(::setenv("CXSCORE_FORCE_ISA", "sse9", 1), 0);
  EXPECT_THROW((void)cxscore::resolve_simd_target(), cxscore::input_error);
  ASSERT_EQ(::unsetenv("CXSCORE_FORCE_ISA"), 0);
  const simd_target widest = cxscore::resolve_simd_target();
  EXPECT_TRUE(cxscore::simd_target_available(widest));
  EXPECT_NE(widest, simd_target::automatic);
  for (simd_target t : {simd_target::avx2, simd_target::avx512}) {
    if (!cxscore::simd_target_available(t)) {
      EXPECT_THROW((void)cxscore::resolve_simd_target(t), cxscore::input_error);
    }
  }
  if (outer) ::setenv("CXSCORE_FORCE_ISA", outer_value.c_str(), 1);
}

TEST(score_test, sorted_and_shuffled_rows_agree_to_rounding) {
  const kernel_case k;
  for (const auto& m : k.models()) {
    const auto a = k.run(k.sorted, m, 1);
    const auto b = k.run(k.shuffled, m, 2);
    for (std::size_t c = 0; c < a.customer_score.size(); ++c) {
      EXPECT_EQ(a.customer_events[c], b.customer_events[c]);
      expect_rel(b.customer_journey_score[c], a.customer_journey_score[c], 1e-12, "journey " + std::to_string(c));
      if (m.peak_end == 0)  // with peak-end, ties for the peak or the end depend on the row order
        expect_rel(b.customer_score[c], a.customer_score[c], 1e-12, "score " + std::to_string(c));
    }
    for (std::size_t t = 0; t < a.touchpoints.size(); ++t) {
      EXPECT_EQ(a.touchpoints[t].count, b.touchpoints[t].count);
      expect_rel(b.touchpoints[t].gap_sum, a.touchpoints[t].gap_sum, 1e-12, "gap_sum");
      expect_rel(b.touchpoints[t].value_sum, a.touchpoints[t].value_sum, 1e-12, "value_sum");
      expect_rel(b.touchpoints[t].unmet_weight, a.touchpoints[t].unmet_weight, 1e-12, "unmet_weight");
      expect_rel(b.touchpoints[t].contribution_sum, a.touchpoints[t].contribution_sum, 1e-12, "contribution_sum");
      expect_rel(b.touchpoints[t].impact_sum, a.touchpoints[t].impact_sum, 1e-12, "impact_sum");
    }
    expect_rel(b.brand_score(), a.brand_score(), 1e-12, "brand score");
    // The contributions add up to the brand score on both paths.
    double total = 0;
    for (const auto& t : b.touchpoints) total += t.contribution(b.brand.customer_weight);
    expect_rel(total, a.brand_score(), 1e-12, "sum of contributions");
  }
}

TEST(score_test, rows_in_any_order_give_the_bits_of_the_same_rows_stably_sorted_by_customer) {
  // The general path regroups the rows by customer with a stable sort, keeping each customer's rows in
  // input order, and scores them with the sorted path: customers in descending order, and rows shuffled,
  // give every number in the last bit as the same rows stably sorted by customer do.
  const kernel_case k;
  ASSERT_FALSE(std::is_sorted(k.time_ordered.customer.begin(), k.time_ordered.customer.end()));  // regrouped
  for (const auto& m : k.models()) {
    const std::string what = m.preset + (m.has_decay() ? " with decay and peak-end" : "");
    expect_bitwise_equal(k.run(k.reversed, m, 2), k.run(k.sorted, m, 1), what + ", customers reversed");
    expect_bitwise_equal(k.run(k.shuffled, m, 2), k.run(stably_sorted(k.shuffled), m, 1), what + ", shuffled");
    for (unsigned threads : {1u, 2u})
      expect_bitwise_equal(k.run(k.time_ordered, m, threads), k.run(stably_sorted(k.time_ordered), m, 1),
                           what + ", time-ordered, " + std::to_string(threads) + " threads");
  }
}

TEST(score_test, rows_in_any_order_give_the_sorted_bits_when_blocks_are_not_a_power_of_two_codes) {
  // 70,000 customers: blocks of 1094 codes, so the regrouping's partitions (powers of two) are cut where
  // blocks begin.
  const auto brand = cxscore::simulate({.customers = 70'000, .seed = 3});
  const columns rows = columns_of(brand);
  std::vector<std::size_t> order(rows.customer.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(8));
  const columns shuffled = permuted(rows, order);
  auto m = brand.model;
  m.half_life_days = 20;
  m.peak_end = 0.3;
  const cxscore::score_options opt{.customers = &brand.customers, .threads = 2};
  const auto a = cxscore::score(shuffled.view(), brand.map, m, opt);
  ASSERT_EQ(a.brand.events, rows.customer.size());
  expect_bitwise_equal(a, cxscore::score(stably_sorted(shuffled).view(), brand.map, m, opt),
                       "70,000 customers, shuffled");
}

// Touchpoint and dimension columns stored as bytes with a table (code_column.hpp), as pandas hands over
// categoricals: the categories in another order than the map's codes, an unused category, and the
// dimension's missing byte 255. `offset` moves every category up: 16 or more leaves the 16-entry tables
// unusable, so the scalar staging runs instead of the vector one.
struct byte_columns {
  std::vector<std::uint8_t> touchpoint, dimension;
  std::vector<cxscore::touchpoint_code> touchpoint_table;
  std::vector<std::int32_t> dimension_table;

  byte_columns(const columns& c, std::size_t touchpoints, std::size_t offset)
      : touchpoint_table(256, std::numeric_limits<cxscore::touchpoint_code>::max()), dimension_table(256, -2) {
    // Category offset + k holds touchpoint (touchpoints - 1 - k); with an offset, category 0 is unused.
    for (std::size_t t = 0; t < touchpoints; ++t)
      touchpoint_table[offset + touchpoints - 1 - t] = static_cast<cxscore::touchpoint_code>(t);
    for (auto t : c.touchpoint) touchpoint.push_back(static_cast<std::uint8_t>(offset + touchpoints - 1 - t));
    const std::size_t dimensions = c.dimension_names.size();
    for (std::size_t d = 0; d < dimensions; ++d)
      dimension_table[offset + dimensions - 1 - d] = static_cast<std::int32_t>(d);
    dimension_table[255] = cxscore::no_dimension;
    for (auto d : c.dimension)
      dimension.push_back(d == cxscore::no_dimension ? 255 : static_cast<std::uint8_t>(offset + dimensions - 1 - d));
  }
  [[nodiscard]] cxscore::event_view view(const columns& c) const {
    auto v = c.view();
    v.touchpoint = cxscore::code_column<cxscore::touchpoint_code>::of_bytes(touchpoint, touchpoint_table);
    v.dimension = cxscore::code_column<std::int32_t>::of_bytes(dimension, dimension_table);
    return v;
  }
};

TEST(score_test, byte_code_columns_score_to_the_same_bits_as_wide_ones) {
  const kernel_case k;
  ASSERT_TRUE(std::count(k.sorted.dimension.begin(), k.sorted.dimension.end(), cxscore::no_dimension) > 0);
  for (std::size_t offset : {0, 1, 40})  // 0 and 1: the vector lookups; 40: the scalar loop
    for (const auto* ev : {&k.sorted, &k.shuffled}) {
      const byte_columns bytes(*ev, k.brand.map.size(), offset);
      for (const auto& m : k.models())
        for (unsigned threads : {1u, 2u}) {
          const std::string what = m.preset + (ev == &k.sorted ? " sorted" : " shuffled") + ", categories from " +
                                   std::to_string(offset) + ", " + std::to_string(threads) + " threads";
          cxscore::score_options opt;
          opt.customers = &k.brand.customers;
          opt.threads = threads;
          const auto v = bytes.view(*ev);
          EXPECT_NO_THROW(cxscore::validate(v, k.brand.map)) << what;
          expect_bitwise_equal(k.run(*ev, m, threads), cxscore::score(v, k.brand.map, m, opt), what);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// (f) bad input.
// ---------------------------------------------------------------------------------------------------

TEST(score_test, customer_whose_weights_sum_to_zero_is_an_error_naming_it) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "website", .scale = {1, 5}, .promise = 4});
  map.add_touchpoint({.name = "ignored", .scale = {1, 5}, .promise = 4, .weight = 0});
  cxscore::dictionary names;
  columns ev;
  ev.add(names.encode("alice"), 0, t0, 3);
  ev.add(names.encode("zoe"), 1, t0, 3);  // zoe's only encounters are at a weight-0 touchpoint
  ev.add(names.encode("zoe"), 1, t0 + day, 5);
  cxscore::score_options opt;
  opt.customer_label = [&](std::uint32_t c) { return names[c]; };
  opt.source = "events.csv";
  try {
    (void)cxscore::score(ev.view(), map, cxscore::model::prospect(), opt);
    ADD_FAILURE() << "zero total weight accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().value, "zoe");
    EXPECT_EQ(e.where().column, "customer");
    EXPECT_EQ(e.where().file, "events.csv");
    EXPECT_NE(std::string(e.what()).find("zoe"), std::string::npos) << e.what();
  }
  // Without a label function the code names the customer.
  try {
    (void)cxscore::score(ev.view(), map, cxscore::model::prospect());
    ADD_FAILURE() << "zero total weight accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().value, "1");
  }
  // A zero model weight or a zero dimension weight does the same.
  auto m = cxscore::model::prospect();
  m.weights["ignored"] = 1;
  m.weights["website"] = 0;
  EXPECT_THROW((void)cxscore::score(ev.view(), map, m), cxscore::input_error);  // now alice has weight 0
  m.weights["website"] = 1;
  EXPECT_NO_THROW((void)cxscore::score(ev.view(), map, m));
  columns dim = ev;
  dim.dimension_names = {"courtesy"};
  dim.dimension = {cxscore::no_dimension, 0, 0};
  m.dimension_weights["courtesy"] = 0;
  EXPECT_THROW((void)cxscore::score(dim.view(), map, m), cxscore::input_error);
}

TEST(score_test, invalid_model_and_mismatched_customer_table_are_errors) {
  const hand_case hc;
  auto m = hc.m;
  m.lambda = -1;
  EXPECT_THROW((void)cxscore::score(hc.ev.view(), hc.map, m), cxscore::input_error);
  auto unknown = hc.m;
  unknown.weights["checkout"] = 1;  // not in the map
  EXPECT_THROW((void)cxscore::score(hc.ev.view(), hc.map, unknown), cxscore::input_error);
  const cxscore::customer_table three(3);
  EXPECT_THROW((void)cxscore::score(hc.ev.view(), hc.map, hc.m, with_customers(three)), cxscore::input_error);
}

}  // namespace
