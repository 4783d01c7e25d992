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
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cxscore {

class dictionary {
 public:
  std::uint32_t encode(std::string_view label) {
    auto it = m_codes.find(label);
    if (it != m_codes.end()) return it->second;
    const auto code = static_cast<std::uint32_t>(m_labels.size());
    m_labels.emplace_back(label);
    m_codes.emplace(m_labels.back(), code);
    return code;
  }
  void reserve(std::size_t labels) {
    m_labels.reserve(labels);
    m_codes.reserve(labels);
  }
  [[nodiscard]] std::optional<std::uint32_t> find(std::string_view label) const {
    if (auto it = m_codes.find(label); it != m_codes.end()) return it->second;
    return std::nullopt;
  }
  [[nodiscard]] const std::string& operator[](std::uint32_t code) const { return m_labels[code]; }
  [[nodiscard]] std::size_t size() const noexcept { return m_labels.size(); }
  [[nodiscard]] const std::vector<std::string>& labels() const noexcept { return m_labels; }

 private:
  struct hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> m_labels;
  std::unordered_map<std::string, std::uint32_t, hash, std::equal_to<>> m_codes;
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
