// Columnar events: a non-owning view over caller memory, and validation naming row and column.
#include "cxscore/event_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/journey_map.hpp"
#include "support/screen_cases.hpp"

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// website: 1-7 rating, no promise; delivery: hours on 0-240, lower is better, promise 48.
cxscore::journey_map small_map() { return cxscore_test::website_and_delivery(); }

// Four valid rows, as an application would hold them. Tests break one value and expect the error.
struct columns {
  std::vector<std::uint32_t> customer{0, 0, 1, 1};
  std::vector<cxscore::touchpoint_code> touchpoint{0, 1, 0, 1};
  std::vector<double> time{0, 3600, 100, 7200};
  std::vector<double> experience{6, 72, 3, 30};
  std::vector<double> expectation{5, nan, 4, 24};
  std::vector<std::int32_t> dimension{0, cxscore::no_dimension, 1, 0};
  std::vector<std::string> dimension_names{"reliability", "empathy"};

  [[nodiscard]] cxscore::event_view view() const {
    return {.customer = customer,
            .touchpoint = touchpoint,
            .time = time,
            .experience = experience,
            .expectation = expectation,
            .dimension = dimension,
            .customer_count = 2,
            .dimension_names = dimension_names};
  }
};

// Expects validate() to throw input_error at (row, column).
void expect_error_at(const cxscore::event_view& v, std::size_t row, const std::string& column,
                     const std::string& value = {}) {
  const auto map = small_map();
  try {
    cxscore::validate(v, map, "events.bin");
    ADD_FAILURE() << "validate() accepted bad " << column << " in row " << row;
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "events.bin") << e.what();
    EXPECT_EQ(e.where().row, row) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
    if (!value.empty()) {
      EXPECT_EQ(e.where().value, value) << e.what();
    }
    if (row != 0) {
      EXPECT_NE(std::string(e.what()).find("row " + std::to_string(row)), std::string::npos) << e.what();
    }
    EXPECT_NE(std::string(e.what()).find(column), std::string::npos) << e.what();
  }
}

TEST(event_table_test, view_sits_on_caller_vectors_without_copying) {
  const columns c;
  const auto v = c.view();
  EXPECT_EQ(v.customer.data(), c.customer.data());
  EXPECT_EQ(v.touchpoint.codes(), c.touchpoint.data());
  EXPECT_EQ(v.time.data(), c.time.data());
  EXPECT_EQ(v.experience.data(), c.experience.data());
  EXPECT_EQ(v.expectation.data(), c.expectation.data());
  EXPECT_EQ(v.dimension.codes(), c.dimension.data());
  EXPECT_EQ(v.dimension_names.data(), c.dimension_names.data());
  EXPECT_EQ(v.size(), 4u);
  EXPECT_NO_THROW(cxscore::validate(v, small_map()));
}

TEST(event_table_test, expectation_at_falls_back_to_the_promise) {
  const columns c;
  const auto v = c.view();
  EXPECT_EQ(v.expectation_at(0, 48.0), 5.0);
  EXPECT_EQ(v.expectation_at(1, 48.0), 48.0);  // NaN in the column -> the promise
  auto no_expectation = v;
  no_expectation.expectation = {};
  EXPECT_EQ(no_expectation.expectation_at(0, 4.5), 4.5);  // no column at all -> the promise
  EXPECT_EQ(v.dimension_at(0), 0);
  EXPECT_EQ(v.dimension_at(1), cxscore::no_dimension);
  auto no_dimension = v;
  no_dimension.dimension = {};
  EXPECT_EQ(no_dimension.dimension_at(2), cxscore::no_dimension);
}

TEST(event_table_test, optional_columns_may_be_empty) {
  const columns c;
  auto v = c.view();
  v.dimension = {};
  EXPECT_NO_THROW(cxscore::validate(v, small_map()));
  // Without an expectation column the website (no promise) rows have nothing to compare with.
  v.expectation = {};
  expect_error_at(v, 1, "expectation");
}

TEST(event_table_test, times_may_be_absent_only_where_the_caller_says_so) {
  const columns c;
  auto v = c.view();
  v.time = {};
  expect_error_at(v, 0, "time");  // required by default: every analysis but scoring reads times
  EXPECT_NO_THROW(cxscore::validate(v, small_map(), "events.bin", 1, cxscore::time_column::optional));
  EXPECT_FALSE(cxscore::find_row_problem(v, small_map(), 0));
  columns bad;
  bad.experience[2] = 9;  // the other checks still hold without times
  auto w = bad.view();
  w.time = {};
  EXPECT_THROW(cxscore::validate(w, small_map(), "events.bin", 1, cxscore::time_column::optional),
               cxscore::input_error);
}

TEST(event_table_test, validate_accepts_values_on_the_scale_ends) {
  columns c;
  c.experience = {1, 0, 7, 240};
  c.expectation = {7, 240, 1, 0};
  EXPECT_NO_THROW(cxscore::validate(c.view(), small_map()));
}

TEST(event_table_test, touchpoint_code_out_of_range_names_row_and_column) {
  columns c;
  c.touchpoint[2] = 2;  // the map has codes 0 and 1
  expect_error_at(c.view(), 3, "touchpoint", "2");
}

TEST(event_table_test, customer_code_out_of_range_is_rejected) {
  columns c;
  c.customer[3] = 2;  // customer_count = 2
  expect_error_at(c.view(), 4, "customer", "2");
}

TEST(event_table_test, non_finite_experience_is_rejected) {
  for (double bad : {nan, inf, -inf}) {
    columns c;
    c.experience[1] = bad;
    expect_error_at(c.view(), 2, "experience");
  }
}

TEST(event_table_test, experience_outside_the_scale_is_rejected) {
  columns c;
  c.experience[0] = 8;  // an 8 on the 1-7 scale
  expect_error_at(c.view(), 1, "experience");
  columns d;
  d.experience[2] = 0.5;  // below 1
  expect_error_at(d.view(), 3, "experience");
  columns e;
  e.experience[3] = 241;  // delivery scale is 0-240
  expect_error_at(e.view(), 4, "experience");
}

TEST(event_table_test, expectation_outside_the_scale_is_rejected) {
  columns c;
  c.expectation[2] = 7.5;
  expect_error_at(c.view(), 3, "expectation");
  columns d;
  d.expectation[3] = -1;
  expect_error_at(d.view(), 4, "expectation");
  columns e;
  e.expectation[0] = inf;
  expect_error_at(e.view(), 1, "expectation");
}

TEST(event_table_test, nan_expectation_without_a_promise_is_rejected) {
  columns c;
  c.expectation[1] = nan;  // delivery has a promise: fine
  EXPECT_NO_THROW(cxscore::validate(c.view(), small_map()));
  c.expectation[2] = nan;  // website has none
  expect_error_at(c.view(), 3, "expectation");
}

TEST(event_table_test, non_finite_time_is_rejected) {
  columns c;
  c.time[1] = nan;
  expect_error_at(c.view(), 2, "time");
}

// One calendar for every time (time.hpp): arrays from a caller are held to the years 0001 to 9999 as
// CSV cells are, so a time in milliseconds is refused at its row rather than scored.
TEST(event_table_test, a_time_outside_the_calendar_is_rejected_at_its_row) {
  columns c;
  c.time[2] = 1.7e12;
  expect_error_at(c.view(), 3, "time");
  c.time[2] = -62135596801.0;  // one second before 0001-01-01T00:00:00Z
  expect_error_at(c.view(), 3, "time");
  c.time[2] = -62135596800.0;
  c.time[1] = 253402300799.0;  // 9999-12-31T23:59:59Z
  EXPECT_NO_THROW(cxscore::validate(c.view(), small_map()));
}

TEST(event_table_test, column_length_mismatch_is_rejected) {
  {
    columns c;
    c.experience.pop_back();
    expect_error_at(c.view(), 0, "experience", "3");
  }
  {
    columns c;
    c.touchpoint.push_back(0);
    expect_error_at(c.view(), 0, "touchpoint", "5");
  }
  {
    columns c;
    c.time.clear();  // time is not optional unless the caller says so
    expect_error_at(c.view(), 0, "time", "0");
  }
  {
    columns c;
    c.expectation.pop_back();  // optional columns: empty or full length, nothing between
    expect_error_at(c.view(), 0, "expectation", "3");
  }
  {
    columns c;
    c.dimension.resize(2);
    expect_error_at(c.view(), 0, "dimension", "2");
  }
}

TEST(event_table_test, dimension_code_out_of_range_is_rejected) {
  {
    columns c;
    c.dimension[3] = 2;  // two dimension names: codes 0 and 1
    expect_error_at(c.view(), 4, "dimension", "2");
  }
  {
    columns c;
    c.dimension[0] = -2;  // only -1 means "none"
    expect_error_at(c.view(), 1, "dimension", "-2");
  }
}

TEST(event_table_test, first_bad_row_is_reported) {
  columns c;
  c.experience[3] = 999;
  c.experience[1] = 999;
  expect_error_at(c.view(), 2, "experience");
}

TEST(event_table_test, every_thread_count_reports_the_first_bad_row_of_many_pieces) {
  // 2,000,000 valid rows (the screen's pieces are 262,144 rows), then two bad ones in different pieces:
  // the later piece may finish first on another thread, yet the error is the earlier row.
  columns c;
  constexpr std::size_t n = 2'000'000;
  c.customer.assign(n, 0), c.touchpoint.assign(n, 0), c.time.assign(n, 0), c.experience.assign(n, 4);
  c.expectation.assign(n, 4), c.dimension.assign(n, cxscore::no_dimension);
  c.experience[1'900'000] = 99;
  c.time[700'001] = nan;
  const auto map = small_map();
  for (unsigned threads : {1u, 2u, 4u, 0u}) {
    try {
      cxscore::validate(c.view(), map, "events.bin", threads);
      ADD_FAILURE() << "validate() accepted a NaN time with " << threads << " threads";
    } catch (const cxscore::input_error& e) {
      EXPECT_EQ(e.where().row, 700'002u) << threads << " threads: " << e.what();
      EXPECT_EQ(e.where().column, "time") << e.what();
    }
  }
  c.time[700'001] = 0;
  c.experience[1'900'000] = 4;
  for (unsigned threads : {1u, 2u, 4u}) EXPECT_NO_THROW(cxscore::validate(c.view(), map, "events.bin", threads));
}

TEST(event_table_test, owning_table_view_points_at_its_columns) {
  cxscore::event_table t;
  t.customer = {t.customers.encode("alice"), t.customers.encode("bob"), t.customers.encode("alice")};
  t.touchpoint = {0, 1, 1};
  t.time = {0, 10, 20};
  t.experience = {5, 50, 40};
  t.expectation = {4, nan, 48};
  t.dimension = {static_cast<std::int32_t>(t.dimensions.encode("speed")), cxscore::no_dimension, 0};
  const auto v = t.view();
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(v.customer_count, 2u);
  EXPECT_EQ(v.customer.data(), t.customer.data());
  EXPECT_EQ(v.experience.data(), t.experience.data());
  EXPECT_EQ(v.expectation.data(), t.expectation.data());
  EXPECT_EQ(v.dimension.codes(), t.dimension.data());
  ASSERT_EQ(v.dimension_names.size(), 1u);
  EXPECT_EQ(v.dimension_names[0], "speed");
  EXPECT_NO_THROW(cxscore::validate(v, small_map()));
}

TEST(event_table_test, check_measurement_reports_column_and_reason) {
  const auto map = small_map();
  EXPECT_FALSE(cxscore::check_measurement(map[0], 4, 5).has_value());
  EXPECT_FALSE(cxscore::check_measurement(map[1], 72, nan).has_value());
  const auto p = cxscore::check_measurement(map[0], 8, 5);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->column, "experience");
  EXPECT_NE(p->reason.find("website"), std::string::npos);
  const auto q = cxscore::check_measurement(map[0], 4, nan);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->column, "expectation");
}

}  // namespace

namespace {

// The fast screen and find_row_problem must agree on every row: random rows drawn from good values,
// values just off each scale and each kind of bad value, with and without the optional columns.
TEST(event_table_test, the_fast_screen_agrees_with_find_row_problem_row_by_row) {
  const auto map = small_map();
  std::mt19937_64 rng(17);
  auto pick = [&](const std::vector<double>& values) { return values[rng() % values.size()]; };
  const auto [experiences, expectations, times] = cxscore_test::screen_values_to_draw();
  int rejected = 0;
  for (const bool with_optional : {true, false}) {
    columns c;
    c.customer.clear(), c.touchpoint.clear(), c.time.clear(), c.experience.clear(), c.expectation.clear(),
        c.dimension.clear();
    for (int i = 0; i < 20000; ++i) {
      c.customer.push_back(static_cast<std::uint32_t>(rng() % 3));               // 2 is out of range
      c.touchpoint.push_back(static_cast<cxscore::touchpoint_code>(rng() % 3));  // 2 is unknown
      c.time.push_back(pick(times));
      c.experience.push_back(pick(experiences));
      c.expectation.push_back(pick(expectations));
      c.dimension.push_back(static_cast<std::int32_t>(rng() % 5) - 2);  // -2 and 2 are out of range
    }
    if (!with_optional) c.expectation.clear(), c.dimension.clear();
    // The touchpoints also as bytes with a table (a categorical's codes): bytes 0-2 read codes 0-2 (2 is
    // unknown), byte 3 reads code 1, every other byte an unknown code.
    std::vector<cxscore::touchpoint_code> table(cxscore::code_column<cxscore::touchpoint_code>::byte_table_size, 9);
    table[0] = 0, table[1] = 1, table[2] = 2, table[3] = 1;
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < c.touchpoint.size(); ++i)
      bytes.push_back(c.touchpoint[i] == 1 && i % 2 == 0 ? 3
                                                         : static_cast<std::uint8_t>(i % 7 == 0 ? 200 : 0) |
                                                               static_cast<std::uint8_t>(c.touchpoint[i]));
    for (const bool as_bytes : {false, true}) {
      auto v = c.view();
      if (as_bytes) v.touchpoint = cxscore::code_column<cxscore::touchpoint_code>::of_bytes(bytes, table);
      const cxscore::row_screen screen(v, map);
      for (std::size_t i = 0; i < v.size(); ++i) {
        const bool bad = cxscore::find_row_problem(v, map, i).has_value();
        rejected += bad;
        ASSERT_EQ(screen.all_valid(v, i, i + 1), !bad)
            << "row " << i << (with_optional ? "" : " (no optional columns)") << (as_bytes ? " (bytes)" : "");
      }
    }
  }
  EXPECT_GT(rejected, 0);
  EXPECT_LT(rejected, 80000);  // both kinds of row were drawn
}

}  // namespace
