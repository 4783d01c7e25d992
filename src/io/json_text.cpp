#include "json_text.hpp"

#include <algorithm>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "cxscore/error.hpp"

namespace cxscore::detail {
namespace {

struct scan_problem {
  std::size_t byte;  // 0-based offset of the offending token
  std::string reason;
  std::string value;
};

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Whether a number token stays within a double, as nlohmann reads it (strtod with the locale's decimal
// point). Underflow reads as 0 or a subnormal and is kept, as nlohmann keeps it.
bool within_double(std::string_view token) {
  const bool plain_integer = token.find_first_of(".eE") == std::string_view::npos;
  if (plain_integer && token.size() <= 19) return true;
  std::string copy(token);
  const char point = *std::localeconv()->decimal_point;
  std::replace(copy.begin(), copy.end(), '.', point);
  return std::isfinite(std::strtod(copy.c_str(), nullptr));
}

// One pass over the text without recursion, before the parser builds a value: nesting deeper than
// max_json_depth and numbers beyond a double. Syntax is the parser's job; brackets and digits inside
// strings are skipped as the parser would skip them.
std::optional<scan_problem> scan(std::string_view text) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '[' || c == '{') {
      if (++depth > max_json_depth)
        return scan_problem{i, "nested deeper than " + std::to_string(max_json_depth) + " levels", ""};
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t end = i;
      while (end < text.size() && is_number_char(text[end])) ++end;
      const std::string_view token = text.substr(i, end - i);
      if (!within_double(token)) {
        std::string shown(token.substr(0, 40));
        if (token.size() > 40) shown += "... (" + std::to_string(token.size()) + " characters)";
        return scan_problem{i, "number beyond the range of a double", shown};
      }
      i = end - 1;
    }
  }
  return std::nullopt;
}

std::string line_and_column(std::string_view text, std::size_t byte) {
  const std::string_view before = text.substr(0, std::min(byte, text.size()));
  const auto line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(byte - line_start + 1);
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag. The last token it read can be
// long, so the message is cut, and can hold the invalid UTF-8 that stopped it, so bytes outside ASCII
// become '?' (Python turns the message into a str).
std::string library_message(const std::exception& e) {
  std::string_view m = e.what();
  if (const auto tag_end = m.find("] "); !m.empty() && m.front() == '[' && tag_end != std::string_view::npos)
    m.remove_prefix(tag_end + 2);
  std::string out(m.substr(0, 200));
  for (char& c : out)
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  if (m.size() > 200) out += "...";
  return out;
}

std::string quoted(const std::string& s, std::size_t limit) {
  // A cut inside a UTF-8 sequence is replaced by U+FFFD rather than making dump() throw.
  return nlohmann::json(s.substr(0, limit + 1)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Each level appends its opening bracket before descending, and rendering stops once `out` passes
// `limit`, so recursion is at most `limit` deep.
void render(const nlohmann::json& v, std::size_t limit, std::string& out) {
  if (out.size() > limit) return;
  if (v.is_array()) {
    out += '[';
    for (std::size_t k = 0; k < v.size() && out.size() <= limit; ++k) {
      if (k) out += ',';
      render(v[k], limit, out);
    }
    out += ']';
  } else if (v.is_object()) {
    out += '{';
    bool first = true;
    for (auto it = v.begin(); it != v.end() && out.size() <= limit; ++it) {
      if (!first) out += ',';
      first = false;
      out += quoted(it.key(), limit);
      out += ':';
      render(it.value(), limit, out);
    }
    out += '}';
  } else if (v.is_string()) {
    out += quoted(v.get_ref<const std::string&>(), limit);
  } else {
    out += v.dump();  // a number, a boolean or null: flat
  }
}

}  // namespace

nlohmann::json parse_json(std::string_view text, const std::string& source) {
  if (const auto problem = scan(text))
    fail({source, 0, "", problem->value},
         "invalid JSON: " + problem->reason + " at " + line_and_column(text, problem->byte));
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // Syntax errors and invalid UTF-8 (parse_error, which gives the line and column); anything else the
    // parser throws is bad input too.
    fail({source, 0, "", ""}, "invalid JSON: " + library_message(e));
  }
}

std::string json_excerpt(const nlohmann::json& value, std::size_t limit) {
  std::string out;
  render(value, limit, out);
  if (out.size() <= limit) return out;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
  out.resize(cut);
  return out + "...";
}

}  // namespace cxscore::detail
