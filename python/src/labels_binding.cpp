// Text labels held as Arrow lays out a string array (one buffer of bytes, and int64 offsets: label k is
// bytes [offsets[k], offsets[k + 1])), looked up and numbered with the core's dictionary, without a
// Python object per label and without the GIL: the positions of a customers table's ids among the
// events' customers, and the codes of a column read from Parquet in pieces, dictionary-encoded or plain.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arrow_text.hpp"
#include "bindings.hpp"
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

/// A 64-bit hash of a label from its bytes alone, the same in every process and on every machine (what the Dask
/// and Spark partitions compare customer ids by): its length, then its bytes 8 at a time as little-endian words
/// (the last one padded with zeros), each mixed in by a multiplication, then SplitMix64's finaliser.
std::uint64_t text_hash(std::string_view label) noexcept {
  constexpr std::size_t word_bytes = 8;
  std::uint64_t h = static_cast<std::uint64_t>(label.size()) * 0x9E3779B97F4A7C15ULL;
  for (std::size_t first = 0; first < label.size(); first += word_bytes) {
    unsigned char bytes[word_bytes] = {};
    std::memcpy(bytes, label.data() + first, std::min(word_bytes, label.size() - first));
    std::uint64_t word = 0;
    for (std::size_t b = word_bytes; b-- > 0;) word = (word << 8) | bytes[b];  // little-endian on any machine
    const std::uint64_t mixed = (h ^ word) * 0xFF51AFD7ED558CCDULL;
    h = mixed ^ (mixed >> 29);
  }
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

/// text_hash of each label (Arrow layout: int64 offsets, bytes).
py::array_t<std::uint64_t> text_hashes(const offsets_array& offsets, const bytes_array& bytes) {
  const auto labels = text_views(offsets, bytes, "text_hashes");
  py::array_t<std::uint64_t> out(static_cast<py::ssize_t>(labels.size()));
  std::uint64_t* hash = out.mutable_data();
  py::gil_scoped_release no_gil;
  for (std::size_t k = 0; k < labels.size(); ++k) hash[k] = text_hash(labels[k]);
  return out;
}

/// The labels of a dictionary-encoded column read in pieces (pyarrow's record batches), numbered in order of
/// first appearance among the pieces' dictionaries, as pyarrow's unify_dictionaries numbers them. Pieces often
/// share a dictionary (each batch of a Parquet row group carries its row group's): each distinct dictionary is
/// looked up once, kept under a handle until forget_dictionaries(), and every piece's indices are then mapped
/// through it into the caller's slice of one column of codes. Pieces arrive one at a time, so a file is coded
/// as it is read and no piece outlives its turn.
class dictionary_unifier {
 public:
  /// Looks each label of a dictionary up (numbering new ones); the handle to code pieces with.
  std::size_t add_dictionary(const offsets_array& offsets, const bytes_array& bytes) {
    const auto labels = text_views(offsets, bytes, "DictionaryUnifier dictionary");
    std::vector<std::uint32_t> to_unified(labels.size());
    {
      py::gil_scoped_release no_gil;
      unified_.encode_all(labels, to_unified);
    }
    to_unified_.push_back(std::move(to_unified));
    return to_unified_.size() - 1;
  }

  /// Writes the codes of a piece's indices (-1: missing) into `out`, of the same length: -1 where missing.
  void code(std::size_t handle, const py::array_t<std::int32_t, py::array::c_style>& indices,
            py::array_t<std::int32_t, py::array::c_style>& out) const {
    if (handle >= to_unified_.size())
      throw py::value_error("DictionaryUnifier.code: dictionary " + std::to_string(handle) + " of " +
                            std::to_string(to_unified_.size()));
    if (out.size() != indices.size())
      throw py::value_error("DictionaryUnifier.code: " + std::to_string(indices.size()) + " indices but room for " +
                            std::to_string(out.size()) + " codes");
    const std::uint32_t* table = to_unified_[handle].data();
    const std::size_t size = to_unified_[handle].size();
    const std::int32_t* in = indices.data();
    std::int32_t* codes = out.mutable_data();
    const auto m = static_cast<std::size_t>(indices.size());
    std::size_t outside = 0;
    {
      py::gil_scoped_release no_gil;
      for (std::size_t i = 0; i < m; ++i) {
        const auto local = static_cast<std::size_t>(static_cast<std::int64_t>(in[i]));  // -1: SIZE_MAX
        const bool inside = local < size;
        codes[i] = inside ? static_cast<std::int32_t>(table[local]) : -1;
        outside += !inside && in[i] != -1 ? 1 : 0;
      }
    }
    if (outside > 0)
      throw py::value_error("DictionaryUnifier.code: " + std::to_string(outside) +
                            " indices are outside their dictionary");
  }

  /// Writes the codes of a piece of plain text labels (Arrow's string or large_string layout) into `out`, of
  /// the same length, numbering new labels: a text column coded as it is read, without a dictionary per piece.
  template <class Offset>
  void encode(const py::array_t<Offset, py::array::c_style>& offsets, const bytes_array& bytes,
              py::array_t<std::int32_t, py::array::c_style>& out) {
    const auto labels = text_views(offsets, bytes, "DictionaryUnifier.encode");
    if (static_cast<std::size_t>(out.size()) != labels.size())
      throw py::value_error("DictionaryUnifier.encode: " + std::to_string(labels.size()) + " labels but room for " +
                            std::to_string(out.size()) + " codes");
    auto* codes = reinterpret_cast<std::uint32_t*>(out.mutable_data());
    py::gil_scoped_release no_gil;
    unified_.encode_all(labels, {codes, labels.size()});
  }

  /// For each label (int64 offsets, bytes), its code, or -1 for a label not numbered: the positions of a customers
  /// table's ids among the labels, without numbering the labels again.
  py::array_t<std::int64_t> find(const offsets_array& offsets, const bytes_array& bytes) const {
    const auto labels = text_views(offsets, bytes, "DictionaryUnifier.find");
    py::array_t<std::int64_t> out(static_cast<py::ssize_t>(labels.size()));
    std::int64_t* position = out.mutable_data();
    py::gil_scoped_release no_gil;
    std::vector<std::optional<std::uint32_t>> found(labels.size());
    unified_.find_all(labels, found);
    for (std::size_t k = 0; k < labels.size(); ++k) position[k] = found[k] ? std::int64_t{*found[k]} : -1;
    return out;
  }

  /// Drops the lookups of the dictionaries added so far (the labels stay numbered); their handles lapse.
  void forget_dictionaries() { to_unified_.clear(); }

  /// The labels of the codes: (int64 offsets, uint8 bytes).
  py::tuple labels() const { return arrow_text_of(unified_); }

 private:
  dictionary unified_;
  std::vector<std::vector<std::uint32_t>> to_unified_;
};

}  // namespace

void bind_labels(py::module_& m) {
  m.def("text_positions", &text_positions, py::arg("label_offsets"), py::arg("label_bytes"), py::arg("query_offsets"),
        py::arg("query_bytes"),
        "For each query label (Arrow layout: int64 offsets, bytes), the position of the first equal label "
        "among the labels, or -1. Without the GIL.");
  m.def("text_hashes", &text_hashes, py::arg("offsets"), py::arg("bytes"),
        "A 64-bit hash of each label (Arrow layout: int64 offsets, bytes) from its bytes alone, the same in every "
        "process: its length, its bytes 8 at a time (little-endian, the last word padded with zeros) each mixed in "
        "by a multiplication, then SplitMix64's finaliser. Without the GIL.");
  py::class_<dictionary_unifier>(m, "DictionaryUnifier",
                                 "Pieces of a dictionary-encoded text column (Arrow layout: int64 offsets, bytes) "
                                 "as one column of int32 codes, labels numbered in order of first appearance "
                                 "among the pieces' dictionaries. Without the GIL.")
      .def(py::init<>())
      .def("add_dictionary", &dictionary_unifier::add_dictionary, py::arg("offsets"), py::arg("bytes"),
           "Looks a dictionary's labels up; returns the handle to code its pieces with.")
      .def("code", &dictionary_unifier::code, py::arg("handle"), py::arg("indices").noconvert(),
           py::arg("out").noconvert(),
           "Writes the codes of a piece's int32 indices (-1: missing) into out (int32, same length).")
      .def("encode", &dictionary_unifier::encode<std::int32_t>, py::arg("offsets").noconvert(), py::arg("bytes"),
           py::arg("out").noconvert(),
           "Writes the int32 codes of plain text labels (int32 or int64 offsets, bytes) into out, numbering new "
           "labels.")
      .def("encode", &dictionary_unifier::encode<std::int64_t>, py::arg("offsets").noconvert(), py::arg("bytes"),
           py::arg("out").noconvert())
      .def("find", &dictionary_unifier::find, py::arg("offsets"), py::arg("bytes"),
           "The code of each label (int64 offsets, bytes), -1 for one not numbered.")
      .def("forget_dictionaries", &dictionary_unifier::forget_dictionaries,
           "Drops the dictionaries' lookups; the labels stay numbered.")
      .def("labels", &dictionary_unifier::labels, "(int64 offsets, uint8 bytes) of the labels, code k's k-th.");
}

}  // namespace cxscore::python
