// The `cxscore` command: demo, score, simulate, journeys, drivers, metrics, service, owners, monitor.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>

#include "command_inputs.hpp"
#include "cxscore/io/customers_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/io/results_csv.hpp"
#include "cxscore/report/report.hpp"
#include "cxscore/score.hpp"
#include "cxscore/sim/simulate.hpp"
#include "cxscore/time.hpp"
#include "drivers_command.hpp"
#include "journeys_command.hpp"
#include "metrics_command.hpp"
#include "monitor_command.hpp"
#include "owners_command.hpp"
#include "service_command.hpp"

namespace {

using namespace cxscore;

constexpr int exit_bad_input = 2;

/// `--as-of` in epoch seconds; NaN when not given.
double as_of_time(const std::string& as_of) {
  if (as_of.empty()) return std::numeric_limits<double>::quiet_NaN();
  const time_reading t = read_time(as_of);
  if (t.status != time_status::ok) detail::fail({"--as-of", 0, "", as_of}, time_refusal(t.status));
  return t.seconds;
}

score_result score_events(const event_table& events, const journey_map& map, const model& m,
                          const customer_table* customers, const std::string& source,
                          double as_of = std::numeric_limits<double>::quiet_NaN(), unsigned threads = 0,
                          const std::vector<std::size_t>* first_rows = nullptr) {
  if (events.size() == 0) detail::fail({source, 0, "", ""}, "no events to score");
  return score(events.view(), map, m,
               {.customers = customers,
                .customer_label = [&](std::uint32_t c) { return events.customers[c]; },
                .customer_row = [&](std::uint32_t c) -> std::size_t { return first_rows ? (*first_rows)[c] : 0; },
                .source = source,
                .as_of = as_of,
                .threads = threads});
}

struct score_args {
  std::string map, events, customers, model = "prospect", out, columns, as_of;
  bool lenient = false, report = false;
  unsigned threads = 0;
};

int run_score(const score_args& a) {
  const journey_map map = read_map_json(a.map);
  const model m = load_model(a.model);
  (void)m.touchpoint_weights(map, a.model);  // a weight for an unknown touchpoint fails before reading events
  const auto renames = parse_column_renames(a.columns);
  const double as_of = as_of_time(a.as_of);
  auto read = read_events_csv(a.events, map,
                              {.lenient = a.lenient, .columns = renames,
                               .latest_time = std::isnan(as_of) ? std::numeric_limits<double>::infinity() : as_of});
  std::optional<customers_read_result> customers;
  if (!a.customers.empty()) customers = read_customers_csv(a.customers, read.events.customers, a.lenient);
  std::vector<rejected_row> rejected = std::move(read.rejected);
  if (customers) rejected.insert(rejected.end(), customers->rejected.begin(), customers->rejected.end());

  const customer_table* ct = customers ? &customers->customers : nullptr;
  const score_result result = score_events(read.events, map, m, ct, a.events, as_of, a.threads, &read.first_rows);
  write_score_outputs(a.out, {.result = result,
                              .map = map,
                              .events = read.events,
                              .model = m,
                              .customers = ct,
                              .rejected = a.lenient ? &rejected : nullptr,
                              .customers_without_events = customers ? customers->without_events : 0});
  if (a.report) std::cout << render_report(result, map, {.title = "cxscore score"}) << '\n';
  std::cout << fmt::format("scored {} customers ({} encounters): brand index {:.2f}; wrote {}\n",
                           result.brand.customers, result.brand.events, result.brand_index(), a.out);
  std::cout << cli::skipped_rows_note(a.lenient ? &rejected : nullptr, a.out);
  return 0;
}

int run_demo(std::size_t customers, std::uint64_t seed) {
  const simulated_brand brand = simulate({.customers = customers, .seed = seed});
  const score_result result = score_events(brand.events, brand.map, brand.model, &brand.customers, "<demo>");
  std::cout << render_report(result, brand.map,
                             {.title = fmt::format("cxscore demo (simulated retail brand, seed {}, model {}, "
                                                   "SERVQUAL items weighted 1/6)",
                                                   seed, brand.model.preset)});
  std::cout << '\n'
            << cli::service_and_owner_sections(brand.events, brand.map, brand.model, &brand.customers, result);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cxscore: customer-experience scoring. Experience is the gap between what the brand led the "
               "customer to expect and what the customer got."};
  app.require_subcommand(1);

  std::size_t demo_customers = 2000;
  std::uint64_t demo_seed = 42;
  auto* demo = app.add_subcommand("demo", "Score a built-in simulated retail brand and print the report");
  demo->add_option("--customers", demo_customers, "Customers to simulate")->capture_default_str()->check(
      CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  demo->add_option("--seed", demo_seed, "Random seed")->capture_default_str();

  score_args sa;
  auto* sc = app.add_subcommand("score", "Score events against a journey map; write per-customer and group tables");
  sc->add_option("--map", sa.map, "Journey map JSON")->required();
  sc->add_option("--events", sa.events, "Events CSV (customer, touchpoint, time, experience[, expectation][, dimension])")
      ->required();
  sc->add_option("--customers", sa.customers, "Customers CSV (customer[, weight][, segment])");
  sc->add_option("--model", sa.model, "A preset (prospect, servqual) or a model JSON file")->capture_default_str();
  sc->add_option("--out", sa.out, "Output folder")->required();
  sc->add_option("--columns", sa.columns, "Column names in the file, e.g. customer=case_id,touchpoint=activity");
  sc->add_option("--as-of", sa.as_of, "Reference time for recency decay (default: each customer's latest event)");
  sc->add_flag("--lenient", sa.lenient, "Skip bad rows (written to OUT/rejected.csv) instead of stopping");
  sc->add_flag("--report", sa.report, "Also print the readable report");
  sc->add_option("--threads", sa.threads, "Threads to score with (0 = every core); results are identical for any count")
      ->capture_default_str();

  simulate_options so;
  std::string sim_out;
  auto* sim = app.add_subcommand("simulate", "Write a deterministic synthetic retail brand (map, events, customers, "
                                             "outcomes, truth)");
  sim->add_option("--customers", so.customers, "Customers")->required()->check(
      CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  sim->add_option("--seed", so.seed, "Random seed")->capture_default_str();
  sim->add_option("--out", sim_out, "Output folder")->required();

  cxscore::cli::journeys_args ja;
  auto* journeys = cxscore::cli::add_journeys_command(app, ja);
  cxscore::cli::drivers_args da;
  auto* drivers = cxscore::cli::add_drivers_command(app, da);
  cxscore::cli::metrics_args ma;
  auto* metrics = cxscore::cli::add_metrics_command(app, ma);
  cli::service_args service_args;
  auto* service = cli::add_service_command(app, service_args);
  cli::owners_args owners_args;
  auto* owners = cli::add_owners_command(app, owners_args);
  cli::monitor_args monitor_args;
  auto* monitor = cli::add_monitor_command(app, monitor_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help: the usage on standard output, exit code 0
  } catch (const CLI::ParseError& e) {
    // A bad command line is bad input like a bad file: exit code 2 (CLI11's own codes run past 100).
    std::cerr << "error: command line: " << e.what() << "\nRun with --help for more information.\n";
    return exit_bad_input;
  }
  try {
    if (*demo) return run_demo(demo_customers, demo_seed);
    if (*sc) return run_score(sa);
    if (*journeys) return cxscore::cli::run_journeys(ja);
    if (*drivers) return cxscore::cli::run_drivers(da);
    if (*metrics) return cxscore::cli::run_metrics(ma);
    if (*service) return cli::run_service(service_args);
    if (*owners) return cli::run_owners(owners_args);
    if (*monitor) return cli::run_monitor(monitor_args);
    if (*sim) {
      const auto brand = simulate(so);
      write_simulation(brand, sim_out);
      std::cout << fmt::format("wrote {} customers, {} events to {}\n", brand.events.customers.size(),
                               brand.events.size(), sim_out);
      return 0;
    }
  } catch (const input_error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
