// The journeys of scored events: the same log, row for row, as the event-log reader makes of the same file,
// one visit per event however many signals measure it, with gaps worked out by hand.
#include "cxscore/journeys/journey_log.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "support/journey_logs.hpp"

namespace {

// x buys (2 against a promise of 4), calls twice at 1 h (two events at the same second) and once at 2 h; y
// buys and calls a day later. A call is measured by its wait and by its rework.
const char* map_text = R"({"touchpoints": [
  {"name": "buy", "scale": [1, 5], "promise": 4, "phase": "shop"},
  {"name": "call", "role": "service", "phase": "care",
   "measures": [{"measure": "hours_since_previous", "promise": 24, "scale": [0, 240]},
                {"measure": "visits", "promise": 1, "scale": [1, 5], "dimension": "rework"}]}]})";
const char* events_text =
    "customer,touchpoint,time,experience\n"
    "x,buy,0,2\nx,call,3600,\nx,call,3600,\nx,call,7200,\ny,buy,0,5\ny,call,86400,\n";

void expect_same_log(const cxscore::event_log& a, const cxscore::event_log& b) {
  EXPECT_EQ(a.customer, b.customer);
  EXPECT_EQ(a.touchpoint, b.touchpoint);
  EXPECT_EQ(a.time, b.time);
  ASSERT_EQ(a.gap.size(), b.gap.size());
  for (std::size_t i = 0; i < a.gap.size(); ++i)
    EXPECT_TRUE(a.gap[i] == b.gap[i] || (std::isnan(a.gap[i]) && std::isnan(b.gap[i]))) << "row " << i;
  EXPECT_EQ(a.customers.labels(), b.customers.labels());
  EXPECT_EQ(a.touchpoints.labels(), b.touchpoints.labels());
}

TEST(journey_log_test, one_visit_per_event_with_the_gaps_of_the_event_log_reader) {
  const auto map = cxscore::parse_map_json(map_text);
  const auto events = cxscore::parse_events_csv(events_text, map).events;
  ASSERT_EQ(events.size(), 10u);  // each call scores as two encounters
  const cxscore::event_log log = cxscore::journey_log_of(events.view(), map, events.customers);
  ASSERT_EQ(log.size(), 6u);
  const cxscore::touchpoint_code buy = *map.find("buy"), call = *map.find("call");
  EXPECT_EQ(log.touchpoint, (std::vector<std::uint32_t>{buy, call, call, call, buy, call}));
  EXPECT_EQ(log.time, (std::vector<double>{0, 3600, 3600, 7200, 0, 86400}));
  // By hand: a survey gap (E - P) / (hi - lo); a call's gap the mean of its signals', lower is better:
  // wait (24 - h) / 240 and rework (1 - visits) / 4. The second call at 1 h waited 0 h since the first.
  const std::vector<double> gap{(2.0 - 4) / 4,          (23.0 / 240 + 0) / 2, (24.0 / 240 - 0.25) / 2,
                                (23.0 / 240 - 0.5) / 2, (5.0 - 4) / 4,        0};
  for (std::size_t i = 0; i < gap.size(); ++i) EXPECT_NEAR(log.gap[i], gap[i], 1e-15) << "row " << i;
  expect_same_log(log, cxscore::parse_event_log_csv(events_text, &map).log);
  // Visits are events: the directly-follows graph sees three calls of x, not six.
  const auto dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
  EXPECT_EQ(dfg.graph[call].visits, 4u);
  EXPECT_EQ(dfg.events, 6u);
}

TEST(journey_log_test, survey_rows_are_visits_and_equal_the_event_log_readers) {
  // Each item of a survey is a row and a visit, as the event-log reader reads it; customers are coded in
  // order of appearance, expectations empty or given.
  const char* map_survey = R"({"touchpoints": [{"name": "web", "scale": [1, 5], "promise": 3},
                                               {"name": "shop", "scale": [1, 5], "promise": 4}]})";
  const char* text =
      "customer,touchpoint,time,experience,expectation,dimension\n"
      "b,web,10,4,,tangibles\nb,web,10,2,5,empathy\na,shop,5,5,,\nb,shop,3,1,2,\na,web,1,3,,\n";
  const auto map = cxscore::parse_map_json(map_survey);
  const auto events = cxscore::parse_events_csv(text, map).events;
  EXPECT_TRUE(events.signal.empty());
  const cxscore::event_log log = cxscore::journey_log_of(events.view(), map, events.customers);
  ASSERT_EQ(log.size(), 5u);
  EXPECT_NEAR(log.gap[1], (2.0 - 5) / 4, 1e-15);
  EXPECT_NEAR(log.gap[3], (1.0 - 2) / 4, 1e-15);
  expect_same_log(log, cxscore::parse_event_log_csv(text, &map).log);
}

TEST(journey_log_test, a_survey_experience_the_map_refuses_names_its_row) {
  const auto map = cxscore::parse_map_json(map_text);
  cxscore::event_log log;
  log.customer = {0, 0};
  log.touchpoint = {0, 0};
  log.time = {0, 1};
  log.customers.encode("x");
  for (const char* name : {"buy", "call"}) log.touchpoints.encode(name);
  const std::vector<double> experience{3, 9};  // 9 is beyond buy's scale [1, 5]
  const auto e = cxscore_test::input_error_of(
      [&] { cxscore::measure_gaps(log, map, cxscore::order_journeys(log), experience, {}, "frame"); });
  EXPECT_EQ(e.where().file, "frame");
  EXPECT_EQ(e.where().row, 2u);
  EXPECT_EQ(e.where().column, "experience");
  EXPECT_EQ(e.where().value, "9");
}

}  // namespace
