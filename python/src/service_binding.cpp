// Service intelligence on columns that Python prepared: the service demand each touchpoint causes
// (service.csv) and the owners' scorecards and trend (owners.csv, owner_trend.csv), as `cxscore service`
// and `cxscore owners` compute and write them. The tables cross as the CLI's CSV text (numbers in
// shortest round-trip form, so no digit is lost) and the GIL is released while computing.
#include <cmath>

#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/monitor_report.hpp"
#include "cxscore/owner_scorecard.hpp"
#include "cxscore/score.hpp"
#include "cxscore/service_attribution.hpp"
#include "cxscore/service_report.hpp"
#include "cxscore/time_windows.hpp"
#include "frame_view.hpp"

namespace cxscore::python {

namespace {

py::dict service_columns(const py::dict& columns, const journey_map& map, double window_days,
                         const std::string& source) {
  const frame_view frame(columns);
  service_attribution a;
  std::string csv;
  {
    py::gil_scoped_release no_gil;
    validate(frame.view, map, source);
    a = attribute_service_demand(frame.view, map, {.window_days = window_days, .source = "window_days"});
    csv = service_csv(a, map);
  }
  py::dict out;
  out["csv"] = csv;
  out["service_contacts"] = a.service_contacts;
  out["explained_contacts"] = a.brand.explained_contacts;
  out["explained_ci"] = py::make_tuple(a.brand.ci_low(), a.brand.ci_high());
  out["explained_share"] = a.brand.share();
  out["explained_share_ci"] = py::make_tuple(a.brand.share_ci_low(), a.brand.share_ci_high());
  out["window_days"] = a.window_days;
  out["months"] = a.months();
  return out;
}

py::dict owners_columns(const py::dict& columns, const journey_map& map, const model& m,
                        const customer_table* customers, const std::string& period_text, double window_days,
                        double z, const std::string& source) {
  const frame_view frame(columns);
  std::string cards_csv, trend_text;
  {
    py::gil_scoped_release no_gil;
    const period per = parse_period(period_text, "period");
    validate(frame.view, map, source);
    const service_attribution a =
        attribute_service_demand(frame.view, map, {.window_days = window_days, .source = "window_days"});
    const score_result result = score(frame.view, map, m, {.customers = customers, .source = source});
    const auto owners = map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
    const monitor_result trend =
        monitor(frame.view, map, m, {.period = per, .z = z, .customers = customers, .grouping = &owners, .source = "z"});
    cards_csv = owners_csv(owner_scorecards(result, map, a, &trend), map);
    trend_text = trend_csv(trend, "owner");
  }
  py::dict out;
  out["owners"] = cards_csv;
  out["trend"] = trend_text;
  return out;
}

}  // namespace

void bind_service(py::module_& m) {
  m.def("service_columns", &service_columns, py::arg("columns"), py::arg("journey_map"), py::arg("window_days") = 2.0,
        py::arg("source") = "<frame>",
        "service.csv's text and the brand figures of prepared columns (see cxscore.service); GIL released.");
  m.def("owners_columns", &owners_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "month", py::arg("window_days") = 2.0, py::arg("z") = 3.0,
        py::arg("source") = "<frame>",
        "owners.csv's and owner_trend.csv's text of prepared columns (see cxscore.owners); GIL released.");
}

}  // namespace cxscore::python
