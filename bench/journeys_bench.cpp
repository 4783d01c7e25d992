// Journey discovery and the outcome Markov chain. Run:
//   build/release/bench/cxscore_journeys_bench --benchmark_out=journeys.json --benchmark_out_format=json
// The real log is read from tests/data (gzip-compressed; the folder CXSCORE_TEST_DATA names instead, if set);
// ChannelAttribution's paths from the file named by the environment variable CXSCORE_CA_PATHS
// (bench/peers/markov_vs_channelattribution.py sets it); benchmarks whose data is missing are skipped with a message.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/paths_csv.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/markov_chain.hpp"
#include "internal/cell_text.hpp"

namespace {

std::filesystem::path data_file(const char* name) {
  const char* dir = std::getenv("CXSCORE_TEST_DATA");
  return std::filesystem::path(dir ? dir : CXSCORE_TEST_DATA) / name;
}

const cxscore::csv_read_options log_columns{
    .columns = {{"customer", "case_id"}, {"touchpoint", "activity"}, {"time", "timestamp"}}};

// DFG discovery on a log already in memory (what pm4py.discover_dfg does on a DataFrame).
void BM_dfg_bpic2012(benchmark::State& state) {
  const auto path = data_file("bpic2012.csv.gz");
  if (!std::filesystem::exists(path)) return state.SkipWithError(("missing " + path.string()).c_str());
  const auto log = cxscore::read_event_log_csv(path, nullptr, log_columns).log;
  for (auto _ : state) {
    const auto dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
    benchmark::DoNotOptimize(dfg.customers);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
}

// The same from the CSV text (decompressed before the timing): parsing (ISO 8601 times with offsets) included.
void BM_read_and_dfg_bpic2012(benchmark::State& state) {
  const auto path = data_file("bpic2012.csv.gz");
  if (!std::filesystem::exists(path)) return state.SkipWithError(("missing " + path.string()).c_str());
  const std::string text = cxscore::detail::read_file(path.string());
  std::size_t events = 0;
  for (auto _ : state) {
    const auto log = cxscore::parse_event_log_csv(text, nullptr, log_columns).log;
    const auto dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
    events = log.size();
    benchmark::DoNotOptimize(dfg.customers);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// The paths file journeys_peers.py makes (CXSCORE_CA_PATHS), or nullptr after marking the run skipped.
const char* channelattribution_paths(benchmark::State& state) {
  const char* file = std::getenv("CXSCORE_CA_PATHS");
  if (file && std::filesystem::exists(file)) return file;
  state.SkipWithError("set CXSCORE_CA_PATHS to ChannelAttribution's Data.csv converted to commas");
  return nullptr;
}

// Removal effects on ChannelAttribution's 10,000 paths from the file: reading, splitting the paths and
// solving every removal effect (what markov_model does from a DataFrame of path strings).
void BM_markov_channelattribution(benchmark::State& state) {
  const char* file = channelattribution_paths(state);
  if (!file) return;
  for (auto _ : state) {
    const auto r = cxscore::solve_markov(cxscore::read_paths_csv(file).counts);
    benchmark::DoNotOptimize(r.success_probability);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * std::filesystem::file_size(file)));
}

// Only reading the paths into transition counts.
void BM_read_paths_channelattribution(benchmark::State& state) {
  const char* file = channelattribution_paths(state);
  if (!file) return;
  const std::string text = cxscore::detail::read_file(file);
  for (auto _ : state) {
    const auto paths = cxscore::parse_paths_csv(text);
    benchmark::DoNotOptimize(paths.rows);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// The model alone: every removal effect from the transition counts (the paths already aggregated).
void BM_markov_channelattribution_solve(benchmark::State& state) {
  const char* file = channelattribution_paths(state);
  if (!file) return;
  const auto paths = cxscore::read_paths_csv(file);
  for (auto _ : state) {
    const auto r = cxscore::solve_markov(paths.counts);
    benchmark::DoNotOptimize(r.success_probability);
  }
}

// A journey map of n touchpoints (2n + 1 states): each touchpoint leads to the next few, sometimes back,
// met or unmet; every removal effect and fix what-if.
cxscore::markov_counts synthetic_chain(std::uint32_t n) {
  std::mt19937_64 rng(n);
  cxscore::markov_counts counts(n);
  std::vector<cxscore::markov_step> path;
  for (std::uint32_t k = 0; k < 20 * n; ++k) {
    path.clear();
    std::uint32_t t = static_cast<std::uint32_t>(rng() % n);
    for (int step = 0; step < 12 && t < n; ++step) {
      path.push_back({t, rng() % 4 != 0});
      t = rng() % 10 == 0 ? (t >= 3 ? t - 3 : 0) : t + 1 + static_cast<std::uint32_t>(rng() % 3);
    }
    counts.add_path(path, static_cast<double>(rng() % 2), 1.0);
  }
  return counts;
}

void BM_markov_all_effects(benchmark::State& state) {
  const auto counts = synthetic_chain(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    const auto r = cxscore::solve_markov(counts);
    benchmark::DoNotOptimize(r.success_probability);
  }
  state.SetComplexityN(state.range(0));
  state.counters["states"] = static_cast<double>(counts.transient_states());
}

}  // namespace

BENCHMARK(BM_dfg_bpic2012)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_and_dfg_bpic2012)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_markov_channelattribution)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_paths_channelattribution)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_markov_channelattribution_solve)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_markov_all_effects)->RangeMultiplier(10)->Range(10, 1000)->Unit(benchmark::kMillisecond)->Complexity();
