#include "report_command.hpp"

#include <iostream>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/io/outcomes_csv.hpp"
#include "cxscore/report/html_report.hpp"

namespace cxscore::cli {

std::string write_report(const report_args& a, const std::filesystem::path& path) {
  const period per = parse_period(a.period, "--period");
  const loaded_inputs in = load_inputs(a.inputs);
  const score_result result = score_inputs(in, a.inputs.events);
  const dictionary& customers = in.events.customers;
  std::vector<std::int8_t> retained;
  std::vector<double> values;
  if (!a.outcomes.empty()) {
    retained = read_outcomes_csv(a.outcomes, customers, a.outcome);
    for (std::uint32_t c = 0; c < retained.size(); ++c)
      if (retained[c] == no_outcome)
        detail::fail({a.outcomes, 0, "customer", customers[c]}, "the customer has events but no outcome row");
    values = read_outcome_values_csv(a.outcomes, customers, a.outcome);
  }
  // The analyses as their own commands run them with the same options, so the page shows their CSVs' numbers;
  // the journeys are those of the events read once, as `cxscore journeys --map` reads the file.
  return write_analysed_report(path,
                               {.title = a.title,
                                .period = per,
                                .min_edge_count = a.min_edge_count,
                                .window_days = a.window_days,
                                .fdr = a.fdr,
                                .min_effect = a.min_effect,
                                .outcome = a.outcome,
                                .bootstrap = a.bootstrap,
                                .seed = a.seed,
                                .threads = a.threads,
                                .events_source = a.inputs.events,
                                .service_source = "--window-days",
                                .monitor_source = "--fdr/--min-effect",
                                .outcomes_source = a.outcomes},
                               result, in.events.view(), in.map, in.model, in.customer_weights(), customers,
                               {retained, values});
}

int run_report(const report_args& a) {
  std::cout << write_report(a, a.out) << '\n';
  return 0;
}

}  // namespace cxscore::cli
