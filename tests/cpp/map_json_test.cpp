#include "cxscore/io/json.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
  EXPECT_EQ(map.transitions(), (std::vector<cxscore::transition>{{0, 1}}));  // directed: no 1 -> 0
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

// Nesting far deeper than any map, as the whole text and under a key, as arrays and as objects: refused
// before anything walks the value (printing such a value into an error message overflowed the stack).
TEST(map_json_test, deep_nesting_is_refused_without_a_crash) {
  const std::size_t n = 100000;
  std::string objects;
  for (std::size_t k = 0; k < n; ++k) objects += R"({"a":)";
  objects += "1" + std::string(n, '}');
  const std::string arrays = std::string(n, '[') + std::string(n, ']');
  for (const std::string& json : {arrays, objects, R"({"touchpoints": [{"name": "a", "x": )" + arrays + "}]}",
                                  R"({"touchpoints": [{"name": "a", "x": )" + objects + "}]}"})
    EXPECT_NE(error_of(json, "").find("invalid JSON: nested deeper than 256 levels"), std::string::npos);
}

TEST(map_json_test, nesting_is_refused_from_the_257th_level_at_its_bracket) {
  // The map's object, the touchpoints array and the touchpoint are three levels; the unknown key adds the rest.
  const std::string prefix = R"({"touchpoints": [{"name": "a", "x": )";
  auto nested = [&](std::size_t depth) {
    return prefix + std::string(depth - 3, '[') + std::string(depth - 3, ']') + "}]}";
  };
  EXPECT_NE(error_of(nested(256), "touchpoints[0].x").find("unknown key"), std::string::npos);
  // The 257th opening bracket is the 254th '[' after the prefix, 1-based column prefix + 254.
  EXPECT_NE(error_of(nested(257), "")
                .find("nested deeper than 256 levels at line 1, column " + std::to_string(prefix.size() + 254)),
            std::string::npos);
  EXPECT_NE(error_of("{\n\"touchpoints\":\n" + std::string(300, '['), "").find("at line 3, column 256"),
            std::string::npos);
}

TEST(map_json_test, numbers_beyond_a_double_are_refused_naming_the_file_and_place) {
  const std::string prefix = R"({"touchpoints": [{"name": "a", "weight": )";
  const std::string column = "column " + std::to_string(prefix.size() + 1);
  const std::vector<std::string> numbers = {"1e400", "-1e400", "1.5E+309", "1" + std::string(309, '0')};
  for (const std::string& number : numbers) {
    const std::string e = error_of(prefix + number + "}]}", "");
    EXPECT_NE(e.find("map.json"), std::string::npos) << e;
    EXPECT_NE(e.find("invalid JSON: number beyond the range of a double at line 1, " + column), std::string::npos) << e;
    EXPECT_NE(e.find(number.substr(0, 40)), std::string::npos) << e;
  }
  // Within range, however written: a number that underflows to 0, and the largest double (which the map may
  // refuse for its own reasons, but not as JSON).
  EXPECT_EQ(cxscore::parse_map_json(prefix + "1e-400}]}")[0].weight, 0.0);
  try {
    (void)cxscore::parse_map_json(prefix + "1.7976931348623157e308}]}");
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(std::string(e.what()).find("invalid JSON"), std::string::npos) << e.what();
  }
  // Digits inside a string are text, not a number.
  EXPECT_EQ(cxscore::parse_map_json(R"({"touchpoints": [{"name": "1e400"}]})")[0].name, "1e400");
}

TEST(map_json_test, invalid_utf8_is_an_input_error_naming_the_file) {
  const std::string e = error_of("{\"touchpoints\": [{\"name\": \"caf\xC3\"}]}", "");
  EXPECT_NE(e.find("invalid JSON"), std::string::npos);
  // The message itself is valid UTF-8 (Python makes a str of it): the offending byte is not copied into it.
  EXPECT_EQ(e.find('\xC3'), std::string::npos) << e;
}

TEST(map_json_test, a_long_value_is_shown_cut_short_and_a_short_one_whole) {
  std::string big = "[0";
  for (int k = 1; k < 100000; ++k) big += "," + std::to_string(k);
  big += "]";
  try {
    (void)cxscore::parse_map_json(R"({"touchpoints": [{"name": "a", "x": )" + big + "}]}", "map.json");
    ADD_FAILURE() << "accepted";
  } catch (const cxscore::input_error& e) {
    const std::string& v = e.where().value;
    EXPECT_EQ(v.substr(0, 8), "[0,1,2,3");
    EXPECT_EQ(v.substr(v.size() - 3), "...");
    EXPECT_LE(v.size(), 83u);
  }
  try {
    (void)cxscore::parse_map_json(R"({"touchpoints": [{"name": "a", "x": {"b": [1, "\u00e9", null]}}]})", "map.json");
    ADD_FAILURE() << "accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().value, "{\"b\":[1,\"\u00e9\",null]}");
  }
}

TEST(map_json_test, names_no_event_can_match_or_that_edges_csv_reserves_are_refused) {
  for (const std::string name : {" pad ", "pad ", "\tpad", "__start__", "__end__", ""}) {
    const std::string escaped = name == "\tpad" ? "\\tpad" : name;
    const std::string e =
        error_of(R"({"touchpoints": [{"name": "web"}, {"name": ")" + escaped + R"("}]})", "touchpoints[1]");
    const std::string value = name.empty() ? "" : ", value '" + name + "'";
    EXPECT_NE(e.find("map.json, column 'touchpoints[1]'" + value + ": touchpoint name "), std::string::npos) << e;
  }
  for (const std::string name : {"__start__", "__end__", " web", "web "}) {
    const std::string e =
        error_of(R"({"touchpoints": [{"name": "web"}], "transitions": [["web", "web"], [")" + name + R"(", "web"]]})",
                 "transitions[1]");
    EXPECT_NE(e.find("value '" + name + "': transition names no touchpoint"), std::string::npos) << e;
  }
  // Inner blanks and underscores are ordinary.
  const auto map = cxscore::parse_map_json(R"({"touchpoints": [{"name": "call centre"}, {"name": "__start"}]})");
  EXPECT_EQ(map[0].name, "call centre");
  EXPECT_EQ(map[1].name, "__start");
}

TEST(map_json_test, missing_file_is_an_input_error) {
  EXPECT_THROW((void)cxscore::read_map_json("/nonexistent/map.json"), cxscore::input_error);
}

}  // namespace
