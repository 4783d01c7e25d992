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
Eigen::MatrixXd standardised_design(const Eigen::Ref<const Eigen::MatrixXd>& data, const logistic_design& d) {
  const auto k = static_cast<Eigen::Index>(d.kept.size());
  Eigen::MatrixXd a(data.rows(), k + 1);
  a.col(0).setOnes();
  for (Eigen::Index c = 0; c < k; ++c) {
    const Eigen::Index j = d.kept[static_cast<std::size_t>(c)];
    a.col(c + 1) = (data.col(j).array() - d.mean[j]) / d.sd[j];
  }
  return a;
}

// The starting point: intercept only, at the log-odds of the weighted mean outcome `ybar`.
Eigen::VectorXd intercept_only(double ybar, Eigen::Index columns) {
  if (!(ybar > 0 && ybar < 1))
    fail({"<logistic>", 0, "outcome", number_text(ybar)}, "the outcome is constant: nothing to explain");
  Eigen::VectorXd b = Eigen::VectorXd::Zero(columns);
  b[0] = std::log(ybar / (1 - ybar));
  return b;
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

// The sums of the rows of design `a` (outcome y, weights w) at the linear predictor `eta`.
logistic_sums sums_at(const Eigen::MatrixXd& a, const Eigen::VectorXd& y, const Eigen::VectorXd& w,
                      const Eigen::VectorXd& eta, bool last) {
  const Eigen::Index n = a.rows(), k1 = a.cols();
  logistic_sums s;
  Eigen::VectorXd mu(n);
  for (Eigen::Index i = 0; i < n; ++i) mu[i] = logistic(eta[i]);
  if (last) {
    s.separated = separated(eta, w);
    Eigen::MatrixXd fitted(n, 2);
    fitted.col(0) = mu;
    fitted.col(1) = y;
    s.fitted.add(fitted, w);
    return s;
  }
  s.deviance = binomial_deviance(eta, y, w);
  const Eigen::VectorXd info = w.array() * mu.array() * (1 - mu.array());
  // Information matrix Aᵀ diag(info) A as a symmetric rank update (half the work); LDLT reads its lower half.
  const Eigen::MatrixXd scaled = a.array().colwise() * info.array().sqrt();
  s.information = Eigen::MatrixXd::Zero(k1, k1);
  s.information.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
  s.score = a.transpose() * (w.array() * (y - mu).array()).matrix();
  return s;
}

// The Newton step of the sums at the current coefficients; none when the information matrix is singular,
// which happens when every weight underflowed (separation).
std::optional<Eigen::VectorXd> newton_step(const logistic_sums& s) {
  const Eigen::LDLT<Eigen::MatrixXd> solver(s.information);
  Eigen::VectorXd step = solver.solve(s.score);
  if (solver.info() != Eigen::Success || !step.allFinite()) return std::nullopt;
  return step;
}

// Halves `step` while the deviance rises (it cannot near the optimum; far out it protects). Returns the
// sums at the last b + step tried.
logistic_sums damp_step(const logistic_pass& pass, const Eigen::VectorXd& b, double deviance_before,
                        Eigen::VectorXd& step) {
  logistic_sums s;
  for (int halving = 0; halving < 30; ++halving) {
    s = pass(b + step, false);
    if (s.deviance <= deviance_before * (1 + 1e-12) + 1e-300) break;
    step /= 2;
  }
  return s;
}

// Iteratively reweighted least squares from `b` until the steps settle, fail or run out; records the
// deviances, iterations and convergence in `f`.
void iterate(const logistic_pass& pass, const logistic_options& o, Eigen::VectorXd& b, logistic_fit& f) {
  logistic_sums s = pass(b, false);
  f.deviance = s.deviance;
  f.null_deviance = f.deviance;
  for (f.iterations = 1; f.iterations <= o.max_iterations; ++f.iterations) {
    std::optional<Eigen::VectorXd> step = newton_step(s);
    if (!step) break;
    s = damp_step(pass, b, f.deviance, *step);
    f.deviance = s.deviance;
    b += *step;
    if (step->cwiseAbs().maxCoeff() <= o.tolerance * (1 + b.cwiseAbs().maxCoeff())) {
      f.converged = true;
      break;
    }
  }
  f.iterations = std::min(f.iterations, o.max_iterations);
}

// The coefficients per standard deviation and per unit of each driver, and the intercept, from the fit
// on the standardised design; aliased drivers stay NaN.
void set_coefficients(const Eigen::VectorXd& b, const logistic_design& d, Eigen::Index p, logistic_fit& f) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  f.coefficients = Eigen::VectorXd::Constant(p, nan);
  f.scaled = Eigen::VectorXd::Constant(p, nan);
  f.intercept = b[0];
  for (std::size_t c = 0; c < d.kept.size(); ++c) {
    const Eigen::Index j = d.kept[c], column = static_cast<Eigen::Index>(c) + 1;
    f.scaled[j] = b[column];
    f.coefficients[j] = b[column] / d.sd[j];
    f.intercept -= f.coefficients[j] * d.mean[j];
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

logistic_rows rows_in_memory(const Eigen::Ref<const Eigen::MatrixXd>& data, const logistic_inputs& in,
                             Eigen::VectorXd* eta) {
  return [&data, &in, eta](const logistic_design& d) -> logistic_pass {
    return [a = standardised_design(data, d), y = Eigen::VectorXd(data.col(data.cols() - 1)), &in, eta](
               const Eigen::VectorXd& b, bool last) {
      Eigen::VectorXd linear = a * b;
      logistic_sums s = sums_at(a, y, in.w, linear, last);
      if (last && eta != nullptr) *eta = std::move(linear);
      return s;
    };
  };
}

}  // namespace detail

void logistic_sums::merge(const logistic_sums& o) {
  deviance += o.deviance;
  if (information.size() == 0) {
    information = o.information;
    score = o.score;
  } else if (o.information.size() != 0) {
    if (o.information.rows() != information.rows())
      detail::fail({"<logistic>", 0, "information", std::to_string(o.information.rows())},
                   "sums of another design cannot be merged");
    information += o.information;
    score += o.score;
  }
  separated = separated || o.separated;
  fitted.merge(o.fitted);
}

logistic_sums logistic_piece_sums(const Eigen::Ref<const Eigen::MatrixXd>& data, const logistic_design& design,
                                  const Eigen::VectorXd& b, bool last) {
  const Eigen::MatrixXd a = detail::standardised_design(data, design);
  if (b.size() != a.cols())
    detail::fail({"<logistic>", 0, "coefficients", std::to_string(b.size())}, "one coefficient per design column");
  const Eigen::VectorXd eta = a * b;
  return detail::sums_at(a, data.col(data.cols() - 1), Eigen::VectorXd::Ones(data.rows()), eta, last);
}

logistic_fit logistic_regression(const gram_summary& g, const logistic_rows& rows, const logistic_options& o) {
  const Eigen::Index p = g.columns() - 1;
  if (p < 0 || g.n() == 0) detail::fail({"<logistic>", 0, "rows", std::to_string(g.n())}, "no rows to fit");
  const regression_result linear = ols(g);
  logistic_design design{detail::kept_drivers(p, linear.aliased), g.mean(), g.covariance().diagonal().cwiseSqrt()};
  Eigen::VectorXd b = detail::intercept_only(design.mean[p], static_cast<Eigen::Index>(design.kept.size()) + 1);
  const logistic_pass pass = rows(design);
  logistic_fit f;
  detail::iterate(pass, o, b, f);
  logistic_sums last = pass(b, true);
  f.separation = last.separated;
  f.fitted = std::move(last.fitted);
  detail::set_coefficients(b, design, p, f);
  f.aliased = linear.aliased;
  return f;
}

logistic_fit logistic_regression(const Eigen::Ref<const Eigen::MatrixXd>& data, const Eigen::VectorXd& weight,
                                 const logistic_options& o) {
  const detail::logistic_inputs in(data, weight);
  Eigen::VectorXd eta;
  logistic_fit f = logistic_regression(in.g, detail::rows_in_memory(data, in, &eta), o);
  f.linear_predictor = std::move(eta);
  return f;
}

}  // namespace cxscore
