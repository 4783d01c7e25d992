// Key drivers: the analysis of a driver matrix that Python prepared (float64, column-major, outcome
// last: it maps into Eigen without a copy), the driver table built from events, and importances as
// model weights. The GIL is released while the core works.
#include <Eigen/Core>

#include <cstdint>
#include <limits>
#include <map>

#include "bindings.hpp"
#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/event_table.hpp"
#include "frame_view.hpp"

namespace cxscore::python {

namespace {

using fortran_array = py::array_t<double, py::array::f_style>;

py::array_t<double> vector_to_numpy(const Eigen::VectorXd& v) {
  return to_numpy(std::vector<double>(v.data(), v.data() + v.size()));
}

/// analyse_drivers on `data` (rows x (drivers + 1), outcome last) without copying it.
py::dict analyse_columns(const fortran_array& data, const std::vector<std::string>& drivers, const std::string& outcome,
                         std::size_t bootstrap, std::uint64_t seed, double confidence, unsigned threads,
                         const std::string& method) {
  if (data.ndim() != 2) throw py::type_error("the driver matrix must be two-dimensional");
  const Eigen::Map<const Eigen::MatrixXd> matrix(data.data(), data.shape(0), data.shape(1));
  const driver_method how = parse_driver_method(method);
  driver_importance d;
  {
    py::gil_scoped_release no_gil;
    d = analyse_drivers(
        matrix, drivers, outcome,
        {.threads = threads, .bootstrap = bootstrap, .seed = seed, .confidence = confidence, .method = how});
  }
  py::dict out;
  out["drivers"] = d.drivers;
  out["outcome_model"] = d.outcome_model();
  out["importance"] = d.importance_name();
  if (d.method == driver_method::logistic) {
    py::dict logistic;
    logistic["iterations"] = d.logistic.iterations;
    logistic["converged"] = d.logistic.converged;
    logistic["separation"] = d.logistic.separation;
    logistic["deviance"] = d.logistic.deviance;
    logistic["null_deviance"] = d.logistic.null_deviance;
    out["logistic"] = logistic;
  }
  out["n"] = d.n;
  out["r2"] = d.r2;
  out["lmg"] = vector_to_numpy(d.lmg);
  out["lmg_share"] = vector_to_numpy(d.lmg_share());
  out["relative_weight"] = vector_to_numpy(d.relative_weight);
  out["relative_weight_share"] = vector_to_numpy(d.relative_weight_share());
  out["beta"] = vector_to_numpy(d.beta);
  out["coefficients"] = vector_to_numpy(d.coefficients);
  out["intercept"] = d.intercept;
  out["constant"] = d.constant;
  out["collinear"] = d.collinear;
  if (bootstrap > 0) {
    out["lmg_lower"] = vector_to_numpy(d.lmg_interval.lower);
    out["lmg_upper"] = vector_to_numpy(d.lmg_interval.upper);
    out["relative_weight_lower"] = vector_to_numpy(d.relative_weight_interval.lower);
    out["relative_weight_upper"] = vector_to_numpy(d.relative_weight_interval.upper);
    out["beta_lower"] = vector_to_numpy(d.beta_interval.lower);
    out["beta_upper"] = vector_to_numpy(d.beta_interval.upper);
  }
  out["input_address"] = reinterpret_cast<std::uintptr_t>(matrix.data());  // a test checks no copy was made
  return out;
}

/// build_driver_table over prepared event columns (see score_columns) and an outcome per customer code.
py::dict driver_table_columns(const py::dict& columns, const journey_map& map, const model& m,
                              const py::array_t<double, py::array::c_style>& outcome, const std::string& outcome_name,
                              const std::string& measure, const std::string& unvisited,
                              const std::vector<std::string>& customer_labels, const std::string& source) {
  const frame_view frame(columns);
  const driver_measure how = parse_driver_measure(measure);
  const unvisited_policy policy = parse_unvisited_policy(unvisited);
  driver_table t;
  {
    py::gil_scoped_release no_gil;
    validate(frame.view, map, source);
    t = build_driver_table(
        frame.view, map, m, std::span<const double>(outcome.data(), static_cast<std::size_t>(outcome.size())),
        {.outcome = outcome_name, .measure = how, .unvisited = policy, .customer_labels = customer_labels});
  }
  py::dict out;
  out["drivers"] = t.drivers;
  out["ids"] = t.ids;
  // Column-major Eigen storage read as a C-ordered (columns x rows) array: one row per column.
  py::array_t<double> data({t.data.cols(), t.data.rows()});
  std::copy(t.data.data(), t.data.data() + t.data.size(), data.mutable_data());
  out["columns"] = data;
  py::list excluded;
  for (const auto& e : t.excluded) excluded.append(py::make_tuple(e.row, e.id, e.column, e.reason));
  out["excluded"] = excluded;
  return out;
}

using double_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

Eigen::VectorXd vector_of(const double_array& a, std::size_t size, const char* what) {
  if (a.ndim() != 1 || static_cast<std::size_t>(a.size()) != size)
    detail::fail({"<drivers>", 0, what, std::to_string(a.size())}, "one value per driver is needed");
  return Eigen::Map<const Eigen::VectorXd>(a.data(), a.size());
}

/// fix_first as (driver, importance, gap, priority) rows, highest priority first.
std::vector<py::tuple> fix_first_rows(const std::vector<std::string>& drivers, const double_array& share,
                                      const double_array& gaps) {
  std::vector<py::tuple> rows;
  for (const auto& r :
       fix_first(drivers, vector_of(share, drivers.size(), "importance"), vector_of(gaps, drivers.size(), "gap")))
    rows.push_back(py::make_tuple(r.driver, r.importance, r.gap, r.priority));
  return rows;
}

}  // namespace

void bind_drivers(py::module_& m) {
  m.def("analyse_columns", &analyse_columns, py::arg("data"), py::arg("drivers"), py::arg("outcome"),
        py::arg("bootstrap") = 0, py::arg("seed") = 1, py::arg("confidence") = 0.95, py::arg("threads") = 0,
        py::arg("method") = "auto",
        "LMG, relative weights, betas and OLS of a float64 Fortran-ordered (rows x drivers + 1) matrix, outcome "
        "last (see cxscore.drivers); no copy of that layout, GIL released.");
  m.def("driver_table_columns", &driver_table_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("outcome"), py::arg("outcome_name"), py::arg("measure") = "value", py::arg("unvisited") = "zero",
        py::arg("customer_labels") = std::vector<std::string>{}, py::arg("source") = "<frame>",
        "The customer x touchpoint driver table from prepared event columns (see cxscore.driver_table).");
  m.def(
      "importance_weights",
      [](const std::vector<std::string>& drivers, const double_array& share) {
    return importance_weights(drivers, vector_of(share, drivers.size(), "share"));
      },
      py::arg("drivers"), py::arg("share"),
      "Touchpoint weights: importance share x number of drivers (mean weight 1).");
  m.def("fix_first", &fix_first_rows, py::arg("drivers"), py::arg("share"), py::arg("gaps"),
        "Drivers ranked by importance share x max(0, -gap), highest first.");
}

}  // namespace cxscore::python
