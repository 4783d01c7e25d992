// The simulator's brand as columns; the pure-Python layer turns them into the tables `cxscore simulate` writes.
#include <pybind11/stl.h>

#include <algorithm>

#include "bindings.hpp"
#include "cxscore/sim/simulate.hpp"

namespace cxscore::python {

namespace {

/// What the simulator built in, with the keys of the CLI's truth.json.
py::dict truth_dict(const simulation_truth& t) {
  py::dict d;
  d["weights"] = t.weights;
  d["alpha"] = t.alpha;
  d["beta"] = t.beta;
  d["lambda"] = t.lambda;
  py::list triggers;
  std::vector<std::string> trigger_touchpoints;
  for (const auto& trigger : t.service_triggers) {
    py::dict row;
    row["touchpoint"] = trigger.touchpoint;
    row["service"] = trigger.service;
    row["rate_unmet"] = trigger.rate_unmet;
    row["rate_met"] = trigger.rate_met;
    triggers.append(row);
    if (std::find(trigger_touchpoints.begin(), trigger_touchpoints.end(), trigger.touchpoint) == trigger_touchpoints.end())
      trigger_touchpoints.push_back(trigger.touchpoint);
  }
  d["service_triggers"] = triggers;
  d["service_trigger_touchpoints"] = trigger_touchpoints;
  return d;
}

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
  out["truth"] = truth_dict(brand.truth);
  return out;
}

}  // namespace

void bind_simulate(py::module_& m) {
  m.def("simulate_columns", &simulate_columns, py::arg("customers"), py::arg("seed"),
        "The simulated brand's map, model, columns and truth (see cxscore.simulate).");
}

}  // namespace cxscore::python
