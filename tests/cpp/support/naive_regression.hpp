#pragma once
// Regression the plainest way, sharing no code with the library: least squares by Householder QR on the
// raw rows (with an intercept), for every subset, and LMG straight from its definition (average over
// subset sizes of the average gain). Slow and obviously right; the reference for the fast paths.
#include <Eigen/Dense>

#include <cstdint>
#include <random>
#include <vector>

namespace cxscore_test {

/// R² of y on the columns of x named by the bits of `subset` (plus an intercept).
inline double naive_r2(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::uint64_t subset) {
  std::vector<Eigen::Index> cols;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    if (subset >> j & 1) cols.push_back(j);
  Eigen::MatrixXd design(x.rows(), static_cast<Eigen::Index>(cols.size()) + 1);
  design.col(0).setOnes();
  for (std::size_t k = 0; k < cols.size(); ++k) design.col(static_cast<Eigen::Index>(k) + 1) = x.col(cols[k]);
  const Eigen::VectorXd coef = design.colPivHouseholderQr().solve(y);
  const Eigen::VectorXd residual = y - design * coef;
  const Eigen::VectorXd centred = y.array() - y.mean();
  return 1 - residual.squaredNorm() / centred.squaredNorm();
}

inline Eigen::VectorXd naive_lmg(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const auto p = static_cast<int>(x.cols());
  std::vector<double> r2(std::size_t{1} << p);
  for (std::uint64_t s = 0; s < r2.size(); ++s) r2[s] = s == 0 ? 0 : naive_r2(x, y, s);
  Eigen::VectorXd out = Eigen::VectorXd::Zero(p);
  for (int j = 0; j < p; ++j)
    for (int k = 0; k < p; ++k) {
      double gain = 0;
      int count = 0;
      for (std::uint64_t s = 0; s < r2.size(); ++s)
        if (!(s >> j & 1) && __builtin_popcountll(s) == k) gain += r2[s | (std::uint64_t{1} << j)] - r2[s], ++count;
      out[j] += gain / count / p;
    }
  return out;
}

/// Correlated random data: x = z A with a random mixing matrix, y = x b + noise. Columns of data:
/// drivers then outcome.
inline Eigen::MatrixXd random_data(Eigen::Index rows, Eigen::Index p, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd z(rows, p), mix(p, p), data(rows, p + 1);
  for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = normal(rng);
  for (Eigen::Index i = 0; i < mix.size(); ++i) mix.data()[i] = normal(rng) * 0.4;
  mix.diagonal().array() += 1;
  data.leftCols(p) = z * mix;
  Eigen::VectorXd b(p);
  for (Eigen::Index j = 0; j < p; ++j) b[j] = normal(rng);
  data.col(p) = data.leftCols(p) * b;
  for (Eigen::Index i = 0; i < rows; ++i) data(i, p) += 2 * normal(rng) + 50;
  return data;
}

}  // namespace cxscore_test
