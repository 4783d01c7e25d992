#include "cxscore/drivers/bootstrap.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cxscore {

namespace {

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

// The replicates' results as the rows of one matrix, in replicate order.
Eigen::MatrixXd stack_rows(const std::vector<Eigen::VectorXd>& results) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(results.size()), results[0].size());
  for (std::size_t r = 0; r < results.size(); ++r) out.row(static_cast<Eigen::Index>(r)) = results[r].transpose();
  return out;
}

}  // namespace

Eigen::VectorXd resample_counts(std::size_t n, std::uint64_t seed, std::size_t r) {
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  const std::uint64_t key = splitmix64(seed ^ splitmix64(0xB0075u + r));
  for (std::size_t i = 0; i < n; ++i) counts[static_cast<Eigen::Index>(resample_row(key, i, n))] += 1;
  return counts;
}

Eigen::MatrixXd detail::run_bootstrap_counts(std::size_t rows, const bootstrap_options& o,
                                             const counts_statistic& statistic) {
  if (o.replicates == 0) fail({"<bootstrap>", 0, "replicates", "0"}, "at least one replicate is needed");
  if (rows < 2) fail({"<bootstrap>", 0, "rows", std::to_string(rows)}, "at least two rows are needed");
  std::vector<Eigen::VectorXd> results(o.replicates);
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  // Threads take replicates in turn; a replicate's numbers depend only on (seed, r), not on who ran it.
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
  return stack_rows(results);
}

Eigen::MatrixXd detail::run_bootstrap(const Eigen::Ref<const Eigen::MatrixXd>& data, const bootstrap_options& o,
                                      const gram_statistic& statistic) {
  return run_bootstrap_counts(static_cast<std::size_t>(data.rows()), o, [&](const Eigen::VectorXd& counts) {
    gram_summary g(static_cast<std::size_t>(data.cols()));
    g.add(data, counts);
    return statistic(std::as_const(g));
  });
}

Eigen::VectorXd column_quantile(const Eigen::MatrixXd& draws, double q) {
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

std::pair<Eigen::VectorXd, Eigen::VectorXd> percentile_interval(const Eigen::MatrixXd& draws, double confidence) {
  if (!(confidence > 0 && confidence < 1))
    detail::fail({"<bootstrap>", 0, "confidence", detail::number_text(confidence)}, "must lie in (0, 1)");
  return {column_quantile(draws, (1 - confidence) / 2), column_quantile(draws, (1 + confidence) / 2)};
}

}  // namespace cxscore
