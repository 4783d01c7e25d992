// Logistic regression by IRLS: R's published glm fit on mtcars, an independent Newton–Raphson on the raw
// design, the score equations at the optimum, row weights as repeated rows, aliased drivers, and
// separation reported instead of thrown.
#include <gtest/gtest.h>

#include <random>

#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/logistic_regression.hpp"
#include "support/naive_regression.hpp"
#include "support/test_data.hpp"

namespace {

Eigen::MatrixXd mtcars(std::vector<std::string> columns, const char* outcome) {
  return cxscore::read_driver_table_csv(cxscore_test::data_file("reference/mtcars.csv"),
                                        {.outcome = outcome, .drivers = std::move(columns)})
      .data;
}

// Correlated drivers and an outcome drawn from a logistic model.
Eigen::MatrixXd random_binary(Eigen::Index rows, unsigned seed) {
  Eigen::MatrixXd data = cxscore_test::random_data(rows, 3, seed);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u;
  for (Eigen::Index i = 0; i < rows; ++i) {
    const double eta = 0.8 * data(i, 0) - 0.5 * data(i, 1) + 0.3 * data(i, 2);
    data(i, 3) = u(rng) < 1 / (1 + std::exp(-eta)) ? 1 : 0;
  }
  return data;
}

TEST(logistic_regression_test, mtcars_transmission_equals_rs_published_glm) {
  // summary(glm(am ~ wt + hp, data = mtcars, family = binomial)) as R prints it (5 decimals): intercept
  // 18.86630, wt -8.08348, hp 0.03626; residual deviance 10.059, null deviance 43.230.
  CXSCORE_REQUIRE_TEST_DATA("reference/mtcars.csv");
  const cxscore::logistic_fit f = cxscore::logistic_regression(mtcars({"wt", "hp"}, "am"));
  EXPECT_TRUE(f.converged);
  EXPECT_FALSE(f.separation);
  EXPECT_NEAR(f.intercept, 18.86630, 5e-6);
  EXPECT_NEAR(f.coefficients[0], -8.08348, 5e-6);
  EXPECT_NEAR(f.coefficients[1], 0.03626, 5e-6);
  EXPECT_NEAR(f.deviance, 10.059, 5e-4);
  EXPECT_NEAR(f.null_deviance, 43.230, 5e-4);
}

TEST(logistic_regression_test, equals_plain_newton_and_solves_the_score_equations) {
  const Eigen::MatrixXd data = random_binary(500, 31);
  const cxscore::logistic_fit f = cxscore::logistic_regression(data);
  const Eigen::VectorXd naive = cxscore_test::naive_logistic(data.leftCols(3), data.col(3));
  EXPECT_NEAR(f.intercept, naive[0], 1e-9);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(f.coefficients[j], naive[j + 1], 1e-9) << j;
  // At the maximum the residuals are orthogonal to every column of [1 X].
  Eigen::VectorXd residual(data.rows());
  for (Eigen::Index i = 0; i < data.rows(); ++i) residual[i] = data(i, 3) - 1 / (1 + std::exp(-f.linear_predictor[i]));
  EXPECT_NEAR(residual.sum(), 0.0, 1e-9);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(residual.dot(data.col(j)), 0.0, 1e-8) << j;
  const Eigen::VectorXd sd =
      ((data.leftCols(3).rowwise() - data.leftCols(3).colwise().mean()).colwise().squaredNorm() / 499.0)
          .cwiseSqrt()
          .transpose();
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(f.scaled[j], f.coefficients[j] * sd[j], 1e-12) << j;
}

TEST(logistic_regression_test, row_weights_equal_repeated_rows) {
  const Eigen::MatrixXd data = random_binary(120, 32);
  Eigen::VectorXd counts(120);
  for (Eigen::Index i = 0; i < 120; ++i) counts[i] = static_cast<double>(i % 3);
  Eigen::MatrixXd repeated(static_cast<Eigen::Index>(counts.sum()), 4);
  for (Eigen::Index i = 0, r = 0; i < 120; ++i)
    for (int k = 0; k < counts[i]; ++k) repeated.row(r++) = data.row(i);
  const auto weighted = cxscore::logistic_regression(data, counts);
  const auto plain = cxscore::logistic_regression(repeated);
  EXPECT_NEAR(weighted.intercept, plain.intercept, 1e-10);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(weighted.coefficients[j], plain.coefficients[j], 1e-10) << j;
  EXPECT_NEAR(weighted.deviance, plain.deviance, 1e-9);
}

TEST(logistic_regression_test, an_aliased_driver_gets_nan_and_leaves_the_others_as_without_it) {
  const Eigen::MatrixXd data = random_binary(300, 33);
  Eigen::MatrixXd with_copy(300, 5);
  with_copy << data.leftCols(2), 2 * data.col(0) - data.col(1), data.col(2), data.col(3);
  const auto f = cxscore::logistic_regression(with_copy);
  const auto without = cxscore::logistic_regression(data);
  ASSERT_EQ(f.aliased, std::vector<Eigen::Index>{2});
  EXPECT_TRUE(std::isnan(f.coefficients[2]) && std::isnan(f.scaled[2]));
  EXPECT_NEAR(f.coefficients[0], without.coefficients[0], 1e-9);
  EXPECT_NEAR(f.coefficients[3], without.coefficients[2], 1e-9);
}

TEST(logistic_regression_test, separation_is_reported_not_thrown) {
  // x < 0 always 0, x > 0 always 1: the maximum-likelihood slope is infinite.
  Eigen::MatrixXd data(8, 2);
  data << -4, 0, -3, 0, -2, 0, -1, 0, 1, 1, 2, 1, 3, 1, 4, 1;
  const auto f = cxscore::logistic_regression(data);
  EXPECT_TRUE(f.separation);
  EXPECT_GT(f.coefficients[0], 5.0);
  EXPECT_LT(f.deviance, 1e-6);
}

TEST(logistic_regression_test, refuses_an_outcome_that_is_not_0_or_1_or_is_constant) {
  Eigen::MatrixXd data(4, 2);
  data << 1, 0, 2, 1, 3, 2, 4, 1;
  EXPECT_THROW((void)cxscore::logistic_regression(data), cxscore::input_error);
  data.col(1).setOnes();
  EXPECT_THROW((void)cxscore::logistic_regression(data), cxscore::input_error);
}

}  // namespace
