// LMG and relative weights against an independent least-squares computation, hand-worked cases and
// their invariants (sums to R²), on R's swiss and mtcars data and random data.
#include <gtest/gtest.h>

#include <random>

#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/relative_importance.hpp"
#include "support/naive_regression.hpp"
#include "support/test_data.hpp"

namespace {

using cxscore_test::naive_lmg;
using cxscore_test::naive_r2;

cxscore::driver_table reference_table(const char* name, const char* outcome) {
  return cxscore::read_driver_table_csv(cxscore_test::data_file(std::string("reference/") + name),
                                        {.outcome = outcome});
}

void expect_matches_naive(const Eigen::MatrixXd& data, double tolerance) {
  const Eigen::Index p = data.cols() - 1;
  const Eigen::MatrixXd x = data.leftCols(p);
  const Eigen::VectorXd y = data.col(p);
  const cxscore::lmg_result l = cxscore::lmg(cxscore::build_gram(data).correlation());
  const Eigen::VectorXd expected = naive_lmg(x, y);
  for (Eigen::Index j = 0; j < p; ++j) EXPECT_NEAR(l.importance[j], expected[j], tolerance) << j;
  EXPECT_NEAR(l.r2, naive_r2(x, y, (std::uint64_t{1} << p) - 1), tolerance);
}

TEST(relative_importance_test, lmg_on_swiss_equals_all_subsets_least_squares) {
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  expect_matches_naive(reference_table("swiss.csv", "Fertility").data, 1e-12);
}

TEST(relative_importance_test, lmg_on_mtcars_equals_all_subsets_least_squares) {
  CXSCORE_REQUIRE_TEST_DATA("reference/mtcars.csv");
  expect_matches_naive(reference_table("mtcars.csv", "mpg").data, 1e-12);
}

TEST(relative_importance_test, lmg_on_random_correlated_data_equals_all_subsets_least_squares) {
  expect_matches_naive(cxscore_test::random_data(300, 11, 11), 1e-11);  // 2 blocks of the walk
}

// relaimpo's published figures. R 4.4, relaimpo 2.2-7, calc.relimp(lm(Fertility ~ ., swiss), type = "lmg")
// and the mtcars model mpg ~ cyl + disp + hp + gear, as quoted to 13 decimals in the test suite of the
// survey package siamang (Siamang-Labs/siamang, tests/test_drivers.py, commit 0f930d26); and
// calc.relimp(mpg ~ am + vs + cyl, mtcars, type = "lmg") as printed (7 digits, R² 76.2%) in the README
// of R's domir package (jluchman/domir). Tolerances: half a unit of the last printed digit.
cxscore::lmg_result lmg_of(const char* name, const char* outcome, std::vector<std::string> drivers) {
  const auto t = cxscore::read_driver_table_csv(cxscore_test::data_file(std::string("reference/") + name),
                                                {.outcome = outcome, .drivers = std::move(drivers)});
  return cxscore::lmg(cxscore::build_gram(t.data).correlation());
}

TEST(relative_importance_test, lmg_equals_relaimpos_published_figures_on_swiss_and_mtcars) {
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  CXSCORE_REQUIRE_TEST_DATA("reference/mtcars.csv");
  const auto swiss = lmg_of("swiss.csv", "Fertility", {});
  const double swiss_lmg[] = {0.0570912207681, 0.1711730289002, 0.2601346786244, 0.1055701503735, 0.1127659229265};
  const double swiss_rela[] = {0.0807816517357, 0.2422025632160, 0.3680795178364, 0.1493772773891, 0.1595589898228};
  for (int j = 0; j < 5; ++j) {
    EXPECT_NEAR(swiss.importance[j], swiss_lmg[j], 5e-14) << j;
    EXPECT_NEAR(swiss.importance[j] / swiss.r2, swiss_rela[j], 5e-14) << j;
  }
  EXPECT_NEAR(swiss.r2, 0.706735001593, 5e-13);

  const auto cars = lmg_of("mtcars.csv", "mpg", {"cyl", "disp", "hp", "gear"});
  const double cars_lmg[] = {0.2470520332352, 0.2434995947956, 0.2109128995443, 0.0777251114079};
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(cars.importance[j], cars_lmg[j], 5e-14) << j;
  EXPECT_NEAR(cars.r2, 0.779189638983, 5e-13);

  const auto small = lmg_of("mtcars.csv", "mpg", {"am", "vs", "cyl"});
  const double small_lmg[] = {0.1774892, 0.2027032, 0.3817849};
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(small.importance[j], small_lmg[j], 5e-8) << j;
  EXPECT_NEAR(small.r2, 0.762, 5e-4);
}

TEST(relative_importance_test, relative_weights_equal_relativeimps_published_figures_on_swiss_and_mtcars) {
  // Johnson's weights as PyPI's relativeImp 0.0.2 computes them, quoted to 12 decimals in the same
  // siamang test (swiss; and rwa's documented mtcars example, mpg ~ cyl + disp + hp + gear).
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  CXSCORE_REQUIRE_TEST_DATA("reference/mtcars.csv");
  const auto weights = [](const char* name, const char* outcome, std::vector<std::string> drivers) {
    const auto t = cxscore::read_driver_table_csv(cxscore_test::data_file(std::string("reference/") + name),
                                                  {.outcome = outcome, .drivers = std::move(drivers)});
    return cxscore::relative_weights(cxscore::build_gram(t.data).correlation());
  };
  const Eigen::VectorXd swiss = weights("swiss.csv", "Fertility", {});
  const double swiss_rw[] = {0.048416895812, 0.154708249806, 0.271964104646, 0.114680029948, 0.116965721381};
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(swiss[j], swiss_rw[j], 5e-13) << j;
  const Eigen::VectorXd cars = weights("mtcars.csv", "mpg", {"cyl", "disp", "hp", "gear"});
  const double cars_rw[] = {0.228479725928, 0.222146870540, 0.232174439299, 0.096388603215};
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(cars[j], cars_rw[j], 5e-13) << j;
}

TEST(relative_importance_test, every_subset_r2_from_the_gray_code_walk_equals_least_squares) {
  const Eigen::MatrixXd data = cxscore_test::random_data(200, 7, 3);
  const std::vector<double> r2 = cxscore::subset_r2(cxscore::build_gram(data).correlation());
  for (std::uint64_t s = 1; s < r2.size(); ++s)
    EXPECT_NEAR(r2[s], naive_r2(data.leftCols(7), data.col(7), s), 1e-12) << s;
}

TEST(relative_importance_test, two_drivers_by_hand) {
  // LMG_1 = (r1² + (R² - r2²)) / 2 with R² = (r1² + r2² - 2 r1 r2 r12) / (1 - r12²).
  const double r1 = 0.5, r2 = 0.3, r12 = 0.4;
  Eigen::MatrixXd r(3, 3);
  r << 1, r12, r1, r12, 1, r2, r1, r2, 1;
  const double full = (r1 * r1 + r2 * r2 - 2 * r1 * r2 * r12) / (1 - r12 * r12);
  const cxscore::lmg_result l = cxscore::lmg(r);
  EXPECT_NEAR(l.r2, full, 1e-15);
  EXPECT_NEAR(l.importance[0], (r1 * r1 + full - r2 * r2) / 2, 1e-15);
  EXPECT_NEAR(l.importance[1], (r2 * r2 + full - r1 * r1) / 2, 1e-15);
}

TEST(relative_importance_test, uncorrelated_drivers_get_their_squared_correlation_from_both_methods) {
  Eigen::MatrixXd r = Eigen::MatrixXd::Identity(4, 4);
  const double rxy[] = {0.5, -0.2, 0.1};
  for (int j = 0; j < 3; ++j) r(j, 3) = r(3, j) = rxy[j];
  const auto l = cxscore::lmg(r);
  const auto rw = cxscore::relative_weights(r);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(l.importance[j], rxy[j] * rxy[j], 1e-15);
    EXPECT_NEAR(rw[j], rxy[j] * rxy[j], 1e-15);
  }
}

TEST(relative_importance_test, lmg_and_relative_weights_sum_to_r2) {
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  CXSCORE_REQUIRE_TEST_DATA("reference/mtcars.csv");
  for (const auto& [name, outcome] : {std::pair{"swiss.csv", "Fertility"}, std::pair{"mtcars.csv", "mpg"}}) {
    const Eigen::MatrixXd r = cxscore::build_gram(reference_table(name, outcome).data).correlation();
    const auto l = cxscore::lmg(r);
    EXPECT_NEAR(l.importance.sum(), l.r2, 1e-13) << name;
    EXPECT_NEAR(cxscore::relative_weights(r).sum(), l.r2, 1e-13) << name;
  }
}

TEST(relative_importance_test, relative_weights_equal_johnsons_definition_computed_with_a_full_eigensolver) {
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  // Johnson (2000) through the general (non-symmetric) eigensolver and an explicit inverse: another route.
  const Eigen::MatrixXd r = cxscore::build_gram(reference_table("swiss.csv", "Fertility").data).correlation();
  const Eigen::MatrixXd rxx = r.topLeftCorner(5, 5);
  Eigen::EigenSolver<Eigen::MatrixXd> es(rxx);
  const Eigen::MatrixXd v = es.eigenvectors().real();
  const Eigen::VectorXd lambda = es.eigenvalues().real();
  const Eigen::MatrixXd z = v * lambda.cwiseSqrt().asDiagonal() * v.inverse();
  const Eigen::VectorXd beta = z.inverse() * r.topRightCorner(5, 1);
  const Eigen::VectorXd expected = z.cwiseAbs2() * beta.cwiseAbs2();
  const Eigen::VectorXd rw = cxscore::relative_weights(r);
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(rw[j], expected[j], 1e-12);
}

TEST(relative_importance_test, same_bits_for_one_and_two_threads_with_several_blocks) {
  const Eigen::MatrixXd r = cxscore::build_gram(cxscore_test::random_data(100, 13, 5)).correlation();  // 8 blocks
  const auto one = cxscore::lmg(r, 1), two = cxscore::lmg(r, 2), three = cxscore::lmg(r, 3);
  for (Eigen::Index j = 0; j < 13; ++j) {
    EXPECT_EQ(one.importance[j], two.importance[j]);
    EXPECT_EQ(one.importance[j], three.importance[j]);
  }
}

TEST(relative_importance_test, a_duplicated_driver_splits_its_share_instead_of_failing) {
  Eigen::MatrixXd data = cxscore_test::random_data(200, 3, 9);
  Eigen::MatrixXd dup(200, 5);
  dup << data.leftCols(3), data.col(0), data.col(3);
  const Eigen::MatrixXd r = cxscore::build_gram(dup).correlation();
  const auto with_copy = cxscore::lmg(r);
  const auto without = cxscore::lmg(cxscore::build_gram(data).correlation());
  EXPECT_NEAR(with_copy.r2, without.r2, 1e-12);
  EXPECT_NEAR(with_copy.importance[0], with_copy.importance[3], 1e-12);  // symmetry of the Shapley value
  EXPECT_NEAR(with_copy.importance.sum(), with_copy.r2, 1e-12);
  const auto rw = cxscore::relative_weights(r);
  EXPECT_NEAR(rw.sum(), without.r2, 1e-9);
  EXPECT_NEAR(rw[0], rw[3], 1e-9);
}

TEST(relative_importance_test, refuses_a_matrix_that_is_not_square_or_not_finite) {
  EXPECT_THROW((void)cxscore::lmg(Eigen::MatrixXd::Identity(3, 2)), cxscore::input_error);
  Eigen::MatrixXd r = Eigen::MatrixXd::Identity(3, 3);
  r(0, 1) = r(1, 0) = NAN;
  EXPECT_THROW((void)cxscore::relative_weights(r), cxscore::input_error);
  EXPECT_THROW((void)cxscore::lmg(Eigen::MatrixXd::Identity(32, 32)), cxscore::input_error);
}

TEST(relative_importance_test, logistic_weights_equal_tonidandel_and_lebretons_steps_and_sum_to_the_pseudo_r2) {
  CXSCORE_REQUIRE_TEST_DATA("reference/mtcars.csv");
  // Transmission (am) on fuel economy, horsepower and rear-axle ratio: no separation.
  const auto t = cxscore::read_driver_table_csv(cxscore_test::data_file("reference/mtcars.csv"),
                                                {.outcome = "am", .drivers = {"mpg", "hp", "drat"}});
  Eigen::MatrixXd simulated = cxscore_test::random_data(400, 4, 41);
  std::mt19937_64 rng(41);
  std::uniform_real_distribution<double> u;
  for (Eigen::Index i = 0; i < simulated.rows(); ++i)
    simulated(i, 4) = u(rng) < 1 / (1 + std::exp(-(0.6 * simulated(i, 0) - 0.4 * simulated(i, 2)))) ? 1 : 0;
  for (const Eigen::MatrixXd& data : {t.data, simulated}) {
    const Eigen::Index p = data.cols() - 1;
    const cxscore::logistic_weights l = cxscore::logistic_relative_weights(data);
    double r2 = 0;
    const Eigen::VectorXd expected = cxscore_test::naive_logistic_weights(data.leftCols(p), data.col(p), r2);
    ASSERT_TRUE(l.fit.converged);
    EXPECT_NEAR(l.r2, r2, 1e-10);
    for (Eigen::Index j = 0; j < p; ++j) EXPECT_NEAR(l.weights[j], expected[j], 1e-9) << j;
    EXPECT_NEAR(l.weights.sum(), l.r2, 1e-12);
    EXPECT_GT(l.r2, 0.0);
  }
}

TEST(relative_importance_test, logistic_weights_give_a_constant_driver_nothing) {
  Eigen::MatrixXd data = cxscore_test::random_data(200, 2, 42);
  Eigen::MatrixXd with_constant(200, 4);
  for (Eigen::Index i = 0; i < 200; ++i) data(i, 2) = data(i, 0) + 0.5 * data(i, 1) > 0 ? 1 : 0;
  data.col(0) += Eigen::VectorXd::LinSpaced(200, -3, 3);  // noisy enough to avoid separation
  with_constant << data.col(0), Eigen::VectorXd::Constant(200, 7.0), data.col(1), data.col(2);
  const auto with = cxscore::logistic_relative_weights(with_constant);
  const auto without = cxscore::logistic_relative_weights(data);
  EXPECT_NEAR(with.weights[1], 0.0, 1e-15);
  EXPECT_TRUE(std::isnan(with.beta[1]));
  EXPECT_NEAR(with.weights[0], without.weights[0], 1e-10);
  EXPECT_NEAR(with.weights[2], without.weights[1], 1e-10);
  EXPECT_NEAR(with.r2, without.r2, 1e-12);
}

}  // namespace
