#pragma once
// The parts of the cxscore._core module, one per concept, and moving C++ vectors into numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <span>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"

namespace cxscore::python {

namespace py = pybind11;

void bind_drivers(py::module_& m);
void bind_errors(py::module_& m);
void bind_metrics(py::module_& m);
void bind_journey_map(py::module_& m);
void bind_model(py::module_& m);
void bind_score(py::module_& m);
void bind_simulate(py::module_& m);

/// A numpy array that takes over `v`'s buffer: no copy, freed with the array.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto* owned = new std::vector<T>(std::move(v));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), free_when_done);
}

/// A 1-d C-contiguous array `name` of `columns` as a span over its memory (no copy); TypeError otherwise.
template <class T>
std::span<const T> column(const py::dict& columns, const char* name, bool optional) {
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
            .time = column<double>(c, "time", false),
            .experience = column<double>(c, "experience", false),
            .expectation = column<double>(c, "expectation", true),
            .dimension = column<std::int32_t>(c, "dimension", true),
            .customer_count = c["customer_count"].cast<std::size_t>(),
            .dimension_names = dimension_names};
  }
};

/// json.loads(text)
inline py::object from_json_text(const std::string& text) { return py::module_::import("json").attr("loads")(text); }

}  // namespace cxscore::python
