// The report (report/html_report.hpp) from Python: its charts as SVG text for notebooks, each drawn from the
// C++ results an analysis binding kept (drawings.hpp), and the whole page from prepared columns, analysed as
// `cxscore report` analyses its files so that both write the same page.
#include <pybind11/stl.h>

#include <string>

#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/error.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/report/html_report.hpp"
#include "drawings.hpp"
#include "frame_view.hpp"

namespace cxscore::python {

namespace {

std::string journey_map_of(const journeys_drawing& d) {
  std::string svg;
  {
    // Graphviz's layout is the slow part; the library runs one at a time under its own lock, so a thread
    // waiting for it must not hold the GIL.
    py::gil_scoped_release no_gil;
    // The report's filter: every edge of a small graph, else as many as stay legible.
    const directly_follows shown = d.dfg.filtered(automatic_min_edge_count(d.dfg));
    svg = journey_map_svg(shown, d.map ? &*d.map : nullptr, find_loops(shown));
  }
  return svg;
}

/// What cli/report_command.cpp's write_report does with its files, on prepared columns: `outcome` holds each
/// customer code's outcome (1/0) or is None. Returns the command's one-line summary.
std::string write_report_columns(const py::dict& columns, const journey_map& map, const model& m,
                                 const customer_table* customers, const py::object& outcome,
                                 const std::vector<std::string>& customer_labels, const std::string& path,
                                 const report_settings& settings, const std::string& source) {
  const frame_view frame(columns);
  std::vector<std::int8_t> outcome_codes;
  if (!outcome.is_none()) {
    const auto codes = py::array_t<std::int8_t, py::array::c_style | py::array::forcecast>::ensure(outcome);
    outcome_codes.assign(codes.data(), codes.data() + codes.size());
  }
  py::gil_scoped_release no_gil;
  const event_view& events = frame.view;
  validate(events, map, source, settings.threads);
  const score_result result =
      score(events, map, m, {.customers = customers, .source = source, .threads = settings.threads});
  dictionary customer_names;
  customer_names.reserve(customer_labels.size());
  for (const auto& label : customer_labels) customer_names.encode(label);
  const std::vector<double> values(outcome_codes.begin(), outcome_codes.end());
  return write_analysed_report(path, settings, result, events, map, m, customers, customer_names,
                               {outcome_codes, values});
}

}  // namespace

void bind_report(py::module_& m) {
  py::class_<score_drawing>(m, "ScoreDrawing", "A scoring run's results as the report's charts read them.")
      .def(
          "impact_svg",
          [](const score_drawing& d, std::size_t top) { return impact_bar_chart_svg(d.result, d.map, top); },
          py::arg("top") = 30,
          "The `top` touchpoints with the largest losses as a bar chart (SVG), one colour per owner.");
  py::class_<journeys_drawing>(m, "JourneysDrawing", "A journeys run's directly-follows graph for the journey map.")
      .def("journey_map_svg", &journey_map_of,
           "The journey map (SVG) laid out by Graphviz, edges filtered as the report filters them; GIL released.");
  py::class_<trend_drawing>(m, "TrendDrawing", "A monitoring run's brand series for the trend chart.")
      .def(
          "trend_svg", [](const trend_drawing& d) { return trend_chart_svg(d.brand, 0); },
          "The brand index by window (SVG), windows whose change is beyond noise flagged.");
  m.def(
      "write_report_columns",
      [](const py::dict& columns, const journey_map& map, const model& mod, const customer_table* customers,
         const py::object& outcome, const std::vector<std::string>& customer_labels, const std::string& path,
         const std::string& title, const std::string& period, const std::string& outcome_name,
         const std::string& outcomes_source, std::uint64_t min_edge_count, double window_days, double fdr,
         double min_effect, std::size_t bootstrap, std::uint64_t seed, unsigned threads, const std::string& source) {
    const report_settings settings{.title = title,
                                   .period = parse_period(period, "period"),
                                   .min_edge_count = min_edge_count,
                                   .window_days = window_days,
                                   .fdr = fdr,
                                   .min_effect = min_effect,
                                   .outcome = outcome_name,
                                   .bootstrap = bootstrap,
                                   .seed = seed,
                                   .threads = threads,
                                   .events_source = source,
                                   .service_source = source,
                                   .monitor_source = source,
                                   .outcomes_source = outcomes_source};
    return write_report_columns(columns, map, mod, customers, outcome, customer_labels, path, settings, source);
      },
      py::arg("columns"), py::arg("journey_map"), py::arg("model"), py::arg("customers"), py::arg("outcome"),
      py::arg("customer_labels"), py::arg("path"), py::arg("title"), py::arg("period"), py::arg("outcome_name"),
      py::arg("outcomes_source"), py::arg("min_edge_count"), py::arg("window_days"), py::arg("fdr"),
      py::arg("min_effect"), py::arg("bootstrap"), py::arg("seed"), py::arg("threads"), py::arg("source"),
      "Analyses prepared columns as `cxscore report` does and writes its HTML page to `path` (see cxscore.report); "
      "GIL released.");
}

}  // namespace cxscore::python
