#include "drivers_command.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <numeric>
#include <optional>
#include <string_view>
#include <vector>

#include "cxscore/detail/text.hpp"
#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/io/outcomes_csv.hpp"
#include "cxscore/io/rejected_row.hpp"
#include "internal/csv_writer.hpp"
#include "internal/finite_output.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string name(detail::trim(std::string_view(text).substr(start, comma - start)));
    if (name.empty()) detail::fail({"--drivers", 0, "", text}, "empty driver name in the list");
    out.push_back(std::move(name));
    start = comma + 1;
  }
  return out;
}

void append_row(std::string& out, const std::string& name, std::initializer_list<double> numbers) {
  detail::append_csv_field(out, name);
  for (double x : numbers) {
    out += ',';
    detail::append_number(out, x);
  }
  out += '\n';
}

std::string drivers_csv(const driver_importance& d, bool intervals) {
  std::string out = "driver,lmg,lmg_share,relative_weight,relative_weight_share,beta";
  out += intervals ? ",lmg_lower,lmg_upper,relative_weight_lower,relative_weight_upper,beta_lower,beta_upper\n" : "\n";
  const Eigen::VectorXd lmg_share = d.lmg_share(), rw_share = d.relative_weight_share();
  for (std::size_t j = 0; j < d.drivers.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    if (intervals)
      append_row(out, d.drivers[j],
                 {d.lmg[k], lmg_share[k], d.relative_weight[k], rw_share[k], d.beta[k], d.lmg_interval.lower[k],
                  d.lmg_interval.upper[k], d.relative_weight_interval.lower[k], d.relative_weight_interval.upper[k],
                  d.beta_interval.lower[k], d.beta_interval.upper[k]});
    else
      append_row(out, d.drivers[j], {d.lmg[k], lmg_share[k], d.relative_weight[k], rw_share[k], d.beta[k]});
  }
  return out;
}

std::string fix_first_csv(const std::vector<fix_first_row>& rows) {
  std::string out = "driver,importance,gap,priority\n";
  for (const auto& r : rows) append_row(out, r.driver, {r.importance, r.gap, r.priority});
  return out;
}

// The driver table, and in lenient mode the event and customer rows skipped while building it.
struct loaded_table {
  driver_table table;
  std::optional<std::vector<rejected_row>> rejected;
  [[nodiscard]] const std::vector<rejected_row>* rejected_rows() const { return rejected ? &*rejected : nullptr; }
};

// The table from the events: one row per customer with an outcome, a column per touchpoint.
loaded_table table_from_events(const drivers_args& a) {
  if (a.outcomes.empty()) detail::fail({"--outcomes", 0, "", ""}, "a table built from events needs --outcomes");
  loaded_inputs in = load_inputs(a.inputs);
  const std::vector<double> outcome = read_outcome_values_csv(a.outcomes, in.events.customers, a.outcome);
  return {build_driver_table(in.events.view(), in.map, in.model, outcome,
                             {.outcome = a.outcome,
                              .measure = parse_driver_measure(a.value),
                              .unvisited = parse_unvisited_policy(a.unvisited),
                              .customer_labels = in.events.customers.labels()}),
          std::move(in.rejected)};
}

// Only the named drivers (in that order) and the outcome.
driver_table select_drivers(driver_table t, const std::vector<std::string>& names, const std::string& source) {
  if (names.empty()) return t;
  Eigen::MatrixXd data(t.data.rows(), static_cast<Eigen::Index>(names.size()) + 1);
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto at = std::find(t.drivers.begin(), t.drivers.end(), names[k]);
    if (at == t.drivers.end()) detail::fail({source, 0, "--drivers", names[k]}, "not a touchpoint of the map");
    data.col(static_cast<Eigen::Index>(k)) = t.data.col(at - t.drivers.begin());
  }
  data.rightCols(1) = t.data.rightCols(1);
  t.data = std::move(data);
  t.drivers = names;
  return t;
}

loaded_table load_table(const drivers_args& a) {
  const bool table = !a.table.empty(), map = !a.inputs.map.empty(), events = !a.inputs.events.empty();
  const bool from_events = !table;
  if (table ? (map || events) : !(map && events))  // exactly one source: the table, or map and events
    detail::fail({"--table", 0, "", a.table},
                 "give either --table, or --map and --events (with --outcomes) to build the table from events");
  if (!from_events) {
    if (a.inputs.lenient)
      detail::fail({"--lenient", 0, "", a.table}, "--lenient applies to events, not to a driver table");
    return {read_driver_table_csv(a.table, {.outcome = a.outcome, .drivers = split_list(a.drivers), .id = a.id}),
            std::nullopt};
  }
  if (!a.id.empty()) detail::fail({"--id", 0, "", a.id}, "a table built from events is keyed by the events' customer");
  loaded_table loaded = table_from_events(a);
  loaded.table = select_drivers(std::move(loaded.table), split_list(a.drivers), a.inputs.map);
  return loaded;
}

std::string summary_json(const drivers_args& a, const driver_table& t, const driver_importance& d) {
  nlohmann::ordered_json j;
  if (a.table.empty()) {
    j["events"] = a.inputs.events;
    j["map"] = a.inputs.map;
    j["outcomes"] = a.outcomes;
    j["value"] = a.value;
    j["unvisited"] = a.unvisited;
  } else {
    j["table"] = a.table;
  }
  j["outcome"] = t.outcome;
  j["outcome_model"] = d.outcome_model();
  j["importance"] = d.importance_name();
  j["n"] = d.n;
  j["drivers"] = d.drivers.size();
  j["r2"] = d.r2;
  j["intercept"] = d.intercept;
  auto& coefficients = j["coefficients"] = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < d.drivers.size(); ++k)
    coefficients[d.drivers[k]] = d.coefficients[static_cast<Eigen::Index>(k)];
  j["constant_drivers"] = d.constant;
  j["collinear_drivers"] = d.collinear;
  j["excluded_rows"] = t.excluded.size();
  auto& rows = j["excluded"] = nlohmann::ordered_json::array();
  for (const auto& e : t.excluded)
    rows.push_back({{"row", e.row}, {"id", e.id}, {"column", e.column}, {"reason", e.reason}});
  if (d.method == driver_method::logistic)
    j["logistic"] = {{"iterations", d.logistic.iterations},
                     {"converged", d.logistic.converged},
                     {"separation", d.logistic.separation},
                     {"deviance", d.logistic.deviance},
                     {"null_deviance", d.logistic.null_deviance}};
  if (a.bootstrap > 0)
    j["bootstrap"] = {{"replicates", a.bootstrap},
                      {"seed", a.seed},
                      {"confidence", a.confidence},
                      {"interval", "percentile (type 7)"}};
  return j.dump(2) + "\n";
}

}  // namespace

int run_drivers(const drivers_args& a) {
  const loaded_table loaded = load_table(a);
  const driver_table& t = loaded.table;
  const std::vector<rejected_row>* rejected = loaded.rejected_rows();
  std::size_t last_shown = 0;
  // Errors name the table's file and rows. A table built from events has no rows of its own: its outcomes
  // come from --outcomes, named without a row (0); a table read from --table names its CSV rows.
  const std::vector<std::size_t> no_rows(t.rows.empty() ? static_cast<std::size_t>(t.data.rows()) : 0, 0);
  const driver_importance d = analyse_drivers(t, {.threads = a.threads,
                                                  .bootstrap = a.bootstrap,
                                                  .seed = a.seed,
                                                  .confidence = a.confidence,
                                                  .progress =
                                                      [&](std::size_t done, std::size_t total) {
    if (done * 10 / total != last_shown * 10 / total || done == total)
      std::cerr << fmt::format("\rbootstrap {}/{}", done, total) << (done == total ? "\n" : "") << std::flush;
    last_shown = done;
                                                  },
                                                  .method = parse_driver_method(a.method),
                                                  .source = a.table.empty() ? a.outcomes : a.table,
                                                  .rows = no_rows});
  detail::staged_directory out(a.out, "drivers");
  out.write("drivers.csv", drivers_csv(d, a.bootstrap > 0));
  const std::vector<fix_first_row> first = fix_first(d, t.driver_means());
  out.write("fix_first.csv", fix_first_csv(first));
  out.write("summary.json", summary_json(a, t, d));
  if (rejected) out.write("rejected.csv", rejected_csv(*rejected));
  out.commit();
  if (d.method == driver_method::logistic && (d.logistic.separation || !d.logistic.converged))
    std::cerr << fmt::format(
        "warning: the logistic fit {}: a driver (or a combination) predicts the outcome "
        "(almost) perfectly, so its weights are unreliable (summary.json: logistic)\n",
        d.logistic.separation ? "has fitted probabilities of 0 or 1" : "did not converge");
  std::cout << fmt::format("{} of '{}' ({}) on {} ({} excluded): R² {:.4f}\n",
                           detail::count_text(d.drivers.size(), "driver"), t.outcome, d.outcome_model(),
                           detail::count_text(d.n, "row"), t.excluded.size(), d.r2);
  // The headline: what explains the outcome, and what to fix first, in shares of the explained variance.
  const Eigen::VectorXd share = d.importance_share();
  std::vector<std::size_t> order(d.drivers.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return share[static_cast<Eigen::Index>(x)] > share[static_cast<Eigen::Index>(y)];
  });
  std::size_t width = std::string_view("driver").size();
  for (const auto& name : d.drivers) width = std::max(width, name.size());
  std::cout << fmt::format("  {:<{}} {:>16}\n", "driver", width,
                           d.method == driver_method::logistic ? "share of R² (RW)" : "share of R² (LMG)");
  for (std::size_t k = 0; k < std::min<std::size_t>(order.size(), 5); ++k) {
    const double x = share[static_cast<Eigen::Index>(order[k])];
    std::cout << fmt::format("  {:<{}} {:>16}\n", d.drivers[order[k]], width,
                             std::isnan(x) ? std::string(detail::undefined_text) : detail::percent_text(x, 1));
  }
  if (order.size() > 5)
    std::cout << fmt::format("  (all {} in drivers.csv)\n", detail::count_text(order.size(), "driver"));
  if (!first.empty() && first.front().priority > 0)
    std::cout << fmt::format(
        "Fix first: {} ({} of the explained variance; its mean {}, below 0 = expectations unmet)\n",
        first.front().driver, detail::percent_text(first.front().importance, 1),
        detail::fixed_text(first.front().gap, 3, true));
  std::cout << fmt::format("wrote {}\n", a.out) << skipped_rows_note(rejected, a.out);
  return 0;
}

}  // namespace cxscore::cli
