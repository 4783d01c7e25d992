#pragma once
/// `pow` on [0, 1] and `exp` on (-inf, 0] for the scoring kernel, over whole buffers, written as plain
/// loops of multiplies, adds and integer bit operations that compilers vectorise (SSE2 on any x86-64,
/// wider where the build targets it): no calls, no branches, no compares that trap on NaN (GCC refuses to
/// vectorise those under its default -ftrapping-math).
///
/// - `log` is fdlibm's e_log.c (Sun Microsystems, 1993; also in musl and FreeBSD): a = 2^k m with
///   m in [sqrt(2)/2, sqrt(2)), log m = f - (f^2/2 - s (f^2/2 + R(s^2))), s = f / (2 + f), f = m - 1, R a
///   degree-7 polynomial; error below 1 ulp.
/// - `exp` is fdlibm's e_exp.c: y = k ln 2 + r with |r| <= ln(2)/2 (ln 2 split in two parts), a degree-5
///   rational approximation of e^r, then 2^k added to the exponent bits; error below 1 ulp.
///
/// **Error bound of `unit_pow`** (a in [0, 1], p in (0, 1]): a^p = exp(p log a). The argument y = p log a
/// carries an absolute error of at most |y| (2^-52 + 2^-53) (log within 1 ulp, the product rounded once),
/// which exp turns into the same relative error, plus its own ulp. The fast path takes a >= 2^-1000, so
/// |y| <= 1000 ln 2 < 694 and the relative error is below 694 · 3 · 2^-53 + 2^-52 < 2.4e-13 (under the
/// 1e-12 the scoring tests hold). 0 gives exactly 0 and 1 exactly 1 (log 1 = 0, exp 0 = 1); a < 2^-1000
/// (including subnormals) goes through std::pow. tests/cpp/vector_math_test.cpp checks the bound against
/// std::pow on a million log-uniform values and the edge cases.
///
/// **Same result in every position.** The loops work element by element, and buffer lengths are multiples
/// of `vector_lanes` (the kernel pads them), so a vectorised body never hands some elements to a scalar
/// remainder loop: an element's result does not depend on where in a buffer it sits, which keeps the
/// kernel's results independent of how it cuts its work (and so of the thread count).
///
/// ```cpp
/// double a[8] = {0.0, 0.25, 1.0, 1, 1, 1, 1, 1}, y[8];
/// cxscore::detail::unit_pow(a, 0.88, y, 8);  // {0, 0.25^0.88, 1, ...}
/// ```
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "cxscore/detail/kernel_target.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

/// Buffer lengths are multiples of this (the widest packet, AVX-512's 8 doubles).
inline constexpr std::size_t vector_lanes = 8;

// log_normal and exp_normal follow fdlibm's e_log.c and e_exp.c, whose notice is kept as it asks:
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunPro, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that this
//   notice is preserved.
namespace fdlibm {
inline constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
inline constexpr double inv_ln2 = 1.44269504088896338700e+00;
inline constexpr double two52 = 4503599627370496.0;        // 2^52: its bits plus a small integer n is n + 2^52
inline constexpr double round_shift = 6755399441055744.0;  // 1.5 · 2^52: x + it rounds x to an integer
inline constexpr double lg1 = 6.666666666666735130e-01, lg2 = 3.999999999940941908e-01, lg3 = 2.857142874366239149e-01,
                        lg4 = 2.222219843214978396e-01, lg5 = 1.818357216161805012e-01, lg6 = 1.531383769920937332e-01,
                        lg7 = 1.479819860511658591e-01;
inline constexpr double p1 = 1.66666666666666019037e-01, p2 = -2.77777777770155933842e-03,
                        p3 = 6.61375632143793436117e-05, p4 = -1.65339022054652515390e-06,
                        p5 = 4.13813679705723846039e-08;

/// log a for a normal, positive, finite a.
[[nodiscard]] inline double log_normal(double a) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(a);
  double m = std::bit_cast<double>((bits & 0x000fffffffffffffu) | 0x3ff0000000000000u);  // [1, 2)
  double k = std::bit_cast<double>((bits >> 52) | 0x4330000000000000u) - two52 - 1023.0;
  // Halve m (and add 1 to k) when its top 20 mantissa bits exceed sqrt(2)'s, 0x6a09e: integer arithmetic.
  const std::uint64_t over = ((((bits >> 32) & 0xfffffu) + (0x100000u - 0x6a09fu)) >> 20) & 1u;
  const double half = 1.0 - 0.5 * (std::bit_cast<double>(over | 0x4330000000000000u) - two52);
  m *= half;
  k += (1.0 - half) * 2.0;
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s, w = z * z;
  const double r = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7))) + w * (lg2 + w * (lg4 + w * lg6));
  const double hfsq = 0.5 * f * f;
  return k * ln2_hi - ((hfsq - (s * (hfsq + r) + k * ln2_lo)) - f);
}

/// e^y for y in [-700, 0] (the result stays a normal double).
[[nodiscard]] inline double exp_normal(double y) noexcept {
  const double shifted = y * inv_ln2 + round_shift;
  const double k = shifted - round_shift;
  const std::uint64_t k_bits = std::bit_cast<std::uint64_t>(shifted) - std::bit_cast<std::uint64_t>(round_shift);
  const double hi = y - k * ln2_hi, lo = k * ln2_lo;
  const double r = hi - lo;
  const double t = r * r;
  const double c = r - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))));
  const double e_r = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(e_r) + (k_bits << 52));
}
}  // namespace fdlibm

/// Smallest base (2^-1000) and most negative exponent (-700) of the fast paths.
inline constexpr double smallest_fast_base = 9.3326361850321888e-302;
inline constexpr double lowest_fast_exponent = -700.0;

/// out[k] = a[k]^power(k) for a in [0, 1] and powers in (0, 1] (see the error bound above); `out` must
/// not alias `a`.
template <class Power>
void unit_pow_with(const double* a, Power power, double* out, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) out[k] = std::max(a[k], smallest_fast_base);
  for (std::size_t k = 0; k < n; ++k) out[k] = fdlibm::exp_normal(power(k) * fdlibm::log_normal(out[k]));
  for (std::size_t k = 0; k < n; ++k) out[k] = a[k] > 0 ? out[k] : 0.0;
  // Bases in (0, 2^-1000): on the integer bits, as a >= 0 orders like its bits, so the scan vectorises
  // and the rare fix-up loop (a branch on every element, mispredicted wherever zeros and non-zeros
  // mix) runs only when there is something to fix.
  constexpr std::uint64_t smallest_bits = std::bit_cast<std::uint64_t>(smallest_fast_base);
  std::uint64_t tiny = 0;
  for (std::size_t k = 0; k < n; ++k) tiny |= std::bit_cast<std::uint64_t>(a[k]) - 1 < smallest_bits - 1 ? 1u : 0u;
  if (tiny != 0) [[unlikely]]
    for (std::size_t k = 0; k < n; ++k)
      if (a[k] > 0 && a[k] < smallest_fast_base) out[k] = std::pow(a[k], power(k));
}

/// out[k] = a[k]^p[k].
inline void unit_pow(const double* a, const double* p, double* out, std::size_t n) {
  unit_pow_with(
      a, [p](std::size_t k) { return p[k]; }, out, n);
}

/// out[k] = a[k]^p, one power for every element.
inline void unit_pow(const double* a, double p, double* out, std::size_t n) {
  unit_pow_with(
      a, [p](std::size_t) { return p; }, out, n);
}

/// y[k] <- exp(y[k]) in place for y <= 0: fdlibm's exp (within 1 ulp) down to -700, std::exp below,
/// where the result goes subnormal or to 0.
inline void exp_nonpositive(double* y, std::size_t n) {
  bool any_below = false;
  for (std::size_t k = 0; k < n; ++k) any_below |= y[k] < lowest_fast_exponent;
  if (!any_below) [[likely]] {
    for (std::size_t k = 0; k < n; ++k) y[k] = fdlibm::exp_normal(y[k]);
    return;
  }
  for (std::size_t k = 0; k < n; ++k) y[k] = y[k] < lowest_fast_exponent ? std::exp(y[k]) : fdlibm::exp_normal(y[k]);
}

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
