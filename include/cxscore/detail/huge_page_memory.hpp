#pragma once
/// Memory for large, freshly written arrays. A new array of 10^7 rows is tens of megabytes of pages the
/// kernel has never handed out: at 4 KB a page, faulting them in (and zeroing them) costs as much as the
/// loop that fills them. Blocks of 2 MB or more are therefore allocated 2 MB-aligned (and rounded up to
/// whole 2 MB pages) and offered to the kernel for transparent huge pages (madvise; Linux only, a no-op
/// elsewhere or when THP is off), so they fault in 2 MB at a time. Allocated with operator new, so that
/// whatever counts the program's allocations counts these. Freed, they may be kept for reuse
/// (cxscore/retained_memory.hpp).
///
/// ```cpp
/// auto memory = cxscore::detail::allocate_for_overwrite(n * sizeof(double));
/// auto* column = static_cast<double*>(memory.get());
/// ```
#include <cstddef>
#include <memory>
#include <new>

#include "cxscore/retained_memory.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cxscore::detail {

inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

/// Gives back what allocate_for_overwrite() took: a small block to operator delete, whole huge pages to the kept
/// blocks (cxscore/retained_memory.hpp).
struct release_memory {
  std::size_t huge_bytes = 0;  ///< the block's size in whole huge pages, 0 for a small block
  void operator()(void* p) const noexcept {
    if (huge_bytes == 0) return ::operator delete (p, std::align_val_t{alignof(std::max_align_t)});
    retain_block(p, huge_bytes);
  }
};
using allocated_memory = std::unique_ptr<void, release_memory>;

/// `bytes` of uninitialised memory, aligned for any type; from 2 MB on, whole huge pages, advised as such.
[[nodiscard]] inline allocated_memory allocate_for_overwrite(std::size_t bytes) {
  if (bytes < huge_page_bytes)
    return {::operator new (bytes == 0 ? 1 : bytes, std::align_val_t{alignof(std::max_align_t)}), release_memory{}};
  const std::size_t rounded = (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
  if (const sized_block kept = take_retained_block(rounded); kept.memory != nullptr)
    return {kept.memory, release_memory{kept.bytes}};
  allocated_memory memory(::operator new (rounded, std::align_val_t{huge_page_bytes}), release_memory{rounded});
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  (void)madvise(memory.get(), rounded, MADV_HUGEPAGE);  // advice only: without THP the pages are ordinary
#endif
  return memory;
}

}  // namespace cxscore::detail
