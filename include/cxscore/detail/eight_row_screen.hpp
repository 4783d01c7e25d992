#pragma once
/// row_screen's test (event_table.hpp) of eight contiguous rows at once, in AVX-512 registers, so that the
/// sorted path of score() screens rows that were not validated as it measures them (encounter_block.hpp's
/// measure_screened()), reading each column once. row_screen is compiled for the baseline target, outside
/// the kernel's region of target attributes (kernel_target.hpp), and tests a row at a time: beside the
/// vectorised measuring it was a fifth of scoring a frame.
///
/// The test is row_screen's, but for the customer code: the sorted path has checked every run's code
/// against its block's range (score_kernel.hpp's score_sorted_block), and each row of a run holds its
/// run's code. eight_row_screen_test checks it against find_row_problem row by row. A row is valid when its
/// touchpoint code is a touchpoint's; its experience lies in that touchpoint's scale; its expectation lies
/// in the scale, or is NaN for a touchpoint with a promise (without an expectation column, the touchpoint
/// has a promise); its time, where the view has times, is in the calendar; and its dimension code, where
/// the view has dimensions, is a dimension's or no_dimension.
///
/// ```cpp
/// cxscore::detail::eight_row_screen screen(events, map);
/// // with AVX-512: __mmask8 ok = screen.passing(events, touchpoint_codes, row);  // rows row .. row + 7
/// ```
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cxscore/detail/kernel_target.hpp"
#include "cxscore/detail/small_table_lookup.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/time.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

class eight_row_screen {
 public:
  eight_row_screen(const event_view& ev, const journey_map& map)
      : m_touchpoints(map.size()), m_dimensions(ev.dimension_names.size()) {
    std::vector<double> lo, hi, promised;
    for (std::size_t t = 0; t < map.size(); ++t) {
      const touchpoint& tp = map[static_cast<touchpoint_code>(t)];
      lo.push_back(tp.scale.lo);
      hi.push_back(tp.scale.hi);
      promised.push_back(tp.has_promise() ? 1.0 : 0.0);
    }
    m_lo = small_table(lo), m_hi = small_table(hi), m_promised = small_table(promised);
    // A byte touchpoint column is read through byte_code_table, which reads bytes 16-254 as byte 255: usable
    // where the table can be, as for the kernel's own lookups (encounter_constants::touchpoint_bytes).
    const auto touchpoint_table = ev.touchpoint.byte_table();
    m_touchpoint_bytes_fit = touchpoint_table.empty() || byte_code_table(touchpoint_table, [&](touchpoint_code t) {
                                                           return t < map.size();
                                                         }).available();
    // A byte dimension column: which of the 256 bytes read a valid code, as four 64-bit words.
    const auto table = ev.dimension.byte_table();
    for (std::size_t b = 0; b < table.size(); ++b)
      if (is_dimension_code(table[b], m_dimensions)) m_valid_dimension_bytes[b / 64] |= std::uint64_t{1} << (b % 64);
  }

  /// Whether passing() is there and the touchpoints fit its tables.
  [[nodiscard]] bool available() const noexcept { return m_lo.available() && m_touchpoint_bytes_fit; }

#if CXSCORE_KERNEL_AVX512
  /// Which of rows row .. row + 7 of `ev` pass (bit k for row + k), given their touchpoint codes `t` as
  /// encounter_block.hpp's eight_codes() reads them (a byte column's bytes 16-254 as byte 255: refused here).
  [[nodiscard]] __mmask8 passing(const event_view& ev, __m512i t, std::size_t row) const noexcept {
    __mmask8 ok = _mm512_cmplt_epu64_mask(t, _mm512_set1_epi64(static_cast<long long>(m_touchpoints)));
    if (const std::uint8_t* bytes = ev.touchpoint.bytes()) {
      const __m512i b = eight_bytes(bytes + row);
      ok = both(ok, either(_mm512_cmple_epu64_mask(b, _mm512_set1_epi64(15)),
                           _mm512_cmpeq_epu64_mask(b, _mm512_set1_epi64(255))));
    }
    const __m512d lo = m_lo.lookup(t), hi = m_hi.lookup(t);
    const __mmask8 promised = _mm512_cmp_pd_mask(m_promised.lookup(t), _mm512_setzero_pd(), _CMP_NEQ_OQ);
    ok = both(ok, within(_mm512_loadu_pd(ev.experience.data() + row), lo, hi));
    if (!ev.expectation.empty()) {
      const __m512d e = _mm512_loadu_pd(ev.expectation.data() + row);
      ok = both(ok, either(within(e, lo, hi), both(_mm512_cmp_pd_mask(e, e, _CMP_UNORD_Q), promised)));
    } else {
      ok = both(ok, promised);
    }
    if (!ev.time.empty())
      ok = both(ok, within(_mm512_loadu_pd(ev.time.data() + row), _mm512_set1_pd(earliest_calendar_time),
                           _mm512_set1_pd(latest_calendar_time)));
    if (!ev.dimension.empty()) ok = both(ok, dimensions_passing(ev.dimension, row));
    return ok;
  }
#endif

 private:
#if CXSCORE_KERNEL_AVX512
  [[nodiscard]] static __mmask8 both(__mmask8 a, __mmask8 b) noexcept { return static_cast<__mmask8>(a & b); }
  [[nodiscard]] static __mmask8 either(__mmask8 a, __mmask8 b) noexcept { return static_cast<__mmask8>(a | b); }
  /// Which of x's lanes lie in [lo, hi] (NaN: none).
  [[nodiscard]] static __mmask8 within(__m512d x, __m512d lo, __m512d hi) noexcept {
    return both(_mm512_cmp_pd_mask(x, lo, _CMP_GE_OQ), _mm512_cmp_pd_mask(x, hi, _CMP_LE_OQ));
  }
  [[nodiscard]] static __m512i eight_bytes(const std::uint8_t* bytes) noexcept {
    return _mm512_cvtepu8_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes)));
  }
  /// Which of rows row .. row + 7 hold a dimension's code or no_dimension.
  [[nodiscard]] __mmask8 dimensions_passing(const code_column<std::int32_t>& dimension,
                                            std::size_t row) const noexcept {
    if (const std::uint8_t* bytes = dimension.bytes()) {  // bit b % 64 of word b / 64
      const __m512i b = eight_bytes(bytes + row);
      const __m512i words = _mm512_permutexvar_epi64(
          _mm512_srli_epi64(b, 6),
          _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(m_valid_dimension_bytes.data()))));
      const __m512i bit = _mm512_srlv_epi64(words, _mm512_and_si512(b, _mm512_set1_epi64(63)));
      return _mm512_test_epi64_mask(bit, _mm512_set1_epi64(1));
    }
    // is_dimension_code: d + 1 (no_dimension reads 0) below the dimensions + 1, as unsigned.
    const __m512i d =
        _mm512_cvtepi32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(dimension.codes() + row)));
    return _mm512_cmplt_epu64_mask(_mm512_add_epi64(d, _mm512_set1_epi64(1)),
                                   _mm512_set1_epi64(static_cast<long long>(m_dimensions) + 1));
  }
#endif

  small_table m_lo, m_hi, m_promised;  ///< each touchpoint's scale, and 1 where it has a promise
  std::size_t m_touchpoints, m_dimensions;
  bool m_touchpoint_bytes_fit = true;
  std::array<std::uint64_t, 4> m_valid_dimension_bytes{};
};

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
