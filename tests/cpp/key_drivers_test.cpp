// The key-driver analysis as a whole: outputs equal the single methods, the fix-first ranking by hand,
// learned importances as model weights, and degenerate tables reported rather than crashed on.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "cxscore/drivers/key_drivers.hpp"
#include "support/naive_regression.hpp"

namespace {

cxscore::driver_table table_of(const Eigen::MatrixXd& data) {
  cxscore::driver_table t;
  for (Eigen::Index j = 0; j + 1 < data.cols(); ++j) t.drivers.push_back("d" + std::to_string(j));
  t.outcome = "y";
  t.data = data;
  return t;
}

TEST(key_drivers_test, analysis_equals_naive_lmg_and_shares_sum_to_one) {
  const Eigen::MatrixXd data = cxscore_test::random_data(300, 6, 21);
  const auto d = cxscore::analyse_drivers(table_of(data));
  const Eigen::VectorXd expected = cxscore_test::naive_lmg(data.leftCols(6), data.col(6));
  for (int j = 0; j < 6; ++j) EXPECT_NEAR(d.lmg[j], expected[j], 1e-12);
  EXPECT_NEAR(d.lmg_share().sum(), 1.0, 1e-14);
  EXPECT_NEAR(d.relative_weight_share().sum(), 1.0, 1e-14);
  EXPECT_NEAR(d.relative_weight.sum(), d.r2, 1e-13);
  EXPECT_EQ(d.n, 300u);
}

TEST(key_drivers_test, bootstrap_intervals_bracket_the_estimate_and_do_not_depend_on_threads) {
  const Eigen::MatrixXd data = cxscore_test::random_data(400, 4, 22);
  const auto one = cxscore::analyse_drivers(table_of(data), {.threads = 1, .bootstrap = 60, .seed = 5});
  const auto two = cxscore::analyse_drivers(table_of(data), {.threads = 2, .bootstrap = 60, .seed = 5});
  EXPECT_EQ(one.lmg_interval.lower, two.lmg_interval.lower);
  EXPECT_EQ(one.beta_interval.upper, two.beta_interval.upper);
  for (int j = 0; j < 4; ++j) {
    EXPECT_LE(one.lmg_interval.lower[j], one.lmg_interval.upper[j]);
    EXPECT_LE(one.beta_interval.lower[j], one.beta[j]);
    EXPECT_GE(one.beta_interval.upper[j], one.beta[j]);
  }
}

TEST(key_drivers_test, constant_and_collinear_drivers_are_reported) {
  Eigen::MatrixXd base = cxscore_test::random_data(100, 2, 23);
  Eigen::MatrixXd data(100, 5);
  data << base.col(0), Eigen::VectorXd::Constant(100, 4.0), base.col(1), base.col(0) + base.col(1), base.col(2);
  const auto d = cxscore::analyse_drivers(table_of(data));
  EXPECT_EQ(d.constant, std::vector<std::string>{"d1"});
  EXPECT_EQ(d.collinear, std::vector<std::string>{"d3"});
  EXPECT_NEAR(d.lmg[1], 0.0, 1e-15);  // zero up to the rounding of a difference of sums
  EXPECT_NEAR(d.lmg.sum(), d.r2, 1e-12);
  EXPECT_NEAR(d.r2, cxscore_test::naive_r2(base.leftCols(2), base.col(2), 3), 1e-12);
  Eigen::MatrixXd flat = data;
  flat.col(4).setConstant(1.0);
  EXPECT_THROW((void)cxscore::analyse_drivers(table_of(flat)), cxscore::input_error);
  EXPECT_THROW((void)cxscore::analyse_drivers(table_of(data.topRows(4))), cxscore::input_error);
}

TEST(key_drivers_test, fix_first_ranks_importance_times_shortfall_by_hand) {
  cxscore::driver_importance d;
  d.drivers = {"web", "delivery", "billing"};
  d.lmg = Eigen::Vector3d(0.1, 0.3, 0.2);  // shares 1/6, 1/2, 1/3
  const auto rows = cxscore::fix_first(d, Eigen::Vector3d(-0.6, -0.1, -0.2));
  // priorities: web 0.1, delivery 0.05, billing 0.0666...
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].driver, "web");
  EXPECT_EQ(rows[1].driver, "billing");
  EXPECT_NEAR(rows[0].priority, 0.6 / 6, 1e-15);
  EXPECT_NEAR(rows[2].priority, 0.05, 1e-15);
  const auto positive = cxscore::fix_first(d, Eigen::Vector3d(0.5, 0.5, 0.5));
  EXPECT_EQ(positive[0].priority, 0.0);  // nothing unmet, nothing to fix
}

TEST(key_drivers_test, importances_become_model_weights_with_mean_one) {
  cxscore::driver_importance d;
  d.drivers = {"web", "delivery"};
  d.lmg = Eigen::Vector2d(0.1, 0.3);
  const auto w = cxscore::importance_weights(d);
  EXPECT_DOUBLE_EQ(w.at("web"), 0.5);
  EXPECT_DOUBLE_EQ(w.at("delivery"), 1.5);
  const auto m = cxscore::model::servqual().with_weights(w);
  EXPECT_DOUBLE_EQ(m.weights.at("delivery"), 1.5);
  EXPECT_EQ(m.alpha, 1.0);
  EXPECT_THROW((void)m.with_weights({{"web", -1.0}}), cxscore::input_error);
}

// Churn-like data: an outcome drawn from a logistic model of correlated drivers.
Eigen::MatrixXd binary_data(Eigen::Index rows, unsigned seed) {
  Eigen::MatrixXd data = cxscore_test::random_data(rows, 3, seed);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u;
  for (Eigen::Index i = 0; i < rows; ++i)
    data(i, 3) = u(rng) < 1 / (1 + std::exp(-(0.7 * data(i, 0) - 0.5 * data(i, 2)))) ? 1 : 0;
  return data;
}

TEST(key_drivers_test, a_0_1_outcome_is_fitted_by_logistic_relative_weights_unless_linear_is_asked_for) {
  const Eigen::MatrixXd data = binary_data(300, 24);
  const auto d = cxscore::analyse_drivers(table_of(data));
  const auto l = cxscore::logistic_relative_weights(data);
  EXPECT_EQ(d.method, cxscore::driver_method::logistic);
  EXPECT_STREQ(d.outcome_model(), "logistic");
  EXPECT_STREQ(d.importance_name(), "relative_weight");
  EXPECT_EQ(d.r2, l.r2);
  for (int j = 0; j < 3; ++j) {
    EXPECT_TRUE(std::isnan(d.lmg[j]));
    EXPECT_EQ(d.relative_weight[j], l.weights[j]);
    EXPECT_EQ(d.beta[j], l.beta[j]);
    EXPECT_EQ(d.coefficients[j], l.fit.coefficients[j]);
    EXPECT_EQ(d.importance_share()[j], l.weights[j] / l.weights.sum());
  }
  EXPECT_TRUE(d.logistic.converged);
  EXPECT_FALSE(d.logistic.separation);
  // Importance weights and the fix-first ranking follow the relative weights here.
  const auto w = cxscore::importance_weights(d);
  EXPECT_NEAR(w.at("d0"), 3 * l.weights[0] / l.weights.sum(), 1e-15);
  EXPECT_EQ(cxscore::fix_first(d, Eigen::Vector3d(-1, -1, -1))[0].importance, d.importance_share().maxCoeff());

  const auto linear = cxscore::analyse_drivers(table_of(data), {.method = cxscore::driver_method::linear});
  EXPECT_STREQ(linear.outcome_model(), "linear probability (binary outcome)");
  const Eigen::VectorXd expected = cxscore_test::naive_lmg(data.leftCols(3), data.col(3));
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(linear.lmg[j], expected[j], 1e-12);

  // Logistic on an outcome that is not 0/1 names the first such row.
  const Eigen::MatrixXd numbers = cxscore_test::random_data(50, 2, 25);
  try {
    (void)cxscore::analyse_drivers(table_of(numbers), {.method = cxscore::driver_method::logistic});
    FAIL() << "a logistic fit of a continuous outcome must be refused";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 1u);
    EXPECT_EQ(e.where().column, "y");
  }
  EXPECT_EQ(cxscore::parse_driver_method("auto"), cxscore::driver_method::automatic);
  EXPECT_THROW((void)cxscore::parse_driver_method("probit"), cxscore::input_error);
}

TEST(key_drivers_test, logistic_bootstrap_intervals_do_not_depend_on_threads_and_bracket_the_weights) {
  const Eigen::MatrixXd data = binary_data(400, 26);
  const auto one = cxscore::analyse_drivers(table_of(data), {.threads = 1, .bootstrap = 40, .seed = 3});
  const auto two = cxscore::analyse_drivers(table_of(data), {.threads = 2, .bootstrap = 40, .seed = 3});
  EXPECT_EQ(one.relative_weight_interval.lower, two.relative_weight_interval.lower);
  EXPECT_EQ(one.beta_interval.upper, two.beta_interval.upper);
  for (int j = 0; j < 3; ++j) {
    EXPECT_LE(one.relative_weight_interval.lower[j], one.relative_weight[j]);
    EXPECT_GE(one.relative_weight_interval.upper[j], one.relative_weight[j]);
    EXPECT_TRUE(std::isnan(one.lmg_interval.lower[j]));
  }
}

TEST(key_drivers_test, a_separated_churn_outcome_is_reported_not_thrown) {
  Eigen::MatrixXd data = binary_data(60, 27);
  for (Eigen::Index i = 0; i < 60; ++i) data(i, 3) = data(i, 0) > 0 ? 1 : 0;  // d0 decides the outcome
  const auto d = cxscore::analyse_drivers(table_of(data), {.bootstrap = 10});
  EXPECT_TRUE(d.logistic.separation);
  EXPECT_NEAR(d.relative_weight.sum(), d.r2, 1e-12);
}

}  // namespace
