#pragma once
// The logistic fit's parts that relative weights for a 0/1 outcome share with logistic_regression
// (relative_importance.cpp): the checked inputs with their weighted Gram summary, built once for both,
// and the passes over rows in memory. Inside the library only.
#include <Eigen/Core>

#include <cmath>

#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/logistic_regression.hpp"

namespace cxscore::detail {

[[nodiscard]] inline double logistic(double x) noexcept { return 1 / (1 + std::exp(-x)); }

/// The inputs of a fit, checked: one weight per row (`weight` empty = 1 each), a 0/1 outcome (the last
/// column), and the weighted Gram summary of the columns, which both the fit and relative weights read.
struct logistic_inputs {
  Eigen::VectorXd w;
  gram_summary g;

  logistic_inputs(const Eigen::Ref<const Eigen::MatrixXd>& data, const Eigen::VectorXd& weight);
};

/// Passes over rows in memory (`data` and `in` outlive them); the last pass's linear predictor, one per row,
/// is left in `*eta` when given.
[[nodiscard]] logistic_rows rows_in_memory(const Eigen::Ref<const Eigen::MatrixXd>& data, const logistic_inputs& in,
                                           Eigen::VectorXd* eta = nullptr);

}  // namespace cxscore::detail
