#pragma once
/// Looking up eight rows' per-code constants at once. The kernel needs, for every row, four constants of
/// its touchpoint and one of its dimension; read one by one that is five scalar loads and stores a row,
/// the largest single cost of measuring a block. Most journey maps have at most 16 touchpoints (the
/// simulated brand has 14) and SERVQUAL has 5 dimensions: a table of up to 16 doubles fits in two
/// AVX-512 registers, and one two-register permute (`vpermt2pd`) looks up eight rows in one instruction.
///
/// The lookup copies table entries: the results are the same bits as scalar loads, so the kernel's
/// numbers do not depend on which path ran. Without AVX-512 (or for larger tables) `available()` is
/// false and the kernel keeps its scalar loop.
///
/// ```cpp
/// cxscore::detail::small_table t({0.5, 1.5, 2.5});
/// // with AVX-512: __m512d v = t.lookup(_mm512_set_epi64(0, 1, 2, 2, 1, 0, 0, 1));
/// ```
#include <algorithm>
#include <cstddef>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace cxscore::detail {

/// Up to 16 doubles, for eight lookups at once.
class small_table {
 public:
  static constexpr std::size_t capacity = 16;

  small_table() = default;
  explicit small_table(const std::vector<double>& values) : m_fits(values.size() <= capacity) {
    if (m_fits) std::copy(values.begin(), values.end(), m_values);
  }
  /// Whether lookup() is there and the table fits.
  [[nodiscard]] bool available() const noexcept {
#if defined(__AVX512F__)
    return m_fits;
#else
    return false;
#endif
  }

#if defined(__AVX512F__)
  /// values[index[k]] for each of the eight 64-bit lanes (index < 16; only its low four bits are read).
  [[nodiscard]] __m512d lookup(__m512i index) const noexcept {
    return _mm512_permutex2var_pd(_mm512_load_pd(m_values), index, _mm512_load_pd(m_values + 8));
  }
#endif

 private:
  alignas(64) double m_values[capacity] = {};
  bool m_fits = false;
};

}  // namespace cxscore::detail
