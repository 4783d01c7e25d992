#include "cxscore/io/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

void expect_refused(const std::string& json, const std::string& key) {
  try {
    (void)cxscore::parse_model_json(json, "model.json");
    ADD_FAILURE() << "accepted " << json;
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "model.json");
    EXPECT_EQ(e.where().column, key) << e.what();
  }
}

TEST(model_json_test, preset_then_overrides) {
  const auto m = cxscore::parse_model_json(R"({"preset": "servqual", "peak_end": 0.25, "half_life_days": 30,
    "weights": {"web": 2}, "dimension_weights": {"empathy": 0.5}})");
  EXPECT_EQ(m.preset, "servqual");
  EXPECT_EQ(m.alpha, 1.0);
  EXPECT_EQ(m.lambda, 1.0);
  EXPECT_EQ(m.peak_end, 0.25);
  EXPECT_EQ(m.half_life_days, 30.0);
  EXPECT_EQ(m.weights.at("web"), 2.0);
  EXPECT_EQ(m.dimension_weights.at("empathy"), 0.5);
  const auto p = cxscore::parse_model_json("{}");
  EXPECT_EQ(p.preset, "prospect");
  EXPECT_EQ(p.alpha, 0.88);
  EXPECT_EQ(p.lambda, 2.25);
  EXPECT_FALSE(p.has_decay());
  EXPECT_FALSE(cxscore::parse_model_json(R"({"half_life_days": null})").has_decay());
}

TEST(model_json_test, out_of_range_parameters_are_refused) {
  expect_refused(R"({"lambda": 0})", "lambda");
  expect_refused(R"({"lambda": -2})", "lambda");
  expect_refused(R"({"alpha": 0})", "alpha");
  expect_refused(R"({"alpha": 1.5})", "alpha");
  expect_refused(R"({"beta": 0})", "beta");
  expect_refused(R"({"beta": 1.01})", "beta");
  expect_refused(R"({"recovery": -0.1})", "recovery");
  expect_refused(R"({"recovery": 1.1})", "recovery");
  expect_refused(R"({"peak_end": 2})", "peak_end");
  expect_refused(R"({"half_life_days": 0})", "half_life_days");
  expect_refused(R"({"half_life_days": -5})", "half_life_days");
  expect_refused(R"({"weights": {"web": -1}})", "weights.web");
  expect_refused(R"({"dimension_weights": {"empathy": -0.5}})", "dimension_weights.empathy");
  expect_refused(R"({"preset": "fancy"})", "preset");
  expect_refused(R"({"lamda": 2})", "lamda");
  expect_refused(R"({"alpha": "0.5"})", "alpha");
}

std::string message_of(const std::string& json) {
  try {
    (void)cxscore::parse_model_json(json, "model.json");
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "model.json");
    return e.what();
  }
  ADD_FAILURE() << "accepted " << json.substr(0, 100);
  return {};
}

TEST(model_json_test, deep_nesting_is_refused_without_a_crash) {
  const std::size_t n = 100000;
  const std::string arrays = std::string(n, '[') + std::string(n, ']');
  for (const std::string& json : {arrays, R"({"weights": )" + arrays + "}", R"({"alpha": )" + arrays + "}"})
    EXPECT_NE(message_of(json).find("model.json: invalid JSON: nested deeper than 256 levels at line 1"),
              std::string::npos);
}

TEST(model_json_test, numbers_beyond_a_double_are_refused_naming_the_file) {
  const std::vector<std::string> numbers = {"1e400", "-2e308", "9" + std::string(309, '9')};
  for (const std::string& number : numbers) {
    const std::string e = message_of(R"({"lambda": )" + number + "}");
    EXPECT_NE(e.find("model.json, value '" + number.substr(0, 40)), std::string::npos) << e;
    EXPECT_NE(e.find("number beyond the range of a double at line 1, column 12"), std::string::npos) << e;
  }
  const std::string e = message_of(R"({"weights": {"web": 1e999}})");
  EXPECT_NE(e.find("line 1, column 21"), std::string::npos) << e;
}

TEST(model_json_test, load_model_takes_a_preset_name_or_a_file) {
  EXPECT_EQ(cxscore::load_model("servqual").alpha, 1.0);
  EXPECT_EQ(cxscore::load_model("prospect").beta, 0.88);
  EXPECT_THROW((void)cxscore::load_model("no-such-model.json"), cxscore::input_error);
  const auto path = std::filesystem::temp_directory_path() / "cxscore_model_test.json";
  { std::ofstream(path) << R"({"lambda": 3})"; }
  EXPECT_EQ(cxscore::load_model(path.string()).lambda, 3.0);
  std::filesystem::remove(path);
}

TEST(model_json_test, to_json_round_trips) {
  auto m = cxscore::model::prospect();
  m.half_life_days = 14;
  m.recovery = 0.4;
  m.weights["a"] = 1.5;
  const auto back = cxscore::parse_model_json(cxscore::to_json(m));
  EXPECT_EQ(back.half_life_days, 14.0);
  EXPECT_EQ(back.recovery, 0.4);
  EXPECT_EQ(back.weights, m.weights);
  EXPECT_FALSE(cxscore::parse_model_json(cxscore::to_json(cxscore::model::servqual())).has_decay());
}

}  // namespace
