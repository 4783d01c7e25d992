// cxscore.Model: the scoring model, from a preset, keyword parameters or JSON; printable and picklable.
#include <pybind11/stl.h>

#include <limits>

#include "bindings.hpp"
#include "cxscore/error.hpp"
#include "cxscore/io/json.hpp"
#include "internal/json_documents.hpp"
#include "json_objects.hpp"

namespace cxscore::python {

namespace {

py::object half_life_or_none(const model& m) {
  return m.has_decay() ? py::object(py::float_(m.half_life_days)) : py::object(py::none());
}
double half_life_from(const py::object& x) {
  return x.is_none() ? std::numeric_limits<double>::infinity() : x.cast<double>();
}

/// Model(preset="prospect", alpha=..., beta=..., lambda_=..., recovery=..., half_life_days=..., peak_end=...,
/// weights={...}, dimension_weights={...}): the preset gives every parameter not named.
model model_from_keywords(const py::kwargs& kw) {
  model m = model::from_preset(kw.contains("preset") ? kw["preset"].cast<std::string>() : "prospect", "Model()");
  for (const auto& [key_object, value] : kw) {
    const std::string key = py::str(key_object);
    if (key == "preset") continue;
    if (key == "alpha")
      m.alpha = value.cast<double>();
    else if (key == "beta")
      m.beta = value.cast<double>();
    else if (key == "lambda_" || key == "lambda")
      m.lambda = value.cast<double>();
    else if (key == "recovery")
      m.recovery = value.cast<double>();
    else if (key == "half_life_days")
      m.half_life_days = half_life_from(py::reinterpret_borrow<py::object>(value));
    else if (key == "peak_end")
      m.peak_end = value.cast<double>();
    else if (key == "weights")
      m.weights = value.cast<std::map<std::string, double>>();
    else if (key == "dimension_weights")
      m.dimension_weights = value.cast<std::map<std::string, double>>();
    else
      throw py::type_error("Model() got an unexpected keyword argument '" + key +
                           "' (expected preset, alpha, beta, lambda_, recovery, half_life_days, peak_end, weights, "
                           "dimension_weights)");
  }
  m.validate("Model()");
  return m;
}

model model_from_json(const py::object& source) {
  if (py::isinstance<py::dict>(source))
    return parse_model_json(py::str(py::module_::import("json").attr("dumps")(source)).cast<std::string>(), "<dict>");
  const py::object os = py::module_::import("os");
  if (py::isinstance<py::str>(source) || py::isinstance(source, os.attr("PathLike")))
    return load_model(py::str(os.attr("fspath")(source)).cast<std::string>());
  throw py::type_error("Model.from_json takes a preset name, a path or a dict");
}

}  // namespace

py::dict model_dict(const model& m) { return py::reinterpret_borrow<py::dict>(to_python(detail::model_document(m))); }

namespace {

std::string model_repr(const model& m) {
  auto number = [](double x) { return detail::number_text(x); };
  std::string s = "Model(preset='" + m.preset + "', alpha=" + number(m.alpha) + ", beta=" + number(m.beta) +
                  ", lambda_=" + number(m.lambda) + ", recovery=" + number(m.recovery) +
                  ", half_life_days=" + (m.has_decay() ? number(m.half_life_days) : std::string("None")) +
                  ", peak_end=" + number(m.peak_end);
  auto dict = [&](const char* name, const std::map<std::string, double>& d) {
    if (d.empty()) return;
    s += std::string(", ") + name + "={";
    bool first = true;
    for (const auto& [k, w] : d) s += (first ? "'" : ", '") + k + "': " + number(w), first = false;
    s += '}';
  };
  dict("weights", m.weights);
  dict("dimension_weights", m.dimension_weights);
  return s + ')';
}

}  // namespace

void bind_model(py::module_& m) {
  py::class_<model>(m, "Model", R"doc(
The scoring model: value function (``alpha``, ``beta``, ``lambda_``), service recovery, recency half-life,
peak-end blend, and weights by touchpoint and by dimension. Keywords not given come from the preset.

>>> import cxscore
>>> m = cxscore.Model(preset="prospect", half_life_days=90, weights={"delivery": 2.0})
>>> m.lambda_
2.25
)doc")
      .def(py::init(&model_from_keywords), R"doc(
Model(preset="prospect", **parameters); out-of-range parameters raise InputError, unknown ones TypeError.

>>> cxscore.Model(peak_end=0.3).peak_end
0.3
)doc")
      .def_static(
          "prospect", &model::prospect,
          "Tversky & Kahneman (1992): alpha = beta = 0.88, lambda = 2.25.\n\n>>> cxscore.Model.prospect().alpha\n0.88")
      .def_static("servqual", &model::servqual,
                  "The classic linear gap score: alpha = beta = lambda = recovery = 1.\n\n"
                  ">>> cxscore.Model.servqual().lambda_\n1.0")
      .def_static("from_json", &model_from_json, py::arg("preset_path_or_dict"), R"doc(
A model from a preset name, a model JSON file or a dict of the same shape.

>>> cxscore.Model.from_json({"preset": "servqual", "weights": {"delivery": 2}}).weights
{'delivery': 2.0}
)doc")
      .def_readwrite("preset", &model::preset, "The preset the model started from.")
      .def_readwrite("alpha", &model::alpha, "Curvature for gains, in (0, 1].")
      .def_readwrite("beta", &model::beta, "Curvature for losses, in (0, 1].")
      .def_readwrite("lambda_", &model::lambda, "Loss aversion, > 0.")
      .def_readwrite("recovery", &model::recovery, "Share of a positive value kept at service touchpoints.")
      .def_property(
          "half_life_days", &half_life_or_none,
          [](model& self, const py::object& x) { self.half_life_days = half_life_from(x); },
          "Recency half-life in days; None = no decay.")
      .def_readwrite("peak_end", &model::peak_end, "Weight of the peak-end blend, in [0, 1].")
      .def_readwrite("weights", &model::weights, "Touchpoint name -> importance (overrides the map's weight).")
      .def_readwrite("dimension_weights", &model::dimension_weights, "Dimension name -> weight.")
      .def_property_readonly("reads_time", &model::reads_time,
                             "Whether scoring reads event times (recency decay or peak-end).")
      .def(
          "validate", [](const model& self) { self.validate("Model"); },
          "Raises InputError naming the first parameter out of range.\n\n>>> cxscore.Model().validate()")
      .def(
          "with_weights",
          [](const model& self, const std::map<std::string, double>& weights) {
    return self.with_weights(weights, "Model.with_weights");
          },
          py::arg("weights"), R"doc(
A new, validated model with these touchpoint weights set (others kept); e.g. from
:func:`cxscore.importance_weights`. A negative or non-finite weight raises InputError.

>>> cxscore.Model.servqual().with_weights({"delivery": 2.5}).weights
{'delivery': 2.5}
)doc")
      .def(
          "to_json", [](const model& self) { return to_json(self); },
          "The model as JSON text.\n\n>>> cxscore.Model.servqual().to_json()[:1]\n'{'")
      .def("to_dict", &model_dict, "The model as a dict.\n\n>>> cxscore.Model().to_dict()['lambda']\n2.25")
      .def(
          "__eq__", [](const model& a, const model& b) { return to_json(a) == to_json(b); }, py::is_operator())
      .def("__repr__", &model_repr)
      .def(py::pickle([](const model& self) { return to_json(self); },
                      [](const std::string& text) { return parse_model_json(text, "<pickle>"); }));
}

}  // namespace cxscore::python
