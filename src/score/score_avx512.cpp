// score() for x86-64 CPUs with AVX-512 (F, CD, BW, DQ, VL: the x86-64-v4 set, which score.cpp checks the
// CPU for) and the AVX2 target's features. No FMA: the kernel's sums must round as they do on every other
// target.
#include "score_target.hpp"

#define CXSCORE_KERNEL_NAMESPACE avx512
#define CXSCORE_KERNEL_AVX512 1
#if defined(__clang__)
#pragma clang attribute push( \
    __attribute__((target("avx2,bmi,bmi2,popcnt,avx512f,avx512cd,avx512bw,avx512dq,avx512vl"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,popcnt,avx512f,avx512cd,avx512bw,avx512dq,avx512vl")
#endif

#include "score_body.hpp"

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
