#pragma once
// The sweep operator (Goodnight 1979) on a dense symmetric row-major m x m matrix. Sweeping a pivot
// k regresses every other variable on k; sweeping it again undoes it (up to the sign of row and column
// k, which no diagonal entry sees). On a correlation matrix with the outcome last, after sweeping the
// pivots of a subset S the outcome's diagonal is 1 - R^2(S).
#include <cstddef>

namespace cxscore::detail {

/// Pivots whose residual variance (diagonal before sweeping in) is below this are treated as
/// collinear with the pivots already in: they are left out, which gives the same projection.
inline constexpr double collinear_tolerance = 1e-10;

inline void sweep(double* a, std::size_t m, std::size_t k) noexcept {
  const double d = a[k * m + k];
  const double* row_k = a + k * m;
  for (std::size_t i = 0; i < m; ++i) {
    if (i == k) continue;
    double* row_i = a + i * m;
    const double f = row_i[k] / d;
    for (std::size_t j = 0; j < m; ++j) row_i[j] -= f * row_k[j];
    row_i[k] = f;
  }
  double* rk = a + k * m;
  for (std::size_t j = 0; j < m; ++j) rk[j] /= d;
  rk[k] = -1 / d;
}

}  // namespace cxscore::detail
