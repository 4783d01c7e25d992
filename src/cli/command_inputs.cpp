#include "command_inputs.hpp"

#include <fmt/format.h>

#include "cxscore/io/json.hpp"
#include "internal/finite_output.hpp"
#include "progress_line.hpp"

namespace cxscore::cli {

csv_read_options events_read_options(const input_args& a, double latest_time) {
  return {.lenient = a.lenient,
          .columns = parse_column_renames(a.columns),
          .latest_time = latest_time,
          .separator = parse_separator(a.separator)};
}

loaded_inputs load_inputs(const input_args& a) {
  loaded_inputs in{.map = read_map_json(a.map),
                   .model = load_model(a.model),
                   .events = {},
                   .first_rows = {},
                   .customers = std::nullopt,
                   .rejected = std::nullopt};
  (void)in.model.touchpoint_weights(in.map, a.model);  // a weight for an unknown touchpoint fails before the events
  progress_line progress(a.progress, a.events);
  csv_read_options options = events_read_options(a);
  options.progress = progress.reader();
  events_read_result read = read_events_csv(a.events, in.map, options);
  progress.finish();
  in.events = std::move(read.events);
  in.first_rows = std::move(read.first_rows);
  if (in.events.size() == 0) detail::fail({a.events, 0, "", ""}, "no events to analyse");
  if (!a.customers.empty()) in.customers = read_customers_csv(a.customers, in.events.customers, a.lenient);
  if (a.lenient) {
    in.rejected = std::move(read.rejected);
    if (in.customers)
      in.rejected->insert(in.rejected->end(), in.customers->rejected.begin(), in.customers->rejected.end());
  }
  return in;
}

std::string skipped_rows_note(const std::vector<rejected_row>* rejected, const std::string& out) {
  if (!rejected) return "";
  return fmt::format("skipped {}{}\n", detail::count_text(rejected->size(), "bad row"),
                     rejected->empty() ? "" : " (listed in " + out + "/rejected.csv)");
}

void require_events(std::size_t events, const std::string& source) {
  if (events == 0) detail::fail({source, 0, "", ""}, "no events to score");
}

score_result score_events(const event_table& events, const journey_map& map, const model& m,
                          const score_events_options& options) {
  require_events(events.size(), options.source);
  const auto* first_rows = options.first_rows;
  return score(events.view(), map, m,
               {.customers = options.customers,
                .customer_label = [&](std::uint32_t c) { return events.customers[c]; },
                .customer_row = [&](std::uint32_t c) -> std::size_t { return first_rows ? (*first_rows)[c] : 0; },
                .source = options.source,
                .as_of = options.as_of,
                .threads = options.threads});
}

score_result score_inputs(const loaded_inputs& in, const std::string& source) {
  return score_events(in.events, in.map, in.model,
                      {.customers = in.customer_weights(), .source = source, .first_rows = &in.first_rows});
}

}  // namespace cxscore::cli
