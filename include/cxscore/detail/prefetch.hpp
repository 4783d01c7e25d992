#pragma once
/// Asking for memory before a loop reads it: a line or every cache line of a byte range, their addresses
/// computed as integers, so the range may run past the end of an array (a prefetch never faults). A no-op
/// where the compiler has no prefetch builtin.
///
/// ```cpp
/// cxscore::detail::prefetch_range(column + next, 512 * sizeof(double));  // the next 512 rows
/// ```
#include <cstddef>
#include <cstdint>

namespace cxscore::detail {

inline constexpr std::size_t cache_line_bytes = 64;

/// How far ahead a loop of hash-table lookups asks for the entry it will look up (absl's prefetch): enough
/// lookups in flight to cover a miss to memory.
inline constexpr std::size_t lookups_in_flight = 8;

/// __builtin_prefetch(p + offset, Write, Locality), the address formed as an integer: pointer arithmetic
/// past the end of an array would be undefined.
template <int Write, int Locality>
void prefetch_address(const void* p, std::size_t offset) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(reinterpret_cast<const void*>(  // NOLINT(performance-no-int-to-ptr)
                         reinterpret_cast<std::uintptr_t>(p) + offset),
                     Write, Locality);
#else
  (void)p, (void)offset;
#endif
}

/// Prefetches the line holding address p + offset, as a line to be read once (prefetchnta on x86): the
/// columns stream through, and the hint keeps them from pushing the kernel's block out of L1
/// (cxscore_bench's sorted scoring cases, against the default hint prefetcht0, are the judge of that).
inline void prefetch_at(const void* p, std::size_t offset) noexcept { prefetch_address<0, 0>(p, offset); }

/// Prefetches the line holding address p + offset, to be written (prefetchw on x86): a store that misses
/// the cache waits for the line, and a loop storing to many places at once fills the store buffer.
inline void prefetch_for_write(const void* p, std::size_t offset) noexcept { prefetch_address<1, 3>(p, offset); }

/// Prefetches the lines of [p, p + bytes).
inline void prefetch_range(const void* p, std::size_t bytes) noexcept {
  for (std::size_t offset = 0; offset < bytes; offset += cache_line_bytes) prefetch_at(p, offset);
}

}  // namespace cxscore::detail
