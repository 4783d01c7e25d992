#pragma once
/// Linear regression of the outcome (last column) on the drivers, from a Gram summary: ordinary least
/// squares with standardised coefficients, and ridge on standardised drivers. A driver that is
/// constant or a linear combination of earlier drivers is *aliased*: it gets a NaN coefficient (as R's
/// `lm` gives NA) and is listed, instead of making the solve fail.
///
/// A 0/1 outcome (churn, retention) fitted here is a linear probability model: the coefficients are
/// changes in probability and R² is the share of the outcome's variance explained. The key-driver
/// analysis fits such outcomes by logistic regression unless asked for this (key_drivers.hpp,
/// logistic_regression.hpp).
///
/// ```cpp
/// auto g = cxscore::build_gram(data);
/// cxscore::regression_result fit = cxscore::ols(g);
/// double r2 = fit.r2, b0 = fit.standardised[0];
/// auto shrunk = cxscore::ridge(g, 0.1);
/// ```
#include <Eigen/Core>

#include <vector>

#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/error.hpp"

namespace cxscore {

struct regression_result {
  Eigen::VectorXd standardised;  ///< beta: coefficients on drivers and outcome scaled to unit variance
  Eigen::VectorXd coefficients;  ///< on the original scales
  double intercept = 0;
  double r2 = 0;
  std::vector<Eigen::Index> aliased;  ///< drivers left out (constant or collinear); NaN coefficients
};

/// OLS by sweeping the drivers of the correlation matrix in order.
[[nodiscard]] regression_result ols(const gram_summary& g);

/// Ridge regression on standardised drivers: beta = (R_xx + lambda I)^-1 r_xy, lambda >= 0 on the
/// correlation scale (so it does not depend on the drivers' units). R² is that of the shrunk fit.
[[nodiscard]] regression_result ridge(const gram_summary& g, double lambda);

}  // namespace cxscore
