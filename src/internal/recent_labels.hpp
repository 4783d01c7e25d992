#pragma once
/// A small direct-mapped cache of label -> code in front of a slower lookup, for the columns of a file
/// with few distinct labels read once a row (touchpoint names, dimensions): a hit costs a length, two
/// bytes and one comparison, where a hash table hashes the whole label first. A column of many labels
/// only misses and falls through to the lookup.
///
/// ```cpp
/// detail::recent_labels touchpoints;
/// auto code = touchpoints.code(name, [&](std::string_view s) { return map.find(s); });
/// ```
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cxscore::detail {

class recent_labels {
 public:
  /// The label's code: the cached one, or lookup(label)'s (an std::optional of an integer code), which is
  /// cached when it has one.
  template <class Lookup>
  [[nodiscard]] auto code(std::string_view label, Lookup&& lookup) -> decltype(lookup(label)) {
    entry& e = m_entries[slot(label)];
    if (e.known && e.label == label) return static_cast<typename decltype(lookup(label))::value_type>(e.code);
    auto found = lookup(label);
    if (found) e.known = true, e.label.assign(label), e.code = static_cast<std::uint32_t>(*found);
    return found;
  }

 private:
  static constexpr std::size_t slots = 64;
  struct entry {
    std::string label;
    std::uint32_t code = 0;
    bool known = false;
  };
  [[nodiscard]] static std::size_t slot(std::string_view label) noexcept {
    if (label.empty()) return 0;
    const std::size_t first = static_cast<unsigned char>(label.front());
    const std::size_t last = static_cast<unsigned char>(label.back());
    return (label.size() * 31 + first * 7 + last) % slots;
  }
  std::array<entry, slots> m_entries{};
};

}  // namespace cxscore::detail
