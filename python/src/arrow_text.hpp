#pragma once
// Text labels as Arrow lays out a string array: one buffer of bytes and int64 offsets, label k being bytes
// [offsets[k], offsets[k + 1]). How Python hands many labels to the core without an object per label.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "bindings.hpp"
#include "cxscore/dictionary.hpp"

namespace cxscore::python {

using offsets_array = py::array_t<std::int64_t, py::array::c_style>;
/// The offsets of Arrow's `string` type (its `large_string` has int64 ones).
using narrow_offsets_array = py::array_t<std::int32_t, py::array::c_style>;
using bytes_array = py::array_t<std::uint8_t, py::array::c_style>;

/// The labels of an Arrow-style string array (int64 or int32 offsets), as views of its bytes; ValueError for
/// offsets that do not rise within the bytes.
template <class Offset>
inline std::vector<std::string_view> text_views(const py::array_t<Offset, py::array::c_style>& offsets,
                                                const bytes_array& bytes, const char* what) {
  const auto n = static_cast<std::size_t>(offsets.size());
  if (n == 0) throw py::value_error(std::string(what) + ": the offsets are empty (there is always a last one)");
  const Offset* at = offsets.data();
  const auto size = static_cast<Offset>(std::min<py::ssize_t>(bytes.size(), std::numeric_limits<Offset>::max()));
  const char* text = reinterpret_cast<const char*>(bytes.data());
  std::vector<std::string_view> views(n - 1);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    if (at[k] < 0 || at[k] > at[k + 1] || at[k + 1] > size)
      throw py::value_error(std::string(what) + ": offsets " + std::to_string(at[k]) + ", " +
                            std::to_string(at[k + 1]) + " at label " + std::to_string(k) + " are not within " +
                            std::to_string(size) + " bytes");
    views[k] = std::string_view(text + at[k], static_cast<std::size_t>(at[k + 1] - at[k]));
  }
  return views;
}

/// A dictionary's labels in Arrow's layout: (int64 offsets, uint8 bytes), label k being code k's.
inline py::tuple arrow_text_of(const dictionary& labels) {
  std::vector<std::int64_t> offsets{0};
  offsets.reserve(labels.size() + 1);
  for (const auto& label : labels.labels()) offsets.push_back(offsets.back() + static_cast<std::int64_t>(label.size()));
  py::array_t<std::uint8_t> text(static_cast<py::ssize_t>(offsets.back()));
  char* at = reinterpret_cast<char*>(text.mutable_data());
  for (const auto& label : labels.labels()) at = std::copy(label.begin(), label.end(), at);
  return py::make_tuple(to_numpy(std::move(offsets)), text);
}

}  // namespace cxscore::python
