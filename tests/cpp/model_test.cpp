// The scoring model: presets, validation of every parameter, touchpoint weight precedence.
#include "cxscore/model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/journey_map.hpp"

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Expects m.validate() to throw cxscore::input_error whose what() and where().column name `key`.
void expect_rejected(const cxscore::model& m, const std::string& key) {
  try {
    m.validate();
    ADD_FAILURE() << "validate() accepted a bad " << key;
  } catch (const cxscore::input_error& e) {
    EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    EXPECT_EQ(e.where().column, key) << e.what();
    EXPECT_EQ(e.where().file, "<model>");
  }
}

cxscore::model with(std::function<void(cxscore::model&)> set) {
  auto m = cxscore::model::prospect();
  set(m);
  return m;
}

TEST(model_test, prospect_preset_has_tversky_kahneman_parameters) {
  const auto m = cxscore::model::prospect();
  EXPECT_EQ(m.preset, "prospect");
  EXPECT_EQ(m.alpha, 0.88);
  EXPECT_EQ(m.beta, 0.88);
  EXPECT_EQ(m.lambda, 2.25);
  EXPECT_EQ(m.recovery, 1.0);
  EXPECT_EQ(m.peak_end, 0.0);
  EXPECT_TRUE(std::isinf(m.half_life_days));
  EXPECT_FALSE(m.has_decay());
  EXPECT_TRUE(m.weights.empty());
  EXPECT_TRUE(m.dimension_weights.empty());
  EXPECT_NO_THROW(m.validate());
  // The default-constructed model is the prospect preset.
  const cxscore::model d;
  EXPECT_EQ(d.preset, "prospect");
  EXPECT_EQ(d.alpha, 0.88);
  EXPECT_EQ(d.lambda, 2.25);
}

TEST(model_test, servqual_preset_is_the_linear_gap_score) {
  const auto m = cxscore::model::servqual();
  EXPECT_EQ(m.preset, "servqual");
  EXPECT_EQ(m.alpha, 1.0);
  EXPECT_EQ(m.beta, 1.0);
  EXPECT_EQ(m.lambda, 1.0);
  EXPECT_EQ(m.recovery, 1.0);
  EXPECT_EQ(m.peak_end, 0.0);
  EXPECT_FALSE(m.has_decay());
  EXPECT_NO_THROW(m.validate());
}

TEST(model_test, from_preset_finds_both_presets_and_rejects_others) {
  EXPECT_EQ(cxscore::model::from_preset("servqual").lambda, 1.0);
  EXPECT_EQ(cxscore::model::from_preset("prospect").lambda, 2.25);
  try {
    (void)cxscore::model::from_preset("kano", "model.json");
    ADD_FAILURE() << "unknown preset accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "model.json");
    EXPECT_EQ(e.where().column, "preset");
    EXPECT_EQ(e.where().value, "kano");
  }
}

TEST(model_test, validate_rejects_lambda_not_positive_or_not_finite) {
  for (double bad : {0.0, -1.0, -0.001, nan, inf}) expect_rejected(with([=](auto& m) { m.lambda = bad; }), "lambda");
}

TEST(model_test, validate_rejects_alpha_and_beta_outside_zero_one) {
  for (double bad : {0.0, -0.5, 1.1, 1.0000001, nan, inf}) {
    expect_rejected(with([=](auto& m) { m.alpha = bad; }), "alpha");
    expect_rejected(with([=](auto& m) { m.beta = bad; }), "beta");
  }
}

TEST(model_test, validate_rejects_recovery_and_peak_end_outside_unit_interval) {
  for (double bad : {-0.1, 1.1, nan, -inf, inf}) {
    expect_rejected(with([=](auto& m) { m.recovery = bad; }), "recovery");
    expect_rejected(with([=](auto& m) { m.peak_end = bad; }), "peak_end");
  }
}

TEST(model_test, validate_rejects_half_life_not_positive) {
  for (double bad : {0.0, -30.0, -inf, nan})
    expect_rejected(with([=](auto& m) { m.half_life_days = bad; }), "half_life_days");
}

TEST(model_test, validate_rejects_bad_touchpoint_weights_naming_the_touchpoint) {
  for (double bad : {-1.0, -1e-300, nan, inf}) {
    auto m = cxscore::model::prospect();
    m.weights["website"] = 2.0;
    m.weights["delivery"] = bad;
    expect_rejected(m, "weights.delivery");
  }
}

TEST(model_test, validate_rejects_bad_dimension_weights_naming_the_dimension) {
  for (double bad : {-2.0, nan, inf, -inf}) {
    auto m = cxscore::model::servqual();
    m.dimension_weights["empathy"] = bad;
    expect_rejected(m, "dimension_weights.empathy");
  }
}

TEST(model_test, validate_rejects_lambda_and_weights_so_large_that_scores_overflow) {
  // Scores multiply lambda, touchpoint, dimension and customer weights and sum them over every encounter:
  // 1.797e308 made customers.csv and touchpoints.csv read -inf and -nan.
  for (double bad : {1.797e308, 1e10, cxscore::max_weight * (1 + 1e-15)}) {
    expect_rejected(with([=](auto& m) { m.lambda = bad; }), "lambda");
    expect_rejected(with([=](auto& m) { m.weights["delivery"] = bad; }), "weights.delivery");
    expect_rejected(with([=](auto& m) { m.dimension_weights["empathy"] = bad; }), "dimension_weights.empathy");
  }
  EXPECT_NO_THROW(with([](auto& m) {
                    m.lambda = cxscore::max_weight;
                    m.weights["delivery"] = m.dimension_weights["empathy"] = cxscore::max_weight;
                  }).validate());
}

TEST(model_test, validate_error_reports_the_offending_value) {
  try {
    with([](auto& m) { m.lambda = nan; }).validate("my_model.json");
    ADD_FAILURE();
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "my_model.json");
    EXPECT_EQ(e.where().value, "nan");
    EXPECT_NE(std::string(e.what()).find("my_model.json"), std::string::npos);
  }
  try {
    with([](auto& m) { m.half_life_days = -inf; }).validate();
    ADD_FAILURE();
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().value, "-inf");
  }
}

TEST(model_test, validate_accepts_boundary_values) {
  EXPECT_NO_THROW(with([](auto& m) { m.alpha = 1.0; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.beta = 1.0; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.alpha = 1e-9; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.lambda = 1e-9; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.lambda = 1e9; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.recovery = 0.0; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.recovery = 1.0; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.peak_end = 0.0; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.peak_end = 1.0; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.half_life_days = inf; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.half_life_days = 1e-6; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.weights["x"] = 0.0; }).validate());
  EXPECT_NO_THROW(with([](auto& m) { m.dimension_weights["x"] = 0.0; }).validate());
}

TEST(model_test, has_decay_only_with_finite_half_life) {
  EXPECT_FALSE(with([](auto& m) { m.half_life_days = inf; }).has_decay());
  EXPECT_TRUE(with([](auto& m) { m.half_life_days = 90.0; }).has_decay());
}

cxscore::journey_map three_touchpoints() {
  cxscore::journey_map map("retail");
  map.add_touchpoint({.name = "website"});                  // map weight 1 (default)
  map.add_touchpoint({.name = "delivery", .weight = 2.0});  // map weight 2
  map.add_touchpoint({.name = "support", .weight = 0.5});   // map weight 0.5
  return map;
}

TEST(model_test, touchpoint_weights_prefer_model_then_map_then_one) {
  const auto map = three_touchpoints();
  auto m = cxscore::model::prospect();
  EXPECT_EQ(m.touchpoint_weights(map), (std::vector<double>{1.0, 2.0, 0.5}));
  m.weights["support"] = 4.0;  // model overrides the map's 0.5
  m.weights["website"] = 0.0;  // and the default 1, even with 0
  EXPECT_EQ(m.touchpoint_weights(map), (std::vector<double>{0.0, 2.0, 4.0}));
}

TEST(model_test, touchpoint_weights_reject_unknown_touchpoint) {
  const auto map = three_touchpoints();
  auto m = cxscore::model::prospect();
  m.weights["checkout"] = 3.0;
  try {
    (void)m.touchpoint_weights(map, "model.json");
    ADD_FAILURE() << "weight for an unknown touchpoint accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "model.json");
    EXPECT_EQ(e.where().column, "weights");
    EXPECT_EQ(e.where().value, "checkout");
    EXPECT_NE(std::string(e.what()).find("checkout"), std::string::npos);
  }
}

TEST(model_test, dimension_weights_default_to_one) {
  auto m = cxscore::model::servqual();
  m.dimension_weights["reliability"] = 3.0;
  m.dimension_weights["unused"] = 9.0;  // a weight for a dimension the data lacks is harmless
  EXPECT_EQ(m.dimension_weights_for({"tangibles", "reliability", "empathy"}), (std::vector<double>{1.0, 3.0, 1.0}));
  EXPECT_TRUE(m.dimension_weights_for({}).empty());
}

}  // namespace
