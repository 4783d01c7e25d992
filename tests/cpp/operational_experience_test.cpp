// Experience measured from the log: waits since the previous event and since the journey began, and
// rework visits, each clamped to the touchpoint's scale, as gaps against the promise (lower is better).
#include <gtest/gtest.h>

#include <cmath>

#include "cxscore/encounter.hpp"
#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/score.hpp"
#include "support/journey_logs.hpp"

namespace {

const char* map_text = R"({"touchpoints": [
  {"name": "open", "measure": "visits", "scale": [1, 3], "promise": 1},
  {"name": "reply", "measure": "hours_since_previous", "scale": [0, 48], "promise": 8},
  {"name": "solve", "measure": "hours_since_start", "scale": [0, 100], "promise": 50}]})";

// Times in hours; customer x: open 0, reply 10, open 11, reply 12, solve 130 (beyond the scale),
// open 131, open 132 (4th visit, beyond the scale); customer y: solve at 5 first (waited 0 hours).
const char* log_text =
    "customer,touchpoint,time\n"
    "x,open,0\nx,reply,36000\ny,solve,18000\nx,open,39600\nx,reply,43200\nx,solve,468000\nx,open,471600\nx,open,"
    "475200\n";

TEST(operational_experience_test, measures_waits_and_visits_clamped_to_the_scale) {
  const auto map = cxscore::parse_map_json(map_text);
  EXPECT_EQ(map[*map.find("reply")].direction, cxscore::direction::lower);  // the default for a measure
  const auto log = cxscore::parse_event_log_csv(log_text).log;
  std::vector<cxscore::touchpoint_code> codes;
  for (auto t : log.touchpoint) codes.push_back(*map.find(log.touchpoints[t]));
  const auto e = cxscore::measure_experience(codes, log.time, cxscore::order_journeys(log), map);
  const std::vector<double> expected{1, 10, 0, 2, 1, 100, 3, 3};
  ASSERT_EQ(e.size(), expected.size());
  for (std::size_t i = 0; i < e.size(); ++i) EXPECT_DOUBLE_EQ(e[i], expected[i]) << "row " << i;
}

TEST(operational_experience_test, event_log_gaps_against_the_promise) {
  const auto map = cxscore::parse_map_json(map_text);
  const auto log = cxscore::parse_event_log_csv(log_text, &map).log;
  // g = -(E - P) / (hi - lo): reply 10 h vs 8 -> -2/48; solve 100 (clamped) vs 50 -> -0.5; open 3rd visit -> -1.
  EXPECT_DOUBLE_EQ(log.gap[1], -2.0 / 48);
  EXPECT_DOUBLE_EQ(log.gap[5], -0.5);
  EXPECT_DOUBLE_EQ(log.gap[6], -1.0);
  EXPECT_DOUBLE_EQ(log.gap[2], 0.5);  // y solved at once: (50 - 0) / 100
}

TEST(operational_experience_test, score_reads_a_log_without_an_experience_column) {
  const auto map = cxscore::parse_map_json(map_text);
  const auto events = cxscore::parse_events_csv(log_text, map).events;
  EXPECT_DOUBLE_EQ(events.experience[1], 10);
  EXPECT_DOUBLE_EQ(events.experience[5], 100);
  // A survey touchpoint still needs the column.
  const auto mixed = cxscore::parse_map_json(R"({"touchpoints": [{"name": "open", "promise": 3},
      {"name": "reply", "measure": "hours_since_previous", "scale": [0, 48], "promise": 8}]})");
  const auto e = cxscore_test::input_error_of(
      [&] { (void)cxscore::parse_events_csv("customer,touchpoint,time\nx,open,0\n", mixed, {}, "e.csv"); });
  EXPECT_EQ(e.where().row, 2u);
  EXPECT_EQ(e.where().column, "touchpoint");
  EXPECT_EQ(e.where().value, "open");
}

TEST(operational_experience_test, map_refuses_a_measure_without_promise_or_unknown_or_higher) {
  EXPECT_THROW((void)cxscore::parse_map_json(R"({"touchpoints": [{"name": "a", "measure": "visits"}]})"),
               cxscore::input_error);
  EXPECT_THROW((void)cxscore::parse_map_json(R"({"touchpoints": [{"name": "a", "measure": "minutes", "promise": 1}]})"),
               cxscore::input_error);
  EXPECT_THROW((void)cxscore::parse_map_json(
                   R"({"touchpoints": [{"name": "a", "measure": "visits", "promise": 1, "direction": "higher"}]})"),
               cxscore::input_error);
  // The measure survives a round trip through JSON.
  const auto map = cxscore::parse_map_json(map_text);
  EXPECT_EQ(cxscore::parse_map_json(cxscore::to_json(map))[1].measure, cxscore::measure::hours_since_previous);
}

// "reply" carries two signals: the wait since the previous event (promise 8 h, scale [0, 48]) and rework
// (visit number, promise 1, scale [1, 5], dimension "rework").
const char* two_signals_map = R"({"touchpoints": [
  {"name": "open", "measure": "visits", "scale": [1, 3], "promise": 1},
  {"name": "reply", "measures": [{"measure": "hours_since_previous", "promise": 8, "scale": [0, 48]},
                                 {"measure": "visits", "promise": 1, "scale": [1, 5], "dimension": "rework"}]}]})";
// x: open 0 h, reply 10 h, open 11 h, reply 12 h; y: reply at 2 h (its first event: waited 0 h).
const char* two_signals_log =
    "customer,touchpoint,time\nx,open,0\nx,reply,36000\nx,open,39600\nx,reply,43200\ny,reply,7200\n";

TEST(operational_experience_test, several_signals_are_dimensions_of_one_encounter_when_scoring) {
  const auto map = cxscore::parse_map_json(two_signals_map);
  const auto& reply = map[*map.find("reply")];
  EXPECT_EQ(reply.measure, cxscore::measure::hours_since_previous);  // the first signal is the touchpoint's own
  EXPECT_EQ(reply.promise, 8);
  EXPECT_EQ(reply.scale.hi, 48);
  EXPECT_EQ(reply.measures[0].dimension, "hours_since_previous");
  const auto events = cxscore::parse_events_csv(two_signals_log, map).events;
  // One row per signal, right after each other: open, reply wait, reply rework, open, wait, rework, wait, rework.
  ASSERT_EQ(events.size(), 8u);
  const cxscore::model servqual = cxscore::model::servqual();
  const cxscore::encounter_measure measure(map, servqual, events.dimensions.labels());
  // Gaps by hand, g = -(E - P) / (hi - lo): open 1st visit 0; reply waits 10 h vs 8 -> -2/48, rework 1st 0;
  // open 2nd visit -(2 - 1)/2; reply waits 1 h -> 7/48, rework 2nd -(2 - 1)/4; y waits 0 h -> 8/48, rework 0.
  const std::vector<double> gaps{0, -2.0 / 48, 0, -0.5, 7.0 / 48, -0.25, 8.0 / 48, 0};
  const std::vector<std::string> dimension{"",       "hours_since_previous", "rework", "", "hours_since_previous",
                                           "rework", "hours_since_previous", "rework"};
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_NEAR(measure(events.view(), i).gap, gaps[i], 1e-15) << "row " << i;
    const auto d = events.dimension[i];
    EXPECT_EQ(d == cxscore::no_dimension ? "" : events.dimensions[static_cast<std::uint32_t>(d)], dimension[i]);
  }
  // Weighted as SERVQUAL items: each signal 1/2, so a reply weighs as much as an open. Servqual scores:
  // x: (0 + 0.5(-2/48) + 0 - 0.5 + 0.5(7/48) + 0.5(-0.25)) / 4; y: 0.5 (8/48) / 1.
  cxscore::model m = servqual;
  m.dimension_weights = {{"hours_since_previous", 0.5}, {"rework", 0.5}};
  const auto r = cxscore::score(events.view(), map, m);
  EXPECT_NEAR(r.customer_score[*events.customers.find("x")], (0.5 * -2 / 48 - 0.5 + 0.5 * 7 / 48 - 0.125) / 4, 1e-15);
  EXPECT_NEAR(r.customer_score[*events.customers.find("y")], 0.5 * 8 / 48, 1e-15);
  // A row at such a touchpoint cannot carry its own expectation or dimension: each signal has its own.
  const auto e = cxscore_test::input_error_of([&] {
    (void)cxscore::parse_events_csv("customer,touchpoint,time,expectation\nx,open,0,\nx,reply,60,3\n", map, {},
                                    "e.csv");
  });
  EXPECT_EQ(e.where().row, 3u);
  EXPECT_EQ(e.where().column, "expectation");
  EXPECT_EQ(e.where().value, "3");
}

TEST(operational_experience_test, several_signals_give_a_journey_gap_that_is_their_mean) {
  const auto map = cxscore::parse_map_json(two_signals_map);
  const auto log = cxscore::parse_event_log_csv(two_signals_log, &map).log;
  ASSERT_EQ(log.size(), 5u);  // journeys keep one row per visit
  EXPECT_NEAR(log.gap[1], (-2.0 / 48 + 0) / 2, 1e-15);
  EXPECT_NEAR(log.gap[3], (7.0 / 48 - 0.25) / 2, 1e-15);  // fast, but a second visit: unmet on balance
  EXPECT_NEAR(log.gap[4], (8.0 / 48 + 0) / 2, 1e-15);
  EXPECT_DOUBLE_EQ(log.gap[2], -0.5);
}

TEST(operational_experience_test, several_signals_round_trip_and_bad_ones_are_refused) {
  const auto map = cxscore::parse_map_json(two_signals_map);
  const auto again = cxscore::parse_map_json(cxscore::to_json(map));
  EXPECT_EQ(cxscore::to_json(again), cxscore::to_json(map));
  const auto& m = again[1].measures;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].measure, cxscore::measure::visits);
  EXPECT_EQ(m[1].dimension, "rework");
  EXPECT_EQ(m[1].scale.hi, 5);
  auto error_of = [](const std::string& touchpoint) {
    return cxscore_test::input_error_of(
        [&] { (void)cxscore::parse_map_json(R"({"touchpoints": [)" + touchpoint + "]}", "m.json"); });
  };
  EXPECT_EQ(
      error_of(R"({"name": "a", "promise": 2, "measures": [{"measure": "visits", "promise": 1}]})").where().column,
      "touchpoints[0].promise");
  EXPECT_EQ(error_of(R"({"name": "a", "measures": [{"measure": "visits"}]})").where().column,
            "touchpoints[0].measures[0].promise");
  EXPECT_EQ(error_of(R"({"name": "a", "measures": [{"measure": "survey", "promise": 1}]})").where().column,
            "touchpoints[0].measures[0]");
  EXPECT_EQ(error_of(R"({"name": "a", "measures": [{"measure": "visits", "promise": 9}]})").where().column,
            "touchpoints[0].measures[0]");  // outside the default scale [1, 5]
  EXPECT_EQ(error_of(R"({"name": "a", "measures": [{"measure": "visits", "promise": 1},
                                                   {"measure": "visits", "promise": 2}]})")
                .where()
                .column,
            "touchpoints[0].measures[1]");  // the same dimension twice
  EXPECT_EQ(error_of(R"({"name": "a", "measures": []})").where().column, "touchpoints[0].measures");
  EXPECT_EQ(error_of(R"({"name": "a", "measures": [{"measure": "visits", "promise": 1, "unit": "h"}]})").where().column,
            "touchpoints[0].measures[0].unit");
}

}  // namespace
