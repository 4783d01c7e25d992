#pragma once
/// Relative importance of drivers: how much of R² each one accounts for.
///
/// - **LMG** (Lindeman, Merenda & Gold 1980; the Shapley value of R²): driver j's share is the average,
///   over subset sizes k, of the average over subsets S of the other drivers of size k, of
///   R²(S ∪ {j}) − R²(S). Exact: R² of all 2^p subsets is computed from the correlation matrix by
///   walking the subsets in Gray-code order, each step sweeping one pivot in or out. The walk is cut
///   into fixed blocks of 1024 subsets (more beyond 26 drivers), each starting from a freshly swept
///   state (bounded rounding drift), run on any number of threads and merged in block order: the same
///   bits for any thread count.
///   Values sum to the full model's R².
/// - **Relative weights** (Johnson 2000): with R_xx = V Λ Vᵀ and its square root Z = V Λ^½ Vᵀ, the
///   weights are ε_j = Σ_k Z_jk² β_k², β = Z⁻¹ r_xy; they also sum to R².
/// - **Relative weights for a 0/1 outcome** (Tonidandel & LeBreton 2010): the same decomposition of a
///   logistic regression's pseudo-R² (see `logistic_relative_weights`), from the rows themselves.
///
/// Constant or collinear drivers do not break the computation: a pivot that adds nothing to the subset
/// swept so far (residual variance below `detail::collinear_tolerance`) is left unswept, which leaves
/// that subset's R² right. A constant driver gets 0; exact copies share their LMG equally
/// (key_drivers.hpp reports both kinds).
///
/// ```cpp
/// Eigen::MatrixXd r = cxscore::build_gram(data).correlation();  // outcome last
/// cxscore::lmg_result l = cxscore::lmg(r);                      // l.importance.sum() == l.r2
/// Eigen::VectorXd rw = cxscore::relative_weights(r);
/// cxscore::logistic_weights churn = cxscore::logistic_relative_weights(rows);  // outcome 0/1, last
/// ```
#include <Eigen/Core>

#include <vector>

#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/logistic_regression.hpp"
#include "cxscore/error.hpp"

namespace cxscore {

/// The most drivers lmg() accepts: 2^30 subsets is already hours of work.
inline constexpr Eigen::Index lmg_max_drivers = 30;

struct lmg_result {
  Eigen::VectorXd importance;  ///< per driver; sums to r2
  double r2 = 0;               ///< R² of the model with every driver
};

/// R² of the regression of the outcome (last) on every subset of drivers, indexed by the subset's bit
/// mask. Walks all 2^p subsets; meant for tests and small p (it stores them all).
[[nodiscard]] std::vector<double> subset_r2(const Eigen::MatrixXd& correlation);

/// Exact LMG of every driver from the correlation matrix (drivers first, outcome last).
/// `threads` = 0 uses the hardware concurrency; the result does not depend on it.
[[nodiscard]] lmg_result lmg(const Eigen::MatrixXd& correlation, unsigned threads = 0);

/// Johnson's (2000) relative weights from the correlation matrix (drivers first, outcome last).
/// Zero eigenvalues (collinear drivers) are handled with the pseudo-inverse.
[[nodiscard]] Eigen::VectorXd relative_weights(const Eigen::MatrixXd& correlation);

struct logistic_weights {
  Eigen::VectorXd weights;  ///< per driver; sums to r2
  Eigen::VectorXd beta;     ///< fully standardised logistic coefficients (NaN = aliased)
  double r2 = 0;            ///< squared correlation of the outcome and the fitted probability
  logistic_fit fit;         ///< the logistic regression on the drivers themselves
};

/// Relative weights for a 0/1 outcome (Tonidandel & LeBreton 2010, "Determining the relative importance
/// of predictors in logistic regression: an extension of relative weight analysis", Organizational
/// Research Methods 13(4)): the logistic regression of the outcome on Johnson's orthogonal counterparts
/// Z = X_std Λ⁻¹ of the drivers, its coefficients b standardised as β = b·R/sd(logit ŷ) (Menard's fully
/// standardised coefficients, R² = squared correlation of outcome and fitted probability, as in the
/// authors' RWA-Web code), and ε_j = Σ_k Λ_jk² β_k², which sums to R².
///
/// The fit on Z and the fit on the drivers give the same fitted logits (Z spans the drivers' columns),
/// so the drivers are fitted once and b = Λ·(coefficients per standard deviation). `weight` as in
/// `logistic_regression` (a bootstrap resample's counts).
[[nodiscard]] logistic_weights logistic_relative_weights(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                         const Eigen::VectorXd& weight = {},
                                                         const logistic_options& o = {});

/// The same from the (weighted) Gram summary of rows whose outcome is 0/1 and passes over them (rows held
/// in pieces: see logistic_regression.hpp).
[[nodiscard]] logistic_weights logistic_relative_weights(const gram_summary& g, const logistic_rows& rows,
                                                         const logistic_options& o = {});

}  // namespace cxscore
