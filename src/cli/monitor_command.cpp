#include "monitor_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/report/monitor_report.hpp"

namespace cxscore::cli {

CLI::App* add_monitor_command(CLI::App& app, monitor_args& a) {
  auto* command =
      app.add_subcommand("monitor",
                         "Scores by time window (brand and touchpoints), the change from the previous window, flagged "
                         "when beyond noise");
  add_input_options(*command, a.inputs);
  command->add_option("--out", a.out, "Output folder (brand_trend.csv, touchpoint_trend.csv, monitor_report.txt)")
      ->required();
  command->add_option("--period,--window", a.period, "Windows: day, week (ISO, from Monday) or month, in UTC")
      ->capture_default_str();
  command->add_option("--z", a.z, "Flag a change larger than z standard errors")->capture_default_str();
  return command;
}

int run_monitor(const monitor_args& a) {
  const period per = parse_period(a.period, "--period");
  const loaded_inputs in = load_inputs(a.inputs);
  const auto touchpoints = in.map.group_by([](const touchpoint& t) -> const std::string& { return t.name; });
  const monitor_options brand_options{
      .period = per, .z = a.z, .customers = in.customer_weights(), .grouping = nullptr, .source = "--z"};
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
