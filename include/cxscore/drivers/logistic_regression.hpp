#pragma once
/// Logistic regression of a 0/1 outcome (last column) on the drivers, by iteratively reweighted least
/// squares (Newton–Raphson on the log-likelihood, as R's `glm(family = binomial)`), with optional
/// whole-number row weights (a bootstrap resample's counts).
///
/// - Drivers are standardised inside the fit (better conditioned normal equations); coefficients come
///   back on the drivers' own scales (`coefficients`, `intercept`: log-odds) and per standard deviation
///   of each driver (`scaled`).
/// - A constant driver, or one that is a linear combination of earlier drivers, is *aliased*: left out
///   with a NaN coefficient (R's `NA`), found once from the Gram summary (row weights cannot change it).
/// - Separation is reported, not thrown: when a fitted probability is numerically 0 or 1 (within
///   10·DBL_EPSILON, R's warning threshold) `separation` is set: the coefficients run off towards
///   infinity and stop only where the weights underflow (`converged` may then be true or false: it only
///   says that the steps settled). The last iterate is returned.
///
/// ```cpp
/// Eigen::MatrixXd data(n, 3);                     // wt, hp, am (0/1) for mtcars
/// cxscore::logistic_fit f = cxscore::logistic_regression(data);
/// // f.intercept 18.86630, f.coefficients: wt -8.08348, hp 0.03626 (R's glm)
/// ```
#include <Eigen/Dense>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/regression.hpp"
#include "cxscore/error.hpp"

namespace cxscore {

struct logistic_options {
  int max_iterations = 100;
  double tolerance = 1e-10;  ///< converged when no standardised coefficient moves more than this
};

struct logistic_fit {
  Eigen::VectorXd coefficients;  ///< log-odds per unit of each driver (NaN = aliased)
  Eigen::VectorXd scaled;        ///< log-odds per standard deviation of each driver (NaN = aliased)
  double intercept = 0;
  Eigen::VectorXd linear_predictor;  ///< η = intercept + x·coefficients, per row
  double deviance = 0;               ///< −2 log-likelihood (row weights applied)
  double null_deviance = 0;          ///< the same for the intercept-only model
  int iterations = 0;
  bool converged = false;
  bool separation = false;  ///< some fitted probability is numerically 0 or 1
  std::vector<Eigen::Index> aliased;
};

namespace detail {

// log(1 + e^x) without overflow.
[[nodiscard]] inline double softplus(double x) noexcept { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

[[nodiscard]] inline double logistic(double x) noexcept { return 1 / (1 + std::exp(-x)); }

// −2 Σ w [y log μ + (1 − y) log(1 − μ)], with log μ = −softplus(−η) and log(1 − μ) = −softplus(η).
[[nodiscard]] inline double binomial_deviance(const Eigen::VectorXd& eta, const Eigen::VectorXd& y,
                                              const Eigen::VectorXd& w) {
  double d = 0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) d += w[i] * (y[i] > 0.5 ? softplus(-eta[i]) : softplus(eta[i]));
  return 2 * d;
}

/// Fails at the first value that is not 0 or 1, naming its row (1-based) in `source`'s `column`.
inline void check_binary(const Eigen::Ref<const Eigen::VectorXd>& y, const std::string& source = "<logistic>",
                         const std::string& column = "outcome",
                         const std::string& reason = "a logistic model needs a 0/1 outcome") {
  for (Eigen::Index i = 0; i < y.size(); ++i)
    if (y[i] != 0 && y[i] != 1) fail({source, static_cast<std::size_t>(i) + 1, column, number_text(y[i])}, reason);
}

/// The inputs of a fit, checked: one weight per row (`weight` empty = 1 each), a 0/1 outcome (the last
/// column), and the weighted Gram summary of the columns, which both the fit and relative weights read.
struct logistic_inputs {
  Eigen::VectorXd w;
  gram_summary g;

  logistic_inputs(const Eigen::Ref<const Eigen::MatrixXd>& data, const Eigen::VectorXd& weight)
      : g(static_cast<std::size_t>(std::max<Eigen::Index>(data.cols(), 1))) {
    const Eigen::Index n = data.rows(), p = data.cols() - 1;
    if (p < 0 || n == 0) fail({"<logistic>", 0, "rows", std::to_string(n)}, "no rows to fit");
    w = weight.size() == 0 ? Eigen::VectorXd::Ones(n) : weight;
    if (w.size() != n) fail({"<logistic>", 0, "weight", std::to_string(w.size())}, "one weight per row is needed");
    check_binary(data.col(p));
    g.add(data, w);
  }
};

/// The fit itself, on checked inputs (see logistic_regression).
[[nodiscard]] inline logistic_fit fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& data, const logistic_inputs& in,
                                        const logistic_options& o);

}  // namespace detail

/// Fits the outcome (last column of `data`) on the other columns. `weight` (empty = 1 each) holds a
/// non-negative multiplicity per row.
[[nodiscard]] inline logistic_fit logistic_regression(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                      const Eigen::VectorXd& weight = {},
                                                      const logistic_options& o = {}) {
  return detail::fit_logistic(data, detail::logistic_inputs(data, weight), o);
}

[[nodiscard]] inline logistic_fit detail::fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                       const logistic_inputs& in, const logistic_options& o) {
  const Eigen::Index n = data.rows(), p = data.cols() - 1;
  const Eigen::VectorXd& w = in.w;
  const gram_summary& g = in.g;
  const Eigen::VectorXd y = data.col(p);
  const regression_result linear = ols(g);
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < p; ++j)
    if (std::find(linear.aliased.begin(), linear.aliased.end(), j) == linear.aliased.end()) kept.push_back(j);
  const Eigen::VectorXd mean = g.mean(), sd = g.covariance().diagonal().cwiseSqrt();

  // Design: intercept, then the kept drivers standardised.
  const auto k = static_cast<Eigen::Index>(kept.size());
  Eigen::MatrixXd a(n, k + 1);
  a.col(0).setOnes();
  for (Eigen::Index c = 0; c < k; ++c)
    a.col(c + 1) = (data.col(kept[static_cast<std::size_t>(c)]).array() - mean[kept[static_cast<std::size_t>(c)]]) /
                   sd[kept[static_cast<std::size_t>(c)]];

  const double total = w.sum(), ybar = w.dot(y) / total;
  if (!(ybar > 0 && ybar < 1))
    detail::fail({"<logistic>", 0, "outcome", detail::number_text(ybar)}, "the outcome is constant: nothing to explain");
  Eigen::VectorXd b = Eigen::VectorXd::Zero(k + 1);
  b[0] = std::log(ybar / (1 - ybar));
  Eigen::VectorXd eta = a * b;
  logistic_fit f;
  f.deviance = detail::binomial_deviance(eta, y, w);
  f.null_deviance = f.deviance;
  for (f.iterations = 1; f.iterations <= o.max_iterations; ++f.iterations) {
    Eigen::VectorXd mu(n), info(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      mu[i] = detail::logistic(eta[i]);
      info[i] = w[i] * mu[i] * (1 - mu[i]);
    }
    // Information matrix Aᵀ diag(info) A as a symmetric rank update (half the work); LDLT reads its lower half.
    const Eigen::MatrixXd scaled = a.array().colwise() * info.array().sqrt();
    Eigen::MatrixXd h = Eigen::MatrixXd::Zero(k + 1, k + 1);
    h.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
    const Eigen::VectorXd score = a.transpose() * (w.array() * (y - mu).array()).matrix();
    const Eigen::LDLT<Eigen::MatrixXd> solver(h);
    Eigen::VectorXd step = solver.solve(score);
    if (solver.info() != Eigen::Success || !step.allFinite()) break;  // every weight underflowed: separation
    // Halve the step while the deviance rises (it cannot near the optimum; far out it protects).
    double deviance = 0;
    for (int halving = 0; halving < 30; ++halving) {
      eta = a * (b + step);
      deviance = detail::binomial_deviance(eta, y, w);
      if (deviance <= f.deviance * (1 + 1e-12) + 1e-300) break;
      step /= 2;
    }
    b += step;
    f.deviance = deviance;
    if (step.cwiseAbs().maxCoeff() <= o.tolerance * (1 + b.cwiseAbs().maxCoeff())) {
      f.converged = true;
      break;
    }
  }
  f.iterations = std::min(f.iterations, o.max_iterations);
  eta = a * b;
  for (Eigen::Index i = 0; i < n; ++i)
    if (w[i] > 0) {
      const double mu = detail::logistic(eta[i]);
      if (mu < 10 * DBL_EPSILON || mu > 1 - 10 * DBL_EPSILON) f.separation = true;
    }

  const double nan = std::numeric_limits<double>::quiet_NaN();
  f.coefficients = Eigen::VectorXd::Constant(p, nan);
  f.scaled = Eigen::VectorXd::Constant(p, nan);
  f.intercept = b[0];
  for (Eigen::Index c = 0; c < k; ++c) {
    const Eigen::Index j = kept[static_cast<std::size_t>(c)];
    f.scaled[j] = b[c + 1];
    f.coefficients[j] = b[c + 1] / sd[j];
    f.intercept -= f.coefficients[j] * mean[j];
  }
  f.linear_predictor = std::move(eta);
  f.aliased = linear.aliased;
  return f;
}

}  // namespace cxscore
