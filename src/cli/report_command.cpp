#include "report_command.hpp"

#include <fmt/format.h>

#include <future>
#include <iostream>
#include <optional>

#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/error.hpp"
#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/io/outcomes_csv.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/journeys/markov_chain.hpp"
#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/report/html_report.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace cxscore::cli {
namespace {

// What the journeys analysis finds, read as `cxscore journeys --map` reads the events: one visit per row,
// gaps from the map.
struct journey_findings {
  event_log_read_result read;
  journey_order order;
  directly_follows all_edges;
  std::uint64_t min_edge_count = 1;
  directly_follows dfg;
  std::vector<journey_loop> loops;
};

journey_findings discover_journeys(const report_args& a, const journey_map& map) {
  journey_findings j;
  j.read = read_event_log_csv(a.inputs.events, &map, events_read_options(a.inputs));
  j.order = order_journeys(j.read.log);
  j.all_edges = discover_directly_follows(j.read.log, j.order);
  j.min_edge_count = a.min_edge_count ? a.min_edge_count : automatic_min_edge_count(j.all_edges);
  j.dfg = j.all_edges.filtered(j.min_edge_count);
  j.loops = find_loops(j.dfg);
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

  // The analyses as their own commands run them with the same options, so the page shows their CSVs' numbers.
  const service_attribution attribution = attribute_service_demand(
      in.events.view(), in.map, {.window_days = a.window_days, .threads = a.threads, .source = "--window-days"});
  const auto owners = in.map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
  const monitor_result owner_trend = monitor(in.events.view(), in.map, in.model,
                                             {.period = per,
                                              .fdr = a.fdr,
                                              .min_effect = a.min_effect,
                                              .customers = in.customer_weights(),
                                              .grouping = &owners,
                                              .source = "--fdr/--min-effect"});
  const std::vector<owner_scorecard> cards = owner_scorecards(result, in.map, attribution, &owner_trend);
  const monitor_result brand_trend = monitor(in.events.view(), in.map, in.model,
                                             {.period = per,
                                              .fdr = a.fdr,
                                              .min_effect = a.min_effect,
                                              .customers = in.customer_weights(),
                                              .grouping = nullptr,
                                              .source = "--fdr/--min-effect"});

  const journey_findings j = journeys.get();
  const event_log& log = j.read.log;

  std::optional<markov_result> markov;
  std::optional<driver_importance> drivers;
  std::string drivers_note;
  if (!a.outcomes.empty()) {
    const auto outcome = read_outcomes_csv(a.outcomes, log.customers, a.outcome);
    for (std::uint32_t c = 0; c < outcome.size(); ++c)
      if (outcome[c] == no_outcome)
        detail::fail({a.outcomes, 0, "customer", log.customers[c]}, "the customer has events but no outcome row");
    markov = solve_markov(count_journeys(log, j.order, outcome));
    const std::vector<double> values = read_outcome_values_csv(a.outcomes, in.events.customers, a.outcome);
    const driver_table table =
        build_driver_table(in.events.view(), in.map, in.model, values,
                           {.outcome = a.outcome, .customer_labels = in.events.customers.labels()});
    const std::vector<std::size_t> no_rows(static_cast<std::size_t>(table.data.rows()), 0);
    // Too few customers for the drivers (more than one per touchpoint are needed) leave the rest of the
    // page standing: the section says why instead.
    try {
      drivers = analyse_drivers(
          table,
          {.threads = a.threads, .bootstrap = a.bootstrap, .seed = a.seed, .source = a.outcomes, .rows = no_rows});
    } catch (const input_error& e) {
      drivers_note = e.what();
    }
  }

  write_html_report(path, {.result = &result,
                           .map = &in.map,
                           .title = a.title,
                           .journeys = &j.dfg,
                           .min_edge_count = j.min_edge_count,
                           .unfiltered = &j.all_edges,
                           .loops = &j.loops,
                           .owners = &cards,
                           .trend = &brand_trend,
                           .service = &attribution,
                           .markov = markov ? &*markov : nullptr,
                           .markov_names = &log.touchpoints,
                           .outcome = a.outcome,
                           .drivers = drivers ? &*drivers : nullptr,
                           .drivers_note = drivers_note});
  return fmt::format(
      "{} customers, {} encounters: brand index {:.2f}; journey map of {} edges (min edge count {}); wrote {}",
      result.brand.customers, result.brand.events, result.brand_index(), boost::num_edges(j.dfg.graph),
      j.min_edge_count, path.string());
}

int run_report(const report_args& a) {
  std::cout << write_report(a, a.out) << '\n';
  return 0;
}

}  // namespace cxscore::cli
