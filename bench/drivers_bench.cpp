// Key-driver analysis: the Gram build (bytes/s), exact LMG for 10-25 drivers, and the whole analysis
// (Gram build + LMG + relative weights + OLS) on 10^6 customers, on two threads; the logistic analysis
// of a 0/1 outcome.
#include <benchmark/benchmark.h>

#include <map>
#include <random>

#include "cxscore/drivers/key_drivers.hpp"

namespace {

constexpr Eigen::Index customers = 1'000'000;
constexpr unsigned threads = 2;

// Correlated drivers (z A) and an outcome that depends on all of them; cached per driver count.
const Eigen::MatrixXd& data(Eigen::Index p) {
  static std::map<Eigen::Index, Eigen::MatrixXd> cache;
  auto& d = cache[p];
  if (d.size() == 0) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(p));
    std::normal_distribution<double> normal;
    Eigen::MatrixXd mix(p, p);
    for (Eigen::Index i = 0; i < mix.size(); ++i) mix.data()[i] = 0.3 * normal(rng);
    mix.diagonal().array() += 1;
    Eigen::MatrixXd z(customers, p);
    for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = normal(rng);
    d.resize(customers, p + 1);
    d.leftCols(p) = z * mix;
    Eigen::VectorXd b(p);
    for (Eigen::Index j = 0; j < p; ++j) b[j] = normal(rng);
    d.col(p) = d.leftCols(p) * b;
    for (Eigen::Index i = 0; i < customers; ++i) d(i, p) += 3 * normal(rng);
  }
  return d;
}

void BM_gram_build(benchmark::State& state) {
  const Eigen::MatrixXd& d = data(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(cxscore::build_gram(d, threads).n());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * d.size() * 8);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * customers);
}
BENCHMARK(BM_gram_build)->Arg(10)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_lmg(benchmark::State& state) {
  const Eigen::Index p = state.range(0);
  const Eigen::MatrixXd r = cxscore::build_gram(data(p), threads).correlation();
  for (auto _ : state) benchmark::DoNotOptimize(cxscore::lmg(r, threads).r2);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * (std::int64_t{1} << p));  // subsets
  state.SetComplexityN(std::int64_t{1} << p);
}
BENCHMARK(BM_lmg)->DenseRange(10, 25, 5)->Unit(benchmark::kMillisecond)->UseRealTime()->Complexity(benchmark::oN);

// The target: Gram build + LMG + relative weights + OLS for p drivers on 10^6 customers.
void BM_drivers(benchmark::State& state) {
  const Eigen::Index p = state.range(0);
  cxscore::driver_table t;
  for (Eigen::Index j = 0; j < p; ++j) t.drivers.push_back("d" + std::to_string(j));
  t.data = data(p);
  for (auto _ : state) benchmark::DoNotOptimize(cxscore::analyse_drivers(t, {.threads = threads}).r2);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * t.data.size() * 8);
}
BENCHMARK(BM_drivers)->DenseRange(10, 25, 5)->Unit(benchmark::kMillisecond)->UseRealTime();

// A 0/1 outcome (churn: the outcome above its mean, noisy enough to overlap): the analysis by logistic
// regression (IRLS) and Tonidandel & LeBreton's relative weights on 10^6 customers.
void BM_logistic_drivers(benchmark::State& state) {
  const Eigen::Index p = state.range(0);
  cxscore::driver_table t;
  for (Eigen::Index j = 0; j < p; ++j) t.drivers.push_back("d" + std::to_string(j));
  t.data = data(p);
  const double mean = t.data.col(p).mean();
  for (Eigen::Index i = 0; i < t.data.rows(); ++i) t.data(i, p) = t.data(i, p) > mean ? 1 : 0;
  for (auto _ : state) benchmark::DoNotOptimize(cxscore::analyse_drivers(t, {.threads = threads}).r2);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * t.data.size() * 8);
}
BENCHMARK(BM_logistic_drivers)->Arg(10)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
