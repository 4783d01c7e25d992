#pragma once
/// The batch kernel's measurement of a block of rows: gap g, value v (after service recovery) and weight
/// W = w_t · ω_d · decay, the formulas of value_function.hpp, for up to `block_rows` rows at a time into
/// 64-byte-aligned buffers, with no per-row branch: selects instead of ifs, and the value function
/// through vector_math.hpp (`pow` as exp(p log a); no `pow` at all when alpha = beta = 1). Each row's
/// numbers depend on that row alone, never on its position in a block, so every way of cutting the work
/// gives the same bits.
///
/// ```cpp
/// cxscore::detail::encounter_constants k(events, map, model);
/// auto block = std::make_unique<cxscore::detail::encounter_block>();
/// cxscore::detail::measure(events, k, [](std::size_t j) { return j; }, 100, *block);  // rows 0..99
/// ```
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <type_traits>
#include <vector>

#include "cxscore/detail/eight_row_screen.hpp"
#include "cxscore/detail/kernel_target.hpp"
#include "cxscore/detail/prefetch.hpp"
#include "cxscore/detail/small_table_lookup.hpp"
#include "cxscore/detail/vector_math.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

inline constexpr std::size_t block_rows = 512;
static_assert(block_rows % vector_lanes == 0);

[[nodiscard]] constexpr std::size_t padded_rows(std::size_t n) noexcept {
  return (n + vector_lanes - 1) / vector_lanes * vector_lanes;
}

/// Per-touchpoint and per-dimension constants of the model, and which optional columns matter.
struct encounter_constants {
  std::vector<double> promise, inverse_width, gain_factor, weight;  ///< by touchpoint; 1 / (s (hi - lo))
  std::vector<double> dimension_weight;                             ///< by dimension code + 1; [0] = 1 for no_dimension
  bool reads_expectation = false;
  bool reads_dimension = false;  ///< false when every dimension weight is 1
  bool linear = false;           ///< alpha = beta = 1: v = g times a factor
  double alpha = 1, beta = 1, lambda = 1;
  double decay_rate = 0;  ///< ln 2 / half-life in seconds; 0 = no decay
  /// The same tables for eight lookups at once (see small_table_lookup.hpp).
  small_table promise_table, inverse_width_table, gain_factor_table, weight_table, dimension_weight_table;
  /// Codes of byte columns' rows, eight at once (unused for wide columns).
  byte_code_table touchpoint_bytes, dimension_bytes;
  bool eight_at_once = false;

  encounter_constants(const event_view& ev, const journey_map& map, const model& m)
      : weight(m.touchpoint_weights(map)), alpha(m.alpha), beta(m.beta), lambda(m.lambda) {
    for (std::size_t t = 0; t < map.size(); ++t) {
      const touchpoint& tp = map[static_cast<touchpoint_code>(t)];
      promise.push_back(tp.promise);
      inverse_width.push_back(gap_per_unit(tp.scale, tp.direction));
      gain_factor.push_back(cxscore::gain_factor(tp, m));
    }
    const auto by_dimension = m.dimension_weights_for({ev.dimension_names.begin(), ev.dimension_names.end()});
    dimension_weight.push_back(1.0);
    dimension_weight.insert(dimension_weight.end(), by_dimension.begin(), by_dimension.end());
    reads_expectation = !ev.expectation.empty();
    reads_dimension = !ev.dimension.empty() &&
                      std::any_of(by_dimension.begin(), by_dimension.end(), [](double w) { return w != 1.0; });
    linear = alpha == 1.0 && beta == 1.0;
    if (m.has_decay()) decay_rate = cxscore::decay_rate(m.half_life_days);
    promise_table = small_table(promise);
    inverse_width_table = small_table(inverse_width);
    gain_factor_table = small_table(gain_factor);
    weight_table = small_table(weight);
    dimension_weight_table = small_table(dimension_weight);
    touchpoint_bytes = byte_code_table(ev.touchpoint.byte_table(), [&](touchpoint_code t) { return t < map.size(); });
    dimension_bytes = byte_code_table(ev.dimension.byte_table(),
                                      [&](std::int32_t d) { return is_dimension_code(d, ev.dimension_names.size()); });
    eight_at_once = fits_eight(!ev.touchpoint.is_bytes() || touchpoint_bytes.available(),
                               !ev.dimension.is_bytes() || dimension_bytes.available());
  }
  /// The constants for rows whose experience column holds each row's gap g, stored as codes and with no
  /// expectation (the general path's regrouped rows, customer_regrouping.hpp): promise 0 and gap per unit
  /// 1, so that measuring such a row finds its g again ((g - 0) 1 clamped to [-1, 1] is g, to the bit)
  /// and every other number as from the row's own columns.
  [[nodiscard]] encounter_constants for_gaps() const {
    encounter_constants c = *this;
    c.promise.assign(promise.size(), 0.0);
    c.inverse_width.assign(inverse_width.size(), 1.0);
    c.reads_expectation = false;
    c.promise_table = small_table(c.promise);
    c.inverse_width_table = small_table(c.inverse_width);
    c.eight_at_once = c.fits_eight(true, true);
    return c;
  }
  [[nodiscard]] bool has_decay() const noexcept { return decay_rate > 0; }
  /// Whether measure_contiguous() can look up eight rows at once: the touchpoint (and, where the weights
  /// read them, dimension) tables fit, and so do the tables of columns stored as bytes.
  [[nodiscard]] bool looks_up_eight() const noexcept { return eight_at_once; }

 private:
  /// Whether the tables fit eight lookups at once, given whether the code columns' bytes (if stored so) do.
  [[nodiscard]] bool fits_eight(bool touchpoint_codes_fit, bool dimension_codes_fit) const noexcept {
    return promise_table.available() && touchpoint_codes_fit &&
           (!reads_dimension || (dimension_weight_table.available() && dimension_codes_fit));
  }
};

/// Scratch for one block; each array of doubles holds padded_rows(size) entries (padding: g = 0, v = 0,
/// W = 0), each array of codes `size` entries.
struct alignas(64) encounter_block {
  alignas(64) touchpoint_code touchpoint[block_rows];  ///< each row's touchpoint code
  alignas(64) std::int32_t dimension[block_rows];      ///< each row's dimension code, if the weights read it
  alignas(64) double gap[block_rows];
  alignas(64) double value[block_rows];
  alignas(64) double weight[block_rows];
  alignas(64) double magnitude[block_rows];  ///< |g|, then |g|^p
  alignas(64) double power[block_rows];      ///< alpha or beta per row
  alignas(64) double decay[block_rows];      ///< (tau - tau_ref) · rate, then 2^(-(tau_ref - tau)/h)
  alignas(64) double loss[block_rows];       ///< min(v, 0)
  alignas(64) double unmet[block_rows];      ///< 1 where g < 0, else 0
  std::size_t size = 0;
};

/// value <- value · |g|^p (p = alpha for gains, beta for losses).
inline void power_of_magnitude(const encounter_constants& k, encounter_block& b) {
  const std::size_t padded = padded_rows(b.size);
  double* pw = b.decay;  // free until apply_decay; unit_pow's output must not alias its inputs
  if (k.alpha == k.beta) {
    unit_pow(b.magnitude, k.alpha, pw, padded);
  } else {
    for (std::size_t j = 0; j < padded; ++j)
      b.power[j] = value_exponent(b.gap[j], k.alpha, k.beta);  // own loop: see above
    unit_pow(b.magnitude, b.power, pw, padded);
  }
  for (std::size_t j = 0; j < padded; ++j) b.value[j] *= pw[j];
}

/// `e`, or `otherwise` where `e` is NaN, by bit operations (no compare on doubles, so no branch).
[[nodiscard]] inline double nan_to(double e, double otherwise) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(e);
  constexpr std::uint64_t infinity_bits = 0x7ff0000000000000u;
  const std::uint64_t is_nan = std::uint64_t{0} - static_cast<std::uint64_t>((bits << 1) > (infinity_bits << 1));
  return std::bit_cast<double>((bits & ~is_nan) | (std::bit_cast<std::uint64_t>(otherwise) & is_nan));
}

/// Staging of rows row(from) .. row(n - 1) into slots from .. n - 1: gap <- experience, magnitude <-
/// expectation (the promise where it is NaN: a bit select, as compilers turn a select on an unordered
/// compare into a branch), decay <- 1 / (s (hi - lo)), value <- the factor for a gain, weight <- w_t w_d.
template <class Row>
void stage_rows(const event_view& ev, const encounter_constants& k, Row row, std::size_t from, std::size_t n,
                encounter_block& b) {
  ev.touchpoint.visit([&](auto code_at) {
    for (std::size_t j = from; j < n; ++j) b.touchpoint[j] = code_at(row(j));
  });
  if (k.reads_dimension)
    ev.dimension.visit([&](auto code_at) {
      for (std::size_t j = from; j < n; ++j) b.dimension[j] = code_at(row(j));
    });
  const double* experience = ev.experience.data();
  const double* expectation = ev.expectation.data();
  for (std::size_t j = from; j < n; ++j) {
    const std::size_t r = row(j);
    const touchpoint_code t = b.touchpoint[j];
    b.gap[j] = experience[r];
    b.magnitude[j] = k.reads_expectation ? nan_to(expectation[r], k.promise[t]) : k.promise[t];
    b.decay[j] = k.inverse_width[t];
    b.value[j] = k.gain_factor[t];
    b.weight[j] = k.reads_dimension
                      ? k.weight[t] * k.dimension_weight[static_cast<std::size_t>(std::int64_t{b.dimension[j]} + 1)]
                      : k.weight[t];
  }
}

#if CXSCORE_KERNEL_AVX512
/// The codes of rows row .. row + 7 of a code column as eight 64-bit lanes (zero- or sign-extended as
/// Code is), looked up through `bytes` where the column is stored as bytes; the same column's rows
/// `ahead` rows on are prefetched.
template <class Code>
[[nodiscard]] __m512i eight_codes(const code_column<Code>& column, const byte_code_table& bytes, std::size_t row,
                                  std::size_t ahead) noexcept {
  if (const std::uint8_t* b = column.bytes()) {
    prefetch_at(b, row + ahead);
    return bytes.lookup(b + row);
  }
  const Code* codes = column.codes();
  prefetch_at(codes, (row + ahead) * sizeof(Code));
  const __m256i eight = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(codes + row));
  if constexpr (std::is_signed_v<Code>)
    return _mm512_cvtepi32_epi64(eight);
  else
    return _mm512_cvtepu32_epi64(eight);
}
#endif

#if CXSCORE_KERNEL_AVX512
/// The gaps g of eight rows with touchpoints t: their experience[0 .. 7], expectation[0 .. 7] (nullptr:
/// none) or the promise where that is NaN, by stage_rows()' and clamped_gap()'s operations in their order.
[[nodiscard]] inline __m512d eight_gaps(const encounter_constants& k, __m512i t, const double* experience,
                                        const double* expectation) noexcept {
  const __m512d promise = k.promise_table.lookup(t);
  __m512d expected = promise;
  if (expectation) {
    const __m512d e = _mm512_loadu_pd(expectation);
    expected = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(e, e, _CMP_UNORD_Q), e, promise);
  }
  // g = min(max((E - P) / (s (hi - lo)), -1), 1): std::max(x, -1) is vmaxpd(-1, x), std::min(y, 1) vminpd(1, y).
  const __m512d scaled =
      _mm512_mul_pd(_mm512_sub_pd(_mm512_loadu_pd(experience), expected), k.inverse_width_table.lookup(t));
  return _mm512_min_pd(_mm512_set1_pd(1.0), _mm512_max_pd(_mm512_set1_pd(-1.0), scaled));
}
#endif

#if CXSCORE_KERNEL_AVX512
/// measure() of the contiguous rows first .. first + n - 1, eight at a time in registers: the tables'
/// constants through small_table lookups, then the arithmetic of measure_staged() with the same operations
/// in the same order, so the same bits (vminpd and vmaxpd with their operands in the order that gives
/// std::min's and std::max's results, also for -0). Stores each row's gap and W, its value (final where
/// the model is linear, else the factor still to be multiplied by |g|^p, with |g| in magnitude), and
/// whether it is unmet, and for a linear model its loss; measure_staged() finishes the rest. Returns the
/// rows done: n rounded down to a multiple of eight. With a `screen`, `passed` says whether all those rows
/// pass it.
inline std::size_t measure_eight_at_a_time(const event_view& ev, const encounter_constants& k, std::size_t first,
                                           std::size_t n, encounter_block& b, const eight_row_screen* screen = nullptr,
                                           bool* passed = nullptr) {
  // The columns' next rows are asked for a block ahead: this loop is the first to read them, and
  // the hardware prefetcher alone leaves it waiting on memory (cxscore_bench's sorted scoring cases).
  constexpr std::size_t ahead = block_rows;
  const double* experience = ev.experience.data() + first;
  const double* expectation = k.reads_expectation ? ev.expectation.data() + first : nullptr;
  const __m512i one = _mm512_set1_epi64(1);
  const __m512d zero = _mm512_setzero_pd(), plus_one = _mm512_set1_pd(1.0);
  const __m512d minus_lambda = _mm512_set1_pd(-k.lambda);
  __mmask8 passing = 0xFF;
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    prefetch_at(experience, (j + ahead) * sizeof(double));
    if (expectation) prefetch_at(expectation, (j + ahead) * sizeof(double));
    const __m512i t = eight_codes(ev.touchpoint, k.touchpoint_bytes, first + j, ahead);
    if (screen != nullptr) passing &= screen->passing(ev, t, first + j);
    _mm256_store_si256(reinterpret_cast<__m256i*>(b.touchpoint + j), _mm512_cvtepi64_epi32(t));
    __m512d weight = k.weight_table.lookup(t);
    if (k.reads_dimension) {
      const __m512i d = eight_codes(ev.dimension, k.dimension_bytes, first + j, ahead);
      weight = _mm512_mul_pd(weight, k.dimension_weight_table.lookup(_mm512_add_epi64(d, one)));  // -1 -> [0]
    }
    const __m512d g = eight_gaps(k, t, experience + j, expectation ? expectation + j : nullptr);
    const __m512d magnitude = _mm512_abs_pd(g);
    const __mmask8 unmet = _mm512_cmp_pd_mask(g, zero, _CMP_LT_OQ);
    const __m512d factor = _mm512_mask_blend_pd(unmet, k.gain_factor_table.lookup(t), minus_lambda);
    _mm512_store_pd(b.gap + j, g);
    _mm512_store_pd(b.weight + j, weight);
    _mm512_store_pd(b.unmet + j, _mm512_maskz_mov_pd(unmet, plus_one));
    if (k.linear) {
      const __m512d value = _mm512_mul_pd(factor, magnitude);
      _mm512_store_pd(b.value + j, value);
      _mm512_store_pd(b.loss + j, _mm512_min_pd(zero, value));  // std::min(v, 0): vminpd(0, v)
    } else {
      _mm512_store_pd(b.value + j, factor);
      _mm512_store_pd(b.magnitude + j, magnitude);
    }
  }
  if (passed != nullptr) *passed = passing == 0xFF;
  return j;
}
#endif

/// The arithmetic of measure() on staged rows: those from `from` (a multiple of eight) to n - 1 are
/// staged, those before it measured by measure_eight_at_a_time(). Whole arrays that the compiler
/// vectorises with compares and blends, no branch on the data.
inline void measure_staged(const encounter_constants& k, std::size_t from, std::size_t n, encounter_block& b) {
  const std::size_t padded = padded_rows(n);
  b.size = n;
  for (std::size_t j = n; j < padded; ++j) {
    b.gap[j] = 0, b.magnitude[j] = 0, b.decay[j] = 1, b.value[j] = 0, b.weight[j] = 0;
  }
  for (std::size_t j = from; j < padded; ++j) {
    const double g = clamped_gap(b.gap[j], b.magnitude[j], b.decay[j]);
    b.value[j] = value_factor(g, k.lambda, b.value[j]);  // times |g|^p below: -lambda (-g)^beta or f g^alpha
    b.gap[j] = g;
    b.magnitude[j] = std::abs(g);
    b.unmet[j] = g < 0 ? 1.0 : 0.0;
  }
  if (k.linear) {
    for (std::size_t j = from; j < padded; ++j) b.value[j] *= b.magnitude[j];
  } else {
    power_of_magnitude(k, b);  // every row: measure_eight_at_a_time() leaves the powers to this
  }
  // The per-customer loops that follow then only multiply and add.
  for (std::size_t j = k.linear ? from : 0; j < padded; ++j) b.loss[j] = std::min(b.value[j], 0.0);
}

/// Measures rows row(0) .. row(n - 1) (n <= block_rows) into `b`: gap, value and W without decay.
template <class Row>
void measure(const event_view& ev, const encounter_constants& k, Row row, std::size_t n, encounter_block& b) {
  stage_rows(ev, k, row, 0, n, b);
  measure_staged(k, 0, n, b);
}

/// measure() of the contiguous rows first .. first + n - 1: the same bits, eight rows at a time in
/// registers where the build has AVX-512 and the tables fit.
inline void measure_contiguous(const event_view& ev, const encounter_constants& k, std::size_t first, std::size_t n,
                               encounter_block& b) {
  std::size_t j = 0;
#if CXSCORE_KERNEL_AVX512
  if (k.looks_up_eight()) j = measure_eight_at_a_time(ev, k, first, n, b);
#endif
  stage_rows(
      ev, k, [first](std::size_t i) { return first + i; }, j, n, b);
  measure_staged(k, j, n, b);
}

/// measure_contiguous() of rows not validated: false, and `b` not to be read, where a row fails row_screen's
/// test. Rows measured eight at a time are screened in the same pass (`eight`, where its tables fit), the
/// others by `rows`.
inline bool measure_screened(const event_view& ev, const encounter_constants& k, const row_screen& rows,
                             const eight_row_screen& eight, std::size_t first, std::size_t n, encounter_block& b) {
  std::size_t j = 0;
  bool passed = true;
#if CXSCORE_KERNEL_AVX512
  if (k.looks_up_eight() && eight.available()) j = measure_eight_at_a_time(ev, k, first, n, b, &eight, &passed);
#else
  (void)eight;
#endif
  if (!passed || !rows.all_valid(ev, first + j, first + n)) return false;
  stage_rows(
      ev, k, [first](std::size_t i) { return first + i; }, j, n, b);
  measure_staged(k, j, n, b);
  return true;
}

/// Only the gaps of the contiguous rows first .. first + n - 1 (n <= block_rows), with their touchpoint
/// codes and, where the weights read them, their dimension codes: the same bits as measure()'s.
inline void measure_gaps(const event_view& ev, const encounter_constants& k, std::size_t first, std::size_t n,
                         encounter_block& b) {
  std::size_t j = 0;
#if CXSCORE_KERNEL_AVX512
  if (k.looks_up_eight()) {
    constexpr std::size_t ahead = block_rows;  // as in measure_eight_at_a_time()
    const double* experience = ev.experience.data() + first;
    const double* expectation = k.reads_expectation ? ev.expectation.data() + first : nullptr;
    for (; j + 8 <= n; j += 8) {
      prefetch_at(experience, (j + ahead) * sizeof(double));
      if (expectation) prefetch_at(expectation, (j + ahead) * sizeof(double));
      const __m512i t = eight_codes(ev.touchpoint, k.touchpoint_bytes, first + j, ahead);
      _mm256_store_si256(reinterpret_cast<__m256i*>(b.touchpoint + j), _mm512_cvtepi64_epi32(t));
      if (k.reads_dimension)
        _mm256_store_si256(reinterpret_cast<__m256i*>(b.dimension + j),
                           _mm512_cvtepi64_epi32(eight_codes(ev.dimension, k.dimension_bytes, first + j, ahead)));
      _mm512_store_pd(b.gap + j, eight_gaps(k, t, experience + j, expectation ? expectation + j : nullptr));
    }
  }
#endif
  stage_rows(
      ev, k, [first](std::size_t i) { return first + i; }, j, n, b);
  for (; j < n; ++j) b.gap[j] = clamped_gap(b.gap[j], b.magnitude[j], b.decay[j]);
}

/// Multiplies each W by 2^(-(tau_ref - tau)/h), after the caller has put (tau - tau_ref) · rate in `decay`.
inline void apply_decay(encounter_block& b) {
  const std::size_t padded = padded_rows(b.size);
  for (std::size_t j = b.size; j < padded; ++j) b.decay[j] = 0;
  exp_nonpositive(b.decay, padded);
  for (std::size_t j = 0; j < padded; ++j) b.weight[j] *= b.decay[j];
}

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
