#pragma once
// Regression the plainest way, sharing no code with the library: least squares by Householder QR on the
// raw rows (with an intercept), for every subset, and LMG straight from its definition (average over
// subset sizes of the average gain). Slow and obviously right; the reference for the fast paths.
// Compiled once (naive_regression.cpp, the cxscore_test_support library) for every test that uses it.
#include <Eigen/Dense>

#include <cstdint>

namespace cxscore_test {

/// R² of y on the columns of x named by the bits of `subset` (plus an intercept).
double naive_r2(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::uint64_t subset);

/// LMG from its definition: for each driver, the mean over subset sizes of the mean R² gain.
Eigen::VectorXd naive_lmg(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

/// Correlated random data: x = z A with a random mixing matrix, y = x b + noise. Columns of data:
/// drivers then outcome.
Eigen::MatrixXd random_data(Eigen::Index rows, Eigen::Index p, unsigned seed);

/// Logistic regression by plain Newton–Raphson on the raw design [1, x] from zero (no standardising, no
/// step control, no aliasing): intercept first, then one coefficient per column of x.
Eigen::VectorXd naive_logistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

/// Pearson correlation of a and b.
double naive_correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

/// Tonidandel & LeBreton's (2010) relative weights for a 0/1 outcome, step by step as their RWA-Web code
/// does it: standardise X, Λ = R^½ from the eigendecomposition, Z = X_std Λ⁻¹ explicitly, the logistic
/// regression of y on Z, R² = cor(y, fitted probability)², β = b·R/sd(fitted logit), ε = (Λ∘Λ)β².
Eigen::VectorXd naive_logistic_weights(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double& r2);

}  // namespace cxscore_test
