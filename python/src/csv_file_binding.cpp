// A CSV file's header as the core's readers take it, for the Python reader that hands the records to
// pandas: the same refusals of what is not CSV text (Parquet, a workbook, UTF-16, binary data), gzip
// read as text, the same separator found from the header and the same header rules (not empty, no
// repeated name), so a file reads the same way from the command and from Python.
#include <map>
#include <string>

#include "bindings.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"

namespace cxscore::python {

void bind_csv_file(py::module_& m) {
  m.def(
      "csv_file_header",
      [](const std::string& path) {
    const detail::mapped_text file(path);
    detail::csv_reader reader(file.text(), path);
    const std::map<std::string, std::string> no_renames;
    const detail::csv_header header(reader, no_renames);
    return py::make_tuple(std::string(1, reader.delimiter()), header.names());
      },
      py::arg("path"),
      "The separator and the column names of a CSV file's header (a gzip file read as its text); InputError "
      "naming the file when it is not CSV text, is empty, or repeats a column name.");
}

}  // namespace cxscore::python
