// score() and its choice of instruction-set target: the kernel is compiled once per target
// (score_<target>.cpp, the same source) and the CPU is asked once which of them it runs.
#include <cstdlib>
#include <string>
#include <string_view>

#include "score_target.hpp"

namespace cxscore {

namespace {

/// Whether the library holds the kernels for the x86-64 targets (CMake compiles them on x86-64 with
/// GCC or Clang) and this CPU runs `t`.
bool cpu_runs(simd_target t) noexcept {
#if defined(CXSCORE_X86_TARGETS)
  // Every feature the target's region enables (score_avx2.cpp, score_avx512.cpp).
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
                    __builtin_cpu_supports("popcnt");
  switch (t) {
    case simd_target::avx2: return avx2;
    case simd_target::avx512:
      return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
             __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512vl");
    default: return true;
  }
#else
  return t == simd_target::automatic || t == simd_target::baseline;
#endif
}

/// The widest target this CPU runs, asked once.
simd_target widest_available() noexcept {
  static const simd_target widest = [] {
    for (simd_target t : {simd_target::avx512, simd_target::avx2})
      if (cpu_runs(t)) return t;
    return simd_target::baseline;
  }();
  return widest;
}

/// The target CXSCORE_FORCE_ISA names, or `automatic` where it is unset or empty.
simd_target forced_target() {
  const char* value = std::getenv("CXSCORE_FORCE_ISA");
  if (value == nullptr || *value == '\0') return simd_target::automatic;
  for (simd_target t : {simd_target::baseline, simd_target::avx2, simd_target::avx512})
    if (std::string_view(value) == simd_target_name(t)) return t;
  detail::fail({"environment", 0, "CXSCORE_FORCE_ISA", value}, "expected baseline, avx2 or avx512");
}

}  // namespace

const char* simd_target_name(simd_target t) noexcept {
  switch (t) {
    case simd_target::baseline: return "baseline";
    case simd_target::avx2: return "avx2";
    case simd_target::avx512: return "avx512";
    default: return "automatic";
  }
}

bool simd_target_available(simd_target t) noexcept { return cpu_runs(t); }

simd_target resolve_simd_target(simd_target requested) {
  const simd_target t = requested == simd_target::automatic ? forced_target() : requested;
  if (t == simd_target::automatic) return widest_available();
  if (!cpu_runs(t))
    detail::fail({requested == simd_target::automatic ? "environment" : "score_options", 0,
                  requested == simd_target::automatic ? "CXSCORE_FORCE_ISA" : "simd", simd_target_name(t)},
                 "this CPU does not run the target, or the library was built without it");
  return t;
}

void check_brand_weight(const score_result& r, const std::string& source) {
  if (r.brand.customers > 0 && !(r.brand.customer_weight > 0))
    detail::fail({source, 0, "weight", "0"}, "the customer weights sum to 0, so no brand score exists");
}

score_result score(const event_view& ev, const journey_map& map, const model& m, const score_options& opt) {
  switch (resolve_simd_target(opt.simd)) {
#if defined(CXSCORE_X86_TARGETS)
    case simd_target::avx512: return detail::avx512::score_on_target(ev, map, m, opt);
    case simd_target::avx2: return detail::avx2::score_on_target(ev, map, m, opt);
#endif
    default: return detail::baseline::score_on_target(ev, map, m, opt);
  }
}

}  // namespace cxscore
