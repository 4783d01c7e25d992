// Dense integer codes for labels, in first-appearance order.
#include "cxscore/dictionary.hpp"

#include <gtest/gtest.h>

#include <span>
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

TEST(dictionary_test, encode_all_gives_the_codes_of_encoding_one_label_at_a_time_runs_or_not) {
  // Runs of equal labels (taken without a lookup), labels met again later, and more labels than the
  // prefetch distance, in one batch and in two.
  std::vector<std::string> labels;
  labels.reserve(304);
  for (int k = 0; k < 300; ++k) labels.push_back("c" + std::to_string((k * 7 / 3) % 41));
  labels.insert(labels.begin() + 5, 4, "");
  const std::vector<std::string_view> views(labels.begin(), labels.end());
  cxscore::dictionary one_at_a_time;
  std::vector<std::uint32_t> expected;
  expected.reserve(labels.size());
  for (const auto& label : labels) expected.push_back(one_at_a_time.encode(label));
  for (std::size_t cut : {std::size_t{0}, std::size_t{7}, labels.size() / 2}) {
    cxscore::dictionary batched;
    std::vector<std::uint32_t> codes(labels.size());
    batched.encode_all(std::span(views).first(cut), std::span(codes).first(cut));
    batched.encode_all(std::span(views).subspan(cut), std::span(codes).subspan(cut));
    EXPECT_EQ(codes, expected) << "cut at " << cut;
    EXPECT_EQ(batched.labels(), one_at_a_time.labels()) << "cut at " << cut;
  }
}

}  // namespace
