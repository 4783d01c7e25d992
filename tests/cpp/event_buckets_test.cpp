// event_buckets: rows parted by customer code into files and read back, a bucket at a time, exactly as they
// came (each bucket's rows in order, customer codes c / count), the optional columns only when the file has
// them; the private folder gone with the object.
#include "internal/event_buckets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <random>

namespace {

cxscore::event_table random_rows(std::size_t rows, std::uint32_t customers, std::mt19937& rng) {
  cxscore::event_table t;
  for (std::size_t i = 0; i < rows; ++i) {
    t.customer.push_back(static_cast<std::uint32_t>(rng() % customers));
    t.touchpoint.push_back(static_cast<cxscore::touchpoint_code>(rng() % 5));
    t.time.push_back(1.7e9 + static_cast<double>(rng() % 100000) + 0.25);
    t.experience.push_back(static_cast<double>(rng() % 7) / 3.0);
    t.expectation.push_back(rng() % 4 == 0 ? cxscore::no_promise : 2.5);
    t.dimension.push_back(rng() % 3 == 0 ? cxscore::no_dimension : static_cast<std::int32_t>(rng() % 4));
  }
  return t;
}

TEST(event_buckets_test, each_bucket_reads_back_its_customers_rows_in_order_with_codes_divided_by_the_count) {
  std::mt19937 rng(3);
  for (const bool optional_columns : {true, false}) {
    constexpr std::size_t count = 3;
    const cxscore::detail::event_columns columns{
        .experience = std::nullopt,
        .expectation = optional_columns ? std::optional<std::size_t>(4) : std::nullopt,
        .dimension = optional_columns ? std::optional<std::size_t>(5) : std::nullopt};
    std::vector<cxscore::event_table> windows{random_rows(700, 40, rng), random_rows(0, 40, rng),
                                              random_rows(2500, 40, rng)};
    std::filesystem::path folder;
    {
      cxscore::detail::event_buckets buckets(count);
      for (const auto& w : windows) buckets.append(w, columns);
      EXPECT_EQ(buckets.rows(), 3200u);
      for (std::size_t b = 0; b < count; ++b) {
        const cxscore::event_table got = buckets.load(b);
        // The rows of customers c % count == b, in the order they were appended: worked out here row by row.
        std::size_t k = 0;
        for (const auto& w : windows)
          for (std::size_t i = 0; i < w.size(); ++i) {
            if (w.customer[i] % count != b) continue;
            ASSERT_LT(k, got.size());
            EXPECT_EQ(got.customer[k], w.customer[i] / count);
            EXPECT_EQ(got.touchpoint[k], w.touchpoint[i]);
            EXPECT_EQ(got.time[k], w.time[i]);
            EXPECT_EQ(got.experience[k], w.experience[i]);
            if (optional_columns) {
              EXPECT_TRUE(std::isnan(w.expectation[i]) ? std::isnan(got.expectation[k])
                                                       : got.expectation[k] == w.expectation[i]);
              EXPECT_EQ(got.dimension[k], w.dimension[i]);
            }
            ++k;
          }
        EXPECT_EQ(got.size(), k);
        EXPECT_EQ(got.expectation.size(), optional_columns ? k : 0u);
        EXPECT_EQ(got.dimension.size(), optional_columns ? k : 0u);
      }
      folder = buckets.folder();
      EXPECT_TRUE(std::filesystem::is_directory(folder));
    }
    EXPECT_FALSE(std::filesystem::exists(folder)) << folder;
  }
}

}  // namespace
