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
#include <Eigen/Core>

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

/// Fits the outcome (last column of `data`) on the other columns. `weight` (empty = 1 each) holds a
/// non-negative multiplicity per row.
[[nodiscard]] logistic_fit logistic_regression(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                               const Eigen::VectorXd& weight = {}, const logistic_options& o = {});

}  // namespace cxscore
