// NPS, CSAT and CES against hand calculations, the standard-error formula, and refused ratings.
#include <gtest/gtest.h>

#include <cmath>

#include "cxscore/drivers/cx_metrics.hpp"

namespace {

using cxscore::metric_kind;

TEST(cx_metrics_test, nps_and_its_standard_error_by_hand) {
  // 10 answers: promoters 9, 10, 10, 9 (4); passives 7, 8 (2); detractors 0, 6, 5, 3 (4).
  const std::vector<double> r{9, 10, 7, 0, 6, 10, 8, 5, 9, 3};
  const auto e = cxscore::estimate(metric_kind::nps, r);
  EXPECT_EQ(e.n, 10u);
  EXPECT_NEAR(e.value, 0.0, 1e-12);                     // 40% - 40%
  EXPECT_NEAR(e.se, 100 * std::sqrt(0.8 / 10), 1e-12);  // (0.4 + 0.4 - 0) / 10
  EXPECT_NEAR(e.upper, 1.959963984540054 * e.se, 1e-12);
  const std::vector<double> r2{10, 9, 7, 3};
  const auto f = cxscore::estimate(metric_kind::nps, r2, 0.90);
  EXPECT_NEAR(f.value, 25.0, 1e-12);  // 50% - 25%
  EXPECT_NEAR(f.se, 100 * std::sqrt((0.75 - 0.0625) / 4), 1e-12);
  EXPECT_NEAR(f.lower, 25 - 1.6448536269514722 * f.se, 1e-12);
}

TEST(cx_metrics_test, intervals_stay_on_the_scale_of_the_metric) {
  // Promoters 9, 10, 10 and one detractor: NPS 50, se 100 sqrt((1 - 0.25) / 4) = 43.3: value + 1.96 se
  // would pass 100.
  const auto n = cxscore::estimate(metric_kind::nps, std::vector<double>{9, 10, 10, 2});
  EXPECT_NEAR(n.value, 50.0, 1e-12);
  EXPECT_EQ(n.upper, 100.0);
  EXPECT_NEAR(n.lower, 50 - 1.959963984540054 * 100 * std::sqrt(0.75 / 4), 1e-12);
  const auto c = cxscore::estimate(metric_kind::csat, std::vector<double>{5, 5, 4, 1});
  EXPECT_EQ(c.upper, 100.0);  // 75 + 1.96 * 21.65
  const auto low = cxscore::estimate(metric_kind::csat, std::vector<double>{1, 2, 2, 5});
  EXPECT_EQ(low.lower, 0.0);  // 25 - 1.96 * 21.65
  const auto e = cxscore::estimate(metric_kind::ces, std::vector<double>{7, 7, 6, 1});
  EXPECT_EQ(e.upper, 7.0);
}

TEST(cx_metrics_test, csat_top_two_box_and_ces_mean_and_low_effort_share_by_hand) {
  const std::vector<double> csat{5, 4, 3, 1, 5};
  const auto c = cxscore::estimate(metric_kind::csat, csat);
  EXPECT_NEAR(c.value, 60.0, 1e-12);
  EXPECT_NEAR(c.se, 100 * std::sqrt(0.6 * 0.4 / 5), 1e-12);
  const std::vector<double> ces{7, 5, 2, 6};
  const auto m = cxscore::estimate(metric_kind::ces, ces);
  EXPECT_NEAR(m.value, 5.0, 1e-12);
  EXPECT_NEAR(m.se, std::sqrt((4 + 0 + 9 + 1) / 3.0 / 4), 1e-12);
  EXPECT_NEAR(cxscore::estimate(metric_kind::ces_low_effort, ces).value, 75.0, 1e-12);
}

TEST(cx_metrics_test, groups_equal_the_metric_of_their_own_ratings) {
  const std::vector<double> r{10, 0, 9, 9, 6};
  const std::vector<std::uint32_t> g{0, 1, 0, 1, 1};
  const auto by = cxscore::estimate_by_group(metric_kind::nps, r, g, 3);
  EXPECT_NEAR(by[0].value, 100.0, 1e-12);
  EXPECT_NEAR(by[1].value, (1 - 2) / 3.0 * 100, 1e-12);
  EXPECT_EQ(by[2].n, 0u);
  EXPECT_TRUE(std::isnan(by[2].value));
}

TEST(cx_metrics_test, out_of_scale_or_fractional_ratings_are_refused_with_their_position) {
  const std::vector<double> r{10, 11};
  try {
    (void)cxscore::estimate(metric_kind::nps, r, 0.95, "survey.csv");
    FAIL();
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 2u);
    EXPECT_EQ(e.where().value, "11");
  }
  EXPECT_THROW((void)cxscore::estimate(metric_kind::csat, std::vector<double>{0}), cxscore::input_error);
  EXPECT_THROW((void)cxscore::estimate(metric_kind::ces, std::vector<double>{3.5}), cxscore::input_error);
  EXPECT_THROW((void)cxscore::estimate(metric_kind::nps, std::vector<double>{}), cxscore::input_error);
  EXPECT_NEAR(cxscore::normal_quantile(0.975), 1.959963984540054, 1e-15);
}

}  // namespace
