#pragma once
// A JSON document of the core (internal/json_documents.hpp) as Python objects: dicts keep the keys'
// order, null is None, integers stay int.
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

namespace cxscore::python {

[[nodiscard]] pybind11::object to_python(const nlohmann::ordered_json& document);

}  // namespace cxscore::python
