#include "cxscore/retained_memory.hpp"

#include <algorithm>
#include <mutex>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "cxscore/detail/huge_page_memory.hpp"

namespace cxscore {

namespace {

struct kept_blocks {
  std::mutex lock;
  std::vector<detail::sized_block> oldest_first;
  std::size_t bytes = 0;
  std::size_t limit = 0;

  /// Gives back the oldest blocks until at most `most` bytes are kept (the lock held).
  void keep_at_most(std::size_t most) noexcept {
    std::size_t gone = 0;
    for (; bytes > most; ++gone) {
      ::operator delete (oldest_first[gone].memory, std::align_val_t{detail::huge_page_bytes});
      bytes -= oldest_first[gone].bytes;
    }
    oldest_first.erase(oldest_first.begin(), oldest_first.begin() + static_cast<std::ptrdiff_t>(gone));
  }
};

/// Built in place and never destroyed: a numpy array over a block may be freed while the interpreter shuts down,
/// after static destructors have run.
kept_blocks& kept() noexcept {
  alignas(kept_blocks) static unsigned char storage[sizeof(kept_blocks)];
  static kept_blocks* const blocks = ::new (static_cast<void*>(storage)) kept_blocks;
  return *blocks;
}

std::size_t machine_memory() noexcept {
#if defined(__linux__)
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) return static_cast<std::size_t>(pages) * static_cast<std::size_t>(page);
#endif
  return 0;
}

}  // namespace

void set_retained_memory_limit(std::size_t bytes) noexcept {
  auto& k = kept();
  const std::scoped_lock hold(k.lock);
  k.limit = bytes;
  k.keep_at_most(k.limit);
}

std::size_t retained_memory_limit() noexcept {
  auto& k = kept();
  const std::scoped_lock hold(k.lock);
  return k.limit;
}

std::size_t default_retained_memory_limit() noexcept { return std::min(std::size_t{1} << 30, machine_memory() / 16); }

std::size_t retained_memory() noexcept {
  auto& k = kept();
  const std::scoped_lock hold(k.lock);
  return k.bytes;
}

std::size_t release_retained_memory() noexcept {
  auto& k = kept();
  const std::scoped_lock hold(k.lock);
  const std::size_t given_back = k.bytes;
  k.keep_at_most(0);
  return given_back;
}

namespace detail {

sized_block take_retained_block(std::size_t bytes) noexcept {
  auto& k = kept();
  const std::scoped_lock hold(k.lock);
  auto best = k.oldest_first.end();
  for (auto it = k.oldest_first.begin(); it != k.oldest_first.end(); ++it)
    if (it->bytes >= bytes && it->bytes / 2 <= bytes && (best == k.oldest_first.end() || it->bytes < best->bytes))
      best = it;
  if (best == k.oldest_first.end()) return {};
  const sized_block taken = *best;
  k.bytes -= taken.bytes;
  k.oldest_first.erase(best);
  return taken;
}

void retain_block(void* block, std::size_t bytes) noexcept {
  auto& k = kept();
  const std::scoped_lock hold(k.lock);
  bool keep = bytes <= k.limit;
#if defined(__linux__) && defined(MADV_FREE)
  keep = keep && madvise(block, bytes, MADV_FREE) == 0;  // the pages the kernel's to take, until written again
#else
  keep = false;  // without lazy freeing, kept pages would stay the process's whatever the need elsewhere
#endif
  if (keep) {
    try {
      k.oldest_first.push_back({block, bytes});
    } catch (const std::bad_alloc&) {
      keep = false;
    }
  }
  if (!keep) return ::operator delete (block, std::align_val_t{huge_page_bytes});
  k.bytes += bytes;
  k.keep_at_most(k.limit);
}

}  // namespace detail

}  // namespace cxscore
