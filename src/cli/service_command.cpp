#include "service_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/report/service_report.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace cxscore::cli {

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
