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
#include "score_in_buckets.hpp"

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
  const std::optional<bucket_plan> plan = plan_buckets(in.events, a.buckets);
  const scored_events scored =
      plan ? score_in_buckets(in, map, m, as_of, a.threads, *plan) : score_in_memory(in, map, m, as_of, a.threads);
  const score_result& result = scored.result;
  const std::vector<rejected_row>* rejected = in.lenient ? &scored.rejected : nullptr;
  write_score_outputs(a.out, {.result = result,
                              .map = map,
                              .events = scored.events,
                              .model = m,
                              .customers = scored.customers ? &scored.customers->customers : nullptr,
                              .rejected = rejected,
                              .customers_without_events = scored.customers ? scored.customers->without_events : 0});
  if (a.report) std::cout << render_report(result, map, {.title = "cxscore score"}) << '\n';
  std::cout << fmt::format("scored {} ({}): brand index {:.2f}; wrote {}\n",
                           detail::count_text(result.brand.customers, "customer"),
                           detail::count_text(result.brand.events, "encounter"), result.brand_index(), a.out);
  std::cout << skipped_rows_note(rejected, a.out);
  return 0;
}

}  // namespace cxscore::cli
