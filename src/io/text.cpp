#include "internal/cell_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "cxscore/error.hpp"

namespace cxscore::detail {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) fail({path, 0, "", ""}, "cannot open the file");
  // One read of the known size (no stream copies); a file of unknown size (a pipe) is read as a stream.
  if (const std::streamoff size = in.tellg(); size >= 0 && in.seekg(0)) {
    std::string text(static_cast<std::size_t>(size), '\0');
    if (in.read(text.data(), size) && in.peek() == std::char_traits<char>::eof()) return text;
    in.clear();
    in.seekg(0);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size() && std::isfinite(out);
}

const char* number_problem(std::string_view s) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double x = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  const bool one_number = !s.empty() && ec == std::errc{} && ptr == s.data() + s.size();
  return one_number && !std::isfinite(x) ? "not a finite number (NaN and infinities are refused)" : "not a number";
}

bool parse_outcome(std::string_view s, double& out) noexcept {
  if (parse_double(s, out)) return true;
  s = trim(s);
  auto is = [&](std::string_view word) {
    return s.size() == word.size() && std::equal(s.begin(), s.end(), word.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  if (is("yes") || is("true")) return out = 1, true;
  if (is("no") || is("false")) return out = 0, true;
  return false;
}

}  // namespace cxscore::detail
