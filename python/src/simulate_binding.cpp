// The simulator's brand as columns; the pure-Python layer turns them into the tables `cxscore simulate` writes.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "cxscore/sim/simulate.hpp"
#include "internal/json_documents.hpp"
#include "json_objects.hpp"

namespace cxscore::python {

namespace {

py::dict simulate_columns(std::size_t customers, std::uint64_t seed) {
  simulated_brand brand;
  {
    py::gil_scoped_release no_gil;
    brand = simulate({.customers = customers, .seed = seed});
  }
  event_table& ev = brand.events;
  py::dict events;
  events["customer_labels"] = ev.customers.labels();
  events["dimension_names"] = ev.dimensions.labels();
  events["customer"] = to_numpy(std::move(ev.customer));
  events["touchpoint"] = to_numpy(std::move(ev.touchpoint));
  events["time"] = to_numpy(std::move(ev.time));
  events["experience"] = to_numpy(std::move(ev.experience));
  events["expectation"] = to_numpy(std::move(ev.expectation));
  events["dimension"] = to_numpy(std::move(ev.dimension));
  py::dict table;
  table["segment_names"] = brand.customers.segments.labels();
  table["weight"] = to_numpy(std::move(brand.customers.weight));
  table["segment"] = to_numpy(std::move(brand.customers.segment));
  py::dict outcomes;
  outcomes["nps"] = to_numpy(std::move(brand.outcomes.nps));
  outcomes["retained"] = to_numpy(std::move(brand.outcomes.retained));
  py::dict out;
  out["journey_map"] = std::move(brand.map);
  out["model"] = std::move(brand.model);
  out["events"] = events;
  out["customers"] = table;
  out["outcomes"] = outcomes;
  out["truth"] = to_python(detail::truth_document(brand.truth));
  return out;
}

}  // namespace

void bind_simulate(py::module_& m) {
  m.def("simulate_columns", &simulate_columns, py::arg("customers"), py::arg("seed"),
        "The simulated brand's map, model, columns and truth (see cxscore.simulate).");
}

}  // namespace cxscore::python
