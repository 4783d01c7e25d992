// Experience measured from the log: waits since the previous event and since the journey began, and
// rework visits, each clamped to the touchpoint's scale, as gaps against the promise (lower is better).
#include <gtest/gtest.h>

#include <cmath>

#include "cxscore/event_log_csv.hpp"
#include "cxscore/events_csv.hpp"
#include "cxscore/map_json.hpp"
#include "cxscore/operational_experience.hpp"
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
    "x,open,0\nx,reply,36000\ny,solve,18000\nx,open,39600\nx,reply,43200\nx,solve,468000\nx,open,471600\nx,open,475200\n";

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
  EXPECT_THROW((void)cxscore::parse_map_json(R"({"touchpoints": [{"name": "a", "measure": "visits"}]})"), cxscore::input_error);
  EXPECT_THROW((void)cxscore::parse_map_json(R"({"touchpoints": [{"name": "a", "measure": "minutes", "promise": 1}]})"),
               cxscore::input_error);
  EXPECT_THROW((void)cxscore::parse_map_json(
                   R"({"touchpoints": [{"name": "a", "measure": "visits", "promise": 1, "direction": "higher"}]})"),
               cxscore::input_error);
  // The measure survives a round trip through JSON.
  const auto map = cxscore::parse_map_json(map_text);
  EXPECT_EQ(cxscore::parse_map_json(cxscore::to_json(map))[1].measure, cxscore::measure::hours_since_previous);
}

}  // namespace
