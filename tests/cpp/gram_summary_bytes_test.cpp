// Gram summaries as bytes: a round trip restores every field to the bit, pieces decoded from bytes merge into
// the one-pass summary (and the key-driver analysis of the pieces equals the analysis of the whole table),
// and every malformed buffer is refused with an input_error naming the field.
#include "cxscore/io/gram_summary_bytes.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/summary_bytes.hpp"
#include "support/naive_regression.hpp"

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

void expect_same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (Eigen::Index k = 0; k < a.size(); ++k) EXPECT_EQ(bits(a.data()[k]), bits(b.data()[k])) << k;
}

void expect_close(const Eigen::MatrixXd& got, const Eigen::MatrixXd& want) {
  ASSERT_EQ(got.size(), want.size());
  for (Eigen::Index k = 0; k < got.size(); ++k) {
    const double w = want.data()[k], g = got.data()[k];
    if (std::isnan(w)) {
      EXPECT_TRUE(std::isnan(g)) << k;
      continue;
    }
    EXPECT_NEAR(g, w, 1e-12 * std::max(1.0, std::abs(w))) << k;
  }
}

/// Rows whose means are large against their spreads (the shift matters) and values with no short binary form.
Eigen::MatrixXd example_rows() {
  Eigen::MatrixXd data = cxscore_test::random_data(200, 3, 11);
  data.col(0).array() += 1e6 / 3;
  return data;
}

void expect_refused(const std::string& bytes, const std::string& column) {
  try {
    (void)cxscore::gram_summary_from_bytes(bytes);
    ADD_FAILURE() << "accepted bytes with a bad " << column;
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "<summary bytes>");
    EXPECT_EQ(e.where().column, column) << e.what();
  }
}

TEST(gram_summary_bytes_test, round_trip_restores_every_field_to_the_bit) {
  const cxscore::gram_summary g = cxscore::build_gram(example_rows(), 1);
  const std::string bytes = cxscore::to_bytes(g);
  // Header, n and c, then shift, sums (4 each) and the 4 x 4 cross products.
  EXPECT_EQ(bytes.size(), 16u + 8 * (2 + 4 + 4 + 16));
  EXPECT_EQ(bytes.substr(0, 4), "CXSB");
  EXPECT_EQ(static_cast<unsigned char>(bytes[6]), static_cast<unsigned>(cxscore::summary_kind::gram));
  const cxscore::gram_summary back = cxscore::gram_summary_from_bytes(bytes);
  EXPECT_EQ(back.n(), g.n());
  expect_same_bits(back.mean(), g.mean());
  expect_same_bits(back.covariance(), g.covariance());
  expect_same_bits(back.cross_products(), g.cross_products());
  EXPECT_EQ(cxscore::to_bytes(back), bytes);
}

TEST(gram_summary_bytes_test, an_empty_summary_has_no_shift_and_round_trips) {
  const cxscore::gram_summary empty(4);
  const std::string bytes = cxscore::to_bytes(empty);
  EXPECT_EQ(bytes.size(), 16u + 8 * (2 + 4 + 16));
  const cxscore::gram_summary back = cxscore::gram_summary_from_bytes(bytes);
  EXPECT_EQ(back.n(), 0u);
  EXPECT_EQ(back.columns(), 4);
  EXPECT_EQ(cxscore::to_bytes(back), bytes);
  cxscore::gram_summary g = cxscore::build_gram(example_rows(), 1);
  const std::string before = cxscore::to_bytes(g);
  g.merge(back);  // an empty piece (a partition with no rows) changes nothing
  EXPECT_EQ(cxscore::to_bytes(g), before);
}

TEST(gram_summary_bytes_test, fields_are_little_endian) {
  cxscore::gram_summary g(1);
  g.add(Eigen::MatrixXd::Constant(1, 1, 1.0));  // n = 1, shift 1.0 = 0x3FF0000000000000
  const std::string bytes = cxscore::to_bytes(g);
  EXPECT_EQ(static_cast<unsigned char>(bytes[16]), 1);         // n, low byte first
  EXPECT_EQ(static_cast<unsigned char>(bytes[24]), 1);         // one column
  EXPECT_EQ(static_cast<unsigned char>(bytes[32 + 6]), 0xF0);  // the shift
  EXPECT_EQ(static_cast<unsigned char>(bytes[32 + 7]), 0x3F);
}

TEST(gram_summary_bytes_test, pieces_decoded_from_bytes_merge_into_the_one_pass_analysis) {
  const Eigen::MatrixXd data = example_rows();
  const std::vector<std::string> drivers{"a", "b", "c"};
  const cxscore::driver_importance one = cxscore::analyse_drivers(data, drivers, "y", {.threads = 1, .bootstrap = 20});
  const cxscore::gram_summary whole = cxscore::build_gram(data, 1);
  // Uneven pieces, one of them empty, each summarised alone and sent as bytes.
  const std::vector<Eigen::Index> cuts{0, 7, 7, 120, 200};
  std::vector<std::string> sent;
  std::vector<std::vector<cxscore::gram_summary>> resampled;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    const auto rows = data.middleRows(cuts[k], cuts[k + 1] - cuts[k]);
    cxscore::gram_summary piece(4);
    piece.add(rows);
    sent.push_back(cxscore::to_bytes(piece));
    std::vector<cxscore::gram_summary> replicates;
    for (std::size_t r = 0; r < 20; ++r) {
      cxscore::gram_summary g(4);
      g.add(rows, cxscore::resample_counts(200, 1, r).segment(cuts[k], rows.rows()));
      replicates.push_back(cxscore::gram_summary_from_bytes(cxscore::to_bytes(g)));
    }
    resampled.push_back(std::move(replicates));
  }
  cxscore::driver_summaries s{.gram = cxscore::gram_summary(4)};
  s.replicates.assign(20, cxscore::gram_summary(4));
  for (std::size_t k = 0; k < sent.size(); ++k) {
    s.gram.merge(cxscore::gram_summary_from_bytes(sent[k]));
    for (std::size_t r = 0; r < 20; ++r) s.replicates[r].merge(resampled[k][r]);
  }
  EXPECT_EQ(s.gram.n(), whole.n());
  expect_close(s.gram.covariance(), whole.covariance());
  expect_close(s.gram.mean(), whole.mean());

  const cxscore::driver_importance merged = cxscore::analyse_drivers(s, drivers, "y", {.threads = 1, .bootstrap = 20});
  EXPECT_NEAR(merged.r2, one.r2, 1e-12);
  expect_close(merged.lmg, one.lmg);
  expect_close(merged.relative_weight, one.relative_weight);
  expect_close(merged.beta, one.beta);
  expect_close(merged.coefficients, one.coefficients);
  expect_close(merged.lmg_interval.lower, one.lmg_interval.lower);
  expect_close(merged.beta_interval.upper, one.beta_interval.upper);
}

TEST(gram_summary_bytes_test, a_logistic_fit_over_pieces_takes_the_same_iterations) {
  Eigen::MatrixXd data = cxscore_test::random_data(300, 2, 5);
  // The outcome drawn around 50: centred, a noisy latent whose sign is the 0/1 outcome.
  for (Eigen::Index i = 0; i < data.rows(); ++i) data(i, 2) = data(i, 2) - 50 > 0 ? 1 : 0;
  const std::vector<std::string> drivers{"a", "b"};
  const cxscore::driver_importance one = cxscore::analyse_drivers(data, drivers, "churn", {.threads = 1});
  ASSERT_EQ(one.method, cxscore::driver_method::logistic);
  const std::vector<Eigen::Index> cuts{0, 100, 100, 300};
  cxscore::driver_summaries s{.gram = cxscore::gram_summary(3), .binary_outcome = true};
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    cxscore::gram_summary piece(3);
    piece.add(data.middleRows(cuts[k], cuts[k + 1] - cuts[k]));
    s.gram.merge(piece);
  }
  int passes = 0;
  s.logistic = [&](const cxscore::logistic_design& design) -> cxscore::logistic_pass {
    return [&, design](const Eigen::VectorXd& b, bool last) {
      ++passes;
      cxscore::logistic_sums total;
      for (std::size_t k = 0; k + 1 < cuts.size(); ++k)
        total.merge(cxscore::logistic_piece_sums(data.middleRows(cuts[k], cuts[k + 1] - cuts[k]), design, b, last));
      return total;
    };
  };
  const cxscore::driver_importance merged = cxscore::analyse_drivers(s, drivers, "churn", {.threads = 1});
  EXPECT_EQ(merged.logistic.iterations, one.logistic.iterations);
  EXPECT_EQ(merged.logistic.converged, one.logistic.converged);
  EXPECT_GE(passes, merged.logistic.iterations + 2);  // the start, one per iteration (no halving here), the last
  EXPECT_NEAR(merged.logistic.deviance, one.logistic.deviance, 1e-12 * one.logistic.deviance);
  EXPECT_NEAR(merged.r2, one.r2, 1e-12);
  expect_close(merged.relative_weight, one.relative_weight);
  expect_close(merged.beta, one.beta);
  expect_close(merged.coefficients, one.coefficients);
  EXPECT_NEAR(merged.intercept, one.intercept, 1e-12 * std::max(1.0, std::abs(one.intercept)));
}

TEST(gram_summary_bytes_test, summaries_of_other_columns_do_not_merge) {
  cxscore::gram_summary g = cxscore::build_gram(example_rows(), 1);
  EXPECT_THROW(g.merge(cxscore::gram_summary(3)), cxscore::input_error);
}

TEST(gram_summary_bytes_test, a_wrong_magic_version_or_kind_is_refused) {
  const std::string bytes = cxscore::to_bytes(cxscore::build_gram(example_rows(), 1));
  std::string bad = bytes;
  bad[0] = 'P';
  expect_refused(bad, "magic");
  bad = bytes;
  bad[4] = static_cast<char>(cxscore::summary_format_version + 1);
  expect_refused(bad, "version");
  bad = bytes;
  bad[6] = 1;  // score summaries' kind
  expect_refused(bad, "kind");
}

TEST(gram_summary_bytes_test, a_truncated_or_oversized_buffer_is_refused) {
  const std::string bytes = cxscore::to_bytes(cxscore::build_gram(example_rows(), 1));
  expect_refused(bytes.substr(0, 15), "header");
  expect_refused(bytes.substr(0, bytes.size() - 1), "size");
  expect_refused(bytes + '\0', "size");
}

TEST(gram_summary_bytes_test, counts_that_disagree_with_the_payload_are_refused) {
  std::string bytes = cxscore::to_bytes(cxscore::build_gram(example_rows(), 1));
  std::string bad = bytes;
  bad[24] = 5;  // 5 columns announced where the payload holds 4
  expect_refused(bad, "size");
  for (std::size_t k = 0; k < 8; ++k) bad[24 + k] = static_cast<char>(0xFF);  // a forged count near 2^64
  expect_refused(bad, "columns");
  bad = bytes;
  for (std::size_t k = 0; k < 8; ++k) bad[16 + k] = 0;  // n = 0: no shift, so the payload is 4 values too long
  expect_refused(bad, "size");
}

}  // namespace
