#include "json_objects.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cxscore::python {

namespace py = pybind11;

py::object to_python(const nlohmann::ordered_json& document) {
  using kind = nlohmann::ordered_json::value_t;
  switch (document.type()) {
    case kind::null:
    case kind::discarded: return py::none();
    case kind::boolean: return py::bool_(document.get<bool>());
    case kind::number_integer: return py::int_(document.get<std::int64_t>());
    case kind::number_unsigned: return py::int_(document.get<std::uint64_t>());
    case kind::number_float: return py::float_(document.get<double>());
    case kind::string: return py::str(document.get_ref<const std::string&>());
    case kind::array: {
      py::list list;
      for (const auto& item : document) list.append(to_python(item));
      return list;
    }
    case kind::object: {
      py::dict dict;
      for (const auto& [key, value] : document.items()) dict[py::str(key)] = to_python(value);
      return dict;
    }
    case kind::binary: break;
  }
  throw std::logic_error("internal error: a JSON document of the core holds binary data");
}

}  // namespace cxscore::python
