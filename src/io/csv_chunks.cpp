#include "internal/csv_chunks.hpp"

#include <algorithm>

namespace cxscore::detail {

namespace {
bool has_lone_carriage_return(std::string_view text) noexcept {
  for (std::size_t r = text.find('\r'); r != std::string_view::npos; r = text.find('\r', r + 1))
    if (r + 1 == text.size() || text[r + 1] != '\n') return true;
  return false;
}
}  // namespace

std::vector<csv_chunk> cut_into_chunks(std::string_view text, std::size_t begin, std::size_t line, std::size_t count) {
  begin = std::min(begin, text.size());
  const std::string_view rest = text.substr(begin);
  if (count <= 1 || rest.find('"') != std::string_view::npos || has_lone_carriage_return(rest))
    return {{begin, text.size(), line}};
  std::vector<csv_chunk> chunks;
  for (std::size_t k = 1, start = begin; k <= count && start < text.size(); ++k) {
    std::size_t end = text.size();
    if (k < count) {
      const std::size_t line_feed = text.find('\n', std::max(begin + rest.size() * k / count, start));
      end = line_feed == std::string_view::npos ? text.size() : line_feed + 1;
    }
    chunks.push_back({start, end, line});
    line += static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(start),
                                                text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    start = end;
  }
  return chunks;
}

}  // namespace cxscore::detail
