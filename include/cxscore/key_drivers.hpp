#pragma once
/// Key-driver analysis of a driver table: LMG, Johnson's relative weights and standardised OLS
/// coefficients in one pass over a Gram summary, with optional bootstrap percentile intervals; the
/// "fix first" ranking (importance × current shortfall); and learned importances as model weights.
///
/// Constant drivers and drivers collinear with others are kept in the output and reported: they get
/// LMG 0, relative weight 0 (or their pseudo-inverse share) and a NaN beta.
///
/// ```cpp
/// auto table = cxscore::read_driver_table_csv("drivers.csv", {.outcome = "nps"});
/// cxscore::driver_importance imp = cxscore::analyse_drivers(table, {.bootstrap = 500, .seed = 7});
/// cxscore::model m = cxscore::model::prospect().with_weights(cxscore::importance_weights(imp));
/// auto order = cxscore::fix_first(imp, table.driver_means());
/// ```
#include <Eigen/Dense>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "cxscore/bootstrap.hpp"
#include "cxscore/driver_table.hpp"
#include "cxscore/gram_summary.hpp"
#include "cxscore/regression.hpp"
#include "cxscore/relative_importance.hpp"

namespace cxscore {

struct driver_options {
  unsigned threads = 0;            ///< 0 = hardware concurrency; results do not depend on it
  std::size_t bootstrap = 0;       ///< replicates; 0 = no intervals
  std::uint64_t seed = 1;
  double confidence = 0.95;
  std::function<void(std::size_t, std::size_t)> progress{};  ///< bootstrap progress (done, total)
};

/// An interval per driver (empty vectors when no bootstrap was run).
struct driver_interval {
  Eigen::VectorXd lower, upper;
};

struct driver_importance {
  std::vector<std::string> drivers;
  std::size_t n = 0;
  double r2 = 0;
  Eigen::VectorXd lmg, relative_weight, beta;
  Eigen::VectorXd coefficients;  ///< OLS on the original scales (NaN = aliased); predictions use these
  double intercept = 0;
  driver_interval lmg_interval, relative_weight_interval, beta_interval;
  std::vector<std::string> constant;   ///< drivers with zero variance
  std::vector<std::string> collinear;  ///< drivers aliased by others (NaN beta)

  [[nodiscard]] Eigen::VectorXd lmg_share() const { return lmg / lmg.sum(); }
  [[nodiscard]] Eigen::VectorXd relative_weight_share() const { return relative_weight / relative_weight.sum(); }
};

namespace detail {
// lmg, relative weights and betas stacked, the statistic each bootstrap replicate evaluates.
inline Eigen::VectorXd driver_statistics(const gram_summary& g, unsigned threads) {
  const Eigen::Index p = g.columns() - 1;
  const Eigen::MatrixXd r = g.correlation();
  Eigen::VectorXd out(3 * p);
  out.segment(0, p) = lmg(r, threads).importance;
  out.segment(p, p) = relative_weights(r);
  out.segment(2 * p, p) = ols(g).standardised;
  return out;
}
}  // namespace detail

/// The analysis of `data` (rows = customers, columns = `drivers` then the outcome) in caller memory: a
/// column-major block maps in without a copy (the Python package passes numpy arrays this way).
[[nodiscard]] inline driver_importance analyse_drivers(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                       const std::vector<std::string>& drivers,
                                                       const std::string& outcome, const driver_options& o = {}) {
  const auto p = static_cast<Eigen::Index>(drivers.size());
  if (data.cols() != p + 1)
    detail::fail({"<drivers>", 0, "", std::to_string(data.cols())}, "the table needs the drivers and the outcome");
  if (data.rows() <= p + 1)
    detail::fail({"<drivers>", 0, "rows", std::to_string(data.rows())},
                 "more rows than drivers + 1 are needed (" + std::to_string(p + 1) + " columns)");
  const gram_summary g = build_gram(data, o.threads);
  for (const auto c : g.constant_columns())
    if (c == p) detail::fail({"<drivers>", 0, outcome, ""}, "the outcome is constant: nothing to explain");
  driver_importance d;
  d.drivers = drivers;
  d.n = g.n();
  const Eigen::VectorXd stats = detail::driver_statistics(g, o.threads);
  d.lmg = stats.segment(0, p);
  d.relative_weight = stats.segment(p, p);
  d.beta = stats.segment(2 * p, p);
  const regression_result fit = ols(g);
  d.r2 = fit.r2;
  d.coefficients = fit.coefficients;
  d.intercept = fit.intercept;
  const auto constant = g.constant_columns();
  for (const auto j : fit.aliased) {
    const bool is_constant = std::find(constant.begin(), constant.end(), j) != constant.end();
    (is_constant ? d.constant : d.collinear).push_back(drivers[static_cast<std::size_t>(j)]);
  }
  if (o.bootstrap > 0) {
    // Replicates run in parallel; each replicate's LMG runs on one thread.
    const Eigen::MatrixXd draws = bootstrap(data, {.replicates = o.bootstrap, .seed = o.seed, .threads = o.threads,
                                                     .progress = o.progress},
                                            [](const gram_summary& s) { return detail::driver_statistics(s, 1); });
    const auto [lower, upper] = percentile_interval(draws, o.confidence);
    d.lmg_interval = {lower.segment(0, p), upper.segment(0, p)};
    d.relative_weight_interval = {lower.segment(p, p), upper.segment(p, p)};
    d.beta_interval = {lower.segment(2 * p, p), upper.segment(2 * p, p)};
  }
  return d;
}

[[nodiscard]] inline driver_importance analyse_drivers(const driver_table& t, const driver_options& o = {}) {
  return analyse_drivers(t.data, t.drivers, t.outcome, o);
}

/// Touchpoint weights from importances: LMG share × number of drivers, so the mean weight is 1 (the
/// default weight of a touchpoint). Feed them to `model::with_weights`.
[[nodiscard]] inline std::map<std::string, double> importance_weights(const driver_importance& d) {
  std::map<std::string, double> w;
  const Eigen::VectorXd share = d.lmg_share();
  for (std::size_t j = 0; j < d.drivers.size(); ++j)
    w[d.drivers[j]] = share[static_cast<Eigen::Index>(j)] * static_cast<double>(d.drivers.size());
  return w;
}

struct fix_first_row {
  std::string driver;
  double importance = 0;  ///< LMG share
  double gap = 0;         ///< the driver's current mean (a gap or value: < 0 = expectations unmet)
  double priority = 0;    ///< importance × max(0, -gap)
};

/// Drivers ranked by importance × current shortfall, highest first (ties keep driver order): the
/// "fix first" quadrant of high importance and large unmet gap.
[[nodiscard]] inline std::vector<fix_first_row> fix_first(const driver_importance& d, const Eigen::VectorXd& gaps) {
  if (gaps.size() != static_cast<Eigen::Index>(d.drivers.size()))
    detail::fail({"<fix_first>", 0, "gaps", std::to_string(gaps.size())}, "one gap per driver is needed");
  const Eigen::VectorXd share = d.lmg_share();
  std::vector<fix_first_row> rows;
  for (std::size_t j = 0; j < d.drivers.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    rows.push_back({d.drivers[j], share[k], gaps[k], share[k] * std::max(0.0, -gaps[k])});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.priority > b.priority; });
  return rows;
}

}  // namespace cxscore
