#include "cxscore/map_json.hpp"

#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>

namespace {

std::string error_of(const std::string& json, const std::string& column) {
  try {
    (void)cxscore::parse_map_json(json, "map.json");
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "map.json");
    EXPECT_EQ(e.where().column, column) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error for " << json;
  return {};
}

TEST(map_json_test, reads_every_field_and_applies_defaults) {
  const auto map = cxscore::parse_map_json(R"({
    "name": "retail", "scale": [0, 10],
    "touchpoints": [
      {"name": "web"},
      {"name": "support", "role": "service", "owner": "care", "phase": "support", "channel": "chat",
       "scale": [1, 7], "direction": "lower", "promise": 2, "weight": 3}
    ],
    "transitions": [["web", "support"]],
    "outcomes": ["retained", "lost"]})");
  EXPECT_EQ(map.name(), "retail");
  ASSERT_EQ(map.size(), 2u);
  const auto& web = map[0];
  EXPECT_EQ(web.role, cxscore::role::experience);
  EXPECT_EQ(web.owner, "unassigned");
  EXPECT_EQ(web.scale.lo, 0.0);  // the map's scale
  EXPECT_EQ(web.scale.hi, 10.0);
  EXPECT_FALSE(web.has_promise());
  EXPECT_EQ(web.weight, 1.0);
  const auto& s = map[1];
  EXPECT_EQ(s.role, cxscore::role::service);
  EXPECT_EQ(s.owner, "care");
  EXPECT_EQ(s.phase, "support");
  EXPECT_EQ(s.channel, "chat");
  EXPECT_EQ(s.scale.hi, 7.0);
  EXPECT_EQ(s.direction, cxscore::direction::lower);
  EXPECT_EQ(s.promise, 2.0);
  EXPECT_EQ(s.weight, 3.0);
  EXPECT_TRUE(boost::edge(0, 1, map.graph()).second);
  EXPECT_FALSE(boost::edge(1, 0, map.graph()).second);
  EXPECT_EQ(map.outcomes(), (std::vector<std::string>{"retained", "lost"}));
}

TEST(map_json_test, only_touchpoint_names_are_required) {
  const auto map = cxscore::parse_map_json(R"({"touchpoints": [{"name": "a"}]})");
  EXPECT_EQ(map.size(), 1u);
  EXPECT_EQ(map[0].scale.lo, 1.0);
  EXPECT_EQ(map[0].scale.hi, 5.0);
}

TEST(map_json_test, to_json_round_trips) {
  const auto map = cxscore::parse_map_json(R"({"name": "m", "touchpoints": [{"name": "a", "promise": 4.25},
    {"name": "b", "role": "service", "direction": "lower", "scale": [0, 240], "weight": 0.5}],
    "transitions": [["a", "b"], ["b", "a"]], "outcomes": ["kept"]})");
  const auto back = cxscore::parse_map_json(cxscore::to_json(map));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].promise, 4.25);
  EXPECT_EQ(back[1].role, cxscore::role::service);
  EXPECT_EQ(back[1].direction, cxscore::direction::lower);
  EXPECT_EQ(back[1].scale.hi, 240.0);
  EXPECT_EQ(back[1].weight, 0.5);
  EXPECT_EQ(back.transition_count(), 2u);
  EXPECT_EQ(back.outcomes(), map.outcomes());
}

TEST(map_json_test, bad_maps_are_refused_with_the_key) {
  error_of(R"({"touchpoints": [{"name": "a"}, {"name": "a"}]})", "touchpoints[1]");
  EXPECT_NE(error_of(R"({"touchpoints": [{"name": "a", "scale": [5, 1]}]})", "touchpoints[0].scale").find("lo < hi"),
            std::string::npos);
  error_of(R"({"scale": [3, 3], "touchpoints": [{"name": "a"}]})", "scale");
  EXPECT_NE(error_of(R"({"touchpoints": [{"name": "a", "weight": -1}]})", "touchpoints[0]").find("weight"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"touchpoints": [{"name": "a"}], "transitions": [["a", "zz"]]})", "transitions[0]")
                .find("unknown touchpoint"),
            std::string::npos);
  error_of(R"({"touchpoints": [{"name": "a", "promise": 9}]})", "touchpoints[0]");
  error_of(R"({"touchpoints": [{"owner": "x"}]})", "touchpoints[0].name");
  error_of(R"({"touchpoints": [{"name": "a", "role": "support"}]})", "touchpoints[0].role");
  error_of(R"({"touchpoints": [{"name": "a", "direction": "up"}]})", "touchpoints[0].direction");
  error_of(R"({"touchpoints": [{"name": "a", "promis": 3}]})", "touchpoints[0].promis");
  error_of(R"({"touchpoints": [{"name": "a", "weight": "2"}]})", "touchpoints[0].weight");
  error_of(R"({"touchpoints": []})", "touchpoints");
  EXPECT_NE(error_of(R"({"touchpoints": [)", "").find("invalid JSON"), std::string::npos);
}

TEST(map_json_test, missing_file_is_an_input_error) {
  EXPECT_THROW((void)cxscore::read_map_json("/nonexistent/map.json"), cxscore::input_error);
}

}  // namespace
