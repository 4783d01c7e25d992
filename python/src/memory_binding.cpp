// The kept blocks of cxscore/retained_memory.hpp: an interpreter is a long-lived process that scores again and
// again, so the module keeps freed columns and scratch for reuse from the moment it loads.
#include "bindings.hpp"
#include "cxscore/retained_memory.hpp"

namespace cxscore::python {

void bind_memory(py::module_& m) {
  set_retained_memory_limit(default_retained_memory_limit());
  m.def("release_retained_memory", &release_retained_memory,
        "Gives back every freed block kept for reuse; returns the bytes given back.");
  m.def("retained_memory", &retained_memory, "The bytes of freed blocks kept for reuse now.");
  m.def("retained_memory_limit", &retained_memory_limit, "The most bytes of freed blocks kept for reuse.");
  m.def("set_retained_memory_limit", &set_retained_memory_limit, py::arg("bytes"),
        "Keeps at most `bytes` of freed blocks for reuse from now on (0: none).");
}

}  // namespace cxscore::python
