#include "journeys_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/io/outcomes_csv.hpp"
#include "cxscore/io/paths_csv.hpp"
#include "cxscore/io/results_csv.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/journeys/journey_summaries.hpp"
#include "cxscore/journeys/markov_chain.hpp"
#include "cxscore/model.hpp"
#include "cxscore/report/journey_dot.hpp"
#include "cxscore/value_function.hpp"
#include "internal/csv_writer.hpp"
#include "internal/finite_output.hpp"
#include "internal/staged_directory.hpp"
#include "journeys_in_buckets.hpp"
#include "progress_line.hpp"

namespace cxscore::cli {
namespace {

// Appends the fields of one CSV row; doubles in shortest round-trip form (NaN = empty cell).
struct csv_row {
  std::string& out;
  bool first = true;
  csv_row& text(std::string_view s) {
    if (!first) out += ',';
    first = false;
    detail::append_csv_field(out, s);
    return *this;
  }
  csv_row& number(double x) {
    if (!first) out += ',';
    first = false;
    detail::append_number(out, x);
    return *this;
  }
  csv_row& count(std::uint64_t x) {
    if (!first) out += ',';
    first = false;
    detail::append_number(out, x);
    return *this;
  }
  ~csv_row() { out += '\n'; }
};

std::string edges_csv(const directly_follows& dfg) {
  const auto& g = dfg.graph;
  const std::size_t n = boost::num_vertices(g);
  std::string out = "source,target,count,mean_gap,mean_duration_s\n";
  const double none = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t v = 0; v < n; ++v)
    if (dfg.shown_starts(v))
      csv_row{out}
          .text(journey_start_name)
          .text(g[v].name)
          .count(dfg.shown_starts(v))
          .number(g[v].start_gap.mean())
          .number(none);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const dfg_edge& e = g[*it];
    csv_row{out}
        .text(g[boost::source(*it, g)].name)
        .text(g[boost::target(*it, g)].name)
        .count(e.count)
        .number(e.gap.mean())
        .number(e.duration.mean());
  }
  for (std::size_t v = 0; v < n; ++v)
    if (dfg.shown_ends(v))
      csv_row{out}.text(g[v].name).text(journey_end_name).count(dfg.shown_ends(v)).number(none).number(none);
  return out;
}

// markov.csv, most customers won by a fix first (then removal effect, then name); `with_fix` adds the
// what-if columns. A fix with no estimate (a touchpoint never met) leaves its cells empty.
std::string markov_csv(const markov_result& r, const dictionary& names, bool with_fix) {
  std::vector<touchpoint_effect> effects = r.effects;
  std::sort(effects.begin(), effects.end(), [&](const touchpoint_effect& a, const touchpoint_effect& b) {
    if (with_fix && a.fix_defined != b.fix_defined) return a.fix_defined;
    if (with_fix && a.fix_customers != b.fix_customers) return a.fix_customers > b.fix_customers;
    if (a.removal_effect != b.removal_effect) return a.removal_effect > b.removal_effect;
    return names[a.touchpoint] < names[b.touchpoint];
  });
  std::string out =
      with_fix ? "touchpoint,removal_effect,credit,fix_uplift,fix_customers\n" : "touchpoint,removal_effect,credit\n";
  const double none = std::numeric_limits<double>::quiet_NaN();
  for (const auto& e : effects) {
    csv_row row{out};
    row.text(names[e.touchpoint]).number(e.removal_effect).number(e.credit);
    if (with_fix) row.number(e.fix_defined ? e.fix_uplift : none).number(e.fix_defined ? e.fix_customers : none);
  }
  return out;
}

// markov.csv, and markov_notes.csv (`touchpoint, note`: the degenerate cases, see markov_notes()); returns
// the notes, for print_markov_notes.
using markov_note_list = std::vector<std::pair<std::string, std::string>>;
markov_note_list write_markov(detail::staged_directory& out, const markov_result& r, const dictionary& names,
                              bool with_fix) {
  out.write("markov.csv", markov_csv(r, names, with_fix));
  markov_note_list notes = markov_notes(r, names, with_fix);
  std::string text = "touchpoint,note\n";
  for (const auto& [touchpoint, note] : notes) csv_row{text}.text(touchpoint).text(note);
  out.write("markov_notes.csv", text);
  return notes;
}
// Prints the notes too (the first 20; all are in markov_notes.csv).
void print_markov_notes(const markov_note_list& notes) {
  for (std::size_t k = 0; k < notes.size() && k < 20; ++k)
    std::cout << fmt::format("note: {}: {}\n", notes[k].first, notes[k].second);
  if (notes.size() > 20) std::cout << fmt::format("note: ... {} more in markov_notes.csv\n", notes.size() - 20);
}

int run_paths(const journeys_args& a) {
  const channel_paths paths = read_paths_csv(a.paths);
  const markov_result r = solve_markov(paths.counts);
  detail::staged_directory out(a.out, "journeys");
  const auto notes = write_markov(out, r, paths.channels, false);
  out.commit();
  std::cout << fmt::format("{}, {}, {}, {}: P(conversion) = {:.6f}; wrote {}\n", detail::count_text(paths.rows, "path"),
                           detail::count_text(paths.channels.size(), "channel"),
                           detail::count_text(r.journeys, "journey"), detail::count_text(r.successes, "conversion"),
                           r.success_probability, a.out);
  print_markov_notes(notes);
  return 0;
}

}  // namespace

int run_journeys(const journeys_args& a) {
  if (!a.paths.empty()) return run_paths(a);
  if (a.events.empty()) detail::fail({"--events", 0, "", ""}, "give --events (an event log) or --paths");
  std::optional<journey_map> map;
  if (!a.map.empty()) map = read_map_json(a.map);
  const std::optional<bucket_plan> plan = plan_buckets(a.events, a.buckets);
  progress_line progress(a.progress, a.events);
  const csv_read_options options{.lenient = a.lenient,
                                 .columns = parse_column_renames(a.columns),
                                 .separator = parse_separator(a.separator),
                                 .progress = progress.reader()};
  // In buckets, a bucket of customers at a time is summarised and the summaries merged (journeys_in_buckets.hpp).
  std::optional<event_log_in_buckets> bucketed;
  std::optional<event_log_read_result> whole;
  if (plan) {
    bucketed.emplace(a.events, map ? &*map : nullptr, options, *plan);
  } else {
    whole = read_event_log_csv(a.events, map ? &*map : nullptr, options);
    progress.finish();
  }
  const event_log_read_result& read = plan ? bucketed->read() : *whole;
  const event_log& log = read.log;
  if ((plan ? bucketed->rows() : log.size()) == 0) detail::fail({a.events, 0, "", ""}, "no events");
  if (!(a.min_path_share >= 0 && a.min_path_share <= 1))
    detail::fail({"--min-path-share", 0, "", detail::number_text(a.min_path_share)}, "the share must lie in [0, 1]");
  std::vector<std::int8_t> outcome;
  if (!a.outcomes.empty()) {
    outcome = read_outcomes_csv(a.outcomes, log.customers, a.outcome);
    for (std::uint32_t c = 0; c < outcome.size(); ++c)
      if (outcome[c] == no_outcome)
        detail::fail({a.outcomes, 0, "customer", log.customers[c]}, "the customer has events but no outcome row");
  }
  std::vector<double> weights;
  if (map)
    for (std::size_t t = 0; t < map->size(); ++t) weights.push_back((*map)[static_cast<touchpoint_code>(t)].weight);
  const model prospect = model::prospect();
  const auto value = [&](double g) { return gap_value(g, prospect); };
  const journey_findings found =
      find_journeys(plan ? bucketed->summarise(value, weights, outcome, progress)
                         : summarise_journeys(log, order_journeys(log), value, weights, outcome),
                    a.min_edge_count, a.min_variant_count, a.min_path_share);
  const directly_follows& dfg = found.dfg;
  const std::optional<markov_result>& markov = found.markov;

  std::string variants_text = "variant,customers,mean_score\n";
  for (const auto& v : found.variants)
    csv_row{variants_text}
        .text(joined(v.touchpoints, log.touchpoints, " > "))
        .count(v.customers)
        .number(v.score.mean());
  std::string loops_text = "loop,touchpoints,traffic\n";
  for (const auto& l : found.loops)
    csv_row{loops_text}
        .text(joined(l.touchpoints, log.touchpoints, " | "))
        .count(l.touchpoints.size())
        .count(l.traffic);
  std::string key_paths = "kind,path,probability,customers,mean_score\n";
  const double none = std::numeric_limits<double>::quiet_NaN();
  csv_row{key_paths}
      .text("unavoidable")
      .text(joined(found.unavoidable, log.touchpoints, " > "))
      .number(none)
      .number(none)
      .number(none);
  for (const auto& [kind, path] :
       {std::pair{"most_likely", &found.likely}, std::pair{"worst_experience", &found.worst}})
    csv_row{key_paths}
        .text(kind)
        .text(joined(path->touchpoints, log.touchpoints, " > "))
        .number(path->touchpoints.empty() ? none : path->probability)
        .count(path->customers)
        .number(path->mean_score);

  detail::staged_directory out(a.out, "journeys");
  out.write("edges.csv", edges_csv(dfg));
  out.write("variants.csv", variants_text);
  out.write("loops.csv", loops_text);
  out.write("key_paths.csv", key_paths);
  const markov_note_list notes = markov ? write_markov(out, *markov, log.touchpoints, true) : markov_note_list{};
  if (a.lenient) out.write("rejected.csv", rejected_csv(read.rejected));
  const auto folder_of = [](const std::filesystem::path& p) {  // "" (a bare file name's folder) is "."
    auto f = std::filesystem::absolute(p.empty() ? std::filesystem::path(".") : p).lexically_normal();
    return f.has_filename() ? f : f.parent_path();
  };
  if (!a.dot.empty() && folder_of(std::filesystem::path(a.dot).parent_path()) == folder_of(a.out)) {
    // Inside the output folder the DOT file is one of the run's files, replaced with the rest.
    out.write(std::filesystem::path(a.dot).filename().string(), to_dot(dfg, map ? map->name() : "journeys"));
    out.commit();
  } else if (!a.dot.empty()) {  // written beside, then renamed, so a failure leaves no half-written DOT file
    const std::filesystem::path tmp = a.dot + ".cxscore-tmp";
    std::ofstream dot(tmp, std::ios::binary);
    dot << to_dot(dfg, map ? map->name() : "journeys");
    dot.close();
    if (!dot) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw std::runtime_error("cannot write " + a.dot);
    }
    out.commit();
    std::filesystem::rename(tmp, a.dot);
  } else {
    out.commit();
  }
  std::cout << fmt::format("{}, {}, {}: {}, {}; wrote {}\n", detail::count_text(dfg.customers, "customer"),
                           detail::count_text(dfg.events, "event"),
                           detail::count_text(log.touchpoints.size(), "touchpoint"),
                           detail::count_text(boost::num_edges(dfg.graph), "edge"),
                           detail::count_text(found.variants.size(), "variant"), a.out);
  if (markov) {
    std::cout << fmt::format("P({}) = {:.6f} over {}\n", a.outcome, markov->success_probability,
                             detail::count_text(markov->journeys, "journey"));
    print_markov_notes(notes);
  }
  if (a.lenient)
    std::cout << fmt::format("skipped {}{}\n", detail::count_text(read.rejected.size(), "bad row"),
                             read.rejected.empty() ? "" : " (listed in " + a.out + "/rejected.csv)");
  return 0;
}

}  // namespace cxscore::cli
