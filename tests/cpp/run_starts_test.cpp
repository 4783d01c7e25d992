// find_run_starts: the starts of the runs of equal codes, checked against a plain loop for runs of every
// length around the sixteen-row vectors (a run ending or starting on a vector's edge), and one run only.
#include "cxscore/detail/run_starts.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

std::vector<std::uint32_t> plain_starts(const std::vector<std::uint32_t>& codes) {
  std::vector<std::uint32_t> out{0};
  for (std::size_t j = 1; j < codes.size(); ++j)
    if (codes[j] != codes[j - 1]) out.push_back(static_cast<std::uint32_t>(j));
  return out;
}

std::vector<std::uint32_t> found_starts(const std::vector<std::uint32_t>& codes) {
  std::vector<std::uint32_t> starts(codes.size() + cxscore::detail::run_starts_slack, 0xdeadbeef);
  const std::size_t runs = cxscore::detail::find_run_starts(codes.data(), codes.size(), starts.data());
  starts.resize(runs);
  return starts;
}

TEST(run_starts_test, finds_every_run_start_whatever_the_run_lengths) {
  std::mt19937_64 rng(3);
  for (std::size_t n : {1, 2, 15, 16, 17, 31, 32, 33, 100, 512})
    for (std::uint64_t longest : {1, 2, 5, 16, 40}) {
      std::vector<std::uint32_t> codes;
      std::uint32_t code = 1000;
      while (codes.size() < n) {
        const std::size_t run = 1 + rng() % longest;
        for (std::size_t k = 0; k < run && codes.size() < n; ++k) codes.push_back(code);
        code += 1 + static_cast<std::uint32_t>(rng() % 3);
      }
      EXPECT_EQ(found_starts(codes), plain_starts(codes)) << n << " rows, runs up to " << longest;
    }
}

TEST(run_starts_test, one_run_and_codes_that_go_down) {
  EXPECT_EQ(found_starts(std::vector<std::uint32_t>(40, 7)), std::vector<std::uint32_t>{0});
  std::vector<std::uint32_t> down;
  for (std::uint32_t k = 0; k < 40; ++k) down.push_back(40 - k / 2);
  EXPECT_EQ(found_starts(down), plain_starts(down));
  EXPECT_EQ(found_starts(down).size(), 20u);
}

}  // namespace
