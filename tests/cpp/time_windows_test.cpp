// Time windows: calendar facts (ISO weeks across year ends, leap months, before 1970), the window
// statistics by hand and against a brute-force recomputation, and a step change flagged in simulated data.
#include "cxscore/monitor/time_windows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "cxscore/sim/simulate.hpp"

namespace {

using cxscore::period;

cxscore::time_window window_at(double t, period p) { return cxscore::window_of(cxscore::window_number(t, p), p); }

TEST(time_windows_test, calendar_labels_and_bounds) {
  const double jan1_2026 = 1767225600;  // 2026-01-01T00:00:00Z, a Thursday
  EXPECT_EQ(window_at(jan1_2026, period::day).label, "2026-01-01");
  EXPECT_EQ(window_at(jan1_2026 - 1, period::day).label, "2025-12-31");
  EXPECT_EQ(window_at(jan1_2026, period::month).label, "2026-01");
  const auto w = window_at(jan1_2026, period::week);
  EXPECT_EQ(w.label, "2026-W01");             // the week holding the year's first Thursday
  EXPECT_EQ(w.start, jan1_2026 - 3 * 86400);  // Monday 2025-12-29
  EXPECT_EQ(w.end, jan1_2026 + 4 * 86400);
  // Sunday 2021-01-03 belongs to ISO week 53 of 2020 (Monday 2020-12-28).
  const double jan3_2021 = 18630.0 * 86400 + 43200;
  EXPECT_EQ(window_at(jan3_2021, period::week).label, "2020-W53");
  EXPECT_EQ(window_at(jan3_2021, period::week).start, 18624.0 * 86400);
  // One second before the epoch: 1969-12-31, December 1969, and ISO week 1 of 1970 (Thursday 1970-01-01).
  EXPECT_EQ(window_at(-1, period::day).label, "1969-12-31");
  EXPECT_EQ(window_at(-1, period::month).label, "1969-12");
  EXPECT_EQ(window_at(-1, period::week).label, "1970-W01");
  // February 2024 has 29 days.
  const auto feb = window_at(19782.0 * 86400, period::month);  // 2024-02-29
  EXPECT_EQ(feb.label, "2024-02");
  EXPECT_EQ(feb.end - feb.start, 29 * 86400.0);
  // Windows tile the time line: consecutive numbers meet, and each bound maps back to its number.
  std::mt19937_64 rng(1);
  for (const period p : {period::day, period::week, period::month})
    for (int k = 0; k < 300; ++k) {
      const auto n = static_cast<std::int64_t>(rng() % 4000) - 2000;
      const auto a = cxscore::window_of(n, p), b = cxscore::window_of(n + 1, p);
      EXPECT_EQ(a.end, b.start);
      EXPECT_EQ(cxscore::window_number(a.start, p), n);
      EXPECT_EQ(cxscore::window_number(a.end - 0.5, p), n);
    }
}

TEST(time_windows_test, window_score_error_change_and_flag_by_hand) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "web", .promise = 3});  // scale [1, 5]: g = (E - 3) / 4
  std::vector<std::uint32_t> customer{0, 1, 2, 0, 1};
  std::vector<cxscore::touchpoint_code> tp(5, 0);
  std::vector<double> time{0, 3600, 7200, 86400, 86400 + 60};
  std::vector<double> experience{4, 2, 5, 1, 2};
  const cxscore::event_view v{
      .customer = customer, .touchpoint = tp, .time = time, .experience = experience, .customer_count = 3};
  const auto m = cxscore::model::servqual();  // v = g
  const auto r = cxscore::monitor(v, map, m, {.period = period::day});
  ASSERT_EQ(r.rows.size(), 2u);
  // Day 1: v = 0.25, -0.25, 0.5. Mean 1/6; s^2 = mean(v^2) - mean^2 = 0.125 - 1/36; SE = sqrt(s^2 * 3) / 3.
  const double s2 = 0.375 / 3 - 1.0 / 36;
  EXPECT_DOUBLE_EQ(r.rows[0].score, 1.0 / 6);
  EXPECT_NEAR(r.rows[0].standard_error, std::sqrt(s2 * 3) / 3, 1e-15);
  EXPECT_NEAR(r.rows[0].index, 50 + 50.0 / 6, 1e-12);
  EXPECT_NEAR(r.rows[0].summary.unmet_share(), 1.0 / 3, 1e-15);
  EXPECT_TRUE(std::isnan(r.rows[0].change));
  EXPECT_FALSE(r.rows[0].flagged);
  // Day 2: v = -0.5, -0.25: mean -0.375, s^2 = (0.25 + 0.0625) / 2 - 0.375^2 = 0.015625, SE = 0.125 / sqrt(2).
  EXPECT_DOUBLE_EQ(r.rows[1].score, -0.375);
  EXPECT_NEAR(r.rows[1].standard_error, 0.125 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(r.rows[1].change, -0.375 - 1.0 / 6, 1e-15);
  const double change_se = std::sqrt(s2 / 3 + 0.015625 / 2);
  EXPECT_NEAR(r.rows[1].change_se, change_se, 1e-15);
  EXPECT_NEAR(r.rows[1].index_change, (50 - 50 * 0.375) - (50 + 50.0 / 6), 1e-12);
  // |change| / SE = 0.54167 / 0.20055 = 2.7009: p = erfc(2.7009 / sqrt 2) = 0.006915, the only change tested, so
  // q = p; the index moves 27.1 points: flagged at fdr 5% and min_effect 1, not at fdr 0.5% nor min_effect 30.
  const double p = std::erfc((1.0 / 6 + 0.375) / change_se / std::sqrt(2.0));
  EXPECT_NEAR(p, 0.006915, 1e-6);
  EXPECT_NEAR(r.rows[1].p_value, p, 1e-15);
  EXPECT_NEAR(r.rows[1].q_value, p, 1e-15);
  EXPECT_TRUE(std::isnan(r.rows[0].p_value));
  EXPECT_TRUE(r.rows[1].flagged);
  EXPECT_FALSE(cxscore::monitor(v, map, m, {.period = period::day, .fdr = 0.005}).rows[1].flagged);
  EXPECT_FALSE(cxscore::monitor(v, map, m, {.period = period::day, .min_effect = 30}).rows[1].flagged);
  // Customer weights weight the mean: psi = (3, 1, 1) makes day 1 (3 * 0.25 - 0.25 + 0.5) / 5.
  cxscore::customer_table ct(3);
  ct.weight = {3, 1, 1};
  const auto weighted = cxscore::monitor(v, map, m, {.period = period::day, .customers = &ct});
  EXPECT_DOUBLE_EQ(weighted.rows[0].score, 1.0 / 5);
  // One month holds all five.
  const auto month = cxscore::monitor(v, map, m);
  ASSERT_EQ(month.rows.size(), 1u);
  EXPECT_EQ(month.rows[0].window.label, "1970-01");
  EXPECT_EQ(month.rows[0].summary.count, 5u);
}

TEST(time_windows_test, benjamini_hochberg_by_hand_and_on_the_papers_example) {
  // Ranked 0.01, 0.03, 0.04 of m = 3: 3 (0.04) / 3 = 0.04, min(0.04, 3 (0.03) / 2), min(0.04, 3 (0.01) / 1).
  const auto q = cxscore::benjamini_hochberg({0.01, 0.04, std::nan(""), 0.03});
  EXPECT_NEAR(q[0], 0.03, 1e-15);
  EXPECT_NEAR(q[1], 0.04, 1e-15);
  EXPECT_TRUE(std::isnan(q[2]));  // not tested, not counted in m
  EXPECT_NEAR(q[3], 0.04, 1e-15);
  // Benjamini & Hochberg (1995), section 4: of these 15 p-values, the procedure at 0.05 rejects four.
  const std::vector<double> paper{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                                  0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000};
  const auto qs = cxscore::benjamini_hochberg(paper);
  EXPECT_EQ(std::count_if(qs.begin(), qs.end(), [](double x) { return x <= 0.05; }), 4);
  for (std::size_t k = 0; k < qs.size(); ++k) {
    EXPECT_GE(qs[k], paper[k]);  // never below its own p
    EXPECT_LE(qs[k], 1.0);
  }
}

TEST(time_windows_test, matches_a_recomputation_window_by_window_on_simulated_data) {
  const auto brand = cxscore::simulate({.customers = 1500, .seed = 6});
  const auto& ev = brand.events;
  const auto owners = brand.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  for (const period p : {period::week, period::month}) {
    const auto r = cxscore::monitor(ev.view(), brand.map, brand.model,
                                    {.period = p, .customers = &brand.customers, .grouping = &owners});
    std::uint64_t total = 0;
    for (const auto& row : r.rows) {
      // Recompute the row from scratch over the events inside [start, end) of the row's owner.
      double sa = 0, sav = 0, sav2 = 0, sa2 = 0;
      std::uint64_t count = 0;
      for (std::size_t i = 0; i < ev.size(); ++i) {
        if (ev.time[i] < row.window.start || ev.time[i] >= row.window.end) continue;
        if (owners.code_of_touchpoint[ev.touchpoint[i]] != row.group) continue;
        const auto& tp = brand.map[ev.touchpoint[i]];
        const double e = std::isnan(ev.expectation[i]) ? tp.promise : ev.expectation[i];
        const double g = std::clamp(tp.sign() * (ev.experience[i] - e) / tp.scale.width(), -1.0, 1.0);
        double v = g >= 0 ? std::pow(g, brand.model.alpha) : -brand.model.lambda * std::pow(-g, brand.model.beta);
        if (tp.role == cxscore::role::service && v > 0) v *= brand.model.recovery;
        double a = brand.customers.weight[ev.customer[i]];
        if (ev.dimension[i] != cxscore::no_dimension) a *= 1.0 / 6;  // the simulator's item weights
        ++count;
        sa += a, sav += a * v, sav2 += a * v * v, sa2 += a * a;
      }
      EXPECT_EQ(row.summary.count, count) << row.window.label;
      const double mean = sav / sa;
      EXPECT_NEAR(row.score, mean, 1e-12) << row.window.label;
      if (count < 2)
        EXPECT_TRUE(std::isnan(row.standard_error)) << row.window.label;  // one encounter: no variance
      else
        EXPECT_NEAR(row.standard_error, std::sqrt((sav2 / sa - mean * mean) * sa2) / sa, 1e-12) << row.window.label;
      total += count;
    }
    EXPECT_EQ(total, ev.size());
  }
}

TEST(time_windows_test, a_step_change_is_flagged_and_steady_months_are_not) {
  auto brand = cxscore::simulate({.customers = 20000, .seed = 12});
  const auto by_touchpoint =
      brand.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.name; });
  const auto delivery = *brand.map.find("delivery");
  const double may = 1777593600;  // 2026-05-01T00:00:00Z
  const auto before = cxscore::monitor(brand.events.view(), brand.map, brand.model, {.grouping = &by_touchpoint});
  // Deliveries from May on take 30 hours longer.
  for (std::size_t i = 0; i < brand.events.size(); ++i)
    if (brand.events.touchpoint[i] == delivery && brand.events.time[i] >= may)
      brand.events.experience[i] = std::min(240.0, brand.events.experience[i] + 30);
  const auto after = cxscore::monitor(brand.events.view(), brand.map, brand.model, {.grouping = &by_touchpoint});
  // July is the tail of the data: orders stop at the end of June, so only the slowest parcels arrive in
  // July, a real change of composition that is flagged, rightly; the steady months are February to June.
  auto steady = [](const cxscore::window_row& row) { return row.window.label != "2026-07"; };
  bool flagged_may = false;
  for (const auto& row : after.series(delivery)) {
    if (!steady(row)) continue;
    if (row.window.label == "2026-05") {
      flagged_may = row.flagged;
      EXPECT_LT(row.change, 0);
    } else if (row.window.label > "2026-05") {
      EXPECT_FALSE(row.flagged) << row.window.label;  // steady again after the step
    }
  }
  EXPECT_TRUE(flagged_may);
  for (const auto& row : before.series(delivery))
    if (steady(row)) {
      EXPECT_FALSE(row.flagged) << "no change, no flag: " << row.window.label;
    }
}

TEST(time_windows_test, bad_options_are_input_errors) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "web", .promise = 3});
  std::vector<std::uint32_t> customer{0, 0};
  std::vector<cxscore::touchpoint_code> tp{0, 0};
  std::vector<double> time{0, 1e12}, experience{3, 3};  // milliseconds mistaken for seconds
  const cxscore::event_view v{
      .customer = customer, .touchpoint = tp, .time = time, .experience = experience, .customer_count = 1};
  try {
    (void)cxscore::monitor(v, map, cxscore::model::prospect(), {.period = period::day});
    ADD_FAILURE();
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().column, "time");
  }
  EXPECT_THROW((void)cxscore::monitor(v, map, cxscore::model::prospect(), {.fdr = 0}), cxscore::input_error);
  EXPECT_THROW((void)cxscore::monitor(v, map, cxscore::model::prospect(), {.fdr = 1}), cxscore::input_error);
  EXPECT_THROW((void)cxscore::monitor(v, map, cxscore::model::prospect(), {.min_effect = -1}), cxscore::input_error);
  time[1] = 1e300;  // finite, but no calendar has it
  try {
    (void)cxscore::monitor(v, map, cxscore::model::prospect());
    ADD_FAILURE();
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, 2u);
    EXPECT_EQ(e.where().value, "1e+300");
  }
  EXPECT_THROW((void)cxscore::parse_period("fortnight"), cxscore::input_error);
  EXPECT_EQ(cxscore::parse_period("week"), period::week);
}

}  // namespace
