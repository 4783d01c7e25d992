#pragma once
/// Which instruction set the scoring kernel's headers (score_kernel, customer_regrouping, encounter_block,
/// eight_row_screen, group_lanes, run_starts, small_table_lookup, vector_math) are compiled for, and the namespace
/// that keeps each compilation apart.
///
/// The library compiles them once per target (src/score/score_<target>.cpp), inside a region of target
/// attributes and in an inline namespace of its own: the copies of one inline function compiled for
/// different targets never share a symbol, which the linker would otherwise merge into one (perhaps the
/// AVX-512 one, for every caller). Included on their own (tests, benchmarks), the headers follow the
/// compiler's flags, in the namespace `as_built`.
///
/// ```cpp
/// #define CXSCORE_KERNEL_NAMESPACE avx512  // before any kernel header, inside the target region
/// #define CXSCORE_KERNEL_AVX512 1
/// ```
#ifndef CXSCORE_KERNEL_NAMESPACE
#define CXSCORE_KERNEL_NAMESPACE as_built
#endif

/// 1 where the kernel's AVX-512 intrinsics paths are compiled in.
#ifndef CXSCORE_KERNEL_AVX512
#if defined(__AVX512F__)
#define CXSCORE_KERNEL_AVX512 1
#else
#define CXSCORE_KERNEL_AVX512 0
#endif
#endif

#if CXSCORE_KERNEL_AVX512
#include <immintrin.h>
#endif
