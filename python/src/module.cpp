// cxscore._core: the C++ core as seen from Python. The public API is the pure-Python package around it.
#include "bindings.hpp"
#include "cxscore/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "cxscore's C++ core. Use the package `cxscore`; this module is its engine.";
  m.attr("__version__") = cxscore::version;
  cxscore::python::bind_columns(m);
  cxscore::python::bind_csv_file(m);
  cxscore::python::bind_drivers(m);
  cxscore::python::bind_errors(m);
  cxscore::python::bind_journey_map(m);
  cxscore::python::bind_journeys(m);
  cxscore::python::bind_labels(m);
  cxscore::python::bind_live_scorer(m);
  cxscore::python::bind_memory(m);
  cxscore::python::bind_metrics(m);
  cxscore::python::bind_model(m);
  cxscore::python::bind_monitor(m);
  cxscore::python::bind_report(m);
  cxscore::python::bind_results(m);
  cxscore::python::bind_summaries(m);  // before bind_score, whose score_tables takes ScoreSummaries
  cxscore::python::bind_score(m);
  cxscore::python::bind_service(m);
  cxscore::python::bind_simulate(m);
}
