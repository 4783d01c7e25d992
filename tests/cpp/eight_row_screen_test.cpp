// The kernel's screen of eight rows at once (detail/eight_row_screen.hpp) against find_row_problem, row by
// row: random rows drawn from good values, values just off each scale and every kind of bad value, with and
// without the optional columns, code columns wide and as bytes, touchpoint codes past the tables' 16 entries.
// The header is compiled here as src/score/score_avx512.cpp compiles the kernel: inside a region of AVX-512
// target attributes, in a namespace of its own; the tests run where the CPU has AVX-512.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "cxscore/code_column.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/score.hpp"
#include "cxscore/time.hpp"
#include "support/screen_cases.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CXSCORE_SCREEN_TEST_HAS_AVX512 1
#include <immintrin.h>
#define CXSCORE_KERNEL_NAMESPACE avx512_screen_test
#define CXSCORE_KERNEL_AVX512 1
#if defined(__clang__)
#pragma clang attribute push( \
    __attribute__((target("avx2,bmi,bmi2,popcnt,avx512f,avx512cd,avx512bw,avx512dq,avx512vl"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,popcnt,avx512f,avx512cd,avx512bw,avx512dq,avx512vl")
#endif

#include "cxscore/detail/eight_row_screen.hpp"

namespace {
// The screen's verdict on rows row .. row + 7 whose touchpoint codes read `codes`.
unsigned passing_rows(const cxscore::detail::eight_row_screen& screen, const cxscore::event_view& v,
                      const std::array<std::uint64_t, 8>& codes, std::size_t row) {
  return screen.passing(v, _mm512_loadu_si512(codes.data()), row);
}
}  // namespace

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#else
#define CXSCORE_SCREEN_TEST_HAS_AVX512 0
#endif

namespace {

// Touchpoint 0 without a promise, 1 with one; codes 2 and up are unknown (17 reads entry 1 of a 16-entry table).
cxscore::journey_map small_map() { return cxscore_test::website_and_delivery(); }

struct rows {
  std::vector<std::uint32_t> customer;
  std::vector<cxscore::touchpoint_code> touchpoint;
  std::vector<double> time, experience, expectation;
  std::vector<std::int32_t> dimension;
  std::vector<std::string> dimension_names{"speed", "care"};
  [[nodiscard]] cxscore::event_view view() const {
    return {customer, touchpoint, time, experience, expectation, dimension, 1, dimension_names};
  }
};

TEST(eight_row_screen_test, agrees_with_find_row_problem_row_by_row) {
#if CXSCORE_SCREEN_TEST_HAS_AVX512
  if (!cxscore::simd_target_available(cxscore::simd_target::avx512)) GTEST_SKIP() << "this CPU has no AVX-512";
  const auto map = small_map();
  std::mt19937_64 rng(29);
  auto pick = [&](const std::vector<double>& values) { return values[rng() % values.size()]; };
  const auto [experiences, expectations, times] = cxscore_test::screen_values_to_draw();
  const std::vector<cxscore::touchpoint_code> touchpoints{0, 0, 1, 1, 2, 16, 17};
  constexpr std::size_t n = 24000;  // a multiple of eight
  rows c;
  for (std::size_t i = 0; i < n; ++i) {
    c.customer.push_back(0);
    c.touchpoint.push_back(touchpoints[rng() % touchpoints.size()]);
    c.time.push_back(pick(times));
    c.experience.push_back(pick(experiences));
    c.expectation.push_back(pick(expectations));
    c.dimension.push_back(static_cast<std::int32_t>(rng() % 5) - 2);  // -2 and 2 are out of range
  }
  // The code columns also as bytes with tables, as a categorical's codes: touchpoint bytes 0-2 read codes 0-2,
  // byte 3 code 1, byte 255 code 1, every other byte the unknown code 7 (the kernel reads those bytes as byte
  // 255, so here they come with code 1 and must still fail); dimension bytes 0-1 read codes 0-1, byte 255
  // no_dimension, every other byte code 9.
  std::vector<cxscore::touchpoint_code> touchpoint_table(256, 7);
  touchpoint_table[0] = 0, touchpoint_table[1] = 1, touchpoint_table[2] = 2, touchpoint_table[3] = 1;
  touchpoint_table[255] = 1;
  std::vector<std::int32_t> dimension_table(256, 9);
  dimension_table[0] = 0, dimension_table[1] = 1, dimension_table[255] = cxscore::no_dimension;
  const std::vector<std::uint8_t> byte_values{0, 0, 1, 1, 2, 3, 16, 200, 254, 255};
  std::vector<std::uint8_t> touchpoint_bytes, dimension_bytes;
  for (std::size_t i = 0; i < n; ++i) {
    touchpoint_bytes.push_back(byte_values[rng() % byte_values.size()]);
    dimension_bytes.push_back(byte_values[rng() % byte_values.size()]);
  }
  int rejected = 0, checked = 0;
  for (const bool with_optional : {true, false})
    for (const bool as_bytes : {false, true}) {
      cxscore::event_view v = c.view();
      if (!with_optional) {
        v.time = {}, v.expectation = {}, v.dimension = {};
        v.dimension_names = {};
      }
      if (as_bytes) {
        v.touchpoint = cxscore::code_column<cxscore::touchpoint_code>::of_bytes(touchpoint_bytes, touchpoint_table);
        if (with_optional) v.dimension = cxscore::code_column<std::int32_t>::of_bytes(dimension_bytes, dimension_table);
      }
      const cxscore::detail::avx512_screen_test::eight_row_screen screen(v, map);
      ASSERT_TRUE(screen.available());
      for (std::size_t row = 0; row < n; row += 8) {
        std::array<std::uint64_t, 8> codes{};
        for (std::size_t k = 0; k < 8; ++k) {
          const std::size_t b = as_bytes ? touchpoint_bytes[row + k] : 0;
          codes[k] = !as_bytes ? v.touchpoint[row + k] : touchpoint_table[b < 16 ? b : 255];
        }
        const unsigned passed = passing_rows(screen, v, codes, row);
        for (std::size_t k = 0; k < 8; ++k) {
          const bool bad = cxscore::find_row_problem(v, map, row + k).has_value();
          rejected += bad;
          ++checked;
          ASSERT_EQ((passed >> k) & 1u, bad ? 0u : 1u)
              << "row " << row + k << (with_optional ? "" : " (no optional columns)") << (as_bytes ? " (bytes)" : "");
        }
      }
    }
  EXPECT_GT(rejected, 0);
  EXPECT_LT(rejected, checked);  // both kinds of row were drawn
#else
  GTEST_SKIP() << "the AVX-512 kernel is compiled on x86-64 with GCC or Clang only";
#endif
}

TEST(eight_row_screen_test, is_not_available_beyond_its_tables) {
  cxscore::journey_map map;
  for (int t = 0; t < 17; ++t) map.add_touchpoint({.name = "t" + std::to_string(t), .scale = {1, 5}});
  const rows c;
#if CXSCORE_SCREEN_TEST_HAS_AVX512
  using cxscore::detail::avx512_screen_test::eight_row_screen;
  EXPECT_FALSE(eight_row_screen(c.view(), map).available());  // 17 touchpoints
  // Bytes 16-254 of a byte touchpoint column must read unknown codes, as the kernel reads them as byte 255.
  const auto two = small_map();
  std::vector<cxscore::touchpoint_code> table(256, 2);
  const std::vector<std::uint8_t> bytes{0, 1};
  cxscore::event_view v = c.view();
  v.touchpoint = cxscore::code_column<cxscore::touchpoint_code>::of_bytes(bytes, table);
  EXPECT_TRUE(eight_row_screen(v, two).available());
  table[200] = 1;
  EXPECT_FALSE(eight_row_screen(v, two).available());
#else
  GTEST_SKIP() << "the AVX-512 kernel is compiled on x86-64 with GCC or Clang only";
#endif
}

}  // namespace
