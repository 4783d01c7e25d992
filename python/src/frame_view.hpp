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

/// A code column: wide (`T` per row), or bytes (uint8 per row) when the columns carry `<name>_table`, the
/// 256 codes of the byte values (see cxscore/code_column.hpp): a categorical's int8 codes as they are.
template <class T>
inline code_column<T> code_column_of(const py::dict& columns, const char* name, bool optional) {
  const std::string table_name = std::string(name) + "_table";
  if (!columns.contains(table_name.c_str())) return column<T>(columns, name, optional);
  const auto table = column<T>(columns, table_name.c_str(), false);
  if (table.size() != code_column<T>::byte_table_size)
    throw py::value_error("column '" + table_name + "' must hold 256 codes, not " + std::to_string(table.size()));
  return code_column<T>::of_bytes(column<std::uint8_t>(columns, name, false), table);
}

/// The event columns of a prepared frame, as the core's view over the caller's arrays.
struct frame_view {
  std::vector<std::string> dimension_names;
  event_view view;

  explicit frame_view(const py::dict& c)
      : dimension_names(c.contains("dimension_names") ? c["dimension_names"].cast<std::vector<std::string>>()
                                                      : std::vector<std::string>{}) {
    view = {.customer = column<std::uint32_t>(c, "customer", false),
            .touchpoint = code_column_of<touchpoint_code>(c, "touchpoint", false),
            .time = column<double>(c, "time", true),  // validate() says whether it may be absent
            .experience = column<double>(c, "experience", false),
            .expectation = column<double>(c, "expectation", true),
            .dimension = code_column_of<std::int32_t>(c, "dimension", true),
            .customer_count = c["customer_count"].cast<std::size_t>(),
            .dimension_names = dimension_names};
  }
};

}  // namespace cxscore::python
