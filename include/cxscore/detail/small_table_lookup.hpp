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
/// A column stored as bytes (code_column.hpp) first has its bytes turned into codes the same way: a
/// `byte_code_table` holds the codes of bytes 0-15 and of byte 255 (pandas' missing code -1), which is
/// all a categorical of up to 16 categories can hold.
///
/// ```cpp
/// cxscore::detail::small_table t({0.5, 1.5, 2.5});
/// // with AVX-512: __m512d v = t.lookup(_mm512_set_epi64(0, 1, 2, 2, 1, 0, 0, 1));
/// ```
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cxscore/detail/kernel_target.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

/// Whether this build has the eight-lane lookups (AVX-512).
#if CXSCORE_KERNEL_AVX512
inline constexpr bool eight_lane_lookups = true;
#else
inline constexpr bool eight_lane_lookups = false;
#endif

/// Up to 16 doubles, for eight lookups at once.
class small_table {
 public:
  static constexpr std::size_t capacity = 16;

  small_table() = default;
  explicit small_table(const std::vector<double>& values) : m_fits(values.size() <= capacity) {
    if (m_fits) std::copy(values.begin(), values.end(), m_values);
  }
  /// Whether lookup() is there and the table fits.
  [[nodiscard]] bool available() const noexcept { return eight_lane_lookups && m_fits; }

#if CXSCORE_KERNEL_AVX512
  /// values[index[k]] for each of the eight 64-bit lanes (index < 16; only its low four bits are read).
  [[nodiscard]] __m512d lookup(__m512i index) const noexcept {
    return _mm512_permutex2var_pd(_mm512_load_pd(m_values), index, _mm512_load_pd(m_values + 8));
  }
#endif

 private:
  alignas(64) double m_values[capacity] = {};
  bool m_fits = false;
};

/// The codes of bytes 0-15 and 255 of a byte column's 256-entry table, for eight rows at once. Usable
/// only where no valid row holds a byte in 16-254 (every such entry is a code validate() refuses): the
/// lookup reads any byte above 15 as byte 255.
class byte_code_table {
 public:
  static constexpr std::size_t capacity = 16;
  static constexpr std::size_t missing_byte = 255;

  byte_code_table() = default;
  /// `table`: the column's 256 codes; `is_valid(code)`: whether validate() accepts a row with that code.
  template <class Code, class IsValid>
  byte_code_table(std::span<const Code> table, IsValid is_valid) : m_fits(table.size() == missing_byte + 1) {
    for (std::size_t b = capacity; m_fits && b < missing_byte; ++b) m_fits = !is_valid(table[b]);
    if (!m_fits) return;
    for (std::size_t b = 0; b < capacity; ++b) m_codes[b] = static_cast<std::int64_t>(table[b]);
    m_missing = static_cast<std::int64_t>(table[missing_byte]);
  }
  /// Whether lookup() is there and the table could be used.
  [[nodiscard]] bool available() const noexcept { return eight_lane_lookups && m_fits; }

#if CXSCORE_KERNEL_AVX512
  /// The codes of bytes[0 .. 7], as eight 64-bit lanes (sign-extended).
  [[nodiscard]] __m512i lookup(const std::uint8_t* bytes) const noexcept {
    const __m512i b = _mm512_cvtepu8_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes)));
    const __m512i low = _mm512_permutex2var_epi64(_mm512_load_si512(m_codes), b, _mm512_load_si512(m_codes + 8));
    const __mmask8 high = _mm512_cmpgt_epu64_mask(b, _mm512_set1_epi64(capacity - 1));
    return _mm512_mask_blend_epi64(high, low, _mm512_set1_epi64(m_missing));
  }
#endif

 private:
  alignas(64) std::int64_t m_codes[capacity] = {};
  std::int64_t m_missing = 0;
  bool m_fits = false;
};

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
