// The customer dictionary (cxscore::dictionary) on ids shaped like a time-ordered event log's: 8-character
// ids ("C0424539") of 10⁶ customers met in no useful order. BM_dictionary_encode numbers 10⁶ distinct ids in
// a fresh dictionary (its growth included) and reports the heap it holds per label (bytes_per_label, read
// from malloc's own accounting); BM_dictionary_encode_log codes a log of 10⁷ rows, every customer's rows
// scattered through it, from a fresh dictionary; BM_dictionary_find looks up 10⁷ ids among 10⁶. Run:
//   build/release/bench/cxscore_dictionary_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/dictionary.hpp"

namespace {

constexpr std::size_t customers = 1'000'000;
constexpr std::size_t rows = 10'000'000;

/// The ids of `customers` customers, "C" and 7 digits, in a random order (fixed seed).
const std::vector<std::string>& ids() {
  static const std::vector<std::string> all = [] {
    std::vector<std::uint32_t> number(customers);
    std::iota(number.begin(), number.end(), std::uint32_t{0});
    std::shuffle(number.begin(), number.end(), std::mt19937_64(5));
    std::vector<std::string> out;
    out.reserve(customers);
    char id[16];
    for (const auto n : number) {
      std::snprintf(id, sizeof id, "C%07u", n);
      out.emplace_back(id);
    }
    return out;
  }();
  return all;
}

/// `rows` rows of the customers, each met about rows / customers times at random places (fixed seed), as views
/// of one buffer holding the rows' ids one after another, as an Arrow column or a file holds them.
const std::vector<std::string_view>& log_rows() {
  static std::string text;
  static const std::vector<std::string_view> all = [] {
    std::vector<std::uint32_t> customer(rows);
    for (std::size_t r = 0; r < rows; ++r) customer[r] = static_cast<std::uint32_t>(r % customers);
    std::shuffle(customer.begin(), customer.end(), std::mt19937_64(6));
    for (const auto c : customer) text += ids()[c];
    std::vector<std::string_view> out;
    out.reserve(rows);
    std::size_t at = 0;
    for (const auto c : customer) {
      out.emplace_back(text.data() + at, ids()[c].size());
      at += ids()[c].size();
    }
    return out;
  }();
  return all;
}

/// Bytes the heap holds for the program (malloc's arenas and its mapped blocks).
std::size_t heap_in_use() {
  const auto info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

void BM_dictionary_encode(benchmark::State& state) {
  std::string text;
  for (const auto& id : ids()) text += id;
  std::vector<std::string_view> labels;
  labels.reserve(ids().size());
  for (std::size_t at = 0; const auto& id : ids()) {
    labels.emplace_back(text.data() + at, id.size());
    at += id.size();
  }
  std::vector<std::uint32_t> codes(labels.size());
  double bytes_per_label = 0;
  for (auto _ : state) {
    const std::size_t before = heap_in_use();
    cxscore::dictionary d;
    d.encode_all(labels, codes);
    bytes_per_label = static_cast<double>(heap_in_use() - before) / static_cast<double>(d.size());
    benchmark::DoNotOptimize(codes.data());
    state.PauseTiming();  // freeing the dictionary is not coding
    d = cxscore::dictionary();
    state.ResumeTiming();
  }
  state.counters["bytes_per_label"] = bytes_per_label;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * labels.size()));
}

void BM_dictionary_encode_log(benchmark::State& state) {
  const auto& labels = log_rows();
  std::vector<std::uint32_t> codes(labels.size());
  for (auto _ : state) {
    cxscore::dictionary d;
    d.encode_all(labels, codes);
    benchmark::DoNotOptimize(codes.data());
    state.PauseTiming();
    d = cxscore::dictionary();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * labels.size()));
}

void BM_dictionary_find(benchmark::State& state) {
  const auto& labels = log_rows();
  cxscore::dictionary d;
  for (const auto& id : ids()) d.encode(id);
  std::vector<std::optional<std::uint32_t>> codes(labels.size());
  for (auto _ : state) {
    d.find_all(labels, codes);
    benchmark::DoNotOptimize(codes.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * labels.size()));
}

BENCHMARK(BM_dictionary_encode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_dictionary_encode_log)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_dictionary_find)->Unit(benchmark::kMillisecond);

}  // namespace
