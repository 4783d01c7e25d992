#include "cxscore/drivers/key_drivers.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <tuple>
#include <utility>

#include "cxscore/error.hpp"

namespace cxscore {

namespace {

// lmg, relative weights and betas stacked: the statistic each bootstrap replicate evaluates.
Eigen::VectorXd stacked(const Eigen::VectorXd& shapley, const Eigen::VectorXd& relative_weight,
                        const Eigen::VectorXd& beta) {
  Eigen::VectorXd out(shapley.size() + relative_weight.size() + beta.size());
  out << shapley, relative_weight, beta;
  return out;
}

Eigen::VectorXd driver_statistics(const gram_summary& g, unsigned threads) {
  const Eigen::MatrixXd r = g.correlation();
  return stacked(lmg(r, threads).importance, relative_weights(r), ols(g).standardised);
}

// The same for a logistic model (LMG left NaN).
Eigen::VectorXd logistic_statistics(const logistic_weights& l) {
  return stacked(Eigen::VectorXd::Constant(l.weights.size(), std::numeric_limits<double>::quiet_NaN()), l.weights,
                 l.beta);
}

// Refuses a table that does not hold `p` drivers and the outcome, and one of no more rows than columns.
void check_shape(Eigen::Index columns, Eigen::Index rows, Eigen::Index p, const driver_options& o) {
  if (columns != p + 1)
    detail::fail({o.source, 0, "", std::to_string(columns)}, "the table needs the drivers and the outcome");
  if (rows <= p + 1)
    detail::fail({o.source, 0, "rows", std::to_string(rows)},
                 "more rows than drivers + 1 are needed (" + std::to_string(p + 1) + " columns)");
}

// The first outcome that is not 0 or 1 (its source row, as o.rows names it, and its value); row 0 = none.
std::pair<std::size_t, double> first_not_binary(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                const driver_options& o) {
  const Eigen::Index p = data.cols() - 1;
  for (Eigen::Index i = 0; i < data.rows(); ++i)
    if (const double y = data(i, p); y != 0 && y != 1)
      return {o.rows.empty() ? static_cast<std::size_t>(i) + 1 : o.rows[static_cast<std::size_t>(i)], y};
  return {0, 0.0};
}

// The method as run: `automatic` becomes logistic for a 0/1 outcome and linear otherwise; an explicit
// logistic method on another outcome fails at its first value that is not 0 or 1, naming the row.
driver_method method_to_run(const driver_summaries& s, const std::string& outcome, const driver_options& o) {
  const driver_method method = o.method == driver_method::automatic
                                   ? (s.binary_outcome ? driver_method::logistic : driver_method::linear)
                                   : o.method;
  if (method == driver_method::logistic && !s.binary_outcome)
    detail::fail({o.source, s.first_not_binary_row, outcome, detail::number_text(s.first_not_binary_value)},
                 "the logistic method needs a 0/1 outcome");
  return method;
}

// Names the drivers OLS left out, as constant (zero variance) or collinear (aliased by others).
void report_aliased(const gram_summary& g, const regression_result& fit, driver_importance& d) {
  const auto constant = g.constant_columns();
  for (const auto j : fit.aliased) {
    const bool is_constant = std::find(constant.begin(), constant.end(), j) != constant.end();
    (is_constant ? d.constant : d.collinear).push_back(d.drivers[static_cast<std::size_t>(j)]);
  }
}

// What the analysis reads of the rows, however they are held: the summaries, a logistic fit, bootstrap draws.
struct analysis_rows {
  const driver_summaries& summaries;
  std::function<logistic_weights()> logistic;
  std::function<Eigen::MatrixXd(bool logistic)> draws;
};

// The point estimates on the whole table: sets the fit's R², coefficients and intercept (and the logistic
// summary) in `d` and returns the stacked statistics.
Eigen::VectorXd point_estimates(const analysis_rows& rows, const regression_result& fit, unsigned threads,
                                driver_importance& d) {
  if (d.method == driver_method::logistic) {
    const logistic_weights l = rows.logistic();
    d.r2 = l.r2;
    d.coefficients = l.fit.coefficients;
    d.intercept = l.fit.intercept;
    d.logistic = {l.fit.iterations, l.fit.converged, l.fit.separation, l.fit.deviance, l.fit.null_deviance};
    return logistic_statistics(l);
  }
  d.r2 = fit.r2;
  d.coefficients = fit.coefficients;
  d.intercept = fit.intercept;
  return driver_statistics(rows.summaries.gram, threads);
}

// The bootstrap draws of the stacked statistics, one row per replicate. Replicates run in parallel; each
// replicate's LMG runs on one thread.
Eigen::MatrixXd bootstrap_draws(const Eigen::Ref<const Eigen::MatrixXd>& data, bool logistic, const driver_options& o) {
  const Eigen::Index p = data.cols() - 1;
  const bootstrap_options b{.replicates = o.bootstrap, .seed = o.seed, .threads = o.threads, .progress = o.progress};
  if (!logistic) return bootstrap(data, b, [](const gram_summary& s) { return driver_statistics(s, 1); });
  return bootstrap_counts(static_cast<std::size_t>(data.rows()), b, [&](const Eigen::VectorXd& counts) {
    // A resample whose outcomes are all alike has no fit: NaN, skipped by the percentiles.
    const double events = counts.dot(data.col(p));
    if (events == 0 || events == counts.sum())
      return Eigen::VectorXd::Constant(3 * p, std::numeric_limits<double>::quiet_NaN()).eval();
    return logistic_statistics(logistic_relative_weights(data, counts));
  });
}

// The draws of replicates given as the Gram summaries of their resamples (a linear analysis only).
Eigen::MatrixXd replicate_draws(const driver_summaries& s, bool logistic, const driver_options& o) {
  if (logistic || s.replicates.size() != o.bootstrap)
    detail::fail({o.source, 0, "bootstrap", std::to_string(o.bootstrap)},
                 logistic ? "bootstrap intervals of a logistic analysis need every row of each resample"
                          : "one Gram summary per replicate is needed");
  const Eigen::Index p = s.gram.columns() - 1;
  Eigen::MatrixXd draws(static_cast<Eigen::Index>(o.bootstrap), 3 * p);
  for (std::size_t r = 0; r < o.bootstrap; ++r) {
    draws.row(static_cast<Eigen::Index>(r)) = driver_statistics(s.replicates[r], o.threads).transpose();
    if (o.progress) o.progress(r + 1, o.bootstrap);
  }
  return draws;
}

// Percentile intervals of the draws, split into LMG, relative weight and beta.
void set_intervals(const Eigen::MatrixXd& draws, double confidence, Eigen::Index p, driver_importance& d) {
  const auto [lower, upper] = percentile_interval(draws, confidence);
  d.lmg_interval = {lower.segment(0, p), upper.segment(0, p)};
  d.relative_weight_interval = {lower.segment(p, p), upper.segment(p, p)};
  d.beta_interval = {lower.segment(2 * p, p), upper.segment(2 * p, p)};
}

}  // namespace

driver_method parse_driver_method(const std::string& name) {
  if (name == "linear") return driver_method::linear;
  if (name == "logistic") return driver_method::logistic;
  if (name != "auto") detail::fail({"<drivers>", 0, "method", name}, "must be 'auto', 'linear' or 'logistic'");
  return driver_method::automatic;
}

Eigen::VectorXd driver_importance::lmg_share() const { return lmg / lmg.sum(); }

Eigen::VectorXd driver_importance::relative_weight_share() const { return relative_weight / relative_weight.sum(); }

Eigen::VectorXd driver_importance::importance_share() const {
  return method == driver_method::logistic ? relative_weight_share() : lmg_share();
}

namespace {

driver_importance analysed(const analysis_rows& rows, const std::vector<std::string>& drivers,
                           const std::string& outcome, const driver_options& o) {
  const gram_summary& g = rows.summaries.gram;
  const auto p = static_cast<Eigen::Index>(drivers.size());
  check_shape(g.columns(), static_cast<Eigen::Index>(g.n()), p, o);
  for (const auto c : g.constant_columns())
    if (c == p) detail::fail({o.source, 0, outcome, ""}, "the outcome is constant: nothing to explain");
  driver_importance d;
  d.drivers = drivers;
  d.n = g.n();
  d.binary_outcome = rows.summaries.binary_outcome;
  d.method = method_to_run(rows.summaries, outcome, o);
  const regression_result fit = ols(g);
  report_aliased(g, fit, d);
  const Eigen::VectorXd stats = point_estimates(rows, fit, o.threads, d);
  d.lmg = stats.segment(0, p);
  d.relative_weight = stats.segment(p, p);
  d.beta = stats.segment(2 * p, p);
  if (o.bootstrap > 0) set_intervals(rows.draws(d.method == driver_method::logistic), o.confidence, p, d);
  return d;
}

}  // namespace

driver_importance analyse_drivers(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                  const std::vector<std::string>& drivers, const std::string& outcome,
                                  const driver_options& o) {
  const auto p = static_cast<Eigen::Index>(drivers.size());
  check_shape(data.cols(), data.rows(), p, o);
  if (!o.rows.empty() && o.rows.size() != static_cast<std::size_t>(data.rows()))
    detail::fail({o.source, 0, "rows", std::to_string(o.rows.size())}, "one row number per data row is needed");
  driver_summaries s{.gram = build_gram(data, o.threads), .binary_outcome = detail::all_binary(data.col(p))};
  std::tie(s.first_not_binary_row, s.first_not_binary_value) = first_not_binary(data, o);
  return analysed({s, [&] { return logistic_relative_weights(data); },
                   [&](bool logistic) { return bootstrap_draws(data, logistic, o); }},
                  drivers, outcome, o);
}

driver_importance analyse_drivers(const driver_summaries& s, const std::vector<std::string>& drivers,
                                  const std::string& outcome, const driver_options& o) {
  return analysed({s, [&] { return logistic_relative_weights(s.gram, s.logistic); },
                   [&](bool logistic) { return replicate_draws(s, logistic, o); }},
                  drivers, outcome, o);
}

driver_importance analyse_drivers(const driver_table& t, driver_options o) {
  if (o.rows.empty()) o.rows = t.rows;
  return analyse_drivers(t.data, t.drivers, t.outcome, o);
}

std::map<std::string, double> importance_weights(const std::vector<std::string>& drivers,
                                                 const Eigen::VectorXd& share) {
  if (share.size() != static_cast<Eigen::Index>(drivers.size()))
    detail::fail({"<importance_weights>", 0, "share", std::to_string(share.size())}, "one share per driver is needed");
  std::map<std::string, double> w;
  for (std::size_t j = 0; j < drivers.size(); ++j)
    w[drivers[j]] = share[static_cast<Eigen::Index>(j)] * static_cast<double>(drivers.size());
  return w;
}

std::map<std::string, double> importance_weights(const driver_importance& d) {
  return importance_weights(d.drivers, d.importance_share());
}

std::vector<fix_first_row> fix_first(const std::vector<std::string>& drivers, const Eigen::VectorXd& share,
                                     const Eigen::VectorXd& gaps) {
  if (gaps.size() != static_cast<Eigen::Index>(drivers.size()) || share.size() != gaps.size())
    detail::fail({"<fix_first>", 0, "gaps", std::to_string(gaps.size())},
                 "one importance and one gap per driver are needed");
  std::vector<fix_first_row> rows;
  for (std::size_t j = 0; j < drivers.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    rows.push_back({drivers[j], share[k], gaps[k], share[k] * std::max(0.0, -gaps[k])});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.priority > b.priority; });
  return rows;
}

std::vector<fix_first_row> fix_first(const driver_importance& d, const Eigen::VectorXd& gaps) {
  return fix_first(d.drivers, d.importance_share(), gaps);
}

}  // namespace cxscore
