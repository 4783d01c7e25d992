#include "internal/csv_chunks.hpp"

#include <algorithm>

#include "cxscore/detail/parallel_blocks.hpp"
#include "internal/paged_pass.hpp"

namespace cxscore::detail {

namespace {

/// Whether a carriage return in text[from, to) is not followed by a line feed (which may stand after `to`).
bool has_lone_carriage_return(std::string_view text, std::size_t from, std::size_t to) noexcept {
  const std::string_view part = text.substr(0, to);
  for (std::size_t r = part.find('\r', from); r != std::string_view::npos; r = part.find('\r', r + 1))
    if (r + 1 == text.size() || text[r + 1] != '\n') return true;
  return false;
}

std::size_t line_feeds(std::string_view text, std::size_t from, std::size_t to) noexcept {
  return static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from),
                                             text.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
}

/// What a scan of one chunk finds: whether a line feed may stand inside a record, and how many it holds.
struct chunk_scan {
  bool cuttable = true;  // no quote and no lone carriage return
  std::size_t line_feeds = 0;
};

}  // namespace

std::vector<csv_chunk> cut_into_chunks(std::string_view text, std::size_t begin, std::size_t line, std::size_t count,
                                       const mapped_text* file) {
  begin = std::min(begin, text.size());
  const std::size_t bytes = text.size() - begin;
  std::vector<csv_chunk> chunks;
  for (std::size_t k = 1, start = begin; k <= std::max<std::size_t>(count, 1) && start < text.size(); ++k) {
    std::size_t end = text.size();
    if (k < count) {
      const std::size_t line_feed = text.find('\n', std::max(begin + bytes * k / count, start));
      end = line_feed == std::string_view::npos ? text.size() : line_feed + 1;
    }
    chunks.push_back({start, end, 0, 0});
    start = end;
  }
  if (chunks.empty()) return {{begin, text.size(), line, 0}};
  // The chunks are scanned on as many threads as there are chunks: the scans are a pass over the whole text.
  std::vector<chunk_scan> scans(chunks.size());
  parallel_blocks(static_cast<unsigned>(chunks.size()), chunks.size(), [&](std::size_t k) {
    const auto [from, to, unused_line, unused_feeds] = chunks[k];
    paged_pass pass(file, from, to);
    constexpr std::size_t window = std::size_t{1} << 20;
    for (std::size_t at = from; at < to; at += window) {
      pass.at(at);
      const std::size_t until = std::min(to, at + window);
      scans[k].cuttable &=
          text.substr(at, until - at).find('"') == std::string_view::npos && !has_lone_carriage_return(text, at, until);
      scans[k].line_feeds += line_feeds(text, at, until);
    }
  });
  const bool cuttable = std::all_of(scans.begin(), scans.end(), [](const chunk_scan& s) { return s.cuttable; });
  if (!cuttable || chunks.size() == 1) {
    std::size_t feeds = 0;
    for (const chunk_scan& s : scans) feeds += s.line_feeds;
    return {{begin, text.size(), line, feeds}};
  }
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    chunks[k].line = line;
    chunks[k].line_feeds = scans[k].line_feeds;
    line += scans[k].line_feeds;
  }
  return chunks;
}

}  // namespace cxscore::detail
