#include "internal/csv_chunks.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/// What a scan of one chunk finds: whether a line feed may stand inside a record, and how many it holds.
struct chunk_scan {
  bool cuttable = true;  // no quote and no lone carriage return
  std::size_t line_feeds = 0;
};

/// The scan of text[from, to): its line feeds counted, and whether it holds a quote or a carriage return,
/// in one pass, sixteen bytes at a time where the target has SSE2 (every x86-64). A window with a carriage
/// return is then checked for a lone one (most such files end their lines with \r\n).
chunk_scan scan_window(std::string_view text, std::size_t from, std::size_t to) noexcept {
  chunk_scan scan;
  bool quote = false, carriage_return = false;
  std::size_t at = from;
#if defined(__SSE2__)
  const __m128i line_feed = _mm_set1_epi8('\n'), quotes = _mm_set1_epi8('"'), returns = _mm_set1_epi8('\r');
  unsigned quote_bits = 0, return_bits = 0;
  // Line feeds are counted per byte lane (a match is -1, so subtracting adds one) and the lanes summed
  // every 255 steps, before a lane can overflow: no popcount, which x86-64's baseline lacks.
  __m128i lane_counts = _mm_setzero_si128(), total = _mm_setzero_si128();
  for (std::size_t step = 0; at + 16 <= to; at += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    lane_counts = _mm_sub_epi8(lane_counts, _mm_cmpeq_epi8(bytes, line_feed));
    quote_bits |= static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quotes)));
    return_bits |= static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, returns)));
    if (++step == 255 || at + 32 > to) {
      total = _mm_add_epi64(total, _mm_sad_epu8(lane_counts, _mm_setzero_si128()));
      lane_counts = _mm_setzero_si128();
      step = 0;
    }
  }
  alignas(16) std::uint64_t sums[2];
  _mm_store_si128(reinterpret_cast<__m128i*>(sums), total);
  scan.line_feeds += static_cast<std::size_t>(sums[0] + sums[1]);
  quote = quote_bits != 0;
  carriage_return = return_bits != 0;
#endif
  for (; at < to; ++at) {
    const char c = text[at];
    scan.line_feeds += c == '\n' ? 1 : 0;
    quote |= c == '"';
    carriage_return |= c == '\r';
  }
  scan.cuttable = !quote && !(carriage_return && has_lone_carriage_return(text, from, to));
  return scan;
}

}  // namespace

namespace {

/// The chunks cut_into_chunks gives, and whether a line feed ends a record wherever it stands in the text.
struct cut_text {
  std::vector<csv_chunk> chunks;
  bool cuttable = true;
};

cut_text cut(std::string_view text, std::size_t begin, std::size_t line, std::size_t count, const mapped_text* file) {
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
  if (chunks.empty()) return {{{begin, text.size(), line, 0}}, true};
  // The chunks are scanned on as many threads as there are chunks: the scans are a pass over the whole text.
  std::vector<chunk_scan> scans(chunks.size());
  parallel_blocks(static_cast<unsigned>(chunks.size()), chunks.size(), [&](std::size_t k) {
    const auto [from, to, unused_line, unused_feeds] = chunks[k];
    paged_pass pass(file, from, to);
    constexpr std::size_t window = std::size_t{1} << 20;
    for (std::size_t at = from; at < to; at += window) {
      pass.at(at);
      const chunk_scan part = scan_window(text, at, std::min(to, at + window));
      scans[k].cuttable &= part.cuttable;
      scans[k].line_feeds += part.line_feeds;
    }
  });
  const bool cuttable = std::all_of(scans.begin(), scans.end(), [](const chunk_scan& s) { return s.cuttable; });
  if (!cuttable || chunks.size() == 1) {
    std::size_t feeds = 0;
    for (const chunk_scan& s : scans) feeds += s.line_feeds;
    return {{{begin, text.size(), line, feeds}}, cuttable};
  }
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    chunks[k].line = line;
    chunks[k].line_feeds = scans[k].line_feeds;
    line += scans[k].line_feeds;
  }
  return {std::move(chunks), true};
}

}  // namespace

std::vector<csv_chunk> cut_into_chunks(std::string_view text, std::size_t begin, std::size_t line, std::size_t count,
                                       const mapped_text* file) {
  return cut(text, begin, line, count, file).chunks;
}

std::optional<std::vector<csv_chunk>> cut_window(std::string_view text, std::size_t begin, std::size_t end,
                                                 std::size_t line, std::size_t count, const mapped_text* file) {
  cut_text window = cut(text.substr(0, end), begin, line, count, file);
  if (!window.cuttable) return std::nullopt;
  return std::move(window.chunks);
}

std::size_t chunk_count(std::size_t bytes, std::size_t requested) {
  if (requested > 0) return requested;
  constexpr std::size_t min_chunk_bytes = std::size_t{1} << 20;
  return std::clamp<std::size_t>(bytes / min_chunk_bytes, 1, thread_count(0));
}

std::vector<std::uint32_t> join_labels(dictionary& into, const dictionary& part) {
  const std::vector<std::string_view> labels(part.labels().begin(), part.labels().end());
  std::vector<std::optional<std::uint32_t>> found(labels.size());
  parallel_pieces(0, labels.size(), std::size_t{1} << 16, [&](std::size_t, std::size_t begin, std::size_t end) {
    into.find_all(std::span(labels).subspan(begin, end - begin), std::span(found).subspan(begin, end - begin));
  });
  // The labels `into` lacks are numbered together, in the part's order (encode_all: their lookups overlap); in a
  // time-ordered log most customers of a later chunk are new to the chunks before it.
  std::vector<std::uint32_t> code(labels.size());
  std::vector<std::string_view> missing;
  std::vector<std::size_t> missing_at;
  for (std::size_t local = 0; local < labels.size(); ++local) {
    if (found[local]) {
      code[local] = *found[local];
    } else {
      missing.push_back(labels[local]);
      missing_at.push_back(local);
    }
  }
  std::vector<std::uint32_t> numbered(missing.size());
  into.encode_all(missing, numbered);
  for (std::size_t k = 0; k < missing.size(); ++k) code[missing_at[k]] = numbered[k];
  return code;
}

}  // namespace cxscore::detail
