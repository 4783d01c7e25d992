#pragma once
// A numpy array over memory that an owner object holds, the owner freed with the array.
#include <pybind11/numpy.h>

#include <cstddef>
#include <memory>

namespace cxscore::python {

/// The `n` values at `data` (inside what `owner` holds) as a numpy array that takes `owner` over: no copy. The
/// owner passes to the array's capsule once that exists, so it is freed whatever throws on the way.
template <class T, class Owner>
pybind11::array_t<T> array_owning(std::unique_ptr<Owner> owner, T* data, std::size_t n) {
  pybind11::capsule free_when_done(owner.get(), [](void* p) { delete static_cast<Owner*>(p); });
  owner.release();  // the capsule's now
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(n), data, free_when_done);
}

}  // namespace cxscore::python
