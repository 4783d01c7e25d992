// Monitoring over time on columns that Python prepared: the brand's and each touchpoint's window series
// (brand_trend.csv, touchpoint_trend.csv), as `cxscore monitor` computes and writes them. The tables cross
// as the CLI's CSV text (shortest round-trip numbers) and the GIL is released while computing.
#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/monitor_report.hpp"
#include "cxscore/score.hpp"
#include "cxscore/time_windows.hpp"
#include "frame_view.hpp"

namespace cxscore::python {

namespace {

py::dict monitor_columns(const py::dict& columns, const journey_map& map, const model& m,
                         const customer_table* customers, const std::string& period_text, double z,
                         const std::string& source) {
  const frame_view frame(columns);
  std::string brand_text, touchpoint_text;
  {
    py::gil_scoped_release no_gil;
    const period per = parse_period(period_text, "period");
    validate(frame.view, map, source);
    const auto touchpoints = map.group_by([](const touchpoint& t) -> const std::string& { return t.name; });
    const monitor_options brand{.period = per, .z = z, .customers = customers, .grouping = nullptr, .source = "z"};
    monitor_options by_touchpoint = brand;
    by_touchpoint.grouping = &touchpoints;
    brand_text = trend_csv(monitor(frame.view, map, m, brand), "");
    touchpoint_text = trend_csv(monitor(frame.view, map, m, by_touchpoint), "touchpoint");
  }
  py::dict out;
  out["brand"] = brand_text;
  out["touchpoints"] = touchpoint_text;
  return out;
}

}  // namespace

void bind_monitor(py::module_& m) {
  m.def("monitor_columns", &monitor_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "week", py::arg("z") = 3.0, py::arg("source") = "<frame>",
        "brand_trend.csv's and touchpoint_trend.csv's text of prepared columns (see cxscore.monitor); GIL released.");
}

}  // namespace cxscore::python
