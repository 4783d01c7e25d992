// The analyses a report shows, run once for the command (cli/report_command.cpp) and for Python
// (cxscore.report), so that both write the same page from the same numbers as the CSV outputs.
#include <fmt/format.h>

#include <future>
#include <optional>

#include "cxscore/drivers/driver_table.hpp"
#include "cxscore/error.hpp"
#include "cxscore/journeys/journey_log.hpp"
#include "cxscore/report/html_report.hpp"

namespace cxscore {

report_journeys discover_report_journeys(const event_log& log, const journey_order& order,
                                         std::uint64_t min_edge_count) {
  report_journeys j;
  j.all_edges = discover_directly_follows(log, order);
  j.min_edge_count = min_edge_count ? min_edge_count : automatic_min_edge_count(j.all_edges);
  j.dfg = j.all_edges.filtered(j.min_edge_count);
  j.loops = find_loops(j.dfg);
  return j;
}

namespace {

/// The events' journeys as the report reads them: the log, its order and what the map draws.
struct journeys_of_events {
  event_log log;
  journey_order order;
  report_journeys shown;
};

}  // namespace

std::string write_analysed_report(const std::filesystem::path& path, const report_settings& s,
                                  const score_result& result, const event_view& events, const journey_map& map,
                                  const model& m, const customer_table* customers, const dictionary& customer_names,
                                  const report_outcomes& outcomes) {
  // The journeys and the brand trend each read the events alone: on threads beside the service attribution
  // and the owners' trend, so that every core shares the page's work.
  const std::launch beside = s.threads == 1 ? std::launch::deferred : std::launch::async;
  auto journeys_done = std::async(beside, [&] {
    journeys_of_events j{.log = journey_log_of(events, map, customer_names, s.events_source), .order = {}, .shown = {}};
    j.order = order_journeys(j.log);
    j.shown = discover_report_journeys(j.log, j.order, s.min_edge_count);
    return j;
  });
  const auto trend = [&](const journey_map::grouping* grouping) {
    return monitor(events, map, m,
                   {.period = s.period,
                    .fdr = s.fdr,
                    .min_effect = s.min_effect,
                    .customers = customers,
                    .grouping = grouping,
                    .source = s.monitor_source});
  };
  auto brand_trend_done = std::async(beside, [&] { return trend(nullptr); });
  const service_attribution attribution = attribute_service_demand(
      events, map, {.window_days = s.window_days, .threads = s.threads, .source = s.service_source});
  const auto owners = map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
  const monitor_result owner_trend = trend(&owners);
  const std::vector<owner_scorecard> cards = owner_scorecards(result, map, attribution, &owner_trend);
  const monitor_result brand_trend = brand_trend_done.get();
  const journeys_of_events j = journeys_done.get();
  const report_journeys& journeys = j.shown;

  std::optional<markov_result> markov;
  std::optional<driver_importance> drivers;
  std::string drivers_note;
  if (!outcomes.retained.empty()) {
    markov = solve_markov(count_journeys(j.log, j.order, {outcomes.retained.begin(), outcomes.retained.end()}));
    const std::vector<double> values(outcomes.values.begin(), outcomes.values.end());
    const driver_table table =
        build_driver_table(events, map, m, values, {.outcome = s.outcome, .customer_labels = customer_names.labels()});
    const std::vector<std::size_t> no_rows(static_cast<std::size_t>(table.data.rows()), 0);
    // Too few customers for the drivers (more than one per touchpoint are needed) leave the rest of the
    // page standing: the section says why instead.
    try {
      drivers = analyse_drivers(table, {.threads = s.threads,
                                        .bootstrap = s.bootstrap,
                                        .seed = s.seed,
                                        .source = s.outcomes_source,
                                        .rows = no_rows});
    } catch (const input_error& e) {
      drivers_note = e.what();
    }
  }
  write_html_report(path, {.result = &result,
                           .map = &map,
                           .title = s.title,
                           .journeys = &journeys.dfg,
                           .min_edge_count = journeys.min_edge_count,
                           .unfiltered = &journeys.all_edges,
                           .loops = &journeys.loops,
                           .owners = &cards,
                           .trend = &brand_trend,
                           .service = &attribution,
                           .markov = markov ? &*markov : nullptr,
                           .markov_names = &j.log.touchpoints,
                           .outcome = s.outcome,
                           .drivers = drivers ? &*drivers : nullptr,
                           .drivers_note = drivers_note});
  return fmt::format(
      "{} customers, {} encounters: brand index {:.2f}; journey map of {} edges (min edge count {}); wrote {}",
      result.brand.customers, result.brand.events, result.brand_index(), boost::num_edges(journeys.dfg.graph),
      journeys.min_edge_count, path.string());
}

}  // namespace cxscore
