// Service demand attribution against a hand calculation, a brute-force implementation of the definition,
// and the simulator's truth (which touchpoints trigger service contacts, at which rates).
#include "cxscore/service_attribution.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <set>

#include "cxscore/simulate.hpp"
#include "support/random_events.hpp"
#include "support/reference_service.hpp"

namespace {

using cxscore::touchpoint_code;

struct hand_case {
  cxscore::journey_map map{"shop"};
  std::vector<std::uint32_t> customer{0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4};
  std::vector<touchpoint_code> tp{0, 2, 2, 0, 2, 0, 2, 2, 0, 2, 0};
  std::vector<double> time{0, 3600, 3 * 86400, 0, 0, 100, 100 + 2 * 86400, 50, 0, 7200, 0};
  std::vector<double> experience{72, 4, 4, 24, 4, 96, 4, 4, 30, 4, 48};
  hand_case() {
    map.add_touchpoint({.name = "delivery", .owner = "logistics", .scale = {0, 240},
                        .direction = cxscore::direction::lower, .promise = 48});
    map.add_touchpoint({.name = "web", .owner = "ecommerce", .promise = 3});
    map.add_touchpoint({.name = "support", .role = cxscore::role::service, .owner = "care", .promise = 3});
  }
  [[nodiscard]] cxscore::event_view view() const {
    return {.customer = customer, .touchpoint = tp, .time = time, .experience = experience, .customer_count = 5};
  }
};

TEST(service_attribution_test, hand_case_rates_excess_and_interval) {
  const hand_case k;
  const auto a = cxscore::attribute_service_demand(k.view(), k.map);  // window 2 days
  // Delivery visits: c0 72 h (unmet; contacts at +1 h yes, +3 days outside the window), c1 24 h (met; a
  // contact at the same second is not later), c2 96 h (unmet; a contact exactly 2 days later counts, one
  // before does not), c3 30 h (met; +2 h counts), c4 48 h (g = 0: met, no contact).
  const auto d = a.demand(0);
  EXPECT_EQ(d.counts.unmet_visits, 2u);
  EXPECT_EQ(d.counts.met_visits, 3u);
  EXPECT_EQ(d.counts.contacts_after_unmet, 2u);
  EXPECT_EQ(d.counts.contacts_after_met, 1u);
  EXPECT_EQ(d.counts.visitors, 5u);
  EXPECT_EQ(d.counts.unmet_customers, 2u);
  EXPECT_DOUBLE_EQ(d.rate_unmet, 1.0);
  EXPECT_DOUBLE_EQ(d.rate_met, 1.0 / 3);
  EXPECT_DOUBLE_EQ(d.excess, 2.0 / 3);
  EXPECT_DOUBLE_EQ(d.caused_contacts, 4.0 / 3);
  const double se = std::sqrt(2.0 / 4 + 1.0 / 9);  // sqrt(C_u / n_u^2 + C_m / n_m^2)
  EXPECT_NEAR(d.ci_low, 2 * (2.0 / 3 - 1.96 * se), 1e-14);
  EXPECT_NEAR(d.ci_high, 2 * (2.0 / 3 + 1.96 * se), 1e-14);
  EXPECT_FALSE(d.significant());  // five visits prove nothing
  EXPECT_DOUBLE_EQ(d.unmet_customer_share(), 0.4);
  EXPECT_EQ(a.service_contacts, 6u);
  EXPECT_EQ(a.contacts_by_service[2], 6u);
  EXPECT_DOUBLE_EQ(a.brand.explained_contacts, d.caused_contacts);  // no overlapping windows (explained_share_test)
  ASSERT_EQ(a.ranked().size(), 1u);  // web was never visited; support is a service touchpoint
  EXPECT_EQ(a.ranked()[0].touchpoint, 0u);
  EXPECT_DOUBLE_EQ(a.first_time, 0);
  EXPECT_DOUBLE_EQ(a.last_time, 3 * 86400);

  // Without a window, c0's contact three days later counts too.
  const auto unlimited = cxscore::attribute_service_demand(k.view(), k.map, {.window_days = INFINITY}).demand(0);
  EXPECT_EQ(unlimited.counts.contacts_after_unmet, 3u);
  EXPECT_DOUBLE_EQ(unlimited.excess, 1.5 - 1.0 / 3);
  // z = 1 narrows the interval to one standard error.
  const auto one_se = cxscore::attribute_service_demand(k.view(), k.map, {.z = 1}).demand(0);
  EXPECT_NEAR(one_se.ci_high - one_se.ci_low, 2 * 2 * se, 1e-14);
}

TEST(service_attribution_test, without_met_visits_the_rates_are_undefined_not_zero) {
  hand_case k;
  k.experience = {72, 4, 4, 96, 4, 96, 4, 4, 96, 4, 96};  // every delivery late
  const auto d = cxscore::attribute_service_demand(k.view(), k.map).demand(0);
  EXPECT_EQ(d.counts.met_visits, 0u);
  EXPECT_TRUE(std::isnan(d.rate_met));
  EXPECT_TRUE(std::isnan(d.caused_contacts));
  EXPECT_FALSE(d.significant());
}

TEST(service_attribution_test, matches_brute_force_on_random_cases_in_any_order) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 150; ++trial) {
    const cxscore_test::random_events random(rng, 1.0 / 3, 6, 1, 60);
    const auto& map = random.map;
    const auto v = random.view();
    const double window = random.window_days;
    const auto tps = static_cast<touchpoint_code>(map.size());
    const auto& tp = random.touchpoint;
    const auto a = cxscore::attribute_service_demand(v, map, {.window_days = window, .threads = 1u + static_cast<unsigned>(trial % 3)});
    const auto ref = cxscore_test::reference_service(v, map, window);
    for (touchpoint_code t = 0; t < tps; ++t) {
      const auto d = a.demand(t);
      const auto it = ref.find(t);
      const std::string where = "trial " + std::to_string(trial) + " t" + std::to_string(t);
      if (it == ref.end()) {
        EXPECT_EQ(d.counts.unmet_visits + d.counts.met_visits, 0u) << where;
        continue;
      }
      const auto& r = it->second;
      EXPECT_EQ(static_cast<double>(d.counts.unmet_visits), r.unmet_visits) << where;
      EXPECT_EQ(static_cast<double>(d.counts.met_visits), r.met_visits) << where;
      EXPECT_EQ(static_cast<double>(d.counts.contacts_after_unmet), r.contacts_unmet) << where;
      EXPECT_EQ(static_cast<double>(d.counts.contacts_after_met), r.contacts_met) << where;
      if (std::isnan(r.excess)) {
        EXPECT_TRUE(std::isnan(d.excess)) << where;
        continue;
      }
      EXPECT_NEAR(d.excess, r.excess, 1e-14) << where;
      EXPECT_NEAR(d.caused_contacts, r.caused, 1e-12) << where;
      EXPECT_NEAR(d.ci_low, r.ci_low, 1e-12) << where;
      EXPECT_NEAR(d.ci_high, r.ci_high, 1e-12) << where;
    }
    std::uint64_t contacts = 0;
    for (const auto t : tp) contacts += map[t].role == cxscore::role::service ? 1 : 0;
    EXPECT_EQ(a.service_contacts, contacts);
  }
}

TEST(service_attribution_test, the_answer_does_not_depend_on_threads_or_event_order) {
  const auto brand = cxscore::simulate({.customers = 8000, .seed = 2});
  const auto one = cxscore::attribute_service_demand(brand.events.view(), brand.map, {.threads = 1});
  const auto& ev = brand.events;
  std::vector<std::size_t> perm(ev.size());
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::shuffle(perm.begin(), perm.end(), std::mt19937_64(3));
  std::vector<std::uint32_t> customer;
  std::vector<touchpoint_code> tp;
  std::vector<double> time, experience;
  for (const auto i : perm) {
    customer.push_back(ev.customer[i]);
    tp.push_back(ev.touchpoint[i]);
    time.push_back(ev.time[i]);
    experience.push_back(ev.experience[i]);
  }
  // The simulator's only explicit expectations are at the SERVQUAL survey; drop them from both runs alike.
  const cxscore::event_view shuffled{.customer = customer, .touchpoint = tp, .time = time, .experience = experience,
                                     .customer_count = ev.customers.size()};
  const cxscore::event_view ordered{.customer = ev.customer, .touchpoint = ev.touchpoint, .time = ev.time,
                                    .experience = ev.experience, .customer_count = ev.customers.size()};
  for (const unsigned threads : {1u, 2u, 3u, 8u}) {
    const auto a = cxscore::attribute_service_demand(ordered, brand.map, {.threads = threads});
    const auto b = cxscore::attribute_service_demand(shuffled, brand.map, {.threads = threads});
    for (std::size_t t = 0; t < brand.map.size(); ++t) {
      for (const auto* x : {&a, &b}) {
        const auto& c = x->by_touchpoint[t];
        const auto& d = a.by_touchpoint[t];
        EXPECT_EQ(c.unmet_visits, d.unmet_visits);
        EXPECT_EQ(c.contacts_after_unmet, d.contacts_after_unmet);
        EXPECT_EQ(c.contacts_after_met, d.contacts_after_met);
        EXPECT_EQ(c.unmet_customers, d.unmet_customers);
      }
    }
    EXPECT_EQ(a.service_contacts, b.service_contacts);
  }
  EXPECT_EQ(one.service_contacts, cxscore::attribute_service_demand(ordered, brand.map).service_contacts);
}

TEST(service_attribution_test, finds_the_simulators_service_triggers_at_their_true_rates) {
  const auto brand = cxscore::simulate({.customers = 30000, .seed = 8});
  const auto a = cxscore::attribute_service_demand(brand.events.view(), brand.map);
  const auto ranked = a.ranked();
  // The three largest causes are exactly the touchpoints the truth says trigger contacts.
  std::set<std::string> truth, found;
  for (const auto& t : brand.truth.service_triggers) truth.insert(t.touchpoint);
  for (std::size_t k = 0; k < truth.size(); ++k) found.insert(brand.map[ranked[k].touchpoint].name);
  EXPECT_EQ(found, truth);
  // Each trigger's excess is its true rate_unmet - rate_met (contacts follow within 24 h, inside the
  // 2-day window), within 15%; its interval lies above 0.
  for (const auto& t : brand.truth.service_triggers) {
    const auto d = a.demand(*brand.map.find(t.touchpoint));
    const double true_excess = t.rate_unmet - t.rate_met;
    EXPECT_NEAR(d.excess, true_excess, 0.15 * true_excess) << t.touchpoint;
    EXPECT_TRUE(d.significant()) << t.touchpoint;
  }
  // Touchpoints without any link to service stay near zero excess: advertising contacts nobody.
  EXPECT_NEAR(a.demand(*brand.map.find("social_ad")).excess, 0.0, 0.01);
}

TEST(service_attribution_test, bad_options_are_input_errors) {
  const hand_case k;
  for (const double w : {0.0, -1.0, std::nan("")}) {
    try {
      (void)cxscore::attribute_service_demand(k.view(), k.map, {.window_days = w, .source = "--window-days"});
      ADD_FAILURE() << w;
    } catch (const cxscore::input_error& e) {
      EXPECT_EQ(e.where().file, "--window-days");
      EXPECT_EQ(e.where().column, "window_days");
    }
  }
  EXPECT_THROW((void)cxscore::attribute_service_demand(k.view(), k.map, {.z = 0}), cxscore::input_error);
}

}  // namespace
