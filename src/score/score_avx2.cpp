// score() for x86-64 CPUs with AVX2 (score.cpp checks the CPU for every feature named here). No FMA: the
// kernel's sums must round as they do on every other target.
#include "score_target.hpp"

#define CXSCORE_KERNEL_NAMESPACE avx2
#define CXSCORE_KERNEL_AVX512 0
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,bmi,bmi2,popcnt"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,bmi,bmi2,popcnt")
#endif

#include "score_body.hpp"

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
