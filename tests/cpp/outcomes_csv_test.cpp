// Outcomes per customer: values, customers without events, and refused input.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/io/outcomes_csv.hpp"
#include "support/journey_logs.hpp"

namespace {

TEST(outcomes_csv_test, reads_the_named_column_in_customer_code_order) {
  cxscore::dictionary customers;
  for (const char* c : {"ann", "bo", "cy", "di"}) customers.encode(c);
  const auto o = cxscore::parse_outcomes_csv("customer,nps,retained\nbo,9,yes\nann,3,no\nzed,1,yes\ncy,10,1\n",
                                             customers, "retained");
  EXPECT_EQ(o, (std::vector<std::int8_t>{0, 1, 1, cxscore::no_outcome}));
  const auto renamed =
      cxscore::parse_outcomes_csv("id,churned\nann,true\nbo,false\n", customers, "churned", {{"customer", "id"}});
  EXPECT_EQ(renamed[0], 1);
  EXPECT_EQ(renamed[1], 0);
}

TEST(outcomes_csv_test, refuses_unknown_values_empty_ids_duplicates_and_missing_columns) {
  cxscore::dictionary customers;
  customers.encode("ann");
  auto error_of = [&](const std::string& text) {
    return cxscore_test::input_error_of(
        [&] { (void)cxscore::parse_outcomes_csv(text, customers, "retained", {}, "o.csv"); });
  };
  auto e = error_of("customer,retained\nann,maybe\n");
  EXPECT_EQ(e.where().row, 2u);
  EXPECT_EQ(e.where().column, "retained");
  EXPECT_EQ(e.where().value, "maybe");
  e = error_of("customer,retained\nann,1\nann,0\n");
  EXPECT_EQ(e.where().row, 3u);
  EXPECT_EQ(e.where().column, "customer");
  EXPECT_EQ(e.reason(), "customer listed twice (first on row 2)");
  // An empty id matches no customer: it would pass as a customer without events.
  for (const char* text : {"customer,retained\nann,1\n,0\n", "customer,retained\nann,1\n  ,0\n"}) {
    e = error_of(text);
    EXPECT_EQ(e.where().row, 3u) << text;
    EXPECT_EQ(e.where().column, "customer") << text;
    EXPECT_EQ(e.where().value, "") << text;
    EXPECT_EQ(e.reason(), "customer id is empty") << text;
  }
  e = cxscore_test::input_error_of(
      [&] { (void)cxscore::parse_outcome_values_csv("customer,nps\n,7\n", customers, "nps", {}, "o.csv"); });
  EXPECT_EQ(e.reason(), "customer id is empty");
  e = error_of("customer,nps\nann,1\n");
  EXPECT_EQ(e.where().column, "retained");
}

TEST(outcomes_csv_test, a_binary_outcome_takes_any_spelling_of_one_and_zero_and_nothing_else) {
  // Numbers equal to 1 or 0 in any form, and yes/no and true/false in any case; anything else is refused.
  cxscore::dictionary customers;
  const std::vector<std::string> ones{"1", "1.0", "+1", "1e0", "YES", "Yes", "True", "TRUE"};
  const std::vector<std::string> zeros{"0", "0.0", "-0", "+0", "NO", "No", "False", "false"};
  std::string text = "customer,retained\n";
  for (std::size_t k = 0; k < ones.size() + zeros.size(); ++k) {
    customers.encode("c" + std::to_string(k));
    text += "c" + std::to_string(k) + "," + (k < ones.size() ? ones[k] : zeros[k - ones.size()]) + "\n";
  }
  const auto o = cxscore::parse_outcomes_csv(text, customers, "retained");
  ASSERT_EQ(o.size(), ones.size() + zeros.size());
  for (std::size_t k = 0; k < o.size(); ++k) EXPECT_EQ(o[k], k < ones.size() ? 1 : 0) << k;
  for (const char* bad : {"2", "0.5", "-1", "y", "t", "nan", "1 1"}) {
    const auto e = cxscore_test::input_error_of([&] {
      (void)cxscore::parse_outcomes_csv(std::string("customer,retained\nc0,") + bad + "\n", customers, "retained", {},
                                        "o.csv");
    });
    EXPECT_EQ(e.where().row, 2u) << bad;
    EXPECT_EQ(e.where().value, bad);
  }
}

TEST(outcomes_csv_test, numeric_outcomes_take_numbers_and_words_and_leave_the_unanswered_empty) {
  cxscore::dictionary customers;
  for (const char* c : {"ann", "bo", "cy", "di"}) customers.encode(c);
  const auto o = cxscore::parse_outcome_values_csv("customer,nps\nbo,9\nann,\ncy,Yes\nzed,4\n", customers, "nps");
  ASSERT_EQ(o.size(), 4u);
  EXPECT_TRUE(std::isnan(o[0]));  // empty cell: not answered
  EXPECT_EQ(o[1], 9.0);
  EXPECT_EQ(o[2], 1.0);
  EXPECT_TRUE(std::isnan(o[3]));  // no row
  auto e = cxscore_test::input_error_of(
      [&] { (void)cxscore::parse_outcome_values_csv("customer,nps\nann,7\nbo,nan\n", customers, "nps", {}, "o.csv"); });
  EXPECT_EQ(e.where().row, 3u);
  EXPECT_EQ(e.where().column, "nps");
  EXPECT_EQ(e.where().value, "nan");
  e = cxscore_test::input_error_of(
      [&] { (void)cxscore::parse_outcome_values_csv("customer,nps\nann,7\nann,8\n", customers, "nps", {}, "o.csv"); });
  EXPECT_EQ(e.where().column, "customer");
}

}  // namespace
