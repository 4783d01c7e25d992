// Text labels held as Arrow lays out a string array (one buffer of bytes, and int64 offsets: label k is
// bytes [offsets[k], offsets[k + 1])), looked up and numbered with the core's dictionary, without a
// Python object per label and without the GIL: the positions of a customers table's ids among the
// events' customers, and the codes of a column read from Parquet as several dictionary-encoded chunks.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arrow_text.hpp"
#include "bindings.hpp"
#include "column_buffer.hpp"
#include "cxscore/dictionary.hpp"

namespace cxscore::python {

namespace {

/// For each query label, the position of the first equal label among `labels`, or -1.
py::array_t<std::int64_t> text_positions(const offsets_array& label_offsets, const bytes_array& label_bytes,
                                         const offsets_array& query_offsets, const bytes_array& query_bytes) {
  const auto labels = text_views(label_offsets, label_bytes, "text_positions labels");
  const auto queries = text_views(query_offsets, query_bytes, "text_positions queries");
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(queries.size()));
  std::int64_t* position = out.mutable_data();
  {
    py::gil_scoped_release no_gil;
    dictionary codes;
    codes.reserve(labels.size());
    std::vector<std::uint32_t> code_of_label(labels.size());
    codes.encode_all(labels, code_of_label);
    std::vector<std::int64_t> first_position(codes.size(), -1);
    for (std::size_t k = labels.size(); k-- > 0;) first_position[code_of_label[k]] = static_cast<std::int64_t>(k);
    std::vector<std::optional<std::uint32_t>> found(queries.size());
    codes.find_all(queries, found);
    for (std::size_t q = 0; q < queries.size(); ++q) position[q] = found[q] ? first_position[*found[q]] : -1;
  }
  return out;
}

/// One dictionary-encoded column in chunks as one column: chunk k's rows hold indices into dictionary
/// chunk_dictionary[k] (-1: missing), and chunks often share a dictionary (pyarrow gives each batch of a
/// row group its row group's). Returns (int32 codes, -1 where missing; the labels of the codes as [int64
/// offsets, bytes]), the labels numbered in order of first appearance among the chunks' dictionaries, as
/// pyarrow's unify_dictionaries numbers them; each dictionary is looked up once.
py::tuple unify_dictionary_chunks(const py::list& dictionaries, const std::vector<std::size_t>& chunk_dictionary,
                                  const py::list& indices) {
  if (chunk_dictionary.size() != indices.size())
    throw py::value_error("unify_dictionary_chunks: " + std::to_string(chunk_dictionary.size()) +
                          " chunk dictionaries but " + std::to_string(indices.size()) + " chunks of indices");
  std::vector<std::vector<std::string_view>> labels;
  for (const auto& d : dictionaries) {
    const auto pair = d.cast<py::tuple>();
    labels.push_back(
        text_views(pair[0].cast<offsets_array>(), pair[1].cast<bytes_array>(), "unify_dictionary_chunks dictionary"));
  }
  std::vector<py::array_t<std::int32_t, py::array::c_style>> rows;
  std::size_t n = 0;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    if (chunk_dictionary[k] >= labels.size())
      throw py::value_error("unify_dictionary_chunks: chunk " + std::to_string(k) + " names dictionary " +
                            std::to_string(chunk_dictionary[k]) + " of " + std::to_string(labels.size()));
    rows.push_back(indices[k].cast<py::array_t<std::int32_t, py::array::c_style>>());
    n += static_cast<std::size_t>(rows.back().size());
  }
  py::array_t<std::int32_t> codes = column_buffer<std::int32_t>(n);
  dictionary unified;
  std::size_t outside = 0;
  {
    py::gil_scoped_release no_gil;
    std::int32_t* out = codes.mutable_data();
    std::vector<std::vector<std::uint32_t>> to_unified(labels.size());
    std::vector<bool> looked_up(labels.size(), false);
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const std::size_t j = chunk_dictionary[k];
      if (!looked_up[j]) {
        to_unified[j].resize(labels[j].size());
        unified.encode_all(labels[j], to_unified[j]);
        looked_up[j] = true;
      }
      const std::uint32_t* table = to_unified[j].data();
      const std::size_t size = to_unified[j].size();
      const std::int32_t* in = rows[k].data();
      const auto m = static_cast<std::size_t>(rows[k].size());
      for (std::size_t i = 0; i < m; ++i) {
        const auto local = static_cast<std::size_t>(static_cast<std::int64_t>(in[i]));  // -1: SIZE_MAX
        const bool inside = local < size;
        out[i] = inside ? static_cast<std::int32_t>(table[local]) : -1;
        outside += !inside && in[i] != -1 ? 1 : 0;
      }
      out += m;
    }
  }
  if (outside > 0)
    throw py::value_error("unify_dictionary_chunks: " + std::to_string(outside) +
                          " indices are outside their chunk's dictionary");
  const py::tuple labels_text = arrow_text_of(unified);
  return py::make_tuple(codes, labels_text[0], labels_text[1]);
}

}  // namespace

void bind_labels(py::module_& m) {
  m.def("text_positions", &text_positions, py::arg("label_offsets"), py::arg("label_bytes"), py::arg("query_offsets"),
        py::arg("query_bytes"),
        "For each query label (Arrow layout: int64 offsets, bytes), the position of the first equal label "
        "among the labels, or -1. Without the GIL.");
  m.def("unify_dictionary_chunks", &unify_dictionary_chunks, py::arg("dictionaries"), py::arg("chunk_dictionary"),
        py::arg("indices"),
        "Chunks of a dictionary-encoded column (distinct dictionaries as [(int64 offsets, bytes)], each chunk's "
        "dictionary number, each chunk's int32 indices) as one: (int32 codes, -1 where missing; int64 offsets; "
        "bytes) of the labels in order of first appearance among the chunks' dictionaries.");
}

}  // namespace cxscore::python
