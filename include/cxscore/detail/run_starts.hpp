#pragma once
/// Where the runs of equal codes start in a stretch of a column (the customer-sorted kernel's customers):
/// 0, then every j whose code differs from the one before. With AVX-512, sixteen rows at a time (one
/// compare of the codes with themselves one row back, and a compress of the positions where they differ);
/// otherwise a store every row and a step at each new run, with no branch on the data.
///
/// ```cpp
/// std::uint32_t codes[] = {7, 7, 9, 9, 9, 4};
/// std::uint32_t starts[6 + cxscore::detail::run_starts_slack];
/// std::size_t runs = cxscore::detail::find_run_starts(codes, 6, starts);  // 3: {0, 2, 5}
/// ```
#include <bit>
#include <cstddef>
#include <cstdint>

#include "cxscore/detail/kernel_target.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

/// Entries past n that find_run_starts() may write (scratch beyond the last start).
inline constexpr std::size_t run_starts_slack = 16;

/// Writes the start of each run of equal codes among codes[0 .. n) (n >= 1) to starts, which must hold
/// n + run_starts_slack entries; returns the number of runs.
inline std::size_t find_run_starts(const std::uint32_t* codes, std::size_t n, std::uint32_t* starts) noexcept {
  std::size_t runs = 1;
  starts[0] = 0;
  std::size_t j = 1;
#if CXSCORE_KERNEL_AVX512
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  for (; j + 16 <= n; j += 16) {
    const __m512i code = _mm512_loadu_si512(codes + j);
    const __m512i before = _mm512_loadu_si512(codes + j - 1);
    const __mmask16 starts_here = _mm512_cmpneq_epu32_mask(code, before);
    // The register form of the compress, then a whole-vector store: the memory form is slow on some cores.
    const __m512i at = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(j)), lane);
    _mm512_storeu_si512(starts + runs, _mm512_maskz_compress_epi32(starts_here, at));
    runs += static_cast<std::size_t>(std::popcount(static_cast<unsigned>(starts_here)));
  }
#endif
  for (; j < n; ++j) {
    starts[runs] = static_cast<std::uint32_t>(j);
    runs += codes[j] != codes[j - 1] ? 1 : 0;
  }
  return runs;
}

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
