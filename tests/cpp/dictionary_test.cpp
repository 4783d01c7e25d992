// Dense integer codes for labels, in first-appearance order.
#include "cxscore/dictionary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
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

TEST(dictionary_test, codes_match_a_reference_map_across_growths_on_random_labels) {
  // Labels drawn with repeats from a pool of 50,000 (short ones kept inside std::string, long ones not), coded
  // one at a time and in batches: the codes are the first-appearance numbering a std::unordered_map gives.
  std::mt19937_64 rng(18);
  std::vector<std::string> pool;
  for (int i = 0; i < 50'000; ++i) {
    std::string label = "C" + std::to_string(rng() % 10'000'000);
    if (i % 7 == 0) label += "-with-a-suffix-longer-than-fifteen-bytes";
    pool.push_back(std::move(label));
  }
  std::vector<std::string_view> rows;
  for (int r = 0; r < 200'000; ++r) rows.emplace_back(pool[rng() % pool.size()]);
  std::unordered_map<std::string, std::uint32_t> reference;
  std::vector<std::string> reference_labels;
  std::vector<std::uint32_t> expected;
  for (const auto label : rows) {
    const auto [it, added] = reference.try_emplace(std::string(label), static_cast<std::uint32_t>(reference.size()));
    if (added) reference_labels.emplace_back(label);
    expected.push_back(it->second);
  }
  cxscore::dictionary one_at_a_time;
  cxscore::dictionary batched;
  std::vector<std::uint32_t> codes(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) EXPECT_EQ(one_at_a_time.encode(rows[r]), expected[r]) << r;
  for (std::size_t at = 0; at < rows.size(); at += 9'973) {  // batches of an odd size, the last one shorter
    const std::size_t n = std::min<std::size_t>(9'973, rows.size() - at);
    batched.encode_all(std::span(rows).subspan(at, n), std::span(codes).subspan(at, n));
  }
  EXPECT_EQ(codes, expected);
  EXPECT_EQ(one_at_a_time.labels(), reference_labels);
  EXPECT_EQ(batched.labels(), reference_labels);
  std::vector<std::optional<std::uint32_t>> found(rows.size());
  batched.find_all(rows, found);
  for (std::size_t r = 0; r < rows.size(); ++r) EXPECT_EQ(found[r], expected[r]) << r;
  for (const auto& [label, code] : reference) {
    EXPECT_EQ(batched.find(label), code);
    EXPECT_EQ(batched[code], label);
  }
}

TEST(dictionary_test, labels_with_embedded_nuls_and_the_empty_label_are_labels_of_their_own) {
  using namespace std::string_literals;
  const std::vector<std::string> labels{""s, "\0"s, "\0\0"s, "a\0"s, "a"s, "a\0b"s, "\0a"s};
  cxscore::dictionary d;
  for (std::size_t k = 0; k < labels.size(); ++k) EXPECT_EQ(d.encode(labels[k]), k) << k;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    EXPECT_EQ(d.encode(labels[k]), k) << k;
    EXPECT_EQ(d.find(labels[k]), k) << k;
    EXPECT_EQ(d[static_cast<std::uint32_t>(k)], labels[k]) << k;
  }
  EXPECT_FALSE(d.find("b"s).has_value());
  EXPECT_FALSE(d.find("\0\0\0"s).has_value());
  EXPECT_EQ(d.labels(), labels);
}

TEST(dictionary_test, find_of_absent_labels_adds_nothing_in_an_empty_or_a_large_dictionary) {
  cxscore::dictionary d;
  EXPECT_FALSE(d.find("anyone").has_value());
  EXPECT_FALSE(d.find("").has_value());
  for (int i = 0; i < 5'000; ++i) d.encode("c" + std::to_string(i));
  std::vector<std::string> absent;
  for (int i = 5'000; i < 5'100; ++i) absent.push_back("c" + std::to_string(i));
  absent.emplace_back("");
  absent.emplace_back("C1");  // case matters
  const std::vector<std::string_view> queries(absent.begin(), absent.end());
  std::vector<std::optional<std::uint32_t>> found(queries.size(), 0u);
  d.find_all(queries, found);
  for (std::size_t q = 0; q < queries.size(); ++q) {
    EXPECT_FALSE(found[q].has_value()) << queries[q];
    EXPECT_FALSE(d.find(queries[q]).has_value()) << queries[q];
  }
  EXPECT_EQ(d.size(), 5'000u);
}

TEST(dictionary_test, copies_are_independent_and_moves_leave_an_empty_dictionary) {
  cxscore::dictionary original;
  for (int i = 0; i < 3'000; ++i) original.encode("customer-" + std::to_string(i));
  const auto labels = original.labels();

  cxscore::dictionary copy(original);
  EXPECT_EQ(copy.labels(), labels);
  EXPECT_EQ(copy.encode("newcomer"), 3'000u);  // the copy numbers on; the original does not see it
  EXPECT_FALSE(original.find("newcomer").has_value());
  EXPECT_EQ(original.encode("other"), 3'000u);
  EXPECT_FALSE(copy.find("other").has_value());
  for (int i = 0; i < 3'000; ++i) EXPECT_EQ(copy.find("customer-" + std::to_string(i)), static_cast<std::uint32_t>(i));

  cxscore::dictionary assigned;
  assigned.encode("replaced");
  assigned = copy;
  EXPECT_EQ(assigned.labels(), copy.labels());
  EXPECT_FALSE(assigned.find("replaced").has_value());
  EXPECT_EQ(assigned.encode("later"), 3'001u);
  EXPECT_EQ(copy.size(), 3'001u);

  cxscore::dictionary moved(std::move(copy));
  EXPECT_EQ(moved.size(), 3'001u);
  EXPECT_EQ(moved.find("newcomer"), 3'000u);
  EXPECT_EQ(moved.encode("customer-7"), 7u);
  EXPECT_EQ(copy.size(), 0u);  // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move): the state a move leaves
  EXPECT_EQ(copy.encode("fresh"), 0u);

  cxscore::dictionary target;
  target.encode("gone");
  target = std::move(moved);
  EXPECT_EQ(target.size(), 3'001u);
  EXPECT_FALSE(target.find("gone").has_value());
  EXPECT_EQ(target.find("customer-2999"), 2'999u);
  EXPECT_EQ(target.encode("after the move"), 3'001u);  // the moved table still reads its own labels
  EXPECT_EQ(moved.size(), 0u);                         // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
  EXPECT_FALSE(moved.find("customer-7").has_value());
  EXPECT_EQ(moved.encode("again"), 0u);
}

TEST(dictionary_test, reserve_changes_no_code) {
  cxscore::dictionary reserved;
  reserved.reserve(10'000);
  cxscore::dictionary grown;
  for (int i = 0; i < 20'000; ++i) {  // past the reservation
    const std::string label = std::to_string(i * 7919 % 20'000);
    EXPECT_EQ(reserved.encode(label), grown.encode(label));
  }
  EXPECT_EQ(reserved.labels(), grown.labels());
  reserved.reserve(5);  // less than it holds: nothing changes
  EXPECT_EQ(reserved.find("0"), 0u);
  EXPECT_EQ(reserved.size(), 20'000u);
}

}  // namespace
