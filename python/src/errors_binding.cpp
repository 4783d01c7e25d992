// cxscore::input_error arrives in Python as cxscore.InputError (a ValueError) with its location.
#include "bindings.hpp"
#include "cxscore/error.hpp"

namespace cxscore::python {

void bind_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const input_error& e) {
      const py::object type = py::module_::import("cxscore._errors").attr("InputError");
      const location& w = e.where();
      const py::object error =
          type(e.what(), py::arg("file") = w.file, py::arg("row") = w.row, py::arg("column") = w.column,
               py::arg("value") = w.value, py::arg("reason") = e.reason());
      PyErr_SetObject(type.ptr(), error.ptr());
    }
  });
}

}  // namespace cxscore::python
