// code_column: a column of codes stored wide or as bytes with a table, read the same way; validate()
// refuses a byte row whose table entry is not a valid code, naming the row and the column.
#include "cxscore/code_column.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"

namespace {

using touchpoints = cxscore::code_column<cxscore::touchpoint_code>;

std::vector<cxscore::touchpoint_code> table_with(
    std::vector<std::pair<std::uint8_t, cxscore::touchpoint_code>> entries) {
  std::vector<cxscore::touchpoint_code> table(256, 99);
  for (auto [byte, code] : entries) table[byte] = code;
  return table;
}

TEST(code_column_test, wide_and_byte_columns_read_the_same_codes) {
  const std::vector<cxscore::touchpoint_code> wide{2, 0, 1, 1};
  const std::vector<std::uint8_t> bytes{7, 255, 3, 3};
  const auto table = table_with({{7, 2}, {255, 0}, {3, 1}});
  const touchpoints a(wide), b = touchpoints::of_bytes(bytes, table);
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_FALSE(a.is_bytes());
  EXPECT_TRUE(b.is_bytes());
  EXPECT_EQ(a.codes(), wide.data());
  EXPECT_EQ(b.codes(), nullptr);
  EXPECT_EQ(b.bytes(), bytes.data());
  EXPECT_EQ(b.byte_table().data(), table.data());
  EXPECT_TRUE(a.byte_table().empty());
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(a[i], wide[i]);
    EXPECT_EQ(b[i], wide[i]);
    EXPECT_EQ(a.visit([i](auto code_at) { return code_at(i); }), wide[i]);
    EXPECT_EQ(b.visit([i](auto code_at) { return code_at(i); }), wide[i]);
  }
  EXPECT_TRUE(touchpoints().empty());
}

TEST(code_column_test, a_byte_column_needs_a_table_of_256_codes) {
  const std::vector<std::uint8_t> bytes{0};
  const std::vector<cxscore::touchpoint_code> short_table(255, 0);
  try {
    (void)touchpoints::of_bytes(bytes, short_table);
    FAIL() << "a table of 255 codes was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not 255"), std::string::npos) << e.what();
  }
}

TEST(code_column_test, validate_refuses_a_byte_row_whose_code_is_invalid_naming_row_and_column) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "web", .promise = 3});
  map.add_touchpoint({.name = "call", .promise = 3});
  const std::vector<std::uint32_t> customer{0, 0, 1};
  const std::vector<double> time{0, 1, 2}, experience{3, 4, 5};
  const std::vector<std::uint8_t> tp_bytes{0, 1, 5};  // byte 5: no category
  const auto tp_table = table_with({{0, 1}, {1, 0}});
  std::vector<std::int32_t> dimension_table(256, -2);
  dimension_table[0] = 0, dimension_table[255] = cxscore::no_dimension;
  const std::vector<std::string> dimension_names{"speed"};
  const std::vector<std::uint8_t> good_dimensions{0, 255, 0}, bad_dimensions{0, 9, 0};
  cxscore::event_view v{.customer = customer,
                        .touchpoint = touchpoints::of_bytes(tp_bytes, tp_table),
                        .time = time,
                        .experience = experience,
                        .customer_count = 2,
                        .dimension_names = dimension_names};
  try {
    cxscore::validate(v, map, "events.parquet");
    FAIL() << "byte 5 was taken";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 3u);
    EXPECT_EQ(e.where().column, "touchpoint");
    EXPECT_EQ(e.where().value, "99");
  }
  const std::vector<std::uint8_t> fixed{0, 1, 1};
  v.touchpoint = touchpoints::of_bytes(fixed, tp_table);
  v.dimension = cxscore::code_column<std::int32_t>::of_bytes(good_dimensions, dimension_table);
  EXPECT_NO_THROW(cxscore::validate(v, map));
  v.dimension = cxscore::code_column<std::int32_t>::of_bytes(bad_dimensions, dimension_table);
  try {
    cxscore::validate(v, map);
    FAIL() << "dimension byte 9 was taken";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 2u);
    EXPECT_EQ(e.where().column, "dimension");
    EXPECT_EQ(e.where().value, "-2");
  }
}

}  // namespace
