#include "monitor_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/report/monitor_report.hpp"
#include "events_in_buckets.hpp"

namespace cxscore::cli {
namespace {

/// The brand's series (one group) and the touchpoints' (a group each).
struct monitor_series {
  journey_map::grouping touchpoints;
  monitor_options brand, by_touchpoint;

  monitor_series(const monitor_args& a, const journey_map& map, const customer_table* customers)
      : touchpoints(map.group_by([](const touchpoint& t) -> const std::string& { return t.name; })),
        brand{.period = parse_period(a.period, "--period"),
              .fdr = a.fdr,
              .min_effect = a.min_effect,
              .customers = customers,
              .grouping = nullptr,
              .source = "--fdr/--min-effect"},
        by_touchpoint(brand) {
    by_touchpoint.grouping = &touchpoints;
  }
  monitor_series(const monitor_series&) = delete;
  monitor_series& operator=(const monitor_series&) = delete;
};

/// Writes and prints what `cxscore monitor` makes of the two series.
void report_monitor(const monitor_args& a, const monitor_result& brand, const monitor_result& per_touchpoint,
                    const std::vector<rejected_row>* rejected) {
  write_monitor_outputs(a.out, brand, per_touchpoint, rejected);
  std::cout << render_monitor_report(brand, per_touchpoint);
  std::cout << fmt::format("wrote {0}/brand_trend.csv, {0}/touchpoint_trend.csv and {0}/monitor_report.txt\n", a.out)
            << skipped_rows_note(rejected, a.out);
}

}  // namespace

int run_monitor(const monitor_args& a) {
  (void)parse_period(a.period, "--period");  // a bad period fails before the events are read
  const std::optional<bucket_plan> plan = plan_buckets(a.inputs.events, a.buckets);
  if (!plan) {
    const loaded_inputs in = load_inputs(a.inputs);
    const monitor_series s(a, in.map, in.customer_weights());
    report_monitor(a, monitor(in.events.view(), in.map, in.model, s.brand),
                   monitor(in.events.view(), in.map, in.model, s.by_touchpoint), in.rejected_rows());
    return 0;
  }
  // Each bucket's window sums, merged window by window (calendar windows line up whatever a bucket's time
  // range); the changes, q-values and flags computed once, from the merged sums.
  inputs_in_buckets in(a.inputs, *plan);
  const monitor_series s(a, in.map, nullptr);
  check_monitor_options(s.brand);
  std::optional<window_sums> brand, per_touchpoint;
  in.file().each_bucket([&](const events_bucket& b) {
    std::optional<customer_table> weights;
    if (const customer_table* whole = in.customer_weights()) weights = b.customers_of(*whole);
    monitor_options brand_options = s.brand, touchpoint_options = s.by_touchpoint;
    brand_options.customers = touchpoint_options.customers = weights ? &*weights : nullptr;
    merge_into(brand, sum_windows(b.view(), in.map, in.model, brand_options));
    merge_into(per_touchpoint, sum_windows(b.view(), in.map, in.model, touchpoint_options));
  });
  report_monitor(a, monitor_of(*brand, in.model, s.brand), monitor_of(*per_touchpoint, in.model, s.by_touchpoint),
                 in.rejected_rows());
  return 0;
}

}  // namespace cxscore::cli
