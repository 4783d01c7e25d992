#pragma once
// The parts of the cxscore._core module, one per concept, and moving C++ vectors into numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/model.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "owned_array.hpp"

namespace cxscore::python {

namespace py = pybind11;

void bind_columns(py::module_& m);
void bind_csv_file(py::module_& m);
void bind_drivers(py::module_& m);
void bind_errors(py::module_& m);
void bind_journey_map(py::module_& m);
void bind_journeys(py::module_& m);
void bind_labels(py::module_& m);
void bind_live_scorer(py::module_& m);
void bind_memory(py::module_& m);
void bind_metrics(py::module_& m);
void bind_model(py::module_& m);
void bind_monitor(py::module_& m);
void bind_report(py::module_& m);
void bind_results(py::module_& m);
void bind_score(py::module_& m);
void bind_service(py::module_& m);
void bind_simulate(py::module_& m);
void bind_summaries(py::module_& m);

/// A numpy array that takes over `v`'s buffer: no copy, freed with the array.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto owned = std::make_unique<std::vector<T>>(std::move(v));
  T* data = owned->data();
  const std::size_t n = owned->size();
  return array_owning(std::move(owned), data, n);
}

/// A numpy array of `get(row)` for each of `rows`, converted to T.
template <class T, class Rows, class Get>
py::array_t<T> column_of(const Rows& rows, Get get) {
  py::array_t<T> out(static_cast<py::ssize_t>(std::size(rows)));
  auto cells = out.template mutable_unchecked<1>();
  py::ssize_t k = 0;
  for (const auto& row : rows) cells(k++) = static_cast<T>(get(row));
  return out;
}

/// A text column: `get(row)` (a std::string) for each of `rows`.
template <class Rows, class Get>
py::list text_column_of(const Rows& rows, Get get) {
  py::list out;
  for (const auto& row : rows) out.append(py::str(get(row)));
  return out;
}

/// A monitor_result's rows as columns: group (its name), window (label), start and end (epoch seconds),
/// count, score, index, standard_error, mean_gap, unmet_share, change, change_se, index_change (NaN where
/// undefined) and flagged (bool): the cells of the CLI's trend CSVs, as numbers.
py::dict trend_columns(const monitor_result& trend);

/// The model's parameters as a dict, the same keys and values as its JSON (io/json.hpp).
py::dict model_dict(const model& m);

/// (positions, columns, values, reasons) of the rows i in [0, n) where `problem_at(i)` (an
/// std::optional<row_problem>) finds something; the scan runs without the GIL.
template <class ProblemAt>
py::tuple bad_rows_tuple(std::size_t n, ProblemAt problem_at) {
  std::vector<std::int64_t> positions;
  std::vector<row_problem> problems;
  {
    py::gil_scoped_release no_gil;
    for (std::size_t i = 0; i < n; ++i)
      if (auto p = problem_at(i)) {
        positions.push_back(static_cast<std::int64_t>(i));
        problems.push_back(std::move(*p));
      }
  }
  py::list column_names, values, reasons;
  for (const auto& p : problems) column_names.append(p.column), values.append(p.value), reasons.append(p.reason);
  return py::make_tuple(to_numpy(std::move(positions)), column_names, values, reasons);
}

}  // namespace cxscore::python
