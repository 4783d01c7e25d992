#include "service_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/report/service_report.hpp"
#include "cxscore/service/service_attribution.hpp"
#include "events_in_buckets.hpp"

namespace cxscore::cli {
namespace {

/// Writes and prints what `cxscore service` makes of a finished attribution.
void report_service(const service_args& a, const service_attribution& attribution, const journey_map& map,
                    const std::vector<rejected_row>* rejected) {
  write_service_outputs(a.out, attribution, map, rejected);
  std::cout << render_service_report(attribution, map, map.size());
  std::cout << fmt::format("wrote {}/service.csv and {}/service_report.txt\n", a.out, a.out)
            << skipped_rows_note(rejected, a.out);
}

}  // namespace

int run_service(const service_args& a) {
  const service_options options{.window_days = a.window_days, .source = "--window-days"};
  const std::optional<bucket_plan> plan = plan_buckets(a.inputs.events, a.buckets);
  if (!plan) {
    const loaded_inputs in = load_inputs(a.inputs);
    report_service(a, attribute_service_demand(in.events.view(), in.map, options), in.map, in.rejected_rows());
    return 0;
  }
  // The counts are integers and the covers a union: merged over buckets, the one-pass counts exactly; the brand
  // figure is fitted once, on the merged counts.
  inputs_in_buckets in(a.inputs, *plan);
  std::optional<service_attribution> counts;
  in.file().each_bucket(
      [&](const events_bucket& b) { merge_into(counts, count_service_demand(b.view(), in.map, options)); });
  report_service(a, explain_brand_share(std::move(*counts)), in.map, in.rejected_rows());
  return 0;
}

}  // namespace cxscore::cli
