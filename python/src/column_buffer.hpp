#pragma once
// A fresh numpy column for a whole-column conversion. A new array of 10^7 rows is 40-80 MB of pages the
// kernel has never handed out: at 4 KB a page, faulting them in (and zeroing them) costs as much as the
// conversion itself. Columns of 2 MB or more are therefore allocated 2 MB-aligned and offered to the
// kernel for transparent huge pages (madvise; Linux only, a no-op elsewhere or when THP is off), so they
// fault in 2 MB at a time.
#include <pybind11/numpy.h>

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cxscore::python {

inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

template <class T>
pybind11::array_t<T> column_buffer(std::size_t n) {
  const std::size_t bytes = n * sizeof(T);
  if (bytes < huge_page_bytes) return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(n));
  const std::size_t rounded = (bytes + huge_page_bytes - 1) / huge_page_bytes * huge_page_bytes;
  void* memory = std::aligned_alloc(huge_page_bytes, rounded);
  if (memory == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  (void)madvise(memory, rounded, MADV_HUGEPAGE);  // advice only: without THP the pages are ordinary
#endif
  pybind11::capsule free_when_done(memory, [](void* p) { std::free(p); });
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(n), static_cast<T*>(memory), free_when_done);
}

}  // namespace cxscore::python
