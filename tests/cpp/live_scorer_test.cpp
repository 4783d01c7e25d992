// Live scoring against batch scoring of the same events (the simulator's and random cases, with decay,
// peak-end, recovery, ties and out-of-order events), a hand case, the threshold callback, threads and
// bad events.
#include "cxscore/live_scorer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <random>
#include <thread>

#include "cxscore/score.hpp"
#include "cxscore/sim/simulate.hpp"

namespace {

using cxscore::live_event;
using cxscore::live_scorer;

// Folds every event of `v` in input order and checks each customer against score() to 1e-12.
void expect_live_equals_batch(const cxscore::event_view& v, const cxscore::journey_map& map, const cxscore::model& m,
                              const std::string& label) {
  const auto batch = cxscore::score(v, map, m);
  live_scorer live(map, m, v.customer_count, {v.dimension_names.begin(), v.dimension_names.end()});
  for (std::size_t i = 0; i < v.size(); ++i)
    live.update({.customer = v.customer[i],
                 .touchpoint = v.touchpoint[i],
                 .time = v.time[i],
                 .experience = v.experience[i],
                 .expectation = v.expectation.empty() ? NAN : v.expectation[i],
                 .dimension = v.dimension_at(i)});
  for (std::uint32_t c = 0; c < v.customer_count; ++c) {
    if (batch.customer_events[c] == 0) {
      EXPECT_TRUE(std::isnan(live.score(c))) << label;
      continue;
    }
    EXPECT_NEAR(live.score(c), batch.customer_score[c], 1e-12) << label << " customer " << c;
    EXPECT_NEAR(live.state(c).journey_score(), batch.customer_journey_score[c], 1e-12) << label << " customer " << c;
    EXPECT_NEAR(live.index(c), batch.customer_index[c], 1e-10) << label << " customer " << c;
    EXPECT_EQ(live.state(c).events, batch.customer_events[c]) << label;
  }
}

TEST(live_scorer_test, hand_case_with_decay) {
  // servqual, half-life 1 day, scale [1, 5]: +1/4 at t = 0 and -2/4 at t = 1 day. Weights 1/2 and 1:
  // S = (0.5 * 0.25 - 0.5) / 1.5 = -0.25; index 50 + 50 * -0.25 = 37.5.
  cxscore::journey_map map;
  map.add_touchpoint({.name = "web", .promise = 3});
  auto m = cxscore::model::servqual();
  m.half_life_days = 1;
  live_scorer live(map, m, 1);
  const auto first = live.update({.customer = 0, .touchpoint = 0, .time = 0, .experience = 4});
  EXPECT_DOUBLE_EQ(first.score, 0.25);
  EXPECT_TRUE(std::isnan(first.previous_index));
  const auto second = live.update({.customer = 0, .touchpoint = 0, .time = 86400, .experience = 1});
  EXPECT_NEAR(second.score, -0.25, 1e-15);
  EXPECT_NEAR(second.index, 37.5, 1e-13);
  EXPECT_NEAR(second.previous_index, 62.5, 1e-13);
  EXPECT_DOUBLE_EQ(second.gap, -0.5);
  // The sums are kept scaled to the latest event: A = 0.5 * 0.25 - 0.5, B = 1.5.
  EXPECT_NEAR(live.state(0).scaled_value_sum, -0.375, 1e-15);
  EXPECT_NEAR(live.state(0).scaled_weight_sum, 1.5, 1e-15);
}

TEST(live_scorer_test, equals_batch_on_the_simulated_brand_with_decay_and_peak_end) {
  const auto brand = cxscore::simulate({.customers = 3000, .seed = 11});
  auto m = brand.model;
  expect_live_equals_batch(brand.events.view(), brand.map, m, "no decay");
  m.half_life_days = 30;
  m.peak_end = 0.3;
  m.recovery = 0.6;
  expect_live_equals_batch(brand.events.view(), brand.map, m, "decay, peak-end, recovery");
  m.half_life_days = 0.5;  // strong decay over journeys of weeks
  expect_live_equals_batch(brand.events.view(), brand.map, m, "half-life half a day");
}

TEST(live_scorer_test, equals_batch_when_events_arrive_out_of_order) {
  // The simulator's events shuffled: each customer's events arrive in random time order.
  const auto brand = cxscore::simulate({.customers = 1500, .seed = 4});
  std::vector<std::size_t> perm(brand.events.size());
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::shuffle(perm.begin(), perm.end(), std::mt19937_64(9));
  cxscore::event_table shuffled;
  shuffled.dimensions = brand.events.dimensions;
  shuffled.customers = brand.events.customers;
  for (const std::size_t i : perm) {
    shuffled.customer.push_back(brand.events.customer[i]);
    shuffled.touchpoint.push_back(brand.events.touchpoint[i]);
    shuffled.time.push_back(brand.events.time[i]);
    shuffled.experience.push_back(brand.events.experience[i]);
    shuffled.expectation.push_back(brand.events.expectation[i]);
    shuffled.dimension.push_back(brand.events.dimension[i]);
  }
  auto m = brand.model;
  m.half_life_days = 20;
  m.peak_end = 0.5;
  expect_live_equals_batch(shuffled.view(), brand.map, m, "shuffled");
}

TEST(live_scorer_test, equals_batch_on_random_cases_with_ties) {
  std::mt19937_64 rng(77);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  for (int trial = 0; trial < 200; ++trial) {
    cxscore::journey_map map;
    const int tps = 1 + static_cast<int>(rng() % 4);
    for (int t = 0; t < tps; ++t)
      map.add_touchpoint({.name = "t" + std::to_string(t),
                          .role = rng() % 3 == 0 ? cxscore::role::service : cxscore::role::experience,
                          .scale = {0, 10},
                          .direction = rng() % 2 ? cxscore::direction::higher : cxscore::direction::lower,
                          .promise = std::round(uniform(0, 10)),
                          .weight = std::round(uniform(0.1, 3) * 10) / 10});
    auto m = cxscore::model::prospect();
    m.alpha = uniform(0.3, 1);
    m.beta = uniform(0.3, 1);
    m.lambda = uniform(0.5, 4);
    m.recovery = uniform(0, 1);
    m.peak_end = rng() % 2 ? 0.0 : uniform(0, 1);
    m.half_life_days = rng() % 3 == 0 ? INFINITY : uniform(0.2, 40);
    m.dimension_weights["d1"] = uniform(0.1, 3);
    const std::vector<std::string> dims{"d0", "d1"};
    const std::size_t customers = 1 + rng() % 5, n = 1 + rng() % 40;
    std::vector<std::uint32_t> customer;
    std::vector<cxscore::touchpoint_code> tp;
    std::vector<double> time, experience, expectation;
    std::vector<std::int32_t> dimension;
    for (std::size_t i = 0; i < n; ++i) {
      customer.push_back(static_cast<std::uint32_t>(rng() % customers));
      tp.push_back(static_cast<cxscore::touchpoint_code>(rng() % static_cast<unsigned>(tps)));
      time.push_back(1.7e9 + 86400.0 * static_cast<double>(rng() % 20));  // ties and disorder
      experience.push_back(std::round(uniform(0, 10)));                   // ties of |v| too
      expectation.push_back(rng() % 2 ? NAN : std::round(uniform(0, 10)));
      dimension.push_back(static_cast<std::int32_t>(rng() % 3) - 1);
    }
    const cxscore::event_view v{customer, tp, time, experience, expectation, dimension, customers, dims};
    expect_live_equals_batch(v, map, m, "trial " + std::to_string(trial));
  }
}

TEST(live_scorer_test, threshold_callback_fires_on_each_fall_below) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "delivery",
                      .owner = "logistics",
                      .scale = {0, 240},
                      .direction = cxscore::direction::lower,
                      .promise = 48});
  live_scorer live(map, cxscore::model::servqual(), 2);
  std::vector<cxscore::live_alert> alerts;
  live.on_threshold(44, [&](const cxscore::live_alert& a) { alerts.push_back(a); });
  // servqual, equal weights: index = 50 + 50 * mean g, g = (48 - hours) / 240.
  live.update({.customer = 0, .touchpoint = 0, .time = 0, .experience = 24});   // g = +0.1, index 55
  live.update({.customer = 0, .touchpoint = 0, .time = 1, .experience = 120});  // g = -0.3, mean -0.1: 45
  ASSERT_TRUE(alerts.empty());
  live.update({.customer = 0, .touchpoint = 0, .time = 2, .experience = 72});  // g = -0.1, mean -0.1: 45
  ASSERT_TRUE(alerts.empty());
  live.update({.customer = 0, .touchpoint = 0, .time = 3, .experience = 96});  // g = -0.2, mean -0.125: 43.75
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].customer, 0u);
  EXPECT_EQ(alerts[0].touchpoint_name, "delivery");
  EXPECT_NEAR(alerts[0].index, 43.75, 1e-12);
  EXPECT_NEAR(alerts[0].previous_index, 45, 1e-12);
  EXPECT_NEAR(alerts[0].gap, -0.2, 1e-15);
  live.update(
      {.customer = 0, .touchpoint = 0, .time = 4, .experience = 96});  // mean -0.14: 43, still below: no new alert
  EXPECT_EQ(alerts.size(), 1u);
  live.update({.customer = 0, .touchpoint = 0, .time = 5, .experience = 0});  // g = +0.2, mean -0.5/6: 45.8
  live.update(
      {.customer = 0, .touchpoint = 0, .time = 6, .experience = 240});  // g = -0.8, mean -1.3/7: 40.7, below again
  EXPECT_EQ(alerts.size(), 2u);
  live.update({.customer = 1, .touchpoint = 0, .time = 0, .experience = 240});  // first event below: alert
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_TRUE(std::isnan(alerts[2].previous_index));
  EXPECT_NEAR(alerts[2].index, 50 + 50 * -0.8, 1e-12);

  // Watching from the third event: customer 0 of a fresh scorer is below after its first event (index
  // 10) and stays below, so the alert comes at the third event, once.
  live_scorer watched(map, cxscore::model::servqual(), 1);
  std::vector<double> at;
  watched.on_threshold(
      44, [&](const cxscore::live_alert& a) { at.push_back(a.time); }, 3);
  for (double t = 0; t < 5; ++t) watched.update({.customer = 0, .touchpoint = 0, .time = t, .experience = 240});
  EXPECT_EQ(at, (std::vector<double>{2}));
}

TEST(live_scorer_test, distinct_customers_update_concurrently_with_the_same_result) {
  const auto brand = cxscore::simulate({.customers = 2000, .seed = 21});
  auto m = brand.model;
  m.half_life_days = 10;
  m.peak_end = 0.2;
  const auto& ev = brand.events;
  auto feed = [&](live_scorer& live, std::uint32_t parity) {
    for (std::size_t i = 0; i < ev.size(); ++i)
      if (ev.customer[i] % 2 == parity || parity == 2)
        live.update({.customer = ev.customer[i],
                     .touchpoint = ev.touchpoint[i],
                     .time = ev.time[i],
                     .experience = ev.experience[i],
                     .expectation = ev.expectation[i],
                     .dimension = ev.dimension[i]});
  };
  live_scorer one(brand.map, m, ev.customers.size(), ev.dimensions.labels());
  feed(one, 2);
  live_scorer two(brand.map, m, ev.customers.size(), ev.dimensions.labels());
  std::atomic<int> alerts{0};
  two.on_threshold(40, [&](const cxscore::live_alert&) { ++alerts; });
  {
    std::jthread a([&] { feed(two, 0); });
    std::jthread b([&] { feed(two, 1); });
  }
  for (std::uint32_t c = 0; c < ev.customers.size(); ++c) EXPECT_EQ(one.score(c), two.score(c)) << c;
  EXPECT_GT(alerts.load(), 0);
}

TEST(live_scorer_test, bad_events_are_refused_and_leave_the_state_alone) {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "survey", .scale = {1, 7}});  // no promise
  live_scorer live(map, cxscore::model::prospect(), 1, {}, "<app>");
  live.update({.customer = 0, .touchpoint = 0, .time = 0, .experience = 4, .expectation = 5});
  const cxscore::customer_state before = live.state(0);
  struct bad {
    live_event e;
    std::string column, value;
  };
  const std::vector<bad> cases{
      {{.customer = 1, .touchpoint = 0, .time = 0, .experience = 4, .expectation = 5}, "customer", "1"},
      {{.customer = 0, .touchpoint = 3, .time = 0, .experience = 4, .expectation = 5}, "touchpoint", "3"},
      {{.customer = 0, .touchpoint = 0, .time = NAN, .experience = 4, .expectation = 5}, "time", "nan"},
      {{.customer = 0, .touchpoint = 0, .time = 0, .experience = 8, .expectation = 5}, "experience", "8"},
      {{.customer = 0, .touchpoint = 0, .time = 0, .experience = 4}, "expectation", "nan"},
      {{.customer = 0, .touchpoint = 0, .time = 0, .experience = 4, .expectation = 5, .dimension = 0},
       "dimension",
       "0"},
  };
  for (const auto& c : cases) {
    try {
      live.update(c.e);
      ADD_FAILURE() << c.column << " accepted";
    } catch (const cxscore::input_error& err) {
      EXPECT_EQ(err.where().file, "<app>");
      EXPECT_EQ(err.where().column, c.column);
      EXPECT_EQ(err.where().value, c.value);
    }
  }
  EXPECT_EQ(live.state(0).events, before.events);
  EXPECT_EQ(live.state(0).scaled_value_sum, before.scaled_value_sum);
  auto bad_model = cxscore::model::prospect();
  bad_model.lambda = -1;
  EXPECT_THROW(live_scorer(map, bad_model, 1), cxscore::input_error);
}

}  // namespace
