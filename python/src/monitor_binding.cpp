// Monitoring over time on columns that Python prepared: the brand's and each touchpoint's window series,
// as `cxscore monitor` computes them (brand_trend.csv, touchpoint_trend.csv). The tables cross as
// columns of numbers (numpy arrays) and lists of labels; the GIL is released while computing.
#include <string>
#include <string_view>
#include <utility>

#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/io/window_bytes.hpp"
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

/// The groupings of the brand's series (none) and the touchpoints' (by name).
journey_map::grouping by_touchpoint(const journey_map& map) {
  return map.group_by([](const touchpoint& t) -> const std::string& { return t.name; });
}

/// (brand sums, touchpoints' sums) of validated events.
std::pair<window_sums, window_sums> monitor_parts(const event_view& ev, const journey_map& map, const model& m,
                                                  const customer_table* customers, period per,
                                                  const std::string& source) {
  const auto touchpoints = by_touchpoint(map);
  const monitor_options brand{.period = per, .customers = customers, .grouping = nullptr, .source = source};
  monitor_options touchpoint_options = brand;
  touchpoint_options.grouping = &touchpoints;
  return {sum_windows(ev, map, m, brand), sum_windows(ev, map, m, touchpoint_options)};
}

/// What monitor_columns returns, of the brand's and the touchpoints' window sums.
py::dict monitor_output(const window_sums& brand_sums, const window_sums& touchpoint_sums, const journey_map& map,
                        const model& m, double fdr, double min_effect, const std::string& source) {
  monitor_result brand, by_touchpoint_result;
  {
    py::gil_scoped_release no_gil;
    const auto touchpoints = by_touchpoint(map);
    const monitor_options options{.period = brand_sums.period,
                                  .fdr = fdr,
                                  .min_effect = min_effect,
                                  .customers = nullptr,
                                  .grouping = nullptr,
                                  .source = source};
    monitor_options touchpoint_options = options;
    touchpoint_options.grouping = &touchpoints;
    brand = monitor_of(brand_sums, m, options);
    by_touchpoint_result = monitor_of(touchpoint_sums, m, touchpoint_options);
  }
  py::dict out;
  out["brand"] = trend_columns(brand);
  out["touchpoints"] = trend_columns(by_touchpoint_result);
  out["drawing"] = py::cast(trend_drawing{std::move(brand)});
  return out;
}

/// (brand sums, touchpoints' sums) of prepared columns, checked first; without the GIL.
std::pair<window_sums, window_sums> checked_monitor_parts(const py::dict& columns, const journey_map& map,
                                                          const model& m, const customer_table* customers,
                                                          const std::string& period_text, const std::string& source) {
  const frame_view frame(columns);
  py::gil_scoped_release no_gil;
  const period per = parse_period(period_text, "period");
  validate(frame.view, map, source);
  return monitor_parts(frame.view, map, m, customers, per, source);
}

py::dict monitor_columns(const py::dict& columns, const journey_map& map, const model& m,
                         const customer_table* customers, const std::string& period_text, double fdr, double min_effect,
                         const std::string& source) {
  check_monitor_options({.fdr = fdr, .min_effect = min_effect, .source = source});
  const auto parts = checked_monitor_parts(columns, map, m, customers, period_text, source);
  return monitor_output(parts.first, parts.second, map, m, fdr, min_effect, source);
}

/// (brand sums, touchpoints' sums) of prepared columns: a partition's part of monitor_columns.
py::tuple monitor_summaries(const py::dict& columns, const journey_map& map, const model& m,
                            const customer_table* customers, const std::string& period_text,
                            const std::string& source) {
  auto parts = checked_monitor_parts(columns, map, m, customers, period_text, source);
  return py::make_tuple(std::move(parts.first), std::move(parts.second));
}

window_sums window_sums_from_python(const py::bytes& b) { return window_sums_from_bytes(std::string_view(b)); }

}  // namespace

void bind_monitor(py::module_& m) {
  py::class_<window_sums>(m, "WindowSums",
                          "Mergeable sums of encounters by group and calendar window (the monitor's series, the "
                          "owners' trend); the changes, q-values and flags are computed once from merged sums.")
      .def_static("from_bytes", &window_sums_from_python, py::arg("data"),
                  "Reads to_bytes()'s form; InputError for a wrong magic, version or kind, or bad cells.")
      .def(
          "to_bytes", [](const window_sums& s) { return py::bytes(to_bytes(s)); },
          "Versioned little-endian bytes (cxscore/io/window_bytes.hpp), the same on every platform.")
      .def("merge", &window_sums::merge, py::arg("other"),
           "Adds `other`'s sums window by window; InputError for sums of another period or number of groups.")
      .def_property_readonly("period", [](const window_sums& s) { return std::string(to_string(s.period)); })
      .def_property_readonly("group_count", [](const window_sums& s) { return s.groups; })
      .def_property_readonly("cell_count", [](const window_sums& s) { return s.cells.size(); })
      .def(py::pickle([](const window_sums& s) { return py::bytes(to_bytes(s)); }, &window_sums_from_python));
  m.def("monitor_columns", &monitor_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "week", py::arg("fdr") = 0.05, py::arg("min_effect") = 1.0,
        py::arg("source") = "<frame>",
        "The brand's and the touchpoints' window series of prepared columns, as columns (see cxscore.monitor); "
        "GIL released.");
  m.def("monitor_summaries", &monitor_summaries, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "week", py::arg("source") = "<frame>",
        "(brand WindowSums, touchpoints' WindowSums) of prepared columns; GIL released.");
  m.def("monitor_tables", &monitor_output, py::arg("brand"), py::arg("touchpoints"), py::arg("journey_map"),
        py::arg("model"), py::arg("fdr") = 0.05, py::arg("min_effect") = 1.0, py::arg("source") = "<frame>",
        "monitor_columns' output from merged WindowSums (cxscore.dask).");
}

}  // namespace cxscore::python
