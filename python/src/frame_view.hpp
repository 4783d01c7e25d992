#pragma once
// The event columns of a frame that Python prepared (cxscore/_columns.py), as the core's event_view over
// the caller's arrays: no copy. Shared by the bindings that score, attribute service demand and monitor.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <span>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"

namespace cxscore::python {

namespace py = pybind11;

template <class T>
inline std::span<const T> column(const py::dict& columns, const char* name, bool optional) {
  const py::object o = columns.contains(name) ? py::object(columns[name]) : py::object(py::none());
  if (o.is_none()) {
    if (optional) return {};
    throw py::type_error(std::string("missing column '") + name + "'");
  }
  using array = py::array_t<T, py::array::c_style>;
  if (!py::isinstance<array>(o) || py::reinterpret_borrow<py::array>(o).ndim() != 1)
    throw py::type_error(std::string("column '") + name + "' must be a one-dimensional C-contiguous " +
                         py::str(py::dtype::of<T>()).cast<std::string>() + " array");
  const auto a = py::reinterpret_borrow<array>(o);
  return {a.data(), static_cast<std::size_t>(a.size())};
}

/// The event columns of a prepared frame, as the core's view over the caller's arrays.
struct frame_view {
  std::vector<std::string> dimension_names;
  event_view view;

  explicit frame_view(const py::dict& c)
      : dimension_names(c.contains("dimension_names") ? c["dimension_names"].cast<std::vector<std::string>>()
                                                      : std::vector<std::string>{}) {
    view = {.customer = column<std::uint32_t>(c, "customer", false),
            .touchpoint = column<touchpoint_code>(c, "touchpoint", false),
            .time = column<double>(c, "time", true),  // validate() says whether it may be absent
            .experience = column<double>(c, "experience", false),
            .expectation = column<double>(c, "expectation", true),
            .dimension = column<std::int32_t>(c, "dimension", true),
            .customer_count = c["customer_count"].cast<std::size_t>(),
            .dimension_names = dimension_names};
  }
};

}  // namespace cxscore::python
