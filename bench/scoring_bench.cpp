// Scoring throughput on the simulated retail brand. Run:
//   build/release/bench/cxscore_bench --benchmark_out=scoring.json --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "cxscore/cxscore.hpp"

namespace {

const cxscore::simulated_brand& brand_with_events(std::size_t events) {
  static std::map<std::size_t, cxscore::simulated_brand> cache;
  auto it = cache.find(events);
  if (it == cache.end()) {
    // About 12 events per simulated customer.
    it = cache.emplace(events, cxscore::simulate({.customers = std::max<std::size_t>(1, events / 12), .seed = 7})).first;
  }
  return it->second;
}

std::size_t bytes_per_event(const cxscore::event_view& v) {
  return sizeof(std::uint32_t) * 2 + sizeof(double) * 3 + (v.dimension.empty() ? 0 : sizeof(std::int32_t));
}

void run(benchmark::State& state, const cxscore::model& m) {
  const auto& brand = brand_with_events(static_cast<std::size_t>(state.range(0)));
  const auto view = brand.events.view();
  for (auto _ : state) {
    auto result = cxscore::score(view, brand.map, m, {.customers = &brand.customers});
    benchmark::DoNotOptimize(result.brand.score_sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * view.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * view.size() * bytes_per_event(view)));
  state.SetComplexityN(static_cast<std::int64_t>(view.size()));
}

void BM_score_servqual(benchmark::State& state) { run(state, cxscore::model::servqual()); }
void BM_score_prospect(benchmark::State& state) { run(state, cxscore::model::prospect()); }
void BM_score_prospect_decay_peak_end(benchmark::State& state) {
  auto m = cxscore::model::prospect();
  m.half_life_days = 90;
  m.peak_end = 0.3;
  run(state, m);
}

}  // namespace

BENCHMARK(BM_score_servqual)->RangeMultiplier(10)->Range(100'000, 10'000'000)->Unit(benchmark::kMillisecond)->Complexity();
BENCHMARK(BM_score_prospect)->RangeMultiplier(10)->Range(100'000, 10'000'000)->Unit(benchmark::kMillisecond)->Complexity();
BENCHMARK(BM_score_prospect_decay_peak_end)->RangeMultiplier(10)->Range(100'000, 10'000'000)->Unit(benchmark::kMillisecond)->Complexity();
