// Codes for integer customer ids, numbered in ascending id order, against a reference built with std::map.
#include "cxscore/integer_ids.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <vector>

namespace {

using cxscore::encode_integer_ids;

/// The obvious codes: the distinct ids sorted, each row's code its id's place among them.
std::vector<std::uint32_t> reference_codes(const std::vector<std::int64_t>& ids, std::vector<std::int64_t>& distinct) {
  std::map<std::int64_t, std::uint32_t> place;
  for (std::int64_t id : ids) place.emplace(id, 0);
  distinct.clear();
  for (auto& [id, code] : place) {
    code = static_cast<std::uint32_t>(distinct.size());
    distinct.push_back(id);
  }
  std::vector<std::uint32_t> codes;
  codes.reserve(ids.size());
  for (std::int64_t id : ids) codes.push_back(place.at(id));
  return codes;
}

/// Sparse ids (gaps up to 2^31, like account numbers) for `rows` rows, each id repeated a few times.
std::vector<std::int64_t> sparse_ids(std::size_t rows, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::int64_t> ids;
  std::int64_t id = -5'000'000'000;
  while (ids.size() < rows) {
    id += 1 + static_cast<std::int64_t>(rng() % (std::uint64_t{1} << 31));
    ids.insert(ids.end(), std::min<std::size_t>(1 + rng() % 12, rows - ids.size()), id);
  }
  return ids;
}

TEST(integer_ids_test, the_example_of_the_header) {
  const std::vector<std::int64_t> ids{70, 9'000'000'000, 70, 12};
  const auto c = encode_integer_ids(ids);
  EXPECT_EQ(c.code, (std::vector<std::uint32_t>{1, 2, 1, 0}));
  EXPECT_EQ(c.ids, (std::vector<std::int64_t>{12, 70, 9'000'000'000}));
  EXPECT_FALSE(c.dense());
  EXPECT_EQ(c.code_count, 3u);
}

TEST(integer_ids_test, dense_ids_are_their_own_codes_less_the_smallest) {
  // Span 9 < 2 x 4 rows + 1024: no table; ids 101..107 have codes though no row holds them.
  const std::vector<std::int64_t> ids{108, 100, 104, 100};
  const auto c = encode_integer_ids(ids);
  EXPECT_TRUE(c.dense());
  EXPECT_EQ(c.first_id, 100);
  EXPECT_EQ(c.code_count, 9u);
  EXPECT_EQ(c.code, (std::vector<std::uint32_t>{8, 0, 4, 0}));
  EXPECT_TRUE(c.ids.empty());
}

TEST(integer_ids_test, negative_dense_ids_and_the_widest_sparse_span) {
  const auto negative = encode_integer_ids(std::vector<std::int64_t>{-3, -1, -3});
  EXPECT_EQ(negative.first_id, -3);
  EXPECT_EQ(negative.code, (std::vector<std::uint32_t>{0, 2, 0}));
  constexpr auto lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  const auto widest = encode_integer_ids(std::vector<std::int64_t>{hi, lo, 0, hi});  // the span does not overflow
  EXPECT_EQ(widest.code, (std::vector<std::uint32_t>{2, 0, 1, 2}));
  EXPECT_EQ(widest.ids, (std::vector<std::int64_t>{lo, 0, hi}));
}

TEST(integer_ids_test, no_rows_no_codes) {
  const auto c = encode_integer_ids({});
  EXPECT_TRUE(c.code.empty());
  EXPECT_EQ(c.code_count, 0u);
  EXPECT_FALSE(c.dense());
}

// Sorted ids are counted as runs, unsorted ones hashed and renumbered: both against the reference, over
// more rows than one piece (2^20), so that runs cross piece boundaries, on 1 and 3 threads.
TEST(integer_ids_test, sparse_ids_sorted_shuffled_and_nearly_sorted_match_the_reference) {
  std::vector<std::int64_t> sorted = sparse_ids(2'500'000, 3);
  std::vector<std::int64_t> shuffled = sorted;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(5));
  std::vector<std::int64_t> nearly = sorted;  // sorted within each piece but not across: not runs
  std::swap(nearly.front(), nearly.back());
  for (const auto* ids : {&sorted, &shuffled, &nearly}) {
    std::vector<std::int64_t> distinct;
    const auto expected = reference_codes(*ids, distinct);
    for (unsigned threads : {1u, 3u}) {
      const auto c = encode_integer_ids(*ids, threads);
      EXPECT_FALSE(c.dense());
      EXPECT_EQ(c.ids, distinct);
      EXPECT_EQ(c.code_count, distinct.size());
      EXPECT_TRUE(c.code == expected) << "threads " << threads;
    }
  }
}

}  // namespace
