#include "cxscore/report/report.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "cxscore/group_tables.hpp"
#include "cxscore/sim/simulate.hpp"

namespace {

// Two touchpoints, one of each role: every loss is at one of them.
struct small_case {
  cxscore::journey_map map{"shop"};
  std::vector<std::uint32_t> customer{0, 0, 1};
  std::vector<cxscore::touchpoint_code> tp{0, 1, 1};
  std::vector<double> time{0, 1, 0}, experience{2, 1, 5};
  small_case() {
    map.add_touchpoint({.name = "delivery", .owner = "logistics", .promise = 4});
    map.add_touchpoint({.name = "support", .role = cxscore::role::service, .owner = "care", .promise = 3});
  }
  cxscore::score_result score() const {
    const cxscore::event_view v{
        .customer = customer, .touchpoint = tp, .time = time, .experience = experience, .customer_count = 2};
    return cxscore::score(v, map, cxscore::model::servqual());
  }
};

TEST(report_test, loss_split_by_role_matches_a_hand_calculation) {
  const small_case k;
  const auto r = k.score();
  // servqual, scale width 4: customer 0 has g = -2/4 (delivery) and -2/4 (support), equal weights, so each
  // contributes -0.25 to S_0; customer 1 has +2/4 at support (a gain: no loss). Brand loss = (-0.5) / 2.
  const auto split = cxscore::split_loss_by_role(r, k.map);
  EXPECT_NEAR(split.total, -0.25, 1e-15);
  EXPECT_NEAR(split.experience, 0.5, 1e-15);
  EXPECT_NEAR(split.service, 0.5, 1e-15);
}

TEST(report_test, no_loss_gives_zero_shares_not_nan) {
  small_case k;
  k.experience = {5, 5, 5};
  const auto split = cxscore::split_loss_by_role(k.score(), k.map);
  EXPECT_EQ(split.total, 0.0);
  EXPECT_EQ(split.experience, 0.0);
  EXPECT_EQ(split.service, 0.0);
}

TEST(report_test, report_ranks_touchpoints_by_impact_and_lists_every_owner) {
  const auto brand = cxscore::simulate({.customers = 400, .seed = 3});
  const auto r = cxscore::score(brand.events.view(), brand.map, brand.model, {.customers = &brand.customers});
  const std::string text = cxscore::render_report(r, brand.map, {.top_touchpoints = 14, .title = "t"});
  for (const char* part : {"Brand index", "Fix first", "Owners' scorecard", "Where the loss happens"})
    EXPECT_NE(text.find(part), std::string::npos) << part;
  // The touchpoints appear in order of impact, worst first.
  std::vector<std::pair<std::size_t, double>> positions;
  for (std::size_t t = 0; t < brand.map.size(); ++t) {
    const auto& name = brand.map[static_cast<cxscore::touchpoint_code>(t)].name;
    const auto at = text.find("  " + name + " ");
    ASSERT_NE(at, std::string::npos) << name;
    positions.emplace_back(at, r.touchpoints[t].impact_sum);
  }
  std::sort(positions.begin(), positions.end());
  for (std::size_t k = 1; k < positions.size(); ++k) EXPECT_LE(positions[k - 1].second, positions[k].second);
  for (const char* owner : {"marketing", "ecommerce", "logistics", "product", "finance", "customer_service"})
    EXPECT_NE(text.find(owner), std::string::npos) << owner;
}

TEST(report_test, points_add_up_and_long_names_keep_the_tables_aligned) {
  // A touchpoint and an owner with long names (servqual: v = g, lambda 1, recovery 1).
  small_case k;
  cxscore::journey_map map{"shop"};
  map.add_touchpoint(
      {.name = "delivery_to_the_door_within_the_promised_day", .owner = "logistics_and_fulfilment", .promise = 4});
  map.add_touchpoint({.name = "support", .role = cxscore::role::service, .owner = "care", .promise = 3});
  k.map = map;
  const auto r = k.score();
  const std::string text = cxscore::render_report(r, k.map, {.title = "t"});
  // Every line of each table, headers and rows, ends in the same column.
  for (const char* table : {"Fix first", "Owners' scorecard"}) {
    std::istringstream lines(text.substr(text.find(table)));
    std::string line;
    std::getline(lines, line);  // the title
    std::vector<std::size_t> widths;
    while (std::getline(lines, line) && !line.empty() && line.rfind("  (", 0) != 0) widths.push_back(line.size());
    ASSERT_GE(widths.size(), 3u) << table;
    for (const auto w : widths) EXPECT_EQ(w, widths.front()) << table << "\n" << text;
  }
  // By hand: S_0 = (-0.5 - 0.5) / 2, S_1 = +0.5, brand 0, index 50. Owner contributions (50 points per unit
  // at a brand score >= 0): logistics -0.25 / 2 = -0.125 -> -6.25 points; care (-0.25 + 0.5) / 2 = +0.125
  // -> +6.25; together index - 50 = 0. The loss: (-0.25 - 0.25) / 2 = -0.25 -> 50 (-0.25) / 1 = 12.5 points.
  EXPECT_NEAR(r.brand_index(), 50.0, 1e-12);
  for (const char* part : {"Brand index 50.0 / 100", "cost the average customer 12.5 index points",
                           "brand index - 50 = +0.00", "add up to -12.50 points", " +6.25 "})
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  const auto row = text.find("  logistics_and_fulfilment ", text.find("Owners' scorecard"));
  ASSERT_NE(row, std::string::npos);
  EXPECT_NE(text.substr(row, text.find('\n', row) - row).find(" -6.25 "), std::string::npos) << text;
}

}  // namespace
