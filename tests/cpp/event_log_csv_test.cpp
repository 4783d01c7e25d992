// Reading event logs for discovery: renamed columns, ISO 8601 times with fractions and offsets, with and
// without a map, and every bad input named by file, row, column and value.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/json.hpp"
#include "support/journey_logs.hpp"

namespace {

cxscore::input_error error_of(const std::string& text, const cxscore::journey_map* map = nullptr,
                              const cxscore::csv_read_options& options = {}) {
  return cxscore_test::input_error_of([&] { (void)cxscore::parse_event_log_csv(text, map, options, "log.csv"); });
}

TEST(event_log_csv_test, reads_renamed_columns_and_real_log_times) {
  const auto log =
      cxscore::parse_event_log_csv(
          "case_id,activity,timestamp,resource\n"
          "173688,A_SUBMITTED,2011-10-01T00:38:44.546+02:00,112\n"
          "173688,A_PARTLYSUBMITTED,2011-10-01T00:38:44.880+02:00,112\n"
          "Case 1,Assign seriousness,2012-10-09T14:50:17+00:00,Value 1\n",
          nullptr, {.columns = cxscore::parse_column_renames("customer=case_id,touchpoint=activity,time=timestamp")})
          .log;
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.customers.size(), 2u);
  EXPECT_EQ(log.touchpoints.size(), 3u);
  // 2011-10-01T00:38:44.546+02:00 = 2011-09-30T22:38:44.546Z = 1317422324.546 (date -d ... +%s).
  EXPECT_DOUBLE_EQ(log.time[0], 1317422324.546);
  EXPECT_NEAR(log.time[1] - log.time[0], 0.334, 1e-6);  // epoch doubles resolve 2^-22 s here
  EXPECT_TRUE(log.gap.empty());
  EXPECT_TRUE(std::isnan(log.gap_at(0)));
}

TEST(event_log_csv_test, gaps_from_a_map_with_expectations_or_promises) {
  const auto map = cxscore::parse_map_json(
      R"({"touchpoints": [{"name": "web", "promise": 4}, {"name": "wait", "scale": [0, 100], "direction": "lower", "promise": 20}]})");
  const auto log = cxscore::parse_event_log_csv(
                       "customer,touchpoint,time,experience,expectation\n"
                       "a,web,1,5,\n"    // (5 - 4) / 4 = 0.25
                       "a,web,2,2,3\n"   // (2 - 3) / 4 = -0.25
                       "a,wait,3,60,\n"  // -(60 - 20) / 100 = -0.4
                       "b,web,4,,\n",    // not measured
                       &map)
                       .log;
  EXPECT_EQ(log.gap[0], 0.25);
  EXPECT_EQ(log.gap[1], -0.25);
  EXPECT_DOUBLE_EQ(log.gap[2], -0.4);
  EXPECT_TRUE(std::isnan(log.gap[3]));
  EXPECT_EQ(log.touchpoint[2], *map.find("wait"));
}

TEST(event_log_csv_test, bad_input_names_file_row_column_and_value) {
  const auto map = cxscore::parse_map_json(R"({"touchpoints": [{"name": "web", "promise": 4}]})");
  auto e = error_of("customer,touchpoint,time\na,web,yesterday\n");
  EXPECT_EQ(e.where().file, "log.csv");
  EXPECT_EQ(e.where().row, 2u);
  EXPECT_EQ(e.where().column, "time");
  EXPECT_EQ(e.where().value, "yesterday");
  e = error_of("customer,touchpoint,time\na,shop,1\n", &map);
  EXPECT_EQ(e.where().column, "touchpoint");
  EXPECT_EQ(e.where().value, "shop");
  e = error_of("customer,touchpoint,time,experience\na,web,1,9\n", &map);
  EXPECT_EQ(e.where().column, "experience");
  EXPECT_EQ(e.where().value, "9");
  e = error_of("customer,touchpoint,time\n,web,1\n");
  EXPECT_EQ(e.where().column, "customer");
  e = error_of("case,touchpoint,time\na,web,1\n");
  EXPECT_EQ(e.where().column, "customer");
  e = error_of("id,touchpoint,time\na,web,1\n", nullptr, {.columns = {{"customer", "case_id"}}});
  EXPECT_EQ(e.where().column, "case_id");
  e = error_of("");
  EXPECT_EQ(e.where().file, "log.csv");
}

TEST(event_log_csv_test, without_a_map_touchpoint_names_no_map_could_have_are_refused) {
  // Without a map every name becomes a touchpoint, so these would reach edges.csv: an empty or blank name,
  // one with blanks kept by quotes (a second touchpoint beside "web"), and the start and end markers.
  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "touchpoint is empty"},
      {"\"\"", "touchpoint is empty"},
      {"\" \"", "touchpoint is empty"},
      {"\" web\"", "touchpoint name has blanks at its start or end"},
      {"\"web\t\"", "touchpoint name has blanks at its start or end"},
      {"__start__", "touchpoint name is reserved"},
      {"__end__", "touchpoint name is reserved"},
  };
  for (const auto& [cell, reason] : cases) {
    const auto e = error_of("customer,touchpoint,time\na,web,1\nb," + cell + ",2\n");
    EXPECT_EQ(e.where().row, 3u) << cell;
    EXPECT_EQ(e.where().column, "touchpoint") << cell;
    EXPECT_EQ(e.reason().rfind(reason, 0), 0u) << cell << ": " << e.reason();
  }
  // Blanks outside quotes are layout: " web " is the touchpoint web.
  const auto log = cxscore::parse_event_log_csv("customer,touchpoint,time\na,web,1\nb, web ,2\n", nullptr, {}).log;
  EXPECT_EQ(log.touchpoints.size(), 1u);
}

TEST(event_log_csv_test, lenient_skips_and_lists_bad_rows) {
  const auto read = cxscore::parse_event_log_csv("customer,touchpoint,time\na,web,1\nb,web,never\nc,web,3\n", nullptr,
                                                 {.lenient = true}, "log.csv");
  EXPECT_EQ(read.log.size(), 2u);
  EXPECT_EQ(read.log.customers.size(), 2u);  // b left no trace
  ASSERT_EQ(read.rejected.size(), 1u);
  EXPECT_EQ(read.rejected[0].row, 3u);
  EXPECT_EQ(read.rejected[0].value, "never");
}

}  // namespace
