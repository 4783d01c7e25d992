// cxscore.JourneyMap: the journey map, read from JSON (a file or a dict), printable and picklable.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "cxscore/io/json.hpp"
#include "internal/json_documents.hpp"
#include "json_objects.hpp"

namespace cxscore::python {

namespace {

journey_map map_from(const py::object& source) {
  if (py::isinstance<py::dict>(source)) {
    const std::string text = py::str(py::module_::import("json").attr("dumps")(source));
    return parse_map_json(text, "<dict>");
  }
  const py::object os = py::module_::import("os");
  if (py::isinstance<py::str>(source) || py::isinstance(source, os.attr("PathLike")))
    return read_map_json(py::str(os.attr("fspath")(source)).cast<std::string>());
  throw py::type_error("JourneyMap.from_json takes a path or a dict, not " +
                       py::str(py::type::of(source).attr("__name__")).cast<std::string>());
}

std::vector<std::string> touchpoint_names(const journey_map& map) {
  std::vector<std::string> names;
  for (std::size_t t = 0; t < map.size(); ++t) names.push_back(map[static_cast<touchpoint_code>(t)].name);
  return names;
}

}  // namespace

void bind_journey_map(py::module_& m) {
  py::class_<journey_map>(m, "JourneyMap", R"doc(
A journey map: the touchpoints where customers meet the brand, each with a role (experience or
service), an owner, a phase, a channel, a scale, a direction, a promise and a weight.

>>> import cxscore
>>> jm = cxscore.JourneyMap.from_json({"name": "shop", "touchpoints": [
...     {"name": "delivery", "owner": "logistics", "scale": [0, 240], "direction": "lower", "promise": 48}]})
>>> jm.touchpoint_names
['delivery']
)doc")
      .def_static("from_json", &map_from, py::arg("path_or_dict"), R"doc(
Reads a map from a JSON file path or from a dict of the same shape; bad input raises InputError.

>>> jm = cxscore.JourneyMap.from_json("examples/data/map.json")  # doctest: +SKIP
)doc")
      .def_static(
          "name_problem", [](std::string_view name) { return journey_map::name_problem(name); }, py::arg("name"),
          "Why ``name`` cannot name a touchpoint (empty, blanks at an end, reserved), or None.\n\n"
          ">>> cxscore.JourneyMap.name_problem('__start__')[:27]\n'touchpoint name is reserved'")
      .def(
          "to_json", [](const journey_map& map) { return to_json(map); },
          "The map as JSON text that from_json reads back to an equal map.\n\n"
          ">>> cxscore.JourneyMap.from_json({'touchpoints': [{'name': 'web'}]}).to_json()[:1]\n'{'")
      .def(
          "to_dict", [](const journey_map& map) { return to_python(detail::map_document(map)); },
          "The map as a dict (the JSON format).\n\n"
          ">>> cxscore.JourneyMap.from_json({'touchpoints': [{'name': "
          "'web'}]}).to_dict()['touchpoints'][0]['name']\n'web'")
      .def_property_readonly("name", &journey_map::name, "The map's name.")
      .def_property_readonly("touchpoint_names", &touchpoint_names,
                             "Touchpoint names in map order (their codes are their positions).")
      .def_property_readonly("outcomes", &journey_map::outcomes, "Outcome names declared by the map.")
      .def("__len__", &journey_map::size)
      .def("__contains__", [](const journey_map& map, const std::string& name) { return map.find(name).has_value(); })
      .def(
          "__eq__", [](const journey_map& a, const journey_map& b) { return to_json(a) == to_json(b); },
          py::is_operator())
      .def(
          "__repr__",
          [](const journey_map& map) {
    std::string names;
    for (const auto& n : touchpoint_names(map)) names += (names.empty() ? "" : ", ") + n;
    return "JourneyMap('" + map.name() + "', " + std::to_string(map.size()) + " touchpoints: " + names + ")";
          })
      .def(py::pickle([](const journey_map& map) { return to_json(map); },
                      [](const std::string& text) { return parse_map_json(text, "<pickle>"); }));
}

}  // namespace cxscore::python
