// Dense integer codes for labels, in first-appearance order.
#include "cxscore/dictionary.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

TEST(dictionary_test, encode_gives_dense_codes_in_first_appearance_order) {
  cxscore::dictionary d;
  EXPECT_EQ(d.size(), 0u);
  EXPECT_EQ(d.encode("carol"), 0u);
  EXPECT_EQ(d.encode("alice"), 1u);
  EXPECT_EQ(d.encode("carol"), 0u);  // seen before: same code, no new entry
  EXPECT_EQ(d.encode("bob"), 2u);
  EXPECT_EQ(d.encode("alice"), 1u);
  EXPECT_EQ(d.size(), 3u);
  EXPECT_EQ(d.labels(), (std::vector<std::string>{"carol", "alice", "bob"}));
}

TEST(dictionary_test, operator_brackets_decodes_and_find_does_not_insert) {
  cxscore::dictionary d;
  d.encode("tangibles");
  d.encode("reliability");
  EXPECT_EQ(d[0], "tangibles");
  EXPECT_EQ(d[1], "reliability");
  EXPECT_EQ(d.find("reliability"), 1u);
  EXPECT_FALSE(d.find("empathy").has_value());
  EXPECT_EQ(d.size(), 2u);  // find() added nothing
}

TEST(dictionary_test, labels_are_exact_strings) {
  cxscore::dictionary d;
  EXPECT_EQ(d.encode("a"), 0u);
  EXPECT_EQ(d.encode("A"), 1u);   // case matters
  EXPECT_EQ(d.encode("a "), 2u);  // so does whitespace
  EXPECT_EQ(d.encode(""), 3u);    // the empty label is a label like any other
  EXPECT_EQ(d.find(""), 3u);
}

TEST(dictionary_test, survives_rehashing_and_views_of_temporary_strings) {
  cxscore::dictionary d;
  // Labels built in a temporary buffer: the dictionary must own its copies.
  for (int i = 0; i < 1000; ++i) {
    const std::string label = "customer-" + std::to_string(i);
    EXPECT_EQ(d.encode(std::string_view(label)), static_cast<std::uint32_t>(i));
  }
  for (int i = 999; i >= 0; --i) {
    const std::string label = "customer-" + std::to_string(i);
    EXPECT_EQ(d.find(label), static_cast<std::uint32_t>(i));
    EXPECT_EQ(d[static_cast<std::uint32_t>(i)], label);
  }
  EXPECT_EQ(d.size(), 1000u);
}

}  // namespace
