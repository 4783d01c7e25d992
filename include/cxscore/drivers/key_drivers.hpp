#pragma once
/// Key-driver analysis of a driver table: LMG, Johnson's relative weights and standardised OLS
/// coefficients in one pass over a Gram summary, with optional bootstrap percentile intervals; the
/// "fix first" ranking (importance × current shortfall); and learned importances as model weights.
///
/// Constant drivers and drivers collinear with others are kept in the output and reported: they get
/// LMG 0, relative weight 0 (or their pseudo-inverse share) and a NaN beta.
///
/// A 0/1 outcome (churn, retention) is, by default (`driver_method::automatic`), fitted by logistic
/// regression and decomposed with Tonidandel & LeBreton's (2010) relative weights for logistic
/// regression (see `logistic_relative_weights`); `driver_method::linear` fits it as a linear
/// probability model instead, with LMG. Separation (a driver that predicts the outcome perfectly) is
/// reported in `logistic`, not thrown.
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
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "cxscore/drivers/bootstrap.hpp"
#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/regression.hpp"
#include "cxscore/drivers/relative_importance.hpp"

namespace cxscore {

/// How the outcome is modelled. `automatic`: logistic when every outcome is 0 or 1, else linear.
enum class driver_method { automatic, linear, logistic };

/// "auto", "linear" or "logistic" (the command line's and Python's names).
[[nodiscard]] inline driver_method parse_driver_method(const std::string& name) {
  if (name == "linear") return driver_method::linear;
  if (name == "logistic") return driver_method::logistic;
  if (name != "auto") detail::fail({"<drivers>", 0, "method", name}, "must be 'auto', 'linear' or 'logistic'");
  return driver_method::automatic;
}

struct driver_options {
  unsigned threads = 0;            ///< 0 = hardware concurrency; results do not depend on it
  std::size_t bootstrap = 0;       ///< replicates; 0 = no intervals
  std::uint64_t seed = 1;
  double confidence = 0.95;
  std::function<void(std::size_t, std::size_t)> progress{};  ///< bootstrap progress (done, total)
  driver_method method = driver_method::automatic;
  std::string source = "<drivers>";      ///< names the table in errors (the file it was read from)
  /// The row in `source` of each data row, for errors (0: rows not known); empty = data row k is row k + 1.
  std::span<const std::size_t> rows{};
};

/// An interval per driver (empty vectors when no bootstrap was run).
struct driver_interval {
  Eigen::VectorXd lower, upper;
};

/// The logistic fit behind a `driver_method::logistic` analysis.
struct logistic_summary {
  int iterations = 0;
  bool converged = false;
  bool separation = false;
  double deviance = 0, null_deviance = 0;
};

struct driver_importance {
  std::vector<std::string> drivers;
  std::size_t n = 0;
  driver_method method = driver_method::linear;  ///< as run: linear or logistic
  bool binary_outcome = false;                   ///< every outcome is 0 or 1
  /// Linear: OLS R². Logistic: the squared correlation of the outcome and the fitted probability.
  double r2 = 0;
  /// Linear: LMG, Johnson's weights, standardised OLS coefficients. Logistic: LMG is NaN (it needs
  /// 2^p logistic fits), Tonidandel & LeBreton's weights, fully standardised logistic coefficients.
  Eigen::VectorXd lmg, relative_weight, beta;
  /// On the original scales (NaN = aliased), linear or log-odds; predictions use these.
  Eigen::VectorXd coefficients;
  double intercept = 0;
  driver_interval lmg_interval, relative_weight_interval, beta_interval;
  std::vector<std::string> constant;   ///< drivers with zero variance
  std::vector<std::string> collinear;  ///< drivers aliased by others (NaN beta)
  logistic_summary logistic{};         ///< set when method == logistic

  [[nodiscard]] Eigen::VectorXd lmg_share() const { return lmg / lmg.sum(); }
  [[nodiscard]] Eigen::VectorXd relative_weight_share() const { return relative_weight / relative_weight.sum(); }
  /// The importance that ranks and weighs touchpoints: LMG for a linear model, the relative weight
  /// for a logistic one.
  [[nodiscard]] const char* importance_name() const { return method == driver_method::logistic ? "relative_weight" : "lmg"; }
  [[nodiscard]] Eigen::VectorXd importance_share() const {
    return method == driver_method::logistic ? relative_weight_share() : lmg_share();
  }
  /// How the outcome was modelled, in words (summary.json's `outcome_model`).
  [[nodiscard]] const char* outcome_model() const {
    if (method == driver_method::logistic) return "logistic";
    return binary_outcome ? "linear probability (binary outcome)" : "linear";
  }
};

namespace detail {
// lmg, relative weights and betas stacked: the statistic each bootstrap replicate evaluates.
inline Eigen::VectorXd stacked(const Eigen::VectorXd& shapley, const Eigen::VectorXd& relative_weight,
                               const Eigen::VectorXd& beta) {
  Eigen::VectorXd out(shapley.size() + relative_weight.size() + beta.size());
  out << shapley, relative_weight, beta;
  return out;
}
inline Eigen::VectorXd driver_statistics(const gram_summary& g, unsigned threads) {
  const Eigen::MatrixXd r = g.correlation();
  return stacked(lmg(r, threads).importance, relative_weights(r), ols(g).standardised);
}
// The same for a logistic model (LMG left NaN).
inline Eigen::VectorXd logistic_statistics(const logistic_weights& l) {
  return stacked(Eigen::VectorXd::Constant(l.weights.size(), std::numeric_limits<double>::quiet_NaN()), l.weights,
                 l.beta);
}
}  // namespace detail

/// The analysis of `data` (rows = customers, columns = `drivers` then the outcome) in caller memory: a
/// column-major block maps in without a copy (the Python package passes numpy arrays this way).
[[nodiscard]] inline driver_importance analyse_drivers(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                       const std::vector<std::string>& drivers,
                                                       const std::string& outcome, const driver_options& o = {}) {
  const auto p = static_cast<Eigen::Index>(drivers.size());
  if (data.cols() != p + 1)
    detail::fail({o.source, 0, "", std::to_string(data.cols())}, "the table needs the drivers and the outcome");
  if (!o.rows.empty() && o.rows.size() != static_cast<std::size_t>(data.rows()))
    detail::fail({o.source, 0, "rows", std::to_string(o.rows.size())}, "one row number per data row is needed");
  if (data.rows() <= p + 1)
    detail::fail({o.source, 0, "rows", std::to_string(data.rows())},
                 "more rows than drivers + 1 are needed (" + std::to_string(p + 1) + " columns)");
  const gram_summary g = build_gram(data, o.threads);
  for (const auto c : g.constant_columns())
    if (c == p) detail::fail({o.source, 0, outcome, ""}, "the outcome is constant: nothing to explain");
  driver_importance d;
  d.drivers = drivers;
  d.n = g.n();
  d.binary_outcome = detail::all_binary(data.col(p));
  d.method = o.method == driver_method::automatic
                 ? (d.binary_outcome ? driver_method::logistic : driver_method::linear)
                 : o.method;
  if (d.method == driver_method::logistic && !d.binary_outcome)
    for (Eigen::Index i = 0; i < data.rows(); ++i)
      if (const double y = data(i, p); y != 0 && y != 1)
        detail::fail({o.source, o.rows.empty() ? static_cast<std::size_t>(i) + 1 : o.rows[static_cast<std::size_t>(i)],
                      outcome, detail::number_text(y)},
                     "the logistic method needs a 0/1 outcome");
  const regression_result fit = ols(g);
  const auto constant = g.constant_columns();
  for (const auto j : fit.aliased) {
    const bool is_constant = std::find(constant.begin(), constant.end(), j) != constant.end();
    (is_constant ? d.constant : d.collinear).push_back(drivers[static_cast<std::size_t>(j)]);
  }
  const bool logistic = d.method == driver_method::logistic;
  Eigen::VectorXd stats;
  if (logistic) {
    const logistic_weights l = logistic_relative_weights(data);
    stats = detail::logistic_statistics(l);
    d.r2 = l.r2;
    d.coefficients = l.fit.coefficients;
    d.intercept = l.fit.intercept;
    d.logistic = {l.fit.iterations, l.fit.converged, l.fit.separation, l.fit.deviance, l.fit.null_deviance};
  } else {
    stats = detail::driver_statistics(g, o.threads);
    d.r2 = fit.r2;
    d.coefficients = fit.coefficients;
    d.intercept = fit.intercept;
  }
  d.lmg = stats.segment(0, p);
  d.relative_weight = stats.segment(p, p);
  d.beta = stats.segment(2 * p, p);
  if (o.bootstrap > 0) {
    // Replicates run in parallel; each replicate's LMG runs on one thread.
    const bootstrap_options b{.replicates = o.bootstrap, .seed = o.seed, .threads = o.threads, .progress = o.progress};
    const Eigen::MatrixXd draws =
        logistic ? bootstrap_counts(static_cast<std::size_t>(data.rows()), b,
                                    [&](const Eigen::VectorXd& counts) {
                                      // A resample whose outcomes are all alike has no fit: NaN, skipped
                                      // by the percentiles.
                                      const double events = counts.dot(data.col(p));
                                      if (events == 0 || events == counts.sum())
                                        return Eigen::VectorXd::Constant(3 * p, std::numeric_limits<double>::quiet_NaN()).eval();
                                      return detail::logistic_statistics(logistic_relative_weights(data, counts));
                                    })
                 : bootstrap(data, b, [](const gram_summary& s) { return detail::driver_statistics(s, 1); });
    const auto [lower, upper] = percentile_interval(draws, o.confidence);
    d.lmg_interval = {lower.segment(0, p), upper.segment(0, p)};
    d.relative_weight_interval = {lower.segment(p, p), upper.segment(p, p)};
    d.beta_interval = {lower.segment(2 * p, p), upper.segment(2 * p, p)};
  }
  return d;
}

/// A table read from a CSV names its own rows in errors, unless `o.rows` names them.
[[nodiscard]] inline driver_importance analyse_drivers(const driver_table& t, driver_options o = {}) {
  if (o.rows.empty()) o.rows = t.rows;
  return analyse_drivers(t.data, t.drivers, t.outcome, o);
}

/// Touchpoint weights from importance shares (each driver's share of the total): share × number of
/// drivers, so the mean weight is 1 (the default weight of a touchpoint). Feed them to
/// `model::with_weights`.
[[nodiscard]] inline std::map<std::string, double> importance_weights(const std::vector<std::string>& drivers,
                                                                      const Eigen::VectorXd& share) {
  if (share.size() != static_cast<Eigen::Index>(drivers.size()))
    detail::fail({"<importance_weights>", 0, "share", std::to_string(share.size())}, "one share per driver is needed");
  std::map<std::string, double> w;
  for (std::size_t j = 0; j < drivers.size(); ++j)
    w[drivers[j]] = share[static_cast<Eigen::Index>(j)] * static_cast<double>(drivers.size());
  return w;
}

/// The same from an analysis: its importance share (LMG, or relative weight for a logistic model).
[[nodiscard]] inline std::map<std::string, double> importance_weights(const driver_importance& d) {
  return importance_weights(d.drivers, d.importance_share());
}

struct fix_first_row {
  std::string driver;
  double importance = 0;  ///< importance share (LMG, or relative weight for a logistic model)
  double gap = 0;         ///< the driver's current mean (a gap or value: < 0 = expectations unmet)
  double priority = 0;    ///< importance × max(0, -gap)
};

/// Drivers ranked by importance share × current shortfall, highest first (ties keep driver order): the
/// "fix first" quadrant of high importance and large unmet gap.
[[nodiscard]] inline std::vector<fix_first_row> fix_first(const std::vector<std::string>& drivers,
                                                          const Eigen::VectorXd& share, const Eigen::VectorXd& gaps) {
  if (gaps.size() != static_cast<Eigen::Index>(drivers.size()) || share.size() != gaps.size())
    detail::fail({"<fix_first>", 0, "gaps", std::to_string(gaps.size())}, "one importance and one gap per driver are needed");
  std::vector<fix_first_row> rows;
  for (std::size_t j = 0; j < drivers.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    rows.push_back({drivers[j], share[k], gaps[k], share[k] * std::max(0.0, -gaps[k])});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.priority > b.priority; });
  return rows;
}

[[nodiscard]] inline std::vector<fix_first_row> fix_first(const driver_importance& d, const Eigen::VectorXd& gaps) {
  return fix_first(d.drivers, d.importance_share(), gaps);
}

}  // namespace cxscore
