#include "score_command.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <optional>
#include <vector>

#include "command_inputs.hpp"
#include "cxscore/io/customers_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/io/results_csv.hpp"
#include "cxscore/report/report.hpp"
#include "cxscore/time.hpp"

namespace cxscore::cli {
namespace {

/// `--as-of` in epoch seconds; NaN when not given.
double as_of_time(const std::string& as_of) {
  if (as_of.empty()) return std::numeric_limits<double>::quiet_NaN();
  const time_reading t = read_time(as_of);
  if (t.status != time_status::ok) detail::fail({"--as-of", 0, "", as_of}, time_refusal(t.status));
  return t.seconds;
}

}  // namespace

CLI::App* add_score_command(CLI::App& app, score_args& a) {
  auto* command =
      app.add_subcommand("score", "Score events against a journey map; write per-customer and group tables");
  command->add_option("--map", a.map, "Journey map JSON")->required();
  command
      ->add_option("--events", a.events,
                   "Events CSV (customer, touchpoint, time, experience[, expectation][, dimension])")
      ->required();
  command->add_option("--customers", a.customers, "Customers CSV (customer[, weight][, segment])");
  command->add_option("--model", a.model, "A preset (prospect, servqual) or a model JSON file")->capture_default_str();
  command->add_option("--out", a.out, "Output folder")->required();
  command->add_option("--columns", a.columns, "Column names in the file, e.g. customer=case_id,touchpoint=activity");
  command->add_option("--as-of", a.as_of, "Reference time for recency decay (default: each customer's latest event)");
  command->add_flag("--lenient", a.lenient, "Skip bad rows (written to OUT/rejected.csv) instead of stopping");
  command->add_flag("--report", a.report, "Also print the readable report");
  command
      ->add_option("--threads", a.threads,
                   "Threads to score with (0 = every core); results are identical for any count")
      ->capture_default_str();
  return command;
}

int run_score(const score_args& a) {
  const journey_map map = read_map_json(a.map);
  const model m = load_model(a.model);
  (void)m.touchpoint_weights(map, a.model);  // a weight for an unknown touchpoint fails before reading events
  const auto renames = parse_column_renames(a.columns);
  const double as_of = as_of_time(a.as_of);
  auto read = read_events_csv(a.events, map,
                              {.lenient = a.lenient,
                               .columns = renames,
                               .latest_time = std::isnan(as_of) ? std::numeric_limits<double>::infinity() : as_of});
  std::optional<customers_read_result> customers;
  if (!a.customers.empty()) customers = read_customers_csv(a.customers, read.events.customers, a.lenient);
  std::vector<rejected_row> rejected = std::move(read.rejected);
  if (customers) rejected.insert(rejected.end(), customers->rejected.begin(), customers->rejected.end());

  const customer_table* ct = customers ? &customers->customers : nullptr;
  const score_result result = score_events(
      read.events, map, m,
      {.customers = ct, .source = a.events, .as_of = as_of, .threads = a.threads, .first_rows = &read.first_rows});
  write_score_outputs(a.out, {.result = result,
                              .map = map,
                              .events = read.events,
                              .model = m,
                              .customers = ct,
                              .rejected = a.lenient ? &rejected : nullptr,
                              .customers_without_events = customers ? customers->without_events : 0});
  if (a.report) std::cout << render_report(result, map, {.title = "cxscore score"}) << '\n';
  std::cout << fmt::format("scored {} customers ({} encounters): brand index {:.2f}; wrote {}\n",
                           result.brand.customers, result.brand.events, result.brand_index(), a.out);
  std::cout << skipped_rows_note(a.lenient ? &rejected : nullptr, a.out);
  return 0;
}

}  // namespace cxscore::cli
