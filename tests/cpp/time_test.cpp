#include "cxscore/time.hpp"

#include <gtest/gtest.h>

namespace {

TEST(time_test, epoch_seconds_are_read_as_numbers) {
  EXPECT_EQ(cxscore::parse_time("0"), 0.0);
  EXPECT_EQ(cxscore::parse_time(" 1700000000.25 "), 1700000000.25);
  EXPECT_EQ(cxscore::parse_time("-86400"), -86400.0);
}

TEST(time_test, iso8601_dates_times_fractions_and_offsets) {
  // 2011-10-01 is day 15248 since 1970-01-01 (41 years incl. 10 leap days = 14975, + 273 days of 2011).
  const double day = 15248.0 * 86400;
  EXPECT_EQ(cxscore::parse_time("2011-10-01"), day);
  EXPECT_EQ(cxscore::parse_time("2011-10-01T00:38"), day + 38 * 60);
  EXPECT_EQ(cxscore::parse_time("2011-10-01 00:38:44"), day + 38 * 60 + 44);
  EXPECT_EQ(cxscore::parse_time("2011-10-01T00:38:44Z"), day + 38 * 60 + 44);
  // As in the BPIC 2012 log: local time at +02:00 is two hours ahead of UTC.
  EXPECT_NEAR(*cxscore::parse_time("2011-10-01T00:38:44.546+02:00"), day + 38 * 60 + 44 - 7200 + 0.546, 1e-6);
  EXPECT_EQ(cxscore::parse_time("2011-10-01T00:38:44-0130"), day + 38 * 60 + 44 + 5400);
  EXPECT_EQ(cxscore::parse_time("2024-02-29T12:00:00Z"), 19782.0 * 86400 + 43200);
}

TEST(time_test, garbage_and_impossible_dates_are_refused) {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-29", "2026-01-01T24:00", "2026-01-01T10:61",
                          "2026-01-01T10:00:00+2", "2026-01-01X", "2026-1-1", "1e400", "nan", "12:00"})
    EXPECT_FALSE(cxscore::parse_time(bad).has_value()) << bad;
}

TEST(time_test, format_round_trips_through_parse) {
  for (double t : {0.0, 1772359200.0, 1772359201.5, -1.0, 951782400.0 /* 2000-02-29 */}) {
    const std::string s = cxscore::format_time(t);
    EXPECT_EQ(cxscore::parse_time(s), t) << s;
  }
  EXPECT_EQ(cxscore::format_time(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(cxscore::format_time(951782400.0), "2000-02-29T00:00:00Z");
}

}  // namespace
