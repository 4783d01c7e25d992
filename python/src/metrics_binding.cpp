// NPS, CSAT and CES from a float64 column of answered ratings (crosses without a copy when C-contiguous
// float64), overall or by group code.
#include "bindings.hpp"
#include "cxscore/drivers/cx_metrics.hpp"

namespace cxscore::python {

namespace {

using ratings_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

metric_kind kind_of(const std::string& name) {
  for (const auto k : {metric_kind::nps, metric_kind::csat, metric_kind::ces, metric_kind::ces_low_effort})
    if (name == to_string(k)) return k;
  detail::fail({"<metrics>", 0, "metric", name}, "must be nps, csat, ces or ces_low_effort");
}

py::tuple estimate_tuple(const metric_estimate& e) { return py::make_tuple(e.n, e.value, e.se, e.lower, e.upper); }

/// (n, value, se, lower, upper) overall, then one such tuple per group code when `groups` > 0.
py::list metric_estimates(const std::string& metric, const ratings_array& ratings,
                          const py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>& group,
                          std::size_t groups, double confidence, const std::string& source) {
  const metric_kind k = kind_of(metric);
  const std::span<const double> r(ratings.data(), static_cast<std::size_t>(ratings.size()));
  const std::span<const std::uint32_t> g(group.data(), static_cast<std::size_t>(group.size()));
  metric_estimate all;
  std::vector<metric_estimate> by;
  {
    py::gil_scoped_release no_gil;
    all = estimate(k, r, confidence, source);
    if (groups > 0) by = estimate_by_group(k, r, g, groups, confidence, source);
  }
  py::list out;
  out.append(estimate_tuple(all));
  for (const auto& e : by) out.append(estimate_tuple(e));
  return out;
}

}  // namespace

void bind_metrics(py::module_& m) {
  m.def("metric_estimates", &metric_estimates, py::arg("metric"), py::arg("ratings"), py::arg("group"),
        py::arg("groups") = 0, py::arg("confidence") = 0.95, py::arg("source") = "<arrays>",
        "[(n, value, se, lower, upper) overall, then per group code] of one metric (see cxscore.metrics).");
}

}  // namespace cxscore::python
