// The Gram summary against two-pass textbook moments, and its merge and thread invariants.
#include <gtest/gtest.h>

#include "cxscore/drivers/gram_summary.hpp"
#include "support/naive_regression.hpp"

namespace {

TEST(gram_summary_test, covariance_and_cross_products_equal_two_pass_formulas) {
  const Eigen::MatrixXd data = cxscore_test::random_data(500, 4, 1);
  const cxscore::gram_summary g = cxscore::build_gram(data, 1);
  const Eigen::RowVectorXd mean = data.colwise().mean();
  const Eigen::MatrixXd centred = data.rowwise() - mean;
  const Eigen::MatrixXd cov = centred.transpose() * centred / 499.0;
  EXPECT_EQ(g.n(), 500u);
  EXPECT_LT((g.mean() - mean.transpose()).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((g.covariance() - cov).cwiseAbs().maxCoeff(), 1e-11);
  EXPECT_LT((g.cross_products() - data.transpose() * data).cwiseAbs().maxCoeff() / (data.transpose() * data).norm(),
            1e-14);
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  const Eigen::MatrixXd cor = sd.cwiseInverse().asDiagonal() * cov * sd.cwiseInverse().asDiagonal();
  EXPECT_LT((g.correlation() - cor).cwiseAbs().maxCoeff(), 1e-13);
}

TEST(gram_summary_test, merging_chunks_equals_one_pass_and_threads_do_not_change_a_bit) {
  const Eigen::MatrixXd data = cxscore_test::random_data(40000, 3, 2);  // three chunks
  cxscore::gram_summary a(4), b(4);
  a.add(data.topRows(12345));
  b.add(data.bottomRows(40000 - 12345));
  a.merge(b);
  cxscore::gram_summary whole(4);
  whole.add(data);
  EXPECT_LT((a.covariance() - whole.covariance()).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_EQ(a.n(), whole.n());
  const Eigen::MatrixXd one = cxscore::build_gram(data, 1).covariance(),
                        two = cxscore::build_gram(data, 2).covariance();
  EXPECT_EQ(one, two);
}

TEST(gram_summary_test, large_means_do_not_cancel_the_spread) {
  // Values around 1e9 with unit spread: raw sums of squares would lose every digit of the variance.
  Eigen::MatrixXd data(4, 2);
  data << 1e9 + 1, 1e9 + 2, 1e9 + 2, 1e9 + 4, 1e9 + 3, 1e9 + 6, 1e9 + 4, 1e9 + 8;
  const auto g = cxscore::build_gram(data);
  EXPECT_DOUBLE_EQ(g.covariance()(0, 0), 5.0 / 3.0);  // var(1, 2, 3, 4)
  EXPECT_DOUBLE_EQ(g.covariance()(0, 1), 10.0 / 3.0);
  EXPECT_DOUBLE_EQ(g.correlation()(0, 1), 1.0);
}

TEST(gram_summary_test, weighted_rows_equal_repeated_rows_and_constant_columns_are_found) {
  Eigen::MatrixXd data(3, 3);
  data << 1, 7, 2, 2, 7, 5, 4, 7, 3;
  Eigen::VectorXd w(3);
  w << 2, 0, 1;
  cxscore::gram_summary weighted(3);
  weighted.add(data, w);
  Eigen::MatrixXd repeated(3, 3);
  repeated << 1, 7, 2, 1, 7, 2, 4, 7, 3;
  const auto plain = cxscore::build_gram(repeated);
  EXPECT_EQ(weighted.n(), 3u);
  EXPECT_LT((weighted.covariance() - plain.covariance()).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_EQ(plain.constant_columns(), std::vector<Eigen::Index>{1});
}

}  // namespace
