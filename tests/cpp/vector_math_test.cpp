// The kernel's vectorised pow and exp against std::pow / std::exp: the documented bound (relative error
// below 2.4e-13, under the 1e-12 the scoring tests hold) on a million log-uniform values, and the edge
// cases 0, subnormals, the smallest normal and 1.
#include "cxscore/detail/vector_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {

using cxscore::detail::vector_lanes;

constexpr double bound = 2.4e-13;

double relative_error(double got, double want) {
  if (want == 0) return got == 0 ? 0 : std::numeric_limits<double>::infinity();
  return std::abs(got - want) / std::abs(want);
}

// 64-byte-aligned storage whose length is a multiple of vector_lanes, as the kernel's buffers are.
struct aligned_buffer {
  explicit aligned_buffer(std::size_t n) : size((n + vector_lanes - 1) / vector_lanes * vector_lanes), data(size + 8) {}
  double* get() { return data.data() + (8 - reinterpret_cast<std::uintptr_t>(data.data()) % 64 / 8) % 8; }
  std::size_t size;
  std::vector<double> data;
};

TEST(vector_math_test, unit_pow_is_within_the_bound_on_a_million_log_uniform_values) {
  constexpr std::size_t n = 1 << 20;
  aligned_buffer a(n), p(n), out(n);
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> exponent(-1022 * std::log(2.0), 0.0), power(0.05, 1.0);
  for (std::size_t k = 0; k < n; ++k) a.get()[k] = std::exp(exponent(rng)), p.get()[k] = power(rng);
  cxscore::detail::unit_pow(a.get(), p.get(), out.get(), n);
  double worst = 0;
  for (std::size_t k = 0; k < n; ++k)
    worst = std::max(worst, relative_error(out.get()[k], std::pow(a.get()[k], p.get()[k])));
  EXPECT_LT(worst, bound);
  // One power for all: the model's alpha = beta = 0.88.
  cxscore::detail::unit_pow(a.get(), 0.88, out.get(), n);
  worst = 0;
  for (std::size_t k = 0; k < n; ++k) worst = std::max(worst, relative_error(out.get()[k], std::pow(a.get()[k], 0.88)));
  EXPECT_LT(worst, bound);
}

TEST(vector_math_test, unit_pow_edge_cases_match_std_pow) {
  const double tiny = std::numeric_limits<double>::denorm_min();
  const double normal = std::numeric_limits<double>::min();
  const std::vector<double> bases{0.0,    tiny,  1e-310, normal / 2, normal, normal * (1 + 1e-15),
                                  1e-300, 1e-17, 0.5,    1 - 1e-16,  1.0,    0.25,
                                  1e-3,   0.999, 1e-200, 0.1};
  for (const double p : {0.88, 1.0, 0.05, 0.5}) {
    aligned_buffer a(bases.size()), out(bases.size());
    std::fill(a.get(), a.get() + a.size, 1.0);
    std::copy(bases.begin(), bases.end(), a.get());
    cxscore::detail::unit_pow(a.get(), p, out.get(), a.size);
    for (std::size_t k = 0; k < bases.size(); ++k)
      EXPECT_LE(relative_error(out.get()[k], std::pow(bases[k], p)), bound) << bases[k] << "^" << p;
    EXPECT_EQ(out.get()[0], 0.0);   // 0^p = 0 exactly
    EXPECT_EQ(out.get()[10], 1.0);  // 1^p = 1 exactly
  }
}

TEST(vector_math_test, exp_nonpositive_matches_std_exp_down_to_underflow) {
  std::vector<double> ys{0.0,  -1e-300, -1e-10, -0.5, -1,
                         -50,  -700,    -707.9, -708, -708.5,
                         -720, -745,    -746,   -1e6, -std::numeric_limits<double>::infinity()};
  for (int k = 0; k < 1000; ++k) ys.push_back(-0.7 * k);
  aligned_buffer y(ys.size());
  std::fill(y.get(), y.get() + y.size, 0.0);
  std::copy(ys.begin(), ys.end(), y.get());
  cxscore::detail::exp_nonpositive(y.get(), y.size);
  for (std::size_t k = 0; k < ys.size(); ++k) {
    const double want = std::exp(ys[k]);
    if (want < std::numeric_limits<double>::min()) {
      EXPECT_EQ(y.get()[k], want) << ys[k];  // std::exp below -708
    } else {
      EXPECT_LE(relative_error(y.get()[k], want), 1e-15) << ys[k];
    }
  }
}

TEST(vector_math_test, a_value_does_not_depend_on_its_position_in_the_buffer) {
  // The kernel's results must not depend on how rows fall into blocks: the same input in lane 0 and in
  // lane 5, or next to an underflowing neighbour, gives the same bits.
  aligned_buffer a(16), out(16), y(16);
  std::fill(a.get(), a.get() + 16, 0.37);
  cxscore::detail::unit_pow(a.get(), 0.88, out.get(), 16);
  for (std::size_t k = 1; k < 16; ++k) EXPECT_EQ(out.get()[k], out.get()[0]);
  std::fill(y.get(), y.get() + 16, -3.21);
  y.get()[3] = -800;  // sends the buffer through the per-element std::exp fix-up
  cxscore::detail::exp_nonpositive(y.get(), 16);
  for (std::size_t k = 0; k < 16; ++k) {
    if (k != 3) {
      EXPECT_EQ(y.get()[k], y.get()[15]) << k;
    }
  }
}

}  // namespace
