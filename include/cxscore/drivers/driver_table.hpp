#pragma once
/// The driver table: one row per customer, one column per driver (touchpoint), plus the outcome
/// (last column of `data`). Built from scored events or read from a CSV.
///
/// From events, a customer's cell for touchpoint t is the mean normalised gap (`driver_measure::gap`)
/// or the mean value (`driver_measure::value`, the default: after service recovery, as `score` takes it)
/// of the customer's encounters at t, weighted as `score` weighs them: the dimension weight ω_d times the
/// recency weight (relative to the cell's latest encounter; any common reference gives the same mean). The
/// touchpoint weight w_t is left out: it is the same for every encounter of a cell. A touchpoint the
/// customer never visited (or visited only in dimensions weighted 0) is, by default, **0: "as expected"**
/// (`unvisited_policy::zero`) — no gap, so no push on the outcome either way, which is also how the
/// simulator's outcome model treats it. Alternatives: `touchpoint_mean` (impute the mean over the
/// customers who visited) or `drop_customer` (keep only customers who visited every touchpoint).
/// Customers without an outcome (NaN) or without events are excluded and listed with the reason.
///
/// From a CSV: a header row; `outcome` names the outcome column; `drivers` (default: every other
/// column except the id column) the driver columns; `id` the id column (default: the first column
/// when it is called `customer`, `id` or `rownames`; an empty id and an id listed twice are refused).
/// A row with an empty cell in the outcome or a driver is excluded (listwise, as R's `lm` does) and
/// listed; any other non-number is an input_error naming file, row, column and value. An outcome of
/// `yes`/`no` (or `true`/`false`) is read as 1/0: a binary outcome such as churn (key_drivers.hpp fits
/// it by logistic regression by default).
///
/// ```cpp
/// auto t = cxscore::read_driver_table_csv("customers.csv", {.outcome = "nps"});
/// auto e = cxscore::build_driver_table(events.view(), map, model, nps, {.outcome = "nps"});
/// ```
#include <Eigen/Core>

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"

namespace cxscore {

namespace detail {
/// Whether every value is 0 or 1 (a binary outcome such as churn).
[[nodiscard]] inline bool all_binary(const Eigen::Ref<const Eigen::VectorXd>& y) {
  return (y.array() == 0 || y.array() == 1).all();
}
}  // namespace detail

enum class driver_measure { gap, value };
enum class unvisited_policy { zero, touchpoint_mean, drop_customer };

/// "gap" or "value" (the command line's and Python's names); anything else is an input_error.
[[nodiscard]] driver_measure parse_driver_measure(const std::string& name);

/// "zero", "mean" or "drop".
[[nodiscard]] unvisited_policy parse_unvisited_policy(const std::string& name);

/// A customer (row) left out of the analysis, and why.
struct excluded_row {
  std::size_t row = 0;  ///< CSV row (header = 1), or customer code + 1 for tables built from events
  std::string id;
  std::string column;
  std::string reason;
};

struct driver_table {
  std::vector<std::string> drivers;
  std::string outcome;
  std::vector<std::string> ids;   ///< one per row of `data` (may be empty when the CSV has no id column)
  std::vector<std::size_t> rows;  ///< the CSV row of each row of `data` (empty for a table built from events)
  Eigen::MatrixXd data;           ///< rows x (drivers + 1), outcome last
  std::vector<excluded_row> excluded;
  /// Whether every outcome is 0 or 1.
  [[nodiscard]] bool binary_outcome() const { return data.cols() > 0 && detail::all_binary(data.col(data.cols() - 1)); }
  /// Mean of each driver column over the rows: the current gap when the drivers are gaps.
  [[nodiscard]] Eigen::VectorXd driver_means() const {
    return data.leftCols(static_cast<Eigen::Index>(drivers.size())).colwise().mean().transpose();
  }
};

struct driver_csv_options {
  std::string outcome;
  std::vector<std::string> drivers{};  ///< empty = every column but the outcome and the id
  std::string id{};                    ///< empty = the first column if it is called customer, id or rownames
};

[[nodiscard]] driver_table parse_driver_table_csv(std::string_view text, const driver_csv_options& options,
                                                  const std::string& source = "<table>");
[[nodiscard]] driver_table read_driver_table_csv(const std::filesystem::path& path, const driver_csv_options& options);

struct events_driver_options {
  std::string outcome = "outcome";
  driver_measure measure = driver_measure::value;
  unvisited_policy unvisited = unvisited_policy::zero;
  std::span<const std::string> customer_labels{};  ///< ids for the table and for errors (default: the code)
};

/// Builds the table from validated events and an outcome per customer code (NaN = none).
[[nodiscard]] driver_table build_driver_table(const event_view& ev, const journey_map& map, const model& m,
                                              std::span<const double> outcome, const events_driver_options& o = {});

}  // namespace cxscore
