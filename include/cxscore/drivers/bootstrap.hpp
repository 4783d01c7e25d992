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
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>

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

/// How many times each row appears in replicate `r`'s resample.
[[nodiscard]] Eigen::VectorXd resample_counts(std::size_t n, std::uint64_t seed, std::size_t r);

namespace detail {
/// A replicate's statistic of its resample counts; called from several threads at once.
using counts_statistic = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;
/// A replicate's statistic of its resample's Gram summary; called from several threads at once.
using gram_statistic = std::function<Eigen::VectorXd(const gram_summary&)>;

[[nodiscard]] Eigen::MatrixXd run_bootstrap_counts(std::size_t rows, const bootstrap_options& o,
                                                   const counts_statistic& statistic);
[[nodiscard]] Eigen::MatrixXd run_bootstrap(const Eigen::Ref<const Eigen::MatrixXd>& data, const bootstrap_options& o,
                                            const gram_statistic& statistic);
}  // namespace detail

/// One row of results per replicate: `statistic(counts)` of each replicate's resample counts (how many
/// times each of the `rows` rows was drawn), for statistics that need the rows themselves.
/// (The replicates run in the library; the statistic reaches them through a reference, never copied.)
template <class Statistic>
[[nodiscard]] Eigen::MatrixXd bootstrap_counts(std::size_t rows, const bootstrap_options& o, Statistic&& statistic) {
  return detail::run_bootstrap_counts(
      rows, o, [&statistic](const Eigen::VectorXd& counts) -> Eigen::VectorXd { return statistic(counts); });
}

/// One row of results per replicate (statistic values as columns): `statistic` of the Gram summary of
/// each resample.
template <class Statistic>
[[nodiscard]] Eigen::MatrixXd bootstrap(const Eigen::Ref<const Eigen::MatrixXd>& data, const bootstrap_options& o,
                                        Statistic&& statistic) {
  return detail::run_bootstrap(data, o,
                               [&statistic](const gram_summary& g) -> Eigen::VectorXd { return statistic(g); });
}

/// The type-7 quantile of each column's finite values (NaN draws, e.g. an aliased driver, are skipped).
[[nodiscard]] Eigen::VectorXd column_quantile(const Eigen::MatrixXd& draws, double q);

/// Percentile interval at `confidence` (e.g. 0.95: the 2.5% and 97.5% quantiles) of each column.
[[nodiscard]] std::pair<Eigen::VectorXd, Eigen::VectorXd> percentile_interval(const Eigen::MatrixXd& draws,
                                                                              double confidence);

}  // namespace cxscore
