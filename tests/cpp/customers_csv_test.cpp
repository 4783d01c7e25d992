#include "cxscore/io/customers_csv.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

cxscore::dictionary event_customers() {
  cxscore::dictionary d;
  for (const char* id : {"alice", "bob", "carol"}) d.encode(id);
  return d;
}

void expect_refused(const std::string& text, std::size_t row, const std::string& column) {
  try {
    (void)cxscore::parse_customers_csv(text, event_customers(), false, {}, "customers.csv");
    ADD_FAILURE() << "accepted " << text;
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, row) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
  }
}

TEST(customers_csv_test, weights_and_segments_by_event_customer_code) {
  const auto r =
      cxscore::parse_customers_csv("segment,customer,weight\ngold,bob,2.5\n,carol,\nx,dave,1\n", event_customers());
  const auto& c = r.customers;
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.weight, (std::vector<double>{1.0, 2.5, 1.0}));
  EXPECT_EQ(c.segments[c.segment[0]], "unassigned");  // alice: not listed
  EXPECT_EQ(c.segments[c.segment[1]], "gold");
  EXPECT_EQ(c.segments[c.segment[2]], "unassigned");  // empty segment cell
  EXPECT_EQ(r.without_events, 1u);                    // dave
}

TEST(customers_csv_test, bad_weights_and_duplicates_are_refused) {
  expect_refused("customer,weight\nalice,-1\n", 2, "weight");
  expect_refused("customer,weight\nalice,nan\n", 2, "weight");
  expect_refused("customer,weight\nalice,inf\n", 2, "weight");
  expect_refused("customer,weight\nalice,heavy\n", 2, "weight");
  expect_refused("customer,weight\nalice,1\nbob,1\nalice,2\n", 4, "customer");
  expect_refused("weight\n1\n", 1, "customer");
  expect_refused("customer,customer\nalice,alice\n", 1, "customer");
}

TEST(customers_csv_test, lenient_mode_lists_rejected_rows) {
  const auto r = cxscore::parse_customers_csv("customer,weight\nalice,-1\nbob,3\n", event_customers(), true);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].row, 2u);
  EXPECT_EQ(r.rejected[0].value, "-1");
  EXPECT_EQ(r.customers.weight[1], 3.0);
  EXPECT_EQ(r.customers.weight[0], 1.0);
}

// A quoted id with a doubled quote is unescaped into the reader's buffer, which the next record reuses: each
// such row is applied before that (the batch must not keep a view of it).
TEST(customers_csv_test, ids_with_escaped_quotes_keep_their_own_rows) {
  cxscore::dictionary customers;
  for (const char* id : {"a\"1", "b\"2", "c"}) customers.encode(id);
  const auto r = cxscore::parse_customers_csv(
      "customer,weight,segment\n\"a\"\"1\",2,\"x\"\"y\"\n\"b\"\"2\",3,z\nc,4,\n", customers);
  EXPECT_EQ(r.customers.weight, (std::vector<double>{2, 3, 4}));
  EXPECT_EQ(r.customers.segments[r.customers.segment[0]], "x\"y");
  EXPECT_EQ(r.customers.segments[r.customers.segment[1]], "z");
}

// Rows are applied a batch at a time (1024), but every kind of problem (a cell that does not parse, one the
// table refuses, a record of the wrong width) is taken in row order, within a batch and across batches: the
// strict error is the first bad row and the lenient list is in row order, as if each row were applied alone.
// 3000 customers, with a bad row of every kind among them; `with_row` replaces data row `row` (header = 1).
struct file_with_problems {
  cxscore::dictionary customers;
  std::string text = "customer,weight\n";

  file_with_problems() {
    for (int k = 0; k < 3000; ++k) {
      const std::string id = "c" + std::to_string(k);
      customers.encode(id);
      text += id + ",1\n";
    }
    with_row(1030, "c5,2");         // listed twice (first on row 7): refused by the table
    with_row(1031, "c1030,1,x");    // a record of three fields: refused by the reader
    with_row(1500, ",1");           // an empty id
    with_row(2050, "c2049,-3");     // a weight out of range
    with_row(2051, "c2050,heavy");  // a weight that is not a number
  }
  void with_row(std::size_t row, const std::string& line) {
    std::size_t at = 0;
    for (std::size_t r = 1; r < row; ++r) at = text.find('\n', at) + 1;
    text.replace(at, text.find('\n', at) - at, line);
  }
};

// The file is read in pieces on every core, then applied in row order: every count of pieces gives the same.
class customers_csv_chunks_test : public ::testing::TestWithParam<std::size_t> {};

INSTANTIATE_TEST_SUITE_P(pieces, customers_csv_chunks_test, ::testing::Values(1, 2, 3, 16));

TEST_P(customers_csv_chunks_test, problems_of_every_kind_are_taken_in_row_order_across_batches) {
  file_with_problems f;
  const std::size_t chunks = GetParam();
  const auto lenient = cxscore::parse_customers_csv(f.text, f.customers, true, {}, "customers.csv", chunks);
  std::vector<std::size_t> rows;
  std::vector<std::string> columns;
  for (const auto& r : lenient.rejected) rows.push_back(r.row), columns.push_back(r.column);
  EXPECT_EQ(rows, (std::vector<std::size_t>{1030, 1031, 1500, 2050, 2051}));
  EXPECT_EQ(columns, (std::vector<std::string>{"customer", "", "customer", "weight", "weight"}));
  EXPECT_EQ(lenient.customers.weight[5], 1.0);  // the refused second listing changed nothing
  try {
    (void)cxscore::parse_customers_csv(f.text, f.customers, false, {}, "customers.csv", chunks);
    ADD_FAILURE() << "accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 1030u) << e.what();
    EXPECT_EQ(e.where().value, "c5") << e.what();
  }
  f.with_row(1030, "c1029,1");  // now the first bad row is the reader's
  try {
    (void)cxscore::parse_customers_csv(f.text, f.customers, false, {}, "customers.csv", chunks);
    ADD_FAILURE() << "accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 1031u) << e.what();
  }
}

TEST_P(customers_csv_chunks_test, any_number_of_pieces_reads_the_same_table) {
  file_with_problems f;
  f.text.insert(f.text.find('\n'), ",segment");
  std::string with_segments;  // each row gets a segment; c2999 comes back on the last row, listed twice
  std::size_t row = 0;
  for (std::size_t at = 0, end; (end = f.text.find('\n', at)) != std::string::npos; at = end + 1, ++row)
    with_segments.append(f.text, at, end - at)
        .append(row == 0 ? "" : ",seg" + std::to_string(row * 7 % 40))
        .append("\n");
  with_segments += "c2999,4,late\nstranger,1,seg1\n";  // listed twice; a customer without events
  const auto whole = cxscore::parse_customers_csv(with_segments, f.customers, true, {}, "customers.csv", 1);
  const auto read = cxscore::parse_customers_csv(with_segments, f.customers, true, {}, "customers.csv", GetParam());
  EXPECT_EQ(read.customers.weight, whole.customers.weight);
  EXPECT_EQ(read.customers.segment, whole.customers.segment);
  EXPECT_EQ(read.customers.segments.labels(), whole.customers.segments.labels());
  EXPECT_EQ(read.without_events, 1U);
  ASSERT_EQ(read.rejected.size(), whole.rejected.size());
  for (std::size_t k = 0; k < read.rejected.size(); ++k) {
    EXPECT_EQ(read.rejected[k].row, whole.rejected[k].row) << k;
    EXPECT_EQ(read.rejected[k].column, whole.rejected[k].column) << k;
    EXPECT_EQ(read.rejected[k].value, whole.rejected[k].value) << k;
    EXPECT_EQ(read.rejected[k].reason, whole.rejected[k].reason) << k;
  }
  EXPECT_EQ(read.rejected.back().row, 3002U);  // c2999's second listing
  EXPECT_EQ(read.customers.weight[2999], 1.0);
}

}  // namespace

// Segments are numbered in order of their first accepted row, whatever the rows that repeat them: 300 customers over
// 90 segments (more than the reader's cache of recent labels holds). A row refused for its weight, before each
// customer's accepted one, names a segment of its own that no accepted row names: it must not become a segment.
TEST(customers_csv_test, segments_are_numbered_by_their_first_accepted_row) {
  cxscore::dictionary customers;
  std::string text = "customer,weight,segment\n";
  std::vector<std::string> expected_segments{"unassigned"};
  std::vector<std::string> segment_of;
  for (int k = 0; k < 300; ++k) {
    const std::string id = "c" + std::to_string(k);
    const std::string segment = "seg" + std::to_string((k * 7) % 90);
    text.append(id).append(",-1,phantom").append(std::to_string(k % 3)).append("\n");  // refused: a negative weight
    text.append(id).append(",1,").append(segment).append("\n");
    (void)customers.encode(id);
    segment_of.push_back(segment);
    if (std::find(expected_segments.begin(), expected_segments.end(), segment) == expected_segments.end())
      expected_segments.push_back(segment);
  }
  const auto r = cxscore::parse_customers_csv(text, customers, true, {}, "customers.csv");
  EXPECT_EQ(r.rejected.size(), 300U);
  EXPECT_EQ(r.customers.segments.labels(), expected_segments);
  for (std::uint32_t c = 0; c < 300; ++c) EXPECT_EQ(r.customers.segments[r.customers.segment[c]], segment_of[c]) << c;
}
