#include "internal/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// A record with many quoted fields holding doubled quotes: each field's view must stay valid while the
// reader stores the next one (the fuzzer found views into storage that had moved).
TEST(csv_reader_test, many_fields_with_doubled_quotes_keep_their_text) {
  std::string text;
  std::vector<std::string> expected;
  for (int k = 0; k < 40; ++k) {
    text += (k ? "," : "") + std::string("\"a\"\"") + std::to_string(k) + "\"";
    expected.push_back("a\"" + std::to_string(k));
  }
  text += "\n";
  cxscore::detail::csv_reader reader(text, "t.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next(fields));
  ASSERT_EQ(fields.size(), expected.size());
  for (std::size_t k = 0; k < fields.size(); ++k) EXPECT_EQ(std::string(fields[k]), expected[k]) << k;
  EXPECT_FALSE(reader.next(fields));
}
