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
#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "cxscore/drivers/bootstrap.hpp"
#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/logistic_regression.hpp"
#include "cxscore/drivers/regression.hpp"
#include "cxscore/drivers/relative_importance.hpp"

namespace cxscore {

/// How the outcome is modelled. `automatic`: logistic when every outcome is 0 or 1, else linear.
enum class driver_method { automatic, linear, logistic };

/// "auto", "linear" or "logistic" (the command line's and Python's names).
[[nodiscard]] driver_method parse_driver_method(const std::string& name);

struct driver_options {
  unsigned threads = 0;       ///< 0 = hardware concurrency; results do not depend on it
  std::size_t bootstrap = 0;  ///< replicates; 0 = no intervals
  std::uint64_t seed = 1;
  double confidence = 0.95;
  std::function<void(std::size_t, std::size_t)> progress{};  ///< bootstrap progress (done, total)
  driver_method method = driver_method::automatic;
  std::string source = "<drivers>";  ///< names the table in errors (the file it was read from)
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

  [[nodiscard]] Eigen::VectorXd lmg_share() const;
  [[nodiscard]] Eigen::VectorXd relative_weight_share() const;
  /// The importance that ranks and weighs touchpoints: LMG for a linear model, the relative weight
  /// for a logistic one.
  [[nodiscard]] const char* importance_name() const {
    return method == driver_method::logistic ? "relative_weight" : "lmg";
  }
  [[nodiscard]] Eigen::VectorXd importance_share() const;
  /// How the outcome was modelled, in words (summary.json's `outcome_model`).
  [[nodiscard]] const char* outcome_model() const {
    if (method == driver_method::logistic) return "logistic";
    return binary_outcome ? "linear probability (binary outcome)" : "linear";
  }
};

/// The analysis of `data` (rows = customers, columns = `drivers` then the outcome) in caller memory: a
/// column-major block maps in without a copy (the Python package passes numpy arrays this way).
[[nodiscard]] driver_importance analyse_drivers(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                const std::vector<std::string>& drivers, const std::string& outcome,
                                                const driver_options& o = {});

/// The rows of a driver table as the analysis reads them when no process holds them all (a cluster's
/// partitions): their Gram summary (merged in a fixed order); whether every outcome is 0 or 1 and, if not, the
/// first outcome that is not (its row as errors name it, and its value); passes over the rows for a logistic fit
/// (logistic_regression.hpp); and, for bootstrap intervals (`o.bootstrap` > 0, linear analyses only), the
/// Gram summary of each replicate's resample (`resample_counts` of the whole table, summed piece by piece).
/// LMG, relative weights and OLS read the Gram summary alone, so pieces merged give one pass's answer.
struct driver_summaries {
  gram_summary gram;
  bool binary_outcome = false;
  std::size_t first_not_binary_row = 0;
  double first_not_binary_value = 0;
  logistic_rows logistic{};
  std::vector<gram_summary> replicates{};
};

/// The analysis of rows held in pieces: the same numbers as analyse_drivers on the rows in one block, to the
/// rounding of the other order of addition.
[[nodiscard]] driver_importance analyse_drivers(const driver_summaries& s, const std::vector<std::string>& drivers,
                                                const std::string& outcome, const driver_options& o = {});

/// A table read from a CSV names its own rows in errors, unless `o.rows` names them.
[[nodiscard]] driver_importance analyse_drivers(const driver_table& t, driver_options o = {});

/// Touchpoint weights from importance shares (each driver's share of the total): share × number of
/// drivers, so the mean weight is 1 (the default weight of a touchpoint). Feed them to
/// `model::with_weights`.
[[nodiscard]] std::map<std::string, double> importance_weights(const std::vector<std::string>& drivers,
                                                               const Eigen::VectorXd& share);

/// The same from an analysis: its importance share (LMG, or relative weight for a logistic model).
[[nodiscard]] std::map<std::string, double> importance_weights(const driver_importance& d);

struct fix_first_row {
  std::string driver;
  double importance = 0;  ///< importance share (LMG, or relative weight for a logistic model)
  double gap = 0;         ///< the driver's current mean (a gap or value: < 0 = expectations unmet)
  double priority = 0;    ///< importance × max(0, -gap)
};

/// Drivers ranked by importance share × current shortfall, highest first (ties keep driver order): the
/// "fix first" quadrant of high importance and large unmet gap.
[[nodiscard]] std::vector<fix_first_row> fix_first(const std::vector<std::string>& drivers,
                                                   const Eigen::VectorXd& share, const Eigen::VectorXd& gaps);

[[nodiscard]] std::vector<fix_first_row> fix_first(const driver_importance& d, const Eigen::VectorXd& gaps);

}  // namespace cxscore
