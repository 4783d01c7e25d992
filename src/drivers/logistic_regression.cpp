#include "cxscore/drivers/logistic_regression.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "cxscore/drivers/regression.hpp"
#include "cxscore/error.hpp"
#include "logistic_fit.hpp"

namespace cxscore {

namespace detail {

namespace {

// log(1 + e^x) without overflow.
[[nodiscard]] double softplus(double x) noexcept {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

// −2 Σ w [y log μ + (1 − y) log(1 − μ)], with log μ = −softplus(−η) and log(1 − μ) = −softplus(η).
[[nodiscard]] double binomial_deviance(const Eigen::VectorXd& eta, const Eigen::VectorXd& y, const Eigen::VectorXd& w) {
  double d = 0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) d += w[i] * (y[i] > 0.5 ? softplus(-eta[i]) : softplus(eta[i]));
  return 2 * d;
}

/// Fails at the first value that is not 0 or 1, naming its row (1-based).
void check_binary(const Eigen::Ref<const Eigen::VectorXd>& y) {
  for (Eigen::Index i = 0; i < y.size(); ++i)
    if (y[i] != 0 && y[i] != 1)
      fail({"<logistic>", static_cast<std::size_t>(i) + 1, "outcome", number_text(y[i])},
           "a logistic model needs a 0/1 outcome");
}

// The drivers the fit estimates: all but those OLS on the same Gram summary finds aliased (constant, or
// a linear combination of earlier drivers; row weights cannot change which).
std::vector<Eigen::Index> kept_drivers(Eigen::Index p, const std::vector<Eigen::Index>& aliased) {
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < p; ++j)
    if (std::find(aliased.begin(), aliased.end(), j) == aliased.end()) kept.push_back(j);
  return kept;
}

// The design: intercept, then the kept drivers standardised (better conditioned normal equations).
Eigen::MatrixXd standardised_design(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                    const std::vector<Eigen::Index>& kept, const Eigen::VectorXd& mean,
                                    const Eigen::VectorXd& sd) {
  const auto k = static_cast<Eigen::Index>(kept.size());
  Eigen::MatrixXd a(data.rows(), k + 1);
  a.col(0).setOnes();
  for (Eigen::Index c = 0; c < k; ++c) {
    const Eigen::Index j = kept[static_cast<std::size_t>(c)];
    a.col(c + 1) = (data.col(j).array() - mean[j]) / sd[j];
  }
  return a;
}

// The starting point: intercept only, at the log-odds of the weighted mean outcome.
Eigen::VectorXd intercept_only(const Eigen::VectorXd& y, const Eigen::VectorXd& w, Eigen::Index columns) {
  const double total = w.sum(), ybar = w.dot(y) / total;
  if (!(ybar > 0 && ybar < 1))
    fail({"<logistic>", 0, "outcome", number_text(ybar)}, "the outcome is constant: nothing to explain");
  Eigen::VectorXd b = Eigen::VectorXd::Zero(columns);
  b[0] = std::log(ybar / (1 - ybar));
  return b;
}

// The Newton step from the linear predictor `eta`; none when the information matrix is singular, which
// happens when every weight underflowed (separation).
std::optional<Eigen::VectorXd> newton_step(const Eigen::MatrixXd& a, const Eigen::VectorXd& y, const Eigen::VectorXd& w,
                                           const Eigen::VectorXd& eta) {
  const Eigen::Index n = a.rows(), k1 = a.cols();
  Eigen::VectorXd mu(n), info(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    mu[i] = logistic(eta[i]);
    info[i] = w[i] * mu[i] * (1 - mu[i]);
  }
  // Information matrix Aᵀ diag(info) A as a symmetric rank update (half the work); LDLT reads its lower half.
  const Eigen::MatrixXd scaled = a.array().colwise() * info.array().sqrt();
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(k1, k1);
  h.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
  const Eigen::VectorXd score = a.transpose() * (w.array() * (y - mu).array()).matrix();
  const Eigen::LDLT<Eigen::MatrixXd> solver(h);
  Eigen::VectorXd step = solver.solve(score);
  if (solver.info() != Eigen::Success || !step.allFinite()) return std::nullopt;
  return step;
}

// Halves `step` while the deviance rises (it cannot near the optimum; far out it protects). Leaves the
// linear predictor of b + step in `eta` and returns its deviance.
double damp_step(const Eigen::MatrixXd& a, const Eigen::VectorXd& y, const Eigen::VectorXd& w, const Eigen::VectorXd& b,
                 double deviance_before, Eigen::VectorXd& step, Eigen::VectorXd& eta) {
  double deviance = 0;
  for (int halving = 0; halving < 30; ++halving) {
    eta = a * (b + step);
    deviance = binomial_deviance(eta, y, w);
    if (deviance <= deviance_before * (1 + 1e-12) + 1e-300) break;
    step /= 2;
  }
  return deviance;
}

// Iteratively reweighted least squares from `b` until the steps settle, fail or run out; records the
// deviances, iterations and convergence in `f`.
void iterate(const Eigen::MatrixXd& a, const Eigen::VectorXd& y, const Eigen::VectorXd& w, const logistic_options& o,
             Eigen::VectorXd& b, logistic_fit& f) {
  Eigen::VectorXd eta = a * b;
  f.deviance = binomial_deviance(eta, y, w);
  f.null_deviance = f.deviance;
  for (f.iterations = 1; f.iterations <= o.max_iterations; ++f.iterations) {
    std::optional<Eigen::VectorXd> step = newton_step(a, y, w, eta);
    if (!step) break;
    f.deviance = damp_step(a, y, w, b, f.deviance, *step, eta);
    b += *step;
    if (step->cwiseAbs().maxCoeff() <= o.tolerance * (1 + b.cwiseAbs().maxCoeff())) {
      f.converged = true;
      break;
    }
  }
  f.iterations = std::min(f.iterations, o.max_iterations);
}

// Whether a fitted probability of a row that counts is numerically 0 or 1 (R's warning threshold).
bool separated(const Eigen::VectorXd& eta, const Eigen::VectorXd& w) {
  for (Eigen::Index i = 0; i < eta.size(); ++i)
    if (w[i] > 0) {
      const double mu = logistic(eta[i]);
      if (mu < 10 * DBL_EPSILON || mu > 1 - 10 * DBL_EPSILON) return true;
    }
  return false;
}

// The coefficients per standard deviation and per unit of each driver, and the intercept, from the fit
// on the standardised design; aliased drivers stay NaN.
void set_coefficients(const Eigen::VectorXd& b, const std::vector<Eigen::Index>& kept, Eigen::Index p,
                      const Eigen::VectorXd& mean, const Eigen::VectorXd& sd, logistic_fit& f) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  f.coefficients = Eigen::VectorXd::Constant(p, nan);
  f.scaled = Eigen::VectorXd::Constant(p, nan);
  f.intercept = b[0];
  for (std::size_t c = 0; c < kept.size(); ++c) {
    const Eigen::Index j = kept[c], column = static_cast<Eigen::Index>(c) + 1;
    f.scaled[j] = b[column];
    f.coefficients[j] = b[column] / sd[j];
    f.intercept -= f.coefficients[j] * mean[j];
  }
}

}  // namespace

logistic_inputs::logistic_inputs(const Eigen::Ref<const Eigen::MatrixXd>& data, const Eigen::VectorXd& weight)
    : g(static_cast<std::size_t>(std::max<Eigen::Index>(data.cols(), 1))) {
  const Eigen::Index n = data.rows(), p = data.cols() - 1;
  if (p < 0 || n == 0) fail({"<logistic>", 0, "rows", std::to_string(n)}, "no rows to fit");
  w = weight.size() == 0 ? Eigen::VectorXd::Ones(n) : weight;
  if (w.size() != n) fail({"<logistic>", 0, "weight", std::to_string(w.size())}, "one weight per row is needed");
  check_binary(data.col(p));
  g.add(data, w);
}

logistic_fit fit_logistic(const Eigen::Ref<const Eigen::MatrixXd>& data, const logistic_inputs& in,
                          const logistic_options& o) {
  const Eigen::Index p = data.cols() - 1;
  const Eigen::VectorXd y = data.col(p);
  const regression_result linear = ols(in.g);
  const std::vector<Eigen::Index> kept = kept_drivers(p, linear.aliased);
  const Eigen::VectorXd mean = in.g.mean(), sd = in.g.covariance().diagonal().cwiseSqrt();
  const Eigen::MatrixXd a = standardised_design(data, kept, mean, sd);

  Eigen::VectorXd b = intercept_only(y, in.w, a.cols());
  logistic_fit f;
  iterate(a, y, in.w, o, b, f);
  Eigen::VectorXd eta = a * b;
  f.separation = separated(eta, in.w);
  set_coefficients(b, kept, p, mean, sd, f);
  f.linear_predictor = std::move(eta);
  f.aliased = linear.aliased;
  return f;
}

}  // namespace detail

logistic_fit logistic_regression(const Eigen::Ref<const Eigen::MatrixXd>& data, const Eigen::VectorXd& weight,
                                 const logistic_options& o) {
  return detail::fit_logistic(data, detail::logistic_inputs(data, weight), o);
}

}  // namespace cxscore
