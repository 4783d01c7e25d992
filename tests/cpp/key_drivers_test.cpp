// The key-driver analysis as a whole: outputs equal the single methods, the fix-first ranking by hand,
// learned importances as model weights, and degenerate tables reported rather than crashed on.
#include <gtest/gtest.h>

#include "cxscore/key_drivers.hpp"
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

}  // namespace
