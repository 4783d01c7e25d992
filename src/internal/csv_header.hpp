#pragma once
// Locating named columns in a CSV header: renames, duplicates, required and optional columns.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/error.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_reader.hpp"

namespace cxscore::detail {

class csv_header {
 public:
  /// Reads the header record of `reader`. `renames` maps a logical column to the file's header name.
  csv_header(csv_reader& reader, const std::map<std::string, std::string>& renames) : m_renames(renames) {
    std::vector<std::string_view> fields;
    if (!reader.next(fields)) fail({reader.source(), 0, "", ""}, "the file is empty: a header row is needed");
    for (std::size_t k = 0; k < fields.size(); ++k) {
      std::string name(trim(fields[k]));
      for (std::size_t j = 0; j < m_names.size(); ++j)
        if (m_names[j] == name) fail({reader.source(), 1, name, name}, "duplicate column in the header");
      m_names.push_back(std::move(name));
    }
    reader.set_column_names(m_names);
    m_source = reader.source();
  }
  /// Index of a required logical column; throws naming the header name that was looked for.
  [[nodiscard]] std::size_t required(const std::string& logical) const {
    if (auto k = optional(logical)) return *k;
    fail({m_source, 1, file_name(logical), ""},
         "missing required column '" + file_name(logical) + "' (the header has " + listed_names() + ")");
  }
  [[nodiscard]] std::optional<std::size_t> optional(const std::string& logical) const {
    const std::string name = file_name(logical);
    for (std::size_t k = 0; k < m_names.size(); ++k)
      if (m_names[k] == name) return k;
    return std::nullopt;
  }
  [[nodiscard]] std::string file_name(const std::string& logical) const {
    auto it = m_renames.find(logical);
    return it == m_renames.end() ? logical : it->second;
  }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return m_names; }
  [[nodiscard]] std::size_t size() const noexcept { return m_names.size(); }
  /// The header's names quoted and joined, the first 20 of them: what a missing-column error shows.
  [[nodiscard]] std::string listed_names() const {
    constexpr std::size_t shown = 20;
    std::string s;
    for (std::size_t k = 0; k < std::min(shown, m_names.size()); ++k) s += (k ? ", '" : "'") + m_names[k] + "'";
    if (m_names.size() > shown) s += " and " + std::to_string(m_names.size() - shown) + " more";
    return s;
  }

 private:
  const std::map<std::string, std::string>& m_renames;
  std::vector<std::string> m_names;
  std::string m_source;
};

}  // namespace cxscore::detail
