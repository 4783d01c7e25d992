// The memory-bandwidth reference for scoring_bench.cpp: a plain sum over exactly the columns score()
// reads for a case, so each scoring result can be stated as a share of what this machine's memory
// delivers (bench/bandwidth_share.py prints the shares). Two things keep it at the memory's speed rather
// than the loop's:
// - each column adds into eight lanes of its own, so the compiler vectorises it and no add waits on
//   another (one set of lanes for all columns made every eight rows a chain of four dependent adds);
// - each column is prefetched 8 KiB ahead, as the kernel prefetches its columns (the hardware prefetcher
//   alone did not keep four streams busy).
// Before both, the reference ran at 27.9 GB/s; with them 40.7 GB/s on the same machine: it had overstated
// every share by 1.4x. Further ahead than 8 KiB gains nothing.
//   BM_bandwidth/<events>            customer, touchpoint, experience, expectation (servqual, prospect)
//   BM_bandwidth_with_time/<events>  the same and time (decay or peak-end)
// The simulated brand's model weighs SERVQUAL dimensions, but the presets do not, so neither reads the
// dimension column. Wall time, like the scoring suite.
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>

#include "bench_events.hpp"
#include "cxscore/detail/prefetch.hpp"

namespace {

constexpr std::size_t prefetch_distance = 8192;  // bytes

template <class T>
void add_lanes(std::array<double, 8>& acc, const T* x, std::size_t i) {
  cxscore::detail::prefetch_at(x, i * sizeof(T) + prefetch_distance);
  for (std::size_t k = 0; k < 8; ++k) acc[k] += static_cast<double>(x[i + k]);
}

void run(benchmark::State& state, bool with_time) {
  const auto& brand = cxscore_bench::brand_with_events(static_cast<std::size_t>(state.range(0)));
  const auto v = brand.events.view();
  const std::size_t n = v.size() / 8 * 8;
  const auto read = cxscore_bench::columns_for(v, brand.map,
                                               with_time
                                                   ? [] {
    auto m = cxscore::model::servqual();
    m.half_life_days = 90;
    return m;
                                               }()
                                               : cxscore::model::servqual());
  for (auto _ : state) {
    std::array<std::array<double, 8>, 5> acc{};  // by column
    for (std::size_t i = 0; i < n; i += 8) {
      add_lanes(acc[0], v.customer.data(), i);
      add_lanes(acc[1], brand.events.touchpoint.data(), i);
      add_lanes(acc[2], v.experience.data(), i);
      add_lanes(acc[3], v.expectation.data(), i);
      if (with_time) add_lanes(acc[4], v.time.data(), i);
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * v.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n * read.bytes_per_row()));
  state.SetComplexityN(static_cast<std::int64_t>(v.size()));
}

void BM_bandwidth(benchmark::State& state) { run(state, false); }
void BM_bandwidth_with_time(benchmark::State& state) { run(state, true); }

}  // namespace

BENCHMARK(BM_bandwidth)
    ->RangeMultiplier(10)
    ->Range(100'000, 10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity()
    ->UseRealTime();
BENCHMARK(BM_bandwidth_with_time)
    ->RangeMultiplier(10)
    ->Range(100'000, 10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity()
    ->UseRealTime();
