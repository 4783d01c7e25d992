#pragma once
/// Large blocks that cxscore allocates for columns and scratch (huge_page_memory.hpp) may be kept, once freed, for
/// the next request of about their size instead of being unmapped. A fresh block is pages the kernel must find, map
/// and zero on first touch (under a hypervisor that takes freed memory back, a fault on the host as well): a process
/// that scores, or reads a file, again and again (a notebook, a service, a benchmark) would pay that on every call
/// for the same sizes.
///
/// Kept blocks are advised MADV_FREE: the kernel may take their pages whenever memory is short, and until then they
/// are reused as they are (counted in the process's resident memory meanwhile). At most the limit is kept, the
/// oldest freed given back first. The limit is 0 (nothing kept) unless set: a program that scores once, as the
/// command does, gains nothing from it; the Python module sets default_retained_memory_limit() when it loads.
/// Linux only: elsewhere nothing is kept.
///
/// ```cpp
/// cxscore::set_retained_memory_limit(cxscore::default_retained_memory_limit());
/// ...                                    // score, read files
/// cxscore::release_retained_memory();   // give every kept block back now
/// ```
#include <cstddef>

namespace cxscore {

/// Keeps at most `bytes` of freed blocks from now on (0: none), giving back the oldest beyond it now.
void set_retained_memory_limit(std::size_t bytes) noexcept;

/// The limit set (0 unless set).
[[nodiscard]] std::size_t retained_memory_limit() noexcept;

/// A sixteenth of the machine's memory, at most 1 GiB: room for the columns and scratch of a few 10^7-event calls.
[[nodiscard]] std::size_t default_retained_memory_limit() noexcept;

/// The bytes kept now.
[[nodiscard]] std::size_t retained_memory() noexcept;

/// Gives back every kept block; returns the bytes given back.
std::size_t release_retained_memory() noexcept;

namespace detail {

/// A block of memory and its size.
struct sized_block {
  void* memory = nullptr;
  std::size_t bytes = 0;
};

/// A kept block of at least `bytes` and at most twice that (the smallest such), no longer kept; a null block for
/// none. `bytes` is a multiple of the huge page size, and so are the block's size and alignment.
[[nodiscard]] sized_block take_retained_block(std::size_t bytes) noexcept;

/// Keeps `block`, `bytes` long, aligned to the huge page size and from aligned operator new (or
/// take_retained_block()), or gives it back when the limit leaves no room for it.
void retain_block(void* block, std::size_t bytes) noexcept;

}  // namespace detail

}  // namespace cxscore
