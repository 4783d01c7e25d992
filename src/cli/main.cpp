// The `cxscore` command line: demo, score, simulate, journeys, drivers, metrics, service, owners, monitor,
// report.
// Each command runs in a file of its own (<name>_command.cpp: its arguments and run_<name>); this file
// declares every command's options, parses the command line and maps errors to exit codes. CLI11 is
// header-only and the heaviest part of compiling a command, so this is the one file that includes it.
#include <CLI/CLI.hpp>

#include <exception>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/version.hpp"
#include "demo_command.hpp"
#include "drivers_command.hpp"
#include "journeys_command.hpp"
#include "metrics_command.hpp"
#include "monitor_command.hpp"
#include "owners_command.hpp"
#include "progress_line.hpp"
#include "report_command.hpp"
#include "score_command.hpp"
#include "service_command.hpp"
#include "simulate_command.hpp"

namespace {

using namespace cxscore::cli;

constexpr int exit_bad_input = 2;

/// --progress / --no-progress: a progress line on standard error while the events file is read (and, with
/// buckets, scored); by default when standard error is a terminal.
void add_progress_flag(CLI::App& command, bool& progress) {
  progress = progress_by_default();
  command.add_flag("--progress,!--no-progress", progress,
                   "Show progress on standard error while the events are read: bytes, rows, time, rate (default: "
                   "when standard error is a terminal)");
}

/// --map, --events (required unless `required` is false), --customers, --model, --columns, --sep, --lenient.
void add_input_options(CLI::App& command, input_args& a, bool required = true) {
  command.add_option("--map", a.map, "Journey map JSON")->required(required);
  command
      .add_option("--events", a.events,
                  "Events CSV (customer, touchpoint, time, experience[, expectation][, dimension])")
      ->required(required);
  command.add_option("--customers", a.customers, "Customers CSV (customer[, weight][, segment])");
  command.add_option("--model", a.model, "A preset (prospect, servqual) or a model JSON file")->capture_default_str();
  command.add_option("--columns", a.columns, "Column names in the file, e.g. customer=case_id,touchpoint=activity");
  command.add_option("--sep", a.separator, "The events file's field separator: , ; | or tab (default: its header's)");
  command.add_flag("--lenient", a.lenient, "Skip bad rows (written to OUT/rejected.csv) instead of stopping");
  add_progress_flag(command, a.progress);
}

/// --buckets and --window-bytes of a command that analyses customers apart (`analysed`: what it does to a
/// bucket, "scored", "analysed").
void add_bucket_options(CLI::App& command, bucket_args& a, const std::string& analysed) {
  command
      .add_option("--buckets", a.buckets,
                  "Read an events file larger than memory a window at a time, parted into this many buckets of "
                  "customers on disk, each " +
                      analysed +
                      " in turn and the results merged (memory: the customers and touchpoints, one window, one "
                      "bucket; the same numbers). 0 = automatic: in memory for a file under 1/8 of the physical "
                      "memory, else buckets of about 4 million rows. A gzip-compressed file is decompressed whole, "
                      "so it is read in memory")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{512}));
  command.add_option("--window-bytes", a.window_bytes, "With buckets: bytes of the file read at a time (0 = 64 MiB)")
      ->capture_default_str();
}

CLI::App* add_demo_command(CLI::App& app, demo_args& a) {
  auto* command = app.add_subcommand("demo", "Score a built-in simulated retail brand and print the report");
  command->add_option("--customers", a.customers, "Customers to simulate")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  command->add_option("--seed", a.seed, "Random seed")->capture_default_str();
  command->add_option("--html", a.html, "Where to write the HTML report of the demo")->capture_default_str();
  return command;
}

CLI::App* add_score_command(CLI::App& app, score_args& a) {
  auto* command =
      app.add_subcommand("score", "Score events against a journey map; write per-customer and group tables");
  add_input_options(*command, a.inputs);
  command->add_option("--out", a.out, "Output folder")->required();
  command->add_option("--as-of", a.as_of, "Reference time for recency decay (default: each customer's latest event)");
  command->add_flag("--report", a.report, "Also print the readable report");
  command
      ->add_option("--threads", a.threads,
                   "Threads to score with (0 = every core); results are identical for any count")
      ->capture_default_str();
  add_bucket_options(*command, a.buckets, "scored");
  return command;
}

CLI::App* add_simulate_command(CLI::App& app, simulate_args& a) {
  auto* command = app.add_subcommand(
      "simulate", "Write a deterministic synthetic retail brand (map, events, customers, outcomes, truth)");
  command->add_option("--customers", a.options.customers, "Customers")
      ->required()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  command->add_option("--seed", a.options.seed, "Random seed")->capture_default_str();
  command->add_option("--out", a.out, "Output folder")->required();
  return command;
}

CLI::App* add_journeys_command(CLI::App& app, journeys_args& a) {
  auto* cmd = app.add_subcommand("journeys",
                                 "Discover journeys from events (directly-follows graph, variants, loops, "
                                 "key paths; with outcomes the Markov chain's removal effects and fix "
                                 "what-ifs), or removal effects from ChannelAttribution paths");
  auto* events =
      cmd->add_option("--events", a.events, "Events CSV (customer, touchpoint, time[, experience][, expectation])");
  auto* paths =
      cmd->add_option("--paths", a.paths, "ChannelAttribution paths CSV (path, total_conversions[, total_null])");
  events->excludes(paths);
  cmd->add_option("--map", a.map, "Journey map JSON: touchpoints' scales, promises and measures (for gaps)");
  cmd->add_option("--outcomes", a.outcomes, "Outcomes CSV (customer, <outcome column>): the Markov chain's outcome");
  cmd->add_option("--outcome", a.outcome, "The outcome column (1/0, yes/no, true/false)")->capture_default_str();
  cmd->add_option("--out", a.out, "Output folder")->required();
  cmd->add_option("--dot", a.dot, "Also write the journey graph as Graphviz DOT to this file");
  cmd->add_option("--columns", a.columns,
                  "Column names in the file, e.g. customer=case_id,touchpoint=activity,time=timestamp");
  cmd->add_option("--sep", a.separator, "The events file's field separator: , ; | or tab (default: its header's)");
  cmd->add_option("--min-edge-count", a.min_edge_count, "Keep edges seen at least this often")->capture_default_str();
  cmd->add_option("--min-variant-count", a.min_variant_count, "Keep variants taken by at least this many customers")
      ->capture_default_str();
  cmd->add_option("--min-path-share", a.min_path_share,
                  "The worst-experience path is the variant whose customers score lowest among those taken by at "
                  "least this share of the journeys")
      ->capture_default_str();
  cmd->add_flag("--lenient", a.lenient, "Skip bad event rows (written to OUT/rejected.csv) instead of stopping");
  add_bucket_options(*cmd, a.buckets, "summarised");
  add_progress_flag(*cmd, a.progress);
  return cmd;
}

CLI::App* add_drivers_command(CLI::App& app, drivers_args& a) {
  auto* c = app.add_subcommand("drivers",
                               "Key drivers of an outcome: LMG (exact Shapley R² shares), Johnson's "
                               "relative weights and standardised betas; logistic relative weights for "
                               "a 0/1 outcome");
  c->add_option("--table", a.table, "Driver table CSV: one row per customer, a column per driver, the outcome");
  add_input_options(*c, a.inputs, false);
  c->add_option("--outcomes", a.outcomes, "With --events: outcomes CSV (customer, <outcome column>, ...)");
  c->add_option("--value", a.value, "With --events: a cell is the customer's mean prospect value or mean gap there")
      ->capture_default_str()
      ->check(CLI::IsMember({"value", "gap"}));
  c->add_option("--unvisited", a.unvisited,
                "With --events: an unvisited touchpoint counts 0, the touchpoint "
                "mean, or drops the customer")
      ->capture_default_str()
      ->check(CLI::IsMember({"zero", "mean", "drop"}));
  c->add_option("--outcome", a.outcome, "Outcome column (numbers, or yes/no for a binary outcome)")->required();
  c->add_option("--method", a.method, "auto (logistic for a 0/1 outcome, else linear), linear or logistic")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "linear", "logistic"}));
  c->add_option("--drivers", a.drivers, "Driver columns, comma-separated (default: all but the outcome and id)");
  c->add_option("--id", a.id, "Id column (default: the first column if called customer, id or rownames)");
  c->add_option("--bootstrap", a.bootstrap, "Bootstrap replicates for percentile intervals (0 = none)")
      ->capture_default_str();
  c->add_option("--seed", a.seed, "Bootstrap seed")->capture_default_str();
  c->add_option("--confidence", a.confidence, "Interval level")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 0.999999));
  c->add_option("--threads", a.threads, "Threads (0 = all cores); results do not depend on it")->capture_default_str();
  c->add_option("--out", a.out, "Output folder (drivers.csv, fix_first.csv, summary.json)")->required();
  return c;
}

CLI::App* add_metrics_command(CLI::App& app, metrics_args& a) {
  auto* c = app.add_subcommand("metrics",
                               "NPS (0-10), CSAT (top-2-box of 1-5) and CES (1-7: mean and low-effort "
                               "share) with confidence intervals, overall and by group");
  c->add_option("--table", a.table, "CSV with one row per response")->required();
  c->add_option("--nps", a.nps, "Column of 0-10 likelihood-to-recommend ratings");
  c->add_option("--csat", a.csat, "Column of 1-5 satisfaction ratings");
  c->add_option("--ces", a.ces, "Column of 1-7 effort ratings (7 = easiest)");
  c->add_option("--by", a.by, "Group column (segment, touchpoint, month, ...)");
  c->add_option("--confidence", a.confidence, "Interval level")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 0.999999));
  c->add_option("--out", a.out, "Output folder (metrics.csv)")->required();
  return c;
}

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
  add_bucket_options(*command, a.buckets, "counted");
  return command;
}

/// --fdr and --min-effect: when a change between time windows is flagged (monitor_options).
void add_change_flag_options(CLI::App& command, double& fdr, double& min_effect) {
  command
      .add_option("--fdr", fdr,
                  "Flag changes so that at most this share of the flags are expected to be noise "
                  "(Benjamini-Hochberg over every window and group)")
      ->capture_default_str();
  command.add_option("--min-effect", min_effect, "Flag only changes of at least this many index points")
      ->capture_default_str();
}

CLI::App* add_owners_command(CLI::App& app, owners_args& a) {
  auto* command = app.add_subcommand(
      "owners", "Owner scorecards: each department's scores, share of the loss, service contacts caused, trend");
  add_input_options(*command, a.inputs);
  command->add_option("--out", a.out, "Output folder (owners.csv, owner_trend.csv, owners_report.txt)")->required();
  command->add_option("--period", a.period, "Trend windows: day, week or month (UTC)")->capture_default_str();
  command->add_option("--window-days", a.window_days, "Service contacts count within this many days of a visit")
      ->capture_default_str();
  add_change_flag_options(*command, a.fdr, a.min_effect);
  add_bucket_options(*command, a.buckets, "scored, counted and summed by window");
  return command;
}

CLI::App* add_monitor_command(CLI::App& app, monitor_args& a) {
  auto* command =
      app.add_subcommand("monitor",
                         "Scores by time window (brand and touchpoints), the change from the previous window, flagged "
                         "when beyond noise and at least --min-effect index points");
  add_input_options(*command, a.inputs);
  command->add_option("--out", a.out, "Output folder (brand_trend.csv, touchpoint_trend.csv, monitor_report.txt)")
      ->required();
  command->add_option("--period,--window", a.period, "Windows: day, week (ISO, from Monday) or month, in UTC")
      ->capture_default_str();
  add_change_flag_options(*command, a.fdr, a.min_effect);
  add_bucket_options(*command, a.buckets, "summed by window");
  return command;
}

CLI::App* add_report_command(CLI::App& app, report_args& a) {
  auto* command = app.add_subcommand(
      "report",
      "One self-contained HTML page (inline SVG, no script, opens offline): headline, what to fix first, the "
      "journey map, owners, trend, service demand; with outcomes the fix what-if and key drivers");
  add_input_options(*command, a.inputs);
  command->add_option("--outcomes", a.outcomes, "Outcomes CSV (customer, <outcome column>): adds what-if and drivers");
  command->add_option("--outcome", a.outcome, "The outcome column")->capture_default_str();
  command->add_option("--out", a.out, "The HTML file to write")->required();
  command->add_option("--title", a.title, "The page's title")->capture_default_str();
  command->add_option("--period", a.period, "Trend windows: day, week or month (UTC)")->capture_default_str();
  command
      ->add_option("--min-edge-count", a.min_edge_count,
                   "Journey map: keep edges seen at least this often (0 = automatic: at most about 3 per touchpoint)")
      ->capture_default_str();
  command->add_option("--window-days", a.window_days, "Service contacts count within this many days of a visit")
      ->capture_default_str();
  add_change_flag_options(*command, a.fdr, a.min_effect);
  command->add_option("--bootstrap", a.bootstrap, "Bootstrap replicates for the key drivers' intervals")
      ->capture_default_str();
  command->add_option("--seed", a.seed, "Bootstrap seed")->capture_default_str();
  command->add_option("--threads", a.threads, "Threads (0 = every core); results do not depend on it")
      ->capture_default_str();
  return command;
}

/// A subcommand, and what runs it with the arguments the command line gave it.
struct command {
  CLI::App* subcommand;
  std::function<int()> run;
};

template <class Args>
command add(CLI::App& app, CLI::App* (*add_command)(CLI::App&, Args&), int (*run_command)(const Args&)) {
  auto args = std::make_shared<Args>();
  return {add_command(app, *args), [args, run_command] { return run_command(*args); }};
}

int run(int argc, char** argv) {
  CLI::App app{
      "cxscore: customer-experience scoring. Experience is the gap between what the brand led the "
      "customer to expect and what the customer got."};
  app.set_version_flag("--version", std::string("cxscore ") + cxscore::version);
  app.require_subcommand(1);
  const std::vector<command> commands = {
      add(app, add_demo_command, run_demo),         add(app, add_score_command, run_score),
      add(app, add_simulate_command, run_simulate), add(app, add_journeys_command, run_journeys),
      add(app, add_drivers_command, run_drivers),   add(app, add_metrics_command, run_metrics),
      add(app, add_service_command, run_service),   add(app, add_owners_command, run_owners),
      add(app, add_monitor_command, run_monitor),   add(app, add_report_command, run_report)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version: on standard output, exit code 0
  } catch (const CLI::ParseError& e) {
    // A bad command line is bad input like a bad file: exit code 2 (CLI11's own codes run past 100).
    std::cerr << "error: command line: " << e.what() << "\nRun with --help for more information.\n";
    return exit_bad_input;
  }
  for (const command& c : commands)
    if (*c.subcommand) return c.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const cxscore::input_error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (...) {
    std::cerr << "error: an exception that is not a std::exception\n";
    return 1;
  }
}
