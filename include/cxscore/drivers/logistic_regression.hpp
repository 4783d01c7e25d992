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
/// - The fit reads the rows only through *passes*: at coefficients b, the sums over rows of the deviance, the
///   information matrix and the score (`logistic_sums`). Rows held in pieces (a cluster's partitions) are
///   summed piece by piece and the sums merged, so the same Newton steps, step halvings and convergence test
///   are taken as on the rows in memory (`logistic_regression` from a Gram summary and `logistic_rows`).
///
/// ```cpp
/// Eigen::MatrixXd data(n, 3);                     // wt, hp, am (0/1) for mtcars
/// cxscore::logistic_fit f = cxscore::logistic_regression(data);
/// // f.intercept 18.86630, f.coefficients: wt -8.08348, hp 0.03626 (R's glm)
/// ```
#include <Eigen/Core>

#include <functional>
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
  Eigen::VectorXd linear_predictor;  ///< η = intercept + x·coefficients, per row (empty for rows in pieces)
  gram_summary fitted{2};            ///< weighted summary of (fitted probability, outcome) over the rows
  double deviance = 0;               ///< −2 log-likelihood (row weights applied)
  double null_deviance = 0;          ///< the same for the intercept-only model
  int iterations = 0;
  bool converged = false;
  bool separation = false;  ///< some fitted probability is numerically 0 or 1
  std::vector<Eigen::Index> aliased;
};

/// The design a fit's passes read: an intercept, then the `kept` drivers (not aliased) standardised by
/// the Gram summary's `mean` and `sd` (indexed by driver).
struct logistic_design {
  std::vector<Eigen::Index> kept;
  Eigen::VectorXd mean, sd;
};

/// What a pass sums over rows at coefficients b (on the design's columns). A pass that is not the last
/// sums the deviance, the information matrix Aᵀ diag(w μ(1 − μ)) A (lower triangle) and the score
/// Aᵀ w (y − μ); the last pass (at the fitted b) whether some row is separated and the (μ, y) summary.
struct logistic_sums {
  double deviance = 0;
  Eigen::MatrixXd information;
  Eigen::VectorXd score;
  bool separated = false;
  gram_summary fitted{2};
  /// Adds the sums of other rows (of the same design).
  void merge(const logistic_sums& o);
};

/// A pass over all rows at b; `last` as in logistic_sums.
using logistic_pass = std::function<logistic_sums(const Eigen::VectorXd& b, bool last)>;
/// The passes over all rows for a design (called once per fit, before its first pass).
using logistic_rows = std::function<logistic_pass(const logistic_design&)>;

/// The sums of `data`'s rows (drivers, then the 0/1 outcome; weight 1 each) at b: one piece of the rows.
[[nodiscard]] logistic_sums logistic_piece_sums(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                const logistic_design& design, const Eigen::VectorXd& b, bool last);

/// Fits the outcome (last column of `data`) on the other columns. `weight` (empty = 1 each) holds a
/// non-negative multiplicity per row.
[[nodiscard]] logistic_fit logistic_regression(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                               const Eigen::VectorXd& weight = {}, const logistic_options& o = {});

/// The same fit from the (weighted) Gram summary of the rows, whose outcome is 0/1, and passes over them.
[[nodiscard]] logistic_fit logistic_regression(const gram_summary& g, const logistic_rows& rows,
                                               const logistic_options& o = {});

}  // namespace cxscore
