// Scoring throughput on the simulated retail brand: servqual and prospect presets, customer-sorted rows
// (as the simulator writes them), time-ordered rows (as event logs arrive) and shuffled rows, with and without recency decay and peak-end, on one
// and two threads. Names read BM_score_<preset>_<order>[_decay_peak_end]_t<threads>/<events>/real_time (wall
// time, which is what a second thread shortens); the bytes/s
// counter counts the bytes of the columns the kernel reads, once (shuffled rows are regrouped by customer
// first, which reads and writes them more than once), so it sits next to bandwidth_bench.cpp's
// BM_bandwidth/<events>. Run:
//   build/release/bench/cxscore_bench --benchmark_filter='/10000000' --benchmark_repetitions=5
//     --benchmark_report_aggregates_only=true --benchmark_out=scoring.json --benchmark_out_format=json
//   (one command line)
//   python3 bench/bandwidth_share.py scoring.json
#include <benchmark/benchmark.h>

#include <string>

#include "bench_events.hpp"
#include "cxscore/score.hpp"

namespace {

enum class order { sorted, time_ordered, shuffled };

cxscore::model with_decay_peak_end(cxscore::model m) {
  m.half_life_days = 90;
  m.peak_end = 0.3;
  return m;
}

void run(benchmark::State& state, const cxscore::model& m, order rows, unsigned threads) {
  const auto events = static_cast<std::size_t>(state.range(0));
  const auto& brand = cxscore_bench::brand_with_events(events);
  const auto view = rows == order::sorted         ? brand.events.view()
                    : rows == order::time_ordered ? cxscore_bench::time_ordered_events(events).view()
                                                  : cxscore_bench::shuffled_events(events).view();
  for (auto _ : state) {
    auto result = cxscore::score(view, brand.map, m, {.customers = &brand.customers, .threads = threads});
    benchmark::DoNotOptimize(result.brand.score_sum);
  }
  const auto read = cxscore_bench::columns_for(view, brand.map, m);
  const std::size_t bytes = view.size() * read.bytes_per_row();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * view.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetComplexityN(static_cast<std::int64_t>(view.size()));
}

void register_case(const std::string& name, const cxscore::model& m, order rows) {
  for (const unsigned threads : {1u, 2u})
    benchmark::RegisterBenchmark((name + "_t" + std::to_string(threads)).c_str(),
                                 [m, rows, threads](benchmark::State& s) { run(s, m, rows, threads); })
        ->RangeMultiplier(10)
        ->Range(100'000, 10'000'000)
        ->Unit(benchmark::kMillisecond)
        ->Complexity(benchmark::oN)
        ->UseRealTime();
}

const bool registered = [] {
  for (const auto& [preset, m] :
       {std::pair{"servqual", cxscore::model::servqual()}, std::pair{"prospect", cxscore::model::prospect()}})
    for (const auto& [order_name, rows] :
         {std::pair{"sorted", order::sorted}, std::pair{"time_ordered", order::time_ordered},
          std::pair{"shuffled", order::shuffled}}) {
      const std::string name = std::string("BM_score_") + preset + "_" + order_name;
      register_case(name, m, rows);
      register_case(name + "_decay_peak_end", with_decay_peak_end(m), rows);
    }
  return true;
}();

}  // namespace
