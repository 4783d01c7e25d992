#include "cxscore/io/customers_csv.hpp"

#include <gtest/gtest.h>

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

}  // namespace
