// Key drivers: the analysis of a driver matrix that Python prepared (float64, column-major, outcome
// last: it maps into Eigen without a copy), or of the summaries of its pieces (a Dask or Spark frame's
// partitions: Gram summaries as bytes, logistic passes, resample Gram summaries), the driver table built
// from events, and importances as model weights. The GIL is released while the core works.
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/stl.h>
#include <Eigen/Core>

#include <cstdint>
#include <limits>
#include <map>

#include "bindings.hpp"
#include "cxscore/drivers/bootstrap.hpp"
#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/io/gram_summary_bytes.hpp"
#include "frame_view.hpp"

namespace cxscore::python {

namespace {

using fortran_array = py::array_t<double, py::array::f_style>;

py::array_t<double> vector_to_numpy(const Eigen::VectorXd& v) {
  return to_numpy(std::vector<double>(v.data(), v.data() + v.size()));
}

Eigen::Map<const Eigen::MatrixXd> matrix_of(const fortran_array& data) {
  if (data.ndim() != 2) throw py::type_error("the driver matrix must be two-dimensional");
  return {data.data(), data.shape(0), data.shape(1)};
}

/// The analysis as analyse_columns and analyse_summaries return it.
py::dict importance_dict(const driver_importance& d, std::size_t bootstrap) {
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
  return out;
}

/// analyse_drivers on `rows` (a matrix or the summaries of its pieces), the GIL released.
template <class Rows>
driver_importance analysed(const Rows& rows, const std::vector<std::string>& drivers, const std::string& outcome,
                           std::size_t bootstrap, std::uint64_t seed, double confidence, unsigned threads,
                           const std::string& method) {
  const driver_method how = parse_driver_method(method);
  py::gil_scoped_release no_gil;
  return analyse_drivers(
      rows, drivers, outcome,
      {.threads = threads, .bootstrap = bootstrap, .seed = seed, .confidence = confidence, .method = how});
}

/// analyse_drivers on `data` (rows x (drivers + 1), outcome last) without copying it.
py::dict analyse_columns(const fortran_array& data, const std::vector<std::string>& drivers, const std::string& outcome,
                         std::size_t bootstrap, std::uint64_t seed, double confidence, unsigned threads,
                         const std::string& method) {
  const Eigen::Map<const Eigen::MatrixXd> matrix = matrix_of(data);
  py::dict out =
      importance_dict(analysed(matrix, drivers, outcome, bootstrap, seed, confidence, threads, method), bootstrap);
  out["input_address"] = reinterpret_cast<std::uintptr_t>(matrix.data());  // a test checks no copy was made
  return out;
}

/// A piece's logistic sums as they travel: (deviance, information, score, separated, fitted summary).
using c_array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using sums_tuple = std::tuple<double, c_array, c_array, bool, gram_summary>;

/// A logistic pass as Python runs it over the pieces: (kept, mean, sd, b, last) -> each piece's sums, in order.
using python_pass = std::function<std::vector<sums_tuple>(const std::vector<Eigen::Index>&, const Eigen::VectorXd&,
                                                          const Eigen::VectorXd&, const Eigen::VectorXd&, bool)>;

logistic_sums sums_of(const sums_tuple& t) {
  logistic_sums s;
  s.deviance = std::get<0>(t);
  const auto& info = std::get<1>(t);
  const auto& score = std::get<2>(t);
  if (info.size() > 0) {
    if (info.ndim() != 2 || info.shape(0) != info.shape(1) || score.size() != info.shape(0))
      throw py::value_error("logistic sums: a square information matrix and one score per column are needed");
    s.information = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        info.data(), info.shape(0), info.shape(1));
    s.score = Eigen::Map<const Eigen::VectorXd>(score.data(), score.size());
  }
  s.separated = std::get<3>(t);
  s.fitted = std::get<4>(t);
  return s;
}

sums_tuple tuple_of(const logistic_sums& s) {
  c_array info({s.information.rows(), s.information.cols()});
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      info.mutable_data(), s.information.rows(), s.information.cols()) = s.information;
  c_array score(s.score.size());
  std::copy(s.score.data(), s.score.data() + s.score.size(), score.mutable_data());
  return {s.deviance, info, score, s.separated, s.fitted};
}

/// The logistic sums of one piece of rows (drivers, then the 0/1 outcome) at b.
sums_tuple logistic_piece(const fortran_array& data, const std::vector<Eigen::Index>& kept, const Eigen::VectorXd& mean,
                          const Eigen::VectorXd& sd, const Eigen::VectorXd& b, bool last) {
  const Eigen::Map<const Eigen::MatrixXd> matrix = matrix_of(data);
  logistic_sums s;
  {
    py::gil_scoped_release no_gil;
    s = logistic_piece_sums(matrix, {kept, mean, sd}, b, last);
  }
  return tuple_of(s);
}

/// analyse_drivers on the summaries of pieces of a table, merged here in the order given.
py::dict analyse_summaries(const gram_summary& gram, const std::vector<std::string>& drivers,
                           const std::string& outcome, bool binary_outcome, std::size_t first_not_binary_row,
                           double first_not_binary_value, const python_pass& pass,
                           const std::vector<gram_summary>& replicates, std::size_t bootstrap, std::uint64_t seed,
                           double confidence, unsigned threads, const std::string& method) {
  driver_summaries s{.gram = gram,
                     .binary_outcome = binary_outcome,
                     .first_not_binary_row = first_not_binary_row,
                     .first_not_binary_value = first_not_binary_value,
                     .replicates = replicates};
  s.logistic = [&pass](const logistic_design& design) -> logistic_pass {
    return [&pass, design](const Eigen::VectorXd& b, bool last) {
      py::gil_scoped_acquire gil;
      logistic_sums total;
      for (const auto& piece : pass(design.kept, design.mean, design.sd, b, last)) total.merge(sums_of(piece));
      return total;
    };
  };
  return importance_dict(analysed(s, drivers, outcome, bootstrap, seed, confidence, threads, method), bootstrap);
}

/// The Gram summary of each bootstrap replicate's resample, restricted to this piece: rows `first_row` ..
/// of the whole table of `rows` rows (resample_counts of the whole table, so pieces merge into its resample).
std::vector<gram_summary> resample_grams(const fortran_array& data, std::size_t rows, std::size_t first_row,
                                         std::size_t replicates, std::uint64_t seed) {
  const Eigen::Map<const Eigen::MatrixXd> matrix = matrix_of(data);
  if (first_row + static_cast<std::size_t>(matrix.rows()) > rows)
    detail::fail({"<drivers>", 0, "rows", std::to_string(first_row + static_cast<std::size_t>(matrix.rows()))},
                 "the piece runs past the table's " + std::to_string(rows) + " rows");
  std::vector<gram_summary> out;
  py::gil_scoped_release no_gil;
  for (std::size_t r = 0; r < replicates; ++r) {
    gram_summary g(static_cast<std::size_t>(matrix.cols()));
    g.add(matrix, resample_counts(rows, seed, r).segment(static_cast<Eigen::Index>(first_row), matrix.rows()));
    out.push_back(std::move(g));
  }
  return out;
}

gram_summary gram_from_python_bytes(const py::bytes& b) { return gram_summary_from_bytes(std::string_view(b)); }

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
  py::class_<gram_summary>(m, "GramSummary",
                           "The mergeable Gram summary of a driver table's rows (drivers, then the outcome): row "
                           "count, column sums and cross products about a reference row. Pickles as its bytes.")
      .def(py::init<std::size_t>(), py::arg("columns"))
      .def(
          "add",
          [](gram_summary& g, const fortran_array& data) {
    const Eigen::Map<const Eigen::MatrixXd> matrix = matrix_of(data);
    py::gil_scoped_release no_gil;
    g.add(matrix);
          },
          py::arg("data"), "Adds the rows of a float64 Fortran-ordered (rows x columns) matrix.")
      .def("merge", &gram_summary::merge, py::arg("other"),
           "Adds `other`'s rows; InputError for a summary of another column count.")
      .def_static("from_bytes", &gram_from_python_bytes, py::arg("data"),
                  "Reads to_bytes()'s form; InputError for a wrong magic, version or kind, or a bad size.")
      .def(
          "to_bytes", [](const gram_summary& g) { return py::bytes(to_bytes(g)); },
          "Versioned little-endian bytes (kind gram; cxscore/io/gram_summary_bytes.hpp).")
      .def_property_readonly("n", &gram_summary::n)
      .def_property_readonly("columns", &gram_summary::columns)
      .def("mean", [](const gram_summary& g) { return vector_to_numpy(g.n() > 0 ? g.mean() : Eigen::VectorXd()); })
      .def(py::pickle([](const gram_summary& g) { return py::bytes(to_bytes(g)); }, &gram_from_python_bytes));
  m.def("analyse_columns", &analyse_columns, py::arg("data"), py::arg("drivers"), py::arg("outcome"),
        py::arg("bootstrap") = 0, py::arg("seed") = 1, py::arg("confidence") = 0.95, py::arg("threads") = 0,
        py::arg("method") = "auto",
        "LMG, relative weights, betas and OLS of a float64 Fortran-ordered (rows x drivers + 1) matrix, outcome "
        "last (see cxscore.drivers); no copy of that layout, GIL released.");
  m.def("analyse_summaries", &analyse_summaries, py::arg("gram"), py::arg("drivers"), py::arg("outcome"),
        py::arg("binary_outcome"), py::arg("first_not_binary_row"), py::arg("first_not_binary_value"),
        py::arg("logistic_pass"), py::arg("replicates"), py::arg("bootstrap") = 0, py::arg("seed") = 1,
        py::arg("confidence") = 0.95, py::arg("threads") = 0, py::arg("method") = "auto",
        "analyse_columns' analysis of a table held in pieces: their merged Gram summary, a logistic pass over "
        "the pieces (kept, mean, sd, b, last) -> each piece's logistic_piece_sums in order, and the merged Gram "
        "summary of each bootstrap replicate's resample.");
  m.def("logistic_piece_sums", &logistic_piece, py::arg("data"), py::arg("kept"), py::arg("mean"), py::arg("sd"),
        py::arg("b"), py::arg("last"),
        "A piece's logistic sums at b: (deviance, information, score, separated, fitted GramSummary).");
  m.def("resample_grams", &resample_grams, py::arg("data"), py::arg("rows"), py::arg("first_row"),
        py::arg("replicates"), py::arg("seed"),
        "Each bootstrap replicate's Gram summary of this piece (rows first_row.. of a table of `rows` rows).");
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
