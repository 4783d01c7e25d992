// The driver table: cells by hand from events, the unvisited policies, the CSV reader's exclusions, ids and
// errors (the analysis's too, named by the file's rows), and recovery of the simulator's known touchpoint
// weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/score.hpp"
#include "cxscore/sim/simulate.hpp"

namespace {

struct small_case {
  cxscore::journey_map map;
  std::vector<std::uint32_t> customer{0, 0, 1, 2};
  std::vector<cxscore::touchpoint_code> tp{0, 0, 1, 0};
  std::vector<double> time{0, 1, 2, 3}, experience{5, 2, 1, 4}, expectation{4, 4, 3, 3};
  small_case() {
    map.add_touchpoint({.name = "web"});                    // scale [1, 5]: width 4
    map.add_touchpoint({.name = "call", .scale = {1, 3}});  // width 2
  }
  cxscore::event_view view() const {
    return {.customer = customer,
            .touchpoint = tp,
            .time = time,
            .experience = experience,
            .expectation = expectation,
            .customer_count = 3};
  }
};

TEST(driver_table_test, mean_gap_per_customer_and_touchpoint_by_hand) {
  const small_case k;
  const std::vector<double> outcome{9, 3, 7};
  const auto t = cxscore::build_driver_table(k.view(), k.map, cxscore::model::servqual(), outcome,
                                             {.outcome = "nps", .measure = cxscore::driver_measure::gap});
  ASSERT_EQ(t.data.rows(), 3);
  EXPECT_DOUBLE_EQ(t.data(0, 0), ((5 - 4) / 4.0 + (2 - 4) / 4.0) / 2);  // -0.125
  EXPECT_DOUBLE_EQ(t.data(0, 1), 0.0);                                  // never called: as expected
  EXPECT_DOUBLE_EQ(t.data(1, 1), (1 - 3) / 2.0);                        // -1
  EXPECT_DOUBLE_EQ(t.data(2, 0), (4 - 3) / 4.0);
  EXPECT_DOUBLE_EQ(t.data(1, 2), 3.0);
  EXPECT_EQ(t.drivers, (std::vector<std::string>{"web", "call"}));
}

TEST(driver_table_test, values_use_the_model_and_the_policies_fill_or_drop) {
  const small_case k;
  const std::vector<double> outcome{9, 3, NAN};
  const auto m = cxscore::model::prospect();
  const auto mean = cxscore::build_driver_table(k.view(), k.map, m, outcome,
                                                {.unvisited = cxscore::unvisited_policy::touchpoint_mean});
  ASSERT_EQ(mean.data.rows(), 2);  // customer 2 has no outcome
  ASSERT_EQ(mean.excluded.size(), 1u);
  EXPECT_EQ(mean.excluded[0].reason, "no outcome");
  const double v_plus = std::pow(0.25, 0.88), v_minus = -2.25 * std::pow(0.5, 0.88);
  EXPECT_DOUBLE_EQ(mean.data(0, 0), (v_plus + v_minus) / 2);
  EXPECT_DOUBLE_EQ(mean.data(1, 0), (v_plus + v_minus) / 2);  // customer 1 never used web: the mean of those who did
  EXPECT_DOUBLE_EQ(mean.data(0, 1), -2.25);                   // customer 0 never called: customer 1's value
  const auto drop =
      cxscore::build_driver_table(k.view(), k.map, m, outcome, {.unvisited = cxscore::unvisited_policy::drop_customer});
  EXPECT_EQ(drop.data.rows(), 0);
  EXPECT_EQ(drop.excluded.size(), 3u);
}

// A service touchpoint under recovery < 1, dimension weights and a half-life: each customer visits only
// `desk`, so score's journey score S_c is the weighted mean of the values of the same encounters, and the
// driver table's cell must be that number (and the hand calculation of it).
TEST(driver_table_test, a_service_cell_is_the_mean_value_score_takes_for_the_same_encounters) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "desk", .role = cxscore::role::service, .promise = 3});  // scale [1, 5]
  std::vector<std::uint32_t> customer{0, 0, 1, 1, 1};
  std::vector<cxscore::touchpoint_code> tp(5, 0);
  std::vector<double> time{0, 86400, 0, 3 * 86400, 86400}, experience{5, 2, 4, 1, 5};
  std::vector<std::int32_t> dimension{0, 1, 0, 0, 1};
  const std::vector<std::string> dimensions{"empathy", "speed"};
  const cxscore::event_view v{.customer = customer,
                              .touchpoint = tp,
                              .time = time,
                              .experience = experience,
                              .dimension = dimension,
                              .customer_count = 2,
                              .dimension_names = dimensions};
  auto m = cxscore::model::prospect();
  m.recovery = 0.4;
  m.half_life_days = 2;
  m.dimension_weights = {{"empathy", 1.0}, {"speed", 3.0}};
  const auto t = cxscore::build_driver_table(v, map, m, std::vector<double>{1, 0});
  const auto scored = cxscore::score(v, map, m, {.threads = 1});
  ASSERT_EQ(t.data.rows(), 2);
  for (Eigen::Index c = 0; c < 2; ++c)
    EXPECT_NEAR(t.data(c, 0), scored.customer_journey_score[static_cast<std::size_t>(c)], 1e-12) << "customer " << c;
  // By hand, customer 0: a gain of g = 0.5 in empathy a day before a loss of g = -0.25 in speed; the gain
  // keeps 40%, the day-old encounter weighs 2^(-1/2).
  const double gain = 0.4 * std::pow(0.5, 0.88), loss = -2.25 * std::pow(0.25, 0.88);
  const double a_gain = 1.0 * std::pow(2.0, -0.5), a_loss = 3.0;
  EXPECT_NEAR(t.data(0, 0), (a_gain * gain + a_loss * loss) / (a_gain + a_loss), 1e-15);
}

TEST(driver_table_test, csv_rows_with_missing_cells_are_excluded_and_bad_cells_refused) {
  const auto t = cxscore::parse_driver_table_csv("customer,a,b,churned\nx,1,2,yes\ny,,3,no\nz,2,5,no\nw,4,1,yes\n",
                                                 {.outcome = "churned"}, "t.csv");
  EXPECT_EQ(t.drivers, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.data.rows(), 3);
  EXPECT_TRUE(t.binary_outcome());
  EXPECT_EQ(t.ids, (std::vector<std::string>{"x", "z", "w"}));
  ASSERT_EQ(t.excluded.size(), 1u);
  EXPECT_EQ(t.excluded[0].row, 3u);
  EXPECT_EQ(t.excluded[0].column, "a");
  try {
    (void)cxscore::parse_driver_table_csv("a,b,y\n1,2,3\n1,oops,3\n", {.outcome = "y"}, "t.csv");
    FAIL() << "no error";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 3u);
    EXPECT_EQ(e.where().column, "b");
    EXPECT_EQ(e.where().value, "oops");
  }
  EXPECT_THROW((void)cxscore::parse_driver_table_csv("a,b\n1,2\n", {.outcome = "y"}), cxscore::input_error);
  EXPECT_THROW((void)cxscore::parse_driver_table_csv("a,b,y\n1,2,3\n", {.outcome = "y", .drivers = {"a", "a"}}),
               cxscore::input_error);
  const auto picked = cxscore::parse_driver_table_csv("a,b,y\n1,2,3\n", {.outcome = "y", .drivers = {"b"}});
  EXPECT_EQ(picked.data.cols(), 2);
  EXPECT_DOUBLE_EQ(picked.data(0, 0), 2.0);
}

TEST(driver_table_test, csv_ids_are_present_and_unique_and_rows_keep_their_csv_numbers) {
  const auto t = cxscore::parse_driver_table_csv("id,a,y\nx,1,2\ny,,3\n\nz,2,5\n", {.outcome = "y"}, "t.csv");
  EXPECT_EQ(t.rows, (std::vector<std::size_t>{2, 5}));  // y excluded, a blank line skipped
  // One row per customer: a row without an id, or a second row of one, would weigh in the fit unnoticed.
  struct bad {
    std::string text;
    std::size_t row;
    std::string value, reason;
  };
  for (const auto& c :
       {bad{"id,a,y\nx,1,2\n,2,3\n", 3, "", "id is empty"}, bad{"id,a,y\nx,1,2\n\"\",2,3\n", 3, "", "id is empty"},
        bad{"id,a,y\nx,1,2\nw,2,3\nx,2,4\n", 4, "x", "id listed twice (first on row 2)"},
        bad{"id,a,y\nx,1,2\nw,,3\nw,2,4\n", 4, "w", "id listed twice (first on row 3)"}}) {
    try {
      (void)cxscore::parse_driver_table_csv(c.text, {.outcome = "y"}, "t.csv");
      ADD_FAILURE() << "no error: " << c.text;
    } catch (const cxscore::input_error& e) {
      EXPECT_EQ(e.where().row, c.row) << c.text;
      EXPECT_EQ(e.where().column, "id") << c.text;
      EXPECT_EQ(e.where().value, c.value) << c.text;
      EXPECT_EQ(e.reason(), c.reason) << c.text;
    }
  }
  // Without an id column nothing identifies a row, so equal rows are two customers.
  EXPECT_EQ(cxscore::parse_driver_table_csv("a,y\n1,2\n1,2\n", {.outcome = "y"}).data.rows(), 2);
}

TEST(driver_table_test, analysis_errors_name_the_table_file_and_its_csv_rows) {
  // Row 3 is excluded (an empty cell), so the outcome 2 is in the data's fourth row but on the file's row 6.
  const auto t = cxscore::parse_driver_table_csv("id,a,b,y\nu,1,2,1\nv,,1,0\nw,2,1,0\nx,3,3,1\nz,4,1,2\nq,2,5,0\n",
                                                 {.outcome = "y"}, "t.csv");
  try {
    (void)cxscore::analyse_drivers(t, {.method = cxscore::driver_method::logistic, .source = "t.csv"});
    FAIL() << "no error";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "t.csv");
    EXPECT_EQ(e.where().row, 6u);
    EXPECT_EQ(e.where().column, "y");
    EXPECT_EQ(e.where().value, "2");
  }
  const auto few = cxscore::parse_driver_table_csv("id,a,b,y\nu,1,2,1\nv,,1,0\nw,2,1,0\n", {.outcome = "y"});
  try {
    (void)cxscore::analyse_drivers(few, {.source = "few.csv"});
    FAIL() << "no error";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "few.csv");
    EXPECT_EQ(e.where().value, "2");
  }
}

TEST(driver_table_test, lmg_on_simulated_customers_ranks_the_truly_heaviest_touchpoints_first) {
  const auto brand = cxscore::simulate({.customers = 20000, .seed = 3});
  std::vector<double> nps(brand.outcomes.nps.begin(), brand.outcomes.nps.end());
  // The simulator's outcome model: NPS from the mean prospect value per visited touchpoint.
  auto m = cxscore::model::prospect();
  m.alpha = brand.truth.alpha, m.beta = brand.truth.beta, m.lambda = brand.truth.lambda;
  const auto t = cxscore::build_driver_table(brand.events.view(), brand.map, m, nps, {.outcome = "nps"});
  const auto imp = cxscore::analyse_drivers(t, {.threads = 2});
  std::vector<std::pair<double, std::string>> by_lmg, by_truth;
  for (std::size_t j = 0; j < imp.drivers.size(); ++j) {
    by_lmg.emplace_back(-imp.lmg[static_cast<Eigen::Index>(j)], imp.drivers[j]);
    by_truth.emplace_back(-brand.truth.weights.at(imp.drivers[j]), imp.drivers[j]);
  }
  std::sort(by_lmg.begin(), by_lmg.end());
  std::sort(by_truth.begin(), by_truth.end());
  // LMG also reflects how much a touchpoint varies across customers, so the order within the top three
  // may differ from the weights'; the three themselves must be the three heaviest.
  std::set<std::string> top_lmg, top_truth;
  for (int k = 0; k < 3; ++k) top_lmg.insert(by_lmg[k].second), top_truth.insert(by_truth[k].second);
  EXPECT_EQ(top_lmg, top_truth);
  EXPECT_NEAR(imp.lmg.sum(), imp.r2, 1e-12);
}

}  // namespace
