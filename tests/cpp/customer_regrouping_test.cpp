// customer_regrouping: the partitions cover every code once and nest in the kernel's blocks, and the two
// levels together give exactly std::stable_sort by customer of every column read, each row's gap as the
// scalar formula gives it, for any thread count, with the code columns stored as codes or as bytes with a
// table.
#include "cxscore/detail/customer_regrouping.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/value_function.hpp"

namespace {

using cxscore::detail::customer_partitions;
using cxscore::detail::partition_sorter;
using cxscore::detail::partitioned_rows;
using cxscore::detail::read_columns;

TEST(customer_regrouping_test, partitions_cover_the_codes_in_order_and_nest_in_blocks) {
  struct shape {
    std::size_t rows, customers, per_block;
  };
  for (const shape s :
       {shape{10, 1, 1024}, shape{100, 3000, 1024}, shape{1'000'000, 100'000, 1563}, shape{10'000'000, 833'332, 13'021},
        shape{50'000'000, 10'000, 1024}, shape{20'000, 65'536 * 3 + 7, 65'536 * 3 + 7}}) {
    const std::string what = std::to_string(s.rows) + " rows, " + std::to_string(s.customers) + " customers, " +
                             std::to_string(s.per_block) + " a block";
    const customer_partitions parts(s.rows, s.customers, s.per_block);
    ASSERT_GE(parts.size(), 1u) << what;
    EXPECT_EQ(parts.first_code(0), 0u) << what;
    EXPECT_EQ(parts.first_code(parts.size()), s.customers) << what;
    const std::size_t blocks = (s.customers + s.per_block - 1) / s.per_block;
    EXPECT_EQ(parts.first_of_block(0), 0u) << what;
    EXPECT_EQ(parts.first_of_block(blocks), parts.size()) << what;
    for (std::size_t b = 0; b < blocks; ++b) {
      ASSERT_LT(parts.first_of_block(b), parts.first_of_block(b + 1)) << what << ", block " << b;
      EXPECT_EQ(parts.first_code(parts.first_of_block(b)), b * s.per_block) << what << ", block " << b;
    }
    for (std::size_t p = 0; p < parts.size(); ++p) {
      const std::uint32_t lo = parts.first_code(p), hi = parts.first_code(p + 1);
      ASSERT_LT(lo, hi) << what << ", partition " << p;
      EXPECT_EQ(lo / s.per_block, (hi - 1) / s.per_block) << what << ", partition " << p << " spans two blocks";
      for (std::uint32_t c : {lo, (lo + hi) / 2, hi - 1}) EXPECT_EQ(parts.of(c), p) << what << ", code " << c;
    }
    for (std::uint32_t c = 0; c < s.customers; c += 97) {
      const std::uint32_t p = parts.of(c);
      ASSERT_LT(p, parts.size()) << what;
      EXPECT_TRUE(parts.first_code(p) <= c && c < parts.first_code(p + 1)) << what << ", code " << c;
    }
    EXPECT_LE(parts.size(), 2 * std::max<std::size_t>(s.rows / 16384, 64) + blocks) << what;
  }
}

// The rounds cover the blocks in order, as few as `most` rows each on average allows, each within its share
// of the rows and one block: even blocks in rounds of half the rows make two equal rounds, never two full
// ones and a remainder (each round reads every column again).
TEST(customer_regrouping_test, rounds_are_as_few_as_allowed_and_balanced) {
  struct shape {
    std::size_t rows, customers, per_block, most;
  };
  for (const shape s : {shape{200'000, 64'000, 1000, 100'000}, shape{200'000, 64'000, 1000, 99'000},
                        shape{300'000, 40'000, 1024, 100'000}, shape{300'000, 40'000, 1024, 300'000},
                        shape{50, 20, 1024, 10}, shape{100'000, 5000, 1563, 1}}) {
    const std::string what = std::to_string(s.rows) + " rows, " + std::to_string(s.customers) + " customers, " +
                             std::to_string(s.most) + " a round";
    // Every customer's rows in turn: blocks of per_block codes hold rows in proportion.
    std::vector<std::uint32_t> customer(s.rows);
    for (std::size_t i = 0; i < s.rows; ++i) customer[i] = static_cast<std::uint32_t>(i % s.customers);
    const std::vector<double> zeros(s.rows, 0.0);
    const std::vector<cxscore::touchpoint_code> touchpoint(s.rows, 0);
    const cxscore::event_view ev{
        .customer = customer, .touchpoint = touchpoint, .experience = zeros, .customer_count = s.customers};
    const partitioned_rows level_one(ev, s.per_block, 1);
    const std::size_t blocks = (s.customers + s.per_block - 1) / s.per_block;
    const std::vector<std::size_t> round = level_one.rounds(blocks, s.most);
    const std::size_t count = std::min(blocks, (s.rows + s.most - 1) / s.most);
    ASSERT_EQ(round.size(), count + 1) << what;
    EXPECT_EQ(round.front(), 0u) << what;
    EXPECT_EQ(round.back(), blocks) << what;
    auto rows_of = [&](std::size_t b0, std::size_t b1) {
      return std::count_if(customer.begin(), customer.end(),
                           [&](std::uint32_t c) { return c >= b0 * s.per_block && c < b1 * s.per_block; });
    };
    const auto block_rows = static_cast<std::ptrdiff_t>(rows_of(0, 1));
    for (std::size_t i = 0; i + 1 < round.size(); ++i) {
      ASSERT_LT(round[i], round[i + 1]) << what << ", round " << i;
      EXPECT_LE(rows_of(round[i], round[i + 1]), static_cast<std::ptrdiff_t>(s.rows / count) + block_rows)
          << what << ", round " << i;
    }
  }
}

// Rows with every column score() may read; code columns stored either way.
struct rows {
  std::vector<std::uint32_t> customer;
  std::vector<cxscore::touchpoint_code> touchpoint;
  std::vector<std::uint8_t> touchpoint_bytes;
  std::vector<cxscore::touchpoint_code> touchpoint_table = std::vector<cxscore::touchpoint_code>(256);
  std::vector<std::int32_t> dimension;
  std::vector<std::uint8_t> dimension_bytes;
  std::vector<std::int32_t> dimension_table = std::vector<std::int32_t>(256, cxscore::no_dimension);
  std::vector<double> time, experience, expectation;
  std::vector<std::string> dimension_names{"a", "b", "c"};
  std::size_t customers = 0;

  rows(std::size_t n, std::size_t customer_count, std::uint64_t seed) : customers(customer_count) {
    std::mt19937_64 rng(seed);
    for (std::size_t t = 0; t < 16; ++t) touchpoint_table[t] = static_cast<cxscore::touchpoint_code>(15 - t);
    for (std::int32_t d = 0; d < 3; ++d) dimension_table[static_cast<std::size_t>(d)] = 2 - d;
    for (std::size_t i = 0; i < n; ++i) {
      // Skewed: a few customers with many rows, most with a few.
      const auto c = static_cast<std::uint32_t>(rng() % 4 == 0 ? rng() % 7 : rng() % customer_count);
      const auto byte = static_cast<std::uint8_t>(rng() % 16);
      const auto dimension_byte = static_cast<std::uint8_t>(rng() % 4 == 3 ? 255 : rng() % 3);
      customer.push_back(c);
      touchpoint_bytes.push_back(byte);
      touchpoint.push_back(touchpoint_table[byte]);
      dimension_bytes.push_back(dimension_byte);
      dimension.push_back(dimension_table[dimension_byte]);
      time.push_back(static_cast<double>(i));  // each row's own: the copies show which row went where
      experience.push_back(static_cast<double>(rng() % 1000) / 7);
      expectation.push_back(static_cast<double>(rng() % 1000) / 9);
    }
  }
  [[nodiscard]] cxscore::event_view view(bool as_bytes) const {
    cxscore::event_view v{.customer = customer,
                          .touchpoint = touchpoint,
                          .time = time,
                          .experience = experience,
                          .expectation = expectation,
                          .dimension = dimension,
                          .customer_count = customers,
                          .dimension_names = dimension_names};
    if (as_bytes) {
      v.touchpoint = cxscore::code_column<cxscore::touchpoint_code>::of_bytes(touchpoint_bytes, touchpoint_table);
      v.dimension = cxscore::code_column<std::int32_t>::of_bytes(dimension_bytes, dimension_table);
    }
    return v;
  }
};

// A map of 16 touchpoints of different scales, directions and promises, for the gaps level one measures.
cxscore::journey_map sixteen_touchpoints() {
  cxscore::journey_map map("regrouping");
  for (int t = 0; t < 16; ++t)
    map.add_touchpoint({.name = "t" + std::to_string(t),
                        .scale = {0, 100.0 + t},
                        .direction = t % 3 == 0 ? cxscore::direction::lower : cxscore::direction::higher,
                        .promise = 40.0 + t});
  return map;
}

// The regrouped rows, partition after partition, as (customer, touchpoint, dimension, time, gap) tuples;
// the columns not read are left out.
using row_tuple = std::tuple<std::uint32_t, cxscore::touchpoint_code, std::int32_t, double, double>;

std::vector<row_tuple> regrouped(const cxscore::event_view& ev, const cxscore::detail::encounter_constants& k,
                                 const read_columns& read, std::size_t per_block, unsigned threads,
                                 std::size_t round_rows) {
  partitioned_rows level_one(ev, per_block, threads);
  const std::size_t blocks = (ev.customer_count + per_block - 1) / per_block;
  const std::vector<std::size_t> rounds = level_one.rounds(blocks, round_rows);
  partition_sorter sorter;
  std::vector<row_tuple> out;
  for (std::size_t i = 0; i + 1 < rounds.size(); ++i) {
    level_one.move_round(ev, k, read, rounds[i], rounds[i + 1], threads);
    for (std::size_t p = level_one.partitions.first_of_block(rounds[i]);
         p < level_one.partitions.first_of_block(rounds[i + 1]); ++p) {
      if (level_one.first_row[p] == level_one.first_row[p + 1]) continue;
      sorter.sort(level_one, read, p);
      const cxscore::event_view v = sorter.view(ev, read);
      EXPECT_FALSE(v.touchpoint.is_bytes());
      EXPECT_TRUE(v.expectation.empty());
      for (std::size_t j = 0; j < v.size(); ++j)
        out.emplace_back(v.customer[j], v.touchpoint[j], read.dimension ? v.dimension[j] : 0,
                         read.time ? v.time[j] : 0.0, v.experience[j]);
    }
  }
  return out;
}

// The rows stably sorted by customer, each gap by the scalar formula of value_function.hpp.
std::vector<row_tuple> stably_sorted(const cxscore::event_view& ev, const cxscore::journey_map& map,
                                     const read_columns& read) {
  std::vector<std::size_t> order(ev.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ev.customer[a] < ev.customer[b]; });
  std::vector<row_tuple> out;
  out.reserve(order.size());
  for (std::size_t i : order) {
    const cxscore::touchpoint& tp = map[ev.touchpoint[i]];
    out.emplace_back(ev.customer[i], ev.touchpoint[i], read.dimension ? ev.dimension[i] : 0,
                     read.time ? ev.time[i] : 0.0,
                     cxscore::encounter_gap(tp, ev.experience[i], read.expectation ? ev.expectation[i] : tp.promise));
  }
  return out;
}

TEST(customer_regrouping_test, both_levels_together_are_a_stable_sort_by_customer_for_any_thread_count) {
  struct shape {
    std::size_t rows, customers, per_block;
  };
  const cxscore::journey_map map = sixteen_touchpoints();
  cxscore::model m = cxscore::model::servqual();
  m.dimension_weights = {{"a", 2.0}, {"b", 0.5}};  // so that the kernel reads the dimension codes
  // One partition; several chunks of a power of two cut by blocks of 1563 codes; pieces of rows on
  // several threads (more than 2^16 rows); one round and several.
  for (const shape s : {shape{50, 20, 1024}, shape{60'000, 5000, 1563}, shape{300'000, 40'000, 1024}}) {
    rows data(s.rows, s.customers, s.rows);
    for (std::size_t i = 0; i < s.rows; i += 5) data.expectation[i] = cxscore::no_promise;  // the promise
    for (bool as_bytes : {false, true})
      for (bool every_column : {false, true}) {
        const std::string what = std::to_string(s.rows) + " rows, " + std::to_string(s.customers) + " customers" +
                                 (as_bytes ? ", bytes" : ", codes") + (every_column ? ", every column" : "");
        cxscore::event_view ev = data.view(as_bytes);
        if (!every_column) ev.expectation = {}, ev.dimension = {}, ev.time = {};
        const cxscore::detail::encounter_constants k(ev, map, m);
        const read_columns read{.time = every_column, .expectation = every_column, .dimension = every_column};
        ASSERT_EQ(k.reads_dimension, read.dimension) << what;
        const auto expected = stably_sorted(ev, map, read);
        // In one round, and in rounds of a third of the rows (blocks are whole, so some hold more).
        for (unsigned threads : {1u, 3u})
          for (std::size_t round_rows : {s.rows, s.rows / 3})
            EXPECT_EQ(regrouped(ev, k, read, s.per_block, threads, round_rows), expected)
                << what << ", " << threads << " threads, rounds of " << round_rows << " rows";
      }
  }
}

}  // namespace
