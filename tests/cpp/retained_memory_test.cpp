// Freed blocks kept for reuse (cxscore/retained_memory.hpp), through allocate_for_overwrite() as the columns and the
// kernel's scratch take them: nothing kept unless a limit is set; a block of about the size asked for is reused
// (the smallest that fits, never one more than twice the size); the oldest are given back beyond the limit; a
// reused block holds what is written to it. And scores are the same bits from fresh and from reused memory.
#include "cxscore/retained_memory.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <vector>

#include "cxscore/detail/huge_page_memory.hpp"
#include "cxscore/score.hpp"
#include "cxscore/sim/simulate.hpp"

namespace {

using cxscore::detail::allocate_for_overwrite;
using cxscore::detail::huge_page_bytes;

constexpr std::size_t mb = std::size_t{1} << 20;

/// Sets a limit for one test and leaves nothing kept after it.
struct limit_for_test {
  explicit limit_for_test(std::size_t bytes) { cxscore::set_retained_memory_limit(bytes); }
  ~limit_for_test() {
    cxscore::release_retained_memory();
    cxscore::set_retained_memory_limit(0);
  }
  limit_for_test(const limit_for_test&) = delete;
  limit_for_test& operator=(const limit_for_test&) = delete;
};

TEST(retained_memory_test, nothing_is_kept_unless_a_limit_is_set) {
  ASSERT_EQ(cxscore::retained_memory_limit(), 0U);
  { auto block = allocate_for_overwrite(8 * mb); }
  EXPECT_EQ(cxscore::retained_memory(), 0U);
  EXPECT_EQ(cxscore::release_retained_memory(), 0U);
}

TEST(retained_memory_test, a_freed_block_is_reused_for_a_request_it_fits_by_up_to_twice) {
  const limit_for_test limit(64 * mb);
  void* first = nullptr;
  {
    auto block = allocate_for_overwrite(4 * mb);
    first = block.get();
  }
  EXPECT_EQ(cxscore::retained_memory(), 4 * mb);
  {
    auto larger = allocate_for_overwrite(5 * mb);  // 6 MB of huge pages: the 4 MB block is too small
    EXPECT_NE(larger.get(), first);
    EXPECT_EQ(cxscore::retained_memory(), 4 * mb);
    auto small = allocate_for_overwrite(huge_page_bytes - 1);  // below a huge page: never a kept block
    EXPECT_NE(small.get(), first);
    auto half = allocate_for_overwrite(huge_page_bytes);  // 2 MB: the 4 MB block is at most twice that
    EXPECT_EQ(half.get(), first);
    EXPECT_EQ(cxscore::retained_memory(), 0U);
  }
  // Kept now: the 4 MB block and the 6 MB one. A 4 MB request takes the smaller.
  EXPECT_EQ(cxscore::retained_memory(), 10 * mb);
  {
    auto again = allocate_for_overwrite(3 * mb + 1);
    EXPECT_EQ(again.get(), first);
    auto none = allocate_for_overwrite(14 * mb);  // more than the 6 MB one holds
    EXPECT_EQ(cxscore::retained_memory(), 6 * mb);
    auto too_large = allocate_for_overwrite(2 * mb);  // the 6 MB block is more than twice 2 MB
    EXPECT_EQ(cxscore::retained_memory(), 6 * mb);
  }
  EXPECT_EQ(cxscore::release_retained_memory(), 6 * mb + 4 * mb + 14 * mb + 2 * mb);
  EXPECT_EQ(cxscore::retained_memory(), 0U);
  EXPECT_EQ(cxscore::retained_memory_limit(), 64 * mb);  // releasing keeps the limit
}

TEST(retained_memory_test, the_oldest_blocks_are_given_back_beyond_the_limit) {
  const limit_for_test limit(10 * mb);
  {
    auto oldest = allocate_for_overwrite(4 * mb);
    auto middle = allocate_for_overwrite(4 * mb);
    auto newest = allocate_for_overwrite(4 * mb);
    void* kept_middle = middle.get();
    void* kept_newest = newest.get();
    oldest.reset();
    middle.reset();
    newest.reset();  // 12 MB freed: the oldest goes
    EXPECT_EQ(cxscore::retained_memory(), 8 * mb);
    auto a = allocate_for_overwrite(4 * mb);
    auto b = allocate_for_overwrite(4 * mb);
    EXPECT_TRUE((a.get() == kept_middle && b.get() == kept_newest) ||
                (a.get() == kept_newest && b.get() == kept_middle));
  }
  {
    auto beyond = allocate_for_overwrite(12 * mb);  // alone beyond the limit: given back at once
  }
  EXPECT_EQ(cxscore::retained_memory(), 8 * mb);
  cxscore::set_retained_memory_limit(4 * mb);  // a lower limit gives back the oldest now
  EXPECT_EQ(cxscore::retained_memory(), 4 * mb);
}

TEST(retained_memory_test, a_reused_block_holds_what_is_written_to_it) {
  const limit_for_test limit(64 * mb);
  std::vector<unsigned char> pattern(6 * mb);
  for (std::size_t i = 0; i < pattern.size(); ++i) pattern[i] = static_cast<unsigned char>(i * 131 + 7);
  for (int round = 0; round < 3; ++round) {
    auto block = allocate_for_overwrite(pattern.size());
    std::memcpy(block.get(), pattern.data(), pattern.size());
    EXPECT_EQ(std::memcmp(block.get(), pattern.data(), pattern.size()), 0) << "round " << round;
    pattern[static_cast<std::size_t>(round)] ^= 0xff;
  }
}

/// A column's rows in reverse order.
template <class T>
std::vector<T> reversed(const std::vector<T>& column) {
  return {column.rbegin(), column.rend()};
}

TEST(retained_memory_test, scores_from_reused_memory_are_the_same_bits) {
  // Rows in reverse order: score() regroups them into a scratch copy of 16 bytes a row, from a kept block after
  // the first call.
  const auto brand = cxscore::simulate({.customers = 20000, .seed = 5});
  const auto& e = brand.events;
  const auto customer = reversed(e.customer);
  const auto touchpoint = reversed(e.touchpoint);
  const auto time = reversed(e.time);
  const auto experience = reversed(e.experience);
  const auto expectation = reversed(e.expectation);
  const auto dimension = reversed(e.dimension);
  ASSERT_GE(customer.size() * 16, 2 * huge_page_bytes);
  const cxscore::event_view rows{
      customer, touchpoint, time, experience, expectation, dimension, e.customers.size(), e.dimensions.labels(), {}};
  const cxscore::score_options opt{.customers = &brand.customers};
  const auto fresh = cxscore::score(rows, brand.map, brand.model, opt);
  const limit_for_test limit(256 * mb);
  const auto first_kept = cxscore::score(rows, brand.map, brand.model, opt);
  ASSERT_GT(cxscore::retained_memory(), 0U);
  const auto reused = cxscore::score(rows, brand.map, brand.model, opt);
  for (const auto* result : {&first_kept, &reused}) {
    ASSERT_EQ(result->customer_score.size(), fresh.customer_score.size());
    EXPECT_EQ(std::memcmp(result->customer_score.data(), fresh.customer_score.data(),
                          fresh.customer_score.size() * sizeof(double)),
              0);
    EXPECT_EQ(result->brand.score_sum, fresh.brand.score_sum);
  }
}

}  // namespace
