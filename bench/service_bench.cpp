// Live updates per second and service attribution on simulated events. Run:
//   build/release/bench/cxscore_service_bench --benchmark_out=service.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>

#include "cxscore/cxscore.hpp"

namespace {

const cxscore::simulated_brand& brand_with_events(std::size_t events) {
  static std::map<std::size_t, cxscore::simulated_brand> cache;
  auto it = cache.find(events);
  if (it == cache.end())  // about 13 events per simulated customer
    it =
        cache.emplace(events, cxscore::simulate({.customers = std::max<std::size_t>(1, events / 13), .seed = 7})).first;
  return it->second;
}

// Every event folded into a fresh live scorer, in the simulator's order (one customer after another).
void live(benchmark::State& state, const cxscore::model& m) {
  const auto& brand = brand_with_events(static_cast<std::size_t>(state.range(0)));
  const auto& ev = brand.events;
  std::vector<cxscore::live_event> events(ev.size());
  for (std::size_t i = 0; i < ev.size(); ++i)
    events[i] = {.customer = ev.customer[i],
                 .touchpoint = ev.touchpoint[i],
                 .time = ev.time[i],
                 .experience = ev.experience[i],
                 .expectation = ev.expectation[i],
                 .dimension = ev.dimension[i]};
  for (auto _ : state) {
    state.PauseTiming();
    cxscore::live_scorer scorer(brand.map, m, ev.customers.size(), ev.dimensions.labels());
    state.ResumeTiming();
    for (const auto& e : events) benchmark::DoNotOptimize(scorer.update(e).index);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * events.size() * sizeof(cxscore::live_event)));
  state.SetComplexityN(static_cast<std::int64_t>(events.size()));
}

void BM_live_update_servqual(benchmark::State& state) { live(state, cxscore::model::servqual()); }
void BM_live_update_prospect_decay_peak_end(benchmark::State& state) {
  auto m = cxscore::model::prospect();
  m.half_life_days = 90;
  m.peak_end = 0.3;
  live(state, m);
}

// Service demand attribution; range(1) threads (0 = all cores).
void BM_service_attribution(benchmark::State& state) {
  const auto& brand = brand_with_events(static_cast<std::size_t>(state.range(0)));
  const auto view = brand.events.view();
  for (auto _ : state) {
    auto a = cxscore::attribute_service_demand(view, brand.map, {.threads = static_cast<unsigned>(state.range(1))});
    benchmark::DoNotOptimize(a.service_contacts);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * view.size()));
  state.SetComplexityN(static_cast<std::int64_t>(view.size()));
}

// Monthly window series by owner.
void BM_monitor_by_owner(benchmark::State& state) {
  const auto& brand = brand_with_events(static_cast<std::size_t>(state.range(0)));
  const auto owners = brand.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  for (auto _ : state) {
    auto r = cxscore::monitor(brand.events.view(), brand.map, brand.model,
                              {.customers = &brand.customers, .grouping = &owners});
    benchmark::DoNotOptimize(r.rows.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * brand.events.size()));
  state.SetComplexityN(static_cast<std::int64_t>(brand.events.size()));
}

}  // namespace

BENCHMARK(BM_live_update_servqual)
    ->RangeMultiplier(10)
    ->Range(100'000, 10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_live_update_prospect_decay_peak_end)
    ->RangeMultiplier(10)
    ->Range(100'000, 10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
BENCHMARK(BM_service_attribution)
    ->ArgsProduct({{100'000, 1'000'000, 10'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_monitor_by_owner)
    ->RangeMultiplier(10)
    ->Range(100'000, 10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();
