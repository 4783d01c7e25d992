// recent_labels: a cached label gives the lookup's code without asking the lookup again; labels that share
// a slot (same length, first and last byte) replace each other and still get their own codes; a label the
// lookup does not know is never cached.
#include "internal/recent_labels.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace {

struct counted_lookup {
  std::map<std::string, std::uint32_t, std::less<>> codes;
  int calls = 0;
  std::optional<std::uint32_t> operator()(std::string_view label) {
    ++calls;
    if (auto it = codes.find(label); it != codes.end()) return it->second;
    return std::nullopt;
  }
};

TEST(recent_labels_test, a_hit_skips_the_lookup_and_every_label_keeps_its_own_code) {
  counted_lookup lookup{.codes = {{"web", 0}, {"wab", 1}, {"shop", 2}, {"", 3}}};
  auto ask = [&](cxscore::detail::recent_labels& cache, std::string_view label) {
    return cache.code(label, [&](std::string_view s) { return lookup(s); });
  };
  cxscore::detail::recent_labels cache;
  EXPECT_EQ(ask(cache, "web"), 0u);
  EXPECT_EQ(ask(cache, "web"), 0u);
  EXPECT_EQ(lookup.calls, 1);
  // "wab" has the length, first and last byte of "web": the same slot.
  EXPECT_EQ(ask(cache, "wab"), 1u);
  EXPECT_EQ(ask(cache, "web"), 0u);
  EXPECT_EQ(lookup.calls, 3);
  EXPECT_EQ(ask(cache, "shop"), 2u);
  EXPECT_EQ(ask(cache, ""), 3u);
  EXPECT_EQ(ask(cache, ""), 3u);
  EXPECT_EQ(ask(cache, "shop"), 2u);
  EXPECT_EQ(lookup.calls, 5);
}

TEST(recent_labels_test, an_unknown_label_is_asked_every_time) {
  counted_lookup lookup{.codes = {{"web", 0}}};
  cxscore::detail::recent_labels cache;
  for (int k = 0; k < 3; ++k)
    EXPECT_FALSE(cache.code("wxb", [&](std::string_view s) { return lookup(s); }).has_value());
  EXPECT_EQ(lookup.calls, 3);
  EXPECT_EQ(cache.code("web", [&](std::string_view s) { return lookup(s); }), 0u);
}

}  // namespace
