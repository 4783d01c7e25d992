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

// Unquoted fields of every length around the sixteen bytes the reader compares at once, ended by the
// delimiter, \n, \r\n, a lone \r or the end of the text, with blanks to trim: the same fields as a plain
// split of the same records.
TEST(csv_reader_test, fields_of_every_length_end_where_a_byte_by_byte_split_ends_them) {
  const std::vector<std::string> ends{"\n", "\r\n", "\r"};
  for (char delimiter : {',', ';', '\t'})
    for (std::size_t first = 0; first <= 40; ++first)
      for (std::size_t second = 0; second <= 20; ++second) {
        const std::string a = std::string(first, 'a'), b = " " + std::string(second, 'b') + " ";
        std::string text;
        std::vector<std::vector<std::string>> expected;
        for (std::size_t k = 0; k < ends.size(); ++k) {
          text.append(a).append(1, delimiter).append(b).append(1, delimiter).append(std::to_string(k)).append(ends[k]);
          expected.push_back({a, std::string(second, 'b'), std::to_string(k)});
        }
        text.append(b).append(1, delimiter).append(a);  // the last record ends with the text
        expected.push_back({std::string(second, 'b'), a});
        cxscore::detail::csv_reader reader(text, "t.csv", false, delimiter);
        std::vector<std::string_view> fields;
        for (const auto& record : expected) {
          ASSERT_TRUE(reader.next(fields)) << first << ", " << second;
          ASSERT_EQ(std::vector<std::string>(fields.begin(), fields.end()), record)
              << "delimiter " << static_cast<int>(delimiter) << ", fields of " << first << " and " << second;
        }
        EXPECT_FALSE(reader.next(fields));
      }
}
