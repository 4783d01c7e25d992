#pragma once
// A fresh numpy column for a whole-column conversion, in huge pages where it is large
// (cxscore/detail/huge_page_memory.hpp says why).
#include <pybind11/numpy.h>

#include <cstddef>
#include <memory>
#include <utility>

#include "cxscore/detail/huge_page_memory.hpp"
#include "owned_array.hpp"

namespace cxscore::python {

template <class T>
pybind11::array_t<T> column_buffer(std::size_t n) {
  const std::size_t bytes = n * sizeof(T);
  if (bytes < detail::huge_page_bytes) return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(n));
  auto memory = std::make_unique<detail::allocated_memory>(detail::allocate_for_overwrite(bytes));
  T* data = static_cast<T*>(memory->get());
  return array_owning(std::move(memory), data, n);
}

}  // namespace cxscore::python
