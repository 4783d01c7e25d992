#include "cxscore/drivers/regression.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

#include "cxscore/detail/sweep.hpp"
#include "cxscore/error.hpp"

namespace cxscore {

namespace {

// The fit on the original scales from the standardised coefficients (NaN for an aliased driver, which
// then takes no part in the intercept).
regression_result unstandardise(const gram_summary& g, Eigen::VectorXd beta, double r2) {
  const Eigen::Index p = g.columns() - 1;
  const Eigen::VectorXd sd = g.covariance().diagonal().cwiseSqrt();
  const Eigen::VectorXd mu = g.mean();
  regression_result r;
  r.coefficients = Eigen::VectorXd(p);
  r.intercept = mu[p];
  for (Eigen::Index j = 0; j < p; ++j) {
    r.coefficients[j] = beta[j] * sd[p] / sd[j];
    if (!std::isnan(beta[j])) r.intercept -= r.coefficients[j] * mu[j];
  }
  r.standardised = std::move(beta);
  r.r2 = r2;
  return r;
}

}  // namespace

regression_result ols(const gram_summary& g) {
  const Eigen::Index m = g.columns(), p = m - 1;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a = g.correlation();
  std::vector<bool> in(static_cast<std::size_t>(p), false);
  std::vector<Eigen::Index> aliased;
  for (const auto c : g.constant_columns())
    if (c < p) aliased.push_back(c);
  for (Eigen::Index k = 0; k < p; ++k) {
    const bool constant = std::find(aliased.begin(), aliased.end(), k) != aliased.end();
    if (!constant && a(k, k) > detail::collinear_tolerance) {
      detail::sweep(a.data(), static_cast<std::size_t>(m), static_cast<std::size_t>(k));
      in[static_cast<std::size_t>(k)] = true;
    } else if (!constant) {
      aliased.push_back(k);
    }
  }
  std::sort(aliased.begin(), aliased.end());
  Eigen::VectorXd beta(p);
  for (Eigen::Index j = 0; j < p; ++j)
    beta[j] = in[static_cast<std::size_t>(j)] ? a(j, p) : std::numeric_limits<double>::quiet_NaN();
  auto r = unstandardise(g, std::move(beta), 1 - a(p, p));
  r.aliased = std::move(aliased);
  return r;
}

regression_result ridge(const gram_summary& g, double lambda) {
  if (!(lambda >= 0) || !std::isfinite(lambda))
    detail::fail({"<ridge>", 0, "lambda", detail::number_text(lambda)}, "the ridge penalty must be finite and >= 0");
  const Eigen::Index p = g.columns() - 1;
  const Eigen::MatrixXd r = g.correlation();
  const Eigen::MatrixXd rxx = r.topLeftCorner(p, p) + lambda * Eigen::MatrixXd::Identity(p, p);
  const Eigen::VectorXd rxy = r.topRightCorner(p, 1);
  const Eigen::VectorXd beta = rxx.ldlt().solve(rxy);
  const double r2 = 2 * beta.dot(rxy) - beta.dot(r.topLeftCorner(p, p) * beta);
  return unstandardise(g, beta, r2);
}

}  // namespace cxscore
