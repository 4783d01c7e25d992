// cut_into_chunks against a plain reading of its contract, on random texts of every short length made of
// the bytes that matter (line feeds, carriage returns, quotes) and others: a text with a quote or a lone
// carriage return is one chunk; otherwise the chunks tile the text, each ends just after a line feed (or
// with the text), and each knows its first line and its line feeds.
#include "internal/csv_chunks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace {

bool has_quote_or_lone_carriage_return(const std::string& text, std::size_t from) {
  for (std::size_t k = from; k < text.size(); ++k) {
    if (text[k] == '"') return true;
    if (text[k] == '\r' && (k + 1 == text.size() || text[k + 1] != '\n')) return true;
  }
  return false;
}

std::size_t line_feeds(const std::string& text, std::size_t from, std::size_t to) {
  return static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from),
                                             text.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
}

TEST(csv_chunks_test, chunks_tile_the_text_at_line_feeds_unless_a_quote_or_a_lone_return_forbids_it) {
  std::mt19937_64 rng(11);
  const std::string bytes = "ab,\n\n\n\r\"";
  for (int round = 0; round < 3000; ++round) {
    const std::size_t n = rng() % 90;
    std::string text;
    for (std::size_t k = 0; k < n; ++k) {
      // Mostly plain text and line feeds; a quote or a carriage return in about one text in three.
      const std::size_t pick = rng() % (round % 3 == 0 ? bytes.size() : bytes.size() - 2);
      text += bytes[pick];
    }
    const std::size_t begin = n == 0 ? 0 : rng() % (n + 1);
    for (std::size_t count : {1, 2, 3, 7}) {
      const auto chunks = cxscore::detail::cut_into_chunks(text, begin, 5, count, nullptr);
      const std::string what = "text of " + std::to_string(n) + " bytes from " + std::to_string(begin) + ", " +
                               std::to_string(count) + " chunks";
      ASSERT_FALSE(chunks.empty()) << what;
      EXPECT_EQ(chunks.front().begin, begin) << what;
      EXPECT_EQ(chunks.back().end, text.size()) << what;
      if (has_quote_or_lone_carriage_return(text, begin) || count == 1) {
        ASSERT_EQ(chunks.size(), 1u) << what;
      }
      EXPECT_LE(chunks.size(), count) << what;
      std::size_t line = 5;
      for (std::size_t k = 0; k < chunks.size(); ++k) {
        const auto& c = chunks[k];
        if (k > 0) {
          EXPECT_EQ(c.begin, chunks[k - 1].end) << what;
          EXPECT_EQ(text[c.begin - 1], '\n') << what << ", chunk " << k;
        }
        EXPECT_EQ(c.line, line) << what << ", chunk " << k;
        EXPECT_EQ(c.line_feeds, line_feeds(text, c.begin, c.end)) << what << ", chunk " << k;
        line += c.line_feeds;
      }
    }
  }
}

TEST(csv_chunks_test, a_long_text_is_scanned_sixteen_bytes_at_a_time_with_the_same_result) {
  // Quotes and lone returns at every position of a text longer than the sixteen-byte steps.
  std::string plain;
  for (int k = 0; k < 40; ++k) plain += "abc,de\n";
  const auto whole = cxscore::detail::cut_into_chunks(plain, 0, 1, 4, nullptr);
  ASSERT_EQ(whole.size(), 4u);
  for (std::size_t at = 0; at < plain.size(); ++at) {
    for (char c : {'"', '\r'}) {
      std::string text = plain;
      text[at] = c;
      const bool lone = c == '"' || text[at + 1] != '\n';
      const auto chunks = cxscore::detail::cut_into_chunks(text, 0, 1, 4, nullptr);
      EXPECT_EQ(chunks.size(), lone ? 1u : 4u) << static_cast<int>(c) << " at " << at;
      std::size_t feeds = 0;
      for (const auto& chunk : chunks) feeds += chunk.line_feeds;
      EXPECT_EQ(feeds, line_feeds(text, 0, text.size())) << static_cast<int>(c) << " at " << at;
    }
  }
}

}  // namespace

TEST(csv_chunks_test, a_window_is_cut_as_the_text_up_to_its_end_or_refused_when_a_line_feed_may_be_quoted) {
  std::mt19937_64 rng(17);
  const std::string bytes = "ab,\n\n\n\r\"";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (std::size_t k = 0, n = rng() % 90; k < n; ++k)
      text += bytes[rng() % (round % 3 == 0 ? bytes.size() : bytes.size() - 2)];
    text += '\n';  // a window ends just after a line feed
    const std::size_t end = text.size();
    text += "tail, after the window \"\r";  // what follows the window changes nothing
    const std::size_t begin = rng() % end;
    for (std::size_t count : {1, 2, 5}) {
      const auto window = cxscore::detail::cut_window(text, begin, end, 4, count);
      const std::string part = text.substr(0, end);
      if (has_quote_or_lone_carriage_return(part, begin)) {
        EXPECT_FALSE(window.has_value()) << round;
        continue;
      }
      ASSERT_TRUE(window.has_value()) << round;
      EXPECT_EQ(*window, cxscore::detail::cut_into_chunks(part, begin, 4, count)) << round;
      EXPECT_EQ(window->back().end, end);
      EXPECT_EQ(window->back().line + window->back().line_feeds, 4 + line_feeds(text, begin, end)) << round;
    }
  }
}
