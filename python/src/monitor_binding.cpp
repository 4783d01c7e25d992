// Monitoring over time on columns that Python prepared: the brand's and each touchpoint's window series,
// as `cxscore monitor` computes them (brand_trend.csv, touchpoint_trend.csv). The tables cross as
// columns of numbers (numpy arrays) and lists of labels; the GIL is released while computing.
#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/score.hpp"
#include "drawings.hpp"
#include "frame_view.hpp"

namespace cxscore::python {

py::dict trend_columns(const monitor_result& trend) {
  const std::vector<window_row>& rows = trend.rows;
  py::dict out;
  out["group"] = text_column_of(rows, [&](const window_row& r) -> const std::string& { return trend.groups[r.group]; });
  out["window"] = text_column_of(rows, [](const window_row& r) -> const std::string& { return r.window.label; });
  out["start"] = column_of<double>(rows, [](const window_row& r) { return r.window.start; });
  out["end"] = column_of<double>(rows, [](const window_row& r) { return r.window.end; });
  out["count"] = column_of<std::int64_t>(rows, [](const window_row& r) { return r.summary.count; });
  out["score"] = column_of<double>(rows, [](const window_row& r) { return r.score; });
  out["index"] = column_of<double>(rows, [](const window_row& r) { return r.index; });
  out["standard_error"] = column_of<double>(rows, [](const window_row& r) { return r.standard_error; });
  out["mean_gap"] = column_of<double>(rows, [](const window_row& r) { return r.summary.mean_gap(); });
  out["unmet_share"] = column_of<double>(rows, [](const window_row& r) { return r.summary.unmet_share(); });
  out["change"] = column_of<double>(rows, [](const window_row& r) { return r.change; });
  out["change_se"] = column_of<double>(rows, [](const window_row& r) { return r.change_se; });
  out["index_change"] = column_of<double>(rows, [](const window_row& r) { return r.index_change; });
  out["p_value"] = column_of<double>(rows, [](const window_row& r) { return r.p_value; });
  out["q_value"] = column_of<double>(rows, [](const window_row& r) { return r.q_value; });
  out["flagged"] = column_of<bool>(rows, [](const window_row& r) { return r.flagged; });
  return out;
}

namespace {

py::dict monitor_columns(const py::dict& columns, const journey_map& map, const model& m,
                         const customer_table* customers, const std::string& period_text, double fdr, double min_effect,
                         const std::string& source) {
  const frame_view frame(columns);
  monitor_result brand, by_touchpoint;
  {
    py::gil_scoped_release no_gil;
    const period per = parse_period(period_text, "period");
    validate(frame.view, map, source);
    const auto touchpoints = map.group_by([](const touchpoint& t) -> const std::string& { return t.name; });
    const monitor_options options{.period = per,
                                  .fdr = fdr,
                                  .min_effect = min_effect,
                                  .customers = customers,
                                  .grouping = nullptr,
                                  .source = source};
    monitor_options touchpoint_options = options;
    touchpoint_options.grouping = &touchpoints;
    brand = monitor(frame.view, map, m, options);
    by_touchpoint = monitor(frame.view, map, m, touchpoint_options);
  }
  py::dict out;
  out["brand"] = trend_columns(brand);
  out["touchpoints"] = trend_columns(by_touchpoint);
  out["drawing"] = py::cast(trend_drawing{std::move(brand)});
  return out;
}

}  // namespace

void bind_monitor(py::module_& m) {
  m.def("monitor_columns", &monitor_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "week", py::arg("fdr") = 0.05, py::arg("min_effect") = 1.0,
        py::arg("source") = "<frame>",
        "The brand's and the touchpoints' window series of prepared columns, as columns (see cxscore.monitor); "
        "GIL released.");
}

}  // namespace cxscore::python
