// OLS and ridge against least squares on the raw data and the closed forms.
#include <gtest/gtest.h>

#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/regression.hpp"
#include "support/naive_regression.hpp"
#include "support/test_data.hpp"

namespace {

TEST(regression_test, ols_equals_qr_least_squares_on_the_raw_rows) {
  const Eigen::MatrixXd data = cxscore_test::random_data(400, 5, 4);
  Eigen::MatrixXd design(400, 6);
  design << Eigen::VectorXd::Ones(400), data.leftCols(5);
  const Eigen::VectorXd coef = design.colPivHouseholderQr().solve(data.col(5));
  const auto fit = cxscore::ols(cxscore::build_gram(data));
  EXPECT_NEAR(fit.intercept, coef[0], 1e-9);
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(fit.coefficients[j], coef[j + 1], 1e-11);
  EXPECT_NEAR(fit.r2, cxscore_test::naive_r2(data.leftCols(5), data.col(5), 31), 1e-12);
  // Standardised: b_j sd_j / sd_y.
  const auto g = cxscore::build_gram(data);
  const Eigen::VectorXd sd = g.covariance().diagonal().cwiseSqrt();
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(fit.standardised[j], coef[j + 1] * sd[j] / sd[5], 1e-12);
  EXPECT_TRUE(fit.aliased.empty());
}

TEST(regression_test, swiss_coefficients_equal_qr_least_squares) {
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  const auto t =
      cxscore::read_driver_table_csv(cxscore_test::data_file("reference/swiss.csv"), {.outcome = "Fertility"});
  Eigen::MatrixXd design(t.data.rows(), 6);
  design << Eigen::VectorXd::Ones(t.data.rows()), t.data.leftCols(5);
  const Eigen::VectorXd coef = design.householderQr().solve(t.data.col(5));
  const auto fit = cxscore::ols(cxscore::build_gram(t.data));
  EXPECT_NEAR(fit.intercept, coef[0], 1e-10);
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(fit.coefficients[j], coef[j + 1], 1e-12);
}

TEST(regression_test, aliased_and_constant_drivers_get_nan_and_are_listed) {
  Eigen::MatrixXd data = cxscore_test::random_data(100, 2, 8);
  Eigen::MatrixXd x(100, 5);
  x << data.col(0), data.col(1), data.col(0) * 2 - data.col(1), Eigen::VectorXd::Constant(100, 3.0), data.col(2);
  const auto fit = cxscore::ols(cxscore::build_gram(x));
  EXPECT_EQ(fit.aliased, (std::vector<Eigen::Index>{2, 3}));
  EXPECT_TRUE(std::isnan(fit.standardised[2]) && std::isnan(fit.standardised[3]));
  EXPECT_NEAR(fit.r2, cxscore_test::naive_r2(data.leftCols(2), data.col(2), 3), 1e-12);
}

TEST(regression_test, ridge_equals_its_closed_form_and_zero_penalty_is_ols) {
  const Eigen::MatrixXd data = cxscore_test::random_data(300, 4, 6);
  const auto g = cxscore::build_gram(data);
  const auto ols = cxscore::ols(g);
  const auto zero = cxscore::ridge(g, 0.0);
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(zero.standardised[j], ols.standardised[j], 1e-12);
  EXPECT_NEAR(zero.r2, ols.r2, 1e-12);
  // Ridge on standardised columns: minimise |zy - Z b|² / (n - 1) + lambda |b|², solved by QR on an augmented system.
  const double lambda = 0.3;
  const Eigen::RowVectorXd mean = data.colwise().mean();
  const Eigen::VectorXd sd = g.covariance().diagonal().cwiseSqrt();
  const Eigen::MatrixXd z = (data.rowwise() - mean) * sd.cwiseInverse().asDiagonal() / std::sqrt(299.0);
  Eigen::MatrixXd aug(300 + 4, 4);
  aug << z.leftCols(4), std::sqrt(lambda) * Eigen::MatrixXd::Identity(4, 4);
  Eigen::VectorXd rhs(304);
  rhs << z.col(4), Eigen::VectorXd::Zero(4);
  const Eigen::VectorXd b = aug.householderQr().solve(rhs);
  const auto fit = cxscore::ridge(g, lambda);
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(fit.standardised[j], b[j], 1e-12);
  EXPECT_NEAR(fit.r2, 1 - (z.col(4) - z.leftCols(4) * b).squaredNorm(), 1e-12);
  EXPECT_THROW((void)cxscore::ridge(g, -1), cxscore::input_error);
}

}  // namespace
