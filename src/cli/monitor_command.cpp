#include "monitor_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/report/monitor_report.hpp"

namespace cxscore::cli {

int run_monitor(const monitor_args& a) {
  const period per = parse_period(a.period, "--period");
  const loaded_inputs in = load_inputs(a.inputs);
  const auto touchpoints = in.map.group_by([](const touchpoint& t) -> const std::string& { return t.name; });
  const monitor_options brand_options{.period = per,
                                      .fdr = a.fdr,
                                      .min_effect = a.min_effect,
                                      .customers = in.customer_weights(),
                                      .grouping = nullptr,
                                      .source = "--fdr/--min-effect"};
  monitor_options by_touchpoint = brand_options;
  by_touchpoint.grouping = &touchpoints;
  const monitor_result brand = monitor(in.events.view(), in.map, in.model, brand_options);
  const monitor_result per_touchpoint = monitor(in.events.view(), in.map, in.model, by_touchpoint);
  write_monitor_outputs(a.out, brand, per_touchpoint, in.rejected_rows());
  std::cout << render_monitor_report(brand, per_touchpoint);
  std::cout << fmt::format("wrote {0}/brand_trend.csv, {0}/touchpoint_trend.csv and {0}/monitor_report.txt\n", a.out)
            << skipped_rows_note(in.rejected_rows(), a.out);
  return 0;
}

}  // namespace cxscore::cli
