// read_csv_columns: each column typed by what its cells allow (times to the nanosecond, numbers, labels),
// the same columns for any chunk count, and malformed records named by row.
#include "internal/csv_columns.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cxscore/error.hpp"

namespace {

using cxscore::detail::column_type;
using cxscore::detail::csv_column;
using cxscore::detail::parse_csv_columns;

const cxscore::detail::csv_columns_request roles{.labels = {"customer", "touchpoint"}, .time = "time"};

std::vector<std::string> labels_of(const csv_column& c) {
  std::vector<std::string> out;
  for (const std::uint32_t code : c.codes) out.push_back(c.labels[code]);
  return out;
}

TEST(csv_columns_test, each_column_is_read_as_the_type_its_cells_allow) {
  const std::string text =
      "customer,touchpoint,time,experience,note,when\n"
      "a,web,2026-01-01T10:00:00.123456789Z,4,x,1767261600\n"
      "b,shop,2026-01-02,,y,1767261600.5\n"
      "a, web ,2026-01-03T00:00:00+02:00,5.5,x,\n";
  const auto columns = parse_csv_columns(text, "events.csv", roles);
  ASSERT_EQ(columns.size(), 6u);
  EXPECT_EQ(columns[0].name, "customer");
  EXPECT_EQ(columns[0].type, column_type::label);
  EXPECT_EQ(columns[0].codes, (std::vector<std::uint32_t>{0, 1, 0}));                  // first appearance
  EXPECT_EQ(labels_of(columns[1]), (std::vector<std::string>{"web", "shop", "web"}));  // trimmed
  // 2026-01-01 is day 20454 of the epoch (56 years, 14 of them leap): 1767225600 s, plus 10 h.
  ASSERT_EQ(columns[2].type, column_type::time);
  EXPECT_EQ(columns[2].nanoseconds,
            (std::vector<std::int64_t>{1767261600123456789, 1767312000000000000, 1767391200000000000}));
  ASSERT_EQ(columns[3].type, column_type::number);
  EXPECT_EQ(columns[3].numbers[0], 4.0);
  EXPECT_TRUE(std::isnan(columns[3].numbers[1]));  // an empty cell
  EXPECT_EQ(columns[3].numbers[2], 5.5);
  EXPECT_EQ(columns[4].type, column_type::label);  // text not asked for as labels
  EXPECT_EQ(labels_of(columns[4]), (std::vector<std::string>{"x", "y", "x"}));
  ASSERT_EQ(columns[5].type, column_type::number);
  EXPECT_EQ(columns[5].numbers[1], 1767261600.5);
  EXPECT_TRUE(std::isnan(columns[5].numbers[2]));
}

TEST(csv_columns_test, a_time_column_of_epoch_seconds_is_numbers_and_one_of_other_text_is_labels) {
  auto columns = parse_csv_columns("customer,touchpoint,time\na,web,1767261600\nb,web,1767261600.25\n", "f", roles);
  ASSERT_EQ(columns[2].type, column_type::number);
  EXPECT_EQ(columns[2].numbers, (std::vector<double>{1767261600, 1767261600.25}));
  // An empty cell, or one beyond datetime64[ns] (after 2262-04-11), leaves the times as written.
  for (const char* last : {"", "2300-01-01", "yesterday", "nan"}) {
    columns =
        parse_csv_columns(std::string("customer,touchpoint,time\na,web,2026-01-01\nb,web,") + last + "\n", "f", roles);
    ASSERT_EQ(columns[2].type, column_type::label) << last;
    EXPECT_EQ(labels_of(columns[2]), (std::vector<std::string>{"2026-01-01", last}));
  }
}

TEST(csv_columns_test, numbers_as_written_become_labels_when_one_cell_is_not_a_number) {
  const auto columns = parse_csv_columns("customer,touchpoint,x\na,web,4.50\nb,web,inf\nc,web,\n", "f", roles);
  ASSERT_EQ(columns[2].type, column_type::label);  // infinities and NaN are text, as every reader refuses them
  EXPECT_EQ(labels_of(columns[2]), (std::vector<std::string>{"4.50", "inf", ""}));
}

/// A file large enough to be cut into many chunks, whose columns change type late in the file.
std::string long_file() {
  std::string text = "customer,touchpoint,time,x,when,d\n";
  const int rows = 20000;
  for (int r = 0; r < rows; ++r) {
    const bool late = r > rows - 40;
    text += "C" + std::to_string((r * 7919) % 5003) + ",tp" + std::to_string(r % 13) + ",";
    text += late && r % 2 ? "not a time"
                          : "2026-02-0" + std::to_string(1 + r % 9) + "T01:02:03." + std::to_string(r % 1000) + "Z";
    text += "," + (r == rows - 3 ? std::string("n/a") : std::to_string(r % 17) + ".25");
    text += "," + (r < rows / 2 ? std::to_string(1767261600 + r) : std::string("2026-03-01"));
    text += "," + std::to_string(r % 3) + "\n";
  }
  return text;
}

TEST(csv_columns_test, the_columns_are_the_same_for_any_chunk_count) {
  const std::string text = long_file();
  const auto one = parse_csv_columns(text, "long.csv", {.labels = roles.labels, .time = roles.time, .chunks = 1});
  EXPECT_EQ(one[2].type, column_type::label);
  EXPECT_EQ(one[3].type, column_type::label);
  EXPECT_EQ(one[4].type, column_type::label);  // epoch seconds, then dates
  EXPECT_EQ(one[5].type, column_type::number);
  EXPECT_EQ(one[3].labels[one[3].codes[20000 - 3]], "n/a");
  EXPECT_EQ(one[3].labels[one[3].codes[0]], "0.25");
  for (const std::size_t chunks : {2u, 3u, 16u}) {
    const auto many =
        parse_csv_columns(text, "long.csv", {.labels = roles.labels, .time = roles.time, .chunks = chunks});
    ASSERT_EQ(many.size(), one.size());
    for (std::size_t k = 0; k < one.size(); ++k) {
      EXPECT_EQ(many[k].type, one[k].type) << chunks << " chunks, column " << k;
      EXPECT_EQ(many[k].codes, one[k].codes) << chunks << " chunks, column " << k;
      EXPECT_EQ(many[k].labels.labels(), one[k].labels.labels()) << chunks << " chunks, column " << k;
      EXPECT_EQ(many[k].nanoseconds, one[k].nanoseconds) << chunks << " chunks, column " << k;
      ASSERT_EQ(many[k].numbers.size(), one[k].numbers.size());
      for (std::size_t i = 0; i < one[k].numbers.size(); ++i)
        ASSERT_EQ(std::bit_cast<std::uint64_t>(many[k].numbers[i]), std::bit_cast<std::uint64_t>(one[k].numbers[i]));
    }
  }
}

TEST(csv_columns_test, chunks_of_blank_lines_leave_every_column_its_type_and_cells) {
  // Found by the csv_columns fuzz target: with the one record in the last chunk, the chunks of blank lines before
  // it were read again as labels, the record's time read as a number, and the joined column lost that cell.
  const std::string text = "customer,touchpoint,time,experience\n" + std::string(200, '\n') + "ann,web,,4\n";
  for (const std::size_t chunks : {1u, 3u, 7u}) {
    const auto columns =
        parse_csv_columns(text, "blank.csv", {.labels = roles.labels, .time = roles.time, .chunks = chunks});
    ASSERT_EQ(columns.size(), 4u);
    EXPECT_EQ(labels_of(columns[0]), std::vector<std::string>{"ann"}) << chunks << " chunks";
    EXPECT_EQ(columns[2].type, column_type::number) << chunks << " chunks";  // an empty time: no time yet
    ASSERT_EQ(columns[2].numbers.size(), 1u) << chunks << " chunks";
    EXPECT_TRUE(std::isnan(columns[2].numbers[0])) << chunks << " chunks";
    EXPECT_EQ(columns[3].type, column_type::number) << chunks << " chunks";
    EXPECT_EQ(columns[3].numbers, std::vector<double>{4.0}) << chunks << " chunks";
  }
}

TEST(csv_columns_test, quoted_labels_keep_their_text_and_doubled_quotes_are_one) {
  std::string text = "customer,touchpoint,note\n";
  for (int r = 0; r < 3000; ++r)
    text += "\"c " + std::to_string(r % 7) + "\",web,\"say \"\"hi\"\" " + std::to_string(r) + "\"\n";
  const auto columns = parse_csv_columns(text, "f", roles);
  ASSERT_EQ(columns[0].labels.size(), 7u);
  EXPECT_EQ(columns[0].labels[0], "c 0");
  ASSERT_EQ(columns[2].codes.size(), 3000u);
  EXPECT_EQ(columns[2].labels[columns[2].codes[2999]], "say \"hi\" 2999");
}

TEST(csv_columns_test, a_header_alone_gives_empty_columns_and_bad_records_name_their_row) {
  const auto empty = parse_csv_columns("customer;touchpoint;time\n", "f", roles);
  ASSERT_EQ(empty.size(), 3u);  // the header shows the separator
  EXPECT_TRUE(empty[2].nanoseconds.empty());
  try {
    (void)parse_csv_columns("customer,touchpoint,time\na,web,1\nb,web\n", "events.csv", roles);
    FAIL() << "a record with a field missing was read";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "events.csv");
    EXPECT_EQ(e.where().row, 3u);
  }
  EXPECT_THROW((void)parse_csv_columns("", "events.csv", roles), cxscore::input_error);
  EXPECT_THROW((void)parse_csv_columns("customer,touchpoint,customer\n", "events.csv", roles), cxscore::input_error);
}

}  // namespace
