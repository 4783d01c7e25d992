// The whole-column conversions of preparing a DataFrame for the core, done in C++ without the GIL
// and on every core: category codes to the core's codes through a small table (touchpoints to map codes,
// dimensions to int32), datetime ticks to epoch seconds, and integer customer ids to codes. NumPy needs two
// or more passes for each (a take or astype, then a compare or divide; pandas.factorize's hashing and sort) on
// one thread; these are one pass where they can be, split in fixed pieces.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "column_buffer.hpp"
#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/integer_ids.hpp"
#include "cxscore/time.hpp"

namespace cxscore::python {

namespace {

constexpr std::size_t piece_rows = std::size_t{1} << 20;

/// Runs body(begin, end) over [0, n) in pieces of piece_rows rows on every core; returns the sum of
/// what the pieces return (each piece's count is its own, so the sum does not depend on the threads).
template <class Body>
std::size_t over_pieces(std::size_t n, Body body) {
  std::vector<std::size_t> counted((n + piece_rows - 1) / piece_rows, 0);
  detail::parallel_pieces(0, n, piece_rows,
                          [&](std::size_t k, std::size_t begin, std::size_t end) { counted[k] = body(begin, end); });
  std::size_t total = 0;
  for (std::size_t c : counted) total += c;
  return total;
}

/// out[i] = lookup[codes[i]], code -1 (missing) reading lookup's last entry; returns (out, rows whose
/// entry is `flag`). A code outside the table is refused (ValueError) after the pass, which reads the
/// table's last entry for it meanwhile instead of memory past the table.
template <class Code>
py::tuple take_by_code(const py::array_t<Code, py::array::c_style>& codes,
                       const py::array_t<std::uint32_t, py::array::c_style>& lookup, std::uint32_t flag) {
  const auto n = static_cast<std::size_t>(codes.size());
  const auto table_size = static_cast<std::size_t>(lookup.size());
  if (table_size == 0) throw py::value_error("take_by_code: the lookup table is empty");
  py::array_t<std::uint32_t> out = column_buffer<std::uint32_t>(n);
  const Code* in = codes.data();
  const std::uint32_t* table = lookup.data();
  std::uint32_t* mapped = out.mutable_data();
  const std::size_t last = table_size - 1;
  std::size_t flagged = 0, outside = 0;
  {
    py::gil_scoped_release no_gil;
    std::vector<std::size_t> outside_by_piece((n + piece_rows - 1) / piece_rows, 0);
    flagged = over_pieces(n, [&](std::size_t begin, std::size_t end) {
      std::size_t count = 0, bad = 0;
      for (std::size_t i = begin; i < end; ++i) {
        // -1 becomes SIZE_MAX, so one unsigned compare sends it, and any bad code, to the last entry.
        const auto code = static_cast<std::size_t>(static_cast<std::int64_t>(in[i]));
        const bool inside = code < last;
        const std::uint32_t v = table[inside ? code : last];
        mapped[i] = v;
        count += v == flag ? 1 : 0;
        bad += !inside && in[i] != -1 ? 1 : 0;
      }
      outside_by_piece[begin / piece_rows] = bad;
      return count;
    });
    for (std::size_t b : outside_by_piece) outside += b;
  }
  if (outside > 0)
    throw py::value_error("take_by_code: " + std::to_string(outside) + " codes are outside the lookup table");
  return py::make_tuple(out, flagged);
}

/// (ticks / per_second as float64, rows that are NaT), NaT rows reading 0. The division is of the two
/// values as doubles, as NumPy's true divide of int64 by int does: the same bits. With `convert` false
/// the rows are only checked: (None, rows that are NaT), for a model that reads no times.
py::tuple ticks_to_seconds(const py::array_t<std::int64_t, py::array::c_style>& ticks, std::int64_t per_second,
                           bool convert) {
  const auto n = static_cast<std::size_t>(ticks.size());
  py::object out = py::none();
  double* seconds = nullptr;
  if (convert) {
    auto column = column_buffer<double>(n);
    seconds = column.mutable_data();
    out = std::move(column);
  }
  const std::int64_t* in = ticks.data();
  const auto divisor = static_cast<double>(per_second);
  constexpr std::int64_t not_a_time = std::numeric_limits<std::int64_t>::min();
  std::size_t missing = 0;
  {
    py::gil_scoped_release no_gil;
    missing = over_pieces(n, [&](std::size_t begin, std::size_t end) {
      std::size_t count = 0;
      if (seconds == nullptr) {
        for (std::size_t i = begin; i < end; ++i) count += in[i] == not_a_time ? 1 : 0;
        return count;
      }
      for (std::size_t i = begin; i < end; ++i) {
        const bool nat = in[i] == not_a_time;
        seconds[i] = nat ? 0.0 : static_cast<double>(in[i]) / divisor;
        count += nat ? 1 : 0;
      }
      return count;
    });
  }
  return py::make_tuple(out, missing);
}

/// How many values are not times the core takes (NaN, infinite, or outside years 0001 to 9999: cxscore/time.hpp's
/// in_calendar): one read of the column on every core, nothing allocated (a mask of the bad rows is built only
/// when there are some).
std::size_t times_outside_calendar(const py::array_t<double, py::array::c_style>& values) {
  const auto n = static_cast<std::size_t>(values.size());
  const double* in = values.data();
  py::gil_scoped_release no_gil;
  return over_pieces(n, [&](std::size_t begin, std::size_t end) {
    std::size_t count = 0;
    for (std::size_t i = begin; i < end; ++i) count += in_calendar(in[i]) ? 0 : 1;
    return count;
  });
}

/// (uint32 codes, first id, code count, ids by code or None): see cxscore/integer_ids.hpp.
py::tuple codes_of_integer_ids(const py::array_t<std::int64_t, py::array::c_style>& ids) {
  const auto n = static_cast<std::size_t>(ids.size());
  py::array_t<std::uint32_t> codes = column_buffer<std::uint32_t>(n);
  integer_id_labels labels;
  {
    py::gil_scoped_release no_gil;
    labels = encode_integer_ids({ids.data(), n}, {codes.mutable_data(), n});
  }
  py::object by_code = labels.dense() ? py::object(py::none()) : py::object(to_numpy(std::move(labels.ids)));
  return py::make_tuple(codes, labels.first_id, labels.code_count, by_code);
}

/// An uninitialised column of `n` values of `dtype` (float64, int64, int32 or uint8; in huge pages from 2 MB on):
/// what a reader pours a file's column into.
py::array empty_column(std::size_t n, const py::dtype& dtype) {
  const char kind = dtype.kind();
  const auto size = dtype.itemsize();
  if (kind == 'f' && size == 8) return column_buffer<double>(n);
  if (kind == 'i' && size == 8) return column_buffer<std::int64_t>(n);
  if (kind == 'i' && size == 4) return column_buffer<std::int32_t>(n);
  if (kind == 'u' && size == 1) return column_buffer<std::uint8_t>(n);
  throw py::type_error("empty_column: dtype " + py::str(dtype).cast<std::string>() +
                       " is not float64, int64, int32 or uint8");
}

/// Which entries of an object array are the empty str (what `labels == ""` gives on object labels), or None
/// when none is: a look at each str's length, where NumPy's comparison calls Python's for every label.
py::object empty_text_labels(const py::array& labels) {
  if (labels.dtype().kind() != 'O' || labels.ndim() != 1)
    throw py::value_error("empty_text_labels takes a one-dimensional object array");
  const auto n = static_cast<std::size_t>(labels.shape(0));
  const auto stride = labels.strides(0);
  const auto* base = static_cast<const char*>(labels.data());
  auto label = [&](std::size_t i) {
    return *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
  };
  auto empty = [](PyObject* o) { return o != nullptr && PyUnicode_Check(o) && PyUnicode_GET_LENGTH(o) == 0; };
  std::size_t first = 0;
  while (first < n && !empty(label(first))) ++first;
  if (first == n) return py::none();
  py::array_t<bool> out(static_cast<py::ssize_t>(n));
  bool* is_empty = out.mutable_data();
  for (std::size_t i = 0; i < n; ++i) is_empty[i] = empty(label(i));
  return out;
}

}  // namespace

void bind_columns(py::module_& m) {
  constexpr const char* take_doc =
      "(lookup[codes] as uint32, rows whose entry equals flag); code -1 reads lookup's last entry. "
      "Without the GIL, on every core.";
  m.def("take_by_code", &take_by_code<std::int8_t>, py::arg("codes").noconvert(), py::arg("lookup"), py::arg("flag"),
        take_doc);
  m.def("take_by_code", &take_by_code<std::int16_t>, py::arg("codes").noconvert(), py::arg("lookup"), py::arg("flag"),
        take_doc);
  m.def("take_by_code", &take_by_code<std::int32_t>, py::arg("codes").noconvert(), py::arg("lookup"), py::arg("flag"),
        take_doc);
  m.def("take_by_code", &take_by_code<std::int64_t>, py::arg("codes"), py::arg("lookup"), py::arg("flag"), take_doc);
  m.def("empty_column", &empty_column, py::arg("n"), py::arg("dtype"),
        "An uninitialised column of n values of dtype (float64, int64, int32, uint8), in huge pages from 2 MB on.");
  m.def("ticks_to_seconds", &ticks_to_seconds, py::arg("ticks"), py::arg("per_second"), py::arg("convert") = true,
        "(ticks / per_second as float64 with NaT read as 0, count of NaT rows); convert=False: (None, count). "
        "Without the GIL, on every core.");
  m.def("integer_id_codes", &codes_of_integer_ids, py::arg("ids").noconvert(),
        "(uint32 codes, first id, code count, ids by code or None) of int64 customer ids, numbered in ascending "
        "id order: dense ids are their own codes less the first id (None), other ids get one code each. Without "
        "the GIL, on every core.");
  m.def("times_outside_calendar", &times_outside_calendar, py::arg("values").noconvert(),
        "How many of a float64 array's epoch seconds are NaN, infinite or outside years 0001 to 9999. Without the "
        "GIL, on every core.");
  m.def("empty_text_labels", &empty_text_labels, py::arg("labels"),
        "Which entries of a one-dimensional object array are the empty str (bool array), or None when none is.");
}

}  // namespace cxscore::python
