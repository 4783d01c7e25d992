#include "owners_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/report/service_report.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace cxscore::cli {
namespace {

struct owner_analysis {
  service_attribution attribution;
  monitor_result trend;
  std::vector<owner_scorecard> cards;
};

owner_analysis analyse(const event_table& events, const journey_map& map, const model& m,
                       const customer_table* customers, const score_result& result, period per, double window_days,
                       double fdr, double min_effect) {
  owner_analysis o{.attribution = attribute_service_demand(events.view(), map,
                                                           {.window_days = window_days, .source = "--window-days"}),
                   .trend = {},
                   .cards = {}};
  const auto owners = map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
  o.trend = monitor(events.view(), map, m,
                    {.period = per,
                     .fdr = fdr,
                     .min_effect = min_effect,
                     .customers = customers,
                     .grouping = &owners,
                     .source = "--fdr/--min-effect"});
  o.cards = owner_scorecards(result, map, o.attribution, &o.trend);
  return o;
}

}  // namespace

int run_owners(const owners_args& a) {
  const period per = parse_period(a.period, "--period");
  const loaded_inputs in = load_inputs(a.inputs);
  const score_result result = score_inputs(in, a.inputs.events);
  const owner_analysis o =
      analyse(in.events, in.map, in.model, in.customer_weights(), result, per, a.window_days, a.fdr, a.min_effect);
  write_owner_outputs(a.out, o.cards, o.trend, in.map, in.rejected_rows());
  std::cout << render_owner_report(o.cards, in.map);
  std::cout << fmt::format("wrote {0}/owners.csv, {0}/owner_trend.csv and {0}/owners_report.txt\n", a.out)
            << skipped_rows_note(in.rejected_rows(), a.out);
  return 0;
}

std::string service_and_owner_sections(const event_table& events, const journey_map& map, const model& m,
                                       const customer_table* customers, const score_result& result) {
  const owner_analysis o =
      analyse(events, map, m, customers, result, period::month, 2, monitor_options{}.fdr, monitor_options{}.min_effect);
  return render_service_report(o.attribution, map) + '\n' + render_owner_report(o.cards, map);
}

}  // namespace cxscore::cli
