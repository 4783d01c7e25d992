// What the scoring kernel costs before it sums anything: each row's gap, value and weight, measured the
// kernel's way (detail::measure_contiguous, block_rows rows at a time into one block that stays in cache),
// and nothing added to customers or touchpoints. Against BM_bandwidth it says how much of the distance
// between scoring and reading the columns is the measuring itself (servqual: the lookups, a clamp and a
// multiply; prospect: also |g|^0.88), and how much is the per-customer and per-touchpoint sums that
// scoring_bench.cpp's cases add. Names read BM_measure_<preset>/<events>/real_time. Run with the scoring
// suite (bench/bandwidth_share.py prints both as shares of the reference):
//   build/release/bench/cxscore_bench --benchmark_filter='/10000000' --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>

#include "bench_events.hpp"
#include "cxscore/detail/encounter_block.hpp"

namespace {

void run(benchmark::State& state, const cxscore::model& m) {
  const auto events = static_cast<std::size_t>(state.range(0));
  const auto& brand = cxscore_bench::brand_with_events(events);
  const auto view = brand.events.view();
  const cxscore::detail::encounter_constants k(view, brand.map, m);
  const auto block = std::make_unique<cxscore::detail::encounter_block>();
  for (auto _ : state) {
    double sink = 0;
    for (std::size_t at = 0; at < view.size(); at += cxscore::detail::block_rows) {
      cxscore::detail::measure_contiguous(view, k, at, std::min(cxscore::detail::block_rows, view.size() - at), *block);
      sink += block->value[0];
    }
    benchmark::DoNotOptimize(sink);
  }
  // The columns the measuring reads: all that scoring reads but the customer codes.
  const auto read = cxscore_bench::columns_for(view, brand.map, m);
  const std::size_t bytes = view.size() * (read.bytes_per_row() - sizeof(std::uint32_t));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * view.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetComplexityN(static_cast<std::int64_t>(view.size()));
}

const bool registered = [] {
  for (const auto& [preset, m] :
       {std::pair{"servqual", cxscore::model::servqual()}, std::pair{"prospect", cxscore::model::prospect()}})
    benchmark::RegisterBenchmark((std::string("BM_measure_") + preset).c_str(),
                                 [model = m](benchmark::State& s) { run(s, model); })
        ->RangeMultiplier(10)
        ->Range(100'000, 10'000'000)
        ->Unit(benchmark::kMillisecond)
        ->Complexity(benchmark::oN)
        ->UseRealTime();
  return true;
}();

}  // namespace
