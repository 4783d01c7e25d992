#include "service_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/report/service_report.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace cxscore::cli {

CLI::App* add_service_command(CLI::App& app, service_args& a) {
  auto* command = app.add_subcommand(
      "service",
      "What poor experience costs in service: contacts after unmet vs met visits, per experience touchpoint");
  add_input_options(*command, a.inputs);
  command->add_option("--out", a.out, "Output folder (service.csv, service_report.txt)")->required();
  command
      ->add_option("--window-days", a.window_days,
                   "A contact counts when it follows the visit within this many days (inf = any time later)")
      ->capture_default_str();
  return command;
}

int run_service(const service_args& a) {
  const loaded_inputs in = load_inputs(a.inputs);
  const service_attribution attribution =
      attribute_service_demand(in.events.view(), in.map, {.window_days = a.window_days, .source = "--window-days"});
  write_service_outputs(a.out, attribution, in.map, in.rejected_rows());
  std::cout << render_service_report(attribution, in.map, in.map.size());
  std::cout << fmt::format("wrote {}/service.csv and {}/service_report.txt\n", a.out, a.out)
            << skipped_rows_note(in.rejected_rows(), a.out);
  return 0;
}

}  // namespace cxscore::cli
