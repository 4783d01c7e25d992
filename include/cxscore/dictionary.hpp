#pragma once
/// Dense integer codes for string labels, in first-appearance order (customers, dimensions, segments).
///
/// ```cpp
/// cxscore::dictionary d;
/// d.encode("alice");  // 0
/// d.encode("bob");    // 1
/// d.encode("alice");  // 0
/// ```
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cxscore {

class dictionary {
 public:
  dictionary();
  dictionary(const dictionary& other);
  dictionary(dictionary&& other) noexcept;
  dictionary& operator=(const dictionary& other);
  dictionary& operator=(dictionary&& other) noexcept;
  ~dictionary();

  /// The label's code, a new one (the next integer) if it has none yet.
  std::uint32_t encode(std::string_view label);
  /// codes[k] = encode(labels[k]) for every k, in order. The table is asked for each label's place, then for
  /// the labels of the codes there, a few labels ahead, so that the cache misses of a large table (millions of
  /// customers met in no order) overlap instead of following one another.
  void encode_all(std::span<const std::string_view> labels, std::span<std::uint32_t> codes);
  void reserve(std::size_t labels);
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view label) const;
  /// codes[k] = find(labels[k]) for every k, with the lookups' cache misses overlapping (as encode_all).
  void find_all(std::span<const std::string_view> labels, std::span<std::optional<std::uint32_t>> codes) const;
  [[nodiscard]] const std::string& operator[](std::uint32_t code) const { return labels()[code]; }
  [[nodiscard]] std::size_t size() const noexcept { return labels().size(); }
  /// The labels, code k's k-th.
  [[nodiscard]] const std::vector<std::string>& labels() const noexcept;

 private:
  /// The labels and, to find a label's code, an open-addressing hash table of codes that reads each code's
  /// label from them (dictionary.cpp), kept out of this header so that its library is not a dependency of
  /// every file that holds events.
  struct code_table;
  std::unique_ptr<code_table> m_codes;
};

/// The labels of `codes` joined by `sep`, e.g. a journey's touchpoints as "web > shop > support".
[[nodiscard]] inline std::string joined(const std::vector<std::uint32_t>& codes, const dictionary& names,
                                        std::string_view sep) {
  std::string s;
  for (std::size_t k = 0; k < codes.size(); ++k) {
    if (k) s += sep;
    s += names[codes[k]];
  }
  return s;
}

}  // namespace cxscore
