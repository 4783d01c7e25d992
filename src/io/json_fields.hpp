#pragma once
// Typed access to JSON members with errors that name the source, the key path and the value (cut short).
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "cxscore/error.hpp"
#include "json_text.hpp"

namespace cxscore::detail {

class json_object {
 public:
  json_object(const nlohmann::json& j, std::string source, std::string path)
      : m_json(j), m_source(std::move(source)), m_path(std::move(path)) {
    if (!j.is_object())
      fail({m_source, 0, m_path.empty() ? "(top level)" : m_path, json_excerpt(j)}, "expected an object");
  }
  /// Refuses keys outside `allowed`, so that a misspelt key is an error rather than a silent default.
  void only(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : m_json.items()) {
      bool known = false;
      for (auto a : allowed) known = known || a == key;
      if (!known) fail({m_source, 0, key_path(key), json_excerpt(value)}, "unknown key");
    }
  }
  [[nodiscard]] bool has(const char* key) const { return m_json.contains(key) && !m_json[key].is_null(); }
  [[nodiscard]] const nlohmann::json& at(const char* key) const { return m_json.at(key); }
  [[nodiscard]] std::string string(const char* key, std::string fallback) const {
    if (!has(key)) return fallback;
    const auto& v = m_json[key];
    if (!v.is_string()) fail({m_source, 0, key_path(key), json_excerpt(v)}, "expected a string");
    return v.get<std::string>();
  }
  [[nodiscard]] double number(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    return number_value(m_json[key], key_path(key));
  }
  [[nodiscard]] double number_value(const nlohmann::json& v, const std::string& path) const {
    if (!v.is_number()) fail({m_source, 0, path, json_excerpt(v)}, "expected a number");
    return v.get<double>();
  }
  [[nodiscard]] std::string key_path(std::string_view key) const {
    return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
  }
  [[nodiscard]] const std::string& source() const noexcept { return m_source; }

 private:
  const nlohmann::json& m_json;
  std::string m_source;
  std::string m_path;
};

}  // namespace cxscore::detail
