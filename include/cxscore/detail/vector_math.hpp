#pragma once
/// Vectorised `pow` on [0, 1] and `exp` on (-inf, 0] for the scoring kernel, over whole buffers at a
/// time with Eigen's packet `log`/`exp` (SSE2 on any x86-64, wider where the compiler targets it).
///
/// **Error bound of `unit_pow`** (a in [0, 1], p in (0, 1]): a^p = exp(p log a). Eigen's `log` and `exp`
/// for double are the Cephes polynomials, each within 2 ulp (2^-52 relative); so the argument
/// y = p log a carries an absolute error of at most |y| 2^-52 + 2^-53 |y| + 2 ulp, and exp turns an absolute
/// error d of its argument into a relative error d. With a >= 2^-1022 (the smallest normal double),
/// |y| <= 1022 ln 2 < 709, so the relative error is below 709 * 1.5 * 2^-52 + 4 * 2^-53 < 2.4e-13 (< 1e-12,
/// the tolerance the scoring tests hold). Zero gives exactly 0 and one exactly 1 (log 1 = 0, exp 0 = 1);
/// subnormal a, which Eigen's log would clamp, go through std::pow. tests/cpp/vector_math_test.cpp checks
/// the bound against std::pow on a million log-uniform values and the edge cases.
///
/// **Same result in every position.** The buffers are 64-byte aligned and their length a multiple of
/// `vector_lanes`, so Eigen runs every element through its packet code (never a scalar head or tail): an
/// element's result does not depend on where in a buffer it sits, which keeps results independent of how
/// the kernel cuts its work (and so of the thread count).
///
/// ```cpp
/// alignas(64) double a[8] = {0.0, 0.25, 1.0, 1, 1, 1, 1, 1}, y[8];
/// cxscore::detail::unit_pow(a, 0.88, y, 8);  // {0, 0.25^0.88, 1, ...}
/// ```
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace cxscore::detail {

inline constexpr double smallest_normal = std::numeric_limits<double>::min();
/// Buffer lengths are multiples of this (the widest packet, AVX-512's 8 doubles).
inline constexpr std::size_t vector_lanes = 8;

using aligned_array = Eigen::Map<Eigen::ArrayXd, Eigen::Aligned64>;
using const_aligned_array = Eigen::Map<const Eigen::ArrayXd, Eigen::Aligned64>;

/// out[k] = a[k]^p[k] for a in [0, 1] and p in (0, 1] (see the error bound above).
inline void unit_pow(const double* a, const double* p, double* out, std::size_t n) {
  const const_aligned_array base(a, static_cast<Eigen::Index>(n));
  const const_aligned_array power(p, static_cast<Eigen::Index>(n));
  aligned_array result(out, static_cast<Eigen::Index>(n));
  result = (power * base.max(smallest_normal).log()).exp();
  result = (base >= smallest_normal).select(result, 0.0);
  for (std::size_t k = 0; k < n; ++k)
    if (a[k] > 0 && a[k] < smallest_normal) [[unlikely]] out[k] = std::pow(a[k], p[k]);
}

/// The same with one power for every element.
inline void unit_pow(const double* a, double p, double* out, std::size_t n) {
  const const_aligned_array base(a, static_cast<Eigen::Index>(n));
  aligned_array result(out, static_cast<Eigen::Index>(n));
  result = (p * base.max(smallest_normal).log()).exp();
  result = (base >= smallest_normal).select(result, 0.0);
  for (std::size_t k = 0; k < n; ++k)
    if (a[k] > 0 && a[k] < smallest_normal) [[unlikely]] out[k] = std::pow(a[k], p);
}

/// y[k] <- exp(y[k]) in place for y <= 0: Eigen's exp (within 2 ulp) where its result is a normal
/// double (y >= -708), std::exp below, where Eigen would clamp instead of going subnormal or to 0.
inline void exp_nonpositive(double* y, std::size_t n) {
  constexpr double lowest = -708.0;
  bool any_below = false;
  for (std::size_t k = 0; k < n; ++k) any_below |= y[k] < lowest;
  if (!any_below) [[likely]] {
    aligned_array v(y, static_cast<Eigen::Index>(n));
    v = v.exp();
    return;
  }
  for (std::size_t k0 = 0; k0 < n; k0 += vector_lanes) {  // per element exactly as above, except below range
    alignas(64) double packet[vector_lanes];
    for (std::size_t k = 0; k < vector_lanes; ++k) packet[k] = std::max(y[k0 + k], lowest);
    aligned_array v(packet, vector_lanes);
    v = v.exp();
    for (std::size_t k = 0; k < vector_lanes; ++k) y[k0 + k] = y[k0 + k] < lowest ? std::exp(y[k0 + k]) : packet[k];
  }
}

}  // namespace cxscore::detail
