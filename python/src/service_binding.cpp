// Service intelligence on columns that Python prepared: the service demand each touchpoint causes and
// the owners' scorecards and trend, as `cxscore service` and `cxscore owners` compute them (service.csv,
// owners.csv, owner_trend.csv). The tables cross as columns of numbers (numpy arrays) and lists of
// labels; the GIL is released while computing.
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/io/service_bytes.hpp"
#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/report/service_report.hpp"
#include "cxscore/score.hpp"
#include "cxscore/score_summaries.hpp"
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

/// What service_columns and service_tables return, of finished attribution `a`.
py::dict service_output(const service_attribution& a, const journey_map& map) {
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
  out["nothing_to_attribute"] = nothing_to_attribute(a, map);
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
  return service_output(a, map);
}

/// The counts of prepared columns, without the brand figure: a partition's part of service_columns.
service_attribution service_summaries(const py::dict& columns, const journey_map& map, double window_days,
                                      const std::string& source) {
  const frame_view frame(columns);
  py::gil_scoped_release no_gil;
  validate(frame.view, map, source);
  return count_service_demand(frame.view, map, {.window_days = window_days, .source = source});
}

/// service_columns' output from merged counts: the brand figure fitted once, on all of them.
py::dict service_tables(service_attribution counts, const journey_map& map) {
  if (counts.by_touchpoint.size() != map.size())
    detail::fail({.file = "<summaries>", .column = "touchpoints", .value = std::to_string(counts.by_touchpoint.size())},
                 "service counts of another map (" + std::to_string(map.size()) + " touchpoints)");
  service_attribution a;
  {
    py::gil_scoped_release no_gil;
    a = explain_brand_share(std::move(counts));
  }
  return service_output(a, map);
}

/// The grouping of the touchpoints by owner: the owners' trend's groups.
journey_map::grouping by_owner(const journey_map& map) {
  return map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
}

/// What owners_columns returns, of a score result, a finished attribution and the owners' window sums.
py::dict owners_output(const score_result& result, const journey_map& map, const model& m, const service_attribution& a,
                       const window_sums& trend_sums, double fdr, double min_effect, const std::string& source) {
  std::vector<owner_scorecard> cards;
  monitor_result trend;
  {
    py::gil_scoped_release no_gil;
    const auto owners = by_owner(map);
    trend = monitor_of(trend_sums, m,
                       {.period = trend_sums.period,
                        .fdr = fdr,
                        .min_effect = min_effect,
                        .customers = nullptr,
                        .grouping = &owners,
                        .source = source});
    cards = owner_scorecards(result, map, a, &trend);
  }
  py::dict out;
  out["owners"] = scorecard_columns(cards, map);
  out["trend"] = trend_columns(trend);
  return out;
}

/// The three parts of an owners run that merge: the score summaries (segments folded into one: no scorecard
/// reads them), the service counts and the owners' window sums.
struct owners_parts {
  score_summaries score;
  service_attribution service;
  window_sums trend;
};

owners_parts owners_of(const event_view& ev, const journey_map& map, const model& m, const customer_table* customers,
                       period per, double window_days, const std::string& source) {
  owners_parts parts;
  parts.service = count_service_demand(ev, map, {.window_days = window_days, .source = source});
  parts.score = summaries_of(score(ev, map, m, {.customers = customers, .source = source}));
  parts.score = parts.score.with_segment_codes(std::vector<std::uint32_t>(parts.score.segments.size(), 0), 1);
  const auto owners = by_owner(map);
  parts.trend = sum_windows(ev, map, m, {.period = per, .customers = customers, .grouping = &owners, .source = source});
  return parts;
}

/// owners_of prepared columns, checked first; without the GIL.
owners_parts checked_owners_parts(const py::dict& columns, const journey_map& map, const model& m,
                                  const customer_table* customers, const std::string& period_text, double window_days,
                                  const std::string& source) {
  const frame_view frame(columns);
  py::gil_scoped_release no_gil;
  const period per = parse_period(period_text, "period");
  validate(frame.view, map, source);
  return owners_of(frame.view, map, m, customers, per, window_days, source);
}

py::dict owners_columns(const py::dict& columns, const journey_map& map, const model& m,
                        const customer_table* customers, const std::string& period_text, double window_days, double fdr,
                        double min_effect, const std::string& source) {
  owners_parts parts = checked_owners_parts(columns, map, m, customers, period_text, window_days, source);
  return owners_output(result_of(std::move(parts.score)), map, m, explain_brand_share(std::move(parts.service)),
                       parts.trend, fdr, min_effect, source);
}

/// (score summaries, service counts, window sums) of prepared columns: a partition's part of owners_columns.
py::tuple owners_summaries(const py::dict& columns, const journey_map& map, const model& m,
                           const customer_table* customers, const std::string& period_text, double window_days,
                           const std::string& source) {
  owners_parts parts = checked_owners_parts(columns, map, m, customers, period_text, window_days, source);
  return py::make_tuple(std::move(parts.score), std::move(parts.service), std::move(parts.trend));
}

/// owners_columns' output from merged parts.
py::dict owners_tables(score_summaries score_sums, service_attribution counts, const window_sums& trend_sums,
                       const journey_map& map, const model& m, double fdr, double min_effect,
                       const std::string& source) {
  if (counts.by_touchpoint.size() != map.size() || score_sums.touchpoints.size() != map.size())
    detail::fail({.file = "<summaries>", .column = "touchpoints", .value = std::to_string(counts.by_touchpoint.size())},
                 "summaries of another map (" + std::to_string(map.size()) + " touchpoints)");
  return owners_output(result_of(std::move(score_sums)), map, m, explain_brand_share(std::move(counts)), trend_sums,
                       fdr, min_effect, source);
}

}  // namespace

void bind_service(py::module_& m) {
  py::class_<service_attribution>(
      m, "ServiceSummaries",
      "The mergeable counts of a service attribution (by touchpoint, the contacts' covers, the span); merging the "
      "counts of partitions that each hold whole customers gives the one-pass counts exactly, and the brand "
      "figure is fitted once from them (service_tables).")
      .def_static(
          "from_bytes", [](const py::bytes& b) { return service_attribution_from_bytes(std::string_view(b)); },
          py::arg("data"), "Reads to_bytes()'s form; InputError for a wrong magic, version or kind, or bad counts.")
      .def(
          "to_bytes", [](const service_attribution& a) { return py::bytes(to_bytes(a)); },
          "Versioned little-endian bytes (cxscore/io/service_bytes.hpp), the same on every platform.")
      .def("merge", &service_attribution::merge, py::arg("other"),
           "Adds `other`'s counts; InputError for counts of another map size, window or z.")
      .def_property_readonly("touchpoint_count", [](const service_attribution& a) { return a.by_touchpoint.size(); })
      .def_property_readonly("service_contacts", [](const service_attribution& a) { return a.service_contacts; })
      .def(py::pickle([](const service_attribution& a) { return py::bytes(to_bytes(a)); },
                      [](const py::bytes& b) { return service_attribution_from_bytes(std::string_view(b)); }));
  m.def("service_columns", &service_columns, py::arg("columns"), py::arg("journey_map"), py::arg("window_days") = 2.0,
        py::arg("source") = "<frame>",
        "The ranked service demand (as columns) and the brand figures of prepared columns (see cxscore.service); "
        "GIL released.");
  m.def("service_summaries", &service_summaries, py::arg("columns"), py::arg("journey_map"),
        py::arg("window_days") = 2.0, py::arg("source") = "<frame>",
        "Validates prepared columns and counts them (ServiceSummaries, no brand figure); GIL released.");
  m.def("service_tables", &service_tables, py::arg("summaries"), py::arg("journey_map"),
        "service_columns' output from merged ServiceSummaries: the brand figure fitted once (cxscore.dask).");
  m.def("owners_columns", &owners_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "month", py::arg("window_days") = 2.0,
        py::arg("fdr") = 0.05, py::arg("min_effect") = 1.0, py::arg("source") = "<frame>",
        "The owners' scorecards and trend (as columns) of prepared columns (see cxscore.owners); GIL released.");
  m.def("owners_summaries", &owners_summaries, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("period") = "month", py::arg("window_days") = 2.0,
        py::arg("source") = "<frame>",
        "(ScoreSummaries of one segment, ServiceSummaries, WindowSums by owner) of prepared columns; GIL released.");
  m.def("owners_tables", &owners_tables, py::arg("score"), py::arg("service"), py::arg("trend"), py::arg("journey_map"),
        py::arg("model"), py::arg("fdr") = 0.05, py::arg("min_effect") = 1.0, py::arg("source") = "<frame>",
        "owners_columns' output from merged summaries (cxscore.dask).");
}

}  // namespace cxscore::python
