// Codes for integer customer ids, numbered in ascending id order, against a reference built with std::map.
#include "cxscore/integer_ids.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

/// The codes and labels of `ids`, on `threads` threads.
struct encoded {
  std::vector<std::uint32_t> code;
  cxscore::integer_id_labels labels;
};
encoded encode(const std::vector<std::int64_t>& ids, unsigned threads = 0) {
  encoded out{std::vector<std::uint32_t>(ids.size()), {}};
  out.labels = cxscore::encode_integer_ids(ids, out.code, threads);
  return out;
}

/// Sparse ids (gaps up to 2^31, like account numbers), each repeated a few times, in ascending order, with
/// what their codes must be: the k-th id drawn is the k-th smallest (the draws only go up), so its code is k.
struct sparse_case {
  std::vector<std::int64_t> ids;
  std::vector<std::uint32_t> codes;
  std::vector<std::int64_t> distinct;

  sparse_case(std::size_t rows, std::uint32_t seed) {
    std::mt19937_64 rng(seed);
    std::int64_t id = -5'000'000'000;
    while (ids.size() < rows) {
      id += 1 + static_cast<std::int64_t>(rng() % (std::uint64_t{1} << 31));
      const std::size_t repeat = std::min<std::size_t>(1 + rng() % 12, rows - ids.size());
      ids.insert(ids.end(), repeat, id);
      codes.insert(codes.end(), repeat, static_cast<std::uint32_t>(distinct.size()));
      distinct.push_back(id);
    }
  }
  /// The same rows in the order `order` gives.
  [[nodiscard]] sparse_case reordered(const std::vector<std::size_t>& order) const {
    sparse_case out = *this;
    for (std::size_t k = 0; k < order.size(); ++k) out.ids[k] = ids[order[k]], out.codes[k] = codes[order[k]];
    return out;
  }
};

TEST(integer_ids_test, the_example_of_the_header) {
  const auto c = encode({70, 9'000'000'000, 70, 12});
  EXPECT_EQ(c.code, (std::vector<std::uint32_t>{1, 2, 1, 0}));
  EXPECT_EQ(c.labels.ids, (std::vector<std::int64_t>{12, 70, 9'000'000'000}));
  EXPECT_FALSE(c.labels.dense());
  EXPECT_EQ(c.labels.code_count, 3u);
}

TEST(integer_ids_test, dense_ids_are_their_own_codes_less_the_smallest) {
  // Span 9 < 2 x 4 rows + 1024: no table; ids 101..107 have codes though no row holds them.
  const auto c = encode({108, 100, 104, 100});
  EXPECT_TRUE(c.labels.dense());
  EXPECT_EQ(c.labels.first_id, 100);
  EXPECT_EQ(c.labels.code_count, 9u);
  EXPECT_EQ(c.code, (std::vector<std::uint32_t>{8, 0, 4, 0}));
  EXPECT_TRUE(c.labels.ids.empty());
}

TEST(integer_ids_test, negative_dense_ids_and_the_widest_sparse_span) {
  const auto negative = encode({-3, -1, -3});
  EXPECT_EQ(negative.labels.first_id, -3);
  EXPECT_EQ(negative.code, (std::vector<std::uint32_t>{0, 2, 0}));
  constexpr auto lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  const auto widest = encode({hi, lo, 0, hi});  // the span does not overflow
  EXPECT_EQ(widest.code, (std::vector<std::uint32_t>{2, 0, 1, 2}));
  EXPECT_EQ(widest.labels.ids, (std::vector<std::int64_t>{lo, 0, hi}));
}

TEST(integer_ids_test, no_rows_no_codes_and_the_codes_must_fit_the_ids) {
  const auto c = encode({});
  EXPECT_TRUE(c.code.empty());
  EXPECT_EQ(c.labels.code_count, 0u);
  EXPECT_FALSE(c.labels.dense());
  std::vector<std::uint32_t> too_few(1);
  EXPECT_THROW((void)cxscore::encode_integer_ids(std::vector<std::int64_t>{1, 2}, too_few), std::invalid_argument);
}

// Sorted ids are counted as runs, unsorted ones hashed and renumbered: both against the reference, over
// more rows than one piece (2^20), so that runs cross piece boundaries. The counting is split across threads,
// the hashing is not: only the sorted ids are read on 1 and 3 threads.
TEST(integer_ids_test, sparse_ids_sorted_shuffled_and_sorted_by_piece_match_the_reference) {
  constexpr std::size_t piece = std::size_t{1} << 20, tail = 300'000;
  const sparse_case sorted(piece + tail, 3);
  std::vector<std::size_t> order(sorted.ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(5));
  const sparse_case shuffled = sorted.reordered(order);
  // Each piece ascending, the second below the first: not runs.
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::rotate(order.begin(), order.begin() + tail, order.end());
  const sparse_case by_piece = sorted.reordered(order);
  for (const sparse_case* rows : {&sorted, &shuffled, &by_piece}) {
    for (unsigned threads : rows == &sorted ? std::vector<unsigned>{1, 3} : std::vector<unsigned>{3}) {
      const auto c = encode(rows->ids, threads);
      EXPECT_FALSE(c.labels.dense());
      EXPECT_EQ(c.labels.ids, rows->distinct);
      EXPECT_EQ(c.labels.code_count, rows->distinct.size());
      EXPECT_TRUE(c.code == rows->codes) << "threads " << threads;
    }
  }
}

}  // namespace
