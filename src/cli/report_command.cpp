#include "report_command.hpp"

#include <future>
#include <iostream>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/io/outcomes_csv.hpp"
#include "cxscore/report/html_report.hpp"

namespace cxscore::cli {
namespace {

// The events as the journeys analysis reads them (`cxscore journeys --map`: one visit per row, gaps from the
// map) and the journeys the page draws.
struct journey_findings {
  event_log_read_result read;
  journey_order order;
  report_journeys journeys;
};

journey_findings discover_journeys(const report_args& a, const journey_map& map) {
  journey_findings j;
  j.read = read_event_log_csv(a.inputs.events, &map, events_read_options(a.inputs));
  j.order = order_journeys(j.read.log);
  j.journeys = discover_report_journeys(j.read.log, j.order, a.min_edge_count);
  return j;
}

}  // namespace

std::string write_report(const report_args& a, const std::filesystem::path& path) {
  const period per = parse_period(a.period, "--period");
  // The journeys read the events file a second time, as an event log: on a thread of their own, beside
  // the scoring and the other analyses, which are done with it by the time they are.
  const journey_map journeys_map = read_map_json(a.inputs.map);
  auto journeys = std::async(std::launch::async, [&] { return discover_journeys(a, journeys_map); });
  const loaded_inputs in = load_inputs(a.inputs);
  const score_result result = score_inputs(in, a.inputs.events);
  const journey_findings j = journeys.get();
  const event_log& log = j.read.log;
  std::vector<std::int8_t> retained;
  std::vector<double> values;
  if (!a.outcomes.empty()) {
    retained = read_outcomes_csv(a.outcomes, log.customers, a.outcome);
    for (std::uint32_t c = 0; c < retained.size(); ++c)
      if (retained[c] == no_outcome)
        detail::fail({a.outcomes, 0, "customer", log.customers[c]}, "the customer has events but no outcome row");
    values = read_outcome_values_csv(a.outcomes, in.events.customers, a.outcome);
  }
  // The analyses as their own commands run them with the same options, so the page shows their CSVs' numbers.
  return write_analysed_report(path,
                               {.title = a.title,
                                .period = per,
                                .window_days = a.window_days,
                                .fdr = a.fdr,
                                .min_effect = a.min_effect,
                                .outcome = a.outcome,
                                .bootstrap = a.bootstrap,
                                .seed = a.seed,
                                .threads = a.threads,
                                .service_source = "--window-days",
                                .monitor_source = "--fdr/--min-effect",
                                .outcomes_source = a.outcomes},
                               result, in.events.view(), in.map, in.model, in.customer_weights(),
                               in.events.customers.labels(), log, j.order, j.journeys, {retained, values});
}

int run_report(const report_args& a) {
  std::cout << write_report(a, a.out) << '\n';
  return 0;
}

}  // namespace cxscore::cli
