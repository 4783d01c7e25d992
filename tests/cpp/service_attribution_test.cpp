// Service demand attribution against a hand calculation, a brute-force implementation of the definition,
// and the simulator's truth (which touchpoints trigger service contacts, at which rates).
#include "cxscore/service/service_attribution.hpp"

#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <random>
#include <set>

#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/sim/simulate.hpp"
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
    map.add_touchpoint({.name = "delivery",
                        .owner = "logistics",
                        .scale = {0, 240},
                        .direction = cxscore::direction::lower,
                        .promise = 48});
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

// A contact measured by several signals scores as one encounter per signal, but it is one contact; two calls
// at the same second are two contacts. x buys unmet (2 against 4), then calls twice at 1 h and once at 2 h;
// y buys met and calls once a day later.
const char* signals_map = R"({"touchpoints": [
  {"name": "buy", "scale": [1, 5], "promise": 4},
  {"name": "call", "role": "service",
   "measures": [{"measure": "hours_since_previous", "promise": 24, "scale": [0, 240]},
                {"measure": "visits", "promise": 1, "scale": [1, 5], "dimension": "rework"}]}]})";
const char* signals_events =
    "customer,touchpoint,time,experience\n"
    "x,buy,0,2\nx,call,3600,\nx,call,3600,\nx,call,7200,\ny,buy,0,5\ny,call,86400,\n";

TEST(service_attribution_test, a_contact_measured_by_several_signals_counts_once) {
  const auto map = cxscore::parse_map_json(signals_map);
  const auto events = cxscore::parse_events_csv(signals_events, map).events;
  ASSERT_EQ(events.size(), 10u) << "each call scores as two encounters";
  EXPECT_EQ(events.signal, (std::vector<std::uint8_t>{0, 0, 1, 0, 1, 0, 1, 0, 0, 1}));
  const auto a = cxscore::attribute_service_demand(events.view(), map);
  const touchpoint_code buy = *map.find("buy"), call = *map.find("call");
  EXPECT_EQ(a.service_contacts, 4u) << "x's three calls and y's one";
  EXPECT_EQ(a.contacts_by_service[call], 4u);
  const auto d = a.demand(buy);
  EXPECT_EQ(d.counts.unmet_visits, 1u);
  EXPECT_EQ(d.counts.contacts_after_unmet, 3u) << "both calls at 1 h and the one at 2 h";
  EXPECT_EQ(d.counts.met_visits, 1u);
  EXPECT_EQ(d.counts.contacts_after_met, 1u);
  EXPECT_DOUBLE_EQ(d.caused_contacts, (3.0 - 1.0) * 1);
  // The pooled covers count contacts too: x's three in the window of one unmet buy (category 2 buy + 1),
  // y's one in the window of one met buy.
  EXPECT_EQ(a.covers.at({2 * buy + 1, 1}), 3u);
  EXPECT_EQ(a.covers.at({2 * buy, 1}), 1u);
}

TEST(service_attribution_test, a_visit_measured_by_several_signals_is_one_visit_judged_by_their_mean_gap) {
  // Delivery is measured by its wait (promise 24 h of [0, 240]) and its rework (promise 1 visit of [1, 5]):
  // gaps (24 - h) / 240 and (1 - visits) / 4. x: delivery at 0 (0.1 and 0: met), a call at 1 h, a second
  // delivery 47 h after the call (-23/240 and -0.25: unmet), a call 1 h later. y: delivery at 0 (met), again
  // at 1 h (23/240 and -0.25: the signals disagree, their mean is unmet), no call.
  const auto map = cxscore::parse_map_json(R"({"touchpoints": [
    {"name": "delivery", "measures": [{"measure": "hours_since_previous", "promise": 24, "scale": [0, 240]},
                                      {"measure": "visits", "promise": 1, "scale": [1, 5], "dimension": "rework"}]},
    {"name": "call", "role": "service", "measure": "visits", "promise": 1, "scale": [1, 5]}]})");
  const auto events = cxscore::parse_events_csv(
                          "customer,touchpoint,time\nx,delivery,0\nx,call,3600\n"
                          "x,delivery,172800\nx,call,176400\ny,delivery,0\ny,delivery,3600\n",
                          map)
                          .events;
  ASSERT_EQ(events.size(), 10u);  // each delivery scores as two encounters
  const auto d = cxscore::attribute_service_demand(events.view(), map).demand(*map.find("delivery"));
  EXPECT_EQ(d.counts.met_visits, 2u);
  EXPECT_EQ(d.counts.unmet_visits, 2u);
  EXPECT_EQ(d.counts.contacts_after_met, 1u) << "x's call 1 h after its first delivery";
  EXPECT_EQ(d.counts.contacts_after_unmet, 1u) << "x's call 1 h after its second delivery";
  EXPECT_EQ(d.counts.visitors, 2u);
  EXPECT_EQ(d.counts.unmet_customers, 2u);
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
    const auto a = cxscore::attribute_service_demand(
        v, map, {.window_days = window, .threads = 1u + static_cast<unsigned>(trial % 3)});
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
  const cxscore::event_view shuffled{.customer = customer,
                                     .touchpoint = tp,
                                     .time = time,
                                     .experience = experience,
                                     .customer_count = ev.customers.size()};
  const cxscore::event_view ordered{.customer = ev.customer,
                                    .touchpoint = ev.touchpoint,
                                    .time = ev.time,
                                    .experience = ev.experience,
                                    .customer_count = ev.customers.size()};
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

// The visits whose windows hold each contact, pooled, by the definition: every visit of the customer
// strictly earlier than the contact and at most the window before it. O(n²).
cxscore::contact_covers brute_force_covers(const cxscore::event_view& v, const cxscore::journey_map& map,
                                           double window_days) {
  cxscore::contact_covers covers;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (map[v.touchpoint[i]].role != cxscore::role::service) continue;
    std::map<std::uint32_t, std::uint32_t> held;
    for (std::size_t j = 0; j < v.size(); ++j) {
      const auto& tp = map[v.touchpoint[j]];
      if (v.customer[j] != v.customer[i] || tp.role == cxscore::role::service) continue;
      if (!(v.time[j] < v.time[i] && v.time[i] - v.time[j] <= window_days * 86400)) continue;
      const double p = v.expectation.empty() || std::isnan(v.expectation[j]) ? tp.promise : v.expectation[j];
      const double diff = tp.direction == cxscore::direction::higher ? v.experience[j] - p : p - v.experience[j];
      ++held[2 * v.touchpoint[j] + (diff < 0 ? 1u : 0u)];
    }
    if (held.empty()) continue;
    std::vector<std::uint32_t> key;
    for (const auto& [category, count] : held) key.push_back(category), key.push_back(count);
    ++covers[key];
  }
  return covers;
}

TEST(service_attribution_test, customers_with_many_events_match_brute_force) {
  // Few customers with hundreds of events each on an hourly grid: many ties in time, many contacts
  // exactly a window after a visit (windows of whole hours), and windows holding hundreds of visits.
  std::mt19937_64 rng(16);
  for (int trial = 0; trial < 40; ++trial) {
    cxscore_test::random_events random(rng, 1.0 / 4, 3, 200, 700);
    const double hours = std::vector<double>{6, 24, 24 * 7, 24 * 30}[rng() % 4];
    for (auto& t : random.time) t = 1.7e9 + 3600.0 * static_cast<double>(rng() % static_cast<std::uint64_t>(hours));
    random.window_days = std::vector<double>{0.25, 0.5, 1, 2, INFINITY}[rng() % 5];
    const auto v = random.view();
    const auto a = cxscore::attribute_service_demand(
        v, random.map, {.window_days = random.window_days, .threads = 1u + static_cast<unsigned>(trial % 3)});
    const std::string where = "trial " + std::to_string(trial);
    EXPECT_EQ(a.covers, brute_force_covers(v, random.map, random.window_days)) << where;
    const auto ref = cxscore_test::reference_service(v, random.map, random.window_days);
    for (const auto& [t, r] : ref) {
      const auto& c = a.by_touchpoint[t];
      EXPECT_EQ(static_cast<double>(c.unmet_visits), r.unmet_visits) << where;
      EXPECT_EQ(static_cast<double>(c.met_visits), r.met_visits) << where;
      EXPECT_EQ(static_cast<double>(c.contacts_after_unmet), r.contacts_unmet) << where;
      EXPECT_EQ(static_cast<double>(c.contacts_after_met), r.contacts_met) << where;
    }
  }
}

TEST(service_attribution_test, one_customer_with_a_hundred_thousand_events) {
  // An event a minute, two at each minute, for about 35 days: each 2-day window holds ~4,800 visits.
  cxscore::journey_map map{"shop"};
  for (int t = 0; t < 5; ++t) map.add_touchpoint({.name = "t" + std::to_string(t), .promise = 3});
  map.add_touchpoint({.name = "care", .role = cxscore::role::service, .promise = 3});
  const std::size_t n = 100'000;
  std::mt19937_64 rng(17);
  std::vector<std::uint32_t> customer(n, 0);
  std::vector<touchpoint_code> tp(n);
  std::vector<double> time(n), experience(n);
  for (std::size_t i = 0; i < n; ++i) {
    tp[i] = static_cast<touchpoint_code>(rng() % 6);
    const std::size_t pair = i / 2;
    time[i] = 60.0 * static_cast<double>(pair);
    experience[i] = 1.0 + static_cast<double>(rng() % 5);
  }
  const cxscore::event_view v{
      .customer = customer, .touchpoint = tp, .time = time, .experience = experience, .customer_count = 1};
  const auto a = cxscore::attribute_service_demand(v, map);
  // Contacts, and those with a visit in their window (the latest visit strictly before them, at most
  // 2 days before), counted in one pass over the events in time order.
  std::uint64_t contacts = 0, covered = 0;
  double latest_visit = -INFINITY, visit_before = -INFINITY;  // before the current minute
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && time[i] != time[i - 1]) visit_before = latest_visit;
    if (tp[i] != 5) {
      latest_visit = time[i];
      continue;
    }
    ++contacts;
    if (time[i] - visit_before <= 2 * 86400) ++covered;
  }
  EXPECT_EQ(a.service_contacts, contacts);
  EXPECT_EQ(a.brand.covered_contacts, covered);
  // Every (visit, contact in its window) pair counts once from each side: summed over the contacts'
  // keys, each category's visits equal the contacts after that category's visits.
  std::vector<std::uint64_t> pairs(2 * map.size(), 0);
  std::uint64_t pooled = 0;
  for (const auto& [key, count] : a.covers) {
    for (std::size_t j = 0; j + 1 < key.size(); j += 2) pairs[key[j]] += key[j + 1] * count;
    pooled += count;
  }
  EXPECT_EQ(pooled, covered);
  double fitted = 0;  // at the likelihood's maximum, Σ rate × visits = covered contacts
  for (std::size_t t = 0; t < 5; ++t) {
    const auto& c = a.by_touchpoint[t];
    EXPECT_EQ(pairs[2 * t], c.contacts_after_met) << t;
    EXPECT_EQ(pairs[2 * t + 1], c.contacts_after_unmet) << t;
    EXPECT_GT(c.contacts_after_met, 500u * c.met_visits) << t;  // hundreds of contacts in each window
    fitted += a.brand.rate_met[t] * static_cast<double>(c.met_visits) +
              a.brand.rate_unmet[t] * static_cast<double>(c.unmet_visits);
  }
  EXPECT_TRUE(a.brand.converged);
  EXPECT_NEAR(fitted, static_cast<double>(covered), 1e-9 * static_cast<double>(covered));
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
