#include "cxscore/time.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

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

// Days from 1970-01-01 to y-01-01 worked out by hand (Hinnant's days_from_civil, and counted as years of
// 365 days plus leap days): 2300: 330 years, leap days 1972..2296 = 82 less 2100 and 2200 = 80, 120530 days.
// 1600: 370 years back, leap days 1600..1968 = 93 less 1700, 1800, 1900 = 90, so -135140 days. 10000:
// era 24 (24 * 146097 = 3506328) + 146037 days of the 400-year cycle - 719468 = 2932897 days. 0001: -719162.
constexpr double day_2300 = 120530.0 * 86400;    // 10413792000
constexpr double day_1600 = -135140.0 * 86400;   // -11676096000
constexpr double day_10000 = 2932897.0 * 86400;  // 253402300800
constexpr double day_0001 = -719162.0 * 86400;   // -62135596800

TEST(time_test, iso_times_outside_64_bit_nanoseconds_are_exact) {
  EXPECT_EQ(cxscore::parse_time("2300-01-01"), day_2300);
  EXPECT_EQ(cxscore::parse_time("1600-01-01"), day_1600);
  EXPECT_EQ(cxscore::parse_time("9999-12-31T23:59:59"), day_10000 - 1);
  EXPECT_EQ(cxscore::parse_time("9999-12-31T23:59:59Z"), day_10000 - 1);
  EXPECT_EQ(cxscore::parse_time("0001-01-01T00:00:00Z"), day_0001);
  EXPECT_EQ(cxscore::parse_time("2300-01-01T00:00:00.5Z"), day_2300 + 0.5);  // a step there is 2^-19 s
  EXPECT_EQ(cxscore::parse_time("1600-01-01T12:00:00+02:00"), day_1600 + 10 * 3600);
  // The last 2^-15 s of the year 9999 round to the last double of the calendar, not to 10000-01-01.
  EXPECT_EQ(cxscore::parse_time("9999-12-31T23:59:59.999999999Z"), day_10000 - 1.0 / 32768);
  EXPECT_EQ(cxscore::parse_time("9999-12-31T23:59:59.999999999Z"), cxscore::latest_calendar_time);
  EXPECT_EQ(cxscore::earliest_calendar_time, day_0001);
}

TEST(time_test, inside_64_bit_nanoseconds_the_double_is_pandas_whole_nanoseconds_divided_once) {
  // pandas: pd.Timestamp(text).value / 1e9, an int64 count of nanoseconds converted and divided once.
  EXPECT_EQ(cxscore::parse_time("2011-10-01T00:38:44.546+02:00"),
            static_cast<double>(std::int64_t{1317422324546000000}) / 1e9);
  EXPECT_EQ(cxscore::parse_time("1677-09-21T00:12:43.145224193Z"),
            static_cast<double>(std::int64_t{-9223372036854775807}) / 1e9);
  // Both sides of the largest count: the two ways of rounding meet.
  EXPECT_EQ(cxscore::parse_time("2262-04-11T23:47:16.854775807Z"), 9223372036.854775807);
  EXPECT_EQ(cxscore::parse_time("2262-04-11T23:47:16.854775808Z"), 9223372036.854775808);
}

TEST(time_test, times_outside_the_years_0001_to_9999_are_refused_with_a_reason) {
  using cxscore::time_status;
  for (const char* before : {"0000-12-31T23:59:59Z", "0001-01-01T00:59:59+01:00", "-62135596801", "-1e12"}) {
    EXPECT_EQ(cxscore::read_time(before).status, time_status::before_calendar) << before;
    EXPECT_FALSE(cxscore::parse_time(before).has_value()) << before;
  }
  for (const char* beyond : {"9999-12-31T23:00:00-01:00", "253402300800", "1700000000000"}) {
    EXPECT_EQ(cxscore::read_time(beyond).status, time_status::beyond_calendar) << beyond;
    EXPECT_FALSE(cxscore::parse_time(beyond).has_value()) << beyond;
  }
  EXPECT_EQ(cxscore::read_time("10000-01-01").status, time_status::unparsable);  // four-digit years only
  EXPECT_EQ(cxscore::read_time("0001-01-01T01:00:00+01:00").seconds, day_0001);  // the instant counts
  EXPECT_EQ(cxscore::read_time("-62135596800").seconds, day_0001);
  EXPECT_NE(std::string(cxscore::time_refusal(time_status::beyond_calendar)).find("beyond the year 9999"),
            std::string::npos);
  EXPECT_NE(std::string(cxscore::time_refusal(time_status::before_calendar)).find("before the year 1"),
            std::string::npos);
  EXPECT_FALSE(cxscore::in_calendar(std::nan("")));
}

TEST(time_test, format_round_trips_years_0001_to_9999_and_negative_epochs) {
  EXPECT_EQ(cxscore::format_time(day_2300), "2300-01-01T00:00:00Z");
  EXPECT_EQ(cxscore::format_time(day_1600), "1600-01-01T00:00:00Z");
  EXPECT_EQ(cxscore::format_time(day_10000 - 1), "9999-12-31T23:59:59Z");
  EXPECT_EQ(cxscore::format_time(day_0001), "0001-01-01T00:00:00Z");
  EXPECT_EQ(cxscore::format_time(cxscore::latest_calendar_time), "9999-12-31T23:59:59.999969482Z");
  EXPECT_EQ(cxscore::format_time(-0.5), "1969-12-31T23:59:59.5Z");
  EXPECT_EQ(cxscore::format_time(day_1600 + 0.25), "1600-01-01T00:00:00.25Z");
  // A fraction that rounds up to a whole second carries into the seconds.
  EXPECT_EQ(cxscore::format_time(-1e-10), "1970-01-01T00:00:00Z");
  // A fraction below half a nanosecond is no fraction (found by time_fuzz: it wrote "00:00:00.Z").
  EXPECT_EQ(cxscore::format_time(2.5102e-13), "1970-01-01T00:00:00Z");
  EXPECT_EQ(cxscore::format_time(1e300), "1e+300");  // no calendar date: the number, for messages
  for (double t :
       {day_2300, day_1600, day_10000 - 1, day_0001, cxscore::latest_calendar_time, -0.5, day_1600 + 0.25, -86400.5}) {
    const std::string s = cxscore::format_time(t);
    EXPECT_EQ(cxscore::parse_time(s), t) << s;
  }
  // Random whole seconds and nanoseconds. Where a double's step is coarser than a nanosecond (outside
  // 1677-09-21 .. 2262-04-11) the text identifies the double: the same double comes back. Inside, the double
  // is pandas' (whole nanoseconds rounded to a double, then divided), and what comes back is within a
  // nanosecond or one step of the double.
  std::mt19937_64 rng(16);
  std::uniform_int_distribution<std::int64_t> nanos(0, 999'999'999);
  auto read_back = [&](std::int64_t lo, std::int64_t hi, bool same_double) {
    std::uniform_int_distribution<std::int64_t> second(lo, hi);
    for (int i = 0; i < 50'000; ++i) {
      const std::string whole = cxscore::format_time(static_cast<double>(second(rng)));  // "...T12:34:56Z"
      char fraction[16];
      std::snprintf(fraction, sizeof fraction, ".%09lldZ", static_cast<long long>(nanos(rng)));
      const std::string iso = whole.substr(0, whole.size() - 1) + fraction;
      const auto t = cxscore::parse_time(iso);
      ASSERT_TRUE(t.has_value()) << iso;
      const std::string text = cxscore::format_time(*t);
      const auto again = cxscore::parse_time(text);
      ASSERT_TRUE(again.has_value()) << text;
      if (same_double) {
        ASSERT_EQ(*again, *t) << iso << " -> " << text;
      } else {  // the nanosecond printed and the rounding of 64-bit counts: a nanosecond, or one step
        const double step = std::nextafter(std::abs(*t), HUGE_VAL) - std::abs(*t);
        ASSERT_LE(std::abs(*again - *t), std::max(1.5e-9, step)) << iso << " -> " << text;
      }
    }
  };
  read_back(static_cast<std::int64_t>(day_0001), -9'223'372'038, true);
  read_back(9'223'372'037, static_cast<std::int64_t>(day_10000) - 1, true);
  read_back(-9'223'372'036, 9'223'372'035, false);
}

}  // namespace
