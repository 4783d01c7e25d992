#include "naive_regression.hpp"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace cxscore_test {

double naive_r2(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::uint64_t subset) {
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

Eigen::VectorXd naive_lmg(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
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

Eigen::MatrixXd random_data(Eigen::Index rows, Eigen::Index p, unsigned seed) {
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

Eigen::VectorXd naive_logistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  Eigen::MatrixXd a(x.rows(), x.cols() + 1);
  a << Eigen::VectorXd::Ones(x.rows()), x;
  Eigen::VectorXd b = Eigen::VectorXd::Zero(a.cols());
  for (int it = 0; it < 200; ++it) {
    const Eigen::VectorXd mu = (1 + (-(a * b)).array().exp()).inverse().matrix();
    const Eigen::VectorXd w = mu.array() * (1 - mu.array());
    const Eigen::VectorXd step = (a.transpose() * w.asDiagonal() * a).ldlt().solve(a.transpose() * (y - mu));
    b += step;
    if (step.cwiseAbs().maxCoeff() < 1e-13 * (1 + b.cwiseAbs().maxCoeff())) break;
  }
  return b;
}

double naive_correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::VectorXd ca = a.array() - a.mean(), cb = b.array() - b.mean();
  return ca.dot(cb) / std::sqrt(ca.squaredNorm() * cb.squaredNorm());
}

Eigen::VectorXd naive_logistic_weights(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double& r2) {
  const double n = static_cast<double>(x.rows());
  const Eigen::RowVectorXd mean = x.colwise().mean();
  const Eigen::MatrixXd centred = x.rowwise() - mean;
  const Eigen::RowVectorXd sd = (centred.colwise().squaredNorm() / (n - 1)).cwiseSqrt();
  const Eigen::MatrixXd xs = centred.array().rowwise() / sd.array();
  const Eigen::MatrixXd r = xs.transpose() * xs / (n - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(r);
  const Eigen::MatrixXd lambda =
      eig.eigenvectors() * eig.eigenvalues().cwiseSqrt().asDiagonal() * eig.eigenvectors().transpose();
  const Eigen::MatrixXd z = xs * lambda.inverse();
  const Eigen::VectorXd b = naive_logistic(z, y);
  const Eigen::VectorXd logit = (z * b.tail(b.size() - 1)).array() + b[0];
  const Eigen::VectorXd p = (1 + (-logit).array().exp()).inverse().matrix();
  const double c = naive_correlation(p, y);
  r2 = c * c;
  const double sd_logit = std::sqrt((logit.array() - logit.mean()).square().sum() / (n - 1));
  const Eigen::VectorXd beta = b.tail(b.size() - 1) * std::sqrt(r2) / sd_logit;
  return lambda.cwiseAbs2() * beta.cwiseAbs2();
}

}  // namespace cxscore_test
