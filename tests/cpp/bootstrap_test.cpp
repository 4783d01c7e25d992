// Bootstrap: resamples independent of thread count, counts that are resamples, type-7 percentiles by hand.
#include <gtest/gtest.h>

#include "cxscore/drivers/bootstrap.hpp"
#include "cxscore/drivers/regression.hpp"
#include "support/naive_regression.hpp"

namespace {

TEST(bootstrap_test, one_and_two_threads_give_identical_replicates) {
  const Eigen::MatrixXd data = cxscore_test::random_data(500, 3, 2);
  auto stat = [](const cxscore::gram_summary& g) { return cxscore::ols(g).standardised; };
  const auto one = cxscore::bootstrap(data, {.replicates = 40, .seed = 9, .threads = 1}, stat);
  const auto two = cxscore::bootstrap(data, {.replicates = 40, .seed = 9, .threads = 2}, stat);
  EXPECT_EQ(one, two);
  const auto other_seed = cxscore::bootstrap(data, {.replicates = 40, .seed = 10, .threads = 2}, stat);
  EXPECT_NE(one, other_seed);
}

TEST(bootstrap_test, a_replicate_is_the_statistic_of_the_rows_it_drew) {
  const Eigen::MatrixXd data = cxscore_test::random_data(50, 2, 3);
  const Eigen::VectorXd counts = cxscore::resample_counts(50, 4, 7);
  EXPECT_EQ(counts.sum(), 50);
  Eigen::MatrixXd rows(50, 3);
  Eigen::Index k = 0;
  for (Eigen::Index i = 0; i < 50; ++i)
    for (int c = 0; c < counts[i]; ++c) rows.row(k++) = data.row(i);
  const auto draws = cxscore::bootstrap(data, {.replicates = 8, .seed = 4, .threads = 2},
                                        [](const cxscore::gram_summary& g) { return cxscore::ols(g).coefficients; });
  const auto direct = cxscore::ols(cxscore::build_gram(rows)).coefficients;
  for (int j = 0; j < 2; ++j) EXPECT_NEAR(draws(7, j), direct[j], 1e-10);
}

TEST(bootstrap_test, percentiles_interpolate_like_r_type_7_and_progress_counts_every_replicate) {
  Eigen::MatrixXd draws(5, 1);
  draws << 5, 1, 4, 2, 3;
  const auto [lo, hi] = cxscore::percentile_interval(draws, 0.5);  // quantiles 0.25 and 0.75 of 1..5: 2 and 4
  EXPECT_DOUBLE_EQ(lo[0], 2.0);
  EXPECT_DOUBLE_EQ(hi[0], 4.0);
  EXPECT_DOUBLE_EQ(cxscore::column_quantile(draws, 0.1)[0], 1.4);  // 1 + 0.4 (2 - 1)
  std::size_t calls = 0, last = 0;
  (void)cxscore::bootstrap(cxscore_test::random_data(30, 1, 1),
                           {.replicates = 12,
                            .threads = 2,
                            .progress =
                                [&](std::size_t done, std::size_t total) {
    ++calls, last = done;
    EXPECT_EQ(total, 12u);
                            }},
                           [](const cxscore::gram_summary& g) { return g.mean(); });
  EXPECT_EQ(calls, 12u);
  EXPECT_EQ(last, 12u);
  EXPECT_THROW((void)cxscore::percentile_interval(draws, 1.5), cxscore::input_error);
}

}  // namespace
