// The folder `cxscore score --out` writes, written from Python: the same files, the same bytes (the core
// formats customers.csv on every core, without the GIL) and the same all-or-nothing staging.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arrow_text.hpp"
#include "bindings.hpp"
#include "cxscore/io/results_csv.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore::python {

namespace {

using doubles = py::array_t<double, py::array::c_style>;
using counts = py::array_t<std::uint32_t, py::array::c_style>;

/// Writes customers.csv from the customers' labels (Arrow layout) and columns, then `files` (name, text)
/// in order, into `dir` as one staged folder.
void write_score_folder(const std::string& dir, const offsets_array& label_offsets, const bytes_array& label_bytes,
                        const doubles& score, const doubles& index, const counts& events,
                        const std::vector<std::pair<std::string, std::string>>& files) {
  const auto labels = text_views(label_offsets, label_bytes, "write_score_folder labels");
  const auto n = static_cast<std::size_t>(score.size());
  if (labels.size() != n || static_cast<std::size_t>(index.size()) != n || static_cast<std::size_t>(events.size()) != n)
    throw py::value_error("write_score_folder: " + std::to_string(labels.size()) + " labels for columns of " +
                          std::to_string(n) + ", " + std::to_string(index.size()) + " and " +
                          std::to_string(events.size()) + " customers");
  py::gil_scoped_release no_gil;
  detail::staged_directory out(dir, "score");
  // Written a piece at a time, as the command writes it: the text is never held whole.
  out.write_in_pieces("customers.csv", [&](const std::function<void(std::string_view)>& put) {
    customers_csv_pieces({.score = {score.data(), n},
                          .index = {index.data(), n},
                          .events = {events.data(), n},
                          .label = [&](std::uint32_t code) { return labels[code]; }},
                         put);
  });
  for (const auto& [name, text] : files) out.write(name, text);
  out.commit();
}

}  // namespace

void bind_results(py::module_& m) {
  m.def("write_score_folder", &write_score_folder, py::arg("dir"), py::arg("label_offsets"), py::arg("label_bytes"),
        py::arg("score"), py::arg("index"), py::arg("events"), py::arg("files"),
        "Writes customers.csv (labels in Arrow layout: int64 offsets, bytes) and the given (name, text) files "
        "into `dir`, all or nothing, as `cxscore score --out` does. Without the GIL.");
}

}  // namespace cxscore::python
