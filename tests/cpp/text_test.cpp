// Text rules shared by the readers and the dictionary: same_text against std::string_view's own comparison on
// labels of every length from 0 to 40 that differ in one byte at each place, and trim.
#include "cxscore/detail/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace {

TEST(text_test, same_text_is_string_equality_for_every_length_and_every_differing_byte) {
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string base(n, 'a');
    // Copies in buffers of their own, so that equal text never shares an address.
    const std::string copy = std::string(base.data(), n);
    EXPECT_TRUE(cxscore::detail::same_text(base, copy)) << n;
    for (std::size_t at = 0; at < n; ++at) {
      std::string other = base;
      other[at] = 'b';
      EXPECT_FALSE(cxscore::detail::same_text(base, other)) << n << " bytes, byte " << at;
      EXPECT_FALSE(cxscore::detail::same_text(other, base)) << n << " bytes, byte " << at;
      other[at] = static_cast<char>('a' ^ 0x80);  // a byte with its high bit set
      EXPECT_FALSE(cxscore::detail::same_text(base, other)) << n << " bytes, byte " << at << " (high bit)";
    }
    if (n > 0) {
      EXPECT_FALSE(cxscore::detail::same_text(base, std::string_view(base).substr(1))) << n << " vs one byte less";
      EXPECT_FALSE(cxscore::detail::same_text(base + std::string(1, '\0'), base + "a")) << n << " + NUL";
    }
  }
  // Views into a longer buffer: the comparison reads none of the bytes after a label.
  const std::string row = "C0424539C0424539X";
  EXPECT_TRUE(cxscore::detail::same_text(std::string_view(row).substr(0, 8), std::string_view(row).substr(8, 8)));
  EXPECT_FALSE(cxscore::detail::same_text(std::string_view(row).substr(0, 9), std::string_view(row).substr(8, 9)));
}

TEST(text_test, trim_drops_blanks_and_tabs_at_both_ends_only) {
  EXPECT_EQ(cxscore::detail::trim("  \tC 1\t "), "C 1");
  EXPECT_EQ(cxscore::detail::trim(" \t "), "");
  EXPECT_EQ(cxscore::detail::trim(""), "");
}

}  // namespace
