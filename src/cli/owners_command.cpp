#include "owners_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/report/service_report.hpp"
#include "cxscore/service/service_attribution.hpp"
#include "events_in_buckets.hpp"
#include "score_in_buckets.hpp"

namespace cxscore::cli {
namespace {

struct owner_analysis {
  service_attribution attribution;
  monitor_result trend;
  std::vector<owner_scorecard> cards;
};

/// The owners' trend options: by owner, the flags' fdr and min_effect.
monitor_options trend_options(period per, double fdr, double min_effect, const customer_table* customers,
                              const journey_map::grouping& owners) {
  return {.period = per,
          .fdr = fdr,
          .min_effect = min_effect,
          .customers = customers,
          .grouping = &owners,
          .source = "--fdr/--min-effect"};
}

journey_map::grouping by_owner(const journey_map& map) {
  return map.group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
}

service_options attribution_options(double window_days) {
  return {.window_days = window_days, .source = "--window-days"};
}

owner_analysis analyse(const event_table& events, const journey_map& map, const model& m,
                       const customer_table* customers, const score_result& result, period per, double window_days,
                       double fdr, double min_effect) {
  owner_analysis o{.attribution = attribute_service_demand(events.view(), map, attribution_options(window_days)),
                   .trend = {},
                   .cards = {}};
  const auto owners = by_owner(map);
  o.trend = monitor(events.view(), map, m, trend_options(per, fdr, min_effect, customers, owners));
  o.cards = owner_scorecards(result, map, o.attribution, &o.trend);
  return o;
}

/// Writes and prints what `cxscore owners` makes of the analysis.
void report_owners(const owners_args& a, const owner_analysis& o, const journey_map& map,
                   const std::vector<rejected_row>* rejected) {
  write_owner_outputs(a.out, o.cards, o.trend, map, rejected);
  std::cout << render_owner_report(o.cards, map);
  std::cout << fmt::format("wrote {0}/owners.csv, {0}/owner_trend.csv and {0}/owners_report.txt\n", a.out)
            << skipped_rows_note(rejected, a.out);
}

/// The analysis of a file read in buckets: each bucket scored, its service counted and its owners' windows
/// summed, merged in bucket order; the brand's service figure, the trend's flags and the scorecards made once,
/// from the merged summaries.
int run_owners_in_buckets(const owners_args& a, period per, const bucket_plan& plan) {
  inputs_in_buckets in(a.inputs, plan);
  const auto owners = by_owner(in.map);
  const monitor_options trend = trend_options(per, a.fdr, a.min_effect, nullptr, owners);
  bucket_scores scores(in.file(), in.map, in.model, std::numeric_limits<double>::quiet_NaN(), 0, a.inputs.events);
  std::optional<service_attribution> counts;
  std::optional<window_sums> windows;
  in.file().each_bucket([&](const events_bucket& b) {
    scores.add(b);
    merge_into(counts, count_service_demand(b.view(), in.map, attribution_options(a.window_days)));
    std::optional<customer_table> weights;
    if (const customer_table* whole = in.customer_weights()) weights = b.customers_of(*whole);
    monitor_options options = trend;
    options.customers = weights ? &*weights : nullptr;
    merge_into(windows, sum_windows(b.view(), in.map, in.model, options));
  });
  const score_result result = scores.finish();
  owner_analysis o{.attribution = explain_brand_share(std::move(*counts)),
                   .trend = monitor_of(*windows, in.model, trend),
                   .cards = {}};
  o.cards = owner_scorecards(result, in.map, o.attribution, &o.trend);
  report_owners(a, o, in.map, in.rejected_rows());
  return 0;
}

}  // namespace

int run_owners(const owners_args& a) {
  const period per = parse_period(a.period, "--period");
  // The flags are refused before the file is read, so that in memory and in buckets a bad flag is the error
  // whatever the events hold.
  check_service_options(attribution_options(a.window_days));
  const std::optional<bucket_plan> plan = plan_buckets(a.inputs.events, a.buckets);
  if (plan) return run_owners_in_buckets(a, per, *plan);
  const loaded_inputs in = load_inputs(a.inputs);
  const score_result result = score_inputs(in, a.inputs.events);
  const owner_analysis o =
      analyse(in.events, in.map, in.model, in.customer_weights(), result, per, a.window_days, a.fdr, a.min_effect);
  report_owners(a, o, in.map, in.rejected_rows());
  return 0;
}

std::string service_and_owner_sections(const event_table& events, const journey_map& map, const model& m,
                                       const customer_table* customers, const score_result& result) {
  const owner_analysis o =
      analyse(events, map, m, customers, result, period::month, 2, monitor_options{}.fdr, monitor_options{}.min_effect);
  return render_service_report(o.attribution, map) + '\n' + render_owner_report(o.cards, map);
}

}  // namespace cxscore::cli
