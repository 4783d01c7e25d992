#pragma once
/// Nonparametric bootstrap over customers (rows): replicate r resamples n rows with replacement,
/// drawing row i of the resample from a counter-based generator keyed by (seed, r, i), builds the
/// Gram summary of the resample and evaluates a statistic on it. Replicates run on any number of
/// threads; each replicate's numbers depend only on (seed, r), so the result is the same for every
/// thread count. Percentile intervals use R's default quantile (type 7: linear interpolation).
///
/// `bootstrap_counts` hands each replicate's counts to statistics that need the rows (a logistic fit).
///
/// ```cpp
/// auto draws = cxscore::bootstrap(data, {.replicates = 1000, .seed = 7},
///                                 [](const cxscore::gram_summary& g) { return cxscore::ols(g).standardised; });
/// auto [lower, upper] = cxscore::percentile_interval(draws, 0.95);
/// ```
#include <Eigen/Dense>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/error.hpp"

namespace cxscore {

struct bootstrap_options {
  std::size_t replicates = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 0;  ///< 0 = hardware concurrency
  /// Called with (replicates done, total) after each replicate, one call at a time; may be empty.
  std::function<void(std::size_t, std::size_t)> progress{};
};

namespace detail {
__extension__ using uint128 = unsigned __int128;  // GCC and Clang; the multiply-shift below needs the high half

[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
/// Row i of replicate r's resample: a uniform index below n (multiply-shift; bias below n / 2^64).
[[nodiscard]] constexpr std::uint64_t resample_row(std::uint64_t key, std::uint64_t i, std::uint64_t n) noexcept {
  const std::uint64_t x = splitmix64(key ^ splitmix64(i));
  return static_cast<std::uint64_t>((static_cast<uint128>(x) * n) >> 64);
}
}  // namespace detail

/// How many times each row appears in replicate `r`'s resample.
[[nodiscard]] inline Eigen::VectorXd resample_counts(std::size_t n, std::uint64_t seed, std::size_t r) {
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  const std::uint64_t key = detail::splitmix64(seed ^ detail::splitmix64(0xB0075u + r));
  for (std::size_t i = 0; i < n; ++i) counts[static_cast<Eigen::Index>(detail::resample_row(key, i, n))] += 1;
  return counts;
}

/// One row of results per replicate: `statistic(counts)` of each replicate's resample counts (how many
/// times each of the `rows` rows was drawn), for statistics that need the rows themselves.
template <class Statistic>
[[nodiscard]] Eigen::MatrixXd bootstrap_counts(std::size_t rows, const bootstrap_options& o, Statistic&& statistic) {
  if (o.replicates == 0) detail::fail({"<bootstrap>", 0, "replicates", "0"}, "at least one replicate is needed");
  if (rows < 2) detail::fail({"<bootstrap>", 0, "rows", std::to_string(rows)}, "at least two rows are needed");
  std::vector<Eigen::VectorXd> results(o.replicates);
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  auto work = [&] {
    for (std::size_t r; (r = next.fetch_add(1)) < o.replicates;) {
      const Eigen::VectorXd counts = resample_counts(rows, o.seed, r);
      results[r] = statistic(counts);
      if (o.progress) {
        const std::lock_guard lock(progress_mutex);
        o.progress(++done, o.replicates);
      }
    }
  };
  unsigned threads = o.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : o.threads;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, o.replicates));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  Eigen::MatrixXd out(static_cast<Eigen::Index>(o.replicates), results[0].size());
  for (std::size_t r = 0; r < o.replicates; ++r) out.row(static_cast<Eigen::Index>(r)) = results[r].transpose();
  return out;
}

/// One row of results per replicate (statistic values as columns): `statistic` of the Gram summary of
/// each resample.
template <class Statistic>
[[nodiscard]] Eigen::MatrixXd bootstrap(const Eigen::Ref<const Eigen::MatrixXd>& data, const bootstrap_options& o,
                                        Statistic&& statistic) {
  return bootstrap_counts(static_cast<std::size_t>(data.rows()), o, [&](const Eigen::VectorXd& counts) {
    gram_summary g(static_cast<std::size_t>(data.cols()));
    g.add(data, counts);
    return statistic(std::as_const(g));
  });
}

/// The type-7 quantile of each column's finite values (NaN draws, e.g. an aliased driver, are skipped).
[[nodiscard]] inline Eigen::VectorXd column_quantile(const Eigen::MatrixXd& draws, double q) {
  Eigen::VectorXd out(draws.cols());
  for (Eigen::Index c = 0; c < draws.cols(); ++c) {
    std::vector<double> v;
    for (Eigen::Index r = 0; r < draws.rows(); ++r)
      if (std::isfinite(draws(r, c))) v.push_back(draws(r, c));
    if (v.empty()) {
      out[c] = std::nan("");
      continue;
    }
    std::sort(v.begin(), v.end());
    const double h = (static_cast<double>(v.size()) - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    out[c] = v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  }
  return out;
}

/// Percentile interval at `confidence` (e.g. 0.95: the 2.5% and 97.5% quantiles) of each column.
[[nodiscard]] inline std::pair<Eigen::VectorXd, Eigen::VectorXd> percentile_interval(const Eigen::MatrixXd& draws,
                                                                                     double confidence) {
  if (!(confidence > 0 && confidence < 1))
    detail::fail({"<bootstrap>", 0, "confidence", detail::number_text(confidence)}, "must lie in (0, 1)");
  return {column_quantile(draws, (1 - confidence) / 2), column_quantile(draws, (1 + confidence) / 2)};
}

}  // namespace cxscore
