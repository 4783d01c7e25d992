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
#include "internal/finite_output.hpp"

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

int run_score(const score_args& a) {
  const input_args& in = a.inputs;
  const journey_map map = read_map_json(in.map);
  const model m = load_model(in.model);
  (void)m.touchpoint_weights(map, in.model);  // a weight for an unknown touchpoint fails before reading events
  const double as_of = as_of_time(a.as_of);
  auto read = read_events_csv(
      in.events, map, events_read_options(in, std::isnan(as_of) ? std::numeric_limits<double>::infinity() : as_of));
  std::optional<customers_read_result> customers;
  if (!in.customers.empty()) customers = read_customers_csv(in.customers, read.events.customers, in.lenient);
  std::vector<rejected_row> rejected = std::move(read.rejected);
  if (customers) rejected.insert(rejected.end(), customers->rejected.begin(), customers->rejected.end());

  const customer_table* ct = customers ? &customers->customers : nullptr;
  const score_result result = score_events(
      read.events, map, m,
      {.customers = ct, .source = in.events, .as_of = as_of, .threads = a.threads, .first_rows = &read.first_rows});
  write_score_outputs(a.out, {.result = result,
                              .map = map,
                              .events = read.events,
                              .model = m,
                              .customers = ct,
                              .rejected = in.lenient ? &rejected : nullptr,
                              .customers_without_events = customers ? customers->without_events : 0});
  if (a.report) std::cout << render_report(result, map, {.title = "cxscore score"}) << '\n';
  std::cout << fmt::format("scored {} ({}): brand index {:.2f}; wrote {}\n",
                           detail::count_text(result.brand.customers, "customer"),
                           detail::count_text(result.brand.events, "encounter"), result.brand_index(), a.out);
  std::cout << skipped_rows_note(in.lenient ? &rejected : nullptr, a.out);
  return 0;
}

}  // namespace cxscore::cli
