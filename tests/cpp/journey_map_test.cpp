// The journey map: touchpoints and transitions as plain data, validation, grouping.
#include "cxscore/journey_map.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "cxscore/error.hpp"

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Expects map.add_touchpoint(tp) to throw input_error whose reason contains `reason_part`.
void expect_rejected(cxscore::journey_map& map, const cxscore::touchpoint& tp, const std::string& reason_part) {
  const std::size_t before = map.size();
  try {
    map.add_touchpoint(tp, "map.json");
    ADD_FAILURE() << "accepted touchpoint '" << tp.name << "'";
  } catch (const cxscore::input_error& e) {
    EXPECT_NE(e.reason().find(reason_part), std::string::npos) << e.what();
    EXPECT_EQ(e.where().file, "map.json");
    EXPECT_EQ(e.where().value, tp.name);
    EXPECT_EQ(e.where().column, "touchpoints[" + std::to_string(before) + "]");
  }
  EXPECT_EQ(map.size(), before) << "a rejected touchpoint was half-added";
}

TEST(journey_map_test, add_touchpoint_returns_dense_codes_and_find_looks_them_up) {
  cxscore::journey_map map("retail", {0, 10});
  EXPECT_EQ(map.name(), "retail");
  EXPECT_EQ(map.default_scale().lo, 0.0);
  EXPECT_EQ(map.default_scale().hi, 10.0);
  EXPECT_EQ(map.size(), 0u);
  const auto web = map.add_touchpoint({.name = "website", .owner = "marketing"});
  const auto del = map.add_touchpoint({.name = "delivery",
                                       .owner = "logistics",
                                       .scale = {0, 240},
                                       .direction = cxscore::direction::lower,
                                       .promise = 48,
                                       .weight = 2});
  const auto sup = map.add_touchpoint({.name = "support", .role = cxscore::role::service});
  EXPECT_EQ(web, 0u);
  EXPECT_EQ(del, 1u);
  EXPECT_EQ(sup, 2u);
  EXPECT_EQ(map.size(), 3u);
  EXPECT_EQ(map.find("delivery"), del);
  EXPECT_EQ(map.find("support"), sup);
  EXPECT_FALSE(map.find("billing").has_value());
  EXPECT_FALSE(map.find("").has_value());
  EXPECT_EQ(map[del].name, "delivery");
  EXPECT_EQ(map[del].owner, "logistics");
  EXPECT_EQ(map[del].scale.hi, 240.0);
  EXPECT_EQ(map[del].promise, 48.0);
  EXPECT_EQ(map[del].weight, 2.0);
  EXPECT_EQ(map[del].sign(), -1.0);
  EXPECT_EQ(map[web].sign(), 1.0);
  EXPECT_TRUE(map[del].has_promise());
  EXPECT_FALSE(map[web].has_promise());
  EXPECT_EQ(map[sup].role, cxscore::role::service);
  EXPECT_EQ(map[web].owner, "marketing");
  EXPECT_EQ(map[sup].owner, "unassigned");
}

TEST(journey_map_test, to_string_names_roles_and_directions) {
  EXPECT_EQ(cxscore::to_string(cxscore::role::experience), "experience");
  EXPECT_EQ(cxscore::to_string(cxscore::role::service), "service");
  EXPECT_EQ(cxscore::to_string(cxscore::direction::higher), "higher");
  EXPECT_EQ(cxscore::to_string(cxscore::direction::lower), "lower");
}

TEST(journey_map_test, duplicate_name_is_rejected) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "website"});
  expect_rejected(map, {.name = "website", .owner = "sales"}, "duplicate");
  EXPECT_EQ(map[0].owner, "unassigned");  // the first one is untouched
}

TEST(journey_map_test, empty_name_is_rejected) {
  cxscore::journey_map map;
  expect_rejected(map, {.name = ""}, "empty");
}

TEST(journey_map_test, scale_needs_finite_lo_below_hi) {
  cxscore::journey_map map;
  expect_rejected(map, {.name = "a", .scale = {5, 5}}, "scale");
  expect_rejected(map, {.name = "b", .scale = {7, 1}}, "scale");
  expect_rejected(map, {.name = "c", .scale = {nan, 5}}, "scale");
  expect_rejected(map, {.name = "d", .scale = {1, inf}}, "scale");
  expect_rejected(map, {.name = "e", .scale = {-inf, 0}}, "scale");
  EXPECT_NO_THROW(map.add_touchpoint({.name = "ok", .scale = {-1, 1}}));
}

TEST(journey_map_test, weight_must_be_finite_and_non_negative) {
  cxscore::journey_map map;
  expect_rejected(map, {.name = "a", .weight = -1}, "weight");
  expect_rejected(map, {.name = "b", .weight = nan}, "weight");
  expect_rejected(map, {.name = "c", .weight = inf}, "weight");
  EXPECT_NO_THROW(map.add_touchpoint({.name = "zero", .weight = 0}));
}

TEST(journey_map_test, weight_beyond_max_weight_and_a_scale_wider_than_a_double_are_rejected) {
  cxscore::journey_map map;
  expect_rejected(map, {.name = "huge", .weight = 1.797e308}, "at most 1e9");
  expect_rejected(map, {.name = "just over", .weight = 1.000001e9}, "at most 1e9");
  // Gaps divide by hi - lo, which overflows to inf here although both ends are finite.
  expect_rejected(map, {.name = "wide", .scale = {-1e308, 1e308}}, "hi - lo finite");
  EXPECT_NO_THROW(map.add_touchpoint({.name = "heavy", .weight = cxscore::max_weight}));
  EXPECT_NO_THROW(map.add_touchpoint({.name = "broad", .scale = {-1e307, 1e307}}));
}

TEST(journey_map_test, promise_must_lie_on_the_scale) {
  cxscore::journey_map map;
  expect_rejected(map, {.name = "a", .scale = {1, 5}, .promise = 6}, "promise");
  expect_rejected(map, {.name = "b", .scale = {1, 5}, .promise = 0.99}, "promise");
  expect_rejected(map, {.name = "c", .scale = {0, 240}, .promise = inf}, "promise");
  // Both ends of the scale are allowed; NaN means "no promise".
  EXPECT_NO_THROW(map.add_touchpoint({.name = "lo", .scale = {1, 5}, .promise = 1}));
  EXPECT_NO_THROW(map.add_touchpoint({.name = "hi", .scale = {1, 5}, .promise = 5}));
  EXPECT_NO_THROW(map.add_touchpoint({.name = "none", .scale = {1, 5}, .promise = cxscore::no_promise}));
  EXPECT_EQ(map.size(), 3u);
}

TEST(journey_map_test, transitions_are_kept_in_order_between_known_touchpoints) {
  cxscore::journey_map map;
  const auto web = map.add_touchpoint({.name = "website"});
  const auto buy = map.add_touchpoint({.name = "checkout"});
  const auto del = map.add_touchpoint({.name = "delivery"});
  map.add_transition(web, buy);
  map.add_transition(buy, del);
  map.add_transition(web, del);
  EXPECT_EQ(map.transition_count(), 3u);
  EXPECT_EQ(map.transitions(), (std::vector<cxscore::transition>{{web, buy}, {buy, del}, {web, del}}));
  EXPECT_EQ(map[map.transitions()[0].to].name, "checkout");
  EXPECT_THROW(map.add_transition(web, 3), std::out_of_range);  // a code no touchpoint has
  EXPECT_EQ(map.transition_count(), 3u);
}

TEST(journey_map_test, outcomes_keep_their_order) {
  cxscore::journey_map map;
  map.add_outcome("retained");
  map.add_outcome("churned");
  EXPECT_EQ(map.outcomes(), (std::vector<std::string>{"retained", "churned"}));
}

TEST(journey_map_test, group_by_owner_gives_first_appearance_order) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "website", .owner = "marketing", .phase = "discover"});
  map.add_touchpoint({.name = "delivery", .owner = "logistics", .phase = "receive"});
  map.add_touchpoint({.name = "social", .owner = "marketing", .phase = "discover"});
  map.add_touchpoint({.name = "billing", .owner = "finance", .phase = "pay"});
  map.add_touchpoint({.name = "returns", .owner = "logistics", .phase = "receive"});
  const auto owners = map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  EXPECT_EQ(owners.names, (std::vector<std::string>{"marketing", "logistics", "finance"}));
  EXPECT_EQ(owners.code_of_touchpoint, (std::vector<std::uint32_t>{0, 1, 0, 2, 1}));
  const auto phases = map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.phase; });
  EXPECT_EQ(phases.names, (std::vector<std::string>{"discover", "receive", "pay"}));
  EXPECT_EQ(phases.code_of_touchpoint, (std::vector<std::uint32_t>{0, 1, 0, 2, 1}));
  // Every touchpoint in its own group when grouped by name.
  const auto names = map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.name; });
  EXPECT_EQ(names.code_of_touchpoint, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
}

TEST(journey_map_test, group_by_on_empty_map_is_empty) {
  const cxscore::journey_map map;
  const auto g = map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  EXPECT_TRUE(g.names.empty());
  EXPECT_TRUE(g.code_of_touchpoint.empty());
}

}  // namespace
