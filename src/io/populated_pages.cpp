#include "internal/populated_pages.hpp"

#include <cstddef>
#include <cstdint>

#if __has_include(<sys/mman.h>) && __has_include(<unistd.h>)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace cxscore::detail {

void populate_pages(void* from, void* to) noexcept {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  char* begin = static_cast<char*>(from);
  char* end = static_cast<char*>(to);
  if (const std::uintptr_t past = reinterpret_cast<std::uintptr_t>(begin) % page; past != 0) begin += page - past;
  end -= reinterpret_cast<std::uintptr_t>(end) % page;
  // Only the pages wholly inside: the others hold, or neighbour, memory in use. Advice only: a refusal is harmless.
  if (begin < end) (void)::madvise(begin, static_cast<std::size_t>(end - begin), MADV_POPULATE_WRITE);
#else
  (void)from, (void)to;
#endif
}

}  // namespace cxscore::detail
