// The batch kernel's measuring: contiguous rows measured eight at a time in registers (AVX-512 two-register
// permutes for the constants, small_table_lookup.hpp) give exactly the scalar loops' values, for linear
// and power value functions, with and without expectations and dimensions, for maps that fit the tables
// (up to 16 touchpoints) and maps that do not.
#include "cxscore/detail/encounter_block.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cxscore/detail/small_table_lookup.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// `touchpoints` touchpoints with different scales, promises, directions, weights and roles.
cxscore::journey_map map_of(std::size_t touchpoints) {
  cxscore::journey_map map;
  for (std::size_t t = 0; t < touchpoints; ++t)
    map.add_touchpoint({.name = "tp" + std::to_string(t),
                        .role = t % 3 == 0 ? cxscore::role::service : cxscore::role::experience,
                        .scale = {1, 5.0 + static_cast<double>(t)},
                        .direction = t % 2 ? cxscore::direction::lower : cxscore::direction::higher,
                        .promise = 2.0 + 0.25 * static_cast<double>(t),
                        .weight = 0.5 + static_cast<double>(t)});
  return map;
}

struct rows {
  std::vector<std::uint32_t> customer;
  std::vector<cxscore::touchpoint_code> touchpoint;
  std::vector<double> time, experience, expectation;
  std::vector<std::int32_t> dimension;
  std::vector<std::string> dimension_names{"tangibles", "reliability", "responsiveness"};

  rows(std::size_t n, std::size_t touchpoints, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::uint32_t> tp(0, static_cast<std::uint32_t>(touchpoints - 1));
    std::uniform_real_distribution<double> unit(0, 1);
    std::uniform_int_distribution<std::int32_t> dim(-1, 2);
    for (std::size_t i = 0; i < n; ++i) {
      const auto t = tp(rng);
      const double hi = 5.0 + t;
      customer.push_back(0);
      touchpoint.push_back(t);
      time.push_back(1.7e9 + static_cast<double>(i));
      // Every tenth row meets its promise exactly: g = 0, or -0 where lower is better.
      const bool at_promise = i % 10 == 0;
      experience.push_back(at_promise ? 2.0 + 0.25 * t : 1 + (hi - 1) * unit(rng));
      expectation.push_back(at_promise || unit(rng) < 0.3 ? nan : 1 + (hi - 1) * unit(rng));
      dimension.push_back(dim(rng));
    }
  }
  [[nodiscard]] cxscore::event_view view(bool with_expectation, bool with_dimension) const {
    return {.customer = customer,
            .touchpoint = touchpoint,
            .time = time,
            .experience = experience,
            .expectation = with_expectation ? std::span<const double>(expectation) : std::span<const double>{},
            .dimension = with_dimension ? std::span<const std::int32_t>(dimension) : std::span<const std::int32_t>{},
            .customer_count = 1,
            .dimension_names = dimension_names};
  }
};

std::vector<std::uint64_t> bits(const double* v, std::size_t n) {
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(std::bit_cast<std::uint64_t>(v[i]));
  return out;
}

// The models whose arithmetic differs: linear (alpha = beta = 1), one power, and two powers.
std::vector<cxscore::model> models_with_dimension_weights() {
  auto two_powers = cxscore::model::prospect();
  two_powers.alpha = 0.7, two_powers.beta = 0.95;
  std::vector<cxscore::model> out{cxscore::model::servqual(), cxscore::model::prospect(), two_powers};
  for (auto& m : out) m.dimension_weights = {{"tangibles", 0.5}, {"reliability", 2.0}, {"responsiveness", 0.25}};
  return out;
}

// Every array the per-customer loops read, over the block's n rows.
void expect_same_measures(const cxscore::detail::encounter_block& a, const cxscore::detail::encounter_block& b,
                          std::size_t n, const std::string& what) {
  EXPECT_EQ(a.size, b.size) << what;
  EXPECT_EQ(std::vector<std::uint32_t>(a.touchpoint, a.touchpoint + n),
            std::vector<std::uint32_t>(b.touchpoint, b.touchpoint + n))
      << what;
  EXPECT_EQ(bits(a.gap, n), bits(b.gap, n)) << what;
  EXPECT_EQ(bits(a.value, n), bits(b.value, n)) << what;
  EXPECT_EQ(bits(a.weight, n), bits(b.weight, n)) << what;
  EXPECT_EQ(bits(a.loss, n), bits(b.loss, n)) << what;
  EXPECT_EQ(bits(a.unmet, n), bits(b.unmet, n)) << what;
}

TEST(encounter_block_test, small_table_fits_up_to_sixteen_values) {
  EXPECT_FALSE(cxscore::detail::small_table(std::vector<double>(17, 1.0)).available());
#if defined(__AVX512F__)
  std::vector<double> values;
  for (int v = 0; v < 16; ++v) values.push_back(0.5 + v);
  const cxscore::detail::small_table table(values);
  ASSERT_TRUE(table.available());
  alignas(64) double got[8];
  _mm512_store_pd(got, table.lookup(_mm512_set_epi64(15, 0, 8, 7, 3, 3, 9, 1)));  // lanes 7 .. 0
  EXPECT_EQ(std::vector<double>(got, got + 8), (std::vector<double>{1.5, 9.5, 3.5, 3.5, 7.5, 8.5, 0.5, 15.5}));
#endif
}

TEST(encounter_block_test, contiguous_measuring_gives_the_scalar_loops_bits) {
  for (std::size_t touchpoints : {1, 5, 14, 16, 17, 40}) {
    const auto map = map_of(touchpoints);
    const rows r(1000, touchpoints, touchpoints);
    for (const auto& m : models_with_dimension_weights())
      for (bool with_expectation : {true, false})
        for (bool with_dimension : {true, false}) {
          const auto ev = r.view(with_expectation, with_dimension);
          const cxscore::detail::encounter_constants k(ev, map, m);
          ASSERT_EQ(k.reads_dimension, with_dimension);
          const std::string what = m.preset + (m.alpha != m.beta ? " with two powers, " : ", ") +
                                   std::to_string(touchpoints) + " touchpoints" +
                                   (with_expectation ? ", expectations" : "") + (with_dimension ? ", dimensions" : "");
          // Blocks starting anywhere (also mid-vector) and of any length, the last ones short.
          for (std::size_t first : {std::size_t{0}, std::size_t{3}, std::size_t{488}})
            for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{13}, std::size_t{512}}) {
              const auto a = std::make_unique<cxscore::detail::encounter_block>();
              const auto b = std::make_unique<cxscore::detail::encounter_block>();
              cxscore::detail::measure_contiguous(ev, k, first, n, *a);
              cxscore::detail::measure(
                  ev, k, [first](std::size_t j) { return first + j; }, n, *b);
              expect_same_measures(*a, *b, n, what + ", rows " + std::to_string(first) + " + " + std::to_string(n));
            }
            // And the tables are used whenever they fit (on an AVX-512 build).
#if defined(__AVX512F__)
          EXPECT_EQ(k.looks_up_eight(), touchpoints <= 16) << what;
#endif
        }
  }
}

TEST(encounter_block_test, gaps_alone_and_rows_holding_their_gaps_measure_to_the_bits_of_whole_rows) {
  // What the general path of score() relies on (customer_regrouping.hpp): measure_gaps() gives measure()'s
  // gaps and codes, and rows whose experience is that gap, with no expectation, measured with the
  // constants of for_gaps(), give every number of measure() on the original rows.
  for (std::size_t touchpoints : {5, 16, 17}) {
    const auto map = map_of(touchpoints);
    const rows r(1000, touchpoints, 3 + touchpoints);
    for (const auto& m : models_with_dimension_weights())
      for (bool with_expectation : {true, false})
        for (bool with_dimension : {true, false}) {
          const auto ev = r.view(with_expectation, with_dimension);
          const cxscore::detail::encounter_constants k(ev, map, m);
          const cxscore::detail::encounter_constants gaps = k.for_gaps();
          const std::string what = m.preset + (m.alpha != m.beta ? " with two powers, " : ", ") +
                                   std::to_string(touchpoints) + " touchpoints" +
                                   (with_expectation ? ", expectations" : "") + (with_dimension ? ", dimensions" : "");
          for (std::size_t n : {std::size_t{13}, std::size_t{512}}) {
            constexpr std::size_t first = 3;
            const auto whole = std::make_unique<cxscore::detail::encounter_block>();
            const auto alone = std::make_unique<cxscore::detail::encounter_block>();
            cxscore::detail::measure(
                ev, k, [](std::size_t j) { return first + j; }, n, *whole);
            cxscore::detail::measure_gaps(ev, k, first, n, *alone);
            EXPECT_EQ(bits(alone->gap, n), bits(whole->gap, n)) << what;
            EXPECT_EQ(std::vector<std::uint32_t>(alone->touchpoint, alone->touchpoint + n),
                      std::vector<std::uint32_t>(whole->touchpoint, whole->touchpoint + n))
                << what;
            if (with_dimension) {
              EXPECT_EQ(std::vector<std::int32_t>(alone->dimension, alone->dimension + n),
                        std::vector<std::int32_t>(r.dimension.begin() + first, r.dimension.begin() + first + n))
                  << what;
            }
            // The rows as the regrouping hands them on: touchpoint and dimension codes, the gap as experience.
            rows held = r;
            std::copy(alone->gap, alone->gap + n, held.experience.begin() + first);
            auto held_view = held.view(false, with_dimension);
            const auto again = std::make_unique<cxscore::detail::encounter_block>();
            cxscore::detail::measure_contiguous(held_view, gaps, first, n, *again);
            expect_same_measures(*again, *whole, n, what + ", rows holding their gaps");
          }
#if defined(__AVX512F__)
          EXPECT_EQ(gaps.looks_up_eight(), touchpoints <= 16) << what;
#endif
        }
  }
}

TEST(encounter_block_test, byte_columns_measure_to_the_bits_of_wide_ones) {
  // Categories in reverse map order; missing dimensions as byte 255. Categories from `offset` on: from 16
  // the byte tables do not fit and the scalar loop runs.
  for (std::size_t touchpoints : {5, 16, 17})
    for (std::size_t offset : {0, 16}) {
      const auto map = map_of(touchpoints);
      const rows r(600, touchpoints, 7);
      std::vector<cxscore::touchpoint_code> touchpoint_table(256, 1000);
      std::vector<std::int32_t> dimension_table(256, -2);
      for (std::size_t t = 0; t < touchpoints; ++t)
        touchpoint_table[offset + touchpoints - 1 - t] = static_cast<cxscore::touchpoint_code>(t);
      for (std::int32_t d = 0; d < 3; ++d) dimension_table[offset + 2 - d] = d;
      dimension_table[255] = cxscore::no_dimension;
      std::vector<std::uint8_t> touchpoint_bytes, dimension_bytes;
      for (auto t : r.touchpoint) touchpoint_bytes.push_back(static_cast<std::uint8_t>(offset + touchpoints - 1 - t));
      for (auto d : r.dimension)
        dimension_bytes.push_back(d == cxscore::no_dimension ? 255 : static_cast<std::uint8_t>(offset + 2 - d));
      const auto wide = r.view(true, true);
      auto narrow = wide;
      narrow.touchpoint = cxscore::code_column<cxscore::touchpoint_code>::of_bytes(touchpoint_bytes, touchpoint_table);
      narrow.dimension = cxscore::code_column<std::int32_t>::of_bytes(dimension_bytes, dimension_table);
      const auto m = models_with_dimension_weights()[1];
      const cxscore::detail::encounter_constants k_wide(wide, map, m), k_narrow(narrow, map, m);
      const std::string what = std::to_string(touchpoints) + " touchpoints, categories from " + std::to_string(offset);
      for (std::size_t first : {std::size_t{0}, std::size_t{5}})
        for (std::size_t n : {std::size_t{7}, std::size_t{512}}) {
          const auto a = std::make_unique<cxscore::detail::encounter_block>();
          const auto b = std::make_unique<cxscore::detail::encounter_block>();
          cxscore::detail::measure_contiguous(narrow, k_narrow, first, n, *a);
          cxscore::detail::measure(
              wide, k_wide, [first](std::size_t j) { return first + j; }, n, *b);
          expect_same_measures(*a, *b, n, what);
        }
#if defined(__AVX512F__)
      EXPECT_EQ(k_narrow.looks_up_eight(), touchpoints <= 16 && offset == 0) << what;
#endif
    }
}

}  // namespace
