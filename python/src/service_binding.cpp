// Service intelligence on columns that Python prepared: the service demand each touchpoint causes and
// the owners' scorecards and trend, as `cxscore service` and `cxscore owners` compute them (service.csv,
// owners.csv, owner_trend.csv). The tables cross as columns of numbers (numpy arrays) and lists of
// labels; the GIL is released while computing.
#include <cmath>

#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/score.hpp"
#include "cxscore/service/service_attribution.hpp"
#include "frame_view.hpp"

namespace cxscore::python {

namespace {

/// The ranked service demand as columns: touchpoint, unmet_visits, rate_unmet, rate_met, excess,
/// caused_contacts, ci_low, ci_high.
py::dict demand_columns(const std::vector<service_demand>& rows, const journey_map& map) {
  py::dict out;
  out["touchpoint"] =
      text_column_of(rows, [&](const service_demand& d) -> const std::string& { return map[d.touchpoint].name; });
  out["unmet_visits"] = column_of<std::int64_t>(rows, [](const service_demand& d) { return d.counts.unmet_visits; });
  out["rate_unmet"] = column_of<double>(rows, [](const service_demand& d) { return d.rate_unmet; });
  out["rate_met"] = column_of<double>(rows, [](const service_demand& d) { return d.rate_met; });
  out["excess"] = column_of<double>(rows, [](const service_demand& d) { return d.excess; });
  out["caused_contacts"] = column_of<double>(rows, [](const service_demand& d) { return d.caused_contacts; });
  out["ci_low"] = column_of<double>(rows, [](const service_demand& d) { return d.ci_low; });
  out["ci_high"] = column_of<double>(rows, [](const service_demand& d) { return d.ci_high; });
  return out;
}

/// The owners' scorecards as columns: owner, touchpoints, encounters, index, unmet_share, impact,
/// impact_points, loss_share, caused_contacts, caused_per_month, handled_contacts, handled_per_month, verdict.
py::dict scorecard_columns(const std::vector<owner_scorecard>& cards, const journey_map& map) {
  using card = owner_scorecard;
  py::dict out;
  out["owner"] = text_column_of(cards, [](const card& c) -> const std::string& { return c.owner; });
  out["touchpoints"] = column_of<std::int64_t>(cards, [](const card& c) { return c.touchpoints.size(); });
  out["encounters"] = column_of<std::int64_t>(cards, [](const card& c) { return c.summary.count; });
  out["index"] = column_of<double>(cards, [](const card& c) { return c.index; });
  out["unmet_share"] = column_of<double>(cards, [](const card& c) { return c.summary.unmet_share(); });
  out["impact"] = column_of<double>(cards, [](const card& c) { return c.impact; });
  out["impact_points"] = column_of<double>(cards, [](const card& c) { return c.impact_points; });
  out["loss_share"] = column_of<double>(cards, [](const card& c) { return c.loss_share; });
  out["caused_contacts"] = column_of<double>(cards, [](const card& c) { return c.caused_contacts; });
  out["caused_per_month"] = column_of<double>(cards, [](const card& c) { return c.caused_per_month; });
  out["handled_contacts"] = column_of<std::int64_t>(cards, [](const card& c) { return c.handled_contacts; });
  out["handled_per_month"] = column_of<double>(cards, [](const card& c) { return c.handled_per_month; });
  out["verdict"] = text_column_of(cards, [&](const card& c) { return owner_verdict(c, map); });
  return out;
}

py::dict service_columns(const py::dict& columns, const journey_map& map, double window_days,
                         const std::string& source) {
  const frame_view frame(columns);
  service_attribution a;
  {
    py::gil_scoped_release no_gil;
    validate(frame.view, map, source);
    a = attribute_service_demand(frame.view, map, {.window_days = window_days, .source = source});
  }
  py::dict out;
  out["table"] = demand_columns(a.ranked(), map);
  out["service_contacts"] = a.service_contacts;
  out["explained_contacts"] = a.brand.explained_contacts;
  out["explained_ci"] = py::make_tuple(a.brand.ci_low(), a.brand.ci_high());
  out["explained_share"] = a.brand.share();
  out["explained_share_ci"] = py::make_tuple(a.brand.share_ci_low(), a.brand.share_ci_high());
  out["explained_share_note"] = std::string(a.brand.interval_note());
  out["window_days"] = a.window_days;
  out["months"] = a.months();
  return out;
}

py::dict owners_columns(const py::dict& columns, const journey_map& map, const model& m,
                        const customer_table* customers, const std::string& period_text, double window_days, double fdr,
                        double min_effect, const std::string& source) {
  const frame_view frame(columns);
  std::vector<owner_scorecard> cards;
  monitor_result trend;
  {
    py::gil_scoped_release no_gil;
    const period per = parse_period(period_text, "period");
    validate(frame.view, map, source);
    const service_attribution a =
        attribute_service_demand(frame.view, map, {.window_days = window_days, .source = source});
    const score_result result = score(frame.view, map, m, {.customers = customers, .source = source});
    const auto owners = map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
    trend = monitor(frame.view, map, m,
                    {.period = per,
                     .fdr = fdr,
                     .min_effect = min_effect,
                     .customers = customers,
                     .grouping = &owners,
                     .source = source});
    cards = owner_scorecards(result, map, a, &trend);
  }
  py::dict out;
  out["owners"] = scorecard_columns(cards, map);
  out["trend"] = trend_columns(trend);
  return out;
}

}  // namespace

void bind_service(py::module_& m) {
  m.def("service_columns", &service_columns, py::arg("columns"), py::arg("journey_map"), py::arg("window_days") = 2.0,
        py::arg("source") = "<frame>",
        "The ranked service demand (as columns) and the brand figures of prepared columns (see cxscore.service); "
        "GIL released.");
  m.def("owners_columns", &owners_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "month", py::arg("window_days") = 2.0,
        py::arg("fdr") = 0.05, py::arg("min_effect") = 1.0, py::arg("source") = "<frame>",
        "The owners' scorecards and trend (as columns) of prepared columns (see cxscore.owners); GIL released.");
}

}  // namespace cxscore::python
