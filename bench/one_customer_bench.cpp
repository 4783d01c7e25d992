// One customer with an event a minute (10⁴–10⁶ events): the per-customer work of service attribution,
// owner scorecards, the monitor's time windows and journey discovery, which must grow as n log n or
// better in one customer's events. Run:
//   build/release/bench/cxscore_one_customer_bench --benchmark_out=one_customer.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <map>
#include <random>
#include <string>

#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/event_log.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/score.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace {

// Five experience touchpoints of three owners and one service touchpoint, drawn at random; ratings 1-5
// against a promise of 3 (about 40% unmet). Every 2-day window holds about 2,400 visits and 480 contacts.
struct one_customer {
  cxscore::journey_map map{"one-customer"};
  std::vector<std::uint32_t> customer;
  std::vector<cxscore::touchpoint_code> touchpoint;
  std::vector<double> time, experience;
  cxscore::event_log log;

  explicit one_customer(std::size_t n) : customer(n, 0), touchpoint(n), time(n), experience(n) {
    const char* owners[] = {"ecommerce", "ecommerce", "logistics", "logistics", "finance"};
    for (int t = 0; t < 5; ++t) map.add_touchpoint({.name = "t" + std::to_string(t), .owner = owners[t], .promise = 3});
    map.add_touchpoint({.name = "care", .role = cxscore::role::service, .owner = "care", .promise = 3});
    std::mt19937_64 rng(16);
    for (std::size_t i = 0; i < n; ++i) {
      touchpoint[i] = static_cast<cxscore::touchpoint_code>(rng() % 6);
      time[i] = 1.7e9 + 60.0 * static_cast<double>(i);
      experience[i] = 1.0 + static_cast<double>(rng() % 5);
    }
    log.customer = customer;
    log.touchpoint.assign(touchpoint.begin(), touchpoint.end());
    log.time = time;
    log.gap.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& tp = map[touchpoint[i]];
      log.gap[i] = cxscore::normalised_gap(experience[i], tp.promise, tp.scale, tp.direction);
    }
    log.customers.encode("c0");
    for (std::size_t t = 0; t < map.size(); ++t)
      log.touchpoints.encode(map[static_cast<cxscore::touchpoint_code>(t)].name);
  }
  [[nodiscard]] cxscore::event_view view() const {
    return {
        .customer = customer, .touchpoint = touchpoint, .time = time, .experience = experience, .customer_count = 1};
  }
};

const one_customer& events(std::size_t n) {
  static std::map<std::size_t, one_customer> cache;
  auto it = cache.find(n);
  if (it == cache.end()) it = cache.emplace(n, n).first;
  return it->second;
}

void count_items(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetComplexityN(static_cast<std::int64_t>(n));
}

// `cxscore service`: the per-touchpoint counts, the contacts' covering visits and the brand figure's fit.
void BM_one_customer_service(benchmark::State& state) {
  const auto& e = events(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto a = cxscore::attribute_service_demand(e.view(), e.map, {.threads = 1});
    benchmark::DoNotOptimize(a.brand.explained_contacts);
  }
  count_items(state, e.customer.size());
}

// `cxscore owners`: scores, service attribution, the monthly trend by owner and the scorecards.
void BM_one_customer_owners(benchmark::State& state) {
  const auto& e = events(static_cast<std::size_t>(state.range(0)));
  const auto m = cxscore::model::prospect();
  const auto owners = e.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  for (auto _ : state) {
    const auto result = cxscore::score(e.view(), e.map, m, {.threads = 1});
    const auto a = cxscore::attribute_service_demand(e.view(), e.map, {.threads = 1});
    const auto trend = cxscore::monitor(e.view(), e.map, m, {.grouping = &owners});
    const auto cards = cxscore::owner_scorecards(result, e.map, a, &trend);
    benchmark::DoNotOptimize(cards.data());
  }
  count_items(state, e.customer.size());
}

// `cxscore monitor`: daily windows by owner.
void BM_one_customer_monitor(benchmark::State& state) {
  const auto& e = events(static_cast<std::size_t>(state.range(0)));
  const auto m = cxscore::model::prospect();
  const auto owners = e.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  for (auto _ : state) {
    const auto r = cxscore::monitor(e.view(), e.map, m, {.period = cxscore::period::day, .grouping = &owners});
    benchmark::DoNotOptimize(r.rows.data());
  }
  count_items(state, e.customer.size());
}

// `cxscore journeys`: the journey order, directly-follows graph, variants and loops.
void BM_one_customer_journeys(benchmark::State& state) {
  const auto& e = events(static_cast<std::size_t>(state.range(0)));
  const auto m = cxscore::model::prospect();
  for (auto _ : state) {
    const auto order = cxscore::order_journeys(e.log);
    const auto dfg = cxscore::discover_directly_follows(e.log, order);
    const auto variants = cxscore::discover_variants(e.log, order, [&](double g) { return cxscore::gap_value(g, m); });
    const auto loops = cxscore::find_loops(dfg);
    benchmark::DoNotOptimize(variants.data());
    benchmark::DoNotOptimize(loops.data());
  }
  count_items(state, e.customer.size());
}

}  // namespace

BENCHMARK(BM_one_customer_service)
    ->RangeMultiplier(10)
    ->Range(10'000, 1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_one_customer_owners)
    ->RangeMultiplier(10)
    ->Range(10'000, 1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_one_customer_monitor)
    ->RangeMultiplier(10)
    ->Range(10'000, 1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_one_customer_journeys)
    ->RangeMultiplier(10)
    ->Range(10'000, 1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
