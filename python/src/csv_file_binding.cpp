// A CSV file read by the core's reader for Python's read_events: the same refusals of what is not CSV text
// (Parquet, a workbook, UTF-16, binary data), gzip read as text, the same separator found from the header,
// the same header rules (not empty, no repeated name) and record errors, so a file reads the same way from
// the command and from Python; its columns typed and read on every core, without the GIL.
#include <functional>
#include <string>
#include <vector>

#include "arrow_text.hpp"
#include "bindings.hpp"
#include "internal/csv_columns.hpp"

namespace cxscore::python {

namespace {

/// (name, "number", float64 cells) | (name, "time", int64 nanoseconds) | (name, "label", uint32 codes, int64
/// offsets, uint8 bytes) for each column of the file.
py::list csv_columns(const std::string& path, const std::vector<std::string>& labels, const std::string& time,
                     std::size_t chunks, const py::object& progress) {
  std::function<void(const read_progress&)> report;
  if (!progress.is_none())
    // The reader calls it one call at a time from its threads: each takes the GIL for the Python call. An
    // exception there is the progress display's, not the reading's: it is reported as unraisable.
    report = [&progress](const read_progress& p) {
      py::gil_scoped_acquire gil;
      try {
        progress(p.bytes_read, p.bytes_total, p.rows);
      } catch (py::error_already_set& e) {
        e.discard_as_unraisable("cxscore.read_events progress");
      }
    };
  std::vector<detail::csv_column> columns;
  {
    py::gil_scoped_release no_gil;
    columns = detail::read_csv_columns(path, {.labels = labels, .time = time, .chunks = chunks, .progress = report});
  }
  py::list out;
  for (detail::csv_column& c : columns) {
    switch (c.type) {
      case detail::column_type::number:
        out.append(py::make_tuple(c.name, "number", to_numpy(std::move(c.numbers))));
        break;
      case detail::column_type::time:
        out.append(py::make_tuple(c.name, "time", to_numpy(std::move(c.nanoseconds))));
        break;
      case detail::column_type::label: {
        const py::tuple text = arrow_text_of(c.labels);
        out.append(py::make_tuple(c.name, "label", to_numpy(std::move(c.codes)), text[0], text[1]));
        break;
      }
    }
    c = {};  // its memory goes back as soon as Python holds it
  }
  return out;
}

}  // namespace

void bind_csv_file(py::module_& m) {
  m.def("read_csv_columns", &csv_columns, py::arg("path"), py::arg("labels"), py::arg("time"), py::arg("chunks") = 0,
        py::arg("progress") = py::none(),
        "Every column of a CSV file: (name, 'number', float64) | (name, 'time', int64 ns since the epoch) | (name, "
        "'label', uint32 codes, int64 offsets, uint8 bytes). `labels` are read as labels; `time` as times when every "
        "cell is ISO 8601 within datetime64[ns]; other columns as numbers when every cell is one or empty, else as "
        "labels. Without the GIL; `progress(bytes_read, bytes_total, rows)` is called as the reading advances.");
}

}  // namespace cxscore::python
