#pragma once
/// What score() (score.cpp) and its per-target kernels (score_<target>.cpp) share: each target's entry
/// point, and every header the kernel uses that is not the kernel's own.
///
/// A target file includes this header first, then opens its region of target attributes, then includes
/// score_body.hpp. Headers first included inside the region would have their inline functions compiled
/// for that target under their usual names, and the linker keeps one copy of each such function for the
/// whole program: a program could then run AVX-512 code on a CPU without it. So everything outside the
/// kernel's own headers (those that include detail/kernel_target.hpp) is included here, before any region, and
/// the kernel's headers are compiled in a namespace of each target's own.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numbers>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "cxscore/customer_table.hpp"
#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/detail/prefetch.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/group_summary.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/score.hpp"
#include "cxscore/time.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore::detail {

// score() compiled for one target: the same code and the same bits, in score_<target>.cpp. Inline
// namespaces, as the kernel's headers open them again for their own target (see detail/kernel_target.hpp).
inline namespace baseline {
[[nodiscard]] score_result score_on_target(const event_view& ev, const journey_map& map, const model& m,
                                           const score_options& opt);
}
inline namespace avx2 {
[[nodiscard]] score_result score_on_target(const event_view& ev, const journey_map& map, const model& m,
                                           const score_options& opt);
}
inline namespace avx512 {
[[nodiscard]] score_result score_on_target(const event_view& ev, const journey_map& map, const model& m,
                                           const score_options& opt);
}

}  // namespace cxscore::detail
